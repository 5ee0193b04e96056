"""The sidebar: filter widgets, their state restored from and written to the URL."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from .filters import KINDS, MAX_TEXT, Filters, Kind, View, from_query, to_query
from .filters.text import suggest
from .loading import Loaded
from .render import NOTE_STYLE, text_html
from .speakers import filter_help
from .state import COLOR_CHOICES, LANE_CHOICES, Keys
from .timeline import record_period

HELP = (
    "Filters combine with AND across kinds and OR within a kind: an event is shown when it has "
    "any of the chosen actors, AND any of the chosen categories, AND cites any of the chosen "
    "perspectives, AND its date overlaps the period, AND it matches the search and the place."
)
_SHOWN = sorted(KINDS, key=lambda kind: kind.widget.rank)
_TEXT = next(kind for kind in KINDS if kind.name == "text")


def _period(loaded: Loaded) -> tuple[date, date]:
    return record_period(loaded.record)


def _apply_period(loaded: Loaded, filters: Any) -> None:
    lo, hi = _period(loaded)
    state = st.session_state
    start = max(lo, min(filters.start or lo, hi))
    end = min(hi, max(filters.end or hi, lo))
    state.f_years = (start.year, end.year)
    exact = (filters.start and (start.month, start.day) != (1, 1)) or (filters.end and (end.month, end.day) != (12, 31))
    state[Keys.EXACT] = bool(exact)
    state[Keys.FROM], state[Keys.TO] = start, end


def _apply_state(loaded: Loaded, filters: Any, view: View) -> None:
    state = st.session_state
    for kind in KINDS:
        if kind.widget.kind == "period":
            _apply_period(loaded, filters)
        else:
            state[kind.widget.key] = kind.widget_value(filters)
    state[Keys.LANES] = LANE_CHOICES[0] if view.lanes == "actor" else LANE_CHOICES[1]
    state[Keys.COLOR] = COLOR_CHOICES[0] if view.color == "category" else COLOR_CHOICES[1]
    state[Keys.EVENT] = view.event


def restore_from_url(loaded: Loaded) -> None:
    """Once per session: set the widgets from the URL's query parameters; note what was ignored."""
    if st.session_state.get(Keys.RESTORED):
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    filters, view, notices = from_query(params, loaded.vocab)
    _apply_state(loaded, filters, view)
    st.session_state[Keys.RESTORED] = True
    st.session_state[Keys.NOTICES] = notices


def _reset(loaded: Loaded) -> None:
    _apply_state(loaded, Filters(), View())


def _period_widget(loaded: Loaded, kind: Kind) -> dict[str, Any]:
    lo, hi = _period(loaded)
    sb = st.sidebar
    if sb.toggle("Exact dates", key=Keys.EXACT, help="Type exact start and end dates instead of years."):
        c1, c2 = sb.columns(2)
        c1.date_input("From", key=Keys.FROM, min_value=lo, max_value=hi, format="YYYY-MM-DD")
        c2.date_input("To", key=Keys.TO, min_value=lo, max_value=hi, format="YYYY-MM-DD")
        start, end = st.session_state[Keys.FROM], st.session_state[Keys.TO]
    else:
        y0, y1 = sb.slider(kind.widget.label, lo.year, hi.year, key=kind.widget.key, help=kind.widget.help)
        start, end = date(y0, 1, 1), date(y1, 12, 31)
    return {"start": start if start > lo else None, "end": end if end < hi else None}


def _widget(loaded: Loaded, kind: Kind) -> dict[str, Any]:
    """Draw a kind's widget; return the filter fields it holds."""
    w, sb = kind.widget, st.sidebar
    if w.kind == "period":
        return _period_widget(loaded, kind)
    if w.kind == "multiselect":
        names = getattr(loaded.labels, w.options)
        options = sorted(names, key=lambda i: names[i].lower()) if w.by_label else list(names)
        shown = _with_aliases(names, loaded.labels.aliases) if w.options == "actors" else names
        sb.multiselect(w.label, options, key=w.key, format_func=shown.__getitem__, placeholder=w.placeholder,
                       help=filter_help(w.help, names, loaded.labels.descriptions.get(w.options, {}),
                                        loaded.perspective_speakers if w.options == "perspectives" else None),
                       filter_mode="contains", select_all=False)  # fmt: skip
    elif w.kind == "toggle":
        sb.toggle(w.label, key=w.key, help=w.help)
    elif w.kind == "text":
        sb.text_input(w.label, key=w.key, placeholder=w.placeholder, max_chars=MAX_TEXT, help=w.help)
    else:
        raise ValueError(f"unknown widget kind {w.kind!r}")
    return kind.from_widget(st.session_state[w.key])


def _with_aliases(names: dict[str, str], aliases: Any) -> dict[str, str]:
    """Option labels that name every alias too (straight apostrophes), so typing any of them finds the option."""
    out = {}
    for key, name in names.items():
        also = [a.replace("’", "'") for a in aliases.get(key, ()) if a.lower() != name.lower()]
        out[key] = f"{name} — also {', '.join(also)}" if also else name
    return out


def did_you_mean(loaded: Loaded, filters: Any, shown: pd.DataFrame) -> None:
    """When the view is empty and no event holds the search text, offer record terms spelled close to it.

    Called after filtering, so the search is run again on its own only for an empty view.
    """
    text = filters.text
    if not shown.empty or not text.strip() or not len(loaded.frame):
        return
    mask = np.ones(len(loaded.frame), dtype=bool)
    loaded.index[_TEXT.name].keep_matching(text, mask)
    if mask.any():
        return
    found = suggest(text, loaded.search_terms)
    said = f"No event holds “{text.strip()}”." + (" Did you mean:" if found else "")
    st.sidebar.html(text_html(said, "p", NOTE_STYLE))
    for i, term in enumerate(found):
        st.sidebar.button(term, key=f"suggest_{i}", type="tertiary", on_click=_set, args=(_TEXT.widget.key, term))


def _set(key: str, value: str) -> None:
    st.session_state[key] = value


def show(loaded: Loaded) -> Any:
    """Draw the filter widgets; return the filters they hold."""
    sb = st.sidebar
    for notice in st.session_state.get(Keys.NOTICES, []):
        sb.html(text_html(f"From the link: {notice}.", "p", NOTE_STYLE))
    sb.header("Filters")
    sb.caption(HELP)
    values: dict[str, Any] = {}
    for kind in _SHOWN:
        values |= _widget(loaded, kind)
    sb.button("Reset filters", on_click=_reset, args=(loaded,), use_container_width=True)
    return Filters(**values)


def write_url(loaded: Loaded, filters: Any, view: View) -> None:
    """Put the current filters and view in the URL, so the page can be bookmarked and shared."""
    wanted = to_query(filters, view, period=_period(loaded))
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if wanted != current:
        st.query_params.from_dict(wanted)
