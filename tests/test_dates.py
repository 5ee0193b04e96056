"""Dates carry their precision: every accepted form normalises to bounds, precision and label."""

from datetime import date

import pytest

from loaders.dates import DateError, parse_date

D = date


@pytest.mark.parametrize(
    ("written", "start", "end", "precision", "label"),
    [
        ("1965-09-06", D(1965, 9, 6), D(1965, 9, 6), "day", "6 September 1965"),
        ("1971-08", D(1971, 8, 1), D(1971, 8, 31), "month", "August 1971"),
        ("1997", D(1997, 1, 1), D(1997, 12, 31), "year", "1997"),
        (1997, D(1997, 1, 1), D(1997, 12, 31), "year", "1997"),
        (D(1965, 9, 6), D(1965, 9, 6), D(1965, 9, 6), "day", "6 September 1965"),
        ("1988-22", D(1988, 6, 1), D(1988, 8, 31), "season", "summer 1988"),
        ("1988-21", D(1988, 3, 1), D(1988, 5, 31), "season", "spring 1988"),
        ("1988-23", D(1988, 9, 1), D(1988, 11, 30), "season", "autumn 1988"),
        ("1988-24", D(1988, 12, 1), D(1989, 2, 28), "season", "winter 1988"),
        ("summer 1988", D(1988, 6, 1), D(1988, 8, 31), "season", "summer 1988"),
        ("the summer of 1988", D(1988, 6, 1), D(1988, 8, 31), "season", "summer 1988"),
        ("fall 1976", D(1976, 9, 1), D(1976, 11, 30), "season", "autumn 1976"),
        ("autumn of 1976", D(1976, 9, 1), D(1976, 11, 30), "season", "autumn 1976"),
        ("1988-07/1988-09", D(1988, 7, 1), D(1988, 9, 30), "span", "July 1988 – September 1988"),
        ("1994/1995", D(1994, 1, 1), D(1995, 12, 31), "span", "1994–1995"),
        ("1970s", D(1970, 1, 1), D(1979, 12, 31), "decade", "1970s"),
        ("197X", D(1970, 1, 1), D(1979, 12, 31), "decade", "1970s"),
        ("early 1970s", D(1970, 1, 1), D(1973, 12, 31), "decade", "early 1970s"),
        ("mid-1970s", D(1974, 1, 1), D(1976, 12, 31), "decade", "mid-1970s"),
        ("late 1990s", D(1997, 1, 1), D(1999, 12, 31), "decade", "late 1990s"),
        ("1988~", D(1988, 1, 1), D(1988, 12, 31), "year", "c. 1988"),
        ("1988?", D(1988, 1, 1), D(1988, 12, 31), "year", "1988?"),
        ("1988%", D(1988, 1, 1), D(1988, 12, 31), "year", "c. 1988?"),
        ("circa 1988", D(1988, 1, 1), D(1988, 12, 31), "year", "c. 1988"),
        ("September 6, 1965", D(1965, 9, 6), D(1965, 9, 6), "day", "6 September 1965"),
        ("Dec 19, 2018", D(2018, 12, 19), D(2018, 12, 19), "day", "19 December 2018"),
        ("August 1971", D(1971, 8, 1), D(1971, 8, 31), "month", "August 1971"),
        ("early 1988", D(1988, 1, 1), D(1988, 4, 30), "span", "early 1988"),
        ("mid-1988", D(1988, 5, 1), D(1988, 8, 31), "span", "mid-1988"),
        ("late 2018", D(2018, 9, 1), D(2018, 12, 31), "span", "late 2018"),
        ("1988-07-XX", D(1988, 7, 1), D(1988, 7, 31), "month", "July 1988"),
    ],
)
def test_written_date_normalises_to_bounds_precision_and_label(written, start, end, precision, label):
    d = parse_date(written)
    assert (d.start, d.end, d.precision, d.label) == (start, end, precision, label)


@pytest.mark.parametrize(
    ("written", "approximate", "uncertain"),
    [("1988", False, False), ("1988~", True, False), ("1988?", False, True), ("1988%", True, True)],
)
def test_approximate_and_uncertain_flags_are_kept(written, approximate, uncertain):
    d = parse_date(written)
    assert (d.approximate, d.uncertain) == (approximate, uncertain)


@pytest.mark.parametrize(
    ("written", "approximate", "uncertain", "label"),
    [
        ("circa 1988/1990", True, False, "c. 1988–1990"),
        ("1988/circa 1990", True, False, "1988–c. 1990"),
        ("1988 to circa 1990", True, False, "1988–c. 1990"),
        ("1988?/1990", False, True, "1988?–1990"),
        ("1988/1990?", False, True, "1988–1990?"),
        ("1988/1990", False, False, "1988–1990"),
    ],
)
def test_a_span_is_approximate_or_uncertain_when_either_end_is(written, approximate, uncertain, label):
    d = parse_date(written)
    assert (d.start, d.end) == (D(1988, 1, 1), D(1990, 12, 31))
    assert (d.approximate, d.uncertain, d.label) == (approximate, uncertain, label)


@pytest.mark.parametrize("written", ["sometime", "summer", "2018-13", "yesterday", "", None, True])
def test_unreadable_date_is_an_error_listing_the_accepted_forms(written):
    with pytest.raises(DateError, match=r"accepted forms: 1965-09-06, 1971-08, 1997, summer 1988"):
        parse_date(written)


def test_span_ending_before_it_starts_is_an_error():
    with pytest.raises(DateError, match=r"'1995/1994' ends \(1994-12-31\) before it starts \(1995-01-01\)"):
        parse_date("1995/1994")
