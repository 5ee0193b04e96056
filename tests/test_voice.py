"""Who speaks in a cited passage decides the perspective it speaks for: one rule, and every view follows it."""

from __future__ import annotations

import pytest
from conftest import GENERIC, GOOD_EVENT, HEAD

from dashboard.citations import citation_facts
from dashboard.reading import sides
from loaders import load_record
from loaders.schema import Source, Speaker
from loaders.voice import Unvoiced, citation_voice, source_voice

SPEAKERS = {
    "paper": Speaker(id="paper", name="The Gazette", perspective="press", basis="Its own reporting."),
    "mayor": Speaker(id="mayor", name="The mayor", perspective="council", basis="Quoted in it."),
}
VOICED = Source(id="gazette", file="g.txt", title="The Gazette", publisher="Gazette Ltd", speaker="paper")
UNVOICED_RECORD = Source(id="minutes", file="m.txt", title="Minutes", publisher="The clerk", perspective="council")


def test_a_citation_without_a_speaker_speaks_as_its_source_for_the_sources_speakers_perspective():
    voice = citation_voice(VOICED, SPEAKERS)
    assert (voice.speaker, voice.perspective, voice.name, voice.quoted) == (
        SPEAKERS["paper"],
        "press",
        "The Gazette",
        False,
    )
    assert voice == source_voice(VOICED, SPEAKERS)


def test_a_citation_with_a_speaker_speaks_for_that_speakers_perspective_and_quotes_it():
    voice = citation_voice(VOICED, SPEAKERS, "mayor")
    assert (voice.speaker, voice.perspective, voice.name, voice.quoted) == (
        SPEAKERS["mayor"],
        "council",
        "The mayor",
        True,
    )
    assert voice.key == ("mayor", "council")


def test_naming_the_sources_own_speaker_is_not_quoting_anyone():
    assert citation_voice(VOICED, SPEAKERS, "paper") == citation_voice(VOICED, SPEAKERS)


def test_without_speakers_a_passage_speaks_for_its_sources_perspective_in_its_publishers_name():
    voice = citation_voice(UNVOICED_RECORD, {})
    assert (voice.speaker, voice.perspective, voice.name, voice.quoted) == (None, "council", "The clerk", False)
    assert voice.key == ("", "council")


def test_an_unknown_speaker_or_a_source_without_a_voice_has_no_voice():
    with pytest.raises(KeyError):
        citation_voice(VOICED, SPEAKERS, "nobody")
    with pytest.raises(Unvoiced):
        source_voice(Source(id="x", file="x.txt", title="X", publisher="X"), SPEAKERS)


TWO_VOICES = (
    HEAD.replace(
        "  - {id: press, label: Press}\n", "  - {id: press, label: Press}\n  - {id: council, label: Council}\n"
    )
    .replace("    perspective: press\n", "    speaker: publisher\n")
    .replace(
        "actors:\n",
        "speakers:\n"
        "  - {id: publisher, name: A publisher, perspective: press, basis: Its own reporting.}\n"
        "  - {id: surveyor, name: The county surveyor, perspective: council, basis: Quoted in the document.}\n"
        "actors:\n",
    )
    + GOOD_EVENT
    + "        claim: The masons rebuilt it.\n"
    + "      - source: doc\n        quote: A second storm in 1903 broke the new wall\n"
    + "        speaker: surveyor\n        claim: A storm broke it.\n"
)


@pytest.mark.parametrize("cached", [False, True])
def test_every_view_of_a_citation_gives_the_voice_the_rule_gives(make_record, cached):
    path = make_record(whole=TWO_VOICES)
    if cached:
        load_record(path, cache=True)
    record = load_record(path, cache=cached)
    assert record.from_cache is cached
    views = record.citations("rebuilt")
    expected = [
        citation_voice(record.sources[c.source], record.speakers, c.speaker) for c in record.event("rebuilt").citations
    ]
    assert [v.key for v in expected] == [("publisher", "press"), ("surveyor", "council")]
    for c, view, voice in zip(record.event("rebuilt").citations, views, expected, strict=True):
        assert record.citation_voice(c) == view.voice == voice
        assert (record.citation_speaker(c), record.citation_perspective(c)) == (voice.speaker, voice.perspective)
        assert (view.speaker, view.speaker_name, view.perspective) == (voice.speaker.id, voice.name, voice.perspective)
        facts = citation_facts(record, view)
        assert (facts.perspective, facts.speaker) == (voice.perspective, voice.name if voice.quoted else None)
    row = record.events_frame().iloc[0]
    assert list(row["perspectives"]) == ["press", "council"] and list(row["speakers"]) == ["publisher", "surveyor"]
    assert [(s.perspective, [c.speaker for c in s.claims]) for s in sides(record, views)] == [
        ("press", ["A publisher"]),
        ("council", ["The county surveyor"]),
    ]
    assert record.source_perspective("doc") == source_voice(record.sources["doc"], record.speakers).perspective
    assert citation_facts(record, "doc").perspective == "press"


def test_in_a_record_without_speakers_the_publisher_speaks_for_the_sources_perspective():
    record = load_record(GENERIC, cache=False)
    for e in record.events:
        for c, view in zip(e.citations, record.citations(e.id), strict=True):
            src = record.sources[c.source]
            assert view.voice == citation_voice(src, {}) and view.voice.name == src.publisher
            assert view.perspective == src.perspective and view.speaker is None
