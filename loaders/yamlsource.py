"""Reading YAML safely: bounded size, nodes, depth and alias expansion; duplicate keys; positions kept.

The document is read as libyaml's event stream (the C parser, when available) and built straight
into plain Python values (:mod:`loaders.yamlbuild`, which also checks the bounds on nodes, depth and
aliases), so no node tree is kept. Positions are not kept while reading a document that reads
cleanly: the first time a problem must be located, the same bytes are read again for the line and
column of every value, recorded compactly (one int each). Scalars stay the text the author wrote
(``1997`` stays ``"1997"``, ``1965-09-06`` stays ``"1965-09-06"``); only ``null`` and booleans are
converted. A file is read only up to ``MAX_BYTES`` bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, RecordError
from .files import FileRefused, read_regular
from .yamlbuild import (
    MAX_DEPTH,
    TOO_DEEP_MESSAGE,
    NeedPositions,
    Refused,
    Shadow,
    _Builder,
    dotted,
    line_col,
    shadow_pos,
)

__all__ = ["MAX_BYTES", "MAX_DEPTH", "YamlDocument", "dotted", "parse_yaml", "read_yaml"]

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_BYTES = 256 * 1024 * 1024
"""Largest record file read, in bytes."""


@dataclass
class YamlDocument:
    """A parsed YAML document: plain Python data, and the position of every value in it.

    The positions (``shadow``) are made on the first :meth:`locate` by ``reread``, which gives
    the document's text again, when the document was read without them.
    """

    data: Any
    shadow: Shadow
    display: str
    reread: Callable[[], str] | None = field(default=None, repr=False)
    sha256: str = ""
    """The SHA-256 (hex) of the bytes parsed, when read from a file."""
    size: int = 0
    """How many bytes were parsed, when read from a file."""

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of its nearest existing parent.

        With ``key=True`` and a path ending in a mapping key, the position of the key itself.
        Costs one dictionary or list lookup per step of ``path`` (and, the first time in a
        document read without positions, one more reading of it).
        """
        if self.reread is not None:
            self.shadow = _positions(self.reread(), self.display)
            self.reread = None
        shadow = self.shadow
        if shadow is None:
            return (1, 1)
        pos = shadow_pos(shadow)
        for step in path:
            if isinstance(shadow, int):
                break
            sub = shadow[1]
            if isinstance(sub, dict) and isinstance(step, str) and step in sub:
                key_pos, shadow = sub[step]
                pos = key_pos if key else shadow_pos(shadow)
            elif isinstance(sub, list) and isinstance(step, int) and 0 <= step < len(sub):
                shadow = sub[step]
                pos = shadow_pos(shadow)
            else:
                break
        return line_col(pos)

    def problem(self, path: Sequence[str | int], message: str, *, key: bool = False) -> Problem:
        """A problem located at ``path`` in this document."""
        line, col = self.locate(path, key=key)
        return Problem(self.display, line, col, dotted(path), message)


def read_yaml(path: Path, display: str, *, max_bytes: int = MAX_BYTES) -> tuple[YamlDocument | None, list[Problem]]:
    """Read a YAML file safely. Returns the document (None when unreadable) and the problems."""
    try:
        raw = read_regular(path, max_bytes)
    except FileRefused as exc:
        reason = str(exc)
        return None, [Problem(display, 1, 1, "", reason if reason.startswith("file") else f"file {reason}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        return None, [Problem(display, line, col, "", f"not valid UTF-8: byte 0x{bad} at byte offset {exc.start}")]
    sha256 = hashlib.sha256(raw).digest()
    size = len(raw)
    del raw

    def reread() -> str:
        """The same text again, from the file, for positions; refused if the file has changed since."""
        try:
            again = read_regular(path, max_bytes)
        except FileRefused as exc:
            again = str(exc).encode()
        if hashlib.sha256(again).digest() != sha256:
            raise RecordError([Problem(display, 0, 0, "", "changed while being read; load it again")])
        return _strip_bom(again.decode("utf-8"))

    doc, problems = parse_yaml(text, display, reread=reread)
    if doc is not None:
        doc.sha256, doc.size = sha256.hex(), size
    return doc, problems


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _positions(text: str, display: str) -> Shadow:
    """The positions of every value of a document already read cleanly once."""
    builder = _Builder(display, positions=True, values=False)
    builder.build(yaml.parse(text, Loader=_Loader))
    return builder.shadow


def parse_yaml(
    text: str, display: str, *, reread: Callable[[], str] | None = None
) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text (see :func:`read_yaml`).

    Read first without positions; a document with a problem of its own is read again with
    them. ``reread`` gives the text again when a problem found later must be located (by
    default the text is kept for that).
    """
    text = _strip_bom(text)
    try:
        builder = _Builder(display, positions=False)
        try:
            builder.build(yaml.parse(text, Loader=_Loader))
        except NeedPositions:
            builder = _Builder(display)
            builder.build(yaml.parse(text, Loader=_Loader))
    except Refused as exc:
        return None, [Problem(display, *line_col(exc.pos), "", exc.message)]
    except yaml.MarkedYAMLError as exc:
        if "nesting" in str(exc.problem) or "depth" in str(exc.problem):
            # some PyYAML versions stop deep documents themselves, at a depth of their own
            return None, [_too_deep_problem(text, display)]
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        return None, [Problem(display, line, col, "", f"YAML syntax error: {what}")]
    except yaml.reader.ReaderError as exc:
        line, col = _text_line_col(text, exc.position)
        return None, [Problem(display, line, col, "", f"character U+{exc.character:04X} is not allowed in YAML")]
    except yaml.YAMLError as exc:
        return None, [Problem(display, 1, 1, "", "YAML error: " + " ".join(str(exc).split())[:200])]
    if builder.positions:
        return YamlDocument(builder.data, builder.shadow, display), builder.problems
    if reread is None:
        kept = text

        def reread() -> str:
            return kept

    return YamlDocument(builder.data, None, display, reread), builder.problems


def _text_line_col(text: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(text)))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NODE = (yaml.ScalarEvent, yaml.AliasEvent, *_OPEN)


def _too_deep_problem(text: str, display: str) -> Problem:
    """The problem for a document the parser itself stopped for its depth.

    Walks the parser's event stream (no recursion, nothing kept) to the first node deeper than
    ``MAX_DEPTH`` and reports its position; the parser's own position when it stops earlier.
    """
    found = _first_too_deep(text)
    if isinstance(found, int):
        # The parser reads ahead and stopped before yielding the deep node: read up to where it stopped.
        found = _first_too_deep(text[:found])
    line, col = found if isinstance(found, tuple) else (1, 1)
    return Problem(display, line, col, "", TOO_DEEP_MESSAGE)


def _first_too_deep(text: str) -> tuple[int, int] | int | None:
    """Line and column of the first node deeper than ``MAX_DEPTH`` in document order.

    The parser's character offset where it failed first, or None when no node is too deep.
    """
    depth = 0  # collections open around the next node
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if depth > MAX_DEPTH and isinstance(event, _NODE):
                return event.start_mark.line + 1, event.start_mark.column + 1
            if isinstance(event, _OPEN):
                depth += 1
            elif isinstance(event, _CLOSE):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.index if mark else None
    return None
