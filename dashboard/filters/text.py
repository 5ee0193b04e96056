"""Free-text matching that forgives spelling conventions, and suggestions when nothing matches.

Text and queries are *folded* the same way before a plain substring test: case, accents,
apostrophes and quotation marks, hyphens and dashes, and the Persian ezafe ("Forough-e
Javidan", "Forough Javidan") do not matter. Pure, no Streamlit.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

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


def fold(text: str) -> str:
    """``text`` as the search compares it: lower case, no accents, quotes, hyphens or ezafe.

    >>> fold("Forough-e Javidan") == fold("Forough Javidan") == "forough javidan"
    True
    """
    return _fold_all(text.replace(SEPARATOR, " ")).strip()


def _fold_run(match: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", match.group()).casefold()
    return _COMBINING.sub("", decomposed).translate(_NON_ASCII_TABLE)


def _fold_all(text: str) -> str:
    """:func:`fold` of every ``SEPARATOR``-delimited part at once.

    Only runs of non-ASCII characters are decomposed (accents become combining marks, then go);
    ASCII punctuation becomes spaces through a byte table; so the cost stays close to one pass
    over the text.
    """
    plain = _NON_ASCII.sub(_fold_run, text).lower()
    spaced = plain.encode("utf-8").translate(_ASCII_TABLE, b"'\"`").decode("utf-8")
    return _EZAFE.sub(r"\1 ", _RUNS.sub(" ", spaced))


@dataclass(frozen=True)
class Haystack:
    """The folded text of every row, as one UTF-8 byte string, so that a search over all rows is one scan.

    Rows are separated by NUL (which folding never leaves in a text); ``starts[i]`` is the byte
    offset of row ``i`` and ``starts[-1]`` is one past the end. One copy of the text, one byte a
    character for most text.
    """

    joined: bytes
    starts: list[int]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Haystack:
        rows = [t.replace(SEPARATOR, " ") for t in texts]
        if not rows:
            return cls(b"", [0])
        encoded = [part.strip().encode("utf-8") for part in _fold_all(SEPARATOR.join(rows)).split(SEPARATOR)]
        starts, pos = [], 0
        for e in encoded:
            starts.append(pos)
            pos += len(e) + 1
        starts.append(pos)
        return cls(b"\x00".join(encoded), starts)

    def __len__(self) -> int:
        return len(self.starts) - 1

    def text(self, row: int) -> str:
        """The folded text of one row."""
        return self.joined[self.starts[row] : self.starts[row + 1] - 1].decode("utf-8")

    def keep_matching(self, query: str, mask: np.ndarray) -> None:
        """Clear in ``mask`` the rows whose text lacks the folded ``query``.

        When every row is still kept, the joined text is scanned once (each match costs a
        binary search for its row, and the scan goes on from the next row); otherwise only the
        kept rows are tested.
        """
        needle = fold(query).encode("utf-8")
        if not needle:
            return
        joined, starts = self.joined, self.starts
        if mask.all():
            found = np.zeros(len(mask), dtype=bool)
            find = joined.find
            at = find(needle)
            while at != -1:
                row = bisect_right(starts, at) - 1
                found[row] = True
                at = find(needle, starts[row + 1])
            mask &= found
            return
        rows = np.flatnonzero(mask)
        hit = np.fromiter((needle in joined[starts[r] : starts[r + 1] - 1] for r in rows), dtype=bool, count=len(rows))
        mask[rows[~hit]] = False


MAX_GRAM = 3


def vocabulary(phrases: Iterable[str]) -> list[str]:
    """Distinct folded runs of one to three words of the given phrases (names, titles, places, tags).

    What :func:`suggest` offers: a query of k words is compared with runs of k words.
    """
    out: dict[str, None] = {}
    rows = [p.replace(SEPARATOR, " ") for p in dict.fromkeys(phrases)]
    for folded in _fold_all(SEPARATOR.join(rows)).split(SEPARATOR) if rows else []:
        words = folded.split()
        for n in range(1, MAX_GRAM + 1):
            for i in range(len(words) - n + 1):
                run = " ".join(words[i : i + n])
                if len(run) > 3:
                    out[run] = None
    return list(out)


def suggest(query: str, choices: list[str], *, limit: int = 3, cutoff: float = 70.0) -> list[str]:
    """Up to ``limit`` choices spelled close to ``query``, best first, for a "did you mean".

    Choices of as many words as the query are compared letter by letter (so "forugh javidun"
    finds "forough javidan"); the query itself is never offered.
    """
    needle = fold(query)
    if not needle:
        return []
    k = min(len(needle.split()), MAX_GRAM)
    same = [c for c in choices if c.count(" ") == k - 1]
    found = process.extract(needle, same, scorer=fuzz.ratio, limit=limit + 1, score_cutoff=cutoff)
    return [choice for choice, _score, _i in found if choice != needle][:limit]
