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

import bisect
import heapq
import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from loaders.ellipsis import ELLIPSIS

MIN_MARK_PX = 8.0
"""Narrowest mark on screen: a one-day event is drawn at least this wide."""

GAP_PX = 6.0
"""Space kept between two boxes on one sub-row, and between a mark and its label."""

LABEL_FONT = 11
"""Font size of the labels on marks, in pixels."""

MIN_LABEL_PX = 48.0
"""Narrowest room worth a shortened title on a mark."""

MIN_SHORT_PX = 110.0
"""With salient titles, the narrowest room worth a shortened title: a shorter stub says too little."""

SHORT_SHARE = 0.6
"""With salient titles, a title is shortened only into room for at least this share of it."""

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


CLUSTER_COLUMNS = ["lane", "y", "x0", "x1", "first", "last", "count"]

CLUSTER_MIN_PX = 72.0
"""Narrowest period a lane's count of events not drawn one by one is given."""

LABEL_EXTRA_ROWS = 0.1
"""With salient labels, rows added for titles at most this share of the rows the marks alone need."""


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
    """Each mark's label and its bounds in days: on the mark, beside it, or (for long marks) shortened on it.

    A title is shortened only where the view's edge leaves it no room.
    """
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
        text = shorten(titles[i], max(right_room, left_room), LABEL_FONT)
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


class _Row:
    """The boxes of one sub-row: ``[lo, hi)`` intervals (``hi`` includes the gap after a box), never overlapping."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []

    def free(self, lo: float, hi: float) -> bool:
        i = bisect.bisect_left(self.starts, hi)  # boxes starting before hi are 0 .. i-1
        return i == 0 or self.ends[i - 1] <= lo

    def add(self, lo: float, hi: float) -> None:
        i = bisect.bisect_left(self.starts, lo)
        self.starts.insert(i, lo)
        self.ends.insert(i, hi)

    def remove(self, lo: float) -> None:
        i = bisect.bisect_left(self.starts, lo)
        del self.starts[i], self.ends[i]

    def around(self, lo: float) -> tuple[float, float]:
        """Where the free stretch around the box starting at ``lo`` begins and ends (infinite: no neighbour)."""
        i = bisect.bisect_left(self.starts, lo)
        before = self.ends[i - 1] if i > 0 else -math.inf
        after = self.starts[i + 1] if i + 1 < len(self.starts) else math.inf
        return before, after


@dataclass
class _Lane:
    """A lane being laid out: the rows of its marks and labels, and which events it shows."""

    name: str
    idx: np.ndarray  # positions of its events, in start order
    rows: list[_Row]
    room: int  # most rows its events may take


def _lane_caps(per_row: list[np.ndarray], max_rows: int | None, max_marks: int | None) -> list[int]:
    """Most rows per lane (the last of a cut lane counts what is left out), so all lanes fit both bounds.

    ``per_row[k][r]`` is how many marks row ``r`` of lane ``k`` holds when packed alone. The cap
    ``c`` is the largest with ``sum(min(need, c)) + lanes <= max_rows`` whose lanes draw at most
    ``max_marks`` marks (a lane cut at ``c`` draws its first ``c - 1`` rows): quiet lanes keep
    all their rows and only the busiest are cut.
    """
    needed = [len(rows) for rows in per_row]
    firsts = [np.concatenate(([0], np.cumsum(rows))) for rows in per_row]  # marks on the first r rows

    def fits(cap: int) -> bool:
        rows = sum(min(n, cap) for n in needed) + len(needed)
        marks = sum(int(f[n]) if n <= cap else int(f[cap - 1]) for n, f in zip(needed, firsts, strict=True))
        return (max_rows is None or rows <= max_rows) and (max_marks is None or marks <= max_marks)

    top = max(needed, default=1)
    if fits(top):
        return list(needed)
    lo, hi = 2, top
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    return [min(n, lo) for n in needed]


def _salient_labels(
    lanes: list[_Lane],
    row_of: np.ndarray,
    order: np.ndarray,
    titles: np.ndarray,
    x0: np.ndarray,
    x1: np.ndarray,
    scale: Scale,
    extra_rows: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Titles for as many drawn marks as fit, most salient first (``order``), without moving any other mark.

    A title goes on its mark when it fits there, else beside it (right, then left) on its row; else
    the mark moves, with its title, to another row of its lane where both fit, or to a new row
    while ``extra_rows`` last; else it is shortened into the room its neighbours leave when that
    holds most of it (``SHORT_SHARE``, at least ``MIN_SHORT_PX``), or the mark stays untitled.
    """
    n = len(titles)
    ppd, span = scale.px_per_day, float(scale.days)
    gap = GAP_PX / ppd
    label = np.full(n, "", dtype=object)
    lx0, lx1 = x0.copy(), x0.copy()
    inside = np.zeros(n, dtype=bool)
    lane_of = {int(i): lane for lane in lanes for i in lane.idx}
    shortened: list[int] = []
    for i in order.tolist():
        lane = lane_of.get(i)
        if lane is None or row_of[i] < 0:
            continue
        title, a, b = titles[i], x0[i], x1[i]
        full_px = text_width(title, LABEL_FONT)
        mark_px = (b - a) * ppd
        if full_px + 2 * GAP_PX <= mark_px:
            label[i], lx0[i], lx1[i], inside[i] = title, a, b, True
            continue
        w = full_px / ppd
        row = lane.rows[row_of[i]]
        right, left = _room(row, a, b, gap, span)
        if w <= right or w <= left:
            side = "right" if w <= right else "left"
        else:
            side, target = None, None
            for r, other in enumerate(lane.rows):
                if r == row_of[i]:
                    continue
                if b + gap + w <= span and other.free(a, b + 2 * gap + w):
                    side, target = "right", r
                elif a - gap - w >= 0 and other.free(a - gap - w, b + gap):
                    side, target = "left", r
                if side:
                    break
            if side is None and extra_rows > 0 and len(lane.rows) < lane.room:
                fits_right = b + gap + w <= span
                if fits_right or a - gap - w >= 0:
                    lane.rows.append(_Row())
                    extra_rows -= 1
                    side, target = ("right" if fits_right else "left"), len(lane.rows) - 1
            if side is not None:
                row.remove(a)
                row = lane.rows[target]
                row.add(a, b + gap)
                row_of[i] = target
        if side is None:
            on_mark = mark_px - 2 * GAP_PX
            room_px = max(right, left) * ppd
            least = max(MIN_SHORT_PX, SHORT_SHARE * full_px)  # a shortened title keeps most of its words
            if on_mark >= least and on_mark >= room_px:
                label[i], lx0[i], lx1[i], inside[i] = shorten(title, on_mark, LABEL_FONT), a, b, True
                continue
            if room_px < least:
                continue
            title = shorten(title, room_px, LABEL_FONT)
            if not title:
                continue
            w = text_width(title, LABEL_FONT) / ppd
            side = "right" if w <= right else "left"
        _put(row, i, side, title, w, a, b, gap, label, lx0, lx1)
        if title != titles[i]:
            shortened.append(i)
    for i in shortened:  # a neighbour that moved rows since may have left room for the whole title
        row = lane_of[i].rows[row_of[i]]
        row.remove(lx0[i])
        a, b = x0[i], x1[i]
        right, left = _room(row, a, b, gap, span)
        w = text_width(titles[i], LABEL_FONT) / ppd
        if w <= right or w <= left:
            _put(row, i, "right" if w <= right else "left", titles[i], w, a, b, gap, label, lx0, lx1)
        else:
            row.add(lx0[i], lx1[i] + gap if lx0[i] >= b else a)
    return label, lx0, lx1, inside


def _room(row: _Row, a: float, b: float, gap: float, span: float) -> tuple[float, float]:
    """Days free for a title right and left of the mark ``[a, b)`` on ``row``, up to its neighbours or the edge."""
    before, after = row.around(a)
    return min(after - gap, span) - (b + gap), a - gap - max(before, 0.0)


def _put(
    row: _Row,
    i: int,
    side: str,
    title: str,
    w: float,
    a: float,
    b: float,
    gap: float,
    label: np.ndarray,
    lx0: np.ndarray,
    lx1: np.ndarray,
) -> None:
    """Write mark ``i``'s title ``title`` (``w`` days wide) on ``side`` of its mark ``[a, b)`` and take its room."""
    if side == "right":
        lx0[i], lx1[i] = b + gap, b + gap + w
        row.add(lx0[i], lx1[i] + gap)
    else:
        lx0[i], lx1[i] = a - gap - w, a - gap
        row.add(lx0[i], a)
    label[i] = title


def _bin_unit(scale: Scale) -> int:
    """Months per period of the counts of events not drawn: the shortest at least ``CLUSTER_MIN_PX`` wide."""
    for months in (1, 12, 60, 120, 600, 1200):
        if months * 30.44 * scale.px_per_day >= CLUSTER_MIN_PX:
            return months
    return 12_000


def _clusters(rows: pd.DataFrame, hidden: dict[str, np.ndarray], lane_y: dict[str, int], scale: Scale) -> pd.DataFrame:
    """Per lane with events not drawn, one count per calendar period (month, year, 5 or 10 years, …) they start in."""
    if not hidden:
        return pd.DataFrame(columns=CLUSTER_COLUMNS)
    months = _bin_unit(scale)
    origin = pd.Timestamp(scale.start)
    first_day, last_day = origin, pd.Timestamp(scale.end)
    out = []
    for lane, idx in hidden.items():
        starts = rows["start"].to_numpy()[idx].astype("datetime64[M]").astype("int64")  # months since 1970-01
        starts = np.maximum(starts, np.datetime64(first_day, "M").astype("int64"))
        keys, counts = np.unique(starts // months, return_counts=True)
        for key, count in zip(keys.tolist(), counts.tolist(), strict=True):
            lo = max(pd.Timestamp(np.datetime64(key * months, "M")), first_day)
            hi = min(pd.Timestamp(np.datetime64((key + 1) * months, "M")) - pd.Timedelta(days=1), last_day)
            x0 = (lo - origin).days
            x1 = (hi - origin).days + 1
            out.append((lane, lane_y[lane], float(x0), float(x1), lo, hi, int(count)))
    return pd.DataFrame(out, columns=CLUSTER_COLUMNS)


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
    :func:`_salient_labels`); ``False`` draws marks alone. With ``max_rows``, the lanes take at
    most that many rows in all: the busiest lanes keep their first rows and count the rest of
    their events per period on their last row (``Layout.clusters``); with ``max_marks`` they draw
    at most that many marks, counting the rest the same way.
    """
    origin = pd.Timestamp(scale.start)
    day = pd.Timedelta(days=1)
    start_days = ((rows["start"] - origin) / day).to_numpy(dtype="float64")
    end_days = ((rows["end"] - origin) / day).to_numpy(dtype="float64")
    x0, x1, cut_before, cut_after = place_marks(start_days, end_days, scale)
    n = len(rows)
    titles = rows["title"].astype(str).to_numpy(dtype=object) if n else np.array([], dtype=object)
    every = labels is True or labels == "all"
    if every and n:
        label, lx0, lx1, inside = _place_labels(titles, x0, x1, scale)
    else:
        label, lx0, lx1, inside = np.full(n, "", dtype=object), x0.copy(), x0.copy(), np.zeros(n, dtype=bool)
    gap = GAP_PX / scale.px_per_day
    box_left = np.minimum(x0, lx0)
    box_right = np.maximum(x1, lx1) + gap
    lane_names = rows["lane"].to_numpy(dtype=object)
    positions = pd.Series(np.arange(n)).groupby(lane_names, sort=False).indices if n else {}
    ids = rows["id"].astype(str).to_numpy(dtype=object)
    row_of = np.full(n, -1, dtype=np.int64)
    lanes: list[_Lane] = []
    per_row: list[np.ndarray] = []
    for name in lane_order:
        idx = positions.get(name)
        if idx is None or not len(idx):
            continue
        # start order; longer marks first on a tie, then by id: the same view always packs the same way
        idx = idx[np.lexsort((ids[idx], -(x1[idx] - x0[idx]), box_left[idx]))]
        got = pack(box_left[idx], box_right[idx])
        row_of[idx] = got
        lanes.append(_Lane(name, idx, [], 0))
        per_row.append(np.bincount(got))
    caps = _lane_caps(per_row, max_rows, max_marks)
    needed = [len(rows) for rows in per_row]
    hidden: dict[str, np.ndarray] = {}
    for lane, need, cap in zip(lanes, needed, caps, strict=True):
        if need > cap:  # the last row counts the events of the rows that do not fit
            cut = row_of[lane.idx] >= cap - 1
            hidden[lane.name] = lane.idx[cut]
            row_of[lane.idx[cut]] = -1
            lane.idx = lane.idx[~cut]
            need = cap - 1
        lane.room = cap if lane.name in hidden else max_rows or 1 << 30
        lane.rows = [_Row() for _ in range(need)]
        for i in lane.idx.tolist():
            lane.rows[row_of[i]].add(float(box_left[i]), float(box_right[i]))
    if labels == "salient" and n:
        salience = rows["salience"].to_numpy(dtype="float64") if "salience" in rows else np.zeros(n)
        order = np.lexsort((ids, start_days, -salience))
        spare = 0 if max_rows is None else max(0, max_rows - sum(caps) - len(caps))
        extra = min(spare, math.ceil(sum(needed) * LABEL_EXTRA_ROWS))
        label, lx0, lx1, inside = _salient_labels(lanes, row_of, order, titles, x0, x1, scale, extra)
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
    shown = row_of >= 0
    for idx in hidden.values():
        y[idx] = -1
        sub_row[idx] = -1
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
    clusters = _clusters(rows, hidden, lane_last, scale)
    counts = {lane: len(idx) for lane, idx in hidden.items()}
    return Layout(marks=marks, lanes=placed, scale=scale, labelled=bool(labels), clusters=clusters, hidden=counts)
