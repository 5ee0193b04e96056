"""The Export tab: downloads of the current view (charts and data)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from .filters import Filters, View
from .loading import Loaded


def show(loaded: Loaded, frame: pd.DataFrame, filters: Filters, view: View) -> None:
    """Download buttons for the filtered events."""
    st.download_button(
        "Filtered events (CSV)",
        frame.drop(columns=["quotes"]).to_csv(index=False).encode("utf-8"),
        file_name="events.csv",
        mime="text/csv",
    )
