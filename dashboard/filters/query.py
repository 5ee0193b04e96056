"""The filter state and view as URL query parameters, and the filters in words (pure, no Streamlit).

Nothing in a URL is ever evaluated or unpickled: only known names and values are taken.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from .base import Notices, Params, last
from .kinds import KINDS
from .values import COLORS, LANES, Filters, View, Vocab

if TYPE_CHECKING:
    from ..figures import Labels

VIEW_PARAMS = ("lanes", "color", "event", "read", "at")
KNOWN_PARAMS = (*(p for kind in KINDS for p in kind.params), *VIEW_PARAMS)
_OFFSET = re.compile(r"\d{1,10}")


def _read_view(params: Params, vocab: Vocab, notices: Notices) -> View:
    view = View()
    for name, known in (("lanes", LANES), ("color", COLORS), ("event", vocab.events)):
        if (raw := last(params, name)) is not None:
            if raw in known:
                view = replace(view, **{name: raw})
            else:
                notices.append(f"ignored unknown {name} {raw[:40]!r}")
    return _read_reader(params, vocab, notices, view)


def _read_reader(params: Params, vocab: Vocab, notices: list[str], view: View) -> View:
    """The document open in the event's drawer (``read``) and where (``at``, a character offset)."""
    source, at = last(params, "read"), last(params, "at")
    if source is not None and source not in vocab.sources:
        notices.append(f"ignored unknown read {source[:40]!r}")
        source = None
    elif source is not None and view.event is None:
        notices.append(f"ignored read {source[:40]!r}: no event is open")
        source = None
    if at is not None and source is None:
        return view
    if at is not None and not _OFFSET.fullmatch(at):
        notices.append(f"ignored malformed at {at[:40]!r} (use a character offset, e.g. 1200)")
        at = None
    return replace(view, source=source, at=int(at) if source and at is not None else None)


def from_query(params: Params, vocab: Vocab) -> tuple[Filters, View, list[str]]:
    """Filters and view from query parameters (each name mapped to all its values).

    Only known names and values are taken; anything else is ignored and described in the
    returned notices: unknown names first, then each kind's values, the view's, and the ids;
    unknown values of one kind (or unknown names) make one notice, however many there are.
    """
    notices = Notices()
    for name in params:
        if name not in KNOWN_PARAMS:
            notices.unknown("parameter", "parameters", name)
    values: dict[str, Any] = {}
    for kind in KINDS:
        if not kind.names_ids:
            values |= kind.read(params, vocab, notices)
    view = _read_view(params, vocab, notices)
    for kind in KINDS:
        if kind.names_ids:
            values |= kind.read(params, vocab, notices)
    return Filters(**values), view, notices.lines()


def to_query(filters: Filters, view: View, *, period: tuple[date, date] | None = None) -> dict[str, list[str]]:
    """Query parameters for a filter state (the inverse of :func:`from_query`); defaults are left out.

    A period end equal to the record's ``period`` end is left out too.
    """
    out: dict[str, list[str]] = {}
    for kind in KINDS:
        out |= kind.write(filters, period)
    if view.lanes != View.lanes:
        out["lanes"] = [view.lanes]
    if view.color != View.color:
        out["color"] = [view.color]
    if view.event:
        out["event"] = [view.event]
        if view.source:
            out["read"] = [view.source]
            if view.at is not None:
                out["at"] = [str(view.at)]
    return out


def describe(filters: Filters, labels: Labels | None = None) -> str:
    """A one-line plain description of the filters, each id by its label in its own vocabulary."""
    parts = [kind.describe(filters, labels) for kind in KINDS if kind.active(filters)]
    return "; ".join(parts) if parts else "all events"
