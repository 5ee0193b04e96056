"""Coverage: which dated mentions in a source count as covered by a citation, and the command's exit codes."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import GOOD_EVENT

from dashboard import cli as dashboard_cli
from loaders import load_record
from loaders.cli import main
from loaders.coverage import NEAR_CHARS, uncovered_mentions

FILLER = (
    "The masons worked from the quay with stone brought by cart from the quarry above the town, "
    "and the harbour master kept a careful account of every load that came down the hill road "
    "together with the wages of the carters, the price of lime and the cost of mending the old cranes."
)
# One cited passage ("The harbour wall was rebuilt in 1902"); on the same line a year a few words
# before it, one a few words after it and one over 300 characters after it; a year on the next line.
SOURCE = (
    "In 1901 plans were drawn. The harbour wall was rebuilt in 1902 by the county masons. "
    "Its parapet was raised in 1905 as well. " + FILLER + " The lamp was moved in 1931.\n"
    "A gale in 1911 broke the wall at its northern end.\n"
)
TODAY = date(2026, 1, 1)


def covered_years(record, **kw) -> dict[int, bool]:
    """Each year mentioned in the source -> whether its mention counts as covered."""
    out = {}
    for m in uncovered_mentions(record, today=TODAY, **kw):
        (year,) = re.findall(r"\b(19\d\d)\b", m.text)
        out[int(year)] = m.covered
    return out


@pytest.fixture
def record(make_record):
    return load_record(make_record(source=SOURCE))


def test_mentions_near_a_citation_in_the_same_line_count_as_covered(record):
    assert NEAR_CHARS == 200
    assert covered_years(record) == {1901: True, 1902: True, 1905: True, 1931: False, 1911: False}


def test_a_narrower_window_leaves_only_the_cited_passage_covered(record):
    assert covered_years(record, near=10) == {1901: False, 1902: True, 1905: False, 1931: False, 1911: False}
    assert covered_years(record, near=0) == {1901: False, 1902: True, 1905: False, 1931: False, 1911: False}


def test_a_wider_window_never_reaches_into_the_next_line(record):
    assert covered_years(record, near=10_000) == {1901: True, 1902: True, 1905: True, 1931: True, 1911: False}


def test_coverage_command_lists_the_uncovered_mentions_and_exits_0(capsys, make_record):
    path = make_record(source=SOURCE)
    assert main(["coverage", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "doc.txt: 5 dated mentions, 3 covered, 2 uncovered"
    assert re.fullmatch(r"  doc\.txt:1: '[^']*1931[^']*' \(year\)", out[1]), out[1]
    assert re.fullmatch(r"  doc\.txt:2: '[^']*1911[^']*' \(year\)", out[2]), out[2]
    assert out[3:] == ["5 dated mentions, 3 covered by citations, 2 uncovered"]


@pytest.mark.parametrize("entry", [main, dashboard_cli.main], ids=["python-m-loaders", "mek-timeline"])
def test_coverage_of_a_record_with_problems_exits_1_with_its_problem_lines(capsys, make_record, entry):
    path = make_record(GOOD_EVENT.replace("category: works", "category: work"))
    assert entry(["coverage", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{path}:21:15: events[0].category: unknown category 'work' (did you mean 'works'?)"]


def test_coverage_of_a_missing_record_or_unknown_source_is_a_usage_error(capsys, make_record, tmp_path):
    assert main(["coverage", str(tmp_path / "nope.yaml")]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'nope.yaml'}: no such file\n"
    assert main(["coverage", str(make_record()), "--source", "dok"]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "error: unknown source 'dok'; known: doc\n")
