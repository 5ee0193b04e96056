"""Events not drawn one by one (pure Plotly): counts per period on a busy lane's last row, and, for a view too
busy to draw at all, counts per lane and year.

A count's ``customdata`` starts with :data:`CLUSTER`, so a click on it reads as a lane and period to show
(see :func:`dashboard.zoom.cluster_zoom`), never as an event.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .figures import escape
from .hover import HOVER, text_array
from .layout import Layout
from .marks import MS_PER_DAY, date_ms
from .textfit import text_width
from .titles import LABEL_FONT


def count_trace(rows: pd.DataFrame, order: list[str], names: Mapping[str, str]) -> go.Heatmap:
    """How many events start in each lane and year: one heatmap instead of very many marks."""
    years = rows["start"].dt.year.to_numpy()
    first, last = int(years.min()), int(years.max())
    lane_of = {lane: i for i, lane in enumerate(order)}
    lane_index = rows["lane"].map(lane_of).to_numpy()
    z = np.zeros((len(order), last - first + 1), dtype="int64")
    np.add.at(z, (lane_index, years - first), 1)
    x = np.array([f"{y}-07-01" for y in range(first, last + 1)], dtype="datetime64[D]")
    return go.Heatmap(
        x=x,
        y=np.arange(len(order)),
        z=np.where(z > 0, z, np.nan),
        customdata=np.array([[names[lane]] * z.shape[1] for lane in order], dtype=object),
        colorscale="Blues",
        colorbar={"title": {"text": "events"}},
        hovertemplate="%{customdata}<br>%{x|%Y}: %{z} events<extra></extra>",
        name="events per lane and year",
        showlegend=False,
    )


CLUSTER = "@cluster"
"""First ``customdata`` element of a count of events not drawn one by one (never an event id, which is a slug)."""

CLUSTER_COLOR = "#d5dae3"


def period_name(first: date, last: date) -> str:
    """A calendar period in few characters: ``2018``, ``Mar 2018``, ``2010s``, ``2015–19`` or ``4 Mar 2018``."""
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%b %Y}"
    if first.year == last.year:
        return str(first.year)
    if first.year % 10 == 0 and last.year == first.year + 9:
        return f"{first.year}s"
    if first.year // 100 == last.year // 100:
        return f"{first.year}–{last.year % 100:02d}"
    return f"{first.year}–{last.year}"


def _count_text(n: int, period: str, width_px: float) -> str:
    """What a count of events says on its bar: its period and count where they fit, else the count alone."""
    for text in (f"{period} · {n:,} events", f"{period} · {n:,}", f"{n:,}"):
        if text_width(text, LABEL_FONT) + 6 <= width_px:
            return text
    return ""


def cluster_traces(rows: pd.DataFrame, placed: Layout) -> list[dict[str, Any]]:
    """A lane's events not drawn one by one: one bar per period on the lane's last row, labelled with its count.

    Its ``customdata`` is ``[CLUSTER, lane key, first day, last day]``: clicking it shows that lane and period.
    """
    c = placed.clusters
    if not len(c):
        return []
    keys = dict(zip(rows["lane"], rows["lane_key"], strict=False)) if "lane_key" in rows else {}
    origin = date_ms(placed.scale.start)
    ppd = placed.scale.px_per_day
    pad = min(1.5 / ppd, 0.05 * (c["x1"] - c["x0"]).min())  # a hair between neighbouring periods
    x0 = origin + (c["x0"].to_numpy() + pad) * MS_PER_DAY
    x1 = origin + (c["x1"].to_numpy() - pad) * MS_PER_DAY
    first = [d.strftime("%Y-%m-%d") for d in c["first"]]
    last = [d.strftime("%Y-%m-%d") for d in c["last"]]
    custom = np.array(
        [[CLUSTER, str(keys.get(lane, lane)), f, t] for lane, f, t in zip(c["lane"], first, last, strict=True)],
        dtype=object,
    )
    counts = c["count"].to_numpy()
    span = [f if f == t else f"{f} to {t}" for f, t in zip(first, last, strict=True)]
    hover = [
        f"<b>{escape(lane)}</b><br>{n:,} more event{'s' if n != 1 else ''}, {s}<br>Click to show this lane and period"
        for lane, n, s in zip(c["lane"], counts, span, strict=True)
    ]
    widths_px = (c["x1"] - c["x0"]).to_numpy() * ppd
    text = [
        _count_text(n, period_name(f, t), w)
        for n, f, t, w in zip(counts, c["first"], c["last"], widths_px, strict=True)
    ]
    return [
        {
            "type": "bar",
            "orientation": "h",
            "base": x0.astype("datetime64[ms]"),
            "x": x1 - x0,
            "y": c["y"].to_numpy(),
            "width": 0.8,
            "marker": {"color": CLUSTER_COLOR, "line": {"width": 1, "color": "#8a94a6"}},
            "text": text_array(text),
            "textposition": "inside",
            "textangle": 0,
            "insidetextanchor": "middle",
            "textfont": {"size": LABEL_FONT, "color": "#222"},
            "customdata": text_array(custom),
            "hovertext": text_array(hover),
            "hovertemplate": HOVER,
            "name": "counted",
            "showlegend": False,
        }
    ]
