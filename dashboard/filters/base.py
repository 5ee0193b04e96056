"""What every filter kind declares, and the helpers the kinds share (pure, no Streamlit)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from loaders.spelling import did_you_mean

if TYPE_CHECKING:
    from ..figures import Labels
    from .values import Filters, Vocab

Params = Mapping[str, list[str]]
"""Query parameters: each name mapped to all its values."""
AddFlag = Callable[..., Any]
"""``argparse.ArgumentParser.add_argument`` of the ``export`` command."""

MAX_TEXT = 200
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?$")


SHOWN_UNKNOWN = 3
"""Unknown values named in a notice; the others are counted."""


class Notices:
    """What a URL held that could not be used, as lines for the sidebar: one line per kind of unknown value.

    However many unknown actors (or parameter names) a link holds, they make one line, naming
    the first few: ``ignored 10,000 unknown actors: 'x0', 'x1', 'x2' and 9,997 more``.
    """

    def __init__(self) -> None:
        self._lines: list[str | _Unknown] = []
        self._unknown: dict[str, _Unknown] = {}

    def append(self, line: str) -> None:
        """Add a notice of its own."""
        self._lines.append(line)

    def unknown(self, what: str, plural: str, value: str) -> None:
        """Note an unknown ``what`` (e.g. ``actor``, plural ``actors``), on the line of its kind."""
        group = self._unknown.get(what)
        if group is None:
            group = self._unknown[what] = _Unknown(what, plural)
            self._lines.append(group)
        group.add(value)

    def lines(self) -> list[str]:
        """The notices, in the order each (or each kind's first) was added."""
        return [str(line) for line in self._lines]


class _Unknown:
    def __init__(self, what: str, plural: str) -> None:
        self.what, self.plural = what, plural
        self.values: dict[str, None] = {}

    def add(self, value: str) -> None:
        self.values[value] = None

    def __str__(self) -> str:
        values = list(self.values)
        shown = ", ".join(repr(v[:40]) for v in values[:SHOWN_UNKNOWN])
        if len(values) == 1:
            return f"ignored unknown {self.what} {shown}"
        more = f" and {len(values) - SHOWN_UNKNOWN:,} more" if len(values) > SHOWN_UNKNOWN else ""
        return f"ignored {len(values):,} unknown {self.plural}: {shown}{more}"


class FlagError(ValueError):
    """A command-line value a filter kind cannot use; the message is one line."""


@dataclass(frozen=True)
class Field:
    """One attribute of :class:`~dashboard.filters.Filters`: its name, type and "no restriction" value."""

    name: str
    type: Any
    default: Any


@dataclass(frozen=True)
class Widget:
    """The sidebar widget of a filter kind, as data (the sidebar draws it)."""

    kind: str
    """``multiselect``, ``period``, ``toggle`` or ``text``."""
    key: str
    """Its session-state key."""
    label: str
    rank: int
    """Where it sits in the sidebar, top first."""
    help: str | None = None
    placeholder: str | None = None
    options: str = ""
    """For a multiselect: the :class:`~dashboard.figures.Labels` vocabulary naming its choices (in its order;
    actors in the order of :mod:`dashboard.picker`)."""


class Kind:
    """One kind of filter, declared in one place.

    A kind owns some :class:`Field` of the filter state and some URL parameters; it reads them
    from and writes them to the URL, narrows a frame (with what :meth:`prepare` computed once),
    describes itself in words, declares its sidebar widget and adds its ``export`` flags.
    """

    name: str
    fields: tuple[Field, ...]
    params: tuple[str, ...]
    widget: Widget
    rule: str
    """What an event must do to be kept, as the sidebar's help says it after "an event is shown when"."""
    names_ids = False
    """True for kinds whose URL values name ids of a vocabulary; their notices follow the view's."""

    def read(self, params: Params, vocab: Vocab, notices: Notices) -> dict[str, Any]:
        """Field values from query parameters; what is ignored is added to ``notices``."""
        raise NotImplementedError

    def write(self, filters: Filters, period: tuple[date, date] | None) -> dict[str, list[str]]:
        """Query parameters for this kind's part of ``filters``; a default is left out."""
        raise NotImplementedError

    def active(self, filters: Filters) -> bool:
        """True when this kind restricts anything."""
        return any(getattr(filters, f.name) != f.default for f in self.fields)

    def prepare(self, frame: pd.DataFrame) -> Any:
        """What :meth:`narrow` needs of a frame, computed once per frame."""
        raise NotImplementedError

    def narrow(self, filters: Filters, prepared: Any, mask: np.ndarray) -> None:
        """Clear in ``mask`` the rows this kind filters out (only called when :meth:`active`)."""
        raise NotImplementedError

    def describe(self, filters: Filters, labels: Labels | None) -> str:
        """This kind's part of the one-line description (only called when :meth:`active`)."""
        raise NotImplementedError

    def add_flags(self, add: AddFlag) -> None:
        """Add this kind's options to the ``export`` command."""
        raise NotImplementedError

    def flag_query(self, args: argparse.Namespace, vocab: Vocab) -> dict[str, list[str]]:
        """Query parameters from the parsed options; raises :class:`FlagError` on a bad value."""
        raise NotImplementedError

    def widget_value(self, filters: Filters) -> Any:
        """The widget's session-state value showing ``filters``."""
        return getattr(filters, self.fields[0].name)

    def from_widget(self, value: Any) -> dict[str, Any]:
        """Field values from the widget's session-state value."""
        return {self.fields[0].name: value}


def last(params: Params, name: str) -> str | None:
    """The last value of a query parameter, or None when it is absent."""
    values = params.get(name, [])
    return values[-1] if values else None


def parse_day(value: str, *, end: bool) -> date | None:
    """A day from ``YYYY`` (its first or, for an ``end``, last day) or ``YYYY-MM-DD``; None if malformed."""
    m = _DATE.match(value.strip())
    if not m:
        return None
    try:
        if m.group(2):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return date(int(m.group(1)), 12, 31) if end else date(int(m.group(1)), 1, 1)
    except ValueError:
        return None


def check_ids(kind: str, given: Sequence[str], known: Sequence[str]) -> None:
    """Raise :class:`FlagError` for the first of ``given`` not in ``known``, with the closest known id."""
    for value in given:
        if value not in known:
            closest = did_you_mean(value, known)
            shown = ", ".join(known[:8]) + (f", … ({len(known)} in all)" if len(known) > 8 else "")
            raise FlagError(f"unknown {kind} {value!r}{closest}; known ids: {shown}")


def rows_by_id(column: pd.Series) -> dict[str, np.ndarray]:
    """For a column of id lists: each id -> the row positions whose list holds it (ids in sorted order)."""
    lists = column.tolist()
    ids = list(chain.from_iterable(lists))
    if not ids:
        return {}
    positions = np.repeat(np.arange(len(lists)), np.fromiter(map(len, lists), dtype=np.int64, count=len(lists)))
    codes, keys = pd.factorize(np.asarray(ids, dtype=object), sort=True)
    present = codes >= 0  # missing ids (None) hold no row
    codes, positions = codes[present], positions[present]
    positions = positions[np.argsort(codes, kind="stable")]
    bounds = np.cumsum(np.bincount(codes, minlength=len(keys))).tolist()
    return {str(k): positions[s:e] for k, s, e in zip(keys, [0, *bounds[:-1]], bounds, strict=True)}


def member(rows: dict[str, np.ndarray], wanted: Sequence[str], n: int) -> np.ndarray:
    """The rows holding any of ``wanted`` (``rows`` as from :func:`rows_by_id`)."""
    mask = np.zeros(n, dtype=bool)
    for key in wanted:
        hit = rows.get(key)
        if hit is not None:
            mask[hit] = True
    return mask
