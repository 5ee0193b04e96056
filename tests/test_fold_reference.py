"""Folding, the haystack's rows, the searched texts and the id index equal their reference definitions on any input.

The references below are plain, direct implementations (one regular expression substitution per
step, one row at a time); the module's own implementations must give exactly what they give.
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata

import numpy as np
import pandas as pd
import pytest

from dashboard.filters.base import rows_by_id
from dashboard.filters.folding import fold
from dashboard.filters.kinds import SEARCHED, search_texts
from dashboard.filters.text import Haystack, vocabulary

# --- the references ------------------------------------------------------------------------

_QUOTES = "'’‘`´ʼʻ\"“”„«»‹›"
_DASHES = "‐‑‒–—―−\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_NON_ASCII_TABLE = str.maketrans({**dict.fromkeys(_QUOTES), **dict.fromkeys(_DASHES, " ")})
_ASCII_PUNCT = b"-_/.,;:!?()[]{}\t\n\r\f\v"
_ASCII_TABLE = bytes.maketrans(_ASCII_PUNCT, b" " * len(_ASCII_PUNCT))
_RUNS = re.compile(r"  +")
_EZAFE = re.compile(r"(\w) y?e (?=\w)")
SEPARATOR = "\x00"


def reference_fold(text: str) -> str:
    return _reference_fold_all(text.replace(SEPARATOR, " ")).strip()


def _reference_fold_run(match: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", match.group()).casefold()
    return _COMBINING.sub("", decomposed).translate(_NON_ASCII_TABLE)


def _reference_fold_all(text: str) -> str:
    plain = _NON_ASCII.sub(_reference_fold_run, text).lower()
    spaced = plain.encode("utf-8").translate(_ASCII_TABLE, b"'\"`").decode("utf-8")
    return _EZAFE.sub(r"\1 ", _RUNS.sub(" ", spaced))


def reference_rows(texts: list[str]) -> tuple[bytes, list[int]]:
    """The joined text and row starts of the haystack of ``texts``."""
    rows = [t.replace(SEPARATOR, " ") for t in texts]
    if not rows:
        return b"", [0]
    encoded = [part.strip().encode("utf-8") for part in _reference_fold_all(SEPARATOR.join(rows)).split(SEPARATOR)]
    starts, pos = [], 0
    for e in encoded:
        starts.append(pos)
        pos += len(e) + 1
    starts.append(pos)
    return b"\x00".join(encoded), starts


def reference_vocabulary(phrases: list[str]) -> list[str]:
    out: dict[str, None] = {}
    rows = [p.replace(SEPARATOR, " ") for p in dict.fromkeys(phrases)]
    for folded in _reference_fold_all(SEPARATOR.join(rows)).split(SEPARATOR) if rows else []:
        words = folded.split()
        for n in range(1, 4):
            for i in range(len(words) - n + 1):
                run = " ".join(words[i : i + n])
                if len(run) > 3:
                    out[run] = None
    return list(out)


_LISTS = {"tags", "actor_names", "actor_aliases"}


def reference_search_texts(frame: pd.DataFrame) -> list[str]:
    parts = [
        frame[c].map("\n".join) if c in _LISTS else frame[c].fillna("").astype(str) for c in SEARCHED if c in frame
    ]
    return (parts[0].str.cat(parts[1:], sep="\n", na_rep="") if parts else pd.Series("", index=frame.index)).tolist()


def reference_rows_by_id(column: pd.Series) -> dict[str, np.ndarray]:
    if not len(column):
        return {}
    exploded = column.explode().dropna()
    positions = np.repeat(np.arange(len(column)), column.map(len).to_numpy(dtype=np.int64))
    ids = exploded.to_numpy(dtype=object)
    order = np.argsort(ids, kind="stable")
    ids, positions = ids[order], positions[order]
    keys, starts = np.unique(ids, return_index=True)
    bounds = [*starts[1:], len(ids)]
    return {str(k): positions[s:e] for k, s, e in zip(keys, starts, bounds, strict=True)}


# --- random text with what folding treats specially ------------------------------------------

PIECES = [
    *"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
    "e", "e", "y", "ye", "E", "YE", "Ye",
    " ", " ", " ", "  ", "   ", "\t", "\n", "\r\n", "\x0b", "\x0c",
    "-", "-e ", "-ye ", " e ", " ye ", " e e ", "‑e ", "–", "—", "―", "−", "‐", "_", "/", ".", ",", ";", ":", "!", "?",
    "(", ")", "[", "]", "{", "}",
    "'", '"', "`", "’", "‘", "“", "”", "„", "«", "»", "‹", "›", "´", "ʼ", "ʻ",
    "\x00", "\x00", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u2028", "\u2029",
    "\u00a0", "\u1680", "\u2002", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000", "\u200b", "\u200c", "\u200d",
    "é", "É", "è", "ç", "Ç", "à", "ā", "ï", "ö", "ü", "Å", "ß", "ẞ", "İ", "ı", "Σ", "σ", "ς", "ﬁ", "ﬀ", "Ǆ", "ǅ",
    "\u212a", "\u2126", "Ａ", "＂", "＇", "－", "℀", "½", "²", "ǲ", "Ⅻ", "ꭰ", "Ꭰ", "ǰ", "ΐ",
    "\u0301", "\u0308", "\u0327", "\u0345", "\u20d0", "\u1ab0", "\u1dc0", "\ufe20", "\u0651", "\u064e", "\u0650",
    "\u05b8", "\u093c", "\u0e48",
    "فارسی", "عربي", "ی", "ه", "ۀ", "ة", "ي", "ک", "گ", "\u0640", "۱۲", "١٢",
    "Ж", "ж", "中", "文", "한", "가", "ไทย",
    "𝔄", "𝐀", "😀", "👍🏽", "𐐀", "𐐨", "𞤀", "\U0001f1ee\U0001f1f7", "\U000e0041",
]  # fmt: skip


def random_text(rng: random.Random, longest: int) -> str:
    out = []
    for _ in range(rng.randint(0, longest)):
        if rng.random() < 0.03:
            out.append(chr(rng.choice([rng.randrange(0x80, 0xD800), rng.randrange(0xE000, sys.maxunicode + 1)])))
        else:
            out.append(rng.choice(PIECES))
    return "".join(out)


@pytest.mark.parametrize("seed", range(8))
def test_fold_equals_its_reference_on_random_text(seed):
    rng = random.Random(seed)
    for _ in range(400):
        text = random_text(rng, rng.choice([1, 5, 30, 200]))
        assert fold(text) == reference_fold(text), repr(text)


@pytest.mark.parametrize("seed", range(8))
def test_the_rows_of_a_haystack_equal_their_reference_on_random_text(seed):
    rng = random.Random(100 + seed)
    texts = [random_text(rng, rng.choice([0, 1, 4, 40, 300])) for _ in range(rng.randint(1, 150))]
    hay = Haystack.of(texts, indexed=False)
    assert (hay.joined, hay.starts) == reference_rows(texts)
    assert [hay.text(i) for i in range(len(hay))] == [reference_fold(t) for t in texts]


@pytest.mark.parametrize(
    "texts",
    [
        [],
        [""],
        ["", ""],
        [" "],
        ["\x00"],
        [" \x00 "],
        ["  a  ", " b", "c ", "   "],
        ["\x1ca\x1f", "\x85b\u2028", "\u2029", "a \x85", "\x1c "],
        ["a e b", "a e e b", "x ye ", " e y", "e y", "a-e-b", "é e ü", "فارسی-e عربي", "1 ye 2", "_ e _", "a e\x00b"],
        ["a", "", "\x00", "b\x00c", ""],
    ],
)
def test_the_rows_of_a_haystack_equal_their_reference_at_the_edges(texts):
    hay = Haystack.of(texts, indexed=False)
    assert (hay.joined, hay.starts) == reference_rows(texts)


def test_every_character_folds_as_its_reference_folds_it_alone_and_between_words():
    chars = [chr(c) for c in range(0x80, sys.maxunicode + 1) if unicodedata.category(chr(c)) not in ("Cn", "Co", "Cs")]
    texts = [*chars, *(f"A{c}b-e {c}z {c} ye {c}" for c in chars)]
    hay = Haystack.of(texts, indexed=False)
    assert (hay.joined, hay.starts) == reference_rows(texts)


@pytest.mark.parametrize("seed", range(3))
def test_vocabulary_equals_its_reference(seed):
    rng = random.Random(200 + seed)
    phrases = [random_text(rng, rng.choice([3, 12, 40])) for _ in range(200)]
    phrases += phrases[:20]
    assert vocabulary(phrases) == reference_vocabulary(phrases)


def test_text_that_is_not_valid_unicode_is_refused_as_by_the_reference():
    for text in ["a\ud800b", "é\udfff", "\udc80"]:
        with pytest.raises(UnicodeEncodeError):
            reference_fold(text)
        with pytest.raises(UnicodeEncodeError):
            fold(text)
        with pytest.raises(UnicodeEncodeError):
            Haystack.of(["ok", text])


def _frame(rng: random.Random, n: int) -> pd.DataFrame:
    def words() -> list[str]:
        return [random_text(rng, 6) for _ in range(rng.randint(0, 3))]

    return pd.DataFrame(
        {
            "title": pd.Series([random_text(rng, 10) for _ in range(n)], dtype=str),
            "summary": pd.Series([random_text(rng, 30) if rng.random() < 0.8 else None for _ in range(n)], dtype=str),
            "quotes": pd.Series([random_text(rng, 60) for _ in range(n)], dtype=str),
            "contested_note": pd.Series([rng.choice(["", None, "a note"]) for _ in range(n)], dtype=object),
            "place": pd.Series([rng.choice(["", None, "Paris", "Tirana–Durrës", 7]) for _ in range(n)], dtype=object),
            "tags": [words() for _ in range(n)],
            "actor_names": [words() for _ in range(n)],
            "actor_aliases": [words() for _ in range(n)],
        },
        index=[f"e{i}" for i in range(n)],
    )


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(
    "columns", [list(SEARCHED), ["tags", "place"], ["quotes"], [], ["summary", "actor_aliases", "title"]]
)
def test_the_searched_texts_equal_their_reference(seed, columns):
    rng = random.Random(300 + seed)
    frame = _frame(rng, rng.choice([0, 1, 40]))[columns]
    assert search_texts(frame) == reference_search_texts(frame)


@pytest.mark.parametrize("seed", range(6))
def test_the_rows_of_each_id_equal_their_reference(seed):
    rng = random.Random(400 + seed)
    ids = [f"id{i}" for i in range(rng.randint(1, 12))] + ["Z", "a", "é", "10", "9"]
    column = pd.Series([rng.sample(ids, rng.randint(0, 4)) + rng.choice([[], [rng.choice(ids)]]) for _ in range(60)])
    got, expected = rows_by_id(column), reference_rows_by_id(column)
    assert list(got) == list(expected)
    for key, rows in expected.items():
        assert got[key].dtype == rows.dtype and got[key].tolist() == rows.tolist()
    assert rows_by_id(pd.Series([], dtype=object)) == {} == rows_by_id(pd.Series([[], []]))
