"""The timeline's layout engine (pure): marks and labels placed on sub-rows of their lanes.

Within a lane, every mark (an event's days, widened to at least ``MIN_MARK_PX`` so it can be
hovered and clicked) and its label (the event's title, shortened to fit) form one box; boxes are
packed greedily in start order onto the first sub-row where they fit (:mod:`dashboard.packing`),
so no two boxes of a lane overlap at the scale of the view. Titles are placed by
:mod:`dashboard.titles`; lanes busier than the page can draw are cut and counted by
:mod:`dashboard.overflow`. Each lane is a row for its name and as many sub-rows as it needs below
it, so names take no width from the time axis. Positions are in days from the start of the view;
widths of text are estimated by :mod:`dashboard.textfit`, so the same view always gets the same layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .overflow import CLUSTER_COLUMNS, clusters, lane_caps
from .packing import GAP_PX, Lane, Row, Scale, pack, place_marks
from .titles import place_labels, salient_labels

LABEL_EXTRA_ROWS = 0.1
"""With salient labels, rows added for titles at most this share of the rows the marks alone need."""


@dataclass(frozen=True)
class Layout:
    """Where every mark of a view goes.

    ``marks`` has one row per input row (same index), with ``shown`` (drawn on a row of its own,
    else counted in its lane's last row), ``row`` (sub-row in its lane), ``y`` (row over all
    lanes, 0 at the top), ``x0``/``x1`` (mark, in days from the view's start, at least
    ``MIN_MARK_PX`` wide and inside the view), ``cut_before``/``cut_after`` (the event runs past
    the view), ``label`` (title, shortened only where a neighbour or the view's edge leaves no
    room, or ""), ``label_x0``/``label_x1`` and ``label_inside`` (the label sits on the mark).
    ``lanes`` gives each lane's first ``y`` (the row that carries its name) and its number of rows
    (that one included), top to bottom. ``clusters`` has one row per period of a lane whose events
    did not fit on its rows: ``lane``, ``y`` (the lane's last row), ``x0``/``x1`` (days), ``first``
    and ``last`` (the period's days) and ``count``; ``hidden`` counts them per lane.
    """

    marks: pd.DataFrame
    lanes: list[tuple[str, int, int]]
    scale: Scale
    labelled: bool
    clusters: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CLUSTER_COLUMNS))
    hidden: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """Sub-rows over all lanes."""
        return sum(n for _, _, n in self.lanes)


def layout(
    rows: pd.DataFrame,
    lane_order: list[str],
    scale: Scale,
    *,
    labels: bool | str,
    max_rows: int | None = None,
    max_marks: int | None = None,
) -> Layout:
    """Lay out ``rows`` (columns ``lane``, ``start``, ``end``, ``title``, ``id``) in the order of ``lane_order``.

    ``labels``: ``True`` (or ``"all"``) gives every mark its title, on the mark when it fits there,
    else beside it, each mark and title packed as one box; ``"salient"`` packs the marks alone and
    then titles as many as fit, most salient first (column ``salience``, higher first; see
    :func:`dashboard.titles.salient_labels`); ``False`` draws marks alone. With ``max_rows``, the lanes
    take at most that many rows in all: the busiest lanes keep their first rows and count the rest of
    their events per period on their last row (``Layout.clusters``); with ``max_marks`` they draw
    at most that many marks, counting the rest the same way.
    """
    start_days, end_days = (_days(rows[column], scale) for column in ("start", "end"))
    x0, x1, cut_before, cut_after = place_marks(start_days, end_days, scale)
    n = len(rows)
    titles = rows["title"].astype(str).to_numpy(dtype=object) if n else np.array([], dtype=object)
    if (labels is True or labels == "all") and n:
        label, lx0, lx1, inside = place_labels(titles, x0, x1, scale)
    else:
        label, lx0, lx1, inside = np.full(n, "", dtype=object), x0.copy(), x0.copy(), np.zeros(n, dtype=bool)
    boxes = (np.minimum(x0, lx0), np.maximum(x1, lx1) + GAP_PX / scale.px_per_day)
    ids = rows["id"].astype(str).to_numpy(dtype=object)
    row_of = np.full(n, -1, dtype=np.int64)
    lanes, per_row = _pack_lanes(rows, lane_order, boxes, x1 - x0, ids, row_of)
    caps = lane_caps(per_row, max_rows, max_marks)
    hidden = _cut_lanes(lanes, [len(r) for r in per_row], caps, row_of, boxes, max_rows)
    if labels == "salient" and n:
        salience = rows["salience"].to_numpy(dtype="float64") if "salience" in rows else np.zeros(n)
        order = np.lexsort((ids, start_days, -salience))
        spare = 0 if max_rows is None else max(0, max_rows - sum(caps) - len(caps))
        extra = min(spare, math.ceil(sum(len(r) for r in per_row) * LABEL_EXTRA_ROWS))
        label, lx0, lx1, inside = salient_labels(lanes, row_of, order, titles, x0, x1, scale, extra)
    y, sub_row, placed, lane_last = _stack_lanes(lanes, row_of, hidden)
    shown = row_of >= 0
    marks = pd.DataFrame(
        {
            "shown": shown,
            "row": sub_row,
            "y": y,
            "x0": x0,
            "x1": x1,
            "cut_before": cut_before,
            "cut_after": cut_after,
            "label": np.where(shown, label, ""),
            "label_x0": lx0,
            "label_x1": lx1,
            "label_inside": inside & shown,
        },
        index=rows.index,
    )
    counted = clusters(rows, hidden, lane_last, scale)
    counts = {lane: len(idx) for lane, idx in hidden.items()}
    return Layout(marks, placed, scale, labelled=bool(labels), clusters=counted, hidden=counts)


def _days(days: pd.Series, scale: Scale) -> np.ndarray:
    """``days`` (timestamps) in days from the start of the view."""
    return ((days - pd.Timestamp(scale.start)) / pd.Timedelta(days=1)).to_numpy(dtype="float64")


def _pack_lanes(
    rows: pd.DataFrame,
    lane_order: list[str],
    boxes: tuple[np.ndarray, np.ndarray],
    lengths: np.ndarray,
    ids: np.ndarray,
    row_of: np.ndarray,
) -> tuple[list[Lane], list[np.ndarray]]:
    """Pack each lane's boxes alone, writing each event's sub-row into ``row_of``; the lanes with events, in
    order, and how many marks each of their rows holds."""
    box_left, box_right = boxes
    n = len(rows)
    lane_names = rows["lane"].to_numpy(dtype=object)
    positions = pd.Series(np.arange(n)).groupby(lane_names, sort=False).indices if n else {}
    lanes: list[Lane] = []
    per_row: list[np.ndarray] = []
    for name in lane_order:
        idx = positions.get(name)
        if idx is None or not len(idx):
            continue
        # start order; longer marks first on a tie, then by id: the same view always packs the same way
        idx = idx[np.lexsort((ids[idx], -lengths[idx], box_left[idx]))]
        got = pack(box_left[idx], box_right[idx])
        row_of[idx] = got
        lanes.append(Lane(name, idx, [], 0))
        per_row.append(np.bincount(got))
    return lanes, per_row


def _cut_lanes(
    lanes: list[Lane],
    needed: list[int],
    caps: list[int],
    row_of: np.ndarray,
    boxes: tuple[np.ndarray, np.ndarray],
    max_rows: int | None,
) -> dict[str, np.ndarray]:
    """Keep each lane within its cap (the events of rows past it leave ``row_of``) and fill its rows with its
    boxes; the events each cut lane counts instead of drawing."""
    box_left, box_right = boxes
    hidden: dict[str, np.ndarray] = {}
    for lane, need, cap in zip(lanes, needed, caps, strict=True):
        if need > cap:  # the last row counts the events of the rows that do not fit
            cut = row_of[lane.idx] >= cap - 1
            hidden[lane.name] = lane.idx[cut]
            row_of[lane.idx[cut]] = -1
            lane.idx = lane.idx[~cut]
            need = cap - 1
        lane.room = cap if lane.name in hidden else max_rows or 1 << 30
        lane.rows = [Row() for _ in range(need)]
        for i in lane.idx.tolist():
            lane.rows[row_of[i]].add(float(box_left[i]), float(box_right[i]))
    return hidden


def _stack_lanes(
    lanes: list[Lane], row_of: np.ndarray, hidden: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, list[tuple[str, int, int]], dict[str, int]]:
    """Lanes stacked top to bottom: each event's row over all lanes and within its lane (-1: counted), each
    lane's first row and height, and each lane's last row."""
    n = len(row_of)
    y = np.zeros(n, dtype=np.int64)
    sub_row = np.zeros(n, dtype=np.int64)
    placed: list[tuple[str, int, int]] = []
    lane_last: dict[str, int] = {}
    first = 0
    for lane in lanes:
        used = sorted({int(row_of[i]) for i in lane.idx.tolist()})
        renumber = {r: k for k, r in enumerate(used)}  # rows a title move left empty are dropped
        for i in lane.idx.tolist():
            sub_row[i] = renumber[int(row_of[i])]
            y[i] = first + 1 + sub_row[i]
        height = len(used) + 1 + (lane.name in hidden)
        lane_last[lane.name] = first + height - 1
        placed.append((lane.name, first, height))
        first += height
    for idx in hidden.values():
        y[idx] = -1
        sub_row[idx] = -1
    return y, sub_row, placed, lane_last
