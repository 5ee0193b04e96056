"""Checking a cache's table of events and citations as the loader checks them, column by column.

Imported only to read a cache (it imports pyarrow). Each check raises :class:`loaders.cache_read.Invalid`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .anchoring import CONTEXT_CHARS
from .cache import OPTIONAL_CITATION_FIELDS
from .cache_read import Invalid
from .dates import PRECISIONS
from .files import Digest
from .schema import MAX_ID, MAX_TEXT, MAX_TITLE, MAX_WEIGHT, SLUG_PATTERN
from .voice import source_voice


def check_table(table: Any, head: dict[str, Any], digests: dict[str, Digest]) -> dict[str, Any]:
    """Check every event and citation as the loader checks them (:class:`Invalid` otherwise); each event's
    perspectives, speakers, sources and number of citations, derived from its citations."""
    # column by column, chunk by chunk as written: nothing is copied
    col = {name: table.column(name) for name in table.column_names}
    for name, values in col.items():  # nothing is missing but the optional parts of a citation
        require(values.null_count == 0, name)
    _check_events(col, head)
    n_citations = pc.list_value_length(col["citations"])
    require(all_true(pc.greater_equal(n_citations, 1)), "citations")
    _check_sentences(col["sentences"], np.asarray(n_citations, dtype=np.int64))
    row_of, source_codes, named = _check_citations(col["citations"], head, digests)
    return {
        **_derived_voices(row_of, source_codes, named, head, len(col["id"])),
        "n_citations": n_citations.to_numpy().astype(np.int64),
    }


def require(ok: Any, what: str) -> None:
    """Raise :class:`Invalid` (saying ``what``) unless ``ok``."""
    if not (ok.as_py() if isinstance(ok, pa.Scalar) else ok):
        raise Invalid(what)


def all_true(mask: Any) -> bool:
    """Whether every value of a boolean array is true (and none missing)."""
    return len(mask) == 0 or (mask.null_count == 0 and pc.all(mask).as_py())


def lengths(values: Any, lo: int, hi: int, what: str, *, empty: bool = False) -> None:
    """Each text ``lo`` to ``hi`` characters long (or empty, with ``empty``)."""
    n = pc.utf8_length(values)
    require(all_true(pc.and_(pc.greater_equal(n, 0 if empty else lo), pc.less_equal(n, hi))), what)


def known(values: Any, ids: Any, what: str) -> Any:
    """Each value's index among ``ids`` (each must be one of them; missing values stay missing)."""
    codes = pc.index_in(values, value_set=pa.array(list(ids), pa.string()))
    require(codes.null_count == values.null_count, what)
    return codes


def _check_events(col: dict[str, Any], head: dict[str, Any]) -> None:
    """Each event's id, texts, precision, weight, dates within the period, category, actors and tags."""
    ids = col["id"]
    lengths(ids, 1, MAX_ID, "id")
    require(all_true(pc.match_substring_regex(ids, SLUG_PATTERN)), "id")
    require(pc.count_distinct(ids).as_py() == len(ids), "duplicate id")
    lengths(col["title"], 1, MAX_TITLE, "title")
    for name in ("summary", "date_text", "event_date", "date_label"):
        lengths(col[name], 1, MAX_TEXT, name)
    for name in ("date_basis", "contested_note", "place"):
        lengths(col[name], 1, MAX_TEXT, name, empty=True)
    require(all_true(pc.is_in(col["precision"], value_set=pa.array(PRECISIONS))), "precision")
    weight = col["weight"]
    require(all_true(pc.and_(pc.greater_equal(weight, 0), pc.less_equal(weight, MAX_WEIGHT))), "weight")
    start, end = head["period"]
    lo, hi = pa.scalar(_seconds(start.start), pa.timestamp("s")), pa.scalar(_seconds(end.end), pa.timestamp("s"))
    require(all_true(pc.less_equal(col["start"], col["end"])), "dates")
    require(all_true(pc.and_(pc.greater_equal(col["start"], lo), pc.less_equal(col["end"], hi))), "period")
    known(col["category"], head["categories"], "category")
    require(all_true(pc.greater_equal(pc.list_value_length(col["actors"]), 1)), "actors")
    actors = pc.list_flatten(col["actors"])
    require(actors.null_count == 0, "actors")
    known(actors, head["actors"], "actor")
    _check_event_places(col, head)
    tags = pc.list_flatten(col["tags"])
    require(tags.null_count == 0, "tags")
    lengths(tags, 1, MAX_TEXT, "tags")


def _check_event_places(col: dict[str, Any], head: dict[str, Any]) -> None:
    """Each event's places are known places, each named once."""
    places = pc.list_flatten(col["places"])
    require(places.null_count == 0, "places")
    codes = np.asarray(known(places, head["places"], "place"), dtype=np.int64)
    rows, base = [], 0
    for chunk in col["places"].chunks:
        rows.append(np.asarray(pc.list_parent_indices(chunk), dtype=np.int64) + base)
        base += len(chunk)
    pairs = np.concatenate([np.zeros(0, np.int64), *rows]) * (len(head["places"]) + 1) + codes
    require(len(np.unique(pairs)) == len(pairs), "place named twice")  # each place once per event


def _check_citations(citations: Any, head: dict[str, Any], digests: dict[str, Digest]) -> tuple[Any, Any, Any]:
    """Each citation's texts, source and speaker, and where its quote sits: inside its source's text, with the
    context and line it must have. For each citation: its event's row, its source's code and its speaker's
    (-1 when it names none)."""
    source_ids, speaker_ids = list(head["sources"]), list(head["speakers"])
    chars_of = np.array([digests[s].chars for s in source_ids], dtype=np.int64)
    lines_of = np.array([digests[s].newlines for s in source_ids], dtype=np.int64) + 1
    rows, source_codes, spoken = [], [], []
    base = 0
    for chunk in citations.chunks:
        rows.append(np.asarray(pc.list_parent_indices(chunk), dtype=np.int64) + base)
        base += len(chunk)
        cit = chunk.flatten()
        require(cit.null_count == 0, "citation")
        field = {name: cit.field(name) for name in cit.type.names}
        for name, values in field.items():
            require(values.null_count == 0 or name in OPTIONAL_CITATION_FIELDS, f"citation {name}")
        lengths(field["quote"], 1, MAX_TEXT, "quote")
        for name in OPTIONAL_CITATION_FIELDS:
            lengths(field[name].drop_null(), 1, MAX_TEXT, name)
        codes = np.asarray(known(field["source"], source_ids, "citation source"), dtype=np.int64)
        source_codes.append(codes)
        spoken.append(np.asarray(known(field["speaker"], speaker_ids, "citation speaker").fill_null(-1), np.int64))
        _check_places(field, chars_of[codes], lines_of[codes])
    empty = np.zeros(0, dtype=np.int64)
    return tuple(np.concatenate(parts) if parts else empty for parts in (rows, source_codes, spoken))


def _check_places(field: dict[str, Any], chars: Any, lines: Any) -> None:
    """Each quote's offsets inside its source's ``chars``, its line within ``lines``, its text and context."""
    q_start, q_end, q_line = (np.asarray(field[n], dtype=np.int64) for n in ("start", "end", "line"))
    require(bool(np.all((q_start >= 0) & (q_start <= q_end) & (q_end <= chars))), "offsets")
    require(bool(np.all((q_line >= 1) & (q_line <= lines) & (q_line <= q_start + 1))), "line")
    for name, want in (
        ("exact", q_end - q_start),
        ("before", np.minimum(q_start, CONTEXT_CHARS)),
        ("after", np.minimum(chars - q_end, CONTEXT_CHARS)),
    ):
        require(bool(np.array_equal(np.asarray(pc.utf8_length(field[name]), dtype=np.int64), want)), name)


def _derived_voices(row_of: Any, source_codes: Any, named: Any, head: dict[str, Any], n: int) -> dict[str, Any]:
    """Each event's perspectives, speakers and sources, derived from its citations as the loader derives them:
    :func:`loaders.voice.citation_voice` a column at a time (a named speaker speaks for its perspective, else a
    citation speaks as its source does)."""
    sources, source_ids, speaker_ids = head["sources"], list(head["sources"]), list(head["speakers"])
    perspectives = list(head["perspectives"])
    p_index = {p: i for i, p in enumerate(perspectives)}
    s_index = {s: i for i, s in enumerate(speaker_ids)}
    voices = [source_voice(sources[s], head["speakers"]) for s in source_ids]
    source_speaker = np.array([s_index[v.speaker.id] if v.speaker else -1 for v in voices], dtype=np.int64)
    source_persp = np.array([p_index[v.perspective] for v in voices], dtype=np.int64)
    speaker_persp = np.array([p_index[head["speakers"][s].perspective] for s in speaker_ids] or [0], dtype=np.int64)
    speaker = np.where(named >= 0, named, source_speaker[source_codes])
    persp = np.where(named >= 0, speaker_persp[np.maximum(named, 0)], source_persp[source_codes])
    return {
        "perspectives": _distinct_lists(row_of, persp, perspectives, n),
        "speakers": _distinct_lists(row_of[speaker >= 0], speaker[speaker >= 0], speaker_ids, n),
        "sources": _distinct_lists(row_of, source_codes, source_ids, n),
    }


def _check_sentences(sentences: Any, n_citations: Any) -> None:
    """Each event's sentences as the loader allows them: a text of 1 to ``MAX_TEXT`` characters citing
    one or more of the event's own citations (by number, from 1)."""
    base = 0
    for chunk in sentences.chunks:
        events = np.asarray(pc.list_parent_indices(chunk), dtype=np.int64) + base
        base += len(chunk)
        flat = chunk.flatten()
        require(flat.null_count == 0, "sentence")
        text, cites = flat.field("text"), flat.field("cites")
        require(text.null_count == 0 and cites.null_count == 0, "sentence")
        lengths(text, 1, MAX_TEXT, "sentence text")
        require(bool(np.all(np.asarray(pc.list_value_length(cites), dtype=np.int64) >= 1)), "sentence cites")
        numbers = cites.flatten()
        require(numbers.null_count == 0, "sentence cites")
        sentence_of = np.asarray(pc.list_parent_indices(cites), dtype=np.int64)
        numbers = np.asarray(numbers, dtype=np.int64)
        require(bool(np.all((numbers >= 1) & (numbers <= n_citations[events[sentence_of]]))), "sentence cites")


def _seconds(day: Any) -> int:
    from datetime import date

    return (day - date(1970, 1, 1)).days * 86_400


def _distinct_lists(rows: Any, codes: Any, names: list[str], n: int) -> Any:
    """Per row of ``n``, the names of its codes in the order first met, each once, as a list array.

    ``rows`` (ascending) and ``codes`` are parallel: the row and code of each item.
    """
    rows = np.asarray(rows, dtype=np.int64)
    codes = np.asarray(codes, dtype=np.int64)
    width = max(len(names), 1)
    _, first = np.unique(rows * width + codes, return_index=True)
    first.sort()
    kept_rows, kept_codes = rows[first], codes[first]
    offsets = np.concatenate([[0], np.cumsum(np.bincount(kept_rows, minlength=n))]).astype(np.int32)
    values = pa.array(names, pa.string()).take(pa.array(kept_codes)) if len(names) else pa.array([], pa.string())
    return pa.ListArray.from_arrays(pa.array(offsets), values)
