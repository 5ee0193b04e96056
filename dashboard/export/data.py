"""The filtered events as data: CSV, JSON with every citation, and TimelineJS 3 JSON."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from loaders import CitationView, Record

from ..citations import citation_facts
from ..filters import describe
from ..footnotes import event_sentences, footnoted_html, footnoted_text, mark_titles, numbered, sentence_records
from ..precision import date_parts as known_parts
from ..render import esc
from .common import Selection, record_name

# --- Events as data -------------------------------------------------------------------------


def _one_line(text: object) -> str:
    return " ".join(str(text).split()) if text is not None else ""


CSV_COLUMNS = (
    "id",
    "date",
    "date_label",
    "start",
    "end",
    "precision",
    "date_basis",
    "title",
    "summary",
    "sentences",
    "category",
    "category_label",
    "actors",
    "actor_names",
    "perspectives",
    "speakers",
    "place",
    "tags",
    "contested",
    "contested_note",
    "n_citations",
    "sources",
    "citations",
)


def _citation_line(record: Record, c: CitationView) -> str:
    facts = citation_facts(record, c)
    line = f"[{c.index + 1}] {facts.source} ({', '.join(facts.origin[1:])}; {'; '.join(facts.voice)}): “{c.quote}”"
    if c.claim:
        line += f" [claim: {c.claim}]"
    return _one_line(line)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula."""

_INVISIBLE = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"))
"""Unicode categories of characters a spreadsheet may pass over before a formula start: controls,
format characters (zero-width space and joiners, the byte order mark, direction marks), spaces
and combining marks."""


def neutral_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it and never runs it: a leading ``'`` before a formula start.

    A formula start is looked for after any invisible characters, and in its compatibility form
    (NFKC), so a zero-width space before ``=`` or a fullwidth ``＝``, ``＋``, ``－`` or ``＠`` is
    neutralised too; so is a minus sign (U+2212).
    """
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    for ch in text:
        if unicodedata.category(ch) not in _INVISIBLE:
            first = unicodedata.normalize("NFKC", ch).replace("\u2212", "-")
            return "'" + text if first.startswith(FORMULA_STARTS) else text
    return text


def events_csv(record: Record, frame: pd.DataFrame, *, raw: bool = False) -> bytes:
    """One row per event (a header, then ``len(frame)`` rows; no line breaks inside cells).

    List cells join their items with ``; `` and citations with `` | ``; each citation starts with
    its footnote number (``[2]``), names its source, publisher, perspective, file and line and
    quotes the passage; ``sentences`` is the summary with each sentence followed by the numbers of
    the citations it rests on (``… [1][2]``; the summary as it is when it is plain text). Runs of whitespace
    are written as one space, so every row is one line. A cell that a spreadsheet would take for
    a formula (starting with ``=``, ``+``, ``-`` or ``@``) starts with ``'``, unless ``raw``.
    """
    cell = _one_line if raw else (lambda v: neutral_cell(_one_line(v)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in frame.itertuples(index=False):
        citations = record.citations(row.id)
        writer.writerow(
            cell(v)
            for v in (
                row.id,
                row.date_text,
                row.date_label,
                row.start.date().isoformat(),
                row.end.date().isoformat(),
                row.precision,
                row.date_basis,
                row.title,
                row.summary,
                footnoted_text(numbered(row.summary, row.sentences)),
                row.category,
                row.category_label,
                "; ".join(row.actors),
                "; ".join(row.actor_names),
                "; ".join(row.perspectives),
                "; ".join(row.speaker_names),
                row.place,
                "; ".join(row.tags),
                "true" if row.contested else "false",
                row.contested_note,
                row.n_citations,
                "; ".join(row.sources),
                " | ".join(_citation_line(record, c) for c in citations),
            )
        )
    return out.getvalue().encode("utf-8")


def record_digest(record: Record) -> str:
    """SHA-256 of the record file's bytes (which version of the record an export came from)."""
    try:
        return hashlib.sha256(Path(record.path).read_bytes()).hexdigest()
    except OSError:
        return ""


def _event_dict(record: Record, row: Any) -> dict[str, Any]:
    ev = record.event(row.id)
    d = record.dates[row.id]
    citations = []
    for c in record.citations(row.id):
        facts = citation_facts(record, c)
        citations.append(
            {
                "source": {
                    "id": facts.source_id,
                    "title": facts.source,
                    "publisher": facts.publisher,
                    "published": facts.published,
                    "file": facts.file,
                    "url": facts.url,
                },
                "perspective": {"id": facts.perspective, "label": facts.perspective_label},
                "speaker": {"id": c.speaker, "name": c.speaker_name} if c.speaker else None,
                "number": c.index + 1,
                "claim": c.claim,
                "quote": c.quote,
                "line": facts.line,
                "offsets": [c.start, c.end],
            }
        )
    return {
        "id": ev.id,
        "date": {
            "text": d.text,
            "label": d.label,
            "start": d.start.isoformat(),
            "end": d.end.isoformat(),
            "precision": d.precision,
            "approximate": d.approximate,
            "uncertain": d.uncertain,
        },
        "date_basis": ev.date_basis,
        "title": ev.title,
        "summary": row.summary,
        "sentences": sentence_records(event_sentences(ev.summary)),
        "category": {"id": ev.category, "label": record.categories[ev.category].label},
        "actors": [{"id": a, "name": record.actors[a].name} for a in ev.actors],
        "place": ev.place,
        "tags": list(ev.tags),
        "contested": ev.contested,
        "citations": citations,
    }


def events_json(sel: Selection, query: dict[str, list[str]] | None = None) -> bytes:
    """The filtered events with every citation, and what they were exported from (UTF-8 JSON)."""
    start, end = sel.record.period
    doc = {
        "record": {
            "title": sel.record.title,
            "file": record_name(sel.record),
            "sha256": record_digest(sel.record),
            "period": {"start": start.start.isoformat(), "end": end.end.isoformat()},
        },
        "filters": {
            "description": describe(sel.filters, sel.labels),
            "query": query or {},
        },
        "count": sel.count,
        "total": sel.of,
        "events": [_event_dict(sel.record, row) for row in sel.frame.itertuples(index=False)],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- TimelineJS -------------------------------------------------------------------------------


def date_parts(start: date, end: date, precision: str) -> tuple[dict[str, str], dict[str, str] | None]:
    """TimelineJS ``start_date`` and ``end_date`` (None for a single day, month or year), no finer than known
    (see :func:`dashboard.precision.date_parts`)."""
    return known_parts(start, end, precision)


def _e_label(text: object) -> str:
    """For ``display_date`` and ``group``: TimelineJS decodes them as text, then writes them as HTML.

    Escaping twice makes what it writes the escaped text, so markup in a label shows literally.
    """
    return esc(esc(text))


def _safe_url(url: str | None) -> str | None:
    return url if url and re.match(r"^https?://[^\s\"'<>]+$", url) else None


def _timelinejs_text(record: Record, row: Any) -> str:
    ev = record.event(row.id)
    facts = [
        f"<strong>Date:</strong> {esc(row.date_label)} ({esc(row.precision)} precision)",
        f"<strong>Category:</strong> {esc(row.category_label)}",
        f"<strong>Actors:</strong> {esc(', '.join(row.actor_names))}",
    ]
    if ev.place:
        facts.append(f"<strong>Place:</strong> {esc(ev.place)}")
    parts = [footnoted_html(event_sentences(ev.summary)), "<p>" + "<br>".join(facts) + "</p>"]
    if ev.contested:
        parts.append(f"<p><strong>Contested:</strong> {esc(ev.contested)}</p>")
    parts.append(f"<p><strong>Sources</strong></p>{_sources_html(record, record.citations(row.id))}")
    return "".join(parts)


def _sources_html(record: Record, citations: list[CitationView], anchor: str | None = None) -> str:
    """The event's citations as a numbered list (its footnote numbers), each quote with its source and speaker.

    With ``anchor``, item ``n`` has the id ``{anchor}-{n}`` (the target of footnote mark ``n``).
    """
    items = []
    for c in citations:
        facts = citation_facts(record, c)
        title = esc(facts.source)
        if url := _safe_url(facts.url):
            title = f'<a href="{esc(url)}" target="_blank" rel="noopener">{title}</a>'
        meta = [esc(text) for text in facts.origin[1:] + facts.voice]
        claim = f"<br><strong>Claim:</strong> {esc(c.claim)}" if c.claim else ""
        quote = f"<blockquote>{esc(c.quote)}</blockquote>"
        item_id = f' id="{esc(anchor)}-{c.index + 1}"' if anchor else ""
        items.append(f"<li{item_id}>{quote}<cite>{title}</cite> · {' · '.join(meta)}{claim}</li>")
    return f"<ol>{''.join(items)}</ol>"


def events_html(sel: Selection) -> str:
    """The filtered events as an HTML section, to read under an exported chart (every record string escaped).

    Each event (id ``event-<id>``) gives its date, title and summary, each sentence followed by
    footnote marks that link to the numbered passages it rests on (ids ``event-<id>-<n>``).
    """
    record = sel.record
    articles = []
    for row in sel.frame.itertuples(index=False):
        ev = record.event(row.id)
        anchor = f"event-{row.id}"
        citations = record.citations(row.id)
        summary = footnoted_html(
            event_sentences(ev.summary), href=lambda n, a=anchor: f"#{a}-{n}", titles=mark_titles(record, citations)
        )
        contested = f"<p><strong>Contested:</strong> {esc(ev.contested)}</p>" if ev.contested else ""
        articles.append(
            f'<article id="{esc(anchor)}"><h3>{esc(row.date_label)}: {esc(row.title)}</h3>{summary}{contested}'
            f"{_sources_html(record, citations, anchor)}</article>"
        )
    return f"<section id='events'><h2>Events ({sel.count})</h2>{''.join(articles)}</section>"


def timelinejs(sel: Selection, *, group_by: str | None = None) -> dict[str, Any]:
    """The filtered events as a TimelineJS3 document (every record string HTML-escaped).

    ``group`` is the event's category, or its first actor when grouping by actor (default: the
    view's lanes); ``unique_id`` is the event id; ``display_date`` is the date label. Headlines
    and texts are HTML (escaped once); labels are escaped twice, see :func:`_e_label`.
    """
    group_by = group_by or sel.view.lanes
    events = []
    for row in sel.frame.itertuples(index=False):
        start, end = row.start.date(), row.end.date()
        first, last = date_parts(start, end, row.precision)
        group = row.category_label if group_by == "category" else (row.actor_names[0] if row.actor_names else "")
        event: dict[str, Any] = {
            "unique_id": row.id,
            "start_date": first,
            "display_date": _e_label(row.date_label),
            "text": {"headline": esc(row.title), "text": _timelinejs_text(sel.record, row)},
            "group": _e_label(group),
        }
        if last is not None:
            event["end_date"] = last
        events.append(event)
    description = describe(sel.filters, sel.labels)
    intro = (
        f"<p>{sel.count} of {sel.of} events · filters: {esc(description)}</p>"
        f"<p>Record: {esc(record_name(sel.record))}. Every event cites verbatim passages of its sources.</p>"
    )
    return {"title": {"text": {"headline": esc(sel.record.title), "text": intro}}, "events": events}


def timelinejs_json(sel: Selection, *, group_by: str | None = None) -> bytes:
    """:func:`timelinejs` as UTF-8 JSON, ready for ``new TL.Timeline(element, url)``."""
    return (json.dumps(timelinejs(sel, group_by=group_by), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
