"""Filters of the events frame: one object per filter kind (pure, no Streamlit).

Each kind in :data:`KINDS` (:mod:`.kinds`) declares how it reads from and writes to the URL,
narrows the frame, describes itself, and its sidebar widget and ``export`` flags; the rest
of this package loops over them.
"""

from .base import MAX_TEXT, Field, FlagError, Kind, Widget
from .index import FilterIndex, apply_filters, build_index
from .kinds import KINDS
from .query import KNOWN_PARAMS, describe, from_query, to_query
from .values import COLORS, LANES, Filters, View, Vocab

__all__ = [
    "COLORS",
    "KINDS",
    "KNOWN_PARAMS",
    "LANES",
    "MAX_TEXT",
    "Field",
    "FilterIndex",
    "Filters",
    "FlagError",
    "Kind",
    "View",
    "Vocab",
    "Widget",
    "apply_filters",
    "build_index",
    "describe",
    "from_query",
    "to_query",
]
