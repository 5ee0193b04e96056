"""A cache of validated records: a record whose files are unchanged opens without being read again.

After a record loads without problems, what it holds (the events frame, every citation with its
anchor, the vocabularies) is written to one file in ``$XDG_CACHE_HOME/mek-timeline/records/``
(``~/.cache/...`` without it), one per record path. The file is an Arrow IPC file (one row per
event, its citations a list column; the vocabularies as JSON in the schema's metadata) followed
by a 40-byte trailer: ``MEKTLSUM`` and the SHA-256 of everything before it.

It is used only when everything matches: the trailer's hash, the cache's format, the loader's
own version (a hash of its code), the SHA-256 of the record file and of every source file (read
afresh each time), and where each source file is. Anything else (a changed byte, a truncated or
corrupt file, another version) and it is ignored and written anew. It is written to a temporary
file beside it and renamed into place, so a reader sees the old file or the new, never half of
one. ``MEK_TIMELINE_NO_CACHE=1`` (or ``load_record(..., cache=False)``, ``validate --no-cache``)
turns it off; deleting the folder clears it.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import stat
import tempfile
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .dates import DateValue
from .files import FileRefused, read_regular, sha256_regular
from .texts import MAX_SOURCE_BYTES, SourceFile

NO_CACHE_ENV = "MEK_TIMELINE_NO_CACHE"
FORMAT = 1
MAX_CACHE_BYTES = 4 * 1024 * 1024 * 1024
HASH_THREADS = min(4, os.cpu_count() or 1)
BATCH_EVENTS = 4_000
"""Events written per Arrow record batch: what is held in memory at once while writing."""

_TRAILER_MAGIC = b"MEKTLSUM"
_TRAILER = len(_TRAILER_MAGIC) + 32


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the cache is on: unless ``MEK_TIMELINE_NO_CACHE`` is set to anything but ``0`` or empty."""
    value = (os.environ if environ is None else environ).get(NO_CACHE_ENV, "")
    return value.strip() in ("", "0")


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where cached records are kept: ``$XDG_CACHE_HOME/mek-timeline/records`` (else ``~/.cache/...``)."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "mek-timeline" / "records"


def cache_file(record_path: Path, environ: Mapping[str, str] | None = None) -> Path:
    """The cache file of the record at ``record_path`` (one per resolved path)."""
    name = hashlib.sha256(str(record_path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return cache_dir(environ) / f"record-{name}.arrow"


@cache
def loader_version() -> str:
    """A hash of the loader's own code and the cache format: a cache of other code is never read."""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        h.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return h.hexdigest()


@dataclass(frozen=True)
class Key:
    """What a cache must match: the record file's hash and path."""

    record_sha256: str
    record_path: str


def record_key(path: Path) -> Key:
    """The key of the record file at ``path`` as it is now (:class:`FileRefused` when it cannot be read)."""
    from .yamlsource import MAX_BYTES

    return Key(sha256_regular(path, MAX_BYTES), str(path.resolve()))


# --- writing ---------------------------------------------------------------------------------


def write(record: Any, key: Key, target: Path) -> str | None:
    """Write the cache of a validated record to ``target``; None, or a note saying why it was not written."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return "pyarrow is not installed"
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            info = target.lstat()
            if not stat.S_ISREG(info.st_mode):
                return f"{target} exists and is not a regular file; it is left alone"
        except FileNotFoundError:
            pass
        fd, tmp = tempfile.mkstemp(prefix=".record-", suffix=".tmp", dir=folder)
    except OSError as exc:
        return f"{folder}: {exc.strerror or exc}"
    try:
        with os.fdopen(fd, "wb") as raw_out:
            out = _HashingWriter(raw_out)
            batches = _batches(record)
            first = next(batches)
            schema = first.schema.with_metadata({b"mek-timeline": json.dumps(_metadata(record, key)).encode()})
            with pa.ipc.new_file(pa.PythonFile(out, mode="w"), schema) as writer:
                writer.write_batch(first.replace_schema_metadata(schema.metadata))
                for batch in batches:
                    writer.write_batch(batch.replace_schema_metadata(schema.metadata))
            raw_out.write(_TRAILER_MAGIC + out.hash.digest())
            raw_out.flush()
            os.fsync(raw_out.fileno())
        os.replace(tmp, target)
        return None
    except Exception as exc:  # any failure leaves no cache behind, and says why
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return f"{target}: {getattr(exc, 'strerror', None) or exc}"


class _HashingWriter:
    """A binary file that hashes what is written through it."""

    def __init__(self, out: Any) -> None:
        self.out = out
        self.hash = hashlib.sha256()
        self.closed = False

    def write(self, data: Any) -> int:
        view = memoryview(data)
        self.hash.update(view)
        return self.out.write(view)

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        self.closed = True

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.out.tell()


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
        "period": [_date_value_json(d) for d in record.period],
        "sources": dump(record.sources),
        "perspectives": dump(record.perspectives),
        "speakers": dump(record.speakers),
        "actors": dump(record.actors),
        "categories": dump(record.categories),
        "warnings": [[list(loc), message] for loc, message in record._warning_spots],
        "files": {
            sid: {"path": str(f.path), "display": f.display, "sha256": f.sha256}
            for sid, f in record.source_files.items()
        },
    }


def _date_value_json(d: DateValue) -> dict[str, Any]:
    out = asdict(d)
    out["start"], out["end"] = d.start.isoformat(), d.end.isoformat()
    return out


def _date_value(d: Mapping[str, Any]) -> DateValue:
    return DateValue(**{**d, "start": date.fromisoformat(d["start"]), "end": date.fromisoformat(d["end"])})


_CITATION_FIELDS = ("source", "quote", "prefix", "suffix", "claim", "speaker", "speaker_note")


def _batches(record: Any) -> Any:
    """The cache's rows in record batches of :data:`BATCH_EVENTS` events: frame columns, then the rest."""
    import pyarrow as pa

    frame = record._frame
    events = record.events
    for lo in range(0, max(len(events), 1), BATCH_EVENTS):
        part = events[lo : lo + BATCH_EVENTS]
        dates = [record.dates[e.id] for e in part]
        batch = pa.RecordBatch.from_pandas(frame.iloc[lo : lo + BATCH_EVENTS], preserve_index=False)
        sentences = pa.list_(pa.struct([("text", pa.string()), ("cites", pa.list_(pa.int64()))]))
        at = batch.schema.get_field_index("sentences")  # one type in every batch, whatever its rows hold
        batch = batch.set_column(at, "sentences", batch.column(at).cast(sentences))
        extra = {
            "event_date": pa.array([e.date for e in part], pa.string()),
            "approximate": pa.array([d.approximate for d in dates], pa.bool_()),
            "uncertain": pa.array([d.uncertain for d in dates], pa.bool_()),
            "citations": _citations_array(record, part),
        }
        yield pa.RecordBatch.from_arrays([*batch.columns, *extra.values()], names=[*batch.schema.names, *extra])


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
    structs = pa.StructArray.from_arrays(list(fields.values()), names=list(fields))
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), structs)


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cached:
    """A cache that matched: its metadata, its table, and the source files as checked now."""

    meta: dict[str, Any]
    table: Any
    files: dict[str, SourceFile]


def read(key: Key, target: Path, resolve: Callable[[str], Path | None]) -> Cached | None:
    """The cache at ``target`` when it matches ``key`` and every source file; None otherwise.

    ``resolve`` gives the path a source's ``file`` resolves to now (None when it cannot be read).
    """
    try:
        import pyarrow as pa

        data = read_regular(target, MAX_CACHE_BYTES)
    except (ImportError, FileRefused):
        return None
    if len(data) <= _TRAILER or data[-_TRAILER:-32] != _TRAILER_MAGIC:
        return None
    body = memoryview(data)[:-_TRAILER]
    if hashlib.sha256(body).digest() != data[-32:]:
        return None
    try:
        reader = pa.ipc.open_file(pa.py_buffer(body))
        meta = json.loads(reader.schema.metadata[b"mek-timeline"])
        if (
            meta.get("format") != FORMAT
            or meta.get("loader") != loader_version()
            or meta.get("record_sha256") != key.record_sha256
            or meta.get("record_path") != key.record_path
        ):
            return None
        files = _check_files(meta, resolve)
        if files is None:
            return None
        return Cached(meta, reader.read_all(), files)
    except Exception:  # a cache that cannot be read as written is not trusted, whatever the failure
        return None


def _check_files(meta: dict[str, Any], resolve: Callable[[str], Path | None]) -> dict[str, SourceFile] | None:
    """The source files as cached, when each is where it was and has the same bytes.

    Each file is resolved first; then the files are split into one share per thread, each thread
    hashes its share in turn (reading and hashing release the GIL), and all stop at the first mismatch.
    """
    sources = {s["id"]: s for s in meta["sources"]}
    if set(meta["files"]) != set(sources):
        return None
    wanted: dict[str, SourceFile] = {}
    for sid, f in meta["files"].items():
        path = resolve(sources[sid]["file"])
        if path is None or str(path) != f["path"]:
            return None
        wanted[sid] = SourceFile(path, f["display"], f["sha256"])
    files = list(wanted.values())
    mismatch = threading.Event()

    def check(share: list[SourceFile]) -> None:
        for file in share:
            if mismatch.is_set():
                return
            try:
                same = sha256_regular(file.path, MAX_SOURCE_BYTES) == file.sha256
            except FileRefused:
                same = False
            if not same:
                mismatch.set()

    threads = max(1, min(HASH_THREADS, len(files)))
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(check, [files[i::threads] for i in range(threads)]))
    return None if mismatch.is_set() else wanted


def period(meta: dict[str, Any]) -> tuple[DateValue, DateValue]:
    """The record's period as cached."""
    start, end = meta["period"]
    return _date_value(start), _date_value(end)


FRAME_EXTRA = ("event_date", "approximate", "uncertain", "citations")
"""Columns of the cache that are not columns of the events frame."""

_LIST_COLUMNS = ("actors", "perspectives", "speakers", "sources", "tags")


def _lists(column: Any) -> list[list[str]]:
    """A list-of-strings column as Python lists: each distinct string made once, then sliced per row."""
    import numpy as np

    array = column.combine_chunks()
    if not hasattr(array, "offsets"):  # a column with no rows is written without a list type
        return array.to_pylist()
    encoded = array.values.dictionary_encode()
    distinct = np.array(encoded.dictionary.to_pylist(), dtype=object)
    values = distinct[encoded.indices.to_numpy()].tolist()
    offsets = array.offsets.to_numpy().tolist()
    return [values[a:b] for a, b in itertools.pairwise(offsets)]


def frame(table: Any) -> Any:
    """The events frame a cache holds (as :meth:`loaders.Record.events_frame` builds it)."""
    import pandas as pd

    columns = [c for c in table.column_names if c not in FRAME_EXTRA]
    out = table.select([c for c in columns if c not in _LIST_COLUMNS and c != "sentences"]).to_pandas()
    for name in _LIST_COLUMNS:  # made while load_record holds the collector paused
        out[name] = pd.Series(_lists(table.column(name)), index=out.index, dtype=object)
    out["sentences"] = pd.Series(table.column("sentences").to_pylist(), index=out.index, dtype=object)
    return out[columns]


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
        col("contested").to_pylist(),
        col("contested_note").to_pylist(),
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
            contested=note if contested else None,
        )
        for id_, date_, basis, title, summary, actors, category, place, tags, cits, contested, note in rows
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
