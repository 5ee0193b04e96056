"""Filtering the events frame, with what each kind needs of it computed once (pure, no Streamlit).

Filters combine with AND across kinds and OR within a kind (any of the chosen actors, any of
the chosen categories, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .kinds import KINDS
from .values import Filters


@dataclass(frozen=True)
class FilterIndex:
    """What filtering needs of a frame, computed once: each kind's prepared part, by kind name."""

    parts: Mapping[str, Any]

    def __getitem__(self, kind: str) -> Any:
        return self.parts[kind]


def build_index(frame: pd.DataFrame) -> FilterIndex:
    """The :class:`FilterIndex` of a frame (for callers that filter it repeatedly)."""
    return FilterIndex({kind.name: kind.prepare(frame) for kind in KINDS})


def apply_filters(frame: pd.DataFrame, filters: Filters, index: FilterIndex | None = None) -> pd.DataFrame:
    """The rows of ``frame`` that pass every filter (AND across kinds, OR within a kind).

    An event passes the period filter when its date span overlaps the chosen period; text
    filters ignore case and search only rows the other filters kept. ``index`` is the frame's
    :func:`build_index`, for callers that filter the same frame repeatedly.
    """
    if filters.is_empty():
        return frame
    ix = index if index is not None else build_index(frame)
    mask = np.ones(len(frame), dtype=bool)
    for kind in KINDS:
        if kind.active(filters):
            kind.narrow(filters, ix[kind.name], mask)
    return frame[mask]
