"""The sidebar: filter widgets, their state restored from and written to the URL."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from .filters import KINDS, MAX_TEXT, Filters, Kind, View, from_query, to_query
from .loading import Loaded
from .periods import (
    MAX_TYPED,
    Period,
    PeriodError,
    as_day,
    clamp,
    examples,
    go_to_help,
    in_whole_years,
    matching,
    options,
    presets_help,
    read_day,
    read_period,
    whole_years,
)
from .render import NOTE_STYLE, md_escape, text_html
from .speakers import filter_help
from .state import COLOR_CHOICES, LANE_CHOICES, Keys
from .timeline import record_period

HELP = (
    "Filters combine with AND across kinds and OR within a kind: an event is shown when "
    + ", AND ".join(kind.rule for kind in KINDS)
    + "."
)
EXACT_HELP = (
    "Type the first and last day (YYYY-MM-DD, or a year, month or season: From takes its first day, "
    "To its last) and press Enter. A To before the From is swapped."
)
_SHOWN = sorted(KINDS, key=lambda kind: kind.widget.rank)
_YEARS = next(kind for kind in KINDS if kind.name == "period").widget.key


def _period(loaded: Loaded) -> Period:
    return record_period(loaded.record)


def set_period(loaded: Loaded, start: date | None, end: date | None) -> None:
    """Set the period widgets as a link's ``from`` and ``to`` do: each end moved into the record's
    period (None: the record's own end), a reversed pair swapped, the exact dates shown when an end
    is not the first or last day of a year.

    For callbacks that run before the sidebar is drawn (a box drawn on the timeline, a preset).
    """
    _store(loaded, clamp(start, end, _period(loaded)), exact=None)


def _store(loaded: Loaded, period: Period, *, exact: bool | None) -> None:
    """Make ``period`` the chosen one. ``exact``: None shows the exact dates only when the period
    needs them; True or False keeps that choice unless the period needs them."""
    days = not in_whole_years(period, _period(loaded))
    state = st.session_state
    state[Keys.PERIOD] = period
    state[Keys.EXACT] = days if exact is None else exact or days
    _show_period(period)
    state.pop(Keys.PERIOD_ERROR, None)


def _show_period(period: Period) -> None:
    """The years slider and the typed days set to ``period``."""
    state = st.session_state
    state[_YEARS] = (period[0].year, period[1].year)
    state[Keys.FROM], state[Keys.TO] = period[0].isoformat(), period[1].isoformat()


def _chosen(loaded: Loaded) -> Period:
    """The chosen period, moved into the record's period whatever the session holds."""
    return clamp(*st.session_state.get(Keys.PERIOD, (None, None)), _period(loaded))


def show_lane(lanes: str, key: str) -> None:
    """Narrow the view to one lane: the actor (``lanes == "actor"``) or category ``key``."""
    kind = next(kind for kind in KINDS if kind.name == lanes)  # the lanes are actors or categories
    st.session_state[kind.widget.key] = [key]


def _apply_state(loaded: Loaded, filters: Filters, view: View) -> None:
    state = st.session_state
    for kind in KINDS:
        if kind.widget.kind == "period":  # the period is shown by several widgets, set together
            set_period(loaded, *kind.widget_value(filters))
        else:
            state[kind.widget.key] = kind.widget_value(filters)
    state[Keys.LANES] = LANE_CHOICES[0] if view.lanes == "actor" else LANE_CHOICES[1]
    state[Keys.COLOR] = COLOR_CHOICES[0] if view.color == "category" else COLOR_CHOICES[1]
    state[Keys.EVENT] = view.event
    state[Keys.READING] = {"event": view.event, "source": view.source, "offset": view.at} if view.source else None
    if not view.event:
        state[Keys.HISTORY] = []


def _url() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def restore_from_url(loaded: Loaded) -> None:
    """Set the view from the URL: at the session's first run, and whenever the URL is not the one the app
    last wrote (the browser's Back or Forward, which rerun the app); note what the link held that was ignored."""
    state = st.session_state
    params = _url()
    if state.get(Keys.RESTORED) and params == state.get(Keys.URL):
        return
    filters, view, notices = from_query(params, loaded.vocab)
    _apply_state(loaded, filters, view)
    state[Keys.RESTORED] = True
    state[Keys.URL] = params
    state[Keys.NOTICES] = notices


def reset_filters(loaded: Loaded) -> None:
    """Clear every filter (and close the open event), as "Reset filters" does."""
    _apply_state(loaded, Filters(), View())
    st.session_state[Keys.GOTO] = ""


def _period_widget(loaded: Loaded, kind: Kind) -> dict[str, Any]:
    """Presets, a "Go to" box, the years slider or two typed days; the period they hold."""
    lo, hi = record = _period(loaded)
    state, sb = st.session_state, st.sidebar
    period = _chosen(loaded)
    offered = options(record, _open_event(loaded))
    state[Keys.PRESET] = matching(offered, period)
    sb.pills(kind.widget.label, [p.label for p in offered], key=Keys.PRESET, on_change=_preset_chosen,
             args=(loaded,), help=md_escape(presets_help(record)))  # fmt: skip
    sb.text_input("Go to", key=Keys.GOTO, placeholder=", ".join(examples(record)[:3]) + "…", max_chars=MAX_TYPED,
                  on_change=_go_to, args=(loaded,), help=md_escape(go_to_help(record)))  # fmt: skip
    # shown once, under the box that was typed in
    typed_in, error = state.pop(Keys.PERIOD_ERROR, (None, ""))
    if typed_in == Keys.GOTO:
        sb.error(md_escape(error))
    _show_period(period)
    if state.get(Keys.EXACT):
        c1, c2 = sb.columns(2)
        c1.text_input("From", key=Keys.FROM, on_change=_day_typed, args=(loaded, Keys.FROM))
        c2.text_input("To", key=Keys.TO, on_change=_day_typed, args=(loaded, Keys.TO))
        if typed_in in (Keys.FROM, Keys.TO):
            sb.error(md_escape(error))
    else:
        sb.slider("Years", lo.year, hi.year, key=_YEARS, on_change=_years_moved, args=(loaded,),
                  label_visibility="collapsed")  # fmt: skip
    sb.toggle("Exact dates", key=Keys.EXACT, on_change=_exact_toggled, args=(loaded,), help=EXACT_HELP)
    start, end = period
    return {"start": start if start > lo else None, "end": end if end < hi else None}


def _open_event(loaded: Loaded) -> Period | None:
    """The first and last day of the open event, if one is open."""
    event = st.session_state.get(Keys.EVENT)
    if not event or event not in loaded.vocab.events:
        return None
    row = loaded.frame.loc[loaded.frame["id"].to_numpy() == event]
    return as_day(row["start"].iloc[0]), as_day(row["end"].iloc[0])


def _preset_chosen(loaded: Loaded) -> None:
    label = st.session_state.get(Keys.PRESET)
    chosen = next((p for p in options(_period(loaded), _open_event(loaded)) if p.label == label), None)
    if chosen is not None:
        _store(loaded, (chosen.start, chosen.end), exact=st.session_state.get(Keys.EXACT))


def _go_to(loaded: Loaded) -> None:
    state = st.session_state
    text = state.get(Keys.GOTO) or ""
    if not text.strip():
        state.pop(Keys.PERIOD_ERROR, None)
        return
    try:
        period = read_period(text, _period(loaded))
    except PeriodError as exc:
        state[Keys.PERIOD_ERROR] = (Keys.GOTO, f"Go to: {exc}")
        return
    _store(loaded, period, exact=state.get(Keys.EXACT))
    state[Keys.GOTO] = ""


def _day_typed(loaded: Loaded, key: str) -> None:
    state, record = st.session_state, _period(loaded)
    start, end = _chosen(loaded)
    try:
        day = read_day(state.get(key) or "", record, end=key == Keys.TO)
    except PeriodError as exc:
        _show_period((start, end))
        state[Keys.PERIOD_ERROR] = (key, f"{'To' if key == Keys.TO else 'From'}: {exc}")
        return
    _store(loaded, clamp(start, day, record) if key == Keys.TO else clamp(day, end, record), exact=True)


def _years_moved(loaded: Loaded) -> None:
    y0, y1 = st.session_state[_YEARS]
    _store(loaded, clamp(date(y0, 1, 1), date(y1, 12, 31), _period(loaded)), exact=False)


def _exact_toggled(loaded: Loaded) -> None:
    if not st.session_state.get(Keys.EXACT):
        _store(loaded, whole_years(_chosen(loaded), _period(loaded)), exact=False)


def _widget(loaded: Loaded, kind: Kind) -> dict[str, Any]:
    """Draw a kind's widget; return the filter fields it holds."""
    w, sb = kind.widget, st.sidebar
    if w.kind == "period":
        return _period_widget(loaded, kind)
    if w.kind == "multiselect":
        names = getattr(loaded.labels, w.options)
        options, shown = loaded.choices(w.options)
        sb.multiselect(w.label, options, key=w.key, format_func=shown.__getitem__, placeholder=w.placeholder,
                       help=filter_help(w.help, names, loaded.labels.descriptions.get(w.options, {}),
                                        loaded.speakers_of(w.options)),
                       filter_mode="contains", select_all=False)  # fmt: skip
    elif w.kind == "toggle":
        sb.toggle(w.label, key=w.key, help=w.help)
    elif w.kind == "text":
        sb.text_input(w.label, key=w.key, placeholder=w.placeholder, max_chars=MAX_TEXT, help=w.help)
    else:
        raise ValueError(f"unknown widget kind {w.kind!r}")
    return kind.from_widget(st.session_state[w.key])


def show(loaded: Loaded) -> Filters:
    """Draw the filter widgets; return the filters they hold."""
    sb = st.sidebar
    for notice in st.session_state.get(Keys.NOTICES, []):
        sb.html(text_html(f"From the link: {notice}.", "p", NOTE_STYLE))
    sb.header("Filters")
    sb.caption(HELP)
    values: dict[str, Any] = {}
    for kind in _SHOWN:
        values |= _widget(loaded, kind)
    sb.button("Reset filters", on_click=reset_filters, args=(loaded,), use_container_width=True)
    return Filters(**values)


def write_url(loaded: Loaded, filters: Filters, view: View) -> None:
    """Put the current filters and view in the URL, so the page can be bookmarked and shared.

    Each change of the view is one entry of the browser's history (Streamlit pushes one for each URL it
    is given); a URL that already means this view (a link's reversed period, say) is left as it is.
    """
    wanted = to_query(filters, view, period=_period(loaded))
    shown = st.session_state.get(Keys.URL, {})
    if wanted != to_query(*from_query(shown, loaded.vocab)[:2], period=_period(loaded)):
        _write(wanted)


def write_reading(source: str | None, offset: int | None) -> None:
    """Put the document open in the event drawer in the URL (from inside the drawer, which reruns alone)."""
    params = {k: v for k, v in st.session_state.get(Keys.URL, {}).items() if k not in ("read", "at")}
    if source and "event" in params:
        params |= {"read": [source], **({"at": [str(offset)]} if offset is not None else {})}
    _write(params)


def _write(params: dict[str, list[str]]) -> None:
    if params != _url():
        st.query_params.from_dict(params)
    st.session_state[Keys.URL] = params
