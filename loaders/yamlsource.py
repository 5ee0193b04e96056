"""Reading YAML safely: bounded size and alias expansion, duplicate keys, positions kept.

The document is composed into a node tree with libyaml's C parser (when available) and
converted to plain Python values here, so every value keeps the line and column of the
node it came from. Scalars stay the text the author wrote (``1997`` stays ``"1997"``,
``1965-09-06`` stays ``"1965-09-06"``); only ``null`` and booleans are converted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_BYTES = 256 * 1024 * 1024
"""Largest record file read, in bytes."""

ALIAS_EXPANSION_FACTOR = 4
"""A document may expand through aliases to at most this many times its distinct nodes."""

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "binary")}
_BOOL = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}


@dataclass
class YamlDocument:
    """A parsed YAML document: plain Python data plus the node tree it came from."""

    data: Any
    root: yaml.Node | None
    display: str

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the node at ``path``, or of its nearest existing parent.

        With ``key=True`` and a path ending in a mapping key, the position of the key itself.
        """
        node = self.root
        if node is None:
            return (1, 1)
        mark = node.start_mark
        for step in path:
            child = None
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == step:
                        child, mark = v, (k.start_mark if key else v.start_mark)
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                child = node.value[step]
                mark = child.start_mark
            if child is None:
                break
            node = child
        return (mark.line + 1, mark.column + 1)

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
    size = path.stat().st_size
    if size > max_bytes:
        return None, [Problem(display, 0, 0, "", f"file is {size:,} bytes; the limit is {max_bytes:,}")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        return None, [Problem(display, line, col, "", f"not valid UTF-8: byte 0x{bad} at byte offset {exc.start}")]
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text (see :func:`read_yaml`)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except RecursionError:
        return None, [_too_deep_problem(text, display)]
    except yaml.MarkedYAMLError as exc:
        if "nesting" in str(exc.problem) or "depth" in str(exc.problem):
            # some PyYAML versions stop deep documents themselves, at a depth of their own
            return None, [_too_deep_problem(text, display)]
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        return None, [Problem(display, line, col, "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(display, 0, 0, "", f"YAML error: {exc}")]
    doc = YamlDocument(None, root, display)
    if root is None:
        return doc, []
    try:
        return _checked(root, doc, text, display)
    except _TooDeep as exc:
        line, col = _where(exc.node)
        return None, [Problem(display, line, col, "", _TOO_DEEP_MESSAGE)]


MAX_DEPTH = 100
"""Deepest nesting read: the top-level node is at depth 0, a node inside it at depth 1, and so on.

A document with any node deeper than this is refused with the position of the first such node,
whichever PyYAML version is installed.
"""

_TOO_DEEP_MESSAGE = f"nested more than {MAX_DEPTH} levels deep; refusing to read it"
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NODE = (yaml.ScalarEvent, yaml.AliasEvent, *_OPEN)


class _TooDeep(Exception):
    """Raised while converting, at the first node deeper than ``MAX_DEPTH``."""

    def __init__(self, node: yaml.Node) -> None:
        super().__init__()
        self.node = node


def _too_deep_problem(text: str, display: str) -> Problem:
    """The problem for a document the parser could not compose for its depth.

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


def _checked(root: yaml.Node, doc: YamlDocument, text: str, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    # An alias needs an anchor, and an anchor an "&": without one nothing can expand (and the
    # two walks over every node are skipped).
    if "&" in text:
        limit = ALIAS_EXPANSION_FACTOR * _distinct_nodes(root) + 10_000
        if _expanded_size(root, {}, limit) > limit:
            mark = root.start_mark
            return None, [
                Problem(
                    display,
                    mark.line + 1,
                    mark.column + 1,
                    "",
                    f"aliases expand the document beyond {limit:,} nodes; refusing to expand it",
                )
            ]
    problems: list[Problem] = []
    doc.data = _convert(root, display, problems, "", 0)
    return doc, problems


def _distinct_nodes(root: yaml.Node) -> int:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return len(seen)


def _expanded_size(node: yaml.Node, memo: dict[int, int], limit: int) -> int:
    """Nodes the tree has once every alias is expanded, stopping early past ``limit``."""
    got = memo.get(id(node))
    if got is not None:
        return got
    memo[id(node)] = limit + 1  # a cycle counts as too large
    total = 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            total += _expanded_size(k, memo, limit) + _expanded_size(v, memo, limit)
            if total > limit:
                break
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            total += _expanded_size(v, memo, limit)
            if total > limit:
                break
    memo[id(node)] = total
    return total


def _where(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: yaml.Node, display: str, problems: list[Problem], path: str, depth: int) -> Any:
    """Plain Python data of ``node`` at ``depth``; raises :class:`_TooDeep` past ``MAX_DEPTH``.

    The depth check bounds this recursion to ``MAX_DEPTH`` calls, whatever the document.
    """
    if depth > MAX_DEPTH:
        raise _TooDeep(node)
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag not in _SCALAR_TAGS:
            problems.append(Problem(display, *_where(node), path, f"tag {tag!r} is not allowed"))
            return None
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return _BOOL.get(node.value.lower(), node.value)
        return node.value
    if isinstance(node, yaml.SequenceNode):
        if tag != _TAG + "seq":
            problems.append(Problem(display, *_where(node), path, f"tag {tag!r} is not allowed"))
        return [_convert(v, display, problems, f"{path}[{i}]", depth + 1) for i, v in enumerate(node.value)]
    if tag != _TAG + "map":
        problems.append(Problem(display, *_where(node), path, f"tag {tag!r} is not allowed"))
    if depth >= MAX_DEPTH and node.value:
        raise _TooDeep(node.value[0][0])  # keys sit one level below their mapping, as values do
    out: dict[str, Any] = {}
    first: dict[str, yaml.Node] = {}
    for knode, vnode in node.value:
        if not isinstance(knode, yaml.ScalarNode) or knode.tag == _TAG + "merge":
            problems.append(
                Problem(display, *_where(knode), path, "keys must be plain text (no merge keys or complex keys)")
            )
            continue
        key = knode.value
        sub = f"{path}.{key}" if path else key
        if key in first:
            line = first[key].start_mark.line + 1
            problems.append(Problem(display, *_where(knode), sub, f"duplicate key {key!r} (first at line {line})"))
            continue
        first[key] = knode
        out[key] = _convert(vnode, display, problems, sub, depth + 1)
    return out
