"""Reading a cache of a validated record: used only when trusted, matching and holding what the loader makes."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import cache
from .cache import FORMAT, HASH_THREADS, SECTION_NAMES, Key, private_folder, size_limit, table_schema
from .dates import DateValue
from .files import Digest, FileRefused, digest_regular
from .private import Untrusted
from .texts import MAX_SOURCE_BYTES, SourceFile


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

        with private_folder(target, create=False) as folder:
            folder.remove_stale()
            body = folder.read(target.name, size_limit(key.record_size))
    except (ImportError, FileNotFoundError, Untrusted, OSError):
        return None
    if body is None:
        return None
    try:
        reader = pa.ipc.open_file(pa.py_buffer(body))
        if not reader.schema.remove_metadata().equals(table_schema()):
            return None
        meta = json.loads(reader.schema.metadata[b"mek-timeline"])
        if not isinstance(meta, dict) or (
            meta.get("format") != FORMAT
            or meta.get("loader") != cache.loader_version()
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
        from .cache_table import check_table  # pyarrow is imported only to read a cache

        derived = check_table(table, head, digests)
        sections = {name: head[name] for name in SECTION_NAMES}
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
    from .places import place_problems
    from .schema import SECTIONS, Text

    expected = {
        *("format", "loader", "record_sha256", "record_path", "title", "description", "period"),
        *SECTION_NAMES,
        *("files", "warnings"),
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
    for name in SECTION_NAMES:
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
    places = head["places"]
    for place in places.values():
        if place.parent is not None and place.parent not in places:
            raise Invalid("place parent")
    if place_problems(enumerate(places.values()), places):
        raise Invalid("place")
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
