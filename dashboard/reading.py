"""Reading events and documents: the order of a view, the sides of a contested event, passages
grouped by paragraph, a document's highlights and finding text in it (pure, no Streamlit)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from loaders import CitationView, Record

from .citations import citation_facts

MAX_FOUND = 500
"""Finding text in a document stops after this many matches."""


def view_order(frame: pd.DataFrame) -> list[str]:
    """The ids of a view's events in date order (first day, then last day, then record order)."""
    if frame.empty:
        return []
    ordered = frame.assign(_row=range(len(frame))).sort_values(["start", "end", "_row"], kind="stable")
    return [str(i) for i in ordered["id"]]


@dataclass(frozen=True)
class Position:
    """Where an event sits in a view: its neighbours in date order, its 1-based place and the count."""

    previous: str | None
    next: str | None
    place: int  # 0 when the event is not in the view
    count: int


def position(order: Sequence[str], event_id: str) -> Position:
    """The event's :class:`Position` in ``order`` (a view's :func:`view_order`)."""
    try:
        i = order.index(event_id)
    except ValueError:
        return Position(None, None, 0, len(order))
    return Position(order[i - 1] if i > 0 else None, order[i + 1] if i + 1 < len(order) else None, i + 1, len(order))


@dataclass(frozen=True)
class Claim:
    """One side's claim about a contested event: who makes it, what it is, and where it is quoted."""

    index: int  # the citation's position in its event
    speaker: str
    claim: str
    location: str  # file and line
    line: int


@dataclass(frozen=True)
class Side:
    """The claims of one perspective, under that perspective's label."""

    perspective: str
    label: str
    claims: list[Claim] = field(default_factory=list)


def sides(record: Record, citations: Iterable[CitationView]) -> list[Side]:
    """Claims among an event's citations grouped by perspective, in the record's order of perspectives."""
    by_perspective: dict[str, Side] = {}
    for c in citations:
        if not c.claim:
            continue
        facts = citation_facts(record, c)
        side = by_perspective.setdefault(c.perspective, Side(c.perspective, facts.perspective_label))
        side.claims.append(Claim(c.index, c.voice.name, c.claim, facts.location, c.line))
    order = {p: i for i, p in enumerate(record.perspectives)}
    return sorted(by_perspective.values(), key=lambda s: order.get(s.perspective, len(order)))


@dataclass(frozen=True)
class ParagraphGroup:
    """A paragraph of one source with every quote of the event inside it (offsets within the paragraph)."""

    source_id: str
    paragraph: str
    start: int  # of the paragraph in the source
    spans: list[tuple[int, int]]
    citations: list[CitationView]


def paragraph_groups(citations: Iterable[CitationView]) -> list[ParagraphGroup]:
    """Citations grouped by the paragraph they quote, each paragraph once, in citation order."""
    groups: dict[tuple[str, int], ParagraphGroup] = {}
    for c in citations:
        key = (c.source_id, c.paragraph_start)
        group = groups.get(key)
        if group is None:
            group = groups[key] = ParagraphGroup(c.source_id, c.paragraph, c.paragraph_start, [], [])
        group.spans.append((c.start - c.paragraph_start, c.end - c.paragraph_start))
        group.citations.append(c)
    return list(groups.values())


@dataclass(frozen=True)
class Highlight:
    """A cited passage in a document and the event that cites it."""

    start: int
    end: int
    event_id: str
    title: str


def highlights(record: Record, source_id: str, events: set[str] | None = None) -> list[Highlight]:
    """The document's cited passages in text order, only those of ``events`` when given."""
    return [
        Highlight(a.start, a.end, eid, record.event(eid).title)
        for eid, _, a in record.source_anchors(source_id)
        if events is None or eid in events
    ]


def find_all(text: str, query: str, *, limit: int = MAX_FOUND) -> list[tuple[int, int]]:
    """Where ``query`` occurs in ``text``, ignoring case and how whitespace is spaced (at most ``limit``)."""
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    found = []
    for m in pattern.finditer(text):
        found.append((m.start(), m.end()))
        if len(found) >= limit:
            break
    return found


def span_at(spans: Sequence[tuple[int, int]], offset: int | None) -> int:
    """The index of the first span that ends after ``offset`` (the last one when none; 0 for no offset)."""
    if offset is None:
        return 0
    for i, (_start, end) in enumerate(spans):
        if offset < end:
            return i
    return max(len(spans) - 1, 0)
