"""A validated record: its vocabularies, sources and texts, events with their dates and anchored quotes."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from . import cached as _cached
from .anchoring import Anchor
from .cache_read import Cached
from .dates import DateValue
from .errors import Problem, RecordError
from .files import FileRefused, read_regular
from .frame import events_frame
from .schema import Actor, Citation, Event, Place, Source, Speaker, Term
from .texts import SourceFile, SourceTexts
from .views import BasisView, CitationView, basis_anchors, basis_views, citation_views
from .voice import Voice, citation_voice, source_voice
from .yamlsource import MAX_BYTES as MAX_RECORD_BYTES
from .yamlsource import YamlDocument

__all__ = ["BasisView", "CitationView", "Loc", "Record"]

Loc = tuple[str | int, ...]
"""Where something is in the record's document: the keys and indexes that lead to it."""


class Record:
    """A validated record: vocabularies, sources with their texts, events with dates and anchors.

    Made by :func:`loaders.load_record`: from what validation produced (``events``, ``dates`` and
    ``anchors``), or from a checked cache (its ``table``, from which they are made on first use;
    see :meth:`from_checked_cache`).
    """

    def __init__(
        self,
        path: Path,
        *,
        title: str,
        description: str | None,
        period: tuple[DateValue, DateValue],
        sources: dict[str, Source],
        perspectives: dict[str, Term],
        speakers: dict[str, Speaker],
        actors: dict[str, Actor],
        categories: dict[str, Term],
        texts: SourceTexts,
        places: dict[str, Place] | None = None,
        events: list[Event] | None = None,
        dates: dict[str, DateValue] | None = None,
        anchors: dict[tuple[str, int], Anchor] | None = None,
        table: Any = None,
        frame: pd.DataFrame | None = None,
        warnings: list[tuple[Loc, str]] | None = None,
        doc: YamlDocument | None = None,
        record_sha256: str | None = None,
        from_cache: bool = False,
    ) -> None:
        self.path = path
        self.title = title
        self.description = description
        self.period = period
        self.sources = sources
        self.perspectives = perspectives
        self.speakers = speakers
        self.actors = actors
        self.places: dict[str, Place] = places or {}
        """Where events happen, by id: sites, cities, regions and countries (none in a record without places)."""
        self.categories = categories
        self._texts = texts
        self._table = table
        """A cache's table of events, from which ``events``, ``dates`` and ``anchors`` are made when not given."""
        for name, value in (("events", events), ("dates", dates), ("anchors", anchors), ("_frame", frame)):
            if value is not None:
                self.__dict__[name] = value  # in place of the cached property
        if table is None and (events is None or dates is None or anchors is None):
            raise ValueError("a record needs its events, dates and anchors, or a cache's table of them")
        self.cache_note: str | None = None
        """Why the validated record could not be cached, when it could not (None otherwise)."""
        self.from_cache = from_cache
        """Whether the record was opened from the cache of validated records."""
        self._warning_spots = list(warnings or [])
        self._doc = doc
        self._record_sha256 = record_sha256

    @classmethod
    def from_checked_cache(cls, path: Path, cached: Cached) -> Record:
        """The record a matching, checked cache holds; events, dates and anchors are made on first use."""
        sections = cached.sections
        return cls(
            path,
            title=cached.title,
            description=cached.description,
            period=cached.period,
            sources=sections["sources"],
            perspectives=sections["perspectives"],
            speakers=sections["speakers"],
            actors=sections["actors"],
            places=sections["places"],
            categories=sections["categories"],
            texts=SourceTexts(cached.files),
            table=cached.table,
            # a record without events makes its empty frame as a fresh load does
            frame=_cached.frame(cached) if cached.table.num_rows else None,
            warnings=list(cached.warnings),
            record_sha256=cached.record_sha256,
            from_cache=True,
        )

    @property
    def warning_spots(self) -> tuple[tuple[Loc, str], ...]:
        """Where each warning is and what it says, not yet located in the document (see :attr:`warnings`)."""
        return tuple(self._warning_spots)

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
        return _cached.events(self._table)

    @cached_property
    def dates(self) -> dict[str, DateValue]:
        """Each event's normalised date, by event id."""
        return _cached.dates(self._table)

    @cached_property
    def anchors(self) -> dict[tuple[str, int], Anchor]:
        """Where each citation's quote sits in its source, by (event id, citation index)."""
        return _cached.anchors(self._table)

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

    def citation_voice(self, citation: Citation) -> Voice:
        """Who speaks in a citation's passage and the perspective it speaks for (see :mod:`loaders.voice`)."""
        return citation_voice(self.sources[citation.source], self.speakers, citation.speaker)

    def source_voice(self, source_id: str) -> Voice:
        """The voice of a document's own words (see :mod:`loaders.voice`)."""
        return source_voice(self.sources[source_id], self.speakers)

    def citation_speaker(self, citation: Citation) -> Speaker | None:
        """Who asserts the quoted words: the citation's speaker, else its source's (None in a record without)."""
        return self.citation_voice(citation).speaker

    def source_perspective(self, source_id: str) -> str:
        """The perspective of a document's own words: its speaker's, else (a record without speakers) its own."""
        return self.source_voice(source_id).perspective

    def citation_perspective(self, citation: Citation) -> str:
        """The perspective a citation speaks for: that of its speaker (see :meth:`citation_voice`)."""
        return self.citation_voice(citation).perspective

    def citations(self, event_id: str) -> list[CitationView]:
        """The event's citations with source metadata, offsets, line and surrounding paragraph."""
        return citation_views(self, event_id)

    @cached_property
    def _basis_anchors(self) -> dict[tuple[str, int], Anchor]:
        """Where each passage of a speaker's basis sits, by (speaker id, entry index); found again on first use."""
        return basis_anchors(self.speakers, self._texts.text)

    def basis(self, speaker_id: str) -> list[BasisView]:
        """Why a speaker has its perspective: each entry of its basis, read from the documents or from outside."""
        return basis_views(self, speaker_id, self._basis_anchors)

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
        return events_frame(self.events, self.dates, self.citation_voice)

    @property
    def frame(self) -> pd.DataFrame:
        """The events frame itself, shared, to be read and never changed (:meth:`events_frame` gives a copy)."""
        return self._frame

    def events_frame(self) -> pd.DataFrame:
        """One row per event: its fields, normalised date and what its citations cite (a fresh copy).

        Columns: id, title, summary (its text; sentences joined), sentences (``{"text", "cites"}`` with
        the 1-based numbers of the citations each rests on; empty for a plain-text summary), start, end
        (``datetime64[s]``), precision, date_label, date_text,
        date_basis ("" when the date is as given), category, actors (ids), perspectives (ids, in
        citation order, each once), speakers (ids of the citations' speakers, each once; empty in a
        record without speakers), sources (ids, each once), contested, contested_note,
        n_citations, place (the place in words, "" where none), places (place ids), tags.
        """
        return self._frame.copy()

    @property
    def n_events(self) -> int:
        """How many events the record holds."""
        return len(self._frame)

    def event_quotes(self) -> list[str]:
        """Each event's quotes as written, one per line, in the record's order (a cached record reads no models)."""
        if "events" in self.__dict__ or self._table is None:
            return ["\n".join(c.quote for c in e.citations) for e in self.events]
        return _cached.event_quotes(self._table)

    def summary(self) -> str:
        """One line: how much the record holds."""
        frame = self._frame
        n_cit = int(frame["n_citations"].sum())
        return (
            f"{len(frame)} events, {n_cit} citations, {len(self.sources)} sources, "
            f"{len(self.actors)} actors, {len(self.categories)} categories"
            + (f", {len(self.places)} places" if self.places else "")
        )
