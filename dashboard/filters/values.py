"""What a view is made of: the filters (one attribute per field of each kind), how the events are shown, and
the ids a URL may name (pure values, no Streamlit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LANES = ("actor", "category")
COLORS = ("category", "perspective")


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the record to: one attribute per field of each filter kind, in the order of
    :data:`~dashboard.filters.KINDS` (a kind's :class:`~dashboard.filters.Field` names its attribute, type and
    default). Empty tuples, None, False and "" mean "no restriction"."""

    actors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    perspectives: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    contested_only: bool = False
    text: str = ""
    place: str = ""

    def is_empty(self) -> bool:
        """True when nothing is filtered out."""
        return self == Filters()


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
