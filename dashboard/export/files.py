"""File names, and safe writing: atomic, never over the record, its sources or anything but a regular file."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import secrets
import stat
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from loaders import Record

from ..options import CHART_FORMATS, FORMATS
from .common import SUFFIX, ExportError

# --- File names and writing -------------------------------------------------------------------


def slug(text: str, *, limit: int = 48) -> str:
    """A file-name-safe lower-case ASCII slug, cut at a word end (``timeline`` when nothing is left)."""
    chars = []
    for ch in unicodedata.normalize("NFKD", text.lower()):
        if unicodedata.combining(ch):
            continue
        chars.append(ch if ch.isascii() and ch.isalnum() else "-")
    out = re.sub(r"-+", "-", "".join(chars)).strip("-")
    if len(out) > limit:
        cut = out[: limit + 1]
        out = cut[: cut.rfind("-")] if "-" in cut else out[:limit]
    return out.strip("-") or "timeline"


def file_name(record_title: str, fmt: str, chart: str = "timeline") -> str:
    """Default file name of an export, e.g. ``my-record-timeline.png`` or ``my-record-events.csv``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    what = chart if fmt in CHART_FORMATS else ("events" if fmt != "timelinejs" else "timelinejs")
    return f"{slug(record_title)}-{what}{SUFFIX[fmt]}"


def protected_paths(record: Record) -> list[Path]:
    """The record file and every source file: exports never write over them."""
    base = Path(record.path).parent
    return [Path(record.path), *(base / s.file for s in record.sources.values())]


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_target(path: Path, protected: Iterable[Path]) -> None:
    """Raise :class:`ExportError` unless ``path`` may be written: a new or regular file, not protected.

    ``protected`` is the record file followed by its sources (as :func:`protected_paths` gives):
    none of them is ever written, and neither is anything in a folder that holds sources (other
    than the record's own folder), where an export could shadow a source. A link, folder, device,
    FIFO or socket is never replaced.
    """
    protected = [Path(p) for p in protected]
    for p in protected:
        if _same_file(path, p):
            raise ExportError(f"{path}: refusing to write over {p} (the record and its sources are never written)")
    if path.is_symlink():
        raise ExportError(f"{path}: is a link; exports replace only regular files")
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name")
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise ExportError(
            f"{path}: is not a regular file (a device, FIFO or socket); exports replace only regular files"
        )
    if protected:
        record_folder = _resolved(protected[0].parent)
        source_folders = {_resolved(p.parent) for p in protected[1:]} - {record_folder}
        if _resolved(path.parent) in source_folders:
            raise ExportError(f"{path}: is in a folder of the record's sources; write exports elsewhere")


def _resolved(folder: Path) -> Path:
    try:
        return folder.resolve()
    except (OSError, RuntimeError):
        return folder.absolute()


TEMP_AGE_S = 60.0
"""A temporary export file older than this was left by an export that did not finish."""


def _clean_stale_temps(path: Path) -> None:
    """Remove what an interrupted export to ``path`` left behind (``.NAME.HEX.tmp``, regular files only)."""
    now = time.time()
    with contextlib.suppress(OSError):
        for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            info = tmp.lstat()
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > TEMP_AGE_S:
                tmp.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes, *, protected: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    A reader sees the old file or the whole new one, never a part. Refuses protected paths.
    """
    path = Path(path)
    check_target(path, protected)
    path.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale_temps(path)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the usual mode, less the umask
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
