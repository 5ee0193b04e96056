"""The events frame the dashboard shows, filters and exports (pure, no Streamlit)."""

from __future__ import annotations

import pandas as pd

from loaders import Record


def events_frame(record: Record) -> pd.DataFrame:
    """The record's events frame with the columns the dashboard shows and searches.

    Adds to :meth:`loaders.Record.events_frame`: ``category_label`` (after ``category``),
    ``actor_names`` (after ``actors``, in the same order), ``speaker_names`` (after ``speakers``)
    ``actor_aliases`` (every alias of the event's actors) and ``quotes`` (last: every quote of
    the event, one per line); the last two are for the free-text search.
    """
    frame = record.events_frame()
    categories = {k: c.label for k, c in record.categories.items()}
    names = {k: a.name for k, a in record.actors.items()}
    events = record.events
    frame.insert(frame.columns.get_loc("category") + 1, "category_label", [categories[e.category] for e in events])
    frame.insert(frame.columns.get_loc("actors") + 1, "actor_names", [[names[a] for a in e.actors] for e in events])
    speakers = {k: s.name for k, s in record.speakers.items()}
    frame.insert(
        frame.columns.get_loc("speakers") + 1, "speaker_names", [[speakers[s] for s in ss] for ss in frame["speakers"]]
    )
    aliases = {k: list(a.aliases) for k, a in record.actors.items()}
    frame["actor_aliases"] = [[x for a in e.actors for x in aliases[a]] for e in events]
    frame["quotes"] = ["\n".join(c.quote for c in e.citations) for e in events]
    return frame
