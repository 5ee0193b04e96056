"""The events frame: one row per event, built column by column from the validated events."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from .cache import FRAME_COLUMNS
from .dates import DateValue
from .schema import Citation, Event, summary_sentences, summary_text
from .voice import Voice


def events_frame(
    events: list[Event], dates: dict[str, DateValue], voice_of: Callable[[Citation], Voice]
) -> pd.DataFrame:
    """The frame of :meth:`loaders.Record.events_frame` (columns :data:`loaders.cache.FRAME_COLUMNS`).

    ``voice_of`` gives each citation's voice (its perspective and speaker).
    """
    if not events:
        frame = pd.DataFrame([], columns=list(FRAME_COLUMNS))
        for col in ("start", "end"):
            frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
        return frame
    with gc_paused():
        return _build(events, dates, voice_of)


def _build(events: list[Event], dates: dict[str, DateValue], voice_of: Callable[[Citation], Voice]) -> pd.DataFrame:
    # column by column: many times faster than a DataFrame of one dict per row
    days = [dates[e.id] for e in events]
    voices = [[voice_of(c) for c in e.citations] for e in events]
    columns: dict[str, Any] = {
        "id": [e.id for e in events],
        "title": [e.title for e in events],
        "summary": [summary_text(e.summary) for e in events],
        "sentences": [summary_sentences(e.summary) for e in events],
        "start": _days(d.start for d in days),
        "end": _days(d.end for d in days),
        "precision": [d.precision for d in days],
        "date_label": [d.label for d in days],
        "date_text": [d.text for d in days],
        "date_basis": [e.date_basis or "" for e in events],
        "category": [e.category for e in events],
        "actors": [list(e.actors) for e in events],
        "perspectives": [list(dict.fromkeys(v.perspective for v in vs)) for vs in voices],
        "speakers": [list(dict.fromkeys(v.speaker.id for v in vs if v.speaker)) for vs in voices],
        "sources": [list(dict.fromkeys(c.source for c in e.citations)) for e in events],
        "contested": [e.contested is not None for e in events],
        "contested_note": [e.contested or "" for e in events],
        "n_citations": [len(e.citations) for e in events],
        "weight": [e.weight for e in events],
        "place": [e.place or "" for e in events],
        "places": [list(e.places) for e in events],
        "tags": [list(e.tags) for e in events],
    }
    return pd.DataFrame(columns)


def _days(days: Iterable[date]) -> np.ndarray:
    """Dates as a ``datetime64[s]`` array (through day ordinals: no per-item parsing)."""
    ordinals = np.fromiter((d.toordinal() for d in days), dtype=np.int64)
    return (ordinals - _EPOCH_ORDINAL).astype("datetime64[D]").astype("datetime64[s]")


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a record or its frame.

    Loading allocates millions of small objects that all survive until it ends; meanwhile the
    collector would walk them again and again (about 40 % of the load time at 10,000 events).
    What is built is freed by reference counting; any cyclic garbage is collected once
    collection resumes. The collector is restarted only by the call that paused it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
