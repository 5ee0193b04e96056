"""The main area's views: timeline, events per year, table, the event picker, and what shows when nothing is found.

The event drawer and the source reader are in :mod:`dashboard.event_view`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from . import sidebar
from .export import Selection, view_file_name
from .figures import per_year_figure
from .filters import Filters, View
from .filters.kinds import TEXT
from .filters.text import suggest
from .loading import Loaded
from .render import legend_html, text_html
from .state import (
    COLOR_CHOICES,
    LANE_CHOICES,
    STACK_CHOICES,
    Keys,
    choose_event,
    chosen_event,
    selection,
)
from .timeline import (
    APP_MARKS,
    MAX_LANES,
    legend_items,
    record_period,
    shown_period,
    timeline_figure,
    timeline_meta,
    timeline_note,
)
from .zoom import TOOLBAR_WIDTH, app_width, box_zoom, cluster_zoom, drawn_width, selected_event


def view_controls() -> View:
    """Lane and colour toggles; the selected event."""
    c1, c2 = st.columns(2)
    lanes = c1.radio("Lanes", LANE_CHOICES, key=Keys.LANES, horizontal=True)
    color = c2.radio("Colour by", COLOR_CHOICES, key=Keys.COLOR, horizontal=True)
    return View(lanes=lanes.lower(), color=color.lower(), event=chosen_event())


_measure = components.declare_component("column_width", path=str(Path(__file__).with_name("measure")))


def column_width() -> int:
    """The width of the main column in the browser, as last measured by :func:`measure_column`.

    Until the browser has said, the width a page of its kind usually has.
    """
    measured = drawn_width(st.session_state.get(Keys.MEASURE))
    return measured or app_width(st.context.headers.get("User-Agent"))


def measure_column() -> None:
    """An invisible element that reports the column's width when it differs from the one laid out for."""
    _measure(known=column_width(), key=Keys.MEASURE, default=None)


def _chart_pick(fig: object, loaded: Loaded, lanes: str) -> None:
    """What a click or a box on the timeline asks for: an event opened, or a period (and lane) shown."""
    whole = record_period(loaded.record)
    boxes, points = selection(Keys.TIMELINE, "box"), selection(Keys.TIMELINE, "points")
    zoom = box_zoom(boxes, whole) or cluster_zoom(points, whole)
    if zoom is not None:
        sidebar.set_period(loaded, zoom.start, zoom.end)
        if zoom.lane:
            sidebar.show_lane(lanes, zoom.lane)
        return
    choose_event(selected_event(fig, points))


def timeline(loaded: Loaded, frame: pd.DataFrame, view: View, filters: Filters) -> None:
    """The timeline over the filtered period; clicking a mark opens its event, a box or a count zooms."""
    width = column_width()
    if frame.empty:
        st.info("No events match these filters.")
        measure_column()
        return
    whole = record_period(loaded.record)
    period = shown_period(loaded.record, filters.start, filters.end)
    shown = Selection(loaded.record, frame, loaded.labels, filters, view)
    fig = timeline_figure(
        frame,
        loaded.labels,
        lanes=view.lanes,
        color=view.color,
        max_lanes=MAX_LANES,
        period=period,
        selected=view.event,
        overview=whole,
        legend=False,
        width=width,
        toolbar=width >= TOOLBAR_WIDTH,
        max_marks=APP_MARKS,
        chosen_lanes=filters.actors if view.lanes == "actor" else (),
    )
    st.plotly_chart(
        fig,
        key=Keys.TIMELINE,
        on_select=lambda: _chart_pick(fig, loaded, view.lanes),
        selection_mode=("points", "box"),
        theme=None,
        config={
            "displaylogo": False,
            "scrollZoom": False,  # the wheel scrolls the page; a box drawn over a period zooms
            "modeBarButtonsToRemove": ["lasso2d", "zoom2d", "zoomIn2d", "zoomOut2d", "autoScale2d"],
            "displayModeBar": "hover" if width >= TOOLBAR_WIDTH else False,
            # the camera's PNG is named after the view, as the Export tab's files are
            "toImageButtonOptions": {"filename": Path(view_file_name(shown, "png")).stem},
        },
    )
    st.html(legend_html(legend_items(frame, loaded.labels, view.color)))
    st.caption(timeline_note(timeline_meta(fig)))
    measure_column()


def per_year(loaded: Loaded, frame: pd.DataFrame) -> None:
    """Events per year, stacked by category or perspective."""
    if frame.empty:
        st.info("No events match these filters.")
        return
    by = st.radio("Stack by", STACK_CHOICES, key=Keys.STACK, horizontal=True).lower()
    st.plotly_chart(per_year_figure(frame, loaded.labels, by=by), key=Keys.PER_YEAR, config={"displaylogo": False})


def table(loaded: Loaded, frame: pd.DataFrame) -> None:
    """The filtered events as a sortable table; selecting a row opens the event."""
    names = loaded.labels.perspectives
    shown = pd.DataFrame(
        {
            "start": frame["start"],
            "date": frame["date_label"],
            "title": frame["title"],
            "category": frame["category_label"],
            "actors": frame["actor_names"].map(", ".join),
            "perspectives": frame["perspectives"].map(lambda ps: ", ".join(names.get(p, p) for p in ps)),
            "speakers": frame["speaker_names"].map(", ".join),
            "contested": frame["contested"],
            "citations": frame["n_citations"],
            "id": frame["id"],
        }
    )

    def on_select() -> None:
        rows = selection(Keys.TABLE, "rows")
        if rows:
            choose_event(str(shown.iloc[rows[0]]["id"]))

    st.dataframe(
        shown,
        key=Keys.TABLE,
        hide_index=True,
        on_select=on_select,
        selection_mode="single-row",
        column_config={
            "start": st.column_config.DateColumn("From", format="YYYY-MM-DD", help="First day the date covers"),
            "date": st.column_config.TextColumn("Date", help="As precise as the sources allow"),
            "title": st.column_config.TextColumn("Title", width="large"),
            "category": st.column_config.TextColumn("Category"),
            "actors": st.column_config.TextColumn("Actors"),
            "perspectives": st.column_config.TextColumn("Perspectives cited"),
            "contested": st.column_config.CheckboxColumn("Contested"),
            "citations": st.column_config.NumberColumn("Citations"),
            "id": st.column_config.TextColumn("Id"),
        },
    )
    st.caption(
        "Click a column header to sort. To open an event, tick its row, "
        "or move to it with the arrow keys and press Shift+Space."
    )


def event_picker(loaded: Loaded, frame: pd.DataFrame) -> str | None:
    """A select box of the filtered events; returns the selected event id."""
    ids = list(frame["id"])
    current = chosen_event()
    if current and current not in ids and current in loaded.vocab.events:
        ids = [current, *ids]
    if not ids:
        st.selectbox("Event", [], placeholder="No event in this view", disabled=True, key="v_pick_none")
        return None
    if st.session_state.get(Keys.PICKER) != current:
        st.session_state[Keys.PICKER] = current if current in ids else None  # follow clicks elsewhere
    st.selectbox(
        "Event",
        ids,
        format_func=lambda i: loaded.picker_labels.get(i, i),
        index=None,
        placeholder="Choose an event, or click one in the timeline or table",
        key=Keys.PICKER,
        on_change=lambda: choose_event(st.session_state.get(Keys.PICKER)),
    )
    return chosen_event()


NOTHING_STYLE = "margin:0.2rem 0;font-size:1rem;"


def nothing_found(loaded: Loaded, filters: Filters, frame: pd.DataFrame) -> None:
    """Where the reader is looking, when no event is left: why, close spellings of a search that finds
    nothing ("did you mean"), and the ways back (clear the search, reset the filters)."""
    if not frame.empty or not len(loaded.frame):
        return
    text = filters.text.strip()
    found: list[str] = []
    if text and not _search_finds(loaded, text):
        found = suggest(text, loaded.search_terms)
        said = f"No event holds “{text}”." + (" Did you mean:" if found else "")
    else:
        said = "No events match these filters" + (" and this search." if text else ".")
    with st.container(key="nothing-found", border=True):
        st.html(text_html(said, "p", NOTHING_STYLE))
        with st.container(horizontal=True):
            for i, term in enumerate(found):
                st.button(term, key=f"suggest_{i}", on_click=_search_for, args=(term,), help=f"Search for {term}")
            if text:
                st.button("Clear search", key="clear_search", icon=":material/backspace:", on_click=_search_for,
                          args=("",))  # fmt: skip
            st.button("Reset filters", key="reset_all", icon=":material/filter_alt_off:",
                      on_click=sidebar.reset_filters, args=(loaded,))  # fmt: skip


def _search_finds(loaded: Loaded, text: str) -> bool:
    """True when some event of the record holds the search text (whatever the other filters)."""
    mask = np.ones(len(loaded.frame), dtype=bool)
    loaded.index[TEXT.name].keep_matching(text, mask)
    return bool(mask.any())


def _search_for(text: str) -> None:
    st.session_state[TEXT.widget.key] = text
