"""Dated mentions in the sources that no citation covers: what a curator has not yet recorded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from .dates import DateError, parse_date
from .record import Record

YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})(s)?\b")
_LEAD = re.compile(r"^(?:on|in|at|of|since|from|by|the|until|during)\s+", re.I)

NEAR_CHARS = 200
"""A mention this close to a cited passage, in the same paragraph, counts as covered."""


@dataclass(frozen=True)
class Mention:
    """A phrase with an explicit year in a source text."""

    source_id: str
    file: str
    start: int
    end: int
    line: int
    text: str
    precision: str
    covered: bool


def _precision(phrase: str) -> str:
    text = _LEAD.sub("", phrase.strip(" ,.;:()[]")).strip(" ,.;:")
    try:
        return parse_date(text).precision
    except DateError:
        return "decade" if re.search(r"\d{4}s\b", text) else "year"


def _spans(text: str, today: date) -> list[tuple[int, int]]:
    """Character spans of dated phrases: dateparser's finds that hold a year, plus bare years and decades."""
    from dateparser.search import search_dates

    found: list[tuple[int, int]] = []
    hits = search_dates(
        text,
        languages=["en"],
        settings={"RELATIVE_BASE": datetime(today.year, today.month, today.day), "PREFER_DAY_OF_MONTH": "first"},
    )
    pos = 0
    for phrase, _ in hits or []:
        at = text.find(phrase, pos)
        if at == -1:
            at = text.find(phrase)
            if at == -1:
                continue
        else:
            pos = at + len(phrase)
        if YEAR.search(phrase):
            found.append((at, at + len(phrase)))
    for m in YEAR.finditer(text):
        if not any(s <= m.start() < e for s, e in found):
            found.append(m.span())
    return sorted(found)


def uncovered_mentions(record: Record, *, today: date | None = None, near: int = NEAR_CHARS) -> list[Mention]:
    """Every dated mention in every source, marked covered when a citation's passage is on or near it."""
    today = today or date.today()
    lo, hi = record.period[0].start.year, record.period[1].end.year
    out: list[Mention] = []
    for sid, src in record.sources.items():
        text = record.source_text(sid)
        cited = [(a.start, a.end) for _, _, a in record.source_anchors(sid)]
        for start, end in _spans(text, today):
            phrase = text[start:end]
            years = [int(y) for y, _ in YEAR.findall(phrase)]
            if not years or all(y < lo or y > hi for y in years):
                continue
            para_start = text.rfind("\n", 0, start) + 1
            para_end = text.find("\n", end)
            para_end = len(text) if para_end == -1 else para_end
            covered = any(s < end + near and e > start - near and s < para_end and e > para_start for s, e in cited)
            line = record.source_line(sid, start)
            out.append(Mention(sid, src.file, start, end, line, phrase, _precision(phrase), covered))
    return out
