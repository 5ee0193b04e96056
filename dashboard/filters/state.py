"""The filter state (one attribute per field of each kind), the view, and the ids a URL may name."""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass
from datetime import date
from typing import Any

from .kinds import KINDS

LANES = ("actor", "category")
COLORS = ("category", "perspective")


def _is_empty(self: Any) -> bool:
    """True when nothing is filtered out."""
    return self == type(self)()


Filters = make_dataclass(
    "Filters",
    [(f.name, f.type, field(default=f.default)) for kind in KINDS for f in kind.fields],
    frozen=True,
    namespace={"is_empty": _is_empty, "__module__": "dashboard.filters"},
)
Filters.__doc__ = """What the user narrowed the record to: one attribute per field of each filter kind, e.g.
``actors``, ``categories``, ``perspectives`` (tuples of ids), ``start``, ``end`` (dates or None),
``contested_only``, ``text``, ``place``. Empty tuples, None, False and "" mean "no restriction"."""


@dataclass(frozen=True)
class View:
    """How the filtered events are shown: lanes, colours, the selected event, and the document open in its
    drawer (``source``, read from character offset ``at``)."""

    lanes: str = "category"
    color: str = "category"
    event: str | None = None
    source: str | None = None
    at: int | None = None


@dataclass(frozen=True)
class Vocab:
    """The ids a URL may name: what query parameters are checked against."""

    actors: frozenset[str] = field(default_factory=frozenset)
    categories: frozenset[str] = field(default_factory=frozenset)
    perspectives: frozenset[str] = field(default_factory=frozenset)
    events: frozenset[str] = field(default_factory=frozenset)
    sources: frozenset[str] = field(default_factory=frozenset)
    period: tuple[date, date] | None = None  # the record's first and last day
