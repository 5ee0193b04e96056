"""The place filter: a place of the record named exactly (its id, name or an alias) keeps the events at it
or at any place within it; other text keeps the events whose place, in words or by name, holds it (pure)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .base import rows_by_id
from .text import Haystack, fold

_LISTS = ("place_names",)


def place_texts(frame: pd.DataFrame) -> list[str]:
    """Text the place filter searches, one string a row: the place in words, then its places' names and aliases."""
    words = frame["place"].fillna("").astype(str).tolist() if "place" in frame else [""] * len(frame)
    if "place_names" not in frame:
        return words
    return ["\n".join([w, *names]) for w, names in zip(words, frame["place_names"].tolist(), strict=True)]


def _terms(frame: pd.DataFrame) -> pd.Series:
    """Each event's exact place terms: the folded id, name and aliases of each place it is at or within."""
    if "place_within" not in frame or "place_names" not in frame:
        return pd.Series([[] for _ in range(len(frame))], index=frame.index, dtype=object)
    return pd.Series(
        [
            list(dict.fromkeys([*map(fold, ids), *map(fold, names)]))
            for ids, names in zip(frame["place_within"].tolist(), frame["place_names"].tolist(), strict=True)
        ],
        index=frame.index,
        dtype=object,
    )


class PlaceMatch:
    """What the place filter needs of a frame: its rows by exact place term, and its place text."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.by_term: dict[str, np.ndarray] = rows_by_id(_terms(frame))
        self.text = Haystack.of(place_texts(frame))

    def keep(self, query: str, mask: np.ndarray) -> None:
        """Clear the rows of ``mask`` that ``query`` does not find (see the module's docstring)."""
        exact = self.by_term.get(fold(query.strip()))
        if exact is not None:
            hit = np.zeros(len(mask), dtype=bool)
            hit[exact] = True
            mask &= hit
        else:
            self.text.keep_matching(query, mask)


def prepare_places(frame: pd.DataFrame) -> Any:
    """The place filter's :class:`PlaceMatch` of a frame."""
    return PlaceMatch(frame)
