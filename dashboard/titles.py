"""Titles on a laid-out timeline (pure): on each mark, beside it, or shortened into the room its neighbours leave.

With every mark titled, each title is placed before packing and packed with its mark as one box
(:func:`place_labels`). With salient titles, marks are packed alone and titles are then fitted
around them, most salient first (:func:`salient_labels`), never moving another mark.
"""

from __future__ import annotations

import numpy as np

from .packing import GAP_PX, Lane, Row, Scale
from .textfit import shorten, text_width

LABEL_FONT = 11
"""Font size of the labels on marks, in pixels."""

MIN_LABEL_PX = 48.0
"""Narrowest room worth a shortened title on a mark."""

MIN_SHORT_PX = 110.0
"""With salient titles, the narrowest room worth a shortened title: a shorter stub says too little."""

SHORT_SHARE = 0.6
"""With salient titles, a title is shortened only into room for at least this share of it."""


def place_labels(
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


def salient_labels(
    lanes: list[Lane],
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
    fitting = _Titles(titles, x0, x1, scale, extra_rows)
    lane_of = {int(i): lane for lane in lanes for i in lane.idx}
    shortened: list[int] = []
    for i in order.tolist():
        lane = lane_of.get(i)
        if lane is None or row_of[i] < 0:
            continue
        title = fitting.place(lane, row_of, i)
        if title is not None and title != titles[i]:
            shortened.append(i)
    for i in shortened:  # a neighbour that moved rows since may have left room for the whole title
        fitting.widen(lane_of[i].rows[row_of[i]], i)
    return fitting.label, fitting.lx0, fitting.lx1, fitting.inside


class _Titles:
    """The titles of a view being fitted: each mark's label, its bounds in days, and whether it sits on the mark."""

    def __init__(self, titles: np.ndarray, x0: np.ndarray, x1: np.ndarray, scale: Scale, extra_rows: int) -> None:
        n = len(titles)
        self.titles, self.x0, self.x1 = titles, x0, x1
        self.ppd, self.span = scale.px_per_day, float(scale.days)
        self.gap = GAP_PX / self.ppd
        self.extra_rows = extra_rows
        self.label = np.full(n, "", dtype=object)
        self.lx0, self.lx1 = x0.copy(), x0.copy()
        self.inside = np.zeros(n, dtype=bool)

    def place(self, lane: Lane, row_of: np.ndarray, i: int) -> str | None:
        """Title mark ``i``; the title written beside it (maybe shortened), or None (on the mark, or untitled)."""
        title, a, b = self.titles[i], self.x0[i], self.x1[i]
        full_px = text_width(title, LABEL_FONT)
        mark_px = (b - a) * self.ppd
        if full_px + 2 * GAP_PX <= mark_px:
            self._on_mark(i, title)
            return None
        w = full_px / self.ppd
        row = lane.rows[row_of[i]]
        right, left = self._room(row, a, b)
        if w <= right or w <= left:
            side: str | None = "right" if w <= right else "left"
        else:
            side, row = self._move(lane, row_of, i, w)
        if side is None:
            return self._shortened(row, i, full_px, right, left)
        self._put(row, i, side, title, w)
        return title

    def widen(self, row: Row, i: int) -> None:
        """Give mark ``i``'s shortened title back its whole text where its row now has room for it."""
        row.remove(self.lx0[i])
        a, b = self.x0[i], self.x1[i]
        right, left = self._room(row, a, b)
        w = text_width(self.titles[i], LABEL_FONT) / self.ppd
        if w <= right or w <= left:
            self._put(row, i, "right" if w <= right else "left", self.titles[i], w)
        else:
            row.add(self.lx0[i], self.lx1[i] + self.gap if self.lx0[i] >= b else a)

    def _move(self, lane: Lane, row_of: np.ndarray, i: int, w: float) -> tuple[str | None, Row]:
        """Move mark ``i`` to another row of its lane where it and its title (``w`` days) fit, or to a new row
        while extra rows last; the side its title goes on (None: it stays) and the row it is on."""
        a, b, gap, span = self.x0[i], self.x1[i], self.gap, self.span
        row = lane.rows[row_of[i]]
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
        if side is None and self.extra_rows > 0 and len(lane.rows) < lane.room:
            fits_right = b + gap + w <= span
            if fits_right or a - gap - w >= 0:
                lane.rows.append(Row())
                self.extra_rows -= 1
                side, target = ("right" if fits_right else "left"), len(lane.rows) - 1
        if side is None or target is None:
            return None, row
        row.remove(a)
        row = lane.rows[target]
        row.add(a, b + gap)
        row_of[i] = target
        return side, row

    def _shortened(self, row: Row, i: int, full_px: float, right: float, left: float) -> str | None:
        """Mark ``i``'s title shortened onto its mark or into the room beside it (``right``, ``left`` days) when
        that keeps most of it; the title written beside the mark, or None."""
        a, b = self.x0[i], self.x1[i]
        on_mark = (b - a) * self.ppd - 2 * GAP_PX
        room_px = max(right, left) * self.ppd
        least = max(MIN_SHORT_PX, SHORT_SHARE * full_px)  # a shortened title keeps most of its words
        if on_mark >= least and on_mark >= room_px:
            self._on_mark(i, shorten(self.titles[i], on_mark, LABEL_FONT))
            return None
        if room_px < least:
            return None
        title = shorten(self.titles[i], room_px, LABEL_FONT)
        if not title:
            return None
        w = text_width(title, LABEL_FONT) / self.ppd
        self._put(row, i, "right" if w <= right else "left", title, w)
        return title

    def _on_mark(self, i: int, title: str) -> None:
        self.label[i], self.lx0[i], self.lx1[i], self.inside[i] = title, self.x0[i], self.x1[i], True

    def _room(self, row: Row, a: float, b: float) -> tuple[float, float]:
        """Days free for a title right and left of the mark ``[a, b)`` on ``row``, up to its neighbours or the edge."""
        before, after = row.around(a)
        return min(after - self.gap, self.span) - (b + self.gap), a - self.gap - max(before, 0.0)

    def _put(self, row: Row, i: int, side: str, title: str, w: float) -> None:
        """Write mark ``i``'s title ``title`` (``w`` days wide) on ``side`` of its mark and take its room."""
        a, b, gap = self.x0[i], self.x1[i], self.gap
        if side == "right":
            self.lx0[i], self.lx1[i] = b + gap, b + gap + w
            row.add(self.lx0[i], self.lx1[i] + gap)
        else:
            self.lx0[i], self.lx1[i] = a - gap - w, a - gap
            row.add(self.lx0[i], a)
        self.label[i] = title
