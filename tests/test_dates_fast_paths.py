"""Fast paths for common date forms: bounds, precision and label written out by hand, and the same as the
general parsers (edtf, dateparser) give."""

from datetime import date

import pytest

from loaders import dates
from loaders.dates import _edtf, _fast, _natural, _season


@pytest.mark.parametrize(
    "text",
    [
        "September 6, 1965",
        "september 6 1965",
        "SEPTEMBER 06, 1965",
        "Sep 6, 1965",
        "Sep. 6, 1965",
        "6 September 1965",
        "6 Sep 1965",
        "6 september, 1965",
        "May 31, 1988",
        "Feb 29, 1988",
        "September 1965",
        "Sep 1965",
        "September, 1965",
        "mar 1988",
        "December 2018",
        "198X",
        "1988-07-XX",
        "1988-12-XX",
        "1988-XX",
        "1988-XX-XX",
    ],
)
def test_fast_path_agrees_with_the_general_parsers(text):
    fast = _fast(text)
    assert fast is not None
    assert fast == (_edtf(text) or _natural(text))


D = date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "label"),
    [
        ("September 6, 1965", D(1965, 9, 6), D(1965, 9, 6), "day", "6 September 1965"),
        ("september 6 1965", D(1965, 9, 6), D(1965, 9, 6), "day", "6 September 1965"),
        ("SEPTEMBER 06, 1965", D(1965, 9, 6), D(1965, 9, 6), "day", "6 September 1965"),
        ("Sep. 6, 1965", D(1965, 9, 6), D(1965, 9, 6), "day", "6 September 1965"),
        ("6 Sep 1965", D(1965, 9, 6), D(1965, 9, 6), "day", "6 September 1965"),
        ("6 september, 1965", D(1965, 9, 6), D(1965, 9, 6), "day", "6 September 1965"),
        ("Feb 29, 1988", D(1988, 2, 29), D(1988, 2, 29), "day", "29 February 1988"),
        ("September, 1965", D(1965, 9, 1), D(1965, 9, 30), "month", "September 1965"),
        ("mar 1988", D(1988, 3, 1), D(1988, 3, 31), "month", "March 1988"),
        ("December 2018", D(2018, 12, 1), D(2018, 12, 31), "month", "December 2018"),
        ("198X", D(1980, 1, 1), D(1989, 12, 31), "decade", "1980s"),
        ("1988-02-XX", D(1988, 2, 1), D(1988, 2, 29), "month", "February 1988"),
        ("1900-02-XX", D(1900, 2, 1), D(1900, 2, 28), "month", "February 1900"),
        ("1988-XX", D(1988, 1, 1), D(1988, 12, 31), "year", "1988"),
        ("1988-XX-XX", D(1988, 1, 1), D(1988, 12, 31), "year", "1988"),
    ],
)
def test_fast_path_gives_bounds_precision_and_label_written_by_hand(text, start, end, precision, label):
    value = _fast(text)
    assert value is not None
    assert (value.start, value.end, value.precision, value.label) == (start, end, precision, label)
    parsed = dates.parse_date(text)
    assert (parsed.start, parsed.end, parsed.precision, parsed.label) == (start, end, precision, label)


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("1988-21", D(1988, 3, 1), D(1988, 5, 31), "spring 1988"),
        ("1988-22", D(1988, 6, 1), D(1988, 8, 31), "summer 1988"),
        ("1988-23", D(1988, 9, 1), D(1988, 11, 30), "autumn 1988"),
        # winter runs from December into the next year's February, leap day included
        ("1987-24", D(1987, 12, 1), D(1988, 2, 29), "winter 1987"),
        ("1988-24", D(1988, 12, 1), D(1989, 2, 28), "winter 1988"),
        ("1899-24", D(1899, 12, 1), D(1900, 2, 28), "winter 1899"),
        ("1999-24", D(1999, 12, 1), D(2000, 2, 29), "winter 1999"),
        ("winter 1987", D(1987, 12, 1), D(1988, 2, 29), "winter 1987"),
        ("Winter of 1899", D(1899, 12, 1), D(1900, 2, 28), "winter 1899"),
        ("the spring of 1965", D(1965, 3, 1), D(1965, 5, 31), "spring 1965"),
        ("Fall 2019", D(2019, 9, 1), D(2019, 11, 30), "autumn 2019"),
    ],
)
def test_season_bounds_written_by_hand(text, start, end, label):
    value = dates.parse_date(text)
    assert (value.start, value.end, value.precision, value.label) == (start, end, "season", label)


@pytest.mark.parametrize("text", ["June 31, 1988", "February 30, 1965", "Sept 6, 1965", "1988-13-XX", "19XX"])
def test_forms_the_fast_path_does_not_decide_are_left_to_the_general_parsers(text):
    assert _fast(text) is None


@pytest.mark.parametrize("code", [21, 22, 23, 24])
@pytest.mark.parametrize("year", [1900, 1965, 1988, 2000, 2019])
def test_season_bounds_are_the_edtf_librarys(code, year):
    from edtf import parse_edtf

    parsed = parse_edtf(f"{year}-{code}")
    lo = parsed.lower_strict()
    value = _season(year, code, f"{year}-{code}")
    assert value.start == date(lo.tm_year, lo.tm_mon, lo.tm_mday)
    if code != 24:  # winter is widened to the next February on purpose
        hi = parsed.upper_strict()
        assert value.end == date(hi.tm_year, hi.tm_mon, hi.tm_mday)


def test_parsing_caches_by_text():
    dates._parse_text.cache_clear()
    dates.parse_date("summer 1988")
    dates.parse_date("summer  1988")
    assert dates._parse_text.cache_info().hits == 1
