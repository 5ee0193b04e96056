"""Figures as functions: an events frame in, a Plotly figure out (pure, no Streamlit).

The timeline draws one lane per actor or per category. Day-precision events are markers;
every other precision is a span covering exactly its normalised ``start``..``end`` days,
drawn lighter than points. Traces are one per colour group and mark kind, never one per
event, and above ``WEBGL_THRESHOLD`` marks the figure switches to WebGL.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

WEBGL_THRESHOLD = 3000
"""Above this many marks, points and spans are drawn with WebGL (Scattergl)."""

AGGREGATE_THRESHOLD = 20_000
"""Above this many marks, the timeline shows counts per lane and year instead of single events."""

MAX_LANES = 40
"""Most lanes a timeline draws by default; the busiest are kept."""

SEVERAL = "__several__"
SEVERAL_LABEL = "Several perspectives"
SPAN_OPACITY = 0.45
DAY = pd.Timedelta(days=1)
_PALETTE = list(qualitative.Safe) + list(qualitative.Vivid) + list(qualitative.Pastel)
_GREY = "#7f7f7f"


@dataclass(frozen=True)
class Labels:
    """Display names for ids, and the vocabulary order used for colours and legends."""

    actors: Mapping[str, str] = field(default_factory=dict)
    categories: Mapping[str, str] = field(default_factory=dict)
    perspectives: Mapping[str, str] = field(default_factory=dict)

    def for_kind(self, kind: str) -> Mapping[str, str]:
        """The id -> label mapping of ``actor``, ``category`` or ``perspective``."""
        return {"actor": self.actors, "category": self.categories, "perspective": self.perspectives}[kind]


def escape(text: object) -> str:
    """Text for Plotly labels and hovers: shown literally, never as markup."""
    return html.escape(str(text), quote=False)


def color_map(kind: str, labels: Labels) -> dict[str, str]:
    """A stable colour per id of the colour vocabulary (plus grey for several perspectives)."""
    ids = list(labels.for_kind(kind))
    colors = {key: _PALETTE[i % len(_PALETTE)] for i, key in enumerate(ids)}
    colors[SEVERAL] = _GREY
    return colors


def _group_names(kind: str, labels: Labels) -> dict[str, str]:
    """Legend names of a colour vocabulary, with the name of the "several perspectives" group."""
    return {**labels.for_kind(kind), SEVERAL: SEVERAL_LABEL}


def _set_title(fig: go.Figure, title: str | None, subtitle: str | None) -> None:
    """A bold, escaped title with an optional smaller subtitle, at the top left."""
    if title:
        text = f"<b>{escape(title)}</b>"
        if subtitle:
            text += f"<br><sup>{escape(subtitle)}</sup>"
        fig.update_layout(title={"text": text, "x": 0.01, "xanchor": "left"})


def color_key(frame: pd.DataFrame, kind: str) -> pd.Series:
    """The colour group of each event: its category, or its one perspective (else "several")."""
    if kind == "category":
        return frame["category"].astype(str)
    return frame["perspectives"].map(lambda ps: ps[0] if len(ps) == 1 else SEVERAL)


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


def _epoch_ms(values: pd.Series) -> np.ndarray:
    """Dates as milliseconds since 1970 (a Plotly date axis reads numbers so)."""
    return values.to_numpy(dtype="datetime64[ms]").astype("int64").astype("float64")


def timeline_figure(
    frame: pd.DataFrame,
    labels: Labels,
    *,
    lanes: str = "actor",
    color: str = "category",
    title: str | None = None,
    subtitle: str | None = None,
    max_lanes: int | None = None,
) -> go.Figure:
    """The timeline of ``frame``'s events: lanes by actor or category, coloured by category or perspective.

    With ``max_lanes``, only the busiest lanes are drawn; ``fig.layout.meta["hidden_lanes"]`` says
    how many were left out.
    """
    marks = len(frame) if lanes != "actor" else int(frame["actors"].map(len).sum())
    aggregated = marks > AGGREGATE_THRESHOLD
    frame = frame.assign(_color=color_key(frame, color))
    if not aggregated:
        frame = frame.assign(_hover=hover_text(frame))
    rows = lane_rows(frame, lanes, labels)
    all_lanes = rows["lane"].nunique() if len(rows) else 0
    order = lane_order(rows, max_lanes) if len(rows) else []
    if len(order) < all_lanes:
        rows = rows[rows["lane"].isin(set(order))]
    rows = rows.assign(_y=rows["lane"].map({lane: escape(lane) for lane in order}))
    colors = color_map(color, labels)
    names = _group_names(color, labels)
    webgl = len(rows) > WEBGL_THRESHOLD
    fig = go.Figure()
    parts = dict(tuple(rows.groupby("_color", sort=False))) if len(rows) and not aggregated else {}
    groups = [g for g in [*labels.for_kind(color), SEVERAL] if g in parts]
    groups += sorted(set(parts) - set(groups))
    if aggregated:
        fig.add_trace(_count_trace(rows, order))
    for group in groups:
        part = parts[group]
        legend_name = escape(names.get(group, group))
        shown = False
        spans = part[part["precision"] != "day"]
        points = part[part["precision"] == "day"]
        if len(spans):
            fig.add_trace(_span_trace(spans, colors.get(group, _GREY), legend_name, group, webgl))
            shown = True
        if len(points):
            fig.add_trace(_point_trace(points, colors.get(group, _GREY), legend_name, group, webgl, not shown))
    n_groups = len(groups)
    legend_rows = 1 + n_groups // 4
    axis_room = 28  # the date axis sits above the lanes, under the legend
    top = (90 if title else 40) + 22 * legend_rows + axis_room
    bottom = 50
    height = max(380, top + bottom + 28 * len(order))
    legend_y = 1 + axis_room / (height - top - bottom)
    fig.update_layout(
        barmode="overlay",
        height=height,
        meta={"hidden_lanes": all_lanes - len(order), "aggregated": aggregated, "marks": len(rows)},
        margin={"l": 10, "r": 10, "t": top, "b": bottom},
        legend={
            "title": {"text": "Category:" if color == "category" else "Perspective:"},
            "orientation": "h",
            "yanchor": "bottom",
            "y": legend_y,
            "x": 0,
            "groupclick": "toggleitem",
        },
        hoverlabel={"align": "left"},
        clickmode="event+select",
        dragmode="zoom",
    )
    _set_title(fig, title, subtitle)
    fig.update_xaxes(type="date", showgrid=True, title=None, side="top", ticks="outside", showline=True)
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[escape(lane) for lane in order],
        range=[len(order) - 0.5, -0.5],
        title=None,
        automargin=True,
    )
    return fig


def _span_trace(spans: pd.DataFrame, colour: str, name: str, group: str, webgl: bool) -> go.BaseTraceType:
    start = _epoch_ms(spans["start"])
    stop = _epoch_ms(spans["end"]) + _MS_PER_DAY  # inclusive last day: the span covers it whole
    custom, text = _hover(spans)
    lanes = spans["_y"].to_numpy(dtype=object)
    if webgl:
        n = len(spans)
        xs = np.empty(3 * n, dtype="float64")
        ys = np.empty(3 * n, dtype=object)
        xs[0::3], xs[1::3], xs[2::3] = start, stop, np.nan
        ys[0::3], ys[1::3], ys[2::3] = lanes, lanes, None
        return go.Scattergl(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": colour, "width": 8},
            opacity=SPAN_OPACITY,
            customdata=np.repeat(custom, 3, axis=0),
            hovertext=np.repeat(text, 3),
            hovertemplate=HOVER,
            name=name,
            legendgroup=group,
            showlegend=True,
        )
    return go.Bar(
        orientation="h",
        base=spans["start"].to_numpy(dtype="datetime64[ms]"),
        x=stop - start,
        y=lanes,
        width=0.55,
        marker={"color": colour, "opacity": SPAN_OPACITY, "line": {"width": 0}},
        customdata=custom,
        hovertext=text,
        hovertemplate=HOVER,
        name=name,
        legendgroup=group,
        showlegend=True,
    )


def _point_trace(
    points: pd.DataFrame, colour: str, name: str, group: str, webgl: bool, showlegend: bool
) -> go.BaseTraceType:
    cls = go.Scattergl if webgl else go.Scatter
    custom, text = _hover(points)
    return cls(
        x=(points["start"] + DAY / 2).to_numpy(dtype="datetime64[ms]"),
        y=points["_y"].to_numpy(dtype=object),
        mode="markers",
        marker={"color": colour, "size": 11, "symbol": "diamond", "line": {"color": "#222", "width": 1}},
        customdata=custom,
        hovertext=text,
        hovertemplate=HOVER,
        name=name,
        legendgroup=group,
        showlegend=showlegend,
    )


def _count_trace(rows: pd.DataFrame, order: list[str]) -> go.Heatmap:
    """How many events start in each lane and year: one heatmap instead of very many marks."""
    years = rows["start"].dt.year.to_numpy()
    first, last = int(years.min()), int(years.max())
    lane_of = {escape(lane): i for i, lane in enumerate(order)}
    lane_index = rows["_y"].map(lane_of).to_numpy()
    z = np.zeros((len(order), last - first + 1), dtype="int64")
    np.add.at(z, (lane_index, years - first), 1)
    x = np.array([f"{y}-07-01" for y in range(first, last + 1)], dtype="datetime64[D]")
    return go.Heatmap(
        x=x,
        y=list(lane_of),
        z=np.where(z > 0, z, np.nan),
        colorscale="Blues",
        colorbar={"title": {"text": "events"}},
        hovertemplate="%{y}<br>%{x|%Y}: %{z} events<extra></extra>",
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


def per_year_figure(
    frame: pd.DataFrame,
    labels: Labels,
    *,
    by: str = "category",
    title: str | None = None,
    subtitle: str | None = None,
) -> go.Figure:
    """Events per year, stacked by category or perspective; each event counts once, in its first year."""
    keys = color_key(frame, by)
    counts = (
        pd.DataFrame({"year": frame["start"].dt.year.to_numpy(), "group": keys.to_numpy()})
        .groupby(["group", "year"])
        .size()
    )
    colors = color_map(by, labels)
    names = _group_names(by, labels)
    fig = go.Figure()
    present = set(keys)
    for group in [g for g in [*labels.for_kind(by), SEVERAL] if g in present]:
        series = counts.loc[group]
        fig.add_trace(
            go.Bar(
                x=series.index.to_numpy(),
                y=series.to_numpy(),
                name=escape(names.get(group, group)),
                marker={"color": colors.get(group, _GREY)},
                hovertemplate="%{x}: %{y} events<extra>" + escape(names.get(group, group)) + "</extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        height=420,
        margin={"l": 10, "r": 10, "t": 70 if title else 30, "b": 40},
        legend={"title": {"text": "Category" if by == "category" else "Perspective"}},
    )
    _set_title(fig, title, subtitle)
    fig.update_xaxes(title="Year (events counted in the year they start)", dtick=5 if len(counts) > 15 else None)
    fig.update_yaxes(title="Events")
    return fig


def labels_from_record(record: object) -> Labels:
    """Labels from a loaded record (``loaders.Record``), in the record's vocabulary order."""
    return Labels(
        actors={k: a.name for k, a in record.actors.items()},
        categories={k: c.label for k, c in record.categories.items()},
        perspectives={k: p.label for k, p in record.perspectives.items()},
    )
