"""Quotes are found in their source forgiving typography only, and anchored to exact offsets."""

import pytest

from loaders.anchoring import Anchor, Miss, NormalizedText, find_normalized, normalize, paragraph

SOURCE = (
    "Line one of the page.\n"
    "The council\u2019s \u201cfinal\u201d decision \u2014 taken in 1987 \u2014 closed the post.\n"
    "Its\u00a0keeper  left\n   in May,\tsaid the caf\u00e9 owner.\n"
    "Repeat me here please. Repeat me here please.\n"
)


@pytest.mark.parametrize(
    ("quote", "exact"),
    [
        ('The council\'s "final" decision', "The council\u2019s \u201cfinal\u201d decision"),
        ("decision - taken in 1987 - closed", "decision \u2014 taken in 1987 \u2014 closed"),
        ("decision \u2013 taken in 1987 \u2013 closed", "decision \u2014 taken in 1987 \u2014 closed"),
        ("Its keeper left in May", "Its\u00a0keeper  left\n   in May"),
        ("said the cafe\u0301 owner.", "said the caf\u00e9 owner."),
        ("  The council\u2019s \u201cfinal\u201d decision\n", "The council\u2019s \u201cfinal\u201d decision"),
    ],
    ids=["curly-quotes", "em-dash-as-hyphen", "en-dash-as-em-dash", "whitespace-and-nbsp", "nfd-vs-nfc", "edges"],
)
def test_typographic_variants_are_forgiven_and_offsets_point_at_the_original(quote, exact):
    src = NormalizedText(SOURCE)
    found = find_normalized(src, normalize(quote))
    assert isinstance(found, Anchor)
    assert SOURCE[found.start : found.end] == exact == found.exact


@pytest.mark.parametrize(
    "quote",
    ['The council\'s "first" decision', "Its keeper went in May", "the council\u2019s \u201cfinal\u201d decision"],
    ids=["changed-word", "changed-verb", "changed-case"],
)
def test_a_changed_word_is_never_forgiven(quote):
    assert isinstance(find_normalized(NormalizedText(SOURCE), normalize(quote)), Miss)


def test_anchor_records_line_prefix_and_suffix():
    found = find_normalized(NormalizedText(SOURCE), normalize("said the caf\u00e9 owner"))
    assert found.line == 4
    assert found.prefix.endswith("in May,\t")
    assert found.suffix.startswith(".\nRepeat")


def test_a_quote_must_not_begin_or_end_inside_a_word():
    quote = "ouncil\u2019s \u201cfinal\u201d decision"
    assert isinstance(find_normalized(NormalizedText(SOURCE), normalize(quote)), Miss)


def test_repeated_quote_is_ambiguous_and_lists_its_lines():
    found = find_normalized(NormalizedText(SOURCE), normalize("Repeat me here please."))
    assert found == Miss("ambiguous", (5, 5))


def test_prefix_or_suffix_tells_repeats_apart():
    src = NormalizedText(SOURCE)
    second = find_normalized(src, normalize("Repeat me here please."), prefix="please.")
    first = find_normalized(src, normalize("Repeat me here please."), suffix="Repeat")
    assert isinstance(first, Anchor) and isinstance(second, Anchor)
    assert first.start < second.start
    assert SOURCE.index("Repeat me here please.", first.start + 1) == second.start


def test_missing_quote_reports_closest_passage_with_similarity_and_line():
    found = find_normalized(NormalizedText(SOURCE), normalize("said the cafe manager"))
    assert isinstance(found, Miss) and found.reason == "not-found"
    assert found.closest_line == 4
    assert "said the caf" in found.closest
    assert 60 < found.similarity < 100


def test_paragraph_is_the_lines_around_the_quote():
    start = SOURCE.index("keeper")
    p_start, p_end = paragraph(SOURCE, start, start + 6)
    assert SOURCE[p_start:p_end] == "Its\u00a0keeper  left"


def test_long_paragraph_is_cut_around_the_quote():
    text = "x " * 5000 + "the needle is here " + "y " * 5000
    start = text.index("the needle")
    p_start, p_end = paragraph(text, start, start + 10, max_chars=200)
    assert p_end - p_start <= 200 and p_start < start < p_end


def test_the_hint_for_a_long_missing_quote_aligns_a_bounded_head(monkeypatch):
    from rapidfuzz import fuzz

    from loaders.anchoring import HINT_CHARS

    lines = [f"Paragraph {i} says the harbour wall number {i} was rebuilt in {1900 + i}." for i in range(400)]
    source = NormalizedText("\n".join(lines))
    passage = " ".join(lines[200:260])  # about 4,000 characters, one word changed below
    quote = passage.replace("harbour wall number 230", "harbour gate number 230")
    seen: list[int] = []
    real = fuzz.partial_ratio_alignment

    def spy(a, b, **kw):
        seen.append(len(a))
        return real(a, b, **kw)

    monkeypatch.setattr(fuzz, "partial_ratio_alignment", spy)
    miss = find_normalized(source, normalize(quote))
    assert miss.reason == "not-found"
    assert seen == [HINT_CHARS] and len(quote) > 10 * HINT_CHARS
    assert miss.closest_line == 201 and miss.similarity > 90
