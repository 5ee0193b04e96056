"""The timeline's lanes (pure): one row per event and lane, lanes in order, the busiest kept, and which events
are titled first where not all titles fit.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .figures import Labels


def lane_rows(frame: pd.DataFrame, lanes: str, labels: Labels) -> pd.DataFrame:
    """One row per (event, lane): an event with several actors appears in each actor's lane.

    ``lane`` is the lane's name as shown, ``lane_key`` the actor's or category's id.
    """
    if lanes == "actor":
        rows = frame.explode("actors").dropna(subset=["actors"])
        names = {a: labels.actors.get(a, a) for a in rows["actors"].unique()}
        return rows.assign(lane=rows["actors"].map(names), lane_key=rows["actors"])
    names = {c: labels.categories.get(c, c) for c in frame["category"].unique()}
    return frame.assign(lane=frame["category"].map(names), lane_key=frame["category"])


def salience(frame: pd.DataFrame) -> pd.Series:
    """Which events are titled first where not all titles fit: higher first.

    The curator's ``weight`` (where the record gives one) counts most, then whether the sources
    disagree about the event (``contested``), then how many passages it cites.
    """
    weight = frame["weight"].fillna(0).astype("float64") if "weight" in frame else 0.0
    contested = frame["contested"].astype("float64") if "contested" in frame else 0.0
    cited = frame["n_citations"].clip(upper=99).astype("float64") if "n_citations" in frame else 0.0
    return pd.Series(weight * 10_000 + contested * 100 + cited, index=frame.index, dtype="float64")


def lane_order(rows: pd.DataFrame, max_lanes: int | None = None, chosen: Sequence[str] = ()) -> list[str]:
    """Lanes ordered by their first event (then by name); lanes with no events do not appear.

    The lanes of ``chosen`` keys (``lane_key``: actors or categories the reader chose) come first, in that
    order. With ``max_lanes``, only the chosen lanes and those with the most events are kept (ties go to the
    earlier lane).
    """
    grouped = rows.groupby("lane", sort=False)
    first = grouped["start"].min()
    lanes = sorted(first.index, key=lambda lane: (first[lane], lane))
    named = dict(zip(rows["lane_key"], rows["lane"], strict=True)) if chosen and "lane_key" in rows else {}
    top = list(dict.fromkeys(named[key] for key in chosen if key in named))
    if max_lanes is not None and len(lanes) > max_lanes:
        sizes = grouped.size()
        busiest = sorted(lanes, key=lambda lane: (-sizes[lane], first[lane], lane))
        keep = set(top) | set([lane for lane in busiest if lane not in top][: max(0, max_lanes - len(top))])
        lanes = [lane for lane in lanes if lane in keep]
    return top + [lane for lane in lanes if lane not in top]


def drawn_lanes(
    frame: pd.DataFrame, lanes: str, labels: Labels, max_lanes: int | None, chosen: Sequence[str] = ()
) -> tuple[pd.DataFrame, list[str], int]:
    """One row per event and lane drawn, the lanes in order, and how many lanes there were in all."""
    rows = lane_rows(frame, lanes, labels).reset_index(drop=True)
    all_lanes = rows["lane"].nunique() if len(rows) else 0
    order = lane_order(rows, max_lanes, chosen) if len(rows) else []
    if len(order) < all_lanes:
        rows = rows[rows["lane"].isin(set(order))].reset_index(drop=True)
    return rows, order, all_lanes
