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
    actors = frame["actors"]
    frame.insert(frame.columns.get_loc("category") + 1, "category_label", [categories[c] for c in frame["category"]])
    frame.insert(frame.columns.get_loc("actors") + 1, "actor_names", [[names[a] for a in ids] for ids in actors])
    speakers = {k: s.name for k, s in record.speakers.items()}
    frame.insert(
        frame.columns.get_loc("speakers") + 1, "speaker_names", [[speakers[s] for s in ss] for ss in frame["speakers"]]
    )
    aliases = {k: list(a.aliases) for k, a in record.actors.items()}
    frame["actor_aliases"] = [[x for a in ids for x in aliases[a]] for ids in actors]
    frame["quotes"] = record.event_quotes()
    return frame
