"""Filtering the events frame, and the filter state as URL query parameters (pure, no Streamlit).

Filters combine with AND across kinds (actors, period, categories, perspectives, contested,
text) and OR within a kind (any of the chosen actors, any of the chosen categories, ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .figures import Labels

LANES = ("actor", "category")
COLORS = ("category", "perspective")


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the record to. Empty tuples and None mean "no restriction"."""

    actors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    perspectives: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    contested_only: bool = False
    text: str = ""

    def is_empty(self) -> bool:
        """True when nothing is filtered out."""
        return self == Filters()


@dataclass(frozen=True)
class View:
    """How the filtered events are shown: lanes, colours, the selected event."""

    lanes: str = "category"
    color: str = "category"
    event: str | None = None


@dataclass(frozen=True)
class Vocab:
    """The ids a URL may name: what query parameters are checked against."""

    actors: frozenset[str] = field(default_factory=frozenset)
    categories: frozenset[str] = field(default_factory=frozenset)
    perspectives: frozenset[str] = field(default_factory=frozenset)
    events: frozenset[str] = field(default_factory=frozenset)


def search_column(frame: pd.DataFrame) -> pd.Series:
    """Lower-cased text searched by the free-text filter: titles, summaries, quotes, notes."""
    parts = [frame[c].astype(str) for c in ("title", "summary", "quotes", "contested_note") if c in frame]
    joined = parts[0].str.cat(parts[1:], sep="\n") if parts else pd.Series("", index=frame.index)
    return joined.str.lower()


def _rows_by_id(column: pd.Series) -> dict[str, np.ndarray]:
    """For a column of id lists: each id -> the row positions whose list holds it."""
    exploded = column.explode().dropna()
    positions = np.repeat(np.arange(len(column)), column.map(len).to_numpy())
    ids = exploded.to_numpy(dtype=object)
    order = np.argsort(ids, kind="stable")
    ids, positions = ids[order], positions[order]
    keys, starts = np.unique(ids, return_index=True)
    bounds = [*starts[1:], len(ids)]
    return {str(k): positions[s:e] for k, s, e in zip(keys, starts, bounds, strict=True)}


@dataclass(frozen=True)
class FilterIndex:
    """What filtering needs of a frame, computed once: list-column membership, search text, dates."""

    actor_rows: dict[str, np.ndarray]
    perspective_rows: dict[str, np.ndarray]
    search: np.ndarray
    category: np.ndarray
    start: np.ndarray
    end: np.ndarray
    contested: np.ndarray


def build_index(frame: pd.DataFrame) -> FilterIndex:
    """The :class:`FilterIndex` of a frame (for callers that filter it repeatedly)."""
    return FilterIndex(
        actor_rows=_rows_by_id(frame["actors"]),
        perspective_rows=_rows_by_id(frame["perspectives"]),
        search=search_column(frame).to_numpy(dtype=object),
        category=frame["category"].to_numpy(dtype=object),
        start=frame["start"].to_numpy(dtype="datetime64[s]"),
        end=frame["end"].to_numpy(dtype="datetime64[s]"),
        contested=frame["contested"].to_numpy(dtype=bool),
    )


def _member(rows: dict[str, np.ndarray], wanted: Iterable[str], n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    for key in wanted:
        hit = rows.get(key)
        if hit is not None:
            mask[hit] = True
    return mask


def apply_filters(frame: pd.DataFrame, filters: Filters, index: FilterIndex | None = None) -> pd.DataFrame:
    """The rows of ``frame`` that pass every filter (AND across kinds, OR within a kind).

    An event passes the period filter when its date span overlaps the chosen period; the text
    filter is case-insensitive and searched only in rows the other filters kept. ``index`` is
    the frame's :func:`build_index`, for callers that filter the same frame repeatedly.
    """
    if filters.is_empty():
        return frame
    ix = index if index is not None else build_index(frame)
    n = len(frame)
    mask = np.ones(n, dtype=bool)
    if filters.actors:
        mask &= _member(ix.actor_rows, filters.actors, n)
    if filters.categories:
        mask &= np.isin(ix.category, list(filters.categories))
    if filters.perspectives:
        mask &= _member(ix.perspective_rows, filters.perspectives, n)
    if filters.start is not None:
        mask &= ix.end >= np.datetime64(filters.start, "s")
    if filters.end is not None:
        mask &= ix.start <= np.datetime64(filters.end, "s")
    if filters.contested_only:
        mask &= ix.contested
    text = filters.text.strip().lower()
    if text:
        candidates = np.flatnonzero(mask)
        found = np.fromiter((text in s for s in ix.search[candidates]), dtype=bool, count=len(candidates))
        mask[candidates[~found]] = False
    return frame[mask]


# --- URL query parameters -------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
KNOWN_PARAMS = ("actor", "category", "perspective", "from", "to", "contested", "q", "lanes", "color", "event")
MAX_TEXT = 200


def _parse_day(value: str, *, end: bool) -> date | None:
    m = _DATE.match(value.strip())
    if not m:
        return None
    try:
        if m.group(2):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return date(int(m.group(1)), 12, 31) if end else date(int(m.group(1)), 1, 1)
    except ValueError:
        return None


def from_query(params: Mapping[str, list[str]], vocab: Vocab) -> tuple[Filters, View, list[str]]:
    """Filters and view from query parameters (each name mapped to all its values).

    Only known names and values are taken; anything else is ignored and described in the
    returned notices. Nothing in a URL is ever evaluated or unpickled.
    """
    notices: list[str] = []

    def ids(name: str, known: frozenset[str]) -> tuple[str, ...]:
        out = []
        for value in params.get(name, []):
            for item in value.split(","):
                item = item.strip()
                if not item:
                    continue
                if item in known:
                    out.append(item)
                else:
                    notices.append(f"ignored unknown {name} {item[:40]!r}")
        return tuple(dict.fromkeys(out))

    def one(name: str) -> str | None:
        values = params.get(name, [])
        return values[-1] if values else None

    for name in params:
        if name not in KNOWN_PARAMS:
            notices.append(f"ignored unknown parameter {name[:40]!r}")
    start = end = None
    if (raw := one("from")) is not None:
        start = _parse_day(raw, end=False)
        if start is None:
            notices.append(f"ignored malformed from {raw[:40]!r} (use YYYY or YYYY-MM-DD)")
    if (raw := one("to")) is not None:
        end = _parse_day(raw, end=True)
        if end is None:
            notices.append(f"ignored malformed to {raw[:40]!r} (use YYYY or YYYY-MM-DD)")
    contested = False
    if (raw := one("contested")) is not None:
        if raw.lower() in _TRUE:
            contested = True
        elif raw.lower() not in _FALSE:
            notices.append(f"ignored malformed contested {raw[:40]!r} (use 1 or 0)")
    text = (one("q") or "")[:MAX_TEXT]
    view = View()
    if (raw := one("lanes")) is not None:
        if raw in LANES:
            view = replace(view, lanes=raw)
        else:
            notices.append(f"ignored unknown lanes {raw[:40]!r}")
    if (raw := one("color")) is not None:
        if raw in COLORS:
            view = replace(view, color=raw)
        else:
            notices.append(f"ignored unknown color {raw[:40]!r}")
    if (raw := one("event")) is not None:
        if raw in vocab.events:
            view = replace(view, event=raw)
        else:
            notices.append(f"ignored unknown event {raw[:40]!r}")
    filters = Filters(
        actors=ids("actor", vocab.actors),
        categories=ids("category", vocab.categories),
        perspectives=ids("perspective", vocab.perspectives),
        start=start,
        end=end,
        contested_only=contested,
        text=text,
    )
    return filters, view, notices


def to_query(filters: Filters, view: View, *, period: tuple[date, date] | None = None) -> dict[str, list[str]]:
    """Query parameters for a filter state (the inverse of :func:`from_query`); defaults are left out."""

    def day(d: date, *, end: bool) -> str:
        whole_year = (d.month, d.day) == ((12, 31) if end else (1, 1))
        return str(d.year) if whole_year else d.isoformat()

    out: dict[str, list[str]] = {}
    if filters.actors:
        out["actor"] = list(filters.actors)
    if filters.categories:
        out["category"] = list(filters.categories)
    if filters.perspectives:
        out["perspective"] = list(filters.perspectives)
    if filters.start is not None and (period is None or filters.start > period[0]):
        out["from"] = [day(filters.start, end=False)]
    if filters.end is not None and (period is None or filters.end < period[1]):
        out["to"] = [day(filters.end, end=True)]
    if filters.contested_only:
        out["contested"] = ["1"]
    if filters.text.strip():
        out["q"] = [filters.text.strip()]
    if view.lanes != View.lanes:
        out["lanes"] = [view.lanes]
    if view.color != View.color:
        out["color"] = [view.color]
    if view.event:
        out["event"] = [view.event]
    return out


def describe(filters: Filters, labels: Labels | None = None) -> str:
    """A one-line plain description of the filters, each id by its label in its own vocabulary."""
    actors = labels.actors if labels else {}
    categories = labels.categories if labels else {}
    perspectives = labels.perspectives if labels else {}
    parts = []
    if filters.actors:
        parts.append("actors: " + ", ".join(actors.get(a, a) for a in filters.actors))
    if filters.categories:
        parts.append("categories: " + ", ".join(categories.get(c, c) for c in filters.categories))
    if filters.perspectives:
        parts.append("perspectives: " + ", ".join(perspectives.get(p, p) for p in filters.perspectives))
    if filters.start or filters.end:
        lo = filters.start.isoformat() if filters.start else "…"
        hi = filters.end.isoformat() if filters.end else "…"
        parts.append(f"period: {lo} to {hi}")
    if filters.contested_only:
        parts.append("contested only")
    if filters.text.strip():
        parts.append(f'text: "{filters.text.strip()}"')
    return "; ".join(parts) if parts else "all events"
