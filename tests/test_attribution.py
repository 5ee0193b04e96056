"""A quote that leaves out the attribution of its own sentence is found; one that keeps it, or has none, is not."""

from __future__ import annotations

import pytest

from loaders.attribution import CutAttribution, cut_attribution, voice_named


def cut(text: str, quote: str) -> CutAttribution | None:
    start = text.index(quote)
    return cut_attribution(text, start, start + len(quote))


@pytest.mark.parametrize(
    ("text", "quote", "side", "clause"),
    [
        (
            "The reporter was hit near the camp, on which she had come to report, local media reported on Sunday.",
            "The reporter was hit near the camp",
            "after",
            "local media reported on Sunday",
        ),
        (
            "Earlier. Media reports said in June 2018 that the adviser received $40,000 for a speech.",
            "the adviser received $40,000 for a speech",
            "before",
            "Media reports said in June 2018 that",
        ),
        (
            "“They tried to take her camera,” the eye witness told the paper. Then it ended.",
            "They tried to take her camera",
            "after",
            "the eye witness told the paper",
        ),
        (
            "According to the ministry, 40 prisoners were released in May.",
            "40 prisoners were released in May",
            "before",
            "According to the ministry",
        ),
        (
            "The wall was rebuilt in 1902, according to the Gazette.",
            "The wall was rebuilt in 1902",
            "after",
            "according to the Gazette",
        ),
        (
            "Recently, Ann Lee, of a local portal, told NBC that the fee was larger.",
            "the fee was larger",
            "before",
            "Recently, Ann Lee, of a local portal, told NBC that",
        ),
        ('He told reporters: "The camp will close."', "The camp will close.", "before", "He told reporters"),
    ],
    ids=[
        "ends-sentence",
        "leads-in-with-that",
        "right-after",
        "according-to-before",
        "according-to-after",
        "verb-first-takes-the-sentence-start",
        "colon",
    ],
)
def test_a_quote_cut_from_its_attribution_is_found(text, quote, side, clause):
    found = cut(text, quote)
    assert found is not None and (found.side, found.clause) == (side, clause)
    assert text[found.start :].startswith(clause)


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("The wall was rebuilt in 1902, local media reported on Sunday.", "rebuilt in 1902, local media reported"),
        ("Media reports said in June 2018 that the adviser was paid.", "Media reports said in June 2018 that the"),
        ("The wall was rebuilt. The council said nothing about it.", "The wall was rebuilt."),
        ("In a report two years ago, the group claimed that it won.", "the group claimed that it won"),
        ("The budget was cut, contrary to the claims of the board, in the spring.", "in the spring"),
        ("The army, which the United States, armed, entered the town.", "entered the town"),
        ("Contrary to what has been said by the board in its campaigns, the plan was old.", "the plan was old"),
        ("The prisoners were moved, and the guards said nothing at all.", "The prisoners were moved"),
        ("It talked about the alleged executions of the members.", "It talked about"),
        ("It was later revealed in 2016 in a tape, that the plan was old.", "that the plan was old"),
    ],
    ids=[
        "quote-keeps-it",
        "quote-starts-with-it",
        "next-sentence",
        "comma-clause-without-verb-at-end",
        "noun-claims",
        "noun-states",
        "passive",
        "clause-continues-with-and",
        "adjective",
        "passive-revealed",
    ],
)
def test_a_quote_with_no_attribution_cut_from_it_is_left_alone(text, quote):
    assert cut(text, quote) is None


@pytest.mark.parametrize(
    ("clause_text", "names", "speaker_named", "named"),
    [
        ("local media reported on Sunday", ["Tirana Times"], True, False),
        ("local media reported on Sunday", ["Local media (unnamed)"], True, True),
        ("a spokesperson for the MEK said", ["People's Mojahedin (MEK)"], True, True),
        ("the eye witness told the paper", ["An eyewitness"], True, True),
        ("According to the HRW report", ["Human Rights Watch"], True, True),
        ("he said", ["Anyone"], True, True),
        ("he said", ["A publisher"], False, False),
        ("Media reports said in June 2018 that", ["Fars News"], True, False),
    ],
    ids=[
        "other-outlet",
        "that-voice",
        "word-of-a-name",
        "words-run-together",
        "initials",
        "pronoun-with-speaker",
        "pronoun-without-speaker",
        "generic-voice",
    ],
)
def test_a_speaker_names_the_voice_when_its_names_share_a_word_with_the_clauses_subject(
    clause_text, names, speaker_named, named
):
    found = cut(f"The wall fell, {clause_text}.", "The wall fell") or cut(
        f"{clause_text} the wall fell.", "the wall fell"
    )
    assert found is not None
    assert voice_named(found, names, speaker_named=speaker_named) is named
