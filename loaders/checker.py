"""Collecting a record's problems while it is validated: where each is, and one clear line saying what."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .anchoring import Miss
from .dates import DateError, DateValue, parse_date
from .ellipsis import ellipsize
from .errors import Problem
from .files import FileRefused, OutsideFolder, inside_folder, read_regular
from .record import Loc
from .schema import FIELD_NAMES, REPLACED_FIELDS, SECTIONS, Source
from .spelling import did_you_mean
from .texts import MAX_SOURCE_BYTES, SourceFile, digest
from .yamlsource import YamlDocument, dotted

MAX_SUGGESTIONS = 100
"""At most this many unknown references get a "did you mean" hint (each costs a pass over the known ids)."""


class Checker:
    """Collects problems while validating one record."""

    def __init__(self, path: Path, doc: YamlDocument, strict: bool = False) -> None:
        self.base = path.parent
        self.doc = doc
        self.strict = strict
        self.problems: list[Problem] = []
        self.warnings: list[tuple[Loc, str]] = []
        """Where each warning is and what it says: located only when asked for (see ``Record.warnings``)."""
        self.suggested = 0

    def add(self, loc: Loc, message: str, *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(loc, message, key=key))

    def warn(self, loc: Loc, message: str) -> None:
        """A problem that refuses the record only in strict validation (a warning otherwise)."""
        if self.strict:
            self.add(loc, message)
        else:
            self.warnings.append((loc, message))

    def strict_only(self, loc: Loc, message: str) -> None:
        """A problem of strict validation alone (an older form of the record, still loaded otherwise)."""
        if self.strict:
            self.add(loc, message)

    def items(self, name: str, raw: list[Any]) -> list[tuple[int, Any]]:
        model = SECTIONS[name]
        out = []
        for i, item in enumerate(raw):
            try:
                out.append((i, model.model_validate(item)))
            except ValidationError as exc:
                self.problems.extend(pydantic_problems(self.doc, (name, i), exc))
        share_fields_sets(m for _, m in out)
        # The models now hold what the plain values held; the values go (problems are located by position).
        plain = self.doc.data.get(name) if isinstance(self.doc.data, dict) else None
        for values in (raw, plain):
            if isinstance(values, list):
                values.clear()
        return out

    def unique(self, name: str, items: list[tuple[int, Any]]) -> dict[str, Any]:
        seen: dict[str, int] = {}
        out = {}
        for i, item in items:
            if item.id in seen:
                line, _ = self.doc.locate((name, seen[item.id], "id"))
                self.add((name, i, "id"), f"duplicate id {item.id!r} (first at line {line})")
                continue
            seen[item.id] = i
            out[item.id] = item
        return out

    def ref(self, loc: Loc, value: str, known: dict[str, Any], what: str) -> bool:
        if value in known:
            return True
        hint = ""
        if self.suggested < MAX_SUGGESTIONS:  # each suggestion costs one pass over the known ids
            self.suggested += 1
            hint = did_you_mean(value, known.keys())
        self.add(loc, f"unknown {what} {value!r}{hint}")
        return False

    def date(self, loc: Loc, value: str) -> DateValue | None:
        try:
            return parse_date(value)
        except DateError as exc:
            self.add(loc, str(exc))
            return None

    def source_file(self, i: int, src: Source) -> SourceFile | None:
        """The source's file, read once to check it is a readable UTF-8 file inside the record's folder."""
        loc: Loc = ("sources", i, "file")
        shown = ellipsize(src.file, 80)
        try:
            full = inside_folder(self.base, src.file)
        except OutsideFolder as exc:
            if exc.absolute:
                self.add(loc, f"absolute path {shown!r} refused; give a path inside the record's folder")
            else:
                self.add(loc, f"path {shown!r} {exc}")
            return None
        try:
            raw = read_regular(full, MAX_SOURCE_BYTES)
        except FileRefused as exc:
            reason = str(exc)
            self.add(loc, f"file not found: {shown}" if reason == "file not found" else f"{shown} {reason}")
            return None
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            self.add(
                loc, f"{src.file} is not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start} (line {line})"
            )
            return None
        return SourceFile(full, src.file, digest(raw))


def share_fields_sets(models: Iterable[BaseModel]) -> None:
    """Let models (and their citations) that set the same fields share one set of those names.

    Each pydantic model keeps the names of the fields it was given in a set of its own (over 700
    bytes for an event): a tenth of a large record's memory. The models are frozen, so the set
    is never changed and can be shared.
    """
    shared: dict[frozenset[str], set[str]] = {}
    for m in models:
        for part in (m, *getattr(m, "citations", ())):
            names = part.__pydantic_fields_set__
            object.__setattr__(part, "__pydantic_fields_set__", shared.setdefault(frozenset(names), names))


def describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(ellipsize(str(value), 60))


def pydantic_problems(doc: YamlDocument, prefix: Loc, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        steps = err["loc"]
        # a union's member tag (``<text>``, see loaders.schema) names no place in the document
        loc: Loc = prefix + tuple(s for s in steps[:-1] if not _is_tag(s)) + tuple(steps[-1:])
        if loc and _is_tag(loc[-1]):
            loc = loc[:-1]
        kind, value = err["type"], err.get("input")
        key = False
        where = loc
        if kind == "extra_forbidden":
            key = True
            name = str(loc[-1])
            if name in REPLACED_FIELDS:
                message = f"unknown field {name!r}: {REPLACED_FIELDS[name]}"
            else:
                message = f"unknown field {name!r}" + did_you_mean(name, sorted(FIELD_NAMES - {name}))
        elif kind == "missing":
            where = loc[:-1]
            message = f"missing required field {loc[-1]!r}"
        elif kind == "string_type" and len(loc) > 1 and loc[-2] == "cites":
            message = f"expected a citation number, found {describe(value)}"
        elif kind == "string_type":
            message = f"expected text, found {describe(value)}"
        elif kind == "float_type":
            message = f"expected a number, found {describe(value)}"
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "one of the allowed values")
            message = f"expected {expected}, found {describe(value)}"
        elif kind == "list_type":
            message = f"expected a list, found {describe(value)}"
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            message = f"expected a mapping, found {describe(value)}"
        elif kind == "string_pattern_mismatch":
            message = f"{describe(value)} is not a valid id (use lowercase letters, digits and hyphens)"
        elif kind == "string_too_short":
            message = "must not be empty"
        elif kind == "string_too_long":
            limit = err.get("ctx", {}).get("max_length")
            message = f"is {len(value):,} characters long; at most {limit:,} are allowed"
        elif kind == "too_short":
            message = "needs at least one entry"
        else:
            message = err["msg"]
        line, col = doc.locate(where, key=key)
        problems.append(Problem(doc.display, line, col, dotted(tuple(loc)), message))
    return problems


def _is_tag(step: str | int) -> bool:
    return isinstance(step, str) and step.startswith("<") and step.endswith(">")


def problem_for_miss(file: str, miss: Miss) -> str:
    if miss.reason == "not-found":
        if not miss.closest:
            return f"not found in {file}"
        closest = ellipsize(miss.closest, 120)
        return f'not found in {file} (closest, {miss.similarity:.0f}% alike, line {miss.closest_line}: "{closest}")'
    lines = ", ".join(str(n) for n in miss.occurrences[:10])
    if miss.reason == "ambiguous":
        return (
            f"occurs {len(miss.occurrences)} times in {file} (lines {lines}); "
            "lengthen it or add a prefix or suffix to say which"
        )
    return f"prefix/suffix matches none of its occurrences in {file}"
