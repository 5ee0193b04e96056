"""Loading the record for the app, cached and invalidated when any of its files changes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from loaders import RecordError, load_record
from loaders.progress import Progress, silent, throttled

from .loading import Failed, Loaded, file_signature, folder_signature, prepare, record_path
from .opening import RecordStore, stages
from .render import md_escape


@st.cache_resource(show_spinner=False)
def _records() -> RecordStore[Loaded | Failed]:
    # one store for every session: a read-only Loaded shared without copying it; a record that fails is
    # remembered too, so a broken record is not checked again on every page
    return RecordStore(max_entries=4)


def _open(path: str, progress: Progress) -> Loaded | Failed:
    loading, preparing = stages(progress)
    try:
        return prepare(load_record(Path(path), progress=loading), preparing)
    except RecordError as exc:
        return Failed(tuple(str(p) for p in exc.problems), "", folder_signature(Path(path).parent))
    except OSError as exc:
        return Failed((), str(exc), folder_signature(Path(path).parent))


def _load(path: str, signature: tuple) -> Loaded | Failed:
    """The record at ``path`` as the store holds it; opened, with a progress bar, when it does not hold it."""
    store, key = _records(), (path, signature)
    if key in store:
        return store.get(key, lambda: _open(path, silent))
    bar = st.progress(0.0, text="Opening the record…")
    try:
        return store.get(key, lambda: _open(path, throttled(lambda stage, done: bar.progress(done, text=f"{stage}…"))))
    finally:
        bar.empty()


def _current(path: Path) -> Loaded | Failed:
    """The stored load of ``path``, loaded again when the record or any file it depends on changed."""
    result = _load(str(path), file_signature([path]))
    if isinstance(result, Failed):
        stale = folder_signature(path.parent) != result.folder_signature
    else:
        stale = file_signature(Path(entry[0]) for entry in result.source_signature) != result.source_signature
    if stale:
        _records().clear()
        result = _load(str(path), file_signature([path]))
    return result


def load_or_stop() -> Loaded:
    """The record named on the command line or in $MEK_TIMELINE_RECORD; on problems, show them and stop."""
    result = _current(record_path(sys.argv))
    if isinstance(result, Loaded):
        if result.record.cache_note:
            st.caption(
                "The checked record could not be cached, so it is read in full at each start: "
                + md_escape(result.record.cache_note)
            )
        return result
    _show_failed(result)
    raise AssertionError("st.stop() ends the run")


def _show_failed(result: Failed) -> None:
    """The page of a record that cannot be shown: its problems (or why it could not be read); the run stops."""
    if result.problems:
        n = len(result.problems)
        found = "1 problem found. Fix it" if n == 1 else f"{n} problems found. Fix them"
        st.error(f"This record cannot be shown: {found} and reload.")
        st.code("\n".join(result.problems), language=None, wrap_lines=True)
        st.caption("The same list comes from the command line: mek-timeline validate PATH")
    else:
        st.error("The record could not be read.")
        st.code(result.error, language=None, wrap_lines=True)
    st.stop()


RELOADS_IN_A_ROW = 3
"""Reloads after a changed source before its problem is shown where it was met instead."""


@contextmanager
def reload_on_change() -> Iterator[None]:
    """Wrap a part of the page that reads source texts: a source changed since loading reloads the record.

    Every source text is checked against the hash it was validated with when it is read; one
    that changed raises :class:`RecordError`. The loaded record is then dropped and the whole page
    runs again, so it shows the record as it is now, or the validator's messages when it no
    longer validates. Should files keep changing under :data:`RELOADS_IN_A_ROW` reloads in a
    row, the problem is shown as the problem page, here; never a traceback.
    """
    try:
        yield
    except RecordError as exc:
        _records().clear()
        reloads = st.session_state.get(Keys.RELOADS, 0)
        if reloads < RELOADS_IN_A_ROW:
            st.session_state[Keys.RELOADS] = reloads + 1
            st.rerun(scope="app")
        st.session_state[Keys.RELOADS] = 0
        _show_failed(Failed(tuple(str(p) for p in exc.problems), "", ()))
    else:
        st.session_state[Keys.RELOADS] = 0


class Keys:
    """Every session-state key the app reads or writes, in one place."""

    EVENT = "event"
    """The chosen event's id (set by a click on the timeline, the table, the picker or the URL)."""
    LANES = "v_lanes"
    COLOR = "v_color"
    STACK = "v_stack"
    SOURCE = "v_source"
    READING = "v_reading"
    """The document open in the event drawer: ``{"event", "source", "offset"}``, or None."""
    HISTORY = "v_history"
    """Events opened before the current one, for the drawer's Back."""
    PICKER = "v_pick"
    TAB = "v_tab"
    """The tab in view (only its content is made)."""
    TIMELINE = "timeline"
    MEASURE = "_measure_width"
    """The main column's width in the browser, in CSS pixels, as the page measured it."""
    TABLE = "table"
    PER_YEAR = "per_year"
    IMAGES = "x_images"
    """Rendered images with the key of the view they were made for."""
    RESTORED = "_restored"
    """Set once the widgets have been set from the URL (at the session's first run)."""
    RELOADS = "_reloads"
    """How many times in a row the page was run again because a source changed under it."""
    URL = "_url"
    """The query parameters the app last wrote or restored its view from: a URL that differs from them at the
    start of a run is the reader's own navigation (the browser's Back or Forward)."""
    NOTICES = "_notices"
    """What the URL held that was ignored, as notes for the sidebar."""
    PERIOD = "f_period"
    """The chosen period, its first and last day: what every period widget sets and shows."""
    EXACT = "f_exact"
    FROM = "f_from"
    TO = "f_to"
    """The exact-dates toggle and its two typed days (YYYY-MM-DD), shown instead of the years slider."""
    PRESET = "f_preset"
    """The period preset matching the chosen period, if any."""
    GOTO = "f_goto"
    """The "Go to" box: a period typed in any form the record's dates may take."""
    PERIOD_ERROR = "f_period_error"
    """The box typed in and why what was typed there was not used, shown once under it."""


LANE_CHOICES = ("Actor", "Category")
COLOR_CHOICES = ("Category", "Perspective")
STACK_CHOICES = ("Category", "Perspective")


def chosen_event() -> str | None:
    """The chosen event's id, if any."""
    value = st.session_state.get(Keys.EVENT)
    return str(value) if value else None


def choose_event(event_id: str | None) -> None:
    """Make ``event_id`` the chosen event (nothing happens for None or "")."""
    if event_id:
        st.session_state[Keys.EVENT] = event_id


def open_document(event_id: str | None) -> tuple[str | None, int | None]:
    """The document open in ``event_id``'s drawer and the offset it was opened at, or ``(None, None)``."""
    reading = st.session_state.get(Keys.READING)
    if not event_id or not reading or reading.get("event") != event_id:
        return None, None
    return reading.get("source"), reading.get("offset")


def choice(key: str, choices: tuple[str, ...]) -> str:
    """The lower-cased value of a radio widget's key, or its first choice before the widget exists."""
    value = st.session_state.get(key)
    return str(value if value in choices else choices[0]).lower()


def selection(key: str, part: str) -> list:
    """The ``points`` or ``rows`` of a chart's or table's selection event."""
    event = st.session_state.get(key) or {}
    return list(event.get("selection", {}).get(part, []))
