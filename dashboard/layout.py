"""The timeline's layout engine (pure): marks and labels placed on sub-rows of their lanes.

Within a lane, every mark (an event's days, widened to at least ``MIN_MARK_PX`` so it can be
hovered and clicked) and its label (the event's title, shortened to fit) form one box; boxes are
packed greedily in start order onto the first sub-row where they fit, so no two boxes of a lane
overlap at the scale of the view (the stacking vis-timeline uses). Each lane is a row for its
name and as many sub-rows as it needs below it, so names take no width from the time axis.
Positions are in days from the start of the view; widths of text are estimated from
per-character advances of the chart's font, so the same view always gets the same layout.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

MIN_MARK_PX = 8.0
"""Narrowest mark on screen: a one-day event is drawn at least this wide."""

GAP_PX = 6.0
"""Space kept between two boxes on one sub-row, and between a mark and its label."""

LABEL_FONT = 11
"""Font size of the labels on marks, in pixels."""

LABEL_MAX_PX = 240.0
"""Longest label: titles are shortened with an ellipsis to fit."""

MIN_LABEL_PX = 48.0
"""Narrowest room worth a shortened title on a mark."""

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
"""The chart's font; text widths are estimated for it."""

# Advance widths (in em) of printable ASCII in DejaVu Sans; Verdana's are close. Other characters
# count as wide as the widest common letter, so estimates err on the long side.
_CHARS = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
_EMS = (
    0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318,
    0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838,
    0.838, 0.838, 0.531, 1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656,
    0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611,
    0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634,
    0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592,
    0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
)  # fmt: skip
_ADVANCE = dict(zip(_CHARS, _EMS, strict=True))
_OTHER = 0.8
_SAFETY = 1.08  # fonts differ between browsers and machines: leave room
ELLIPSIS = "…"


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated width in pixels of ``text`` at font ``size`` (never less than the real one by much)."""
    em = sum(_ADVANCE.get(ch, _OTHER) for ch in text)
    return em * size * _SAFETY * (1.11 if bold else 1.0)


def shorten(text: str, max_px: float, size: float) -> str:
    """``text`` cut at a word (else a character) with an ellipsis so it fits ``max_px``; "" if nothing fits."""
    if text_width(text, size) <= max_px:
        return text
    room = max_px - text_width(ELLIPSIS, size)
    out, used = "", 0.0
    for ch in text:
        w = _ADVANCE.get(ch, _OTHER) * size * _SAFETY
        if used + w > room:
            break
        out += ch
        used += w
    cut = out.rstrip()
    if " " in cut and len(cut) > 12:
        cut = cut[: cut.rfind(" ")].rstrip(" ,;:–-")
    return cut + ELLIPSIS if cut else ""


def wrap_text(text: str, max_px: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``max_px`` (a longer word is shortened)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size, bold=bold) > max_px:
            lines.append(line)
            line = word
        else:
            line = candidate
        if text_width(line, size, bold=bold) > max_px:
            line = shorten(line, max_px, size)
    lines.append(line)
    return lines


@dataclass(frozen=True)
class Scale:
    """The view: its first and last day (inclusive) drawn across ``width_px`` pixels."""

    start: date
    end: date
    width_px: float

    @property
    def days(self) -> int:
        """Days the view covers."""
        return (self.end - self.start).days + 1

    @property
    def px_per_day(self) -> float:
        """Pixels per day at this scale."""
        return self.width_px / self.days


@dataclass(frozen=True)
class Layout:
    """Where every mark of a view goes.

    ``marks`` has one row per input row (same index), with ``row`` (sub-row in its lane),
    ``y`` (row over all lanes, 0 at the top), ``x0``/``x1`` (mark, in days from the view's
    start, at least ``MIN_MARK_PX`` wide and inside the view), ``cut_before``/``cut_after`` (the
    event runs past the view), ``label`` (shortened title or ""), ``label_x0``/``label_x1`` and
    ``label_inside`` (the label sits on the mark). ``lanes`` gives each lane's first ``y`` (the
    row that carries its name) and its number of rows (that one included), top to bottom.
    """

    marks: pd.DataFrame
    lanes: list[tuple[str, int, int]]
    scale: Scale
    labelled: bool

    @property
    def rows(self) -> int:
        """Sub-rows over all lanes."""
        return sum(n for _, _, n in self.lanes)


def pack(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Sub-row of each box ``[left, right)``: first fit in the given order, no two boxes of a row overlapping.

    Boxes must come sorted by ``left``. Runs in O(n log rows): rows that have become free by the
    time a box starts are kept in a heap by index, so each box takes the lowest free row.
    """
    heappush, heappop = heapq.heappush, heapq.heappop
    rows: list[int] = []
    busy: list[tuple[float, int]] = []  # (right edge, row)
    free: list[int] = []
    count = 0
    for lo, hi in zip(np.asarray(left).tolist(), np.asarray(right).tolist(), strict=True):
        while busy and busy[0][0] <= lo:
            heappush(free, heappop(busy)[1])
        if free:
            row = heappop(free)
        else:
            row = count
            count += 1
        rows.append(row)
        heappush(busy, (hi, row))
    return np.array(rows, dtype=np.int64)


def place_marks(start_days: np.ndarray, end_days: np.ndarray, scale: Scale) -> tuple[np.ndarray, ...]:
    """Marks in days from the view's start: ``(x0, x1, cut_before, cut_after)``.

    ``end_days`` are inclusive, so a mark covers ``[start, end + 1)``. Each mark is cut to the view
    and widened about its centre to ``MIN_MARK_PX``, staying inside the view.
    """
    span = float(scale.days)
    x0 = start_days.astype("float64")
    x1 = end_days.astype("float64") + 1.0
    cut_before, cut_after = x0 < 0, x1 > span
    x0, x1 = np.clip(x0, 0, span), np.clip(x1, 0, span)
    least = min(MIN_MARK_PX / scale.px_per_day, span)
    short = (x1 - x0) < least
    centre = (x0 + x1) / 2
    x0 = np.where(short, np.clip(centre - least / 2, 0, span - least), x0)
    x1 = np.where(short, x0 + least, x1)
    return x0, x1, cut_before, cut_after


def _place_labels(
    titles: np.ndarray, x0: np.ndarray, x1: np.ndarray, scale: Scale
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each mark's label and its bounds in days: on the mark, beside it, or (for long marks) shortened on it."""
    n = len(titles)
    ppd, view_px = scale.px_per_day, scale.width_px
    label = np.full(n, "", dtype=object)
    lx0, lx1 = x0.copy(), x0.copy()
    inside = np.zeros(n, dtype=bool)
    gap = GAP_PX / ppd
    for i in range(n):
        mark_px = (x1[i] - x0[i]) * ppd
        full = text_width(titles[i], LABEL_FONT)
        if full + 2 * GAP_PX <= mark_px:
            label[i], lx0[i], lx1[i], inside[i] = titles[i], x0[i], x1[i], True
            continue
        right_room = view_px - x1[i] * ppd - GAP_PX
        left_room = x0[i] * ppd - GAP_PX
        on_mark = mark_px - 2 * GAP_PX
        if on_mark >= MIN_LABEL_PX and on_mark >= max(right_room, left_room):
            # a long mark with little room beside it: its title, shortened, on the mark itself
            label[i], lx0[i], lx1[i], inside[i] = shorten(titles[i], on_mark, LABEL_FONT), x0[i], x1[i], True
            continue
        room = min(LABEL_MAX_PX, max(right_room, left_room))
        text = shorten(titles[i], room, LABEL_FONT)
        text_px = text_width(text, LABEL_FONT) if text else 0.0
        width = text_px / ppd
        label[i] = text
        if not text:
            lx0[i] = lx1[i] = x1[i]
        elif right_room >= text_px or right_room >= left_room:
            lx0[i], lx1[i] = x1[i] + gap, x1[i] + gap + width
        else:
            lx0[i], lx1[i] = x0[i] - gap - width, x0[i] - gap
    return label, lx0, lx1, inside


def layout(rows: pd.DataFrame, lane_order: list[str], scale: Scale, *, labels: bool) -> Layout:
    """Lay out ``rows`` (columns ``lane``, ``start``, ``end``, ``title``, ``id``) in the order of ``lane_order``.

    With ``labels``, each mark carries its title: on the mark when it fits there, else beside it
    (right, or left near the view's right edge), shortened to ``LABEL_MAX_PX``.
    """
    origin = pd.Timestamp(scale.start)
    day = pd.Timedelta(days=1)
    start_days = ((rows["start"] - origin) / day).to_numpy(dtype="float64")
    end_days = ((rows["end"] - origin) / day).to_numpy(dtype="float64")
    x0, x1, cut_before, cut_after = place_marks(start_days, end_days, scale)
    n = len(rows)
    if labels and n:
        label, lx0, lx1, inside = _place_labels(rows["title"].astype(str).to_numpy(dtype=object), x0, x1, scale)
    else:
        label, lx0, lx1, inside = np.full(n, "", dtype=object), x0.copy(), x0.copy(), np.zeros(n, dtype=bool)
    ppd = scale.px_per_day
    box_left = np.minimum(x0, lx0)
    box_right = np.maximum(x1, lx1) + GAP_PX / ppd
    lanes = rows["lane"].to_numpy(dtype=object)
    sub_row = np.zeros(n, dtype=np.int64)
    y = np.zeros(n, dtype=np.int64)
    placed: list[tuple[str, int, int]] = []
    first = 0
    positions = pd.Series(np.arange(n)).groupby(lanes, sort=False).indices if n else {}
    ids = rows["id"].astype(str).to_numpy(dtype=object)
    for lane in lane_order:
        idx = positions.get(lane)
        if idx is None or not len(idx):
            continue
        # start order; longer marks first on a tie, then by id: the same view always packs the same way
        order = idx[np.lexsort((ids[idx], -(x1[idx] - x0[idx]), box_left[idx]))]
        got = pack(box_left[order], box_right[order])
        sub_row[order] = got
        height = int(got.max()) + 2  # the lane's name on a row of its own, then its sub-rows
        y[idx] = first + 1 + sub_row[idx]
        placed.append((lane, first, height))
        first += height
    marks = pd.DataFrame(
        {
            "row": sub_row,
            "y": y,
            "x0": x0,
            "x1": x1,
            "cut_before": cut_before,
            "cut_after": cut_after,
            "label": label,
            "label_x0": lx0,
            "label_x1": lx1,
            "label_inside": inside,
        },
        index=rows.index,
    )
    return Layout(marks=marks, lanes=placed, scale=scale, labelled=labels)
