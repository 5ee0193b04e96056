"""Loading a record: read, validate, normalise dates, anchor quotes; every problem reported."""

from __future__ import annotations

import gc
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ValidationError

from . import cache as _cache
from .anchoring import CONTEXT_CHARS, Anchor, Miss, NormalizedText, find_normalized, normalize, paragraph
from .attribution import cut_attribution, voice_named
from .dates import DateError, DateValue, parse_date
from .ellipsis import ellipsize
from .errors import Problem, RecordError
from .files import FileRefused, read_regular
from .progress import CHECK, READ, SAVE, Progress, anchoring, silent
from .schema import (
    FIELD_NAMES,
    REPLACED_FIELDS,
    SECTIONS,
    Actor,
    BasisPassage,
    Citation,
    Event,
    RecordHead,
    Source,
    Speaker,
    Term,
    summary_sentences,
    summary_text,
)
from .spelling import did_you_mean
from .texts import MAX_SOURCE_BYTES, SourceFile, SourceTexts, digest, read_checked
from .yamlsource import MAX_BYTES as MAX_RECORD_BYTES
from .yamlsource import YamlDocument, read_yaml

MIN_QUOTE_CHARS = 20
MAX_SUGGESTIONS = 100
"""At most this many unknown references get a "did you mean" hint (each costs a pass over the known ids)."""

Loc = tuple[str | int, ...]


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


class Record:
    """A validated record: vocabularies, sources with their texts, events with dates and anchors."""

    def __init__(
        self,
        path: Path,
        head: BaseModel,
        period: tuple[DateValue, DateValue],
        sources: dict[str, Source],
        perspectives: dict[str, Term],
        speakers: dict[str, Speaker],
        actors: dict[str, Actor],
        categories: dict[str, Term],
        events: list[Event],
        dates: dict[str, DateValue],
        anchors: dict[tuple[str, int], Anchor],
        texts: SourceTexts,
        warnings: list[tuple[Loc, str]] | None = None,
        doc: YamlDocument | None = None,
    ) -> None:
        self.path = path
        self.title: str = head.title
        self.description: str | None = head.description
        self.period = period
        self.sources = sources
        self.perspectives = perspectives
        self.speakers = speakers
        self.actors = actors
        self.categories = categories
        self.events = events
        self.dates = dates
        self.anchors = anchors
        self._texts = texts
        self.cache_note: str | None = None
        """Why the validated record could not be cached, when it could not (None otherwise)."""
        self.from_cache = False
        """Whether the record was opened from the cache of validated records."""
        self._warning_spots = warnings or []
        self._doc = doc
        self._record_sha256: str | None = None

    @classmethod
    def _from_cache(cls, path: Path, cached: _cache.Cached) -> Record:
        """The record a matching, checked cache holds; events, dates and anchors are made on first use."""
        record = cls.__new__(cls)
        record.path = path
        record.title = cached.title
        record.description = cached.description
        record.period = cached.period
        record.sources = cached.sections["sources"]
        record.perspectives = cached.sections["perspectives"]
        record.speakers = cached.sections["speakers"]
        record.actors = cached.sections["actors"]
        record.categories = cached.sections["categories"]
        record._texts = SourceTexts(cached.files)
        record._table = cached.table
        if cached.table.num_rows:  # a record without events makes its empty frame as a fresh load does
            record._frame = _cache.frame(cached)
        record.cache_note = None
        record.from_cache = True
        record._warning_spots = list(cached.warnings)
        record._doc = None
        record._record_sha256 = cached.record_sha256
        return record

    @cached_property
    def warnings(self) -> list[Problem]:
        """What validation warns of without refusing the record (strict validation refuses it), located.

        Located on first use, so a record with warnings loads as fast as one without: the record
        file is read again for positions (refused if it changed since the record was loaded).
        """
        if not self._warning_spots:
            return []
        doc = self._doc or self._document_again()
        found = [replace(doc.problem(loc, message), warning=True) for loc, message in self._warning_spots]
        return sorted(found, key=lambda p: (p.line, p.col))

    def _document_again(self) -> YamlDocument:
        """The record file as it was validated (a cached record's), to locate problems in."""
        display = str(self.path)
        try:
            raw = read_regular(self.path, MAX_RECORD_BYTES)
        except FileRefused as exc:
            raise RecordError([Problem(display, 0, 0, "", str(exc))]) from None
        if hashlib.sha256(raw).hexdigest() != self._record_sha256:
            raise RecordError([Problem(display, 0, 0, "", "changed since it was loaded; load it again")])
        text = raw.decode("utf-8").removeprefix("\ufeff")
        return YamlDocument(None, None, display, lambda: text)

    @cached_property
    def events(self) -> list[Event]:
        """The events, in the record's order (made from the cache on first use in a cached record)."""
        return _cache.events(self._table)

    @cached_property
    def dates(self) -> dict[str, DateValue]:
        """Each event's normalised date, by event id."""
        return _cache.dates(self._table)

    @cached_property
    def anchors(self) -> dict[tuple[str, int], Anchor]:
        """Where each citation's quote sits in its source, by (event id, citation index)."""
        return _cache.anchors(self._table)

    @cached_property
    def _by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def event(self, event_id: str) -> Event:
        """The event with this id (KeyError if there is none)."""
        return self._by_id[event_id]

    def source_text(self, source_id: str) -> str:
        """The full original text of a source."""
        return self._texts.text(source_id)

    def source_line(self, source_id: str, offset: int) -> int:
        """1-based line number of a character offset in a source's original text."""
        return self._texts.line_of(source_id, offset)

    @property
    def source_files(self) -> dict[str, SourceFile]:
        """Each readable source's file and the hash of the bytes the record was validated against."""
        return self._texts.files

    def citation_speaker(self, citation: Citation) -> Speaker | None:
        """Who asserts the quoted words: the citation's speaker, else its source's (None in a record without)."""
        sid = citation.speaker or self.sources[citation.source].speaker
        return self.speakers[sid] if sid else None

    def source_perspective(self, source_id: str) -> str:
        """The perspective of a document's own words: its speaker's, else (a record without speakers) its own."""
        src = self.sources[source_id]
        perspective = self.speakers[src.speaker].perspective if src.speaker else src.perspective
        assert perspective is not None  # the validator requires a speaker or a perspective
        return perspective

    def citation_perspective(self, citation: Citation) -> str:
        """The perspective a citation speaks for: that of its speaker (see :meth:`citation_speaker`)."""
        if citation.speaker:
            return self.speakers[citation.speaker].perspective
        return self.source_perspective(citation.source)

    def citations(self, event_id: str) -> list[CitationView]:
        """The event's citations with source metadata, offsets, line and surrounding paragraph."""
        out = []
        for i, c in enumerate(self.event(event_id).citations):
            src = self.sources[c.source]
            anchor = self.anchors[(event_id, i)]
            text = self._texts.text(c.source)
            start, end = anchor.start, anchor.end  # what is quoted is taken from the source text, never stored
            p_start, p_end = paragraph(text, start, end)
            speaker = self.citation_speaker(c)
            persp = speaker.perspective if speaker else self.source_perspective(c.source)
            out.append(
                CitationView(
                    event_id=event_id,
                    index=i,
                    source_id=src.id,
                    source_title=src.title,
                    source_file=src.file,
                    publisher=src.publisher,
                    published=src.published,
                    perspective=persp,
                    perspective_label=self.perspectives[persp].label,
                    speaker=speaker.id if speaker else None,
                    speaker_name=speaker.name if speaker else None,
                    claim=c.claim,
                    quote=text[start:end],
                    start=start,
                    end=end,
                    line=self._texts.line_of(c.source, start),
                    prefix=text[max(0, start - CONTEXT_CHARS) : start],
                    suffix=text[end : end + CONTEXT_CHARS],
                    paragraph=text[p_start:p_end],
                    paragraph_start=p_start,
                )
            )
        return out

    @cached_property
    def _basis_anchors(self) -> dict[tuple[str, int], Anchor]:
        """Where each passage of a speaker's basis sits, by (speaker id, entry index); found again on first use."""
        wanted: dict[str, list[tuple[tuple[str, int], BasisPassage]]] = {}
        for sp in self.speakers.values():
            if not isinstance(sp.basis, str):
                for k, entry in enumerate(sp.basis):
                    if isinstance(entry, BasisPassage):
                        wanted.setdefault(entry.source, []).append(((sp.id, k), entry))
        found: dict[tuple[str, int], Anchor] = {}
        for source_id, entries in wanted.items():
            text = NormalizedText(self._texts.text(source_id))
            for key, entry in entries:
                anchor = find_normalized(text, normalize(entry.quote), prefix=entry.prefix, suffix=entry.suffix)
                if isinstance(anchor, Anchor):
                    found[key] = anchor
        return found

    def basis(self, speaker_id: str) -> list[BasisView]:
        """Why a speaker has its perspective: each entry of its basis, read from the documents or from outside."""
        basis = self.speakers[speaker_id].basis
        if isinstance(basis, str):
            return [BasisView("unsourced", basis)]
        out = []
        for k, entry in enumerate(basis):
            if not isinstance(entry, BasisPassage):
                out.append(BasisView("outside", entry.outside))
                continue
            src = self.sources[entry.source]
            anchor = self._basis_anchors[(speaker_id, k)]
            out.append(BasisView("document", anchor.exact, src.id, src.title, src.file, anchor.line))
        return out

    def source_anchors(self, source_id: str) -> list[tuple[str, int, Anchor]]:
        """Every anchored passage in one source, in text order: (event id, citation index, anchor)."""
        found = [
            (event_id, i, anchor)
            for (event_id, i), anchor in self.anchors.items()
            if self._by_id[event_id].citations[i].source == source_id
        ]
        return sorted(found, key=lambda t: (t[2].start, t[2].end))

    @cached_property
    def _frame(self) -> pd.DataFrame:
        if not self.events:
            frame = pd.DataFrame([], columns=_FRAME_COLUMNS)
            for col in ("start", "end"):
                frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
            return frame
        with _gc_paused():
            return self._build_frame()

    def _build_frame(self) -> pd.DataFrame:
        # column by column: many times faster than a DataFrame of one dict per row
        events = self.events
        dates = [self.dates[e.id] for e in events]
        perspective, speaker = self.citation_perspective, self.citation_speaker
        columns: dict[str, Any] = {
            "id": [e.id for e in events],
            "title": [e.title for e in events],
            "summary": [summary_text(e.summary) for e in events],
            "sentences": [summary_sentences(e.summary) for e in events],
            "start": _days(d.start for d in dates),
            "end": _days(d.end for d in dates),
            "precision": [d.precision for d in dates],
            "date_label": [d.label for d in dates],
            "date_text": [d.text for d in dates],
            "date_basis": [e.date_basis or "" for e in events],
            "category": [e.category for e in events],
            "actors": [list(e.actors) for e in events],
            "perspectives": [list(dict.fromkeys(perspective(c) for c in e.citations)) for e in events],
            "speakers": [list(dict.fromkeys(s.id for c in e.citations if (s := speaker(c)))) for e in events],
            "sources": [list(dict.fromkeys(c.source for c in e.citations)) for e in events],
            "contested": [e.contested is not None for e in events],
            "contested_note": [e.contested or "" for e in events],
            "n_citations": [len(e.citations) for e in events],
            "weight": [e.weight for e in events],
            "place": [e.place or "" for e in events],
            "tags": [list(e.tags) for e in events],
        }
        return pd.DataFrame(columns)

    def events_frame(self) -> pd.DataFrame:
        """One row per event: its fields, normalised date and what its citations cite (a fresh copy).

        Columns: id, title, summary (its text; sentences joined), sentences (``{"text", "cites"}`` with
        the 1-based numbers of the citations each rests on; empty for a plain-text summary), start, end
        (``datetime64[s]``), precision, date_label, date_text,
        date_basis ("" when the date is as given), category, actors (ids), perspectives (ids, in
        citation order, each once), speakers (ids of the citations' speakers, each once; empty in a
        record without speakers), sources (ids, each once), contested, contested_note,
        n_citations, place, tags.
        """
        return self._frame.copy()

    @property
    def n_events(self) -> int:
        """How many events the record holds."""
        return len(self._frame)

    def event_quotes(self) -> list[str]:
        """Each event's quotes as written, one per line, in the record's order (a cached record reads no models)."""
        if "events" in self.__dict__ or not hasattr(self, "_table"):
            return ["\n".join(c.quote for c in e.citations) for e in self.events]
        return _cache.event_quotes(self._table)

    def summary(self) -> str:
        """One line: how much the record holds."""
        frame = self._frame
        n_cit = int(frame["n_citations"].sum())
        return (
            f"{len(frame)} events, {n_cit} citations, {len(self.sources)} sources, "
            f"{len(self.actors)} actors, {len(self.categories)} categories"
        )


def _days(days: Iterable[date]) -> np.ndarray:
    """Dates as a ``datetime64[s]`` array (through day ordinals: no per-item parsing)."""
    ordinals = np.fromiter((d.toordinal() for d in days), dtype=np.int64)
    return (ordinals - _EPOCH_ORDINAL).astype("datetime64[D]").astype("datetime64[s]")


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a record or its frame.

    Loading allocates millions of small objects that all survive until it ends; meanwhile the
    collector would walk them again and again (about 40 % of the load time at 10,000 events).
    What is built is freed by reference counting; any cyclic garbage is collected once
    collection resumes. The collector is restarted only by the call that paused it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_FRAME_COLUMNS = list(_cache.FRAME_COLUMNS)


def _share_fields_sets(models: Iterable[BaseModel]) -> None:
    """Let models (and their citations) that set the same fields share one set of those names.

    Each pydantic model keeps the names of the fields it was given in a set of its own (over 700
    bytes for an event): a tenth of a large record's memory. The models are frozen, so the set
    is never changed and can be shared.
    """
    shared: dict[frozenset[str], set[str]] = {}
    for m in models:
        for part in (m, *getattr(m, "citations", ())):
            names = part.__pydantic_fields_set__
            object.__setattr__(part, "__pydantic_fields_set__", shared.setdefault(frozenset(names), names))


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(ellipsize(str(value), 60))


def _pydantic_problems(doc: YamlDocument, prefix: Loc, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        steps = err["loc"]
        # a union's member tag (``<text>``, see loaders.schema) names no place in the document
        loc: Loc = prefix + tuple(s for s in steps[:-1] if not _is_tag(s)) + tuple(steps[-1:])
        if loc and _is_tag(loc[-1]):
            loc = loc[:-1]
        kind, value = err["type"], err.get("input")
        key = False
        where = loc
        if kind == "extra_forbidden":
            key = True
            name = str(loc[-1])
            if name in REPLACED_FIELDS:
                message = f"unknown field {name!r}: {REPLACED_FIELDS[name]}"
            else:
                message = f"unknown field {name!r}" + did_you_mean(name, sorted(FIELD_NAMES - {name}))
        elif kind == "missing":
            where = loc[:-1]
            message = f"missing required field {loc[-1]!r}"
        elif kind == "string_type" and len(loc) > 1 and loc[-2] == "cites":
            message = f"expected a citation number, found {_describe(value)}"
        elif kind == "string_type":
            message = f"expected text, found {_describe(value)}"
        elif kind == "list_type":
            message = f"expected a list, found {_describe(value)}"
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            message = f"expected a mapping, found {_describe(value)}"
        elif kind == "string_pattern_mismatch":
            message = f"{_describe(value)} is not a valid id (use lowercase letters, digits and hyphens)"
        elif kind == "string_too_short":
            message = "must not be empty"
        elif kind == "string_too_long":
            limit = err.get("ctx", {}).get("max_length")
            message = f"is {len(value):,} characters long; at most {limit:,} are allowed"
        elif kind == "too_short":
            message = "needs at least one entry"
        else:
            message = err["msg"]
        line, col = doc.locate(where, key=key)
        problems.append(Problem(doc.display, line, col, _dotted(loc), message))
    return problems


def _is_tag(step: str | int) -> bool:
    return isinstance(step, str) and step.startswith("<") and step.endswith(">")


def _dotted(loc: Iterable[str | int]) -> str:
    from .yamlsource import dotted

    return dotted(tuple(loc))


class _Checker:
    """Collects problems while validating one record."""

    def __init__(self, path: Path, doc: YamlDocument, strict: bool = False) -> None:
        self.base = path.parent
        self.doc = doc
        self.strict = strict
        self.problems: list[Problem] = []
        self.warnings: list[tuple[Loc, str]] = []
        """Where each warning is and what it says: located only when asked for (see ``Record.warnings``)."""
        self.suggested = 0

    def add(self, loc: Loc, message: str, *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(loc, message, key=key))

    def warn(self, loc: Loc, message: str) -> None:
        """A problem that refuses the record only in strict validation (a warning otherwise)."""
        if self.strict:
            self.add(loc, message)
        else:
            self.warnings.append((loc, message))

    def strict_only(self, loc: Loc, message: str) -> None:
        """A problem of strict validation alone (an older form of the record, still loaded otherwise)."""
        if self.strict:
            self.add(loc, message)

    def items(self, name: str, raw: list[Any]) -> list[tuple[int, Any]]:
        model = SECTIONS[name]
        out = []
        for i, item in enumerate(raw):
            try:
                out.append((i, model.model_validate(item)))
            except ValidationError as exc:
                self.problems.extend(_pydantic_problems(self.doc, (name, i), exc))
        _share_fields_sets(m for _, m in out)
        # The models now hold what the plain values held; the values go (problems are located by position).
        plain = self.doc.data.get(name) if isinstance(self.doc.data, dict) else None
        for values in (raw, plain):
            if isinstance(values, list):
                values.clear()
        return out

    def unique(self, name: str, items: list[tuple[int, Any]]) -> dict[str, Any]:
        seen: dict[str, int] = {}
        out = {}
        for i, item in items:
            if item.id in seen:
                line, _ = self.doc.locate((name, seen[item.id], "id"))
                self.add((name, i, "id"), f"duplicate id {item.id!r} (first at line {line})")
                continue
            seen[item.id] = i
            out[item.id] = item
        return out

    def ref(self, loc: Loc, value: str, known: dict[str, Any], what: str) -> bool:
        if value in known:
            return True
        hint = ""
        if self.suggested < MAX_SUGGESTIONS:  # each suggestion costs one pass over the known ids
            self.suggested += 1
            hint = did_you_mean(value, known.keys())
        self.add(loc, f"unknown {what} {value!r}{hint}")
        return False

    def date(self, loc: Loc, value: str) -> DateValue | None:
        try:
            return parse_date(value)
        except DateError as exc:
            self.add(loc, str(exc))
            return None

    def source_file(self, i: int, src: Source) -> SourceFile | None:
        """The source's file, read once to check it is a readable UTF-8 file inside the record's folder."""
        loc: Loc = ("sources", i, "file")
        shown = ellipsize(src.file, 80)
        if "\0" in src.file:
            self.add(loc, f"path {shown!r} contains a NUL character; refused")
            return None
        rel = Path(src.file)
        if rel.is_absolute() or src.file.startswith(("/", "\\")):
            self.add(loc, f"absolute path {shown!r} refused; give a path inside the record's folder")
            return None
        try:
            base = self.base.resolve()
            full = (base / rel).resolve()
        except (OSError, RuntimeError) as exc:  # a symlink loop, a name too long for the system
            self.add(loc, f"path {shown!r} cannot be followed: {getattr(exc, 'strerror', None) or 'symlink loop'}")
            return None
        if not full.is_relative_to(base):
            self.add(loc, f"path {shown!r} leaves the record's folder; refused")
            return None
        try:
            raw = read_regular(full, MAX_SOURCE_BYTES)
        except FileRefused as exc:
            reason = str(exc)
            self.add(loc, f"file not found: {shown}" if reason == "file not found" else f"{shown} {reason}")
            return None
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            self.add(
                loc, f"{src.file} is not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start} (line {line})"
            )
            return None
        return SourceFile(full, src.file, digest(raw))


def _problem_for_miss(file: str, miss: Miss) -> str:
    if miss.reason == "not-found":
        if not miss.closest:
            return f"not found in {file}"
        closest = ellipsize(miss.closest, 120)
        return f'not found in {file} (closest, {miss.similarity:.0f}% alike, line {miss.closest_line}: "{closest}")'
    lines = ", ".join(str(n) for n in miss.occurrences[:10])
    if miss.reason == "ambiguous":
        return (
            f"occurs {len(miss.occurrences)} times in {file} (lines {lines}); "
            "lengthen it or add a prefix or suffix to say which"
        )
    return f"prefix/suffix matches none of its occurrences in {file}"


def validate(path: Path, doc: YamlDocument, *, strict: bool = False, progress: Progress = silent) -> Record:
    """Check a parsed document; return the Record or raise RecordError with every problem.

    ``strict`` also refuses what is otherwise only warned of (``Record.warnings``) and the older
    forms of the record: a plain-text summary or speaker basis. ``progress`` hears each stage.
    """
    ck = _Checker(path, doc, strict)
    head = _check_head(ck)
    period = _check_period(ck, head)
    perspectives = ck.unique("perspectives", ck.items("perspectives", head.perspectives))
    categories = ck.unique("categories", ck.items("categories", head.categories))
    actors = ck.unique("actors", ck.items("actors", head.actors))
    speakers, speaker_items = _check_speakers(ck, head, perspectives, actors)
    sources, files = _check_sources(ck, head, perspectives, speakers)
    vocab = _Vocabularies(perspectives, categories, actors, sources, files, speakers)
    event_items = ck.items("events", head.events)
    dates, quotes = _check_events(ck, event_items, vocab, period)
    for source_id, pending in _basis_quotes(ck, speaker_items, vocab).items():
        quotes.setdefault(source_id, []).extend(pending)
    found = _anchor_quotes(ck, quotes, vocab, progress)
    anchors = {key: found[key] for _, ev in event_items for key in _citation_keys(ev) if key in found}
    _check_one_voice_per_passage(ck, event_items, anchors, vocab)
    if ck.problems:
        raise RecordError(sorted(ck.problems, key=lambda p: (p.line, p.col)))
    assert period[0] is not None and period[1] is not None
    return Record(
        path,
        head,
        (period[0], period[1]),
        sources,
        perspectives,
        speakers,
        actors,
        categories,
        [ev for _, ev in event_items],
        dates,
        anchors,
        SourceTexts(files),
        ck.warnings,
        doc,
    )


_Period = tuple[DateValue | None, DateValue | None]


@dataclass(frozen=True)
class _Vocabularies:
    """What events refer to, by id; ``files`` holds the sources whose file could be read."""

    perspectives: dict[str, Term]
    categories: dict[str, Term]
    actors: dict[str, Actor]
    sources: dict[str, Source]
    files: dict[str, SourceFile]
    speakers: dict[str, Speaker]


def _check_head(ck: _Checker) -> Any:
    """The document's sections; raises at once when it is not a mapping of them."""
    data = ck.doc.data
    if not isinstance(data, dict):
        ck.add((), f"expected a mapping with sections {sorted(RecordHead.model_fields)}, found {_describe(data)}")
        raise RecordError(ck.problems)
    sections = RecordHead.model_fields
    for name in data:
        if name not in sections:  # reported, then set aside so the rest is still checked
            ck.add((name,), f"unknown field {name!r}" + did_you_mean(str(name), list(sections)), key=True)
    try:
        return RecordHead.model_validate({k: v for k, v in data.items() if k in sections})
    except ValidationError as exc:
        ck.problems.extend(_pydantic_problems(ck.doc, (), exc))
        raise RecordError(ck.problems) from None


def _check_period(ck: _Checker, head: Any) -> _Period:
    start = ck.date(("period", "start"), head.period.start)
    end = ck.date(("period", "end"), head.period.end)
    if start and end and end.end < start.start:
        ck.add(("period", "end"), f"period ends ({end.label}) before it starts ({start.label})")
    return start, end


def _check_speakers(
    ck: _Checker, head: Any, perspectives: dict[str, Term], actors: dict[str, Actor]
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


def _basis_quotes(
    ck: _Checker, speaker_items: list[tuple[int, Speaker]], vocab: _Vocabularies
) -> dict[str, list[_Quote]]:
    """The passages of speakers' bases to anchor, by source, each checked like a citation's quote."""
    quotes: dict[str, list[_Quote]] = {}
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
    ck: _Checker, head: Any, perspectives: dict[str, Term], speakers: dict[str, Speaker]
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


def _citation_keys(ev: Event) -> list[tuple[str, int]]:
    return [(ev.id, j) for j in range(len(ev.citations))]


_Quote = tuple[Loc, tuple[str, ...] | tuple[str, int], Citation | BasisPassage, str]
"""A quote to anchor: where it is, its key, the citation (or basis passage), its normalised text.

A citation's key is (event id, citation index); a basis passage's ("", speaker id, entry index).
"""


def _check_events(
    ck: _Checker, event_items: list[tuple[int, Event]], vocab: _Vocabularies, period: _Period
) -> tuple[dict[str, DateValue], dict[str, list[_Quote]]]:
    """Each event's references and date; the quotes to anchor, by source, in the order of the record."""
    unique_events = ck.unique("events", event_items)
    period_start, period_end = period
    dates: dict[str, DateValue] = {}
    quotes: dict[str, list[_Quote]] = {}
    for i, ev in event_items:
        if unique_events.get(ev.id) is not ev:
            continue
        for j, actor in enumerate(ev.actors):
            ck.ref(("events", i, "actors", j), actor, vocab.actors, "actor")
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


def _check_sentences(ck: _Checker, i: int, ev: Event) -> None:
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
                ck.add((*loc, m), f"expected a citation number (1 to {n}), found {_describe(ref)}")
            elif not 1 <= int(ref) <= n:
                ck.add((*loc, m), f"no citation {int(ref)} (the event has {n})")
            else:
                cited.add(int(ref))
    for j, c in enumerate(ev.citations):
        if j + 1 not in cited and c.claim is None:
            ck.warn(("events", i, "citations", j), "citation supports no sentence or claim")


def _check_citation(ck: _Checker, loc: Loc, c: Citation, vocab: _Vocabularies) -> str | None:
    """The citation's references; its normalised quote when it is long enough to anchor in a readable source."""
    if c.speaker is not None:
        ck.ref((*loc, "speaker"), c.speaker, vocab.speakers, "speaker")
    return _checked_quote(ck, loc, c, vocab)


def _checked_quote(ck: _Checker, loc: Loc, c: Citation | BasisPassage, vocab: _Vocabularies) -> str | None:
    """A quote's source reference; its normalised text when it is long enough to anchor in a readable source."""
    if not ck.ref((*loc, "source"), c.source, vocab.sources, "source") or c.source not in vocab.files:
        return None
    q = normalize(c.quote)
    n = len(q)
    if n < MIN_QUOTE_CHARS:
        ck.add((*loc, "quote"), f"quote is {n} characters; at least {MIN_QUOTE_CHARS} are needed")
        return None
    return q


def _anchor_quotes(
    ck: _Checker, quotes: dict[str, list[_Quote]], vocab: _Vocabularies, progress: Progress = silent
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
                ck.add((*loc, "quote"), _problem_for_miss(file.display, found))
                continue
            found_at[key] = found
            if isinstance(c, Citation):
                _check_attribution(ck, loc, c, text, found, vocab)
        del text
    return found_at


def _check_attribution(
    ck: _Checker, loc: Loc, c: Citation, text: NormalizedText, anchor: Anchor, vocab: _Vocabularies
) -> None:
    """Warn of a quote that leaves out the attribution of its own sentence, unless its speaker is that voice."""
    cut = cut_attribution(text.original, anchor.start, anchor.end)
    if cut is None:
        return
    src = vocab.sources[c.source]
    speaker = vocab.speakers.get(c.speaker or src.speaker or "")
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


def _check_source_voice(
    ck: _Checker, i: int, src: Source, perspectives: dict[str, Term], speakers: dict[str, Speaker]
) -> None:
    """A source speaks through a speaker (whose perspective it takes) or, without one, a perspective."""
    if src.speaker is not None:
        if ck.ref(("sources", i, "speaker"), src.speaker, speakers, "speaker") and src.perspective is not None:
            theirs = speakers[src.speaker].perspective
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


def _check_one_voice_per_passage(
    ck: _Checker, event_items: list[tuple[int, Event]], anchors: dict[tuple[str, int], Anchor], vocab: _Vocabularies
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
            sid = c.speaker or src.speaker
            if sid is not None and sid not in vocab.speakers:
                continue  # reported as unknown
            persp = vocab.speakers[sid].perspective if sid else src.perspective
            passage = (anchor.start, anchor.end, ("events", i, "citations", j), (sid or "", persp or ""))
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


def load_record(
    path: str | Path, *, cache: bool | None = None, strict: bool = False, progress: Progress = silent
) -> Record:
    """Read, validate and normalise a record; raise :class:`RecordError` listing every problem.

    ``cache``: use the cache of validated records (:mod:`loaders.cache`); by default unless ``MEK_TIMELINE_NO_CACHE``
    is set. A record opened from its cache has ``from_cache`` set; one whose cache could not be
    written says why in ``cache_note``. ``strict``: refuse what is otherwise warned of and the older
    forms of the record (see :func:`validate`); a strict check reads everything afresh, without the cache.
    ``progress`` hears each stage (:mod:`loaders.progress`).
    """
    path = Path(path)
    display = str(path)
    if not path.is_file():
        raise RecordError([Problem(display, 0, 0, "", "file not found")])
    use_cache = _cache.enabled() if cache is None else cache
    with _gc_paused():
        # the parsed document is freed before collection resumes, so the collector then scans only the record
        if strict or not use_cache:
            return _read_and_validate(path, display, strict=strict, progress=progress)
        return _load_cached(path, display, progress)


def _load_cached(path: Path, display: str, progress: Progress) -> Record:
    try:
        key = _cache.record_key(path)
    except FileRefused:
        return _read_and_validate(path, display, progress=progress)  # reports why
    target = _cache.cache_file(path)
    try:
        folder = path.parent.resolve()
    except (OSError, RuntimeError):
        return _read_and_validate(path, display, progress=progress)
    progress("Looking for the checked record in the cache", 0.0)
    cached = _cache.read(key, target, lambda file: _resolve_source(folder, file))
    if cached is not None:
        try:
            return Record._from_cache(path, cached)
        except Exception:
            pass
    progress(f"Reading {path.name}", READ)
    doc, problems = read_yaml(path, display)
    if doc is None or problems:
        raise RecordError(problems)
    progress("Checking the record", CHECK)
    record = validate(path, doc, progress=progress)
    if record.source_files.keys() != record.sources.keys():
        record.cache_note = "a source changed while it was read; it was not cached"
        return record
    progress("Saving the checked record to the cache", SAVE)
    # cached under the hash of the bytes parsed, whatever the file holds by now
    record.cache_note = _cache.write(record, _cache.Key(doc.sha256, key.record_path, doc.size), target)
    return record


def _resolve_source(folder: Path, file: str) -> Path | None:
    """Where a source's ``file`` resolves to inside ``folder`` (resolved) now; None when it would be refused."""
    if "\0" in file or os.path.isabs(file) or file.startswith(("/", "\\")):
        return None
    try:
        full = os.path.realpath(os.path.join(folder, file), strict=False)
    except (OSError, ValueError):
        return None
    return Path(full) if full.startswith(str(folder).rstrip(os.sep) + os.sep) else None


def _read_and_validate(path: Path, display: str, *, strict: bool = False, progress: Progress = silent) -> Record:
    progress(f"Reading {path.name}", READ)
    doc, problems = read_yaml(path, display)
    if doc is None or problems:
        raise RecordError(problems)
    progress("Checking the record", CHECK)
    return validate(path, doc, strict=strict, progress=progress)
