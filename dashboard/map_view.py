"""The Map tab: where the filtered events happened; clicking a place filters to it (widgets only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from .filters import View
from .filters.kinds import PLACE
from .geo import APP_TOPOJSON_URL
from .loading import Loaded
from .map_figure import map_data, map_figure, map_note, place_of, selected_anchors
from .render import md_escape
from .state import selection

KEY = "map"


def _place_picked(loaded: Loaded) -> None:
    """A click on a mark or a shaded country: the place filter is set to that place's name (the URL follows)."""
    for point in selection(KEY, "points"):
        place = place_of(point)
        if place in loaded.record.places:
            st.session_state[PLACE.widget.key] = loaded.record.places[place].name
            return


def show(loaded: Loaded, frame: pd.DataFrame, view: View) -> None:
    """The map of the filtered events, the open event's places outlined, and what it cannot show."""
    if not loaded.record.places:
        st.info("This record names no places: give it a places section and events' places to draw a map.")
        return
    if not st.get_option("server.enableStaticServing"):
        st.warning(
            "The map's shapes are served from the app's own static folder, which this server does not serve: "
            "start it with `mek-timeline serve`, or with `--server.enableStaticServing true`."
        )
        return
    data = map_data(frame, loaded.map_places, loaded.labels, color=view.color)
    opened = selected_anchors(loaded.map_places, _places_of(frame, view.event))
    fig = map_figure(data, loaded.labels, color=view.color, selected=opened)
    st.plotly_chart(
        fig,
        key=KEY,
        on_select=lambda: _place_picked(loaded),
        selection_mode=("points",),
        theme=None,
        config={"displaylogo": False, "scrollZoom": False, "topojsonURL": APP_TOPOJSON_URL},
    )
    st.caption(md_escape(map_note(data, view.color)))


def _places_of(frame: pd.DataFrame, event_id: str | None) -> list[str]:
    if not event_id:
        return []
    rows = frame.loc[frame["id"].to_numpy() == event_id, "places"]
    return list(rows.iloc[0]) if len(rows) else []
