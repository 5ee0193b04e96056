"""The filter kinds, one object each, and :data:`KINDS`, the registry every other part reads.

Each kind says in one place how it reads from and writes to the URL, narrows the events
frame, describes itself, which sidebar widget shows it and which ``export`` flags set it.
A new kind is one more object here, added to :data:`KINDS`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .base import (
    MAX_TEXT,
    AddFlag,
    Field,
    FlagError,
    Kind,
    Notices,
    Params,
    Widget,
    check_ids,
    last,
    member,
    parse_day,
    rows_by_id,
)
from .places import PlaceMatch, place_texts
from .text import Haystack

if TYPE_CHECKING:
    from ..figures import Labels
    from .values import Filters, Vocab

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class IdKind(Kind):
    """Events holding any of the chosen ids of one vocabulary (actors, categories, perspectives)."""

    names_ids = True

    def __init__(
        self, name: str, field: str, *, column: str, listed: bool, rule: str, flag_help: str, widget: Widget
    ) -> None:
        """``field`` is also the plural in descriptions and the :class:`Vocab` attribute of the known ids;
        ``listed`` says the frame's ``column`` holds a list of ids per event, not one id."""
        self.name, self.field, self.column, self.listed = name, field, column, listed
        self.rule = rule
        self.fields = (Field(field, tuple[str, ...], ()),)
        self.params = (name,)
        self.flag_help = flag_help
        self.widget = widget

    def read(self, params: Params, vocab: Vocab, notices: Notices) -> dict[str, Any]:
        known = getattr(vocab, self.field)
        out = []
        for value in params.get(self.name, []):
            for item in (i.strip() for i in value.split(",")):
                if item in known:
                    out.append(item)
                elif item:
                    notices.unknown(self.name, self.field, item)
        return {self.field: tuple(dict.fromkeys(out))}

    def write(self, filters: Filters, period: tuple[date, date] | None) -> dict[str, list[str]]:
        ids = getattr(filters, self.field)
        return {self.name: list(ids)} if ids else {}

    def prepare(self, frame: pd.DataFrame) -> Any:
        if self.listed:
            return rows_by_id(frame[self.column])
        return frame[self.column].to_numpy(dtype=object)

    def narrow(self, filters: Filters, prepared: Any, mask: np.ndarray) -> None:
        ids = getattr(filters, self.field)
        if self.listed:
            mask &= member(prepared, ids, len(mask))
        else:
            mask &= np.isin(prepared, list(ids))

    def describe(self, filters: Filters, labels: Labels | None) -> str:
        names = labels.for_kind(self.name) if labels else {}
        return f"{self.field}: " + ", ".join(names.get(i, i) for i in getattr(filters, self.field))

    def add_flags(self, add: AddFlag) -> None:
        add(f"--{self.name}", dest=self.field, action="extend", nargs="+", default=[], metavar="ID",
            help=self.flag_help)  # fmt: skip

    def flag_query(self, args: argparse.Namespace, vocab: Vocab) -> dict[str, list[str]]:
        given = getattr(args, self.field)
        check_ids(self.name, given, sorted(getattr(vocab, self.field)))
        return {self.name: given} if given else {}

    def widget_value(self, filters: Filters) -> Any:
        return list(getattr(filters, self.field))

    def from_widget(self, value: Any) -> dict[str, Any]:
        return {self.field: tuple(value)}


class PeriodKind(Kind):
    """Events whose date span overlaps the period (either end may be open)."""

    name = "period"
    fields = (Field("start", date | None, None), Field("end", date | None, None))
    params = ("from", "to")
    widget = Widget("period", "f_years", "Period", rank=20, help="Events whose dates overlap these years.")
    rule = "its date overlaps the period"
    _ENDS = (("from", "start", False), ("to", "end", True))

    def read(self, params: Params, vocab: Vocab, notices: Notices) -> dict[str, Any]:
        raw: dict[str, str] = {}
        for param, _field, end in self._ENDS:
            if (value := last(params, param)) is not None:
                if parse_day(value, end=end) is None:
                    notices.append(f"ignored malformed {param} {value[:40]!r} (use YYYY or YYYY-MM-DD)")
                else:
                    raw[param] = value
        if len(raw) == 2 and parse_day(raw["from"], end=False) > parse_day(raw["to"], end=True):
            notices.append(f"swapped from {raw['from']} and to {raw['to']}: the period started after it ended")
            raw = {"from": raw["to"], "to": raw["from"]}
        out: dict[str, Any] = {field: parse_day(raw[p], end=end) if p in raw else None for p, field, end in self._ENDS}
        if vocab.period is not None and raw:
            lo, hi = out["start"] or vocab.period[0], out["end"] or vocab.period[1]
            if lo > vocab.period[1] or hi < vocab.period[0]:
                asked = " and ".join(f"{p} {v}" for p, v in raw.items())
                first, last_ = vocab.period
                notices.append(f"ignored {asked}: the record covers {first.year} to {last_.year}")
                return {"start": None, "end": None}
        return out

    def write(self, filters: Filters, period: tuple[date, date] | None) -> dict[str, list[str]]:
        out = {}
        if filters.start is not None and (period is None or filters.start > period[0]):
            out["from"] = [_day(filters.start, end=False)]
        if filters.end is not None and (period is None or filters.end < period[1]):
            out["to"] = [_day(filters.end, end=True)]
        return out

    def prepare(self, frame: pd.DataFrame) -> Any:
        return frame["start"].to_numpy(dtype="datetime64[s]"), frame["end"].to_numpy(dtype="datetime64[s]")

    def narrow(self, filters: Filters, prepared: Any, mask: np.ndarray) -> None:
        starts, ends = prepared
        if filters.start is not None:
            mask &= ends >= np.datetime64(filters.start, "s")
        if filters.end is not None:
            mask &= starts <= np.datetime64(filters.end, "s")

    def describe(self, filters: Filters, labels: Labels | None) -> str:
        if filters.start and filters.end:
            return f"period: {filters.start.isoformat()} to {filters.end.isoformat()}"
        if filters.start:  # open to the record's end
            return f"period: from {filters.start.isoformat()}"
        return f"period: up to {filters.end.isoformat()}" if filters.end else "period: the whole record"

    def add_flags(self, add: AddFlag) -> None:
        add("--from", dest="start", metavar="DATE", help="events overlapping from this day on (YYYY or YYYY-MM-DD)")
        add("--to", dest="end", metavar="DATE", help="events overlapping up to this day (YYYY or YYYY-MM-DD)")

    def flag_query(self, args: argparse.Namespace, vocab: Vocab) -> dict[str, list[str]]:
        days = {}
        for param, field, end in self._ENDS:
            if (raw := getattr(args, field)) is not None:
                days[param] = parse_day(raw, end=end)
                if days[param] is None:
                    raise FlagError(f"--{param} {raw!r}: expected a year (YYYY) or a day (YYYY-MM-DD)")
        if len(days) == 2 and days["from"] > days["to"]:
            raise FlagError(f"--from {args.start} is after --to {args.end}")
        return {param: [getattr(args, field)] for param, field, _ in self._ENDS if param in days}

    def widget_value(self, filters: Filters) -> Any:
        return filters.start, filters.end

    def from_widget(self, value: Any) -> dict[str, Any]:
        start, end = value
        return {"start": start, "end": end}


def _day(d: date, *, end: bool) -> str:
    whole_year = (d.month, d.day) == ((12, 31) if end else (1, 1))
    return str(d.year) if whole_year else d.isoformat()


class ContestedKind(Kind):
    """Only events on which the sources disagree."""

    name = "contested"
    fields = (Field("contested_only", bool, False),)
    params = ("contested",)
    widget = Widget(
        "toggle", "f_contested", "Contested only", rank=50, help="Only events on which the sources disagree."
    )
    rule = "it is contested (when Contested only is on)"

    def read(self, params: Params, vocab: Vocab, notices: Notices) -> dict[str, Any]:
        raw = last(params, "contested")
        if raw is not None and raw.lower() not in _TRUE | _FALSE:
            notices.append(f"ignored malformed contested {raw[:40]!r} (use 1 or 0)")
        return {"contested_only": raw is not None and raw.lower() in _TRUE}

    def write(self, filters: Filters, period: tuple[date, date] | None) -> dict[str, list[str]]:
        return {"contested": ["1"]} if filters.contested_only else {}

    def prepare(self, frame: pd.DataFrame) -> Any:
        return frame["contested"].to_numpy(dtype=bool)

    def narrow(self, filters: Filters, prepared: Any, mask: np.ndarray) -> None:
        mask &= prepared

    def describe(self, filters: Filters, labels: Labels | None) -> str:
        return "contested only"

    def add_flags(self, add: AddFlag) -> None:
        add("--contested", action="store_true", help="only events on which the sources disagree")

    def flag_query(self, args: argparse.Namespace, vocab: Vocab) -> dict[str, list[str]]:
        return {"contested": ["1"]} if args.contested else {}

    def from_widget(self, value: Any) -> dict[str, Any]:
        return {"contested_only": bool(value)}


SEARCHED = ("title", "summary", "quotes", "contested_note", "place", "tags", "actor_names", "actor_aliases")
"""Columns the free-text search looks in, where the frame has them."""
_LISTS = {"tags", "actor_names", "actor_aliases"}


def search_texts(frame: pd.DataFrame) -> list[str]:
    """Text searched by the free-text filter, one string a row: the :data:`SEARCHED` columns one per line."""
    columns = [
        list(map("\n".join, frame[c].tolist())) if c in _LISTS else frame[c].fillna("").astype(str).tolist()
        for c in SEARCHED
        if c in frame
    ]
    return list(map("\n".join, zip(*columns, strict=True))) if columns else [""] * len(frame)


class TextKind(Kind):
    """Events whose text (made by ``source``, one string a row) holds a string, compared folded (see :func:`fold`)."""

    def __init__(
        self,
        name: str,
        param: str,
        *,
        source: Callable[[pd.DataFrame], Iterable[str]],
        shown: str,
        rule: str,
        flag: str,
        flag_help: str,
        widget: Widget,
    ) -> None:
        self.name, self.param, self.source, self.shown = name, param, source, shown
        self.rule = rule
        self.fields = (Field(name, str, ""),)
        self.params = (param,)
        self.flag, self.flag_help = flag, flag_help
        self.widget = widget

    def read(self, params: Params, vocab: Vocab, notices: Notices) -> dict[str, Any]:
        text = last(params, self.param) or ""
        if len(text) > MAX_TEXT:
            notices.append(f"shortened {self.param} to its first {MAX_TEXT} characters")
        return {self.name: text[:MAX_TEXT]}

    def write(self, filters: Filters, period: tuple[date, date] | None) -> dict[str, list[str]]:
        text = getattr(filters, self.name).strip()
        return {self.param: [text]} if text else {}

    def active(self, filters: Filters) -> bool:
        return bool(getattr(filters, self.name).strip())

    def prepare(self, frame: pd.DataFrame) -> Any:
        return Haystack.of(self.source(frame))

    def narrow(self, filters: Filters, prepared: Any, mask: np.ndarray) -> None:
        prepared.keep_matching(getattr(filters, self.name), mask)

    def describe(self, filters: Filters, labels: Labels | None) -> str:
        return self.shown.format(getattr(filters, self.name).strip())

    def add_flags(self, add: AddFlag) -> None:
        add(self.flag, dest=self.name, default="", metavar="TEXT", help=self.flag_help)

    def flag_query(self, args: argparse.Namespace, vocab: Vocab) -> dict[str, list[str]]:
        text = getattr(args, self.name)
        return {self.param: [text]} if text.strip() else {}

    def from_widget(self, value: Any) -> dict[str, Any]:
        return {self.name: str(value)}


class PlaceKind(TextKind):
    """Events at a place named exactly (and at the places within it), else whose place holds the text."""

    def prepare(self, frame: pd.DataFrame) -> Any:
        return PlaceMatch(frame)

    def narrow(self, filters: Any, prepared: Any, mask: np.ndarray) -> None:
        prepared.keep(getattr(filters, self.name), mask)


ACTOR = IdKind(
    "actor", "actors", column="actors", listed=True, rule="it has any of the chosen actors",
    flag_help="events involving any of these actors",
    widget=Widget("multiselect", "f_actors", "Actors", rank=10,
                  help="Events involving any of these actors. Type any of an actor's names: an actor with that "
                       "exact name comes first, then the busiest; Enter adds the first offered.",
                  placeholder="Any actor", options="actors"),
)  # fmt: skip
CATEGORY = IdKind(
    "category", "categories", column="category", listed=False, rule="it has any of the chosen categories",
    flag_help="events of any of these categories",
    widget=Widget("multiselect", "f_categories", "Categories", rank=30, placeholder="Any category",
                  options="categories"),
)  # fmt: skip
PERSPECTIVE = IdKind(
    "perspective", "perspectives", column="perspectives", listed=True,
    rule="it cites any of the chosen perspectives",
    flag_help="events citing a passage whose speaker belongs to any of these perspectives",
    widget=Widget("multiselect", "f_perspectives", "Source perspectives", rank=40,
                  help="Events citing at least one passage whose speaker belongs to these perspectives.",
                  placeholder="Any perspective",
                  options="perspectives"),
)  # fmt: skip
TEXT = TextKind(
    "text", "q", source=search_texts, shown='text: "{}"', rule="it matches the search", flag="--search",
    flag_help="only events whose title, summary, quotes, tags, place or actors' names hold every word of TEXT "
              "(in any order; a phrase in quotation marks as written)",
    widget=Widget("text", "f_text", "Search", rank=60, placeholder="Titles, summaries, quotes, names",
                  help="Finds every word, in any order; a phrase in quotation marks as written. Ignores case, "
                       "accents, apostrophes, hyphens and the ezafe: Forough-e Javidan finds Forough Javidan."),
)  # fmt: skip
PLACE = PlaceKind(
    "place", "place", source=place_texts, shown="place: {}", flag="--place",
    rule="it is at the place typed (or its place holds that text)",
    flag_help="only events at the place named TEXT (a place's id, name or alias, with the places within it), "
              "else whose place holds every word of TEXT (ignoring case, accents and hyphens)",
    widget=Widget("text", "f_place", "Place", rank=70,
                  help="A place's name or alias keeps the events at it and at the places within "
                       "it; other text keeps the events whose place holds every word of it. Clicking a place on the "
                       "map sets it.",
                  placeholder="Any place"),
)  # fmt: skip

KINDS: tuple[Kind, ...] = (ACTOR, CATEGORY, PERSPECTIVE, PeriodKind(), ContestedKind(), TEXT, PLACE)
"""Every filter kind, in the order of the URL, the description and the ``export`` options."""
