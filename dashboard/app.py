"""Streamlit entry point: ``streamlit run dashboard/app.py``."""

import os
from pathlib import Path

import streamlit as st

from loaders import RecordError, load_record

st.set_page_config(page_title="Source-linked timeline", layout="wide")
path = Path(os.environ.get("MEK_TIMELINE_RECORD", "events.yaml"))
try:
    record = load_record(path)
except RecordError as exc:
    st.error("The record has problems:\n\n" + "\n".join(f"- `{p}`" for p in exc.problems))
    st.stop()
st.title(record.title)
st.write(record.summary())
st.dataframe(record.events_frame()[["date_label", "title", "category_label"]])
