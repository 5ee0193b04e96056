"""Fast paths for common date forms give exactly what the general parsers (edtf, dateparser) give."""

from datetime import date

import pytest

from loaders import dates
from loaders.dates import _edtf, _fast, _natural, _season

TODAY = date(2026, 1, 1)


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
    assert fast == (_edtf(text) or _natural(text, TODAY))


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
    dates.parse_date("summer 1988", today=TODAY)
    dates.parse_date("summer  1988", today=TODAY)
    assert dates._parse_text.cache_info().hits == 1
