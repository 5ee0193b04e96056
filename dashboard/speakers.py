"""Who speaks, and on what basis each speaker has its perspective: from the documents or from outside (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from loaders import BasisView, Record
from loaders.ellipsis import ellipsize

from .render import esc, md_escape

BASIS_LABELS = {
    "document": "From the documents",
    "outside": "Outside the documents",
    "unsourced": "Not sourced",
}
"""How each kind of basis entry is labelled: a passage of the corpus, a stated outside fact, a bare line."""

QUOTE_CHARS = 160
"""Longest quote of a basis passage shown in a tooltip."""


def basis_line(entry: BasisView, *, limit: int | None = None) -> str:
    """One basis entry as a labelled line.

    ``From the documents: “…” (file, line 12)``, ``Outside the documents: …`` or ``Not sourced: …``.
    """
    text = ellipsize(" ".join(entry.text.split()), limit) if limit else " ".join(entry.text.split())
    label = BASIS_LABELS[entry.kind]
    if entry.kind == "document":
        return f"{label}: “{text}” ({entry.source_file}, line {entry.line})"
    return f"{label}: {text}"


@dataclass(frozen=True)
class SpeakerBasis:
    """A speaker, the perspective it is filed under, and each entry of its basis as a labelled line."""

    speaker_id: str
    name: str
    perspective_label: str
    lines: list[str]


def speaker_bases(record: Record, speaker_ids: Iterable[str], *, limit: int | None = None) -> list[SpeakerBasis]:
    """Each speaker (once, in the order given) with its basis; quotes shortened to ``limit`` characters."""
    out = []
    for sid in dict.fromkeys(speaker_ids):
        sp = record.speakers[sid]
        lines = [basis_line(entry, limit=limit) for entry in record.basis(sid)]
        out.append(SpeakerBasis(sid, sp.name, record.perspectives[sp.perspective].label, lines))
    return out


def perspective_speakers(record: Record) -> dict[str, list[SpeakerBasis]]:
    """The speakers of each perspective, in the record's order, with their bases (quotes shortened)."""
    out: dict[str, list[SpeakerBasis]] = {}
    for found in speaker_bases(record, record.speakers, limit=QUOTE_CHARS):
        out.setdefault(record.speakers[found.speaker_id].perspective, []).append(found)
    return out


def filter_help(
    text: str | None,
    names: dict[str, str],
    descriptions: dict[str, str],
    speakers: dict[str, list[SpeakerBasis]] | None = None,
) -> str | None:
    """A vocabulary filter's help (markdown, every record text escaped): its ``text``, then each term.

    A term shows its description, where the record gives one, and the speakers filed under it
    (for perspectives), each with its basis: which entries are read from the documents (with
    the quote) and which rest on knowledge from outside them.
    """
    speakers = speakers or {}
    keys = [k for k in names if k in descriptions or speakers.get(k)]
    if not keys:
        return text
    lines = []
    for k in keys:
        lines.append(f"- {md_escape(names[k])}" + (f": {md_escape(descriptions[k])}" if k in descriptions else ""))
        lines += [f"    - {md_escape(s.name)}: {md_escape('; '.join(s.lines))}" for s in speakers.get(k, [])]
    return f"{md_escape(text or '')}\n\n" + "\n".join(lines)


def speakers_html(found: list[SpeakerBasis]) -> str:
    """A drawer's list of who speaks in its passages: each speaker, its perspective and labelled basis."""
    if not found:
        return ""
    items = "".join(
        f"<li><b>{esc(s.name)}</b> · {esc(s.perspective_label)}"
        f"<ul>{''.join(f'<li>{esc(line)}</li>' for line in s.lines)}</ul></li>"
        for s in found
    )
    return (
        "<details class='speakers' style='font-size:0.88rem;margin:0.6rem 0'>"
        f"<summary>Who speaks in these passages ({len(found)}), and why each has its perspective</summary>"
        f"<ul style='margin-top:4px'>{items}</ul></details>"
    )
