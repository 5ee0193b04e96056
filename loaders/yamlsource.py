"""Reading YAML safely: bounded size, nodes, depth and alias expansion; duplicate keys; positions kept.

The document is read as libyaml's event stream (the C parser, when available) and built here
straight into plain Python values, so no node tree is kept. Positions are not kept while reading
a document that reads cleanly: the first time a problem must be located, the same bytes are read
again for the line and column of every value, recorded compactly (one int each). Scalars stay
the text the author wrote (``1997`` stays ``"1997"``, ``1965-09-06`` stays ``"1965-09-06"``);
only ``null`` and booleans are converted.

Bounds, all checked while reading, so a hostile document stops early:

- at most ``MAX_BYTES`` bytes;
- at most one node per ``MIN_CHARS_PER_NODE`` characters read (after ``NODE_ALLOWANCE``
  nodes), which keeps memory within a fixed multiple of the file's size;
- nesting at most ``MAX_DEPTH`` levels;
- aliases expanding to at most ``ALIAS_EXPANSION_FACTOR`` times the distinct nodes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, RecordError
from .files import FileRefused, read_regular

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_BYTES = 256 * 1024 * 1024
"""Largest record file read, in bytes."""

ALIAS_EXPANSION_FACTOR = 4
"""A document may expand through aliases to at most this many times its distinct nodes."""

MIN_CHARS_PER_NODE = 8
"""A document may hold at most one node (scalar, list or mapping) per this many characters..."""

NODE_ALLOWANCE = 100_000
"""...beyond this many nodes, which any document may hold."""

SHARED_CHARS = 40
"""Texts this short (ids, categories, dates) are held once however often they occur."""

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "binary")}
_BOOL = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
_BOOL_WORDS = {w for k in _BOOL for w in (k, k.capitalize(), k.upper())}
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}

# A position is one int: line << 32 | column (both 0-based). A scalar's shadow is its position;
# a list's is (position, [shadows]); a mapping's is (position, {key: (key position, shadow)}).
Shadow = Any


def _pos(mark: Any) -> int:
    return mark.line << 32 | mark.column


def _shadow_pos(shadow: Shadow) -> int:
    """The position of the value a shadow belongs to (0 for no document)."""
    if shadow is None:
        return 0
    return shadow if isinstance(shadow, int) else shadow[0]


def _line_col(pos: int) -> tuple[int, int]:
    return (pos >> 32) + 1, (pos & 0xFFFFFFFF) + 1


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
        pos = _shadow_pos(shadow)
        for step in path:
            if isinstance(shadow, int):
                break
            sub = shadow[1]
            if isinstance(sub, dict) and isinstance(step, str) and step in sub:
                key_pos, shadow = sub[step]
                pos = key_pos if key else _shadow_pos(shadow)
            elif isinstance(sub, list) and isinstance(step, int) and 0 <= step < len(sub):
                shadow = sub[step]
                pos = _shadow_pos(shadow)
            else:
                break
        return _line_col(pos)

    def problem(self, path: Sequence[str | int], message: str, *, key: bool = False) -> Problem:
        """A problem located at ``path`` in this document."""
        line, col = self.locate(path, key=key)
        return Problem(self.display, line, col, dotted(path), message)


def dotted(path: Sequence[str | int]) -> str:
    """``("events", 3, "date")`` -> ``"events[3].date"``."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else str(step)
    return out


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


class _NeedPositions(Exception):
    """A document read without positions has a problem: it is read again, with them."""


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
        except _NeedPositions:
            builder = _Builder(display)
            builder.build(yaml.parse(text, Loader=_Loader))
    except _Refused as exc:
        return None, [Problem(display, *_line_col(exc.pos), "", exc.message)]
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


MAX_DEPTH = 100
"""Deepest nesting read: the top-level node is at depth 0, a node inside it at depth 1, and so on.

A document with any node deeper than this is refused with the position of the first such node,
whichever PyYAML version is installed.
"""

_TOO_DEEP_MESSAGE = f"nested more than {MAX_DEPTH} levels deep; refusing to read it"
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NODE = (yaml.ScalarEvent, yaml.AliasEvent, *_OPEN)


class _Refused(Exception):
    """The document is refused as a whole, at ``pos``."""

    def __init__(self, pos: int, message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message


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
    return Problem(display, line, col, "", _TOO_DEEP_MESSAGE)


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


_NO_KEY = object()
"""A mapping's pending key that is not plain text (its value is read and dropped)."""


class _Frame:
    """An open list or mapping while the document is built."""

    __slots__ = ("anchor", "data", "key", "key_pos", "pos", "size", "step", "sub")

    def __init__(self, data: Any, sub: Any, pos: int, step: str | int | None, anchor: str | None) -> None:
        self.data = data
        self.sub = sub
        self.pos = pos
        self.step = step  # where this collection sits in its parent (for messages)
        self.key: Any = None  # a mapping's key waiting for its value; None when the next node is a key
        self.key_pos = 0
        self.anchor = anchor
        self.size = 1  # nodes inside, once aliases are expanded


class _Builder:
    """Builds plain data and shadows from an event stream, enforcing the document's bounds.

    ``positions=False``: no shadows, and any problem of the document raises
    :class:`_NeedPositions` (refusals are still raised as they are). ``values=False``: shadows
    only, the values themselves not kept.
    """

    def __init__(self, display: str, *, positions: bool = True, values: bool = True) -> None:
        self.display = display
        self.positions = positions
        self.values = values
        self.problems: list[Problem] = []
        self.data: Any = None
        self.shadow: Shadow = None
        self.nodes = 0
        self.size = 0  # nodes of the document once every alias is expanded
        self.anchors: dict[str, tuple[Any, Shadow, int]] = {}
        self.open_anchors: set[str] = set()
        self.keys: dict[str, str] = {}  # one str object per distinct mapping key or short text

    def _path(self, stack: list[_Frame], last: str | int | None = None) -> str:
        steps = [f.step for f in stack[1:]] + ([last] if last is not None else [])
        return dotted([s for s in steps if s is not None])

    def _problem(self, pos: int, path: str, message: str) -> None:
        if not self.positions:
            raise _NeedPositions
        self.problems.append(Problem(self.display, *_line_col(pos), path, message))

    def build(self, events: Iterator[Any]) -> None:
        stack: list[_Frame] = []
        documents = 0
        check_at = NODE_ALLOWANCE
        scalar_ev, alias_ev = yaml.ScalarEvent, yaml.AliasEvent
        seq_start, map_start = yaml.SequenceStartEvent, yaml.MappingStartEvent
        seq_end, map_end = yaml.SequenceEndEvent, yaml.MappingEndEvent
        for ev in events:
            cls = ev.__class__
            if cls is seq_end or cls is map_end:
                frame = stack.pop()
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (frame.data, (frame.pos, frame.sub), frame.size)
                    self.open_anchors.discard(frame.anchor)
                self._attach(stack, frame.data, (frame.pos, frame.sub), frame.size, frame.pos, False)
                continue
            if cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Refused(
                        _pos(ev.start_mark),
                        "YAML syntax error: expected a single document in the stream but found another document",
                    )
                continue
            if not (cls is scalar_ev or cls is alias_ev or cls is seq_start or cls is map_start):
                continue
            pos = _pos(ev.start_mark)
            if len(stack) > MAX_DEPTH:
                raise _Refused(pos, _TOO_DEEP_MESSAGE)
            if cls is alias_ev:  # an alias adds no node of its own
                self._alias(ev, stack, pos)
                continue
            self.nodes += 1
            if self.nodes > check_at:
                check_at += NODE_ALLOWANCE
                if self.nodes > ev.start_mark.index // MIN_CHARS_PER_NODE + NODE_ALLOWANCE:
                    raise _Refused(
                        pos,
                        f"more than {self.nodes:,} values in {ev.start_mark.index:,} characters (at most one "
                        f"per {MIN_CHARS_PER_NODE} beyond the first {NODE_ALLOWANCE:,}); refusing to read it",
                    )
            if cls is scalar_ev:
                value = self._scalar(ev, stack, pos)
                if value.__class__ is str and len(value) <= SHARED_CHARS:
                    value = self.keys.setdefault(value, value)
                if ev.anchor is not None:
                    self.anchors[ev.anchor] = (value, pos, 1)
                key_ok = value.__class__ is str and not (ev.tag is None and ev.implicit[0] and value == "<<")
                self._attach(stack, value, pos, 1, pos, key_ok)
            else:
                is_map = cls is map_start
                self._check_collection_tag(ev, stack, pos, "map" if is_map else "seq")
                step = self._step(stack)
                sub = ({} if is_map else []) if self.positions else None
                frame = _Frame({} if is_map else [], sub, pos, step, ev.anchor)
                if ev.anchor is not None:
                    self.open_anchors.add(ev.anchor)
                stack.append(frame)
        limit = ALIAS_EXPANSION_FACTOR * self.nodes + 10_000
        if self.size > limit:
            raise _Refused(
                _shadow_pos(self.shadow), f"aliases expand the document beyond {limit:,} nodes; refusing to expand it"
            )

    def _step(self, stack: list[_Frame]) -> str | int | None:
        """Where the next node goes in the innermost collection (for paths in messages)."""
        if not stack:
            return None
        top = stack[-1]
        if isinstance(top.data, list):
            return len(top.data if top.sub is None else top.sub)
        return None if top.key is None or top.key is _NO_KEY else top.key

    def _scalar(self, ev: Any, stack: list[_Frame], pos: int) -> Any:
        tag = ev.tag
        value = ev.value
        if tag is None or tag == "!":
            if ev.implicit[0] and tag is None:
                if value in _NULL_WORDS:
                    return None
                if value in _BOOL_WORDS:
                    return _BOOL[value.lower()]
            return value
        if tag not in _SCALAR_TAGS:
            self._problem(pos, self._path(stack, self._step(stack)), f"tag {tag!r} is not allowed")
            return None
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return _BOOL.get(value.lower(), value)
        return value

    def _check_collection_tag(self, ev: Any, stack: list[_Frame], pos: int, kind: str) -> None:
        if ev.tag is not None and ev.tag not in ("!", _TAG + kind):
            self._problem(pos, self._path(stack, self._step(stack)), f"tag {ev.tag!r} is not allowed")

    def _alias(self, ev: Any, stack: list[_Frame], pos: int) -> None:
        name = ev.anchor
        if name in self.open_anchors:
            raise _Refused(pos, f"alias *{name} refers to a collection that contains it; refusing to expand it")
        found = self.anchors.get(name)
        if found is None:
            raise _Refused(pos, f"YAML syntax error: found undefined alias {name!r}")
        value, shadow, size = found
        self._attach(stack, value, shadow, size, pos, False)

    def _attach(
        self, stack: list[_Frame], value: Any, shadow: Shadow, size: int, pos: int, key_ok: bool = False
    ) -> None:
        """Put a finished node into the innermost open collection (or make it the document).

        ``key_ok``: the node is a plain-text scalar that may serve as a mapping key.
        """
        if not stack:
            self.data, self.shadow, self.size = value, shadow, size
            return
        top = stack[-1]
        top.size += size
        data = top.data
        sub = top.sub
        if data.__class__ is list:
            if self.values:
                data.append(value)
            if sub is not None:
                sub.append(shadow)
            return
        key = top.key
        if key is None:  # this node is a key
            if key_ok:
                top.key = self.keys.setdefault(value, value)
                top.key_pos = pos
            else:
                path = self._path(stack)
                self._problem(pos, path, "keys must be plain text (no merge keys or complex keys)")
                top.key = _NO_KEY
            return
        top.key = None
        if key is _NO_KEY:
            return
        if sub is None:
            if key in data:
                raise _NeedPositions
            data[key] = value
            return
        first = sub.get(key)
        if first is not None:
            line, _ = _line_col(first[0])
            self._problem(top.key_pos, self._path(stack, key), f"duplicate key {key!r} (first at line {line})")
            return
        if self.values:
            data[key] = value
        sub[key] = (top.key_pos, shadow)
