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

_QUOTES = "'’‘`´ʼʻ\"“”„«»"
_DROP = str.maketrans("", "", _QUOTES)
_SPACE = re.compile(r"[\s\-‐‑‒–—―_/.,;:!?()\[\]{}]+")
_EZAFE = re.compile(r"(?<=\w) (?:e|ye) (?=\w)")
SEPARATOR = "\x00"


def fold(text: str) -> str:
    """``text`` as the search compares it: lower case, no accents, quotes, hyphens or ezafe.

    >>> fold("Forough-e Javidan") == fold("Forough Javidan") == "forough javidan"
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().translate(_DROP)
    spaced = " " + _SPACE.sub(" ", plain).strip() + " "
    return _EZAFE.sub(" ", _EZAFE.sub(" ", spaced)).strip()


@dataclass(frozen=True)
class Haystack:
    """Folded texts of every row, also joined into one string so a search over all rows is one scan."""

    texts: np.ndarray  # object array of folded str, one per row
    joined: str
    starts: list[int]  # offset of each row's text in ``joined``

    @classmethod
    def of(cls, texts: Iterable[str]) -> Haystack:
        folded = [fold(t).replace(SEPARATOR, " ") for t in texts]
        starts, pos = [], 0
        for t in folded:
            starts.append(pos)
            pos += len(t) + 1
        return cls(np.array(folded, dtype=object), SEPARATOR.join(folded), starts)

    def keep_matching(self, query: str, mask: np.ndarray) -> None:
        """Clear in ``mask`` the rows whose text lacks the folded ``query``.

        When every row is still kept, the joined text is scanned once (each match costs a
        binary search for its row); otherwise only the kept rows are tested.
        """
        needle = fold(query)
        if not needle:
            return
        if mask.all():
            found = np.zeros(len(mask), dtype=bool)
            joined, starts, find = self.joined, self.starts, self.joined.find
            at = find(needle)
            while at != -1:
                row = bisect_right(starts, at) - 1
                found[row] = True
                nxt = starts[row + 1] if row + 1 < len(starts) else len(joined)
                at = find(needle, nxt)
            mask &= found
            return
        rows = np.flatnonzero(mask)
        hit = np.fromiter((needle in s for s in self.texts[rows]), dtype=bool, count=len(rows))
        mask[rows[~hit]] = False


MAX_GRAM = 3


def vocabulary(phrases: Iterable[str]) -> list[str]:
    """Distinct folded runs of one to three words of the given phrases (names, titles, places, tags).

    What :func:`suggest` offers: a query of k words is compared with runs of k words.
    """
    out: dict[str, None] = {}
    for phrase in phrases:
        words = fold(phrase).split()
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
