"""The events frame the dashboard shows, filters and exports (pure, no Streamlit)."""

from __future__ import annotations

import pandas as pd

from loaders import Record
from loaders.places import ancestors


def events_frame(record: Record) -> pd.DataFrame:
    """The record's events frame with the columns the dashboard shows and searches.

    Adds to :meth:`loaders.Record.events_frame`: ``category_label`` (after ``category``),
    ``actor_names`` (after ``actors``, in the same order), ``speaker_names`` (after ``speakers``)
    ``actor_aliases`` (every alias of the event's actors), ``place_within`` (the ids of the event's
    places and of every place they lie in), ``place_names`` (the names and aliases of those places)
    and ``quotes`` (last: every quote of the event, one per line); aliases, names and quotes are
    for the free-text and place filters.
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
    within = {pid: [pid, *ancestors(pid, record.places)] for pid in record.places}
    names = {pid: [p.name, *p.aliases] for pid, p in record.places.items()}
    frame["place_within"] = [list(dict.fromkeys(w for pid in ids for w in within[pid])) for ids in frame["places"]]
    frame["place_names"] = [[n for pid in ids for n in names[pid]] for ids in frame["place_within"]]
    frame["quotes"] = record.event_quotes()
    return frame
