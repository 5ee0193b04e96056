"""Loading the record for the app, cached and invalidated when any of its files changes."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

from loaders import RecordError, load_record

from .loading import Loaded, file_signature, prepare, record_path


@st.cache_resource(show_spinner="Loading and checking the record…", max_entries=4)
def _load(path: str, signature: tuple) -> Loaded:
    # cache_resource shares one read-only Loaded across reruns and sessions without copying it
    return prepare(load_record(Path(path)))


def load_or_stop() -> Loaded:
    """The record named on the command line or in $MEK_TIMELINE_RECORD; on problems, show them and stop."""
    path = record_path(sys.argv)
    try:
        loaded = _load(str(path), file_signature([path]))
        if file_signature(Path(p) for p, _, _ in loaded.source_signature) != loaded.source_signature:
            _load.clear()
            loaded = _load(str(path), file_signature([path]))
    except RecordError as exc:
        n = len(exc.problems)
        st.error(f"This record cannot be shown: {n} problem{'s' if n != 1 else ''} found. Fix them and reload.")
        st.code("\n".join(str(p) for p in exc.problems), language=None, wrap_lines=True)
        st.caption("The same list comes from the command line: mek-timeline validate PATH")
        st.stop()
    except OSError as exc:
        st.error("The record could not be read.")
        st.code(str(exc), language=None, wrap_lines=True)
        st.stop()
    return loaded
