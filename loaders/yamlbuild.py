"""Building a YAML event stream into plain data and the position of every value, within the document's bounds.

Bounds, all checked while building, so a hostile document stops early:

- at most one node per ``MIN_CHARS_PER_NODE`` characters read (after ``NODE_ALLOWANCE``
  nodes), which keeps memory within a fixed multiple of the file's size;
- nesting at most ``MAX_DEPTH`` levels;
- aliases expanding to at most ``ALIAS_EXPANSION_FACTOR`` times the distinct nodes.

A document that breaks one is refused as a whole (:class:`Refused`). Scalars stay the text the
author wrote; only ``null`` and booleans are converted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import yaml

from .errors import Problem

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


def shadow_pos(shadow: Shadow) -> int:
    """The position of the value a shadow belongs to (0 for no document)."""
    if shadow is None:
        return 0
    return shadow if isinstance(shadow, int) else shadow[0]


def line_col(pos: int) -> tuple[int, int]:
    return (pos >> 32) + 1, (pos & 0xFFFFFFFF) + 1


def dotted(path: Sequence[str | int]) -> str:
    """``("events", 3, "date")`` -> ``"events[3].date"``."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else str(step)
    return out


class NeedPositions(Exception):
    """A document read without positions has a problem: it is read again, with them."""


MAX_DEPTH = 100
"""Deepest nesting read: the top-level node is at depth 0, a node inside it at depth 1, and so on.

A document with any node deeper than this is refused with the position of the first such node,
whichever PyYAML version is installed.
"""

TOO_DEEP_MESSAGE = f"nested more than {MAX_DEPTH} levels deep; refusing to read it"


_SECOND_DOCUMENT = "YAML syntax error: expected a single document in the stream but found another document"


class Refused(Exception):
    """The document is refused as a whole, at ``pos``."""

    def __init__(self, pos: int, message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message


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
    :class:`NeedPositions` (refusals are still raised as they are). ``values=False``: shadows
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
            raise NeedPositions
        self.problems.append(Problem(self.display, *line_col(pos), path, message))

    def build(self, events: Iterator[Any]) -> None:
        """Build :attr:`data` and :attr:`shadow` from a document's events, checking its bounds as they come."""
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
                    raise Refused(_pos(ev.start_mark), _SECOND_DOCUMENT)
                continue
            if not (cls is scalar_ev or cls is alias_ev or cls is seq_start or cls is map_start):
                continue
            pos = _pos(ev.start_mark)
            if len(stack) > MAX_DEPTH:
                raise Refused(pos, TOO_DEEP_MESSAGE)
            if cls is alias_ev:  # an alias adds no node of its own
                self._alias(ev, stack, pos)
                continue
            self.nodes += 1
            if self.nodes > check_at:
                check_at = self._check_nodes(ev, pos, check_at)
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
        self._check_expansion()

    def _check_nodes(self, ev: Any, pos: int, check_at: int) -> int:
        """Refuse a document with more nodes than the characters read so far allow; the next count to check at."""
        if self.nodes > ev.start_mark.index // MIN_CHARS_PER_NODE + NODE_ALLOWANCE:
            raise Refused(
                pos,
                f"more than {self.nodes:,} values in {ev.start_mark.index:,} characters (at most one "
                f"per {MIN_CHARS_PER_NODE} beyond the first {NODE_ALLOWANCE:,}); refusing to read it",
            )
        return check_at + NODE_ALLOWANCE

    def _check_expansion(self) -> None:
        """Refuse a document whose aliases expand it past its bound."""
        limit = ALIAS_EXPANSION_FACTOR * self.nodes + 10_000
        if self.size > limit:
            raise Refused(
                shadow_pos(self.shadow), f"aliases expand the document beyond {limit:,} nodes; refusing to expand it"
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
            raise Refused(pos, f"alias *{name} refers to a collection that contains it; refusing to expand it")
        found = self.anchors.get(name)
        if found is None:
            raise Refused(pos, f"YAML syntax error: found undefined alias {name!r}")
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
                raise NeedPositions
            data[key] = value
            return
        first = sub.get(key)
        if first is not None:
            line, _ = line_col(first[0])
            self._problem(top.key_pos, self._path(stack, key), f"duplicate key {key!r} (first at line {line})")
            return
        if self.values:
            data[key] = value
        sub[key] = (top.key_pos, shadow)
