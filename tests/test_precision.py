"""How a date of each precision is shown: drawn solid or light, written in the drawer, given no finer than known."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.precision import date_text, solid
from loaders import parse_date
from loaders.dates import calendar_unit


def test_only_dates_known_to_the_day_are_drawn_solid():
    assert solid(pd.Series(["day", "month", "season", "span"])).tolist() == [True, False, False, False]


def test_the_drawer_gives_a_date_with_its_precision_and_its_days():
    assert date_text(parse_date("1988-07")) == "July 1988 (month precision; 1988-07-01 to 1988-07-31)"


def test_the_calendar_unit_is_the_coarsest_the_bounds_are_whole_units_of():
    assert calendar_unit(date(1980, 1, 1), date(1989, 12, 31)) == "year"
    assert calendar_unit(date(1988, 7, 1), date(1988, 9, 30)) == "month"
    assert calendar_unit(date(1988, 7, 2), date(1988, 9, 30)) == "day"
    assert calendar_unit(date(1988, 2, 1), date(1988, 2, 28)) == "day"  # 1988 is a leap year
