"""Drawing a laid-out timeline (pure Plotly): marks, labels, lane names and bands, outlines, arrows.

Every function here takes the :class:`dashboard.layout.Layout` of a view and returns traces,
annotations or shapes as Plotly properties (plain dicts and arrays), which
:mod:`dashboard.timeline` puts into one figure, validated once; which events, lanes and period
come from there too. What a mark shows on hover is made by :mod:`dashboard.hover`; the counts of
events not drawn one by one by :mod:`dashboard.counted`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from .figures import GREY, SPAN_OPACITY, Labels, color_map, escape, group_names, group_order
from .hover import HOVER, hover_columns, text_array
from .layout import Layout
from .precision import solid
from .titles import LABEL_FONT

MS_PER_DAY = 86_400_000

ROW_PX = 26
"""Height of one sub-row of a lane, in pixels."""

SELECTED_LINE = "#111111"


def date_ms(d: date) -> float:
    return float((d - date(1970, 1, 1)).days) * MS_PER_DAY


def _mark_days(placed: Layout, rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Mark bounds as epoch milliseconds."""
    origin = date_ms(placed.scale.start)
    m = placed.marks
    return np.round(origin + m["x0"].to_numpy() * MS_PER_DAY), np.round(origin + m["x1"].to_numpy() * MS_PER_DAY)


def mark_traces(rows: pd.DataFrame, placed: Layout, color: str, labels: Labels, *, webgl: bool) -> list[dict[str, Any]]:
    """The marks: one trace per colour group and mark kind (day points solid, imprecise dates light), then labels
    and arrows.

    A mark of several colour groups (an event citing several perspectives) is drawn as one band per group, top
    to bottom in the vocabulary's order, under one transparent bar of the mark's own size that carries its
    title, hover and event id: the mark is still one target, as wide as any other.
    """
    colors = color_map(color, labels)
    names = group_names(color, labels)
    x0, x1 = _mark_days(placed, rows)
    m = placed.marks
    y = m["y"].to_numpy()
    custom, hover = hover_columns(rows)
    groups = rows["_colors"].tolist()
    split = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    first = np.asarray([gs[0] for gs in groups], dtype=object)
    day = solid(rows["precision"])
    drawn = m["shown"].to_numpy()
    text = text_array(np.full(len(m), "", dtype=object))
    inside = np.flatnonzero(m["label_inside"].to_numpy() & placed.labelled)
    text[inside] = [escape(label) for label in m["label"].to_numpy(dtype=object)[inside]]
    bands = _bands(groups, split)
    traces = []
    for group in group_order(color, labels, {g for gs in groups for g in gs}):
        legend = {"name": escape(names.get(group, group)), "legendgroup": group}
        colour = colors.get(group, GREY)
        shown = False
        for is_day in (False, True):
            kind = (day == is_day) & drawn
            sel = np.flatnonzero(kind & (split == 1) & (first == group))
            if len(sel):
                trace = _bar_trace(x0[sel], x1[sel], y[sel], text[sel], custom[sel], hover[sel], colour, is_day, webgl)
                traces.append({**trace, **legend, "showlegend": not shown})
                shown = True
            for band in _band_traces(bands.get(group), kind, (x0, x1, y), colour, is_day, webgl):
                traces.append({**band, **legend, "showlegend": not shown})
                shown = True
    for is_day in (False, True):
        sel = np.flatnonzero((day == is_day) & drawn & (split > 1))
        if len(sel):
            trace = _bar_trace(x0[sel], x1[sel], y[sel], text[sel], custom[sel], hover[sel], CLEAR, is_day, webgl)
            traces.append({**trace, "name": SPLIT, "showlegend": False})
    if placed.labelled:
        traces.extend(_label_traces(placed, custom, hover, on_marks=webgl))
    traces.extend(_cut_traces(placed, x0, x1))
    return traces


CLEAR = "rgba(0,0,0,0)"
SPLIT = "several"
"""The name of the transparent traces over marks drawn in bands (their titles, hovers and event ids)."""
BAR_WIDTH = 0.8
"""A mark's height, as a share of its row."""


def _bands(groups: list[tuple], split: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """For each colour group, the marks of several groups showing it: their positions, which band, of how many."""
    out: dict[str, tuple[list[int], list[int], list[int]]] = {}
    for i in np.flatnonzero(split > 1).tolist():
        gs = groups[i]
        for j, g in enumerate(gs):
            at, band, of = out.setdefault(g, ([], [], []))
            at.append(i)
            band.append(j)
            of.append(len(gs))
    return {g: (np.asarray(a, dtype=np.int64), np.asarray(b), np.asarray(n)) for g, (a, b, n) in out.items()}


def _band_traces(
    bands: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
    kind: np.ndarray,
    xy: tuple[np.ndarray, np.ndarray, np.ndarray],
    colour: str,
    is_day: bool,
    webgl: bool,
) -> list[dict[str, Any]]:
    """One colour group's bands of the marks of ``kind`` (a mask of marks) drawn in several: no hover, no id.

    ``xy`` holds every mark's first and last millisecond and its row."""
    if bands is None:
        return []
    at, band, of = (part[kind[bands[0]]] for part in bands)
    if not len(at):
        return []
    x0, x1, y = (part[at] for part in xy)
    height = BAR_WIDTH / of
    middle = y - BAR_WIDTH / 2 + (band + 0.5) * height
    if webgl:  # a line's width is one for the whole trace: one trace per number of bands
        out = []
        for n in np.unique(of).tolist():
            sel = of == n
            blank = text_array([""] * int(sel.sum()))
            trace = _bar_trace(x0[sel], x1[sel], middle[sel], blank, None, None, colour, is_day, True)
            out.append(trace | {"line": {"color": colour, "width": ROW_PX * 0.6 / n}})
        return out
    return [
        {
            "type": "bar",
            "orientation": "h",
            "base": x0.astype("datetime64[ms]"),
            "x": x1 - x0,
            "y": middle,
            "width": height,
            "marker": {"color": colour, "opacity": 1.0 if is_day else SPAN_OPACITY, "line": {"width": 0}},
            "hoverinfo": "skip",
            "cliponaxis": True,
        }
    ]


def _bar_trace(
    x0: np.ndarray,
    x1: np.ndarray,
    y: np.ndarray,
    text: np.ndarray,
    custom: np.ndarray | None,
    hover: np.ndarray | None,
    colour: str,
    is_day: bool,
    webgl: bool,
) -> dict[str, Any]:
    """A mark trace (as Plotly properties): WebGL line segments, or horizontal bars with their titles."""
    if webgl:
        n = len(x0)
        xs = np.empty(3 * n, dtype="float64")
        ys = np.empty(3 * n, dtype="float64")
        xs[0::3], xs[1::3], xs[2::3] = x0, x1, np.nan
        ys[0::3], ys[1::3], ys[2::3] = y, y, np.nan
        trace = {
            "type": "scattergl",
            "x": xs,  # epoch milliseconds, which a date axis reads as they are, sent as one typed array
            "y": ys,
            "mode": "lines",
            "line": {"color": colour, "width": ROW_PX * 0.6},
            "opacity": 1.0 if is_day else SPAN_OPACITY,
        }
        if custom is None or hover is None:
            return trace | {"hoverinfo": "skip"}
        hover_points = np.repeat(hover, 3)
        hover_points[2::3] = ""  # the gap between two marks is never hovered
        return trace | {"customdata": np.repeat(custom, 3, axis=0), "hovertext": hover_points, "hovertemplate": HOVER}
    return {
        "type": "bar",
        "orientation": "h",
        "base": x0.astype("datetime64[ms]"),
        "x": x1 - x0,
        "y": y,
        "width": BAR_WIDTH,
        "marker": {
            "color": colour,
            "opacity": 1.0 if is_day else SPAN_OPACITY,
            "line": {"width": 1 if is_day else 0, "color": "#222"},
        },
        "text": text,
        "textposition": "inside",
        "textangle": 0,
        "insidetextanchor": "start",
        "textfont": {"size": LABEL_FONT, "color": "#111"},
        "cliponaxis": True,
        "customdata": custom,
        "hovertext": hover,
        "hovertemplate": HOVER,
    }


def _label_traces(placed: Layout, custom: np.ndarray, hover: np.ndarray, *, on_marks: bool) -> list[dict[str, Any]]:
    """Titles beside their marks: invisible bars the size of each label, the text inside them.

    A label is hidden by the browser rather than drawn over its neighbours when the chart is
    narrower than it was laid out for; hovering or clicking a label opens its event too. With
    ``on_marks`` (WebGL marks, which carry no text), the titles that sit on marks are drawn here too.
    """
    m = placed.marks
    titled = m["label"].to_numpy(dtype=object) != ""
    beside = np.flatnonzero(titled if on_marks else titled & ~m["label_inside"].to_numpy())
    if not len(beside):
        return []
    origin = date_ms(placed.scale.start)
    lx0 = origin + m["label_x0"].to_numpy()[beside] * MS_PER_DAY
    lx1 = origin + m["label_x1"].to_numpy()[beside] * MS_PER_DAY
    left_of_mark = m["label_x1"].to_numpy()[beside] <= m["x0"].to_numpy()[beside]
    text = text_array([escape(label) for label in m["label"].to_numpy(dtype=object)[beside]])
    custom, hover, y = custom[beside], hover[beside], m["y"].to_numpy()[beside]
    traces = []
    for anchor, pick in (("start", ~left_of_mark), ("end", left_of_mark)):
        if not pick.any():
            continue
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "base": lx0[pick].astype("datetime64[ms]"),
                "x": (lx1 - lx0)[pick],
                "y": y[pick],
                "width": 0.8,
                "marker": {"color": "rgba(0,0,0,0)", "line": {"width": 0}},
                "text": text[pick],
                "textposition": "inside",
                "textangle": 0,
                "insidetextanchor": anchor,
                "textfont": {"size": LABEL_FONT, "color": "#222"},
                "customdata": custom[pick],
                "hovertext": hover[pick],
                "hovertemplate": HOVER,
                "name": "titles",
                "showlegend": False,
            }
        )
    return traces


def _cut_traces(placed: Layout, x0: np.ndarray, x1: np.ndarray) -> list[dict[str, Any]]:
    """Small arrows where a mark runs on before or after the period shown."""
    m = placed.marks
    y = m["y"].to_numpy()
    shown = m["shown"].to_numpy()
    traces = []
    for column, xs, symbol in (("cut_before", x0, "triangle-left"), ("cut_after", x1, "triangle-right")):
        cut = np.flatnonzero(m[column].to_numpy() & shown)
        if not len(cut):
            continue
        traces.append(
            {
                "type": "scatter",
                "x": xs[cut].astype("datetime64[ms]"),
                "y": y[cut],
                "mode": "markers",
                "marker": {"symbol": symbol, "size": 9, "color": "#444"},
                "hoverinfo": "skip",
                "showlegend": False,
                "name": "continues",
                "cliponaxis": False,
            }
        )
    return traces


def lane_bands(placed: Layout, names: Mapping[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each lane's name on its first row, and alternate lanes on a light band, so sub-rows read as one lane.

    Returns the names (layout annotations) and the bands (layout shapes).
    """
    hidden = placed.hidden
    annotations = [
        {
            "text": f"<b>{names[lane]}</b>"
            + (f"  <i>+{hidden[lane]:,} more, counted below</i>" if lane in hidden else ""),
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
    ]
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
    return annotations, shapes


def outline(rows: pd.DataFrame, placed: Layout, event_id: str) -> list[dict[str, Any]]:
    """An outline (layout shapes) around every mark of ``event_id``, in each lane it appears in."""
    hit = np.flatnonzero((rows["id"].to_numpy(dtype=object) == event_id) & placed.marks["shown"].to_numpy())
    if not len(hit):
        return []
    x0, x1 = _mark_days(placed, rows)
    y = placed.marks["y"].to_numpy()
    pad = 0.4 * MS_PER_DAY * 3 / max(placed.scale.px_per_day, 1e-9)
    return [
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
