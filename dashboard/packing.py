"""Packing a lane (pure): marks placed at the view's scale and boxes stacked greedily onto sub-rows.

A box is a mark with its title where it has one, ``[left, right)`` in days from the start of the
view; boxes are packed in start order onto the first sub-row where they fit (the stacking
vis-timeline uses), so no two boxes of a lane overlap. :class:`Row` keeps one sub-row's boxes
so titles can later be fitted into the room left between them.
"""

from __future__ import annotations

import bisect
import heapq
import math
from dataclasses import dataclass
from datetime import date

import numpy as np

MIN_MARK_PX = 8.0
"""Narrowest mark on screen: a one-day event is drawn at least this wide."""

GAP_PX = 6.0
"""Space kept between two boxes on one sub-row, and between a mark and its label."""


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


class Row:
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
class Lane:
    """A lane being laid out: the rows of its marks and labels, and which events it shows."""

    name: str
    idx: np.ndarray  # positions of its events, in start order
    rows: list[Row]
    room: int  # most rows its events may take
