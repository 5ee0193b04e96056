"""Reading logic: the order of a view, previous and next, the sides of a contested event,
paragraphs shown once, a document's highlights and finding text in it."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import GENERIC

from dashboard.reading import find_all, highlights, paragraph_groups, position, sides, span_at, view_order
from loaders import load_record


@pytest.fixture(scope="module")
def record():
    return load_record(GENERIC)


def test_a_view_is_ordered_by_first_day_then_last_day_then_record_order():
    frame = pd.DataFrame(
        {
            "id": ["late", "wide", "narrow", "tie-a", "tie-b"],
            "start": pd.to_datetime(["1990-01-01", "1980-01-01", "1980-01-01", "1985-05-05", "1985-05-05"]),
            "end": pd.to_datetime(["1990-01-01", "1989-12-31", "1980-01-31", "1985-05-05", "1985-05-05"]),
        }
    )
    assert view_order(frame) == ["narrow", "wide", "tie-a", "tie-b", "late"]
    assert view_order(frame.iloc[::-1]) == ["narrow", "wide", "tie-b", "tie-a", "late"]


def test_position_gives_neighbours_and_place():
    order = ["a", "b", "c"]
    assert position(order, "a") == position(order, "a").__class__(None, "b", 1, 3)
    p = position(order, "b")
    assert (p.previous, p.next, p.place, p.count) == ("a", "c", 2, 3)
    p = position(order, "c")
    assert (p.previous, p.next, p.place) == ("b", None, 3)
    p = position(order, "z")
    assert (p.previous, p.next, p.place, p.count) == (None, None, 0, 3)


def test_sides_group_claims_by_perspective_in_vocabulary_order(record):
    # volunteer-watch: the campaign's supporters (press) claim 40, the minutes (council) a dozen
    found = sides(record, record.citations("volunteer-watch"))
    assert [(s.perspective, s.label) for s in found] == [("press", "Local press"), ("council", "County council")]
    assert [[c.claim for c in s.claims] for s in found] == [
        ["at least 40 volunteers"],
        ["no more than a dozen volunteers"],
    ]
    assert found[1].claims[0].location.startswith("docs/council-minutes.txt, line ")
    assert sides(record, record.citations("first-lit")) == []


def test_paragraphs_are_shown_once_with_all_their_quotes(record):
    citations = record.citations("volunteer-watch")
    twice = [*citations, citations[0]]  # a second quote of the same paragraph
    groups = paragraph_groups(twice)
    assert len(groups) == len({(c.source_id, c.paragraph_start) for c in citations})
    first = groups[0]
    assert len(first.citations) == 2 and len(first.spans) == 2
    start, end = first.spans[0]
    assert first.paragraph[start:end] == citations[0].quote


def test_highlights_of_a_document_can_be_limited_to_the_events_in_view(record):
    every = highlights(record, "gazette")
    assert [h.start for h in every] == sorted(h.start for h in every)
    assert {h.event_id for h in every} >= {"first-lit", "storm"}
    only = highlights(record, "gazette", {"storm"})
    assert [h.event_id for h in only] == ["storm"]
    text = record.source_text("gazette")
    assert text[only[0].start : only[0].end] == record.citations("storm")[0].quote


def test_find_ignores_case_and_spacing_and_is_bounded():
    text = "Eternal  Light was launched.\nThe eternal\nlight ended. ETERNAL LIGHT."
    assert [text[s:e] for s, e in find_all(text, "eternal light")] == [
        "Eternal  Light",
        "eternal\nlight",
        "ETERNAL LIGHT",
    ]
    assert find_all(text, "eternal light", limit=2) == find_all(text, "eternal light")[:2]
    assert find_all(text, "  ") == [] and find_all(text, "(") == []


def test_span_at_finds_the_passage_holding_an_offset():
    spans = [(0, 5), (10, 20), (30, 40)]
    assert [span_at(spans, x) for x in (None, 0, 4, 5, 12, 25, 39, 99)] == [0, 0, 0, 1, 1, 2, 2, 2]
    assert span_at([], 7) == 0
