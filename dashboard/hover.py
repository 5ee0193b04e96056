"""What hovering a timeline mark shows (pure): each event's hover text, escaped, and the arrays Plotly carries it in.

Hover texts and ids travel as :class:`Texts` arrays, which Plotly copies cheaply however many marks a view has.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .figures import escape

HOVER = "%{hovertext}<extra></extra>"
HOVER_COLUMN = "_hover"
"""The frame column of each event's hover text (:func:`hover_text`), made where it is missing."""


class Texts(np.ndarray):
    """An object array of ``str`` whose deep copy is a copy of the array.

    Plotly deep-copies every trace property when it builds a figure and again when it serialises
    it; for a plain object array that is one Python call per element, most of the time a timeline
    of thousands of events takes. Its elements are immutable strings, so copying the references is
    a deep copy. Plotly's validators keep the subclass (their copies are ``ndarray.copy``).
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> Texts:
        return self.copy()


def text_array(values: Any) -> Texts:
    """``values`` (strings) as a :class:`Texts` array of the same shape."""
    return np.asarray(values, dtype=object).view(Texts)


def escape_all(texts: pd.Series) -> pd.Series:
    """:func:`dashboard.figures.escape` of every text of ``texts`` (missing values read as ``"None"``/``"nan"``)."""
    if texts.hasnans:
        return texts.map(escape)
    texts = texts.astype(str)
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        texts = texts.str.replace(char, entity, regex=False)
    return texts


def hover_text(frame: pd.DataFrame) -> pd.Series:
    """Each event's hover text: date label, title and actors, escaped."""
    if "actor_names" in frame:
        actors = pd.Series([", ".join(names) for names in frame["actor_names"]], index=frame.index, dtype=object)
    else:
        actors = pd.Series("", index=frame.index, dtype=object)
    return escape_all(frame["date_label"]) + "<br><b>" + escape_all(frame["title"]) + "</b><br>" + escape_all(actors)


def hover_columns(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per mark: ``customdata`` (one column, the event id) and the hover text."""
    ids = rows["id"].to_numpy(dtype=object).reshape(-1, 1)
    return text_array(ids), text_array(rows[HOVER_COLUMN].to_numpy(dtype=object))
