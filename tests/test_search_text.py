"""Search folding, the one-scan search over every row, and "did you mean" suggestions."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.filters.text import Haystack, fold, suggest, vocabulary


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


@pytest.mark.parametrize("kept", [None, [True, True, False, True], [False, True, True, True]])
def test_search_keeps_exactly_the_rows_holding_the_folded_query(kept):
    hay = Haystack.of(TEXTS)
    mask = np.ones(len(TEXTS), dtype=bool) if kept is None else np.array(kept)
    expected = [bool(m) and ("javidan" in t.lower()) for m, t in zip(mask, TEXTS, strict=True)]
    hay.keep_matching("forough-E JAVIDAN", mask)
    assert list(mask) == expected


def test_a_match_never_spans_two_rows_and_every_match_in_a_row_counts_once():
    hay = Haystack.of(["ends with fo", "rough start", "forough forough", "x forough"])
    mask = np.ones(4, dtype=bool)
    hay.keep_matching("fo rough", mask)  # folded: "fo rough" is not in any single row
    assert list(mask) == [False, False, False, False]
    mask = np.ones(4, dtype=bool)
    hay.keep_matching("forough", mask)
    assert list(mask) == [False, False, True, True]


def test_an_empty_query_keeps_everything():
    mask = np.ones(2, dtype=bool)
    Haystack.of(["a", "b"]).keep_matching(" - ", mask)
    assert list(mask) == [True, True]


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
