"""Lanes busier than the page can draw (pure): how many rows each keeps, and counts per period of the rest.

The busiest lanes are cut first: a lane cut at ``c`` rows draws its first ``c - 1`` and counts the
events of the others, one count per calendar period (month, year, 5 or 10 years, …) on its last row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .packing import Scale

CLUSTER_COLUMNS = ["lane", "y", "x0", "x1", "first", "last", "count"]

CLUSTER_MIN_PX = 72.0
"""Narrowest period a lane's count of events not drawn one by one is given."""


def lane_caps(per_row: list[np.ndarray], max_rows: int | None, max_marks: int | None) -> list[int]:
    """Most rows per lane (the last of a cut lane counts what is left out), so all lanes fit both bounds.

    ``per_row[k][r]`` is how many marks row ``r`` of lane ``k`` holds when packed alone. The cap
    ``c`` is the largest with ``sum(min(need, c)) + lanes <= max_rows`` whose lanes draw at most
    ``max_marks`` marks (a lane cut at ``c`` draws its first ``c - 1`` rows): quiet lanes keep
    all their rows and only the busiest are cut.
    """
    needed = [len(rows) for rows in per_row]
    firsts = [np.concatenate(([0], np.cumsum(rows))) for rows in per_row]  # marks on the first r rows

    def fits(cap: int) -> bool:
        rows = sum(min(n, cap) for n in needed) + len(needed)
        marks = sum(int(f[n]) if n <= cap else int(f[cap - 1]) for n, f in zip(needed, firsts, strict=True))
        return (max_rows is None or rows <= max_rows) and (max_marks is None or marks <= max_marks)

    top = max(needed, default=1)
    if fits(top):
        return list(needed)
    lo, hi = 2, top
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    return [min(n, lo) for n in needed]


def _bin_unit(scale: Scale) -> int:
    """Months per period of the counts of events not drawn: the shortest at least ``CLUSTER_MIN_PX`` wide."""
    for months in (1, 12, 60, 120, 600, 1200):
        if months * 30.44 * scale.px_per_day >= CLUSTER_MIN_PX:
            return months
    return 12_000


def clusters(rows: pd.DataFrame, hidden: dict[str, np.ndarray], lane_y: dict[str, int], scale: Scale) -> pd.DataFrame:
    """Per lane with events not drawn, one count per calendar period (month, year, 5 or 10 years, …) they start in."""
    if not hidden:
        return pd.DataFrame(columns=CLUSTER_COLUMNS)
    months = _bin_unit(scale)
    origin = pd.Timestamp(scale.start)
    first_day, last_day = origin, pd.Timestamp(scale.end)
    out = []
    for lane, idx in hidden.items():
        starts = rows["start"].to_numpy()[idx].astype("datetime64[M]").astype("int64")  # months since 1970-01
        starts = np.maximum(starts, np.datetime64(first_day, "M").astype("int64"))
        keys, counts = np.unique(starts // months, return_counts=True)
        for key, count in zip(keys.tolist(), counts.tolist(), strict=True):
            lo = max(pd.Timestamp(np.datetime64(key * months, "M")), first_day)
            hi = min(pd.Timestamp(np.datetime64((key + 1) * months, "M")) - pd.Timedelta(days=1), last_day)
            x0 = (lo - origin).days
            x1 = (hi - origin).days + 1
            out.append((lane, lane_y[lane], float(x0), float(x1), lo, hi, int(count)))
    return pd.DataFrame(out, columns=CLUSTER_COLUMNS)
