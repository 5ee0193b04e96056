"""Loading a record: from the cache of validated records when it matches, else read and validated in full."""

from __future__ import annotations

from pathlib import Path

from . import cache as _cache
from . import cache_read
from .errors import Problem, RecordError
from .files import FileRefused, inside_folder
from .frame import gc_paused
from .progress import CHECK, READ, SAVE, Progress, silent
from .record import Record
from .validate import validate
from .yamlsource import read_yaml


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
    with gc_paused():
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
    cached = cache_read.read(key, target, lambda file: _resolve_source(folder, file))
    if cached is not None:
        try:
            return Record.from_checked_cache(path, cached)
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
    """Where a source's ``file`` resolves to inside ``folder`` now; None when validation would refuse it."""
    try:
        return inside_folder(folder, file)
    except FileRefused:
        return None


def _read_and_validate(path: Path, display: str, *, strict: bool = False, progress: Progress = silent) -> Record:
    progress(f"Reading {path.name}", READ)
    doc, problems = read_yaml(path, display)
    if doc is None or problems:
        raise RecordError(problems)
    progress("Checking the record", CHECK)
    return validate(path, doc, strict=strict, progress=progress)
