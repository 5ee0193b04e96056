"""The sidebar: filter widgets, their state restored from and written to the URL."""

from __future__ import annotations

from datetime import date

import streamlit as st

from .filters import Filters, View, from_query, to_query
from .loading import Loaded
from .render import NOTE_STYLE, text_html

HELP = (
    "Filters combine with AND across kinds and OR within a kind: an event is shown when it has "
    "any of the chosen actors, AND any of the chosen categories, AND cites any of the chosen "
    "perspectives, AND its date overlaps the period, AND it matches the search."
)
_KEYS = ("f_actors", "f_categories", "f_perspectives", "f_years", "f_exact", "f_from", "f_to", "f_contested", "f_text")


def _period(loaded: Loaded) -> tuple[date, date]:
    start, end = loaded.record.period
    return start.start, end.end


def _defaults(loaded: Loaded) -> dict[str, object]:
    lo, hi = _period(loaded)
    return {
        "f_actors": [],
        "f_categories": [],
        "f_perspectives": [],
        "f_years": (lo.year, hi.year),
        "f_exact": False,
        "f_from": lo,
        "f_to": hi,
        "f_contested": False,
        "f_text": "",
    }


def _apply_state(loaded: Loaded, filters: Filters, view: View) -> None:
    lo, hi = _period(loaded)
    state = st.session_state
    state.update(_defaults(loaded))
    state.f_actors = list(filters.actors)
    state.f_categories = list(filters.categories)
    state.f_perspectives = list(filters.perspectives)
    start = max(lo, min(filters.start or lo, hi))
    end = min(hi, max(filters.end or hi, lo))
    state.f_years = (start.year, end.year)
    exact = (filters.start and (start.month, start.day) != (1, 1)) or (filters.end and (end.month, end.day) != (12, 31))
    state.f_exact = bool(exact)
    state.f_from, state.f_to = start, end
    state.f_contested = filters.contested_only
    state.f_text = filters.text
    state.v_lanes = "Actor" if view.lanes == "actor" else "Category"
    state.v_color = "Category" if view.color == "category" else "Perspective"
    state.event = view.event


def restore_from_url(loaded: Loaded) -> None:
    """Once per session: set the widgets from the URL's query parameters; note what was ignored."""
    if st.session_state.get("_restored"):
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    filters, view, notices = from_query(params, loaded.vocab)
    _apply_state(loaded, filters, view)
    st.session_state._restored = True
    st.session_state._notices = notices


def _reset(loaded: Loaded) -> None:
    _apply_state(loaded, Filters(), View())


def show(loaded: Loaded) -> Filters:
    """Draw the filter widgets; return the filters they hold."""
    record = loaded.record
    lo, hi = _period(loaded)
    sb = st.sidebar
    sb.header("Filters")
    sb.caption(HELP)
    actors = sorted(record.actors, key=lambda a: record.actors[a].name.lower())
    sb.multiselect(
        "Actors",
        actors,
        key="f_actors",
        format_func=lambda a: record.actors[a].name,
        placeholder="Any actor",
        help="Events involving any of these actors.",
    )
    if sb.toggle("Exact dates", key="f_exact", help="Type exact start and end dates instead of years."):
        c1, c2 = sb.columns(2)
        c1.date_input("From", key="f_from", min_value=lo, max_value=hi, format="YYYY-MM-DD")
        c2.date_input("To", key="f_to", min_value=lo, max_value=hi, format="YYYY-MM-DD")
        start, end = st.session_state.f_from, st.session_state.f_to
    else:
        y0, y1 = sb.slider("Period", lo.year, hi.year, key="f_years", help="Events whose dates overlap these years.")
        start, end = date(y0, 1, 1), date(y1, 12, 31)
    sb.multiselect(
        "Categories",
        list(record.categories),
        key="f_categories",
        format_func=lambda c: record.categories[c].label,
        placeholder="Any category",
    )
    sb.multiselect(
        "Source perspectives",
        list(record.perspectives),
        key="f_perspectives",
        format_func=lambda p: record.perspectives[p].label,
        placeholder="Any perspective",
        help="Events citing at least one source of these perspectives.",
    )
    sb.toggle("Contested only", key="f_contested", help="Only events on which the sources disagree.")
    sb.text_input("Search", key="f_text", placeholder="Titles, summaries and quotes", max_chars=200)
    sb.button("Reset filters", on_click=_reset, args=(loaded,), use_container_width=True)
    for notice in st.session_state.get("_notices", []):
        sb.html(text_html(f"Ignored in the link: {notice}", "p", NOTE_STYLE))
    state = st.session_state
    return Filters(
        actors=tuple(state.f_actors),
        categories=tuple(state.f_categories),
        perspectives=tuple(state.f_perspectives),
        start=start if start > lo else None,
        end=end if end < hi else None,
        contested_only=bool(state.f_contested),
        text=state.f_text,
    )


def write_url(loaded: Loaded, filters: Filters, view: View) -> None:
    """Put the current filters and view in the URL, so the page can be bookmarked and shared."""
    wanted = to_query(filters, view, period=_period(loaded))
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if wanted != current:
        st.query_params.from_dict(wanted)
