"""File names, and safe writing: atomic, never over the record, its sources or anything but a regular file."""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import re
import stat
import time
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from loaders import Record
from loaders.files import write_atomically

from ..filters import KINDS, View, to_query
from ..options import CHART_FORMATS, FORMATS
from .common import SUFFIX, ExportError, Selection

# --- File names and writing -------------------------------------------------------------------


def slug(text: str, *, limit: int = 48, empty: str = "timeline") -> str:
    """A file-name-safe lower-case ASCII slug, cut at a word end (``empty`` when nothing is left)."""
    chars = []
    for ch in unicodedata.normalize("NFKD", text.lower()):
        if unicodedata.combining(ch):
            continue
        chars.append(ch if ch.isascii() and ch.isalnum() else "-")
    out = re.sub(r"-+", "-", "".join(chars)).strip("-")
    if len(out) > limit:
        cut = out[: limit + 1]
        out = cut[: cut.rfind("-")] if "-" in cut else out[:limit]
    return out.strip("-") or empty


def _what(fmt: str, chart: str) -> str:
    """What an export holds, as its file name ends: the chart, ``events`` or ``timelinejs``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return chart if fmt in CHART_FORMATS else ("events" if fmt != "timelinejs" else "timelinejs")


SHORT_NAME = 32
"""Longest short name of a record in a file name."""
MOST_IDS = 3
"""Most ids of one filter a file name spells out; more are counted."""
_CUT = re.compile(r"[,;:|–—]| - ")
_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


def short_name(title: str) -> str:
    """A record's name for file names: its title up to the first comma, colon, semicolon or dash, without a
    leading article, as a slug of at most :data:`SHORT_NAME` characters ("The Kerrow Point lighthouse,
    1880–2000" gives ``kerrow-point-lighthouse``)."""
    head = _ARTICLE.sub("", _CUT.split(title, maxsplit=1)[0].strip())
    return slug(head or title, limit=SHORT_NAME)


def view_file_name(sel: Selection, fmt: str, chart: str = "timeline") -> str:
    """The file name of an export of a view: the record's short name, the period, the filters, how the chart
    draws the events where it is not the default, and what the file holds, joined by ``_``.

    ``kerrow-point-lighthouse_1950-1990_actor-keepers_contested_by-actor_timeline.png``. Two views never share
    a name: every part that does not spell its filter out exactly (a search, more than three ids) adds
    a hash of the whole view.
    """
    what = _what(fmt, chart)
    f, view = sel.filters, sel.view
    whole = (sel.record.period[0].start, sel.record.period[1].end)
    parts = [short_name(sel.record.title), _period_part(f.start or whole[0], f.end or whole[1])]
    exact = True
    for kind in KINDS:
        if kind.name == "period" or not kind.active(f):
            continue
        value = getattr(f, kind.fields[0].name)
        name = kind.params[0]
        if isinstance(value, tuple):
            shown = [slug(v, limit=SHORT_NAME, empty="") for v in value[:MOST_IDS]]
            more = f"+{len(value) - MOST_IDS}-more" if len(value) > MOST_IDS else ""
            parts.append(f"{name}-{'+'.join(shown)}{more}")
            exact = exact and not more and shown == list(value)
        elif isinstance(value, bool):
            parts.append(name)
        else:
            text = slug(value, limit=SHORT_NAME, empty="")
            parts.append(f"{name}-{text}" if text else name)
            exact = exact and text == value
    if what == "timeline" or fmt == "timelinejs":
        parts += [f"by-{view.lanes}"] if view.lanes != View.lanes else []
    if what in ("timeline", "map"):
        parts += [f"colour-{view.color}"] if view.color != View.color else []
    if what == "per-year":
        parts += [f"stacked-by-{sel.stack}"] if sel.stack != "category" else []
    if not exact:
        key = json.dumps([to_query(f, View(view.lanes, view.color)), sel.stack], sort_keys=True)
        parts.append(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8])
    return "_".join([*parts, what]) + SUFFIX[fmt]


def _period_part(start: date, end: date) -> str:
    """A period as file names show it: years (``1980-1990``, ``1988``) when whole, else days."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
    return f"{start.isoformat()}-to-{end.isoformat()}"


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
    """Write ``data`` to ``path`` via a temporary file in the same folder (``.NAME.HEX.tmp``) and a rename.

    A reader sees the old file or the whole new one, never a part; the file has the usual mode (0666
    less the umask). Refuses protected paths and anything but a new or regular file (:func:`check_target`).
    """
    path = Path(path)
    check_target(path, protected)
    path.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale_temps(path)
    write_atomically(path, lambda out: out.write(data), temp_prefix=f".{path.name}.")
