"""Dates with their precision: one written form in, inclusive day bounds and a label out.

Standard forms go to the ``edtf`` library (Library of Congress EDTF, ISO 8601-2); words
("summer 1988", "early 1970s", "circa 1988") are rewritten to EDTF or to explicit bounds;
natural-language days and months ("September 6, 1965") go to ``dateparser``, whose
``period`` tells how precise the text was, so no missing part is ever invented.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from time import struct_time

from .ellipsis import ellipsize

PRECISIONS = ("day", "month", "season", "year", "decade", "span")

ACCEPTED_FORMS = (
    "1965-09-06, 1971-08, 1997, summer 1988 (or EDTF 1988-22), 1988-07/1988-09, 1994/1995, "
    "1970s, 197X, early 1970s, mid-1970s, late 1990s, circa 1988, 1988~, 1988?, September 6, 1965"
)

_MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SEASON_CODES = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_SEASON_NAMES = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SEASON_WORDS = re.compile(r"^(?:the\s+)?(spring|summer|autumn|fall|winter)\s+(?:of\s+)?(\d{4})$", re.I)
_DECADE = re.compile(r"^(?:the\s+)?(?:(early|mid|late)[\s-]*)?(\d{3})0'?s$", re.I)
_PART_YEAR = re.compile(r"^(early|mid|late)[\s-]*(\d{4})$", re.I)
_CIRCA = re.compile(r"^(?:circa|c\.|ca\.|about|around|approximately)\s*(.+)$", re.I)
# Fast paths, each giving what the general parsers (edtf, dateparser) give for the same text
# (tests/test_dates_fast_paths.py compares them): going through those costs milliseconds a text.
_MONTH_NUMBERS = {name.lower(): n for n, name in enumerate(_MONTHS) if name} | {
    name[:3].lower(): n for n, name in enumerate(_MONTHS) if name
}
_NATURAL_DAY = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")
_NATURAL_DAY_FIRST = re.compile(r"^(\d{1,2}) ([A-Za-z]{3,9})\.?,? (\d{4})$")
_NATURAL_MONTH = re.compile(r"^([A-Za-z]{3,9})\.?,? (\d{4})$")
_EDTF_DECADE_X = re.compile(r"^(\d{3})X$")
_EDTF_MONTH_X = re.compile(r"^(\d{4})-(\d{2})-XX$")
_EDTF_YEAR_X = re.compile(r"^(\d{4})-XX(?:-XX)?$")
_SPAN_WORDS = re.compile(r"^(?:from\s+|between\s+)?(.+?)\s*(?:\bto\b|\band\b|\buntil\b|–|—|\s-\s)\s*(.+)$", re.I)


class DateError(ValueError):
    """A date that cannot be read; the message lists the accepted forms."""


@dataclass(frozen=True)
class DateValue:
    """A normalised date: inclusive day bounds, precision and a display label."""

    text: str
    start: date
    end: date
    precision: str
    label: str
    approximate: bool = False
    uncertain: bool = False


def month_end(year: int, month: int) -> date:
    """The last day of ``month`` in ``year``."""
    return date(year, month, calendar.monthrange(year, month)[1])


def calendar_unit(start: date, end: date) -> str:
    """The coarsest unit the days ``start``..``end`` are whole units of: ``year``, ``month`` or ``day``."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return "year"
    if start.day == 1 and end == month_end(end.year, end.month):
        return "month"
    return "day"


def _year(y: int, text: str) -> DateValue:
    return DateValue(text, date(y, 1, 1), date(y, 12, 31), "year", str(y))


def _month(y: int, m: int, text: str) -> DateValue:
    return DateValue(text, date(y, m, 1), month_end(y, m), "month", f"{_MONTHS[m]} {y}")


def _day(d: date, text: str) -> DateValue:
    return DateValue(text, d, d, "day", f"{d.day} {_MONTHS[d.month]} {d.year}")


def _season(y: int, code: int, text: str) -> DateValue:
    first, last = _season_months(code)
    start, end = date(y, first, 1), month_end(y, last)
    if code == 24:  # winter runs from December into the next year's February
        end = month_end(y + 1, 2)
    return DateValue(text, start, end, "season", f"{_SEASON_NAMES[code]} {y}")


@lru_cache(maxsize=8)
def _season_months(code: int) -> tuple[int, int]:
    """First and last month of an EDTF season code (21-24), as the ``edtf`` library defines them."""
    from edtf import appsettings

    first, last = appsettings.SEASON_L2_MONTHS_RANGE[code]
    return first, last


def _decade(prefix: int, part: str | None, text: str) -> DateValue:
    first, last = _PARTS[part.lower()] if part else (0, 9)
    decade = prefix * 10
    label = f"{part.lower()} {decade}s" if part else f"{decade}s"
    if part and part.lower() == "mid":
        label = f"mid-{decade}s"
    return DateValue(text, date(decade + first, 1, 1), date(decade + last, 12, 31), "decade", label)


def _edtf(text: str) -> DateValue | None:
    from edtf import parse_edtf
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parsed = parse_edtf(text)
    except (EDTFParseException, ValueError, TypeError):
        return None
    lo, hi = parsed.lower_strict(), parsed.upper_strict()
    if not (isinstance(lo, struct_time) and isinstance(hi, struct_time)):
        return None  # an open bound, given as an infinite number
    start, end = date(lo.tm_year, lo.tm_mon, lo.tm_mday), date(hi.tm_year, hi.tm_mon, hi.tm_mday)
    if "X" in text:
        return _from_bounds(text, start, end)
    precision = getattr(parsed, "precision", None)
    if precision in ("day", "month", "year"):
        return DateValue(text, start, end, precision, text)
    return DateValue(text, start, end, "span", text)


def _from_bounds(text: str, start: date, end: date) -> DateValue:
    """Classify bounds an EDTF ``X`` left open: a whole month, year or decade, else a span."""
    unit = calendar_unit(start, end)
    if unit == "month" and (start.year, start.month) == (end.year, end.month):
        return _month(start.year, start.month, text)
    if unit == "year":
        if start.year == end.year:
            return _year(start.year, text)
        if start.year % 10 == 0 and end.year == start.year + 9:
            return _decade(start.year // 10, None, text)
    return DateValue(text, start, end, "span", text)


def _fast(text: str) -> DateValue | None:
    """Common forms the general parsers would read the same way, without them (None: not one of them)."""
    try:
        if m := _NATURAL_DAY.match(text):
            month = _MONTH_NUMBERS.get(m.group(1).lower())
            if month:
                return _day(date(int(m.group(3)), month, int(m.group(2))), text)
        elif m := _NATURAL_DAY_FIRST.match(text):
            month = _MONTH_NUMBERS.get(m.group(2).lower())
            if month:
                return _day(date(int(m.group(3)), month, int(m.group(1))), text)
        elif m := _NATURAL_MONTH.match(text):
            month = _MONTH_NUMBERS.get(m.group(1).lower())
            if month:
                return _month(int(m.group(2)), month, text)
        elif m := _EDTF_DECADE_X.match(text):
            return _decade(int(m.group(1)), None, text)
        elif m := _EDTF_MONTH_X.match(text):
            month = int(m.group(2))
            if 1 <= month <= 12:
                return _month(int(m.group(1)), month, text)
        elif m := _EDTF_YEAR_X.match(text):
            return _year(int(m.group(1)), text)
    except ValueError:  # e.g. 31 June: left to the general parsers, which decide
        return None
    return None


_MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?![a-z])", re.IGNORECASE)
_BASES = (date(2001, 3, 15), date(2002, 11, 20))
"""Two different "today"s: a written date must mean the same day under both, or it is refused."""


def _natural(text: str) -> DateValue | None:
    """A date written in words ("September 6, 1965", "Sept 1965"): a four-digit year and a month name.

    Nothing is filled in from the day the record is read: a text whose reading changes with
    "today" (a relative phrase, a missing part) is refused.
    """
    if not re.search(r"\b\d{4}\b", text) or not _MONTH_NAME.search(text):
        return None
    first, second = (_natural_at(text, base) for base in _BASES)
    return first if first == second else None


def _natural_at(text: str, base: date) -> DateValue | None:
    data = _date_parser(base).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    if data.period == "day":
        return _day(d, text)
    if data.period == "month":
        return _month(d.year, d.month, text)
    if data.period == "year":
        return _year(d.year, text)
    return None


@lru_cache(maxsize=4)
def _date_parser(base: date):  # noqa: ANN202 - dateparser has no public type for this
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "REQUIRE_PARTS": ["year"],
            "PREFER_DAY_OF_MONTH": "first",
        },
    )


def parse_date(value: object) -> DateValue:
    """Normalise a written date (see ``ACCEPTED_FORMS``); raise :class:`DateError` if unreadable.

    ``value`` may be a str, an int (``1997``) or a ``date`` (what YAML makes of ``1965-09-06``);
    either way it is read as the text the author wrote. Nothing is taken from the day it is read:
    a text whose reading would depend on it (a relative phrase, a missing part) is refused.
    """
    if isinstance(value, bool) or value is None:
        raise DateError(f"expected a date, found {value!r}; accepted forms: {ACCEPTED_FORMS}")
    if isinstance(value, date):
        value = value.isoformat()
    text = " ".join(str(value).split())
    return _parse_text(text)


@lru_cache(maxsize=65536)
def _parse_text(text: str) -> DateValue:
    try:
        result = _parse(text)
    except (ValueError, OverflowError, RecursionError):  # years outside 1-9999, forms nested past reason
        result = None
    if result is None:
        raise DateError(f"expected a date, found {ellipsize(text, 60)!r}; accepted forms: {ACCEPTED_FORMS}")
    if result.end < result.start:
        raise DateError(f"{ellipsize(text, 60)!r} ends ({result.end}) before it starts ({result.start})")
    return result


def _parse(text: str) -> DateValue | None:
    if not text:
        return None
    try:
        if m := _YEAR.match(text):
            return _year(int(m.group(1)), text)
        if m := _MONTH.match(text):
            y, n = int(m.group(1)), int(m.group(2))
            if 1 <= n <= 12:
                return _month(y, n, text)
            if n in _SEASON_NAMES:
                return _season(y, n, text)
            return None
        if _DAY.match(text):
            return _day(date.fromisoformat(text), text)
    except ValueError:
        return None
    if text[-1] in "~?%":
        inner = _parse(text[:-1].strip())
        if inner is None:
            return None
        approx, uncertain = text[-1] in "~%", text[-1] in "?%"
        label = f"c. {inner.label}" if approx else inner.label
        label = f"{label}?" if uncertain else label
        return DateValue(text, inner.start, inner.end, inner.precision, label, approx, uncertain)
    if m := _CIRCA.match(text):
        inner = _parse(m.group(1))
        if inner is None:
            return None
        return DateValue(text, inner.start, inner.end, inner.precision, f"c. {inner.label}", True, inner.uncertain)
    if m := _SEASON_WORDS.match(text):
        return _season(int(m.group(2)), _SEASON_CODES[m.group(1).lower()], text)
    if m := _DECADE.match(text):
        return _decade(int(m.group(2)), m.group(1), text)
    if m := _PART_YEAR.match(text):
        part, y = m.group(1).lower(), int(m.group(2))
        first, last = _PART_MONTHS[part]
        label = f"mid-{y}" if part == "mid" else f"{part} {y}"
        return DateValue(text, date(y, first, 1), month_end(y, last), "span", label)
    if "/" in text:
        if text.count("/") > 1:
            return None  # a span has two ends
        left, _, right = text.partition("/")
        return _span(text, left, right)
    if m := _SPAN_WORDS.match(text):
        span = _span(text, m.group(1), m.group(2))
        if span is not None:
            return span
    return _fast(text) or _edtf(text) or _natural(text)


def _span(text: str, left: str, right: str) -> DateValue | None:
    if {left.strip(), right.strip()} & {"", ".."}:
        return None  # an open or unknown end (EDTF ``1988/..``, ``1988/``) bounds nothing
    a, b = _parse(left.strip()), _parse(right.strip())
    if a is None or b is None:
        return _edtf(text)
    label = f"{a.label}–{b.label}" if a.precision == b.precision == "year" else f"{a.label} – {b.label}"
    return DateValue(text, a.start, b.end, "span", label, a.approximate or b.approximate, a.uncertain or b.uncertain)
