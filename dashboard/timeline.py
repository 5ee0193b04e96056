"""The timeline figure (pure Plotly): lanes of packed, labelled marks over the period shown.

Events are laid out by :mod:`dashboard.layout` so no two marks or labels of a lane overlap;
day-precision events are solid marks, every other precision a lighter bar over exactly its
normalised ``start``..``end`` days. Traces are one per colour group and mark kind, never one per
event; above ``WEBGL_THRESHOLD`` marks the figure switches to WebGL, above
``AGGREGATE_THRESHOLD`` to counts per lane and year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .figures import (
    GREY,
    SEVERAL,
    SPAN_OPACITY,
    Labels,
    color_key,
    color_map,
    escape,
    group_names,
    set_title,
)
from .layout import FONT_FAMILY, LABEL_FONT, Layout, Scale, layout, shorten, text_width

WEBGL_THRESHOLD = 3000
"""Above this many marks, points and spans are drawn with WebGL (Scattergl)."""

AGGREGATE_THRESHOLD = 20_000
"""Above this many marks, the timeline shows counts per lane and year instead of single events."""

MAX_LANES = 40
"""Most lanes a timeline draws by default; the busiest are kept."""


def lane_rows(frame: pd.DataFrame, lanes: str, labels: Labels) -> pd.DataFrame:
    """One row per (event, lane): an event with several actors appears in each actor's lane."""
    if lanes == "actor":
        rows = frame.explode("actors").dropna(subset=["actors"])
        names = {a: labels.actors.get(a, a) for a in rows["actors"].unique()}
        return rows.assign(lane=rows["actors"].map(names))
    names = {c: labels.categories.get(c, c) for c in frame["category"].unique()}
    return frame.assign(lane=frame["category"].map(names))


def lane_order(rows: pd.DataFrame, max_lanes: int | None = None) -> list[str]:
    """Lanes ordered by their first event (then by name); lanes with no events do not appear.

    With ``max_lanes``, only the lanes with the most events are kept (ties go to the earlier lane).
    """
    grouped = rows.groupby("lane", sort=False)
    first = grouped["start"].min()
    lanes = sorted(first.index, key=lambda lane: (first[lane], lane))
    if max_lanes is not None and len(lanes) > max_lanes:
        sizes = grouped.size()
        keep = set(sorted(lanes, key=lambda lane: (-sizes[lane], first[lane], lane))[:max_lanes])
        lanes = [lane for lane in lanes if lane in keep]
    return lanes


def hover_text(frame: pd.DataFrame) -> pd.Series:
    """Each event's hover text: date label, title and actors, escaped."""
    if "actor_names" in frame:
        actors = frame["actor_names"].map(lambda names: escape(", ".join(names)))
    else:
        actors = pd.Series("", index=frame.index)
    return frame["date_label"].map(escape) + "<br><b>" + frame["title"].map(escape) + "</b><br>" + actors


def _hover(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per mark: ``customdata`` (one column, the event id) and the hover text."""
    return rows["id"].to_numpy(dtype=object).reshape(-1, 1), rows["_hover"].to_numpy(dtype=object)


HOVER = "%{hovertext}<extra></extra>"
_MS_PER_DAY = 86_400_000

ROW_PX = 26
"""Height of one sub-row of a lane, in pixels."""

APP_WIDTH = 1200
"""Width the app lays the timeline out for (a wide page beside the sidebar); exports use their own."""

PHONE_WIDTH = 360
"""Width the app lays the timeline out for on a phone."""


def app_width(user_agent: str | None) -> int:
    """The width to lay the app's timeline out for: a phone's when the browser says it is one.

    Browsers on phones put "Mobi" in their user agent; a wrong guess only changes how many titles fit.
    """
    return PHONE_WIDTH if user_agent and "Mobi" in user_agent else APP_WIDTH


LABEL_MARK_LIMIT = 400
"""Above this many marks, the timeline is drawn without labels."""

LABEL_ROW_LIMIT = 90
"""With labels, a view may take at most this many sub-rows; denser views are drawn without labels."""

LANE_LABEL_PX = 420.0
"""Widest lane name; longer names are shortened."""

AXIS_PX = 34
"""Room for the date axis above the lanes."""

RIGHT_PX = 36
"""Room right of the lanes (for the last tick label and arrows of marks that run on)."""

LEFT_PX = 36
"""Room left of the lanes (lane names sit on the lanes' first rows, not in the margin)."""

MARGIN_RATIO = 0.01
"""Margin on each side of the period on the date axis, as a share of the period."""

SELECTED_LINE = "#111111"


def _date_ms(d: date) -> float:
    return float((d - date(1970, 1, 1)).days) * _MS_PER_DAY


@dataclass(frozen=True)
class TimelineMeta:
    """What a timeline figure says about itself (also in ``fig.layout.meta``)."""

    hidden_lanes: int
    aggregated: bool
    marks: int
    labelled: bool
    rows: int


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
) -> go.Figure:
    """The timeline of ``frame``'s events: lanes by actor or category, coloured by category or perspective.

    Events are packed onto sub-rows of their lanes (see :mod:`dashboard.layout`) so that no two
    marks or labels overlap when the plot area is ``width`` pixels wide; the date axis shows
    ``period`` (else the events' extent). ``label_marks``: ``auto`` (labels where the view is not
    too dense), ``all`` or ``none``. ``selected`` outlines that event's marks; ``overview`` adds a
    range slider over that period. With ``max_lanes``, only the busiest lanes are drawn.
    ``fig.layout.meta`` holds :class:`TimelineMeta`'s fields.
    """
    marks = len(frame) if lanes != "actor" else int(frame["actors"].map(len).sum())
    aggregated = marks > AGGREGATE_THRESHOLD
    frame = frame.assign(_color=color_key(frame, color))
    if not aggregated:
        frame = frame.assign(_hover=hover_text(frame))
    rows = lane_rows(frame, lanes, labels).reset_index(drop=True)
    all_lanes = rows["lane"].nunique() if len(rows) else 0
    order = lane_order(rows, max_lanes) if len(rows) else []
    if len(order) < all_lanes:
        rows = rows[rows["lane"].isin(set(order))].reset_index(drop=True)
    first, last = timeline_period(frame, *period)
    days = (last - first).days + 1
    margin_days = max(1.0, days * MARGIN_RATIO)
    names = _lane_names(order)
    left = int(max((text_width(names[lane], 12) for lane in order), default=0.0)) + 16 if aggregated else LEFT_PX
    plot_width = max(120.0, width - left - RIGHT_PX)
    scale = Scale(first, last, plot_width * days / (days + 2 * margin_days))
    fig = go.Figure()
    if aggregated:
        fig.add_trace(_count_trace(rows, order, names))
        placed = None
        n_rows = len(order)
        tickvals, ticktext = list(range(len(order))), [names[lane] for lane in order]
    else:
        wanted = label_marks == "all" or (label_marks == "auto" and len(rows) <= LABEL_MARK_LIMIT)
        placed = layout(rows, order, scale, labels=wanted)
        if wanted and label_marks == "auto" and placed.rows > LABEL_ROW_LIMIT:
            placed = layout(rows, order, scale, labels=False)
        n_rows = max(1, placed.rows)
        tickvals, ticktext = [], []
        _add_marks(fig, rows, placed, color, labels, webgl=len(rows) > WEBGL_THRESHOLD)
        _lane_bands(fig, placed, names)
        if selected:
            _outline(fig, rows, placed, selected)
    meta = TimelineMeta(
        hidden_lanes=all_lanes - len(order),
        aggregated=aggregated,
        marks=len(rows),
        labelled=bool(placed and placed.labelled and len(rows)),
        rows=n_rows,
    )
    plot_height = max(3, n_rows) * ROW_PX + 8
    fig.update_layout(
        barmode="overlay",
        height=int(AXIS_PX + plot_height + 30),
        meta=meta.__dict__,
        margin={"l": left, "r": RIGHT_PX, "t": AXIS_PX, "b": 30},
        font={"family": FONT_FAMILY},
        showlegend=legend,
        legend={
            "title": {"text": "Category:" if color == "category" else "Perspective:"},
            "orientation": "h",
            "groupclick": "toggleitem",
        },
        hoverlabel={"align": "left"},
        hovermode="closest",
        clickmode="event+select",
        dragmode="pan",
        plot_bgcolor="white",
    )
    set_title(fig, title, subtitle)
    x_range = [_date_ms(first) - margin_days * _MS_PER_DAY, _date_ms(last) + (1 + margin_days) * _MS_PER_DAY]
    fig.update_xaxes(
        type="date",
        range=x_range,
        autorange=False,
        showgrid=True,
        gridcolor="#e4e4e4",
        title=None,
        side="top",
        ticks="outside",
        showline=True,
        linecolor="#888",
    )
    if overview is not None:
        lo, hi = overview
        fig.update_xaxes(
            rangeslider={
                "visible": True,
                "range": [_date_ms(lo), _date_ms(hi) + _MS_PER_DAY],
                "thickness": min(0.3, 44 / plot_height),
                "bgcolor": "#f4f4f4",
            }
        )
        fig.update_layout(height=fig.layout.height + int(plot_height * min(0.3, 44 / plot_height)) + 20)
    fig.update_yaxes(
        range=[n_rows - 0.5, -0.5],
        tickmode="array",
        tickvals=tickvals,
        ticktext=ticktext,
        showticklabels=aggregated,
        showgrid=False,
        zeroline=False,
        fixedrange=True,
        title=None,
        ticks="",
    )
    return fig


def record_period(record: object) -> tuple[date, date]:
    """First and last day of a loaded record's period (``loaders.Record``)."""
    first, last = record.period
    return first.start, last.end


def timeline_note(meta: TimelineMeta) -> str:
    """What the timeline shows and how to read it, in one or two sentences."""
    if meta.aggregated:
        note = (
            f"{meta.marks:,} marks are too many to draw one by one: each cell counts the events "
            "starting in that lane and year. Narrow the filters to see single events."
        )
    else:
        note = (
            "Solid marks are events dated to the day; lighter bars are imprecise dates drawn over the days they "
            "cover (very short ones widened to be seen). Drag to pan, scroll to zoom, double-click to reset; "
            "the strip below shows where the view sits in the record."
        )
        if meta.marks and not meta.labelled:
            note += " Titles are hidden because this view is too dense: narrow the period to see them, or hover a mark."
    if meta.hidden_lanes:
        note += f" {meta.hidden_lanes} quieter lanes are not drawn: choose actors in the filters to see them."
    return note


def legend_items(frame: pd.DataFrame, labels: Labels, color: str) -> list[tuple[str, str]]:
    """``(label, colour)`` of each colour group present in ``frame``, in vocabulary order."""
    present = set(color_key(frame, color))
    colors = color_map(color, labels)
    names = group_names(color, labels)
    return [(names.get(g, g), colors.get(g, GREY)) for g in [*labels.for_kind(color), SEVERAL] if g in present]


def timeline_meta(fig: go.Figure) -> TimelineMeta:
    """The :class:`TimelineMeta` a timeline figure carries."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    return TimelineMeta(**{k: meta.get(k, 0) for k in TimelineMeta.__dataclass_fields__})


def _mark_days(placed: Layout, rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Mark bounds as epoch milliseconds."""
    origin = _date_ms(placed.scale.start)
    m = placed.marks
    return np.round(origin + m["x0"].to_numpy() * _MS_PER_DAY), np.round(origin + m["x1"].to_numpy() * _MS_PER_DAY)


def _add_marks(fig: go.Figure, rows: pd.DataFrame, placed: Layout, color: str, labels: Labels, *, webgl: bool) -> None:
    """One trace per colour group and mark kind (day points solid, imprecise dates light), then labels."""
    colors = color_map(color, labels)
    names = group_names(color, labels)
    x0, x1 = _mark_days(placed, rows)
    m = placed.marks
    groups_present = rows["_color"].unique()
    groups = [g for g in [*labels.for_kind(color), SEVERAL] if g in set(groups_present)]
    groups += sorted(set(groups_present) - set(groups))
    day = (rows["precision"] == "day").to_numpy()
    inside = m["label_inside"].to_numpy() & placed.labelled
    text = np.where(inside, m["label"].map(escape).to_numpy(dtype=object), "")
    for group in groups:
        in_group = (rows["_color"] == group).to_numpy()
        legend_name = escape(names.get(group, group))
        colour = colors.get(group, GREY)
        shown = False
        for is_day in (False, True):
            sel = np.flatnonzero(in_group & (day == is_day))
            if not len(sel):
                continue
            fig.add_trace(
                _bar_trace(
                    rows.iloc[sel], x0[sel], x1[sel], m["y"].to_numpy()[sel], text[sel], colour, is_day, webgl
                ).update(name=legend_name, legendgroup=group, showlegend=not shown)
            )
            shown = True
    if placed.labelled:
        _add_labels(fig, rows, placed)
    _add_cut_marks(fig, rows, placed, x0, x1)


def _bar_trace(
    part: pd.DataFrame,
    x0: np.ndarray,
    x1: np.ndarray,
    y: np.ndarray,
    text: np.ndarray,
    colour: str,
    is_day: bool,
    webgl: bool,
) -> go.BaseTraceType:
    custom, hover = _hover(part)
    if webgl:
        n = len(part)
        xs = np.empty(3 * n, dtype="float64")
        ys = np.empty(3 * n, dtype="float64")
        xs[0::3], xs[1::3], xs[2::3] = x0, x1, np.nan
        ys[0::3], ys[1::3], ys[2::3] = y, y, np.nan
        return go.Scattergl(
            x=xs.astype("datetime64[ms]"),
            y=ys,
            mode="lines",
            line={"color": colour, "width": ROW_PX * 0.6},
            opacity=1.0 if is_day else SPAN_OPACITY,
            customdata=np.repeat(custom, 3, axis=0),
            hovertext=np.repeat(hover, 3),
            hovertemplate=HOVER,
        )
    return go.Bar(
        orientation="h",
        base=x0.astype("datetime64[ms]"),
        x=x1 - x0,
        y=y,
        width=0.8,
        marker={
            "color": colour,
            "opacity": 1.0 if is_day else SPAN_OPACITY,
            "line": {"width": 1 if is_day else 0, "color": "#222"},
        },
        text=text,
        textposition="inside",
        textangle=0,
        insidetextanchor="start",
        textfont={"size": LABEL_FONT, "color": "#111"},
        cliponaxis=True,
        customdata=custom,
        hovertext=hover,
        hovertemplate=HOVER,
    )


def _add_labels(fig: go.Figure, rows: pd.DataFrame, placed: Layout) -> None:
    """Titles beside their marks: invisible bars the size of each label, the text inside them.

    A label is hidden by the browser rather than drawn over its neighbours when the chart is
    narrower than it was laid out for; hovering or clicking a label opens its event too.
    """
    m = placed.marks
    beside = np.flatnonzero((~m["label_inside"].to_numpy()) & (m["label"].to_numpy(dtype=object) != ""))
    if not len(beside):
        return
    origin = _date_ms(placed.scale.start)
    lx0 = origin + m["label_x0"].to_numpy()[beside] * _MS_PER_DAY
    lx1 = origin + m["label_x1"].to_numpy()[beside] * _MS_PER_DAY
    left_of_mark = m["label_x1"].to_numpy()[beside] <= m["x0"].to_numpy()[beside]
    custom, hover = _hover(rows.iloc[beside])
    for anchor, pick in (("start", ~left_of_mark), ("end", left_of_mark)):
        if not pick.any():
            continue
        fig.add_trace(
            go.Bar(
                orientation="h",
                base=lx0[pick].astype("datetime64[ms]"),
                x=(lx1 - lx0)[pick],
                y=m["y"].to_numpy()[beside][pick],
                width=0.8,
                marker={"color": "rgba(0,0,0,0)", "line": {"width": 0}},
                text=m["label"].map(escape).to_numpy(dtype=object)[beside][pick],
                textposition="inside",
                textangle=0,
                insidetextanchor=anchor,
                textfont={"size": LABEL_FONT, "color": "#222"},
                customdata=custom[pick],
                hovertext=hover[pick],
                hovertemplate=HOVER,
                name="titles",
                showlegend=False,
            )
        )


def _add_cut_marks(fig: go.Figure, rows: pd.DataFrame, placed: Layout, x0: np.ndarray, x1: np.ndarray) -> None:
    """Small arrows where a mark runs on before or after the period shown."""
    m = placed.marks
    for column, xs, symbol in (("cut_before", x0, "triangle-left"), ("cut_after", x1, "triangle-right")):
        cut = np.flatnonzero(m[column].to_numpy())
        if not len(cut):
            continue
        fig.add_trace(
            go.Scatter(
                x=xs[cut].astype("datetime64[ms]"),
                y=m["y"].to_numpy()[cut],
                mode="markers",
                marker={"symbol": symbol, "size": 9, "color": "#444"},
                hoverinfo="skip",
                showlegend=False,
                name="continues",
                cliponaxis=False,
            )
        )


def _lane_bands(fig: go.Figure, placed: Layout, names: Mapping[str, str]) -> None:
    """Each lane's name on its first row, and alternate lanes on a light band, so sub-rows read as one lane."""
    fig.update_layout(
        annotations=[
            *fig.layout.annotations,
            *(
                {
                    "text": f"<b>{names[lane]}</b>",
                    "xref": "paper",
                    "yref": "y",
                    "x": 0,
                    "y": top,
                    "xanchor": "left",
                    "yanchor": "middle",
                    "xshift": 4,
                    "showarrow": False,
                    "font": {"size": 12, "color": "#33415c"},
                }
                for lane, top, _ in placed.lanes
            ),
        ]
    )
    shapes = [
        {
            "type": "rect",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": top - 0.5,
            "y1": top + height - 0.5,
            "fillcolor": "#f3f5f8",
            "line": {"width": 0},
            "layer": "below",
        }
        for i, (_, top, height) in enumerate(placed.lanes)
        if i % 2 == 1
    ]
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes])


def _outline(fig: go.Figure, rows: pd.DataFrame, placed: Layout, event_id: str) -> None:
    """An outline around every mark of ``event_id``, in each lane it appears in."""
    hit = np.flatnonzero(rows["id"].to_numpy(dtype=object) == event_id)
    if not len(hit):
        return
    x0, x1 = _mark_days(placed, rows)
    y = placed.marks["y"].to_numpy()
    pad = 0.4 * _MS_PER_DAY * 3 / max(placed.scale.px_per_day, 1e-9)
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": float(x0[i] - pad),
            "x1": float(x1[i] + pad),
            "y0": float(y[i] - 0.48),
            "y1": float(y[i] + 0.48),
            "line": {"color": SELECTED_LINE, "width": 2.5},
            "fillcolor": "rgba(255,214,0,0.35)",
            "layer": "below",
        }
        for i in hit
    ]
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes])


def _count_trace(rows: pd.DataFrame, order: list[str], names: Mapping[str, str]) -> go.Heatmap:
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


def event_at(fig: go.Figure, curve: int, index: int) -> str | None:
    """The event id behind a clicked mark (trace ``curve``, point ``index``)."""
    try:
        return str(fig.data[curve].customdata[index][0])
    except (IndexError, TypeError):
        return None


def selected_event(fig: go.Figure, points: Sequence[Mapping]) -> str | None:
    """The event id of the first selected point in a Streamlit selection event."""
    for p in points:
        custom = p.get("customdata")
        if isinstance(custom, str) and custom:
            return custom
        if custom:
            return str(custom[0])
        curve, index = p.get("curve_number"), p.get("point_index")
        if curve is not None and index is not None:
            found = event_at(fig, int(curve), int(index))
            if found:
                return found
    return None
