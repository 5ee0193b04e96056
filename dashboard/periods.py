"""Choosing a period: presets, typed periods and days, kept inside the record's period (pure, no Streamlit).

A period is a pair of inclusive days ``(start, end)``. Whatever sets it (a preset, a typed
period, a typed day, a box drawn on the chart) goes through :func:`clamp` or :func:`clip`, so
the period never leaves the record's and never ends before it starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from loaders.dates import DateError, parse_date
from loaders.ellipsis import ellipsize

Period = tuple[date, date]

MAX_PRESETS = 15
"""At most this many period presets: years, else decades, else centuries, else millennia."""
AROUND_YEARS = 2
""""Around the open event": the event's years and this many years either side."""
MAX_TYPED = 100
"""Longer typed periods are refused before they are parsed."""
WHOLE = "Whole record"
AROUND = "Around the open event"
_STEPS = {1: "year", 10: "decade", 100: "century", 1000: "millennium"}

_SPAN = re.compile(r"^([^/]+?)\s*(?:/|–|—|\s-\s|\bto\b)\s*([^/]+)$", re.IGNORECASE)
"""A span's two ends, for reading one written end first."""


class PeriodError(ValueError):
    """A typed period that cannot be used; the message is one line, fit to show as it is."""


@dataclass(frozen=True)
class Preset:
    """A named period."""

    label: str
    start: date
    end: date


def as_day(value: date | None) -> date | None:
    """A day from a date or a datetime (pandas' Timestamp included); None stays None."""
    if isinstance(value, datetime):
        return value.date()
    return value


def clamp(start: date | None, end: date | None, record: Period) -> Period:
    """Each end moved into the record's period (an open end is the record's), a reversed pair swapped."""
    lo, hi = record
    a = min(max(as_day(start) or lo, lo), hi)
    b = min(max(as_day(end) or hi, lo), hi)
    return (a, b) if a <= b else (b, a)


def in_whole_years(period: Period, record: Period) -> bool:
    """Whether each end of ``period`` is a year's first (last) day or the record's, as a years slider sets it."""
    (start, end), (lo, hi) = period, record
    return (start == lo or (start.month, start.day) == (1, 1)) and (end == hi or (end.month, end.day) == (12, 31))


def whole_years(period: Period, record: Period) -> Period:
    """``period`` widened to whole years, clipped to the record."""
    return clamp(date(period[0].year, 1, 1), date(period[1].year, 12, 31), record)


def clip(start: date, end: date, record: Period, text: str) -> Period:
    """The part of ``start``..``end`` (swapped if reversed) inside the record; :class:`PeriodError` if none."""
    a, b = sorted((start, end))
    lo, hi = record
    if b < lo or a > hi:
        raise PeriodError(f"{quoted(text)} is outside the record, which covers {describe(record)}.")
    return max(a, lo), min(b, hi)


def describe(period: Period) -> str:
    """``1965 to 2020`` for whole years, else ``1965-09-06 to 2020-12-31``."""
    start, end = period
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{start.year} to {end.year}"
    return f"{start.isoformat()} to {end.isoformat()}"


def quoted(text: str, limit: int = 40) -> str:
    """``text`` in quotation marks, shortened to ``limit`` characters."""
    text = " ".join(text.split())
    return "“" + ellipsize(text, limit) + "”"


def _step(record: Period) -> int:
    lo, hi = record
    return next(s for s in _STEPS if hi.year // s - lo.year // s < MAX_PRESETS)


def presets(record: Period) -> list[Preset]:
    """The years, decades, centuries or millennia the record spans (the first step giving at most
    :data:`MAX_PRESETS`), each clipped to the record; none when there is only one."""
    lo, hi = record
    step = _step(record)
    first, last = lo.year // step * step, hi.year // step * step
    if first == last:
        return []
    return [
        Preset(_step_label(year, step), max(lo, date(year, 1, 1)), min(hi, date(min(year + step - 1, 9999), 12, 31)))
        for year in range(first, last + 1, step)
    ]


def options(record: Period, event: Period | None) -> list[Preset]:
    """The presets offered: the whole record, the parts it spans and, with an open ``event``
    (its first and last day), the period around it."""
    out = [Preset(WHOLE, *record), *presets(record)]
    if event is not None:
        out.append(Preset(AROUND, *around(*event, record)))
    return out


def presets_help(record: Period) -> str:
    """What the presets offer, naming how the first is clipped to the record when it is."""
    step, parts = _step(record), presets(record)
    text = "Events whose dates overlap the period are shown. Presets: the whole record"
    if parts:
        text += f", each {_STEPS[step]} it spans"
    if parts and parts[0].start != date(parts[0].start.year // step * step, 1, 1):
        text += f" (within the record's period: {parts[0].label} is {describe((parts[0].start, parts[0].end))})"
    return f"{text} and, with an event open, “{AROUND}”: the event's years and {AROUND_YEARS} years either side."


def examples(record: Period) -> list[str]:
    """What a typed period may look like, with a year inside the record."""
    year = (record[0].year + record[1].year) // 2
    return [str(year), f"{year // 10 * 10}s", f"summer {year}", f"{year}-07/{year}-09", f"{year}-07-28"]


def go_to_help(record: Period) -> str:
    """What the "Go to" box takes."""
    return (
        f"Type a period and press Enter, in any form the record's dates take: {_any_of(record)}. "
        "It is clipped to the record's period; a span written backwards is swapped."
    )


def _any_of(record: Period) -> str:
    *most, last = examples(record)
    return f"{', '.join(most)} or {last}"


def _step_label(year: int, step: int) -> str:
    if step == 1:
        return str(year)
    if step == 10:
        return f"{year}s"
    return f"{year}–{year + step - 1}"


def around(start: date, end: date, record: Period, years: int = AROUND_YEARS) -> Period:
    """The whole years of ``start``..``end`` and ``years`` more either side, clipped to the record."""
    a = date(max(1, start.year - years), 1, 1)
    b = date(min(9999, end.year + years), 12, 31)
    return clamp(a, b, record)


def matching(options: list[Preset], period: Period) -> str | None:
    """The label of the first preset that is exactly ``period``, if any."""
    return next((p.label for p in options if (p.start, p.end) == period), None)


def read_period(text: str, record: Period) -> Period:
    """A typed period in any form the record's dates may take, clipped to the record.

    A span written backwards ("1990/1980") is swapped. Raises :class:`PeriodError` for text
    that is not a date or lies wholly outside the record.
    """
    text = " ".join(text.split())
    if not text:
        raise PeriodError(f"type a period, e.g. {_any_of(record)}.")
    if len(text) > MAX_TYPED:
        raise PeriodError(f"{quoted(text)} is too long for a period (at most {MAX_TYPED} characters).")
    try:
        value = parse_date(text)
        start, end = value.start, value.end
    except DateError:
        start, end = _reversed_span(text, record)
    return clip(start, end, record, text)


def _reversed_span(text: str, record: Period) -> Period:
    """Both ends of a span written end first ("1990 to 1980"); :class:`PeriodError` if ``text`` is no span."""
    m = _SPAN.match(text)
    try:
        if m is None:
            raise DateError(text)
        a, b = parse_date(m.group(1)), parse_date(m.group(2))
    except DateError:
        raise PeriodError(f"{quoted(text)} is not a date; try {_any_of(record)}.") from None
    return min(a.start, b.start), max(a.end, b.end)


def read_day(text: str, record: Period, *, end: bool) -> date:
    """The first day (or, for an ``end``, the last day) of a typed period, clipped to the record."""
    first, last = read_period(text, record)
    return last if end else first
