"""What the reader does on the timeline, read back (pure): a box drawn or a count clicked as the period to show
next, a clicked mark as its event, and the width the browser reports for the chart's column.

Everything here comes from the browser, so every value is checked before it is used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from .counted import CLUSTER
from .timeline import APP_WIDTH

PHONE_WIDTH = 360
"""Width the app lays the timeline out for on a phone."""

TOOLBAR_WIDTH = 600
"""Narrowest chart that shows Plotly's tool bar (on a phone a double tap resets the view)."""


def app_width(user_agent: str | None) -> int:
    """The width to lay the app's timeline out for: a phone's when the browser says it is one.

    Browsers on phones put "Mobi" in their user agent; a wrong guess only changes how many titles fit.
    """
    return PHONE_WIDTH if user_agent and "Mobi" in user_agent else APP_WIDTH


MIN_WIDTH, MAX_WIDTH = 240, 3840
"""Narrowest and widest column width (CSS pixels) the app takes from the browser; anything else is ignored."""


def drawn_width(value: object) -> int | None:
    """A width the browser reported for the chart's column, or None when it is not a sane number of pixels."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return None
    return int(value) if MIN_WIDTH <= value <= MAX_WIDTH else None


@dataclass(frozen=True)
class Zoom:
    """A period to show, chosen on the chart (a box drawn over it, or a count clicked), and the lane it was in."""

    start: date
    end: date
    lane: str | None = None


def _day(value: object) -> date | None:
    """A day from a selection's x value (a date string or epoch milliseconds), or None."""
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            stamp = pd.Timestamp(float(value), unit="ms")
        elif isinstance(value, str) and len(value) <= 40:
            stamp = pd.Timestamp(value)
        else:
            return None
    except (ValueError, OverflowError, TypeError):
        return None
    return None if pd.isna(stamp) else stamp.date()


def _within(lo: date, hi: date, period: tuple[date, date], lane: str | None = None) -> Zoom | None:
    """``lo``..``hi`` cut to ``period``, as a :class:`Zoom`; None when nothing of it is inside."""
    lo, hi = max(lo, period[0]), min(hi, period[1])
    return Zoom(lo, hi, lane) if lo <= hi else None


def box_zoom(boxes: Sequence[Mapping], period: tuple[date, date]) -> Zoom | None:
    """The period of the first box drawn on the chart, kept inside ``period`` (the record's); None if there is none."""
    for box in boxes:
        xs = box.get("x") if isinstance(box, Mapping) else None
        if not isinstance(xs, list | tuple) or len(xs) < 2:
            continue
        days = [d for d in (_day(x) for x in xs[:2]) if d is not None]
        if len(days) < 2:
            continue
        if zoom := _within(min(days), max(days), period):
            return zoom
    return None


def cluster_zoom(points: Sequence[Mapping], period: tuple[date, date]) -> Zoom | None:
    """The lane and period of a clicked count of events (see :func:`dashboard.marks.cluster_traces`), if one was."""
    for p in points:
        custom = p.get("customdata") if isinstance(p, Mapping) else None
        if not isinstance(custom, list | tuple) or len(custom) != 4 or custom[0] != CLUSTER:
            continue
        lo, hi = _day(custom[2]), _day(custom[3])
        if lo is None or hi is None or not isinstance(custom[1], str):
            continue
        if zoom := _within(lo, hi, period, custom[1]):
            return zoom
    return None


def event_at(fig: go.Figure, curve: int, index: int) -> str | None:
    """The event id behind a clicked mark (trace ``curve``, point ``index``)."""
    try:
        found = str(fig.data[curve].customdata[index][0])
    except (IndexError, TypeError):
        return None
    return None if found == CLUSTER else found


def selected_event(fig: go.Figure, points: Sequence[Mapping]) -> str | None:
    """The event id of the first selected point in a Streamlit selection event."""
    for p in points:
        custom = p.get("customdata")
        if isinstance(custom, str) and custom:
            return None if custom == CLUSTER else custom
        if custom:
            return None if custom[0] == CLUSTER else str(custom[0])
        curve, index = p.get("curve_number"), p.get("point_index")
        if curve is not None and index is not None:
            found = event_at(fig, int(curve), int(index))
            if found:
                return found
    return None
