"""A cache of validated records: a record whose files are unchanged opens without being read again.

After a record loads without problems, what it holds (its events with their dates, every
citation with where its quote sits, the vocabularies) is written to one file in the user's cache
folder (:func:`cache_dir`: ``$XDG_CACHE_HOME/mek-timeline/records/`` on Linux), one per record path:
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
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import platformdirs

from .files import digest_regular
from .private import PrivateFolder, TooLarge, Untrusted

APP_NAME = "mek-timeline"
NO_CACHE_ENV = "MEK_TIMELINE_NO_CACHE"
FORMAT = 3
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


def cache_dir() -> Path:
    """Where cached records are kept: ``records`` in the user's cache folder for the program, as platformdirs
    finds it: on Linux ``$XDG_CACHE_HOME/mek-timeline`` (``~/.cache/mek-timeline`` without an absolute
    ``XDG_CACHE_HOME``); on macOS ``~/Library/Caches/mek-timeline``, or ``$XDG_CACHE_HOME/mek-timeline``
    when it is set; on Windows ``%LOCALAPPDATA%\\mek-timeline\\Cache``.

    The key that seals them is in the folder above (``mek-timeline/key`` on Linux).
    """
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "records"


def cache_file(record_path: Path) -> Path:
    """The cache file of the record at ``record_path`` (one per resolved path)."""
    name = hashlib.sha256(str(record_path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return cache_dir() / f"record-{name}.arrow"


def private_folder(target: Path, *, create: bool) -> PrivateFolder:
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

STORED_FRAME = (
    *("id", "title", "summary", "sentences", "start", "end", "precision", "date_label", "date_text", "date_basis"),
    *("category", "actors", "contested_note", "weight", "place", "places", "tags"),
)
"""The events frame's columns the cache holds; the others are derived from the citations on reading."""
FRAME_COLUMNS = (
    *("id", "title", "summary", "sentences", "start", "end", "precision", "date_label", "date_text", "date_basis"),
    *("category", "actors", "perspectives", "speakers", "sources", "contested", "contested_note"),
    *("n_citations", "weight", "place", "places", "tags"),
)
"""The columns of :meth:`loaders.Record.events_frame`, in order."""
SECTION_NAMES = ("sources", "perspectives", "speakers", "actors", "places", "categories")
"""The record's vocabularies a cache holds, written and read back in this one list (each checked with the record's
own schema when read)."""
CITATION_FIELDS = ("source", "quote", "prefix", "suffix", "claim", "speaker", "speaker_note")
OPTIONAL_CITATION_FIELDS = ("prefix", "suffix", "claim", "speaker", "speaker_note")
LIST_COLUMNS = ("actors", "perspectives", "speakers", "sources", "places", "tags")


@cache
def table_schema() -> Any:
    import pyarrow as pa

    text, day, ids = pa.string(), pa.timestamp("s"), pa.list_(pa.string())
    sentences = pa.list_(pa.struct([("text", text), ("cites", pa.list_(pa.int64()))]))
    types = {"start": day, "end": day, "actors": ids, "places": ids, "tags": ids, "sentences": sentences}
    types["weight"] = pa.int64()
    citation = pa.struct(
        [
            *((f, text) for f in CITATION_FIELDS),
            *((f, pa.int64()) for f in ("start", "end", "line")),
            *((f, text) for f in ("exact", "before", "after")),
        ]
    )
    return pa.schema(
        [
            *((name, types.get(name, text)) for name in STORED_FRAME),
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
        folder = private_folder(target, create=True)
    except Untrusted as exc:
        return str(exc)
    except OSError as exc:
        return f"{target.parent}: {exc.strerror or exc}"
    with folder:
        folder.remove_stale()
        if folder.kind(target.name) == "other":
            return f"{target} exists and is not a regular file; it is left alone"

        def body(out: Any) -> None:
            schema = table_schema().with_metadata({b"mek-timeline": json.dumps(_metadata(record, key)).encode()})
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
        **{name: dump(getattr(record, name)) for name in SECTION_NAMES},
        "warnings": [[list(loc), message] for loc, message in record.warning_spots],
        "files": {
            sid: {"path": str(f.path), "display": f.display, "sha256": f.sha256}
            for sid, f in record.source_files.items()
        },
    }


def _batches(record: Any) -> Any:
    """The cache's rows in record batches of :data:`BATCH_EVENTS` events: frame columns, then the rest."""
    import pyarrow as pa

    schema = table_schema()
    stored = pa.schema([schema.field(name) for name in STORED_FRAME])
    frame = record.frame
    events = record.events
    for lo in range(0, max(len(events), 1), BATCH_EVENTS):
        part = events[lo : lo + BATCH_EVENTS]
        dates = [record.dates[e.id] for e in part]
        batch = pa.RecordBatch.from_pandas(
            frame.iloc[lo : lo + BATCH_EVENTS][list(STORED_FRAME)], schema=stored, preserve_index=False
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
    fields = {f: pa.array([getattr(c, f) for c in cits], pa.string()) for f in CITATION_FIELDS}
    fields["start"] = pa.array([a.start for a in found], pa.int64())
    fields["end"] = pa.array([a.end for a in found], pa.int64())
    fields["line"] = pa.array([a.line for a in found], pa.int64())
    fields["exact"] = pa.array([a.exact for a in found], pa.string())
    fields["before"] = pa.array([a.prefix for a in found], pa.string())
    fields["after"] = pa.array([a.suffix for a in found], pa.string())
    structs = pa.StructArray.from_arrays(
        list(fields.values()), fields=list(table_schema().field("citations").type.value_type)
    )
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), structs)
