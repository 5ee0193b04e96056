"""The timeline figure (pure Plotly): lanes of packed, labelled marks over the period shown.

Events are laid out by :mod:`dashboard.layout` so no two marks or labels of a lane overlap;
day-precision events are solid marks, every other precision a lighter bar over exactly its
normalised ``start``..``end`` days. Traces are one per colour group and mark kind, never one per
event; above ``WEBGL_THRESHOLD`` marks the figure switches to WebGL, above
``AGGREGATE_THRESHOLD`` to counts per lane and year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from .counted import cluster_traces, count_trace
from .figures import (
    GREY,
    Labels,
    color_groups,
    color_map,
    escape,
    group_names,
    group_order,
    note_under_plot,
    title_layout,
)
from .hover import HOVER_COLUMN, hover_text
from .lanes import drawn_lanes, salience
from .lanes import lane_order as lane_order  # the benchmarks lay lanes out as the app does
from .lanes import lane_rows as lane_rows
from .layout import Layout, layout
from .marks import MS_PER_DAY, ROW_PX, date_ms, lane_bands, mark_traces, outline
from .packing import Scale
from .precision import DRAWING
from .textfit import FONT_FAMILY, shorten, text_width

WEBGL_THRESHOLD = 3000
"""Above this many marks, points and spans are drawn with WebGL (Scattergl)."""

AGGREGATE_THRESHOLD = 20_000
"""Above this many marks, the timeline shows counts per lane and year instead of single events."""

SPLIT_LEGEND = "Several perspectives: one band each, in the legend's order from the top"
"""The legend's item for marks of events citing several perspectives."""

MAX_LANES = 40
"""Most lanes a timeline draws by default; the busiest are kept."""


APP_WIDTH = 980
"""Width the app lays the timeline out for until the browser has said how wide its column is."""

MAX_PLOT_PX = 7200
"""Tallest plot (lanes and rows) the timeline draws, in CSS pixels: with its axis, tool bar and overview
strip the figure stays under 8,000 pixels at the default scale. Busier lanes count what does not fit
on their last row."""

MAX_ROWS = MAX_PLOT_PX // ROW_PX
"""Most rows a timeline takes over all lanes (lane names included)."""

APP_MARKS = 2500
"""Most marks the app's timeline draws one by one: as SVG, each drawn mark hovers as itself and a new
page opens quickly; the rest are counted per period on their lanes' last rows."""

LANE_LABEL_PX = 420.0
"""Widest lane name; longer names are shortened."""

TOOLBAR_PX = 28
"""Room above the date axis for Plotly's tool bar, so it never covers the dates."""

AXIS_PX = 34
"""Room for the date axis above the lanes."""

RIGHT_PX = 36
"""Room right of the lanes (for the last tick label and arrows of marks that run on)."""

LEFT_PX = 36
"""Room left of the lanes (lane names sit on the lanes' first rows, not in the margin)."""

MARGIN_RATIO = 0.01
"""Margin on each side of the period on the date axis, as a share of the period."""


@dataclass(frozen=True)
class TimelineMeta:
    """What a timeline figure says about itself (also in ``fig.layout.meta``).

    ``marks`` counts the events drawn in a lane (one per event and lane), ``titled`` those drawn
    with a title, ``counted`` those only counted on their lane's last row; ``width`` is the width in
    pixels the marks and titles were laid out for (a page drawing the figure at another width lays it
    out again).
    """

    hidden_lanes: int
    aggregated: bool
    marks: int
    labelled: bool
    rows: int
    titled: int = 0
    counted: int = 0
    width: int = 0


def timeline_period(frame: pd.DataFrame, start: date | None, end: date | None) -> tuple[date, date]:
    """The period the axis shows: the filter's, else the events' own first and last day."""
    if start is None:
        start = frame["start"].min().date() if len(frame) else date(2000, 1, 1)
    if end is None:
        end = frame["end"].max().date() if len(frame) else start
    return start, max(start, end)


def _lane_names(order: list[str]) -> dict[str, str]:
    """Each lane's name as shown: escaped, shortened to ``LANE_LABEL_PX``."""
    return {lane: escape(shorten(lane, LANE_LABEL_PX, 12)) for lane in order}


def timeline_figure(
    frame: pd.DataFrame,
    labels: Labels,
    *,
    lanes: str = "actor",
    color: str = "category",
    title: str | None = None,
    subtitle: str | None = None,
    max_lanes: int | None = None,
    period: tuple[date | None, date | None] = (None, None),
    width: float = APP_WIDTH,
    label_marks: str = "auto",
    selected: str | None = None,
    overview: tuple[date, date] | None = None,
    legend: bool = True,
    toolbar: bool = False,
    max_marks: int | None = None,
    chosen_lanes: Sequence[str] = (),
) -> go.Figure:
    """The timeline of ``frame``'s events: lanes by actor or category, coloured by category or perspective.

    Events are packed onto sub-rows of their lanes (see :mod:`dashboard.layout`) so that no two
    marks or labels overlap when the plot area is ``width`` pixels wide; the date axis shows
    ``period`` (else the events' extent). ``label_marks``: ``auto`` (labels where the view is not
    too dense), ``all`` or ``none``. ``selected`` outlines that event's marks; ``overview`` adds a
    range slider over that period; ``toolbar`` keeps room above the dates for Plotly's tool bar. With
    ``max_lanes``, only the busiest lanes are drawn; with ``max_marks``, at most that many marks, the
    rest counted per period on their lanes' last rows. The lanes of ``chosen_lanes`` (actor or category ids)
    come first. ``fig.layout.meta`` holds :class:`TimelineMeta`'s fields.
    """
    marks = len(frame) if lanes != "actor" else int(frame["actors"].map(len).sum())
    aggregated = marks > AGGREGATE_THRESHOLD
    frame = frame.assign(_colors=color_groups(frame, color, labels), salience=salience(frame))
    if not aggregated and HOVER_COLUMN not in frame:
        frame = frame.assign(**{HOVER_COLUMN: hover_text(frame)})
    rows, order, all_lanes = drawn_lanes(frame, lanes, labels, max_lanes, chosen_lanes)
    first, last = timeline_period(frame, *period)
    days = (last - first).days + 1
    margin_days = max(1.0, days * MARGIN_RATIO)
    names = _lane_names(order)
    left = int(max((text_width(names[lane], 12) for lane in order), default=0.0)) + 16 if aggregated else LEFT_PX
    scale = Scale(first, last, max(120.0, width - left - RIGHT_PX) * days / (days + 2 * margin_days))
    if aggregated:
        body = _counted_body(rows, order, names)
    else:
        placed = _placed(rows, order, scale, label_marks, max_marks)
        body = _drawn_body(rows, placed, names, (color, labels), selected)
    meta = TimelineMeta(
        all_lanes - len(order), aggregated, len(rows), body.labelled, body.rows, body.titled, body.counted, round(width)
    )
    plot_height = max(3, body.rows) * ROW_PX + 8
    fig_layout = _style(meta, color, legend, left, plot_height)
    fig_layout |= {key: value for key, value in (("annotations", body.annotations), ("shapes", body.shapes)) if value}
    fig_layout.update(title_layout(title, subtitle))
    axes, grow = _axes((first, last), margin_days, body.rows, body.ticks, overview, plot_height)
    fig_layout.update(axes)
    fig_layout["height"] += grow + (TOOLBAR_PX if toolbar else 0)
    fig_layout["margin"]["t"] += TOOLBAR_PX if toolbar else 0
    return go.Figure(data=body.traces, layout=fig_layout)


@dataclass(frozen=True)
class _Body:
    """What a timeline draws in its plot: traces, annotations and shapes, its rows and their tick labels, and
    how many marks carry a title or are only counted."""

    traces: list
    annotations: list
    shapes: list
    rows: int
    ticks: tuple[list, list]
    labelled: bool = False
    titled: int = 0
    counted: int = 0


def _counted_body(rows: pd.DataFrame, order: list[str], names: dict[str, str]) -> _Body:
    """Events per lane and year, for a view too busy to draw event by event."""
    ticks = (list(range(len(order))), [names[lane] for lane in order])
    return _Body([count_trace(rows, order, names)], [_counted_note(len(rows))], [], len(order), ticks)


def _drawn_body(
    rows: pd.DataFrame, placed: Layout, names: dict[str, str], colors: tuple[str, Labels], selected: str | None
) -> _Body:
    """The laid-out marks, their titles and counts, lane names and bands, and the outline of the open event."""
    color, labels = colors
    drawn = int(placed.marks["shown"].sum())
    traces = mark_traces(rows, placed, color, labels, webgl=drawn > WEBGL_THRESHOLD)
    traces.extend(cluster_traces(rows, placed))
    annotations, shapes = lane_bands(placed, names)
    if selected:
        shapes += outline(rows, placed, selected)
    return _Body(
        traces,
        annotations,
        shapes,
        max(1, placed.rows),
        ([], []),
        labelled=placed.labelled and bool(len(rows)),
        titled=int((placed.marks["label"] != "").sum()),
        counted=int(sum(placed.hidden.values())),
    )


def _counted_note(marks: int) -> dict[str, object]:
    """Under a counted timeline, on the chart itself: why it shows counts and how to see events."""
    text = f"{marks:,} marks are too many to draw: events per lane and year. Narrow the filters to see each."
    return note_under_plot(text, yshift=-6, font={"size": 11, "color": "#444"})


def _placed(rows: pd.DataFrame, order: list[str], scale: Scale, label_marks: str, max_marks: int | None) -> Layout:
    """The layout: every mark titled (``all``), the most salient that fit (``auto``) or none (``none``)."""
    labels: bool | str = {"all": True, "auto": "salient"}.get(label_marks, False)
    return layout(rows, order, scale, labels=labels, max_rows=MAX_ROWS, max_marks=max_marks)


def _style(meta: TimelineMeta, color: str, legend: bool, left: int, plot_height: int) -> dict:
    """Layout of a timeline: size, margins, font, legend and interaction."""
    return {
        "barmode": "overlay",
        "height": int(AXIS_PX + plot_height + 30),
        "meta": dict(meta.__dict__),
        "margin": {"l": left, "r": RIGHT_PX, "t": AXIS_PX, "b": 30},
        "font": {"family": FONT_FAMILY},
        "showlegend": legend,
        "legend": {
            "title": {"text": "Category:" if color == "category" else "Perspective:"},
            "orientation": "h",
            "groupclick": "toggleitem",
        },
        "hoverlabel": {"align": "left"},
        "hovermode": "closest",
        "clickmode": "event+select",
        "dragmode": "pan",  # a click opens an event; the tool bar's box tool draws a period to show
        "selectdirection": "h",
        "plot_bgcolor": "white",
    }


def _axes(
    period: tuple[date, date],
    margin_days: float,
    n_rows: int,
    ticks: tuple[list, list],
    overview: tuple[date, date] | None,
    plot_height: int,
) -> tuple[dict, int]:
    """Layout of the axes: the date axis over ``period`` (plus margins), an optional overview strip, and the rows.

    Also returns how many pixels taller the figure grows for the overview strip.
    """
    first, last = period
    x_range = [date_ms(first) - margin_days * MS_PER_DAY, date_ms(last) + (1 + margin_days) * MS_PER_DAY]
    xaxis = {
        "type": "date",
        "range": x_range,
        "autorange": False,
        "minallowed": x_range[0],  # no zoom or pan leaves the period the view was laid out for
        "maxallowed": x_range[1],
        "showgrid": True,
        "gridcolor": "#e4e4e4",
        "side": "top",
        "ticks": "outside",
        "showline": True,
        "linecolor": "#888",
    }
    grow = 0
    if overview is not None:
        thickness = min(0.3, 44 / plot_height)
        lo, hi = overview
        xaxis["rangeslider"] = {
            "visible": True,
            "range": [date_ms(lo), date_ms(hi) + MS_PER_DAY],
            "thickness": thickness,
            "bgcolor": "#f4f4f4",
        }
        grow = int(plot_height * thickness) + 20
    yaxis = {
        "range": [n_rows - 0.5, -0.5],
        "tickmode": "array",
        "tickvals": ticks[0],
        "ticktext": ticks[1],
        "showticklabels": bool(ticks[1]),
        "showgrid": False,
        "zeroline": False,
        "fixedrange": True,
        "ticks": "",
    }
    return {"xaxis": xaxis, "yaxis": yaxis}, grow


def record_period(record: object) -> tuple[date, date]:
    """First and last day of a loaded record's period (``loaders.Record``)."""
    first, last = record.period
    return first.start, last.end


def shown_period(record: object, start: date | None, end: date | None) -> tuple[date, date]:
    """The period a timeline shows: the filtered one, each end falling back to the record's."""
    whole = record_period(record)
    return start or whole[0], end or whole[1]


def timeline_note(meta: TimelineMeta) -> str:
    """What the timeline shows and how to read it, in one or two sentences."""
    if meta.aggregated:
        note = (
            f"{meta.marks:,} marks are too many to draw one by one: each cell counts the events "
            "starting in that lane and year. Narrow the filters to see single events."
        )
    else:
        note = (
            f"{DRAWING} Click a mark or its title to open the event. To zoom in, "
            "choose the box tool at the chart's top right and draw over a period: the view is laid out again for it "
            "and the link follows. The strip below shows where the view sits in the record."
        )
        if meta.marks and meta.titled < meta.marks - meta.counted:
            note += (
                f" {meta.titled:,} of {meta.marks - meta.counted:,} marks carry their titles, the most salient where "
                "not all fit (the curator's weight, then contested events, then the most cited): hover a mark for "
                "its title, or zoom in."
            )
        if meta.counted:
            note += (
                f" {meta.counted:,} events of the busiest lanes are counted per period on their lane's last row: "
                "click a count to see them."
            )
    if meta.hidden_lanes:
        note += f" {meta.hidden_lanes} quieter lanes are not drawn: choose actors in the filters to see them."
    return note


def legend_items(frame: pd.DataFrame, labels: Labels, color: str) -> list[tuple[str, str]]:
    """``(label, colour)`` of each colour group present in ``frame``, in vocabulary order; where a mark shows
    several groups, a last item says so, its swatch banded as such marks are (its colour a CSS gradient)."""
    colors = color_map(color, labels)
    names = group_names(color, labels)
    groups = color_groups(frame, color, labels)
    present = group_order(color, labels, {g for gs in groups for g in gs})
    items = [(names.get(g, g), colors.get(g, GREY)) for g in present]
    if any(len(gs) > 1 for gs in groups):
        shown = [colors.get(g, GREY) for g in present]
        bands = ", ".join(
            f"{c} {100 * i / len(shown):.0f}% {100 * (i + 1) / len(shown):.0f}%" for i, c in enumerate(shown)
        )
        items.append((SPLIT_LEGEND, f"linear-gradient({bands})"))
    return items


def timeline_meta(fig: go.Figure) -> TimelineMeta:
    """The :class:`TimelineMeta` a timeline figure carries."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    return TimelineMeta(**{k: meta.get(k, 0) for k in TimelineMeta.__dataclass_fields__})
