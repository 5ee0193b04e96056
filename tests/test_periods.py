"""Choosing a period: presets, typed periods and days, always inside the record's period."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pandas as pd
import pytest
from conftest import ROOT

from dashboard.periods import (
    AROUND,
    WHOLE,
    PeriodError,
    Preset,
    around,
    clamp,
    describe,
    go_to_help,
    in_whole_years,
    matching,
    options,
    presets,
    presets_help,
    read_day,
    read_period,
    whole_years,
)

D = date
RECORD = (D(1965, 1, 1), D(2020, 12, 31))
NOT_A_DATE = "is not a date; try 1992, 1990s, summer 1992, 1992-07/1992-09 or 1992-07-28."
"""The examples name a year inside the record: its middle one."""


def test_periods_import_without_streamlit():
    code = "import sys, dashboard.periods; print('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            RECORD,
            [
                ("1960s", D(1965, 1, 1), D(1969, 12, 31)),
                ("1970s", D(1970, 1, 1), D(1979, 12, 31)),
                ("1980s", D(1980, 1, 1), D(1989, 12, 31)),
                ("1990s", D(1990, 1, 1), D(1999, 12, 31)),
                ("2000s", D(2000, 1, 1), D(2009, 12, 31)),
                ("2010s", D(2010, 1, 1), D(2019, 12, 31)),
                ("2020s", D(2020, 1, 1), D(2020, 12, 31)),
            ],
        ),
        # a record starting and ending within years: the first and last decades clipped to the day
        (
            (D(1965, 9, 6), D(1981, 3, 1)),
            [
                ("1960s", D(1965, 9, 6), D(1969, 12, 31)),
                ("1970s", D(1970, 1, 1), D(1979, 12, 31)),
                ("1980s", D(1980, 1, 1), D(1981, 3, 1)),
            ],
        ),
        # a short record: its years
        (
            (D(1987, 1, 1), D(1989, 12, 31)),
            [
                ("1987", D(1987, 1, 1), D(1987, 12, 31)),
                ("1988", D(1988, 1, 1), D(1988, 12, 31)),
                ("1989", D(1989, 1, 1), D(1989, 12, 31)),
            ],
        ),
        # more decades than fit: centuries
        (
            (D(1750, 1, 1), D(1920, 12, 31)),
            [
                ("1700–1799", D(1750, 1, 1), D(1799, 12, 31)),
                ("1800–1899", D(1800, 1, 1), D(1899, 12, 31)),
                ("1900–1999", D(1900, 1, 1), D(1920, 12, 31)),
            ],
        ),
        # one year: nothing to choose beyond the whole record
        ((D(1988, 1, 1), D(1988, 12, 31)), []),
    ],
    ids=["decades", "clipped-days", "years", "centuries", "one-year"],
)
def test_presets_are_the_parts_the_record_spans_clipped_to_it(record, expected):
    assert [(p.label, p.start, p.end) for p in presets(record)] == expected


def test_presets_never_number_more_than_fifteen():
    assert len(presets((D(1880, 1, 1), D(2020, 12, 31)))) == 15  # 1880s … 2020s
    assert [p.label for p in presets((D(1870, 1, 1), D(2020, 12, 31)))] == ["1800–1899", "1900–1999", "2000–2099"]


def test_options_offer_the_whole_record_first_and_the_open_event_last():
    record = (D(1980, 1, 1), D(1999, 12, 31))
    assert options(record, None) == [
        Preset(WHOLE, D(1980, 1, 1), D(1999, 12, 31)),
        Preset("1980s", D(1980, 1, 1), D(1989, 12, 31)),
        Preset("1990s", D(1990, 1, 1), D(1999, 12, 31)),
    ]
    assert options(record, (D(1988, 7, 28), D(1988, 7, 28)))[-1] == Preset(AROUND, D(1986, 1, 1), D(1990, 12, 31))


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ((D(1988, 7, 28), D(1988, 7, 28)), (D(1986, 1, 1), D(1990, 12, 31))),
        ((D(1988, 6, 1), D(1989, 2, 28)), (D(1986, 1, 1), D(1991, 12, 31))),
        ((D(1966, 3, 1), D(1966, 3, 31)), (D(1965, 1, 1), D(1968, 12, 31))),  # clipped to the record
        ((D(2020, 5, 1), D(2020, 5, 1)), (D(2018, 1, 1), D(2020, 12, 31))),
    ],
)
def test_around_an_event_is_its_years_and_two_more_either_side_within_the_record(event, expected):
    assert around(*event, RECORD) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, RECORD),
        (D(1988, 7, 1), None, (D(1988, 7, 1), D(2020, 12, 31))),
        (D(1990, 3, 1), D(1988, 7, 28), (D(1988, 7, 28), D(1990, 3, 1))),  # reversed: swapped
        (D(1950, 1, 1), D(1970, 6, 30), (D(1965, 1, 1), D(1970, 6, 30))),  # moved into the record
        (D(2030, 1, 1), D(2040, 1, 1), (D(2020, 12, 31), D(2020, 12, 31))),
        (datetime(1988, 7, 28, 13, 5), pd.Timestamp("1989-01-02 23:59"), (D(1988, 7, 28), D(1989, 1, 2))),
    ],
    ids=["open", "open-end", "reversed", "partly-outside", "wholly-after", "datetimes"],
)
def test_clamp_keeps_a_period_inside_the_record(start, end, expected):
    assert clamp(start, end, RECORD) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1988", (D(1988, 1, 1), D(1988, 12, 31))),
        ("  1988 ", (D(1988, 1, 1), D(1988, 12, 31))),
        ("1980s", (D(1980, 1, 1), D(1989, 12, 31))),
        ("summer 1988", (D(1988, 6, 1), D(1988, 8, 31))),
        ("1988-07/1988-09", (D(1988, 7, 1), D(1988, 9, 30))),
        ("1988-07-28", (D(1988, 7, 28), D(1988, 7, 28))),
        ("early 1970s", (D(1970, 1, 1), D(1973, 12, 31))),
        ("September 1988", (D(1988, 9, 1), D(1988, 9, 30))),
        ("1988 to 1990", (D(1988, 1, 1), D(1990, 12, 31))),
        ("1990/1980", (D(1980, 1, 1), D(1990, 12, 31))),  # written backwards: swapped
        ("1990 to 1988-07", (D(1988, 7, 1), D(1990, 12, 31))),
        ("1960s", (D(1965, 1, 1), D(1969, 12, 31))),  # clipped to the record
        ("2015/2030", (D(2015, 1, 1), D(2020, 12, 31))),
    ],
)
def test_a_typed_period_is_read_as_the_record_reads_dates_and_clipped(typed, expected):
    assert read_period(typed, RECORD) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("sometime", f"“sometime” {NOT_A_DATE}"),
        ("1988-13", f"“1988-13” {NOT_A_DATE}"),
        ("tomorrow", f"“tomorrow” {NOT_A_DATE}"),
        ("1988/1989/1990", f"“1988/1989/1990” {NOT_A_DATE}"),
        ("1950", "“1950” is outside the record, which covers 1965 to 2020."),
        ("1950s", "“1950s” is outside the record, which covers 1965 to 2020."),
        ("2030/2031", "“2030/2031” is outside the record, which covers 1965 to 2020."),
        ("", "type a period, e.g. 1992, 1990s, summer 1992, 1992-07/1992-09 or 1992-07-28."),
        ("x" * 101, "“" + "x" * 39 + "…” is too long for a period (at most 100 characters)."),
        ("[a](javascript:x) " * 2, f"“[a](javascript:x) [a](javascript:x)” {NOT_A_DATE}"),
    ],
    ids=["words", "month-13", "relative", "three-ends", "year-before", "decade-before", "after", "empty", "long", "md"],
)
def test_a_typed_period_that_cannot_be_used_says_why_in_one_line(typed, message):
    with pytest.raises(PeriodError) as caught:
        read_period(typed, RECORD)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "end", "expected"),
    [
        ("1988-07-28", False, D(1988, 7, 28)),
        ("1988-07-28", True, D(1988, 7, 28)),
        ("1988", False, D(1988, 1, 1)),
        ("1988", True, D(1988, 12, 31)),
        ("summer 1988", True, D(1988, 8, 31)),
        ("1960s", False, D(1965, 1, 1)),
    ],
)
def test_a_typed_day_is_the_first_or_last_day_of_what_is_typed(typed, end, expected):
    assert read_day(typed, RECORD, end=end) == expected


def test_a_typed_day_outside_the_record_is_refused():
    with pytest.raises(PeriodError) as caught:
        read_day("1964-12-31", RECORD, end=False)
    assert str(caught.value) == "“1964-12-31” is outside the record, which covers 1965 to 2020."


@pytest.mark.parametrize(
    ("period", "record", "expected"),
    [
        (RECORD, RECORD, True),
        ((D(1980, 1, 1), D(1989, 12, 31)), RECORD, True),
        ((D(1988, 6, 1), D(1989, 12, 31)), RECORD, False),
        ((D(1980, 1, 1), D(1988, 7, 28)), RECORD, False),
        ((D(1965, 9, 6), D(1970, 12, 31)), (D(1965, 9, 6), D(2020, 12, 31)), True),  # the record's own first day
    ],
)
def test_whole_years_are_what_the_years_slider_can_set(period, record, expected):
    assert in_whole_years(period, record) is expected


def test_whole_years_widen_a_period_within_the_record():
    assert whole_years((D(1988, 6, 1), D(1988, 8, 31)), RECORD) == (D(1988, 1, 1), D(1988, 12, 31))
    assert whole_years((D(1965, 9, 6), D(1970, 1, 2)), (D(1965, 9, 6), D(2020, 12, 31))) == (
        D(1965, 9, 6),
        D(1970, 12, 31),
    )


def test_the_preset_matching_a_period_is_found_by_its_days():
    offered = options(RECORD, None)
    assert matching(offered, RECORD) == WHOLE
    assert matching(offered, (D(1965, 1, 1), D(1969, 12, 31))) == "1960s"
    assert matching(offered, (D(1960, 1, 1), D(1969, 12, 31))) is None
    assert matching(offered, (D(1980, 1, 1), D(1989, 12, 30))) is None


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (RECORD, "1965 to 2020"),
        ((D(1965, 9, 6), D(2020, 12, 31)), "1965-09-06 to 2020-12-31"),
    ],
)
def test_a_period_is_described_in_years_when_it_is_whole_years(period, text):
    assert describe(period) == text


@pytest.mark.parametrize(
    ("record", "text"),
    [
        (
            RECORD,
            "Events whose dates overlap the period are shown. Presets: the whole record, each decade it spans "
            "(within the record's period: 1960s is 1965 to 1969) and, with an event open, “Around the open "
            "event”: the event's years and 2 years either side.",
        ),
        (
            (D(1750, 1, 1), D(1920, 12, 31)),
            "Events whose dates overlap the period are shown. Presets: the whole record, each century it spans "
            "(within the record's period: 1700–1799 is 1750 to 1799) and, with an event open, “Around the open "
            "event”: the event's years and 2 years either side.",
        ),
        (
            (D(1988, 1, 1), D(1988, 12, 31)),
            "Events whose dates overlap the period are shown. Presets: the whole record "
            "and, with an event open, “Around the open event”: the event's years and 2 years either side.",
        ),
        (
            (D(1980, 1, 1), D(1999, 12, 31)),
            "Events whose dates overlap the period are shown. Presets: the whole record, each decade it spans "
            "and, with an event open, “Around the open event”: the event's years and 2 years either side.",
        ),
    ],
)
def test_the_presets_help_says_what_they_hold_for_this_record(record, text):
    assert presets_help(record) == text


def test_the_go_to_help_gives_examples_inside_the_record():
    assert go_to_help((D(1500, 1, 1), D(1600, 12, 31))) == (
        "Type a period and press Enter, in any form the record's dates take: 1550, 1550s, summer 1550, "
        "1550-07/1550-09 or 1550-07-28. It is clipped to the record's period; a span written backwards is swapped."
    )
