"""How a date of each precision is shown (pure): drawn solid or light, written out in the drawer, and given
to other tools no finer than it is known.

A record's dates come with a precision (``day``, ``month``, ``season``, ``year``, ``decade`` or ``span``,
see :data:`loaders.dates.PRECISIONS`) and inclusive first and last days.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from loaders import DateValue
from loaders.dates import calendar_unit

SOLID = "day"
"""The precision drawn as a solid mark; a date of any other precision is a lighter bar over the days it covers."""

DRAWING = (
    f"Solid marks are events dated to the {SOLID}; lighter bars are imprecise dates drawn over the days they "
    "cover (very short ones widened to be seen)."
)
"""How the timeline draws dates, in words."""


def solid(precisions: pd.Series) -> np.ndarray:
    """Which of the dates of these ``precisions`` are drawn solid."""
    return (precisions == SOLID).to_numpy()


def date_text(d: DateValue) -> str:
    """A date as the event drawer gives it: its label, precision and first and last day."""
    return f"{d.label} ({d.precision} precision; {d.start.isoformat()} to {d.end.isoformat()})"


def date_parts(start: date, end: date, precision: str) -> tuple[dict[str, str], dict[str, str] | None]:
    """A date as ``year``, ``month`` and ``day`` parts, no finer than known: the first day's, and the last
    day's where it differs (None for a single day, month or year).

    Day, month and year precision give one date with that many parts. Seasons, decades and
    spans give a start and an end, each in whole years when the bounds are whole years, in
    whole months when they are whole months, else in days (:func:`loaders.dates.calendar_unit`).
    """

    def parts(d: date, unit: str) -> dict[str, str]:
        out = {"year": str(d.year)}
        if unit in ("month", "day"):
            out["month"] = str(d.month)
        if unit == "day":
            out["day"] = str(d.day)
        return out

    if precision in ("day", "month", "year"):
        return parts(start, precision), None
    unit = calendar_unit(start, end)
    first, last = parts(start, unit), parts(end, unit)
    return first, (last if last != first else None)
