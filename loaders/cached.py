"""What a checked cache holds, made into what the record gives: its events, dates, anchors and frame."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from .cache import CITATION_FIELDS, FRAME_COLUMNS, LIST_COLUMNS, STORED_FRAME
from .dates import DateValue

if TYPE_CHECKING:
    from .cache_read import Cached


def _lists(column: Any) -> list[list[str]]:
    """A list-of-strings column as Python lists: each distinct string made once, then sliced per row."""
    import numpy as np

    array = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    if not hasattr(array, "offsets"):  # a column with no rows is written without a list type
        return array.to_pylist()
    array = array.slice(0)  # offsets relative to its own values
    flat = array.flatten()
    encoded = flat.dictionary_encode()
    distinct = np.array(encoded.dictionary.to_pylist(), dtype=object)
    values = distinct[encoded.indices.to_numpy()].tolist()
    lengths = np.asarray(array.value_lengths().fill_null(0), dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).tolist()
    return [values[a:b] for a, b in itertools.pairwise(offsets)]


def frame(cached: Cached) -> Any:
    """The events frame a cache holds (as :meth:`loaders.Record.events_frame` builds it)."""
    import pandas as pd

    table = cached.table
    out = table.select([c for c in STORED_FRAME if c not in LIST_COLUMNS and c != "sentences"]).to_pandas()
    out["sentences"] = pd.Series(table.column("sentences").to_pylist(), index=out.index, dtype=object)
    for name in ("actors", "places", "tags"):  # made while load_record holds the collector paused
        out[name] = pd.Series(_lists(table.column(name)), index=out.index, dtype=object)
    for name in ("perspectives", "speakers", "sources"):
        out[name] = pd.Series(_lists(cached.derived[name]), index=out.index, dtype=object)
    out["contested"] = (out["contested_note"] != "").astype(bool)
    out["n_citations"] = cached.derived["n_citations"]
    return out[list(FRAME_COLUMNS)]


def _none_if_empty(values: list[str]) -> list[str | None]:
    return [v or None for v in values]


def events(table: Any) -> list[Any]:
    """The events a cache holds, as the validated models."""
    from .schema import Citation, Event, summary_from_sentences

    col = table.column
    rows = zip(
        col("id").to_pylist(),
        col("event_date").to_pylist(),
        _none_if_empty(col("date_basis").to_pylist()),
        col("title").to_pylist(),
        map(summary_from_sentences, col("summary").to_pylist(), col("sentences").to_pylist()),
        col("actors").to_pylist(),
        col("category").to_pylist(),
        _none_if_empty(col("place").to_pylist()),
        col("places").to_pylist(),
        col("tags").to_pylist(),
        col("citations").to_pylist(),
        _none_if_empty(col("contested_note").to_pylist()),
        col("weight").to_pylist(),
        strict=True,
    )
    return [
        Event.model_construct(
            id=id_,
            date=date_,
            date_basis=basis,
            title=title,
            summary=summary,
            actors=actors,
            category=category,
            place=place,
            places=places,
            tags=tags,
            citations=[Citation.model_construct(**{f: c[f] for f in CITATION_FIELDS}) for c in cits],
            contested=contested,
            weight=weight,
        )
        for id_, date_, basis, title, summary, actors, category, place, places, tags, cits, contested, weight in rows
    ]


def dates(table: Any) -> dict[str, DateValue]:
    """Each event's normalised date, by event id, as a cache holds them."""
    col = table.column
    starts = col("start").cast("date32").to_pylist()
    ends = col("end").cast("date32").to_pylist()
    return {
        id_: DateValue(text, start, end, precision, label, approximate, uncertain)
        for id_, text, start, end, precision, label, approximate, uncertain in zip(
            col("id").to_pylist(),
            col("date_text").to_pylist(),
            starts,
            ends,
            col("precision").to_pylist(),
            col("date_label").to_pylist(),
            col("approximate").to_pylist(),
            col("uncertain").to_pylist(),
            strict=True,
        )
    }


def anchors(table: Any) -> dict[tuple[str, int], Any]:
    """Where each citation's quote sits, by (event id, citation index), as a cache holds them."""
    from .anchoring import Anchor

    out = {}
    for id_, cits in zip(table.column("id").to_pylist(), table.column("citations").to_pylist(), strict=True):
        for j, c in enumerate(cits):
            out[(id_, j)] = Anchor(c["start"], c["end"], c["line"], c["exact"], c["before"], c["after"])
    return out


def event_quotes(table: Any) -> list[str]:
    """Each event's quotes, one per line, as a cache holds them (joined by Arrow, no models made)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    citations = table.column("citations").combine_chunks()
    quotes = pa.ListArray.from_arrays(citations.offsets, pc.struct_field(citations.values, "quote"))
    return pc.binary_join(quotes, "\n").to_pylist()
