"""A citation's facts: taken from the record once, in one order, for every view and export."""

from __future__ import annotations

import pytest
from conftest import GENERIC, GOOD_EVENT, HEAD

from dashboard.citations import citation_facts
from loaders import load_record

SPEAKERS = (
    "speakers:\n"
    "  - {id: publisher, name: A publisher, perspective: press, basis: The document's own reporting.}\n"
    "  - {id: surveyor, name: The county surveyor, perspective: council, basis: Quoted in the document.}\n"
)
TWO_VOICES = (
    HEAD.replace(
        "  - {id: press, label: Press}\n", "  - {id: press, label: Press}\n  - {id: council, label: Council}\n"
    )
    .replace(
        "    perspective: press\n",
        "    speaker: publisher\n    published: '1903'\n    url: https://example.org/doc\n",
    )
    .replace("actors:\n", SPEAKERS + "actors:\n")
    + GOOD_EVENT
    + ("      - source: doc\n        quote: A second storm in 1903 broke the new wall\n        speaker: surveyor\n")
)


@pytest.fixture
def record(make_record):
    return load_record(make_record(whole=TWO_VOICES))


def test_facts_of_a_plain_citation_come_from_its_source(record):
    facts = citation_facts(record, record.citations("rebuilt")[0])
    assert (facts.source_id, facts.source, facts.publisher, facts.published) == (
        "doc",
        "A document",
        "A publisher",
        "1903",
    )
    assert (facts.perspective, facts.perspective_label, facts.speaker) == ("press", "Press", None)
    assert (facts.file, facts.line, facts.url) == ("doc.txt", 1, "https://example.org/doc")


def test_a_citations_own_speaker_gives_its_perspective_over_its_sources(record):
    facts = citation_facts(record, record.citations("rebuilt")[1])
    assert (facts.perspective, facts.perspective_label) == ("council", "Council")
    assert facts.speaker == "The county surveyor" and facts.line == 2


def test_facts_are_listed_in_reading_order_and_absent_ones_left_out(record):
    plain, attributed = (citation_facts(record, c) for c in record.citations("rebuilt"))
    assert plain.items() == [
        ("source", "A document"),
        ("publisher", "A publisher"),
        ("published", "1903"),
        ("perspective", "Press"),
        ("location", "doc.txt, line 1"),
    ]
    assert attributed.voice == ["Council", "quoting The county surveyor", "doc.txt, line 2"]
    assert attributed.origin == ["A document", "A publisher", "1903"]


def test_a_source_alone_has_its_own_perspective_and_no_line():
    record = load_record(GENERIC)
    facts = citation_facts(record, "minutes")
    assert facts.items() == [
        ("source", "Minutes of the County Council"),
        ("publisher", "County Council"),
        ("perspective", "County council"),
        ("location", "docs/council-minutes.txt"),
    ]
    assert facts.line is None and facts.speaker is None


def test_facts_agree_with_the_record_on_every_citation():
    record = load_record(GENERIC)
    for ev in record.events:
        for c, cited in zip(record.citations(ev.id), ev.citations, strict=True):
            facts = citation_facts(record, c)
            assert facts.perspective == record.citation_perspective(cited) == c.perspective
            assert (facts.source, facts.file, facts.line) == (c.source_title, c.source_file, c.line)


def test_a_place_in_a_source_is_written_one_way():
    from dashboard.citations import location

    assert [location("a.txt"), location("a.txt", [7]), location("a.txt", [9, 7]), location("a.txt", [12, 7, 9])] == [
        "a.txt",
        "a.txt, line 7",
        "a.txt, lines 7 and 9",
        "a.txt, lines 7, 9 and 12",
    ]


def test_a_citations_facts_are_its_views_and_read_as_one_line_each(record):
    view = record.citations("rebuilt")[1]
    facts = citation_facts(record, view)
    assert (facts.source, facts.file, facts.url) == (view.source_title, view.source_file, view.url)
    assert facts.origin_line == "A document · A publisher · 1903"
    assert facts.voice_line == "Council · quoting The county surveyor · doc.txt, line 2"
