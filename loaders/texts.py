"""A record's source texts, read from their files when asked for and checked against what was validated."""

from __future__ import annotations

import hashlib
import re
import threading
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, RecordError
from .files import FileRefused, read_regular

MAX_SOURCE_BYTES = 64 * 1024 * 1024
KEEP_TEXTS = 16
"""Most source texts held in memory at once (the most recently used)."""


def digest(raw: bytes) -> str:
    """The content hash a source file is known by (SHA-256, hex)."""
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class SourceFile:
    """A source's file as validated: where it is, shown as, and the hash of its bytes."""

    path: Path
    display: str
    sha256: str


class SourceTexts:
    """The original text of each source, read from its file on demand; the last few are kept.

    A text is read again only when it is not among the last :data:`KEEP_TEXTS` used, and is
    given only when its bytes still have the hash they had when the record was validated (every
    offset and line of the record refers to those bytes); otherwise :class:`RecordError` says
    the file changed. Safe to share between threads.
    """

    def __init__(self, files: dict[str, SourceFile], keep: int = KEEP_TEXTS) -> None:
        self.files = files
        self._keep = max(1, keep)
        self._held: OrderedDict[str, tuple[str, list[int] | None]] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, source_id: object) -> bool:
        return source_id in self.files

    def text(self, source_id: str) -> str:
        """The full original text of a source (KeyError for one without a readable file)."""
        return self._get(source_id)[0]

    def line_of(self, source_id: str, offset: int) -> int:
        """1-based line number of a character offset in a source's original text."""
        text, newlines = self._get(source_id)
        if newlines is None:
            newlines = [m.start() for m in re.finditer("\n", text)]
            with self._lock:
                if source_id in self._held:
                    self._held[source_id] = (text, newlines)
        return bisect_right(newlines, offset - 1) + 1

    def _get(self, source_id: str) -> tuple[str, list[int] | None]:
        with self._lock:
            held = self._held.get(source_id)
            if held is not None:
                self._held.move_to_end(source_id)
                return held
        file = self.files[source_id]
        text = read_checked(file)
        with self._lock:
            self._held[source_id] = (text, None)
            self._held.move_to_end(source_id)
            while len(self._held) > self._keep:
                self._held.popitem(last=False)
        return text, None


def read_checked(file: SourceFile) -> str:
    """The text of a validated source file; :class:`RecordError` if its bytes changed since."""
    try:
        raw = read_regular(file.path, MAX_SOURCE_BYTES)
    except FileRefused as exc:
        raise RecordError([_changed(file, str(exc))]) from None
    if digest(raw) != file.sha256:
        raise RecordError([_changed(file, "changed since the record was loaded")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:  # only a cache made by hand could say a file of other bytes was checked
        raise RecordError([_changed(file, "is not valid UTF-8")]) from None


def _changed(file: SourceFile, why: str) -> Problem:
    return Problem(file.display, 0, 0, "", f"{why}; load the record again")
