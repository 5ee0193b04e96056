"""Validating a parsed record: every check, one function per family, every problem reported in one run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .anchoring import normalize
from .checker import Checker, describe, pydantic_problems
from .dates import DateValue
from .errors import RecordError
from .passages import Quote, anchor_quotes, check_one_voice_per_passage
from .places import place_problems
from .progress import Progress, silent
from .record import Loc, Record
from .schema import Actor, BasisPassage, Citation, Event, Place, RecordHead, Source, Speaker, Term
from .spelling import did_you_mean
from .texts import SourceFile, SourceTexts
from .voice import source_voice
from .yamlsource import YamlDocument

MIN_QUOTE_CHARS = 20


def validate(path: Path, doc: YamlDocument, *, strict: bool = False, progress: Progress = silent) -> Record:
    """Check a parsed document; return the Record or raise RecordError with every problem.

    ``strict`` also refuses what is otherwise only warned of (``Record.warnings``) and the older
    forms of the record: a plain-text summary or speaker basis. ``progress`` hears each stage.
    """
    ck = Checker(path, doc, strict)
    head = _check_head(ck)
    period = _check_period(ck, head)
    perspectives = ck.unique("perspectives", ck.items("perspectives", head.perspectives))
    categories = ck.unique("categories", ck.items("categories", head.categories))
    actors = ck.unique("actors", ck.items("actors", head.actors))
    places = _check_places(ck, head)
    speakers, speaker_items = _check_speakers(ck, head, perspectives, actors)
    sources, files = _check_sources(ck, head, perspectives, speakers)
    vocab = Vocabularies(perspectives, categories, actors, sources, files, speakers, places)
    event_items = ck.items("events", head.events)
    dates, quotes = _check_events(ck, event_items, vocab, period)
    for source_id, pending in _basis_quotes(ck, speaker_items, vocab).items():
        quotes.setdefault(source_id, []).extend(pending)
    found = anchor_quotes(ck, quotes, vocab, progress)
    anchors = {key: found[key] for _, ev in event_items for key in _citation_keys(ev) if key in found}
    check_one_voice_per_passage(ck, event_items, anchors, vocab)
    if ck.problems:
        raise RecordError(sorted(ck.problems, key=lambda p: (p.line, p.col)))
    assert period[0] is not None and period[1] is not None
    return Record(
        path,
        title=head.title,
        description=head.description,
        period=(period[0], period[1]),
        sources=sources,
        perspectives=perspectives,
        speakers=speakers,
        actors=actors,
        categories=categories,
        texts=SourceTexts(files),
        places=places,
        events=[ev for _, ev in event_items],
        dates=dates,
        anchors=anchors,
        warnings=ck.warnings,
        doc=doc,
    )


_Period = tuple[DateValue | None, DateValue | None]


@dataclass(frozen=True)
class Vocabularies:
    """What events refer to, by id; ``files`` holds the sources whose file could be read."""

    perspectives: dict[str, Term]
    categories: dict[str, Term]
    actors: dict[str, Actor]
    sources: dict[str, Source]
    files: dict[str, SourceFile]
    speakers: dict[str, Speaker]
    places: dict[str, Place]


def _check_head(ck: Checker) -> Any:
    """The document's sections; raises at once when it is not a mapping of them."""
    data = ck.doc.data
    if not isinstance(data, dict):
        ck.add((), f"expected a mapping with sections {sorted(RecordHead.model_fields)}, found {describe(data)}")
        raise RecordError(ck.problems)
    sections = RecordHead.model_fields
    for name in data:
        if name not in sections:  # reported, then set aside so the rest is still checked
            ck.add((name,), f"unknown field {name!r}" + did_you_mean(str(name), list(sections)), key=True)
    try:
        return RecordHead.model_validate({k: v for k, v in data.items() if k in sections})
    except ValidationError as exc:
        ck.problems.extend(pydantic_problems(ck.doc, (), exc))
        raise RecordError(ck.problems) from None


def _check_period(ck: Checker, head: Any) -> _Period:
    start = ck.date(("period", "start"), head.period.start)
    end = ck.date(("period", "end"), head.period.end)
    if start and end and end.end < start.start:
        ck.add(("period", "end"), f"period ends ({end.label}) before it starts ({start.label})")
    return start, end


def _check_places(ck: Checker, head: Any) -> dict[str, Place]:
    """The places by id: ids unique, parents known, locations as each kind needs, one place per name."""
    items = ck.items("places", head.places)
    places = ck.unique("places", items)
    for i, place in items:
        if place.parent is not None and place.parent != place.id:
            ck.ref(("places", i, "parent"), place.parent, places, "place")
    for loc, message in place_problems(items, places, lambda loc: ck.doc.locate(loc)[0]):
        ck.add(loc, message)
    return places


def _check_speakers(
    ck: Checker, head: Any, perspectives: dict[str, Term], actors: dict[str, Actor]
) -> tuple[dict[str, Speaker], list[tuple[int, Speaker]]]:
    """The speakers by id, each with a known perspective (and actor, when it names one); and where each is."""
    items = ck.items("speakers", head.speakers)
    speakers = ck.unique("speakers", items)
    for i, sp in items:
        ck.ref(("speakers", i, "perspective"), sp.perspective, perspectives, "perspective")
        if sp.actor is not None:
            ck.ref(("speakers", i, "actor"), sp.actor, actors, "actor")
        if isinstance(sp.basis, str):
            ck.strict_only(
                ("speakers", i, "basis"),
                "plain text: strict validation needs a list of passages of the corpus ({source, quote}) "
                "and facts from outside the documents ({outside})",
            )
    return speakers, items


def _basis_quotes(ck: Checker, speaker_items: list[tuple[int, Speaker]], vocab: Vocabularies) -> dict[str, list[Quote]]:
    """The passages of speakers' bases to anchor, by source, each checked like a citation's quote."""
    quotes: dict[str, list[Quote]] = {}
    for i, sp in speaker_items:
        if isinstance(sp.basis, str) or vocab.speakers.get(sp.id) is not sp:
            continue
        for k, entry in enumerate(sp.basis):
            if isinstance(entry, BasisPassage):
                loc: Loc = ("speakers", i, "basis", k)
                q = _checked_quote(ck, loc, entry, vocab)
                if q is not None:
                    quotes.setdefault(entry.source, []).append((loc, ("", sp.id, k), entry, q))
    return quotes


def _check_sources(
    ck: Checker, head: Any, perspectives: dict[str, Term], speakers: dict[str, Speaker]
) -> tuple[dict[str, Source], dict[str, SourceFile]]:
    """The sources by id and the files of those that could be read."""
    source_items = ck.items("sources", head.sources)
    sources = ck.unique("sources", source_items)
    files: dict[str, SourceFile] = {}
    for i, src in source_items:
        if sources.get(src.id) is not src:
            continue
        _check_source_voice(ck, i, src, perspectives, speakers)
        file = ck.source_file(i, src)
        if file is not None:
            files[src.id] = file
    return sources, files


def _check_source_voice(
    ck: Checker, i: int, src: Source, perspectives: dict[str, Term], speakers: dict[str, Speaker]
) -> None:
    """A source speaks through a speaker (whose perspective it takes) or, without one, a perspective."""
    if src.speaker is not None:
        if ck.ref(("sources", i, "speaker"), src.speaker, speakers, "speaker") and src.perspective is not None:
            theirs = source_voice(src, speakers).perspective  # its speaker's, whatever it says itself
            if src.perspective != theirs:
                ck.add(
                    ("sources", i, "perspective"),
                    f"perspective {src.perspective!r} differs from its speaker {src.speaker!r}'s {theirs!r}; "
                    "leave it out (the speaker's applies)",
                )
    elif src.perspective is None:
        ck.add(("sources", i), "needs a speaker (or, in a record without speakers, a perspective)")
    else:
        ck.ref(("sources", i, "perspective"), src.perspective, perspectives, "perspective")


def _citation_keys(ev: Event) -> list[tuple[str, int]]:
    return [(ev.id, j) for j in range(len(ev.citations))]


def _check_events(
    ck: Checker, event_items: list[tuple[int, Event]], vocab: Vocabularies, period: _Period
) -> tuple[dict[str, DateValue], dict[str, list[Quote]]]:
    """Each event's references and date; the quotes to anchor, by source, in the order of the record."""
    unique_events = ck.unique("events", event_items)
    period_start, period_end = period
    dates: dict[str, DateValue] = {}
    quotes: dict[str, list[Quote]] = {}
    for i, ev in event_items:
        if unique_events.get(ev.id) is not ev:
            continue
        for j, actor in enumerate(ev.actors):
            ck.ref(("events", i, "actors", j), actor, vocab.actors, "actor")
        _check_event_places(ck, i, ev, vocab)
        ck.ref(("events", i, "category"), ev.category, vocab.categories, "category")
        d = ck.date(("events", i, "date"), ev.date)
        if d is not None:
            dates[ev.id] = d
            if period_start and period_end and (d.start < period_start.start or d.end > period_end.end):
                ck.add(
                    ("events", i, "date"),
                    f"{d.label} ({d.start} to {d.end}) falls outside the record's period "
                    f"{period_start.label}–{period_end.label}",
                )
        for j, c in enumerate(ev.citations):
            loc: Loc = ("events", i, "citations", j)
            q = _check_citation(ck, loc, c, vocab)
            if q is not None:
                quotes.setdefault(c.source, []).append((loc, (ev.id, j), c, q))
        _check_sentences(ck, i, ev)
    return dates, quotes


_CITE_NUMBER = re.compile(r"[0-9]{1,9}")


def _check_sentences(ck: Checker, i: int, ev: Event) -> None:
    """Each sentence cites citations the event has; each citation supports a sentence or carries a claim."""
    if isinstance(ev.summary, str):
        ck.strict_only(
            ("events", i, "summary"),
            "plain text: strict validation needs a list of sentences, each naming the citations it rests on",
        )
        return
    n = len(ev.citations)
    cited: set[int] = set()
    for k, sentence in enumerate(ev.summary):
        loc: Loc = ("events", i, "summary", k, "cites")
        if not sentence.cites:
            ck.add(loc, "cites no citation")
        for m, ref in enumerate(sentence.cites):
            if not _CITE_NUMBER.fullmatch(ref):
                ck.add((*loc, m), f"expected a citation number (1 to {n}), found {describe(ref)}")
            elif not 1 <= int(ref) <= n:
                ck.add((*loc, m), f"no citation {int(ref)} (the event has {n})")
            else:
                cited.add(int(ref))
    for j, c in enumerate(ev.citations):
        if j + 1 not in cited and c.claim is None:
            ck.warn(("events", i, "citations", j), "citation supports no sentence or claim")


def _check_citation(ck: Checker, loc: Loc, c: Citation, vocab: Vocabularies) -> str | None:
    """The citation's references; its normalised quote when it is long enough to anchor in a readable source."""
    if c.speaker is not None:
        ck.ref((*loc, "speaker"), c.speaker, vocab.speakers, "speaker")
    return _checked_quote(ck, loc, c, vocab)


def _checked_quote(ck: Checker, loc: Loc, c: Citation | BasisPassage, vocab: Vocabularies) -> str | None:
    """A quote's source reference; its normalised text when it is long enough to anchor in a readable source."""
    if not ck.ref((*loc, "source"), c.source, vocab.sources, "source") or c.source not in vocab.files:
        return None
    q = normalize(c.quote)
    n = len(q)
    if n < MIN_QUOTE_CHARS:
        ck.add((*loc, "quote"), f"quote is {n} characters; at least {MIN_QUOTE_CHARS} are needed")
        return None
    return q


def _check_event_places(ck: Checker, i: int, ev: Event, vocab: Vocabularies) -> None:
    """Each place an event names is a known place, named once."""
    named: set[str] = set()
    for j, place in enumerate(ev.places):
        if place in named:
            ck.add(("events", i, "places", j), f"place {place!r} is named twice")
        elif ck.ref(("events", i, "places", j), place, vocab.places, "place"):
            named.add(place)
