"""A cache of validated records: a record whose files are unchanged opens without being read again.

After a record loads without problems, what it holds (its events with their dates, every
citation with where its quote sits, the vocabularies) is written to one file in
``$XDG_CACHE_HOME/mek-timeline/records/`` (``~/.cache/...`` without it), one per record path:
an Arrow IPC file (one row per event, its citations a list column; the vocabularies as JSON in
the schema's metadata), sealed with a key private to the user (:mod:`loaders.private`).

Nothing in it is trusted for being there. It is read only from a folder that is the user's
own and writable by nobody else, only when its seal matches (a file another user planted, or
one edited by hand, is never parsed), only up to a size bound by the record's, and only when
everything matches: the cache's format, the loader's own version (a hash of its code), the
SHA-256 of the record file and of every source file (read afresh each time), and where each
source file is. Even then every value is checked as the loader checks it (ids unique and
referring to what exists, lengths within the loader's limits, offsets within the source
texts, dates within the period, Arrow's own buffers fully validated) or derived again (the
period, each event's perspectives, speakers and sources and its number of citations); the
quoted text itself is always taken from the source. Anything else and it is ignored and
written anew. ``MEK_TIMELINE_NO_CACHE=1`` (or ``load_record(..., cache=False)``,
``validate --no-cache``) turns it off; deleting the folder clears it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .dates import PRECISIONS, DateValue
from .files import Digest, FileRefused, digest_regular
from .private import PrivateFolder, TooLarge, Untrusted
from .texts import MAX_SOURCE_BYTES, SourceFile
from .voice import source_voice

NO_CACHE_ENV = "MEK_TIMELINE_NO_CACHE"
FORMAT = 2
HASH_THREADS = min(4, os.cpu_count() or 1)
BATCH_EVENTS = 4_000
"""Events written per Arrow record batch: what is held in memory at once while writing."""
BYTES_PER_RECORD_BYTE = 16
BASE_BYTES = 64 * 1024 * 1024
"""A cache file is at most ``BYTES_PER_RECORD_BYTE`` times its record's size plus ``BASE_BYTES``
(a cache of a valid record is about twice its size): a larger one is neither written nor read."""
TEMP_PREFIX = ".record"


def size_limit(record_bytes: int) -> int:
    """The largest cache file of a record of ``record_bytes`` bytes."""
    return BYTES_PER_RECORD_BYTE * record_bytes + BASE_BYTES


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the cache is on: unless ``MEK_TIMELINE_NO_CACHE`` is set to anything but ``0`` or empty."""
    value = (os.environ if environ is None else environ).get(NO_CACHE_ENV, "")
    return value.strip() in ("", "0")


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where cached records are kept: ``$XDG_CACHE_HOME/mek-timeline/records`` (else ``~/.cache/...``).

    The key that seals them is in the folder above, ``mek-timeline/key``.
    """
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "mek-timeline" / "records"


def cache_file(record_path: Path, environ: Mapping[str, str] | None = None) -> Path:
    """The cache file of the record at ``record_path`` (one per resolved path)."""
    name = hashlib.sha256(str(record_path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return cache_dir(environ) / f"record-{name}.arrow"


def _folder(target: Path, *, create: bool) -> PrivateFolder:
    return PrivateFolder(target.parent.parent, target.parent.name, temp_prefix=TEMP_PREFIX, create=create)


@cache
def loader_version() -> str:
    """A hash of the loader's own code and the cache format: a cache of other code is never read."""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        h.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return h.hexdigest()


@dataclass(frozen=True)
class Key:
    """What a cache must match: the record file's hash and path; its size bounds the cache's."""

    record_sha256: str
    record_path: str
    record_size: int


def record_key(path: Path) -> Key:
    """The key of the record file at ``path`` as it is now (:class:`FileRefused` when it cannot be read)."""
    from .yamlsource import MAX_BYTES

    found = digest_regular(path, MAX_BYTES)
    return Key(found.sha256, str(path.resolve()), found.size)


# --- the table's layout ------------------------------------------------------------------------

_STORED_FRAME = (
    *("id", "title", "summary", "sentences", "start", "end", "precision", "date_label", "date_text", "date_basis"),
    *("category", "actors", "contested_note", "weight", "place", "tags"),
)
"""The events frame's columns the cache holds; the others are derived from the citations on reading."""
FRAME_COLUMNS = (
    *("id", "title", "summary", "sentences", "start", "end", "precision", "date_label", "date_text", "date_basis"),
    *("category", "actors", "perspectives", "speakers", "sources", "contested", "contested_note"),
    *("n_citations", "weight", "place", "tags"),
)
"""The columns of :meth:`loaders.Record.events_frame`, in order."""
_CITATION_FIELDS = ("source", "quote", "prefix", "suffix", "claim", "speaker", "speaker_note")
_OPTIONAL_CITATION_FIELDS = ("prefix", "suffix", "claim", "speaker", "speaker_note")
_LIST_COLUMNS = ("actors", "perspectives", "speakers", "sources", "tags")


@cache
def _schema() -> Any:
    import pyarrow as pa

    text, day, ids = pa.string(), pa.timestamp("s"), pa.list_(pa.string())
    sentences = pa.list_(pa.struct([("text", text), ("cites", pa.list_(pa.int64()))]))
    types = {"start": day, "end": day, "actors": ids, "tags": ids, "sentences": sentences, "weight": pa.int64()}
    citation = pa.struct(
        [
            *((f, text) for f in _CITATION_FIELDS),
            *((f, pa.int64()) for f in ("start", "end", "line")),
            *((f, text) for f in ("exact", "before", "after")),
        ]
    )
    return pa.schema(
        [
            *((name, types.get(name, text)) for name in _STORED_FRAME),
            ("event_date", text),
            ("approximate", pa.bool_()),
            ("uncertain", pa.bool_()),
            ("citations", pa.list_(citation)),
        ]
    )


# --- writing ---------------------------------------------------------------------------------


def write(record: Any, key: Key, target: Path) -> str | None:
    """Write the cache of a validated record to ``target``; None, or a note saying why it was not written.

    ``key`` is that of the bytes the record was read from.
    """
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return "pyarrow is not installed"
    try:
        folder = _folder(target, create=True)
    except Untrusted as exc:
        return str(exc)
    except OSError as exc:
        return f"{target.parent}: {exc.strerror or exc}"
    with folder:
        folder.remove_stale()
        if folder.kind(target.name) == "other":
            return f"{target} exists and is not a regular file; it is left alone"

        def body(out: Any) -> None:
            schema = _schema().with_metadata({b"mek-timeline": json.dumps(_metadata(record, key)).encode()})
            with pa.ipc.new_file(pa.PythonFile(out, mode="w"), schema) as writer:
                for batch in _batches(record):
                    writer.write_batch(batch.replace_schema_metadata(schema.metadata))

        try:
            folder.write(target.name, body, size_limit(key.record_size))
        except TooLarge as exc:
            return f"the record's cache would be {exc}; it is read in full at each load"
        except Exception as exc:  # any failure leaves no cache behind, and says why
            return f"{target}: {getattr(exc, 'strerror', None) or exc}"
    return None


def _metadata(record: Any, key: Key) -> dict[str, Any]:
    def dump(models: Mapping[str, Any]) -> list[dict[str, Any]]:
        return [m.model_dump() for m in models.values()]

    return {
        "format": FORMAT,
        "loader": loader_version(),
        "record_sha256": key.record_sha256,
        "record_path": key.record_path,
        "title": record.title,
        "description": record.description,
        "period": [d.text for d in record.period],
        "sources": dump(record.sources),
        "perspectives": dump(record.perspectives),
        "speakers": dump(record.speakers),
        "actors": dump(record.actors),
        "categories": dump(record.categories),
        "warnings": [[list(loc), message] for loc, message in record.warning_spots],
        "files": {
            sid: {"path": str(f.path), "display": f.display, "sha256": f.sha256}
            for sid, f in record.source_files.items()
        },
    }


def _batches(record: Any) -> Any:
    """The cache's rows in record batches of :data:`BATCH_EVENTS` events: frame columns, then the rest."""
    import pyarrow as pa

    schema = _schema()
    stored = pa.schema([schema.field(name) for name in _STORED_FRAME])
    frame = record.frame
    events = record.events
    for lo in range(0, max(len(events), 1), BATCH_EVENTS):
        part = events[lo : lo + BATCH_EVENTS]
        dates = [record.dates[e.id] for e in part]
        batch = pa.RecordBatch.from_pandas(
            frame.iloc[lo : lo + BATCH_EVENTS][list(_STORED_FRAME)], schema=stored, preserve_index=False
        )
        extra = [
            pa.array([e.date for e in part], pa.string()),
            pa.array([d.approximate for d in dates], pa.bool_()),
            pa.array([d.uncertain for d in dates], pa.bool_()),
            _citations_array(record, part),
        ]
        yield pa.RecordBatch.from_arrays([*batch.columns, *extra], schema=schema)


def _citations_array(record: Any, events: list[Any]) -> Any:
    """Every event's citations with their anchors, as one list-of-struct array (one row per event)."""
    import pyarrow as pa

    offsets = [0]
    cits = []
    found = []
    for e in events:
        cits.extend(e.citations)
        found.extend(record.anchors[(e.id, j)] for j in range(len(e.citations)))
        offsets.append(len(cits))
    fields = {f: pa.array([getattr(c, f) for c in cits], pa.string()) for f in _CITATION_FIELDS}
    fields["start"] = pa.array([a.start for a in found], pa.int64())
    fields["end"] = pa.array([a.end for a in found], pa.int64())
    fields["line"] = pa.array([a.line for a in found], pa.int64())
    fields["exact"] = pa.array([a.exact for a in found], pa.string())
    fields["before"] = pa.array([a.prefix for a in found], pa.string())
    fields["after"] = pa.array([a.suffix for a in found], pa.string())
    structs = pa.StructArray.from_arrays(
        list(fields.values()), fields=list(_schema().field("citations").type.value_type)
    )
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), structs)


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cached:
    """A cache that matched and passed every check: the record's head and vocabularies (as models), its table,
    the source files as checked now, and each event's perspectives, speakers and sources as derived again."""

    title: str
    description: str | None
    period: tuple[DateValue, DateValue]
    sections: dict[str, dict[str, Any]]
    table: Any
    files: dict[str, SourceFile]
    derived: dict[str, Any]
    warnings: list[tuple[tuple[str | int, ...], str]]
    record_sha256: str


class Invalid(Exception):
    """A cache holding something the loader would not have made."""


def read(key: Key, target: Path, resolve: Callable[[str], Path | None]) -> Cached | None:
    """The cache at ``target`` when it is trusted, matches ``key`` and every source file, and holds only
    what the loader could have made; None otherwise.

    ``resolve`` gives the path a source's ``file`` resolves to now (None when it cannot be read).
    """
    try:
        import pyarrow as pa

        with _folder(target, create=False) as folder:
            folder.remove_stale()
            body = folder.read(target.name, size_limit(key.record_size))
    except (ImportError, FileNotFoundError, Untrusted, OSError):
        return None
    if body is None:
        return None
    try:
        reader = pa.ipc.open_file(pa.py_buffer(body))
        if not reader.schema.remove_metadata().equals(_schema()):
            return None
        meta = json.loads(reader.schema.metadata[b"mek-timeline"])
        if not isinstance(meta, dict) or (
            meta.get("format") != FORMAT
            or meta.get("loader") != loader_version()
            or meta.get("record_sha256") != key.record_sha256
            or meta.get("record_path") != key.record_path
        ):
            return None
        batches = [reader.get_batch(i) for i in range(reader.num_record_batches)]
        for batch in batches:
            batch.validate(full=True)  # offsets, lengths and UTF-8 of every buffer, before any value is used
        table = pa.Table.from_batches(batches, schema=reader.schema)
        head = _check_meta(meta)
        checked = _check_files(meta, head["sources"], resolve)
        if checked is None:
            return None
        files, digests = checked
        derived = _check_table(table, head, digests)
        sections = {name: head[name] for name in ("sources", "perspectives", "speakers", "actors", "categories")}
        return Cached(
            head["title"],
            head["description"],
            head["period"],
            sections,
            table,
            files,
            derived,
            head["warnings"],
            key.record_sha256,
        )
    except Exception:  # a cache that cannot be read as written, or holds what the loader never makes
        return None


def _check_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """The record's head and vocabularies, validated as the loader validates them (:class:`Invalid` otherwise)."""
    from pydantic import TypeAdapter

    from .dates import parse_date
    from .schema import SECTIONS, Text

    expected = {
        *("format", "loader", "record_sha256", "record_path", "title", "description", "period"),
        *("sources", "perspectives", "speakers", "actors", "categories", "files", "warnings"),
    }
    if set(meta) != expected:
        raise Invalid("fields")
    text = TypeAdapter(Text)
    head: dict[str, Any] = {
        "title": text.validate_python(meta["title"], strict=True),
        "description": None if meta["description"] is None else text.validate_python(meta["description"], strict=True),
    }
    period = meta["period"]
    if not (isinstance(period, list) and len(period) == 2 and all(isinstance(p, str) for p in period)):
        raise Invalid("period")
    head["period"] = (parse_date(period[0]), parse_date(period[1]))
    if head["period"][1].end < head["period"][0].start:
        raise Invalid("period")
    for name in ("sources", "perspectives", "speakers", "actors", "categories"):
        items = meta[name]
        if not isinstance(items, list):
            raise Invalid(name)
        models = [SECTIONS[name].model_validate(item, strict=True) for item in items]
        head[name] = {m.id: m for m in models}
        if len(head[name]) != len(models):
            raise Invalid(f"duplicate id in {name}")
    if not head["sources"]:
        raise Invalid("no sources")
    head["warnings"] = _check_warnings(meta["warnings"])
    perspectives, speakers, actors = head["perspectives"], head["speakers"], head["actors"]
    for sp in speakers.values():
        if sp.perspective not in perspectives or (sp.actor is not None and sp.actor not in actors):
            raise Invalid("speaker")
    for src in head["sources"].values():
        if src.speaker is not None:
            if src.speaker not in speakers or src.perspective not in (None, speakers[src.speaker].perspective):
                raise Invalid("source speaker")
        elif src.perspective not in perspectives:
            raise Invalid("source perspective")
    return head


MAX_WARNINGS = 100_000
"""Most warnings a cache may hold (a record's warnings are at most a few per citation)."""


def _check_warnings(items: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """The unlocated warnings of a cache: each a path of keys and indexes into the record and a message."""
    if not isinstance(items, list) or len(items) > MAX_WARNINGS:
        raise Invalid("warnings")
    out = []
    for item in items:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], list) and isinstance(item[1], str)):
            raise Invalid("warning")
        path, message = item
        if not 0 < len(message) <= 2_000 or len(path) > 12:
            raise Invalid("warning")
        for part in path:
            if isinstance(part, bool) or not isinstance(part, str | int) or (isinstance(part, str) and len(part) > 100):
                raise Invalid("warning path")
            if isinstance(part, int) and not 0 <= part < 10_000_000:
                raise Invalid("warning path")
        out.append((tuple(path), message))
    return out


def _check_files(
    meta: dict[str, Any], sources: dict[str, Any], resolve: Callable[[str], Path | None]
) -> tuple[dict[str, SourceFile], dict[str, Digest]] | None:
    """The source files as cached, when each is where it was and has the same bytes; and how many characters
    and lines each holds.

    Each file is resolved first; then the files are split into one share per thread, each thread
    hashes its share in turn (reading and hashing release the GIL), and all stop at the first mismatch.
    """
    files = meta["files"]
    if not isinstance(files, dict) or set(files) != set(sources):
        return None
    wanted: dict[str, SourceFile] = {}
    for sid, f in files.items():
        if not isinstance(f, dict) or set(f) != {"path", "display", "sha256"} or f["display"] != sources[sid].file:
            return None
        path = resolve(sources[sid].file)
        if path is None or str(path) != f["path"]:
            return None
        wanted[sid] = SourceFile(path, f["display"], f["sha256"])
    mismatch = threading.Event()
    digests: dict[str, Digest] = {}

    def check(share: list[tuple[str, SourceFile]]) -> None:
        for sid, file in share:
            if mismatch.is_set():
                return
            try:
                found = digest_regular(file.path, MAX_SOURCE_BYTES, text=True)
            except FileRefused:
                found = None
            if found is None or found.sha256 != file.sha256:
                mismatch.set()
            else:
                digests[sid] = found

    items = list(wanted.items())
    threads = max(1, min(HASH_THREADS, len(items)))
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(check, [items[i::threads] for i in range(threads)]))
    return None if mismatch.is_set() else (wanted, digests)


def _check_table(table: Any, head: dict[str, Any], digests: dict[str, Digest]) -> dict[str, Any]:
    """Check every event and citation as the loader checks them (:class:`Invalid` otherwise); each event's
    perspectives, speakers, sources and number of citations, derived from its citations."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from .anchoring import CONTEXT_CHARS
    from .schema import MAX_ID, MAX_TEXT, MAX_TITLE, MAX_WEIGHT, SLUG_PATTERN

    def require(ok: Any, what: str) -> None:
        if not (ok.as_py() if isinstance(ok, pa.Scalar) else ok):
            raise Invalid(what)

    def all_true(mask: Any) -> bool:
        return len(mask) == 0 or (mask.null_count == 0 and pc.all(mask).as_py())

    def lengths(values: Any, lo: int, hi: int, what: str, *, empty: bool = False) -> None:
        """Each text ``lo`` to ``hi`` characters long (or empty, with ``empty``)."""
        n = pc.utf8_length(values)
        require(all_true(pc.and_(pc.greater_equal(n, 0 if empty else lo), pc.less_equal(n, hi))), what)

    def known(values: Any, ids: Any, what: str) -> Any:
        codes = pc.index_in(values, value_set=pa.array(list(ids), pa.string()))
        require(codes.null_count == values.null_count, what)
        return codes

    # column by column, chunk by chunk as written: nothing is copied
    col = {name: table.column(name) for name in table.column_names}
    for name, values in col.items():  # nothing is missing but the optional parts of a citation
        require(values.null_count == 0, name)
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
    tags = pc.list_flatten(col["tags"])
    require(tags.null_count == 0, "tags")
    lengths(tags, 1, MAX_TEXT, "tags")
    n_citations = pc.list_value_length(col["citations"])
    require(all_true(pc.greater_equal(n_citations, 1)), "citations")
    _check_sentences(col["sentences"], np.asarray(n_citations, dtype=np.int64), require, lengths)

    source_ids, speaker_ids = list(head["sources"]), list(head["speakers"])
    chars_of = np.array([digests[s].chars for s in source_ids], dtype=np.int64)
    lines_of = np.array([digests[s].newlines for s in source_ids], dtype=np.int64) + 1
    rows, source_codes, spoken = [], [], []
    base = 0
    for chunk in col["citations"].chunks:
        rows.append(np.asarray(pc.list_parent_indices(chunk), dtype=np.int64) + base)
        base += len(chunk)
        cit = chunk.flatten()
        require(cit.null_count == 0, "citation")
        field = {name: cit.field(name) for name in cit.type.names}
        for name, values in field.items():
            require(values.null_count == 0 or name in _OPTIONAL_CITATION_FIELDS, f"citation {name}")
        lengths(field["quote"], 1, MAX_TEXT, "quote")
        for name in _OPTIONAL_CITATION_FIELDS:
            lengths(field[name].drop_null(), 1, MAX_TEXT, name)
        codes = np.asarray(known(field["source"], source_ids, "citation source"), dtype=np.int64)
        source_codes.append(codes)
        spoken.append(np.asarray(known(field["speaker"], speaker_ids, "citation speaker").fill_null(-1), np.int64))
        # where each quote sits: inside its source's text, with the context and line it must have
        chars, lines = chars_of[codes], lines_of[codes]
        q_start, q_end, q_line = (np.asarray(field[n], dtype=np.int64) for n in ("start", "end", "line"))
        require(bool(np.all((q_start >= 0) & (q_start <= q_end) & (q_end <= chars))), "offsets")
        require(bool(np.all((q_line >= 1) & (q_line <= lines) & (q_line <= q_start + 1))), "line")
        for name, want in (
            ("exact", q_end - q_start),
            ("before", np.minimum(q_start, CONTEXT_CHARS)),
            ("after", np.minimum(chars - q_end, CONTEXT_CHARS)),
        ):
            require(bool(np.array_equal(np.asarray(pc.utf8_length(field[name]), dtype=np.int64), want)), name)
    empty = np.zeros(0, dtype=np.int64)
    row_of = np.concatenate(rows) if rows else empty
    source_codes = np.concatenate(source_codes) if source_codes else empty

    # what the frame says of each event's citations, derived from them as the loader derives it
    sources = head["sources"]
    perspectives = list(head["perspectives"])
    p_index = {p: i for i, p in enumerate(perspectives)}
    s_index = {s: i for i, s in enumerate(speaker_ids)}
    # loaders.voice.citation_voice, a column at a time: a named speaker speaks for its perspective, else
    # a citation speaks as its source does
    voices = [source_voice(sources[s], head["speakers"]) for s in source_ids]
    source_speaker = np.array([s_index[v.speaker.id] if v.speaker else -1 for v in voices], dtype=np.int64)
    source_persp = np.array([p_index[v.perspective] for v in voices], dtype=np.int64)
    speaker_persp = np.array([p_index[head["speakers"][s].perspective] for s in speaker_ids] or [0], dtype=np.int64)
    named = np.concatenate(spoken) if spoken else empty
    speaker = np.where(named >= 0, named, source_speaker[source_codes])
    persp = np.where(named >= 0, speaker_persp[np.maximum(named, 0)], source_persp[source_codes])
    n = len(ids)
    return {
        "perspectives": _distinct_lists(row_of, persp, perspectives, n),
        "speakers": _distinct_lists(row_of[speaker >= 0], speaker[speaker >= 0], speaker_ids, n),
        "sources": _distinct_lists(row_of, source_codes, source_ids, n),
        "n_citations": n_citations.to_numpy().astype(np.int64),
    }


def _check_sentences(sentences: Any, n_citations: Any, require: Callable, lengths: Callable) -> None:
    """Each event's sentences as the loader allows them: a text of 1 to ``MAX_TEXT`` characters citing
    one or more of the event's own citations (by number, from 1)."""
    import numpy as np
    import pyarrow.compute as pc

    from .schema import MAX_TEXT

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
    import numpy as np
    import pyarrow as pa

    rows = np.asarray(rows, dtype=np.int64)
    codes = np.asarray(codes, dtype=np.int64)
    width = max(len(names), 1)
    _, first = np.unique(rows * width + codes, return_index=True)
    first.sort()
    kept_rows, kept_codes = rows[first], codes[first]
    offsets = np.concatenate([[0], np.cumsum(np.bincount(kept_rows, minlength=n))]).astype(np.int32)
    values = pa.array(names, pa.string()).take(pa.array(kept_codes)) if len(names) else pa.array([], pa.string())
    return pa.ListArray.from_arrays(pa.array(offsets), values)


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
    out = table.select([c for c in _STORED_FRAME if c not in _LIST_COLUMNS and c != "sentences"]).to_pandas()
    out["sentences"] = pd.Series(table.column("sentences").to_pylist(), index=out.index, dtype=object)
    for name in ("actors", "tags"):  # made while load_record holds the collector paused
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
            tags=tags,
            citations=[Citation.model_construct(**{f: c[f] for f in _CITATION_FIELDS}) for c in cits],
            contested=contested,
            weight=weight,
        )
        for id_, date_, basis, title, summary, actors, category, place, tags, cits, contested, weight in rows
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
