"""The Streamlit dashboard and its pure figure, filter and export helpers."""
