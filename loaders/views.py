"""A record's citations and speakers' bases as the views show them: where each passage is, who speaks in it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .anchoring import CONTEXT_CHARS, Anchor, NormalizedText, find_normalized, normalize, paragraph
from .schema import BasisPassage, Speaker
from .voice import Voice

if TYPE_CHECKING:
    from .record import Record


@dataclass(frozen=True)
class CitationView:
    """A citation with its source's metadata and where its quote sits in the source text."""

    event_id: str
    index: int
    source_id: str
    source_title: str
    source_file: str
    publisher: str
    published: str | None
    url: str | None
    perspective: str
    perspective_label: str
    speaker: str | None
    speaker_name: str | None
    claim: str | None
    quote: str
    start: int
    end: int
    line: int
    prefix: str
    suffix: str
    paragraph: str
    paragraph_start: int
    voice: Voice
    """Who speaks in the passage (``speaker``, ``speaker_name`` and ``perspective`` are its parts)."""


@dataclass(frozen=True)
class BasisView:
    """One entry of a speaker's basis: a passage of the corpus (with where it is) or a fact from outside it.

    ``kind`` is "document" (a passage found in ``source_id``: ``text`` is the passage as the
    source has it, ``line`` its line), "outside" (a fact the documents do not give) or "unsourced"
    (a line of text of an older record, neither anchored nor marked as outside).
    """

    kind: str
    text: str
    source_id: str | None = None
    source_title: str | None = None
    source_file: str | None = None
    line: int | None = None


def citation_views(record: Record, event_id: str) -> list[CitationView]:
    """The event's citations with source metadata, offsets, line and surrounding paragraph."""
    out = []
    for i, c in enumerate(record.event(event_id).citations):
        src = record.sources[c.source]
        anchor = record.anchors[(event_id, i)]
        text = record.source_text(c.source)
        start, end = anchor.start, anchor.end  # what is quoted is taken from the source text, never stored
        p_start, p_end = paragraph(text, start, end)
        voice = record.citation_voice(c)
        speaker, persp = voice.speaker, voice.perspective
        out.append(
            CitationView(
                event_id=event_id,
                index=i,
                source_id=src.id,
                source_title=src.title,
                source_file=src.file,
                publisher=src.publisher,
                published=src.published,
                url=src.url,
                perspective=persp,
                perspective_label=record.perspectives[persp].label,
                speaker=speaker.id if speaker else None,
                speaker_name=speaker.name if speaker else None,
                voice=voice,
                claim=c.claim,
                quote=text[start:end],
                start=start,
                end=end,
                line=record.source_line(c.source, start),
                prefix=text[max(0, start - CONTEXT_CHARS) : start],
                suffix=text[end : end + CONTEXT_CHARS],
                paragraph=text[p_start:p_end],
                paragraph_start=p_start,
            )
        )
    return out


def basis_anchors(speakers: Mapping[str, Speaker], text_of: Callable[[str], str]) -> dict[tuple[str, int], Anchor]:
    """Where each passage of a speaker's basis sits, by (speaker id, entry index), found in ``text_of(source)``."""
    wanted: dict[str, list[tuple[tuple[str, int], BasisPassage]]] = {}
    for sp in speakers.values():
        if not isinstance(sp.basis, str):
            for k, entry in enumerate(sp.basis):
                if isinstance(entry, BasisPassage):
                    wanted.setdefault(entry.source, []).append(((sp.id, k), entry))
    found: dict[tuple[str, int], Anchor] = {}
    for source_id, entries in wanted.items():
        text = NormalizedText(text_of(source_id))
        for key, entry in entries:
            anchor = find_normalized(text, normalize(entry.quote), prefix=entry.prefix, suffix=entry.suffix)
            if isinstance(anchor, Anchor):
                found[key] = anchor
    return found


def basis_views(record: Record, speaker_id: str, anchors: Mapping[tuple[str, int], Anchor]) -> list[BasisView]:
    """Why a speaker has its perspective: each entry of its basis, read from the documents or from outside."""
    basis = record.speakers[speaker_id].basis
    if isinstance(basis, str):
        return [BasisView("unsourced", basis)]
    out = []
    for k, entry in enumerate(basis):
        if not isinstance(entry, BasisPassage):
            out.append(BasisView("outside", entry.outside))
            continue
        src = record.sources[entry.source]
        anchor = anchors[(speaker_id, k)]
        out.append(BasisView("document", anchor.exact, src.id, src.title, src.file, anchor.line))
    return out
