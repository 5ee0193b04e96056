"""Who speaks decides the perspective: speakers, the source's own voice, one voice per passage."""

from __future__ import annotations

import pytest
from conftest import HEAD

from loaders import RecordError, load_record

SPEAKERS = """\
speakers:
  - {id: masons, name: The county masons, perspective: press, basis: 'Quoted by the document.'}
  - {id: council-voice, name: The council, perspective: council, basis: 'Its statements, quoted.', actor: council}
"""

TWO_PERSPECTIVES = HEAD.replace(
    "  - {id: press, label: Press}\n", "  - {id: press, label: Press}\n  - {id: council, label: Council}\n"
)


def record_text(citations: str, *, source_voice: str = "    speaker: masons\n") -> str:
    head = TWO_PERSPECTIVES.replace("    perspective: press\n", source_voice).replace(
        "actors:\n", SPEAKERS + "actors:\n"
    )
    return (
        head
        + "  - id: rebuilt\n"
        + "    date: 1902\n"
        + "    title: The wall is rebuilt\n"
        + "    summary: The wall was rebuilt.\n"
        + "    actors: [council]\n"
        + "    category: works\n"
        + "    citations:\n"
        + citations
    )


def cite(quote: str, speaker: str | None = None, note: str | None = None) -> str:
    out = f"      - source: doc\n        quote: {quote}\n"
    if speaker:
        out += f"        speaker: {speaker}\n"
    if note:
        out += f"        speaker_note: {note}\n"
    return out


def problems(make_record, text: str) -> list[str]:
    with pytest.raises(RecordError) as info:
        load_record(make_record(whole=text))
    return [str(p).split(": ", 1)[1] for p in info.value.problems]


def test_a_citation_takes_its_speakers_perspective_else_its_sources_speakers(make_record):
    record = load_record(
        make_record(
            whole=record_text(
                cite("The harbour wall was rebuilt in 1902") + cite("A second storm in 1903", "council-voice")
            )
        )
    )
    first, second = record.event("rebuilt").citations
    assert record.citation_speaker(first).id == "masons" and record.citation_perspective(first) == "press"
    assert record.citation_speaker(second).id == "council-voice" and record.citation_perspective(second) == "council"
    views = record.citations("rebuilt")
    assert [(v.speaker, v.speaker_name, v.perspective) for v in views] == [
        ("masons", "The county masons", "press"),
        ("council-voice", "The council", "council"),
    ]
    assert list(record.events_frame()["speakers"][0]) == ["masons", "council-voice"]


def test_overlapping_passages_with_two_speakers_are_a_located_problem(make_record):
    text = record_text(
        cite("The harbour wall was rebuilt in 1902 by the county masons")
        + cite("rebuilt in 1902 by the county masons", "council-voice")
    )
    path = make_record(whole=text)
    with pytest.raises(RecordError) as info:
        load_record(path)
    [problem] = info.value.problems
    assert (problem.line, problem.path) == (text.splitlines().index("        speaker: council-voice") + 1,
                                              "events[0].citations[1].speaker")  # fmt: skip
    first_line = text.splitlines().index("      - source: doc") + 1
    assert problem.message == (
        f"passage overlaps the citation at line {first_line}, which gives speaker 'masons' (press); this one gives "
        "speaker 'council-voice' (council). One passage has one speaker: make them agree, or say why in speaker_note"
    )


def test_a_speaker_note_allows_a_different_speaker_for_an_overlapping_passage(make_record):
    text = record_text(
        cite("The harbour wall was rebuilt in 1902 by the county masons")
        + cite("rebuilt in 1902 by the county masons", "council-voice", note="The council's minute repeats it.")
    )
    assert load_record(make_record(whole=text)).summary().startswith("1 events")


def test_overlapping_passages_with_one_speaker_and_separate_passages_are_fine(make_record):
    text = record_text(
        cite("The harbour wall was rebuilt in 1902 by the county masons")
        + cite("rebuilt in 1902 by the county masons", "masons")
        + cite("A second storm in 1903 broke the new wall", "council-voice")
    )
    assert load_record(make_record(whole=text)).summary().startswith("1 events, 3 citations")


def test_the_same_speaker_in_two_events_is_consistent_but_two_speakers_are_not(make_record):
    second_event = (
        "  - id: rebuilt-again\n    date: 1902\n    title: Rebuilt\n    summary: Rebuilt.\n"
        "    actors: [council]\n    category: works\n    citations:\n"
    )
    text = (
        record_text(cite("The harbour wall was rebuilt in 1902"))
        + second_event
        + cite("The harbour wall was rebuilt in 1902", "council-voice")
    )
    first_line = text.splitlines().index("      - source: doc") + 1
    assert [m.split(",")[0] for m in problems(make_record, text)] == [
        f"events[1].citations[0].speaker: passage overlaps the citation at line {first_line}"
    ]


@pytest.mark.parametrize(
    ("voice", "expected"),
    [
        (
            "    url: https://example.org\n",
            "sources[0]: needs a speaker (or, in a record without speakers, a perspective)",
        ),
        (
            "    speaker: masons\n    perspective: council\n",
            "sources[0].perspective: perspective 'council' differs from its speaker 'masons''s 'press'; "
            "leave it out (the speaker's applies)",
        ),
        ("    speaker: mason\n", "sources[0].speaker: unknown speaker 'mason' (did you mean 'masons'?)"),
    ],
)
def test_a_source_speaks_through_one_known_voice(make_record, voice, expected):
    text = record_text(cite("The harbour wall was rebuilt in 1902"), source_voice=voice)
    assert expected in problems(make_record, text)


def test_a_speaker_needs_a_known_perspective(make_record):
    text = record_text(cite("The harbour wall was rebuilt in 1902")).replace(
        "perspective: press, basis", "perspective: presss, basis"
    )
    assert problems(make_record, text) == [
        "speakers[0].perspective: unknown perspective 'presss' (did you mean 'press'?)"
    ]


def test_a_speaker_needs_a_basis(make_record):
    text = record_text(cite("The harbour wall was rebuilt in 1902")).replace(", basis: 'Quoted by the document.'", "")
    assert "speakers[0].basis: missing required field 'basis'" in problems(make_record, text)


class CountedVoice:
    """A voice that counts how often it is compared."""

    compared = 0

    def __init__(self, name: str) -> None:
        self.name = name

    def __eq__(self, other: object) -> bool:
        CountedVoice.compared += 1
        return isinstance(other, CountedVoice) and other.name == self.name

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]


def clashing(passages) -> set:
    """The passages that overlap an earlier one (in text order) of another voice: every pair looked at."""
    ordered = sorted(passages, key=lambda p: (p[0], p[1]))
    return {p[2] for i, p in enumerate(ordered) if any(q[3] != p[3] and q[1] > p[0] for q in ordered[:i])}


@pytest.mark.parametrize("seed", range(30))
def test_the_voice_sweep_finds_exactly_the_passages_that_overlap_another_voice(seed):
    import random

    from loaders.passages import voice_clashes

    rng = random.Random(seed)
    passages = []
    for n in range(rng.randint(0, 60)):
        start = rng.randint(0, 200)
        passages.append((start, start + rng.randint(1, 40), n, rng.choice("abcd"[: rng.randint(1, 4)])))
    found = voice_clashes(passages)
    assert {p[2] for p, _ in found} == clashing(passages)
    for p, other in found:  # the passage named overlaps it, comes before it and has another voice
        assert other[3] != p[3] and other[1] > p[0] and (other[0], other[1]) <= (p[0], p[1])


@pytest.mark.parametrize("n", [20_000, 40_000])
@pytest.mark.parametrize("distinct", [True, False])
def test_the_voice_check_compares_each_passage_once_however_many_speakers(n, distinct):
    from loaders.passages import voice_clashes

    shared = CountedVoice("one")
    # every passage overlaps every other: the case a check per speaker makes quadratic
    passages = [(i, 10 * n + i, i, CountedVoice(f"s{i}") if distinct else shared) for i in range(n)]
    CountedVoice.compared = 0
    found = voice_clashes(passages)
    assert len(found) == (n - 1 if distinct else 0)
    assert CountedVoice.compared <= n


def test_an_attribution_written_before_speakers_existed_is_told_what_replaced_it(make_record):
    text = record_text(cite("The harbour wall was rebuilt in 1902") + "        attribution: The Gazette\n")
    assert problems(make_record, text) == [
        "events[0].citations[0].attribution: unknown field 'attribution': replaced by 'speaker' "
        "(the id of who says the quoted words, from the record's speakers)"
    ]
