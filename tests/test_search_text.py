"""Search folding, the search over every row (with and without its gram index), and "did you mean" suggestions."""

from __future__ import annotations

import random

import numpy as np
import pytest
from conftest import ROOT

from dashboard.filters import text as text_module
from dashboard.filters.folding import fold
from dashboard.filters.kinds import search_texts
from dashboard.filters.text import Haystack, suggest, terms, vocabulary
from dashboard.frame import events_frame
from loaders import load_record


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Forough-e Javidan", "Forough Javidan"),
        ("Mojahedin-e Khalq", "MOJAHEDIN KHALQ"),
        ("Iran’s government", "Iran's government"),
        ("Iran's government", "Irans government"),
        ("Café", "cafe"),
        ("Tirana–Durrës", "tirana durres"),
        ("Ashraf-3", "ashraf 3"),
        ("Khomeini-ye Bozorg", "Khomeini Bozorg"),
    ],
)
def test_spellings_that_differ_only_in_convention_fold_alike(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [("e-mail", "mail"), ("Iran", "Iraq"), ("I think", "think")])
def test_different_words_stay_different(a, b):
    assert fold(a) != fold(b)


TEXTS = ["Operation Forough Javidan (Eternal Light)", "Nothing here", "The Mersad operation; Forough-e Javidan", ""]


@pytest.mark.parametrize("indexed", [False, True], ids=["scan", "index"])
@pytest.mark.parametrize("kept", [None, [True, True, False, True], [False, True, True, True]])
def test_search_keeps_exactly_the_rows_holding_the_folded_query(kept, indexed):
    hay = Haystack.of(TEXTS, indexed=indexed)
    mask = np.ones(len(TEXTS), dtype=bool) if kept is None else np.array(kept)
    expected = [bool(m) and ("javidan" in t.lower()) for m, t in zip(mask, TEXTS, strict=True)]
    hay.keep_matching("forough-E JAVIDAN", mask)
    assert list(mask) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("relocation Albania", ["relocation", "albania"]),
        ('"Camp Liberty" relocation', ["camp liberty", "relocation"]),
        ("“Forough-e Javidan” raid", ["forough javidan", "raid"]),
        ("«Camp Ashraf»", ["camp ashraf"]),
        ('an "unclosed quote', ["an", "unclosed", "quote"]),
        ("the the THE", ["the"]),
        ('"" - ', []),
    ],
)
def test_a_query_asks_for_each_word_and_each_quoted_phrase(query, expected):
    assert terms(query) == expected


@pytest.mark.parametrize("indexed", [False, True], ids=["scan", "index"])
def test_words_match_in_any_order_and_a_quoted_phrase_only_as_written(indexed):
    rows = ["The relocation of the group to Albania", "Albania", "relocation to Albania", "Albania relocation"]
    hay = Haystack.of(rows, indexed=indexed)
    for query, expected in [
        ("relocation Albania", [True, False, True, True]),
        ("albania RELOCATION", [True, False, True, True]),
        ('"relocation to Albania"', [False, False, True, False]),
        ('"Albania relocation" group', [False, False, False, False]),
    ]:
        mask = np.ones(len(rows), dtype=bool)
        hay.keep_matching(query, mask)
        assert mask.tolist() == expected, query


@pytest.mark.parametrize("indexed", [False, True], ids=["scan", "index"])
def test_a_match_never_spans_two_rows_and_every_match_in_a_row_counts_once(indexed):
    hay = Haystack.of(["ends with fo", "rough start", "forough forough", "x forough"], indexed=indexed)
    mask = np.ones(4, dtype=bool)
    hay.keep_matching('"fo rough"', mask)  # folded: the phrase "fo rough" is not in any single row
    assert list(mask) == [False, False, False, False]
    mask = np.ones(4, dtype=bool)
    hay.keep_matching("forough", mask)
    assert list(mask) == [False, False, True, True]


@pytest.mark.parametrize("indexed", [False, True], ids=["scan", "index"])
def test_an_empty_query_keeps_everything(indexed):
    mask = np.ones(3, dtype=bool)
    Haystack.of(["a", "b", ""], indexed=indexed).keep_matching(" - ", mask)
    assert list(mask) == [True, True, True]
    mask[1] = False
    Haystack.of(["a", "b", ""], indexed=indexed).keep_matching("", mask)
    assert list(mask) == [True, False, True]


def test_suggestions_compare_runs_of_as_many_words_as_the_query():
    terms = vocabulary(["Operation Forough Javidan", "Massoud Rajavi", "Tirana Times"])
    assert "forough javidan" in terms and "operation forough javidan" in terms
    assert suggest("Forugh Javidun", terms) == ["forough javidan"]
    assert suggest("Rajvi", terms) == ["rajavi"]
    assert suggest("tirana times", terms) == []  # the query itself is never offered
    assert suggest("zzzzzz", terms) == []


def test_folding_many_rows_at_once_equals_folding_each():
    rows = ["Forough-e Javidan", "", "A\x00B", "Café – “quoted”", "x e y ye z", "  spaced  out  "]
    hay = Haystack.of(rows)
    assert [hay.text(i) for i in range(len(hay))] == [fold(r) for r in rows]
    assert len(Haystack.of([])) == 0


# --- the gram index: the rows it finds are the rows a plain scan finds -----------------------


def plain_search(folded: list[str], query: str, mask: np.ndarray) -> list[bool]:
    """The definition: a kept row matches when its folded text holds every term of the query."""
    needles = terms(query)
    return [bool(m) and all(n in row for n in needles) for row, m in zip(folded, mask, strict=True)]


def assert_index_finds_what_a_scan_finds(texts: list[str], queries: list[str], rng: random.Random) -> int:
    """Check every query with every row kept and with a random part kept; return how many rows matched in all."""
    indexed = Haystack.of(texts, indexed=True)
    scanned = Haystack.of(texts, indexed=False)
    assert indexed.index is not None and scanned.index is None
    assert indexed.joined == scanned.joined and indexed.starts == scanned.starts
    folded = [fold(t) for t in texts]
    matched = 0
    for query in queries:
        for kept in (np.ones(len(texts), dtype=bool), np.array([rng.random() < 0.5 for _ in texts], dtype=bool)):
            expected = plain_search(folded, query, kept)
            with_index, with_scan = kept.copy(), kept.copy()
            indexed.keep_matching(query, with_index)
            scanned.keep_matching(query, with_scan)
            assert with_index.tolist() == expected, query
            assert with_scan.tolist() == expected, query
            matched += sum(expected)
    return matched


ALPHABET = "aaeeiioun rstlhkq-’'\"é ÉçßﬁжЖ中 ab e"


def random_text(rng: random.Random, longest: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, longest)))


def queries_from(rng: random.Random, texts: list[str], n: int) -> list[str]:
    """Pieces of the texts (so many match), pieces that cross from one row into the next, and random strings."""
    out = []
    for _ in range(n):
        a = rng.randrange(len(texts))
        text = texts[a]
        i = rng.randrange(len(text) + 1)
        out.append(text[i : i + rng.randint(1, 12)])
        nxt = texts[(a + 1) % len(texts)]
        out.append(text[-rng.randint(1, 6) :] + " " + nxt[: rng.randint(1, 6)])
        out.append(random_text(rng, 5))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_the_index_finds_exactly_what_a_scan_finds_on_random_texts(seed):
    rng = random.Random(seed)
    texts = [random_text(rng, rng.choice([3, 40, 400])) for _ in range(rng.randint(1, 120))]
    longest = max(len(t) for t in texts)
    queries = [*queries_from(rng, texts, 60), "", " ", "-", "a", "ab", "é", "ж", "x" * (longest + 5)]
    assert_index_finds_what_a_scan_finds(texts, queries, rng)


@pytest.fixture(scope="module")
def real_texts() -> list[str]:
    """The shipped record's searched text of every event, and every paragraph of its sources."""
    record = load_record(ROOT / "events.yaml")
    paragraphs = [p for path in sorted((ROOT / "sources").glob("*.txt")) for p in path.read_text("utf-8").split("\n")]
    return [*search_texts(events_frame(record)), *paragraphs]


def test_the_index_finds_exactly_what_a_scan_finds_on_real_texts(real_texts):
    rng = random.Random(7)
    words = sorted({w for t in real_texts for w in t.split()})
    queries = [
        *queries_from(rng, real_texts, 80),
        *rng.sample(words, 60),
        *(" ".join(rng.sample(words, 2)) for _ in range(30)),
        "Forough-e Javidan",
        "Mojahedin-e Khalq",
        "Iran’s government",
        "the",
        "e",
        "zz",
        max(real_texts, key=len) + " more",
    ]
    assert assert_index_finds_what_a_scan_finds(real_texts, queries, rng) > 0


def test_a_query_longer_than_every_row_matches_nothing():
    texts = ["forough javidan " * 5, "forough", ""]
    hay = Haystack.of(texts, indexed=True)
    mask = np.ones(3, dtype=bool)
    hay.keep_matching(f'"{"forough javidan " * 6}"', mask)  # one phrase, longer than every row
    assert mask.tolist() == [False, False, False]


def test_a_query_with_more_grams_than_are_tested_still_matches_exactly():
    base = "the quick brown fox jumps over the lazy dog " * 4
    texts = [base, base.replace("lazy", "busy"), base[:60], base + "forough javidan"]
    hay = Haystack.of(texts, indexed=True)
    for query, expected in [(base.strip(), [True, False, False, True]), (base[:30], [True, True, True, True])]:
        mask = np.ones(4, dtype=bool)
        hay.keep_matching(f'"{query}"', mask)  # one phrase
        assert mask.tolist() == expected


def test_one_letter_queries_find_the_rows_holding_that_letter():
    texts = ["alpha", "beta", "gamma", "", "quay", "Q"]
    hay = Haystack.of(texts, indexed=True)
    for letter in "abgqz":
        mask = np.ones(len(texts), dtype=bool)
        hay.keep_matching(letter.upper(), mask)
        assert mask.tolist() == [letter in t.lower() for t in texts]


def test_the_index_is_the_same_whatever_the_size_of_the_pieces_it_is_built_in(monkeypatch):
    rng = random.Random(3)
    texts = [random_text(rng, rng.choice([0, 5, 90, 700])) for _ in range(200)]
    whole = Haystack.of(texts, indexed=True).index
    monkeypatch.setattr(text_module, "_CHUNK", 16)  # rows longer than a piece, and pieces of one row
    pieces = Haystack.of(texts, indexed=True).index
    assert whole is not None and pieces is not None
    assert np.array_equal(whole.planes, pieces.planes) and np.array_equal(whole.counts, pieces.counts)


def test_an_index_is_built_only_for_rows_long_enough_and_is_smaller_than_the_text():
    short = Haystack.of(["Paris", "Tirana", "Ashraf"] * 100)
    assert short.index is None
    rng = random.Random(5)
    long = Haystack.of([random_text(rng, 1200) for _ in range(300)])
    assert long.index is not None
    assert long.index.nbytes < len(long.joined)
