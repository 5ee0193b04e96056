"""Streamlit entry point: ``streamlit run dashboard/app.py [-- path/to/events.yaml]``.

Wiring only: widgets in, calls to the pure modules, views out.
"""

import streamlit as st

from dashboard import event_view, export_view, map_view, sidebar, views
from dashboard.filters import View, apply_filters
from dashboard.render import text_html
from dashboard.state import Keys, load_or_stop, open_document, reload_on_change

st.set_page_config(page_title="Source-linked timeline", layout="wide", initial_sidebar_state="auto")

loaded = load_or_stop()
with reload_on_change():  # a source that changed since loading reloads the record, never a traceback
    sidebar.restore_from_url(loaded)
    filters = sidebar.show(loaded)
    frame = apply_filters(loaded.frame, filters, loaded.index)

    st.html(text_html(loaded.record.title, "h2", "margin:0 0 0.2rem 0;"))
    st.html(f"<p id='event-count'><b>{len(frame)}</b> of {len(loaded.frame)} events</p>")
    views.nothing_found(loaded, filters, frame)
    view = views.view_controls()
    event_id = views.event_picker(loaded, frame)
    view = View(view.lanes, view.color, event_id, *open_document(event_id))

    # only the tab in view is made and sent (a tab chosen reruns the page), so a large record opens fast
    tab_timeline, tab_map, tab_year, tab_table, tab_sources, tab_export = st.tabs(
        ["Timeline", "Map", "Events per year", "Table", "Sources", "Export"], key=Keys.TAB, on_change="rerun"
    )
    if tab_timeline.open:
        with tab_timeline:
            views.timeline(loaded, frame, view, filters)
    if tab_map.open:
        with tab_map:
            map_view.show(loaded, frame, view)
    if tab_year.open:
        with tab_year:
            views.per_year(loaded, frame)
    if tab_table.open:
        with tab_table:
            views.table(loaded, frame)
    if tab_sources.open:
        with tab_sources:
            event_view.sources_tab(loaded, frame)
    if tab_export.open:
        with tab_export:
            export_view.show(loaded, frame, filters, view)
    if event_id:
        event_view.drawer(loaded, frame, event_id)

    sidebar.write_url(loaded, filters, view)
