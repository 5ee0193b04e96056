"""Finding quotes in their sources, and what only the found passages tell: a cut attribution, two voices in one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .anchoring import Anchor, NormalizedText, find_normalized
from .attribution import cut_attribution, voice_named
from .checker import Checker, problem_for_miss
from .ellipsis import ellipsize
from .errors import RecordError
from .progress import Progress, anchoring, silent
from .record import Loc
from .schema import BasisPassage, Citation, Event
from .texts import read_checked
from .voice import Unvoiced, citation_voice

if TYPE_CHECKING:
    from .validate import Vocabularies

Quote = tuple[Loc, tuple[str, ...] | tuple[str, int], Citation | BasisPassage, str]
"""A quote to anchor: where it is, its key, the citation (or basis passage), its normalised text.

A citation's key is (event id, citation index); a basis passage's ("", speaker id, entry index).
"""


def anchor_quotes(
    ck: Checker, quotes: dict[str, list[Quote]], vocab: Vocabularies, progress: Progress = silent
) -> dict[tuple[str, int], Anchor]:
    """The anchor of each quote found exactly once in its source, keyed (event id, citation index).

    One source at a time: its text and normalised form are held only while its quotes are
    found, so memory holds one source, not the corpus.
    """
    found_at: dict[tuple[str, int], Anchor] = {}
    for n, (source_id, pending) in enumerate(quotes.items()):
        anchoring(progress, n, len(quotes))
        file = vocab.files[source_id]
        try:
            text = NormalizedText(read_checked(file))
        except RecordError:
            line_loc = pending[0][0]
            ck.add(line_loc, f"{file.display} changed while the record was being read; load it again")
            continue
        for loc, key, c, q in pending:
            found = find_normalized(text, q, prefix=c.prefix, suffix=c.suffix)
            if not isinstance(found, Anchor):
                ck.add((*loc, "quote"), problem_for_miss(file.display, found))
                continue
            found_at[key] = found
            if isinstance(c, Citation):
                _check_attribution(ck, loc, c, text, found, vocab)
        del text
    return found_at


def _check_attribution(
    ck: Checker, loc: Loc, c: Citation, text: NormalizedText, anchor: Anchor, vocab: Vocabularies
) -> None:
    """Warn of a quote that leaves out the attribution of its own sentence, unless its speaker is that voice."""
    cut = cut_attribution(text.original, anchor.start, anchor.end)
    if cut is None:
        return
    src = vocab.sources[c.source]
    try:
        speaker = citation_voice(src, vocab.speakers, c.speaker).speaker
    except (KeyError, Unvoiced):  # reported as unknown, or as a source without a voice
        speaker = None
    names = [src.publisher, src.title] if c.speaker is None else []
    if speaker is not None:
        actor = vocab.actors.get(speaker.actor or "")
        names += [speaker.name, *([actor.name, *actor.aliases] if actor else [])]
    if voice_named(cut, names, speaker_named=c.speaker is not None):
        return
    where = "stops just before" if cut.side == "after" else "starts just after"
    ck.warn(
        (*loc, "quote"),
        f"{where} the attribution of its sentence in {vocab.files[c.source].display}, line "
        f'{text.line_of(cut.start)}: "{ellipsize(cut.clause, 100)}"; include it in the quote, or name that voice as '
        "the speaker",
    )


def check_one_voice_per_passage(
    ck: Checker, event_items: list[tuple[int, Event]], anchors: dict[tuple[str, int], Anchor], vocab: Vocabularies
) -> None:
    """Citations whose passages overlap in one source have one speaker and one perspective.

    Unless one of them says why in ``speaker_note``. See :func:`voice_clashes`.
    """
    by_source: dict[str, list[Passage]] = {}
    for i, ev in event_items:
        for j, c in enumerate(ev.citations):
            anchor = anchors.get((ev.id, j))
            src = vocab.sources.get(c.source)
            if anchor is None or src is None or c.speaker_note:
                continue
            try:
                voice = citation_voice(src, vocab.speakers, c.speaker).key
            except KeyError:
                continue  # reported as unknown
            except Unvoiced:
                voice = ("", "")  # reported as a source without a voice
            passage = (anchor.start, anchor.end, ("events", i, "citations", j), voice)
            by_source.setdefault(c.source, []).append(passage)
    for passages in by_source.values():
        for (_, _, loc, voice), (_, _, other_loc, other) in voice_clashes(passages):
            line, _ = ck.doc.locate(other_loc)
            ck.add((*loc, "speaker"), _two_voices(line, other, voice))


Passage = tuple[int, int, Any, Any]
"""A passage of one source: start, end, where it is cited, and its voice (anything compared with ``==``)."""


def voice_clashes(passages: list[Passage]) -> list[tuple[Passage, Passage]]:
    """Each passage that overlaps an earlier one (in text order) of another voice, with that passage.

    One sort and one sweep, O(n log n) whatever the number of voices: the sweep keeps, of the
    passages seen so far, the one reaching furthest (``first``) and the one reaching furthest
    among those of any other voice than its (``second``). A passage clashes when ``first`` is of
    another voice and reaches past its start, or, when ``first`` is of its own voice, when
    ``second`` does; each passage's voice is compared once.
    """
    clashes = []
    first: Passage | None = None
    second: Passage | None = None
    for p in sorted(passages, key=lambda v: (v[0], v[1])):
        start, end, _, voice = p
        if first is None:
            first = p
            continue
        same = first[3] == voice
        if first[1] > start:
            if not same:
                clashes.append((p, first))
            elif second is not None and second[1] > start:
                clashes.append((p, second))
        if same:
            if end > first[1]:
                first = p
        elif end > first[1]:
            first, second = p, first
        elif second is None or end > second[1]:
            second = p
    return clashes


def _two_voices(line: int, other: tuple[str, str], mine: tuple[str, str]) -> str:
    def who(voice: tuple[str, str]) -> str:
        return (f"speaker {voice[0]!r}" if voice[0] else "no speaker") + f" ({voice[1]})"

    return (
        f"passage overlaps the citation at line {line}, which gives {who(other)}; this one gives {who(mine)}. "
        "One passage has one speaker: make them agree, or say why in speaker_note"
    )
