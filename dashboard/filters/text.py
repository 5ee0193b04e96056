"""Free-text matching that forgives spelling conventions, and suggestions when nothing matches.

A query asks for every word it holds, in any order ("relocation Albania" finds "the relocation of
the group to Albania"), and for each phrase in quotation marks as written ("\"camp liberty\"").
Text and query are *folded* the same way (:mod:`.folding`) before a plain substring test of each,
over one joined byte string of every row, narrowed by a :class:`GramIndex` where rows are long.
Pure, no Streamlit.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
from rapidfuzz import fuzz, process

from .folding import SEPARATOR, fold, fold_bytes, fold_rows

_HASH = 0x9E3779B1
"""Multiplier of the hash that sends each run of three bytes to a bit of a row's signature."""
_MIN_ROW_BYTES = 96
"""Average row length below which :meth:`Haystack.of` builds no :class:`GramIndex` (it would near the text's size)."""
_CHUNK = 1 << 17
"""Bytes of text indexed at a time: bounds the memory the build uses beyond the index itself."""
_PROBES = 16
"""Most signature bits a query tests (the rarest ones of its grams)."""


@dataclass(frozen=True, eq=False)
class GramIndex:
    """For each row, a signature of its bytes and three-byte runs, so a search reads only the rows that may match.

    A row's signature has 256 bits, one per byte value, set exactly for the bytes the row holds,
    then ``2 ** run_bits`` bits set by a hash of each run of three bytes in the row. A row
    holding a needle has every bit of the needle's runs and bytes, so rows lacking one are ruled
    out without reading their text; the rows left are then read. A needle of one byte needs no
    reading at all. Signatures are stored bit position first: ``planes[j, row]`` holds bits
    ``8 j`` to ``8 j + 7`` of a row's signature, so testing a bit reads one contiguous byte per row.
    """

    run_bits: int
    planes: np.ndarray
    """``uint8``, ``((256 + 2 ** run_bits) // 8, rows)``."""
    counts: np.ndarray
    """How many rows have each signature bit (rarer bits rule out more rows)."""
    bounds: np.ndarray
    """``int64`` byte offset of each row in the joined text, and one past the end (as ``Haystack.starts``)."""

    @classmethod
    def of(cls, joined: bytes, starts: list[int], run_bits: int) -> GramIndex:
        """The index of a haystack's ``joined`` text and row ``starts``, hashing runs to ``2 ** run_bits`` bits.

        Built a chunk of rows at a time (about ``_CHUNK`` bytes), so the memory it needs beyond the
        index grows with the longest row, not with the text.
        """
        width = 256 + (1 << run_bits)
        spare = width  # column of the runs that hold a row's end, dropped before packing
        bounds = np.asarray(starts, dtype=np.int64)
        n = len(bounds) - 1
        text = np.frombuffer(joined, dtype=np.uint8)
        planes = np.zeros((width // 8, n), dtype=np.uint8)
        counts = np.zeros(width, dtype=np.int64)
        shift = np.uint32(32 - run_bits)
        max_rows = max(1, 4 * _CHUNK // (width + 1))
        r0 = 0
        while r0 < n:
            r1 = int(np.searchsorted(bounds, bounds[r0] + _CHUNK, side="right")) - 1
            r1 = min(max(r1, r0 + 1), r0 + max_rows, n)
            lo, hi = int(bounds[r0]), min(int(bounds[r1]), len(text))
            size = hi - lo
            chunk = np.zeros(size + 4, dtype=np.uint8)
            chunk[:size] = text[lo:hi]
            runs = np.ndarray((size,), dtype="<u4", buffer=chunk, strides=(1,)) & np.uint32(0xFFFFFF)
            runs *= np.uint32(_HASH)
            runs >>= shift
            runs += np.uint32(256)
            ends = bounds[r0 + 1 : r1 + 1] - 1 - lo  # each row's NUL (the last row's may be past the text)
            crossing = np.concatenate([ends - 2, ends - 1, ends])
            runs[crossing[(crossing >= 0) & (crossing < size)]] = spare
            row_base = np.repeat(
                np.arange(0, (r1 - r0) * (width + 1), width + 1, dtype=np.int64), np.diff(bounds[r0 : r1 + 1])
            )[:size]
            seen = np.zeros((r1 - r0, width + 1), dtype=bool)
            flat = seen.reshape(-1)
            flat[row_base + chunk[:size]] = True
            row_base += runs
            flat[row_base] = True
            kept = seen[:, :width]
            planes[:, r0:r1] = np.packbits(kept, axis=1, bitorder="little").T
            counts += np.add.reduce(kept.view(np.uint8), axis=0, dtype=np.int32)
            r0 = r1
        planes[0] &= np.uint8(0xFE)  # the rows' NUL separators
        counts[0] = 0
        return cls(run_bits, planes, counts, bounds)

    @property
    def nbytes(self) -> int:
        """Memory held by the index."""
        return self.planes.nbytes + self.counts.nbytes + self.bounds.nbytes

    def _bits(self, needle: bytes) -> list[int]:
        """The signature bits of ``needle``'s bytes and runs of three bytes, rarest first, at most ``_PROBES``."""
        shift = 32 - self.run_bits
        runs = {int.from_bytes(needle[i : i + 3], "little") for i in range(len(needle) - 2)}
        bits = {256 + (((c * _HASH) & 0xFFFFFFFF) >> shift) for c in runs} | set(needle)
        return sorted(bits, key=lambda b: (self.counts[b], b))[:_PROBES]

    def candidates(self, needle: bytes, mask: np.ndarray) -> np.ndarray:
        """The kept rows (positions) whose signature has every bit of ``needle``: all its matches, and maybe more."""
        wanted: dict[int, int] = {}
        for b in self._bits(needle):
            wanted[b >> 3] = wanted.get(b >> 3, 0) | (1 << (b & 7))
        keep = mask.copy()
        for plane, want in wanted.items():
            keep &= (self.planes[plane] & np.uint8(want)) == want
        return np.flatnonzero(keep)

    def keep_matching(self, joined: bytes, needle: bytes, mask: np.ndarray) -> None:
        """Clear in ``mask`` the rows of ``joined`` that lack ``needle``; only the candidates are read."""
        rows = self.candidates(needle, mask)
        mask[:] = False
        if len(needle) == 1:  # the byte's own bit is exact
            mask[rows] = True
            return
        first = self.bounds[rows].tolist()
        last = (self.bounds[rows + 1] - 1).tolist()
        found = np.fromiter(map(joined.find, repeat(needle), first, last), dtype=np.int64, count=len(rows))
        mask[rows[found >= 0]] = True


@dataclass(frozen=True)
class Haystack:
    """The folded text of every row, as one UTF-8 byte string, searched in one scan or through its index.

    Rows are separated by NUL (which folding never leaves in a text); ``starts[i]`` is the byte
    offset of row ``i`` and ``starts[-1]`` is one past the end. One copy of the text, one byte a
    character for most text, and, where rows are long enough for it to pay, a :class:`GramIndex`
    (smaller than the text) that narrows a search to the rows that may match.
    """

    joined: bytes
    starts: list[int]
    index: GramIndex | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, texts: Iterable[str], *, indexed: bool | None = None) -> Haystack:
        """The haystack of ``texts``, folded.

        ``indexed`` builds a :class:`GramIndex` (True), none (False), or one when rows average at
        least ``_MIN_ROW_BYTES`` bytes (None). Its runs of three bytes are hashed to two to four
        bits per byte of an average row (64 to 4,096 bits), so the index holds at most half as
        many bytes as the text plus 40 a row (the bits of bytes, the row's offset).
        """
        joined, starts = fold_rows(list(texts))
        if len(starts) == 1:
            return cls(joined, starts)
        average = (len(joined) + 1) / (len(starts) - 1) - 1
        if indexed is None:
            indexed = average >= _MIN_ROW_BYTES
        if not indexed:
            return cls(joined, starts)
        run_bits = min(max(int(4 * average).bit_length() - 1, 6), 12)
        return cls(joined, starts, GramIndex.of(joined, starts, run_bits))

    def __len__(self) -> int:
        return len(self.starts) - 1

    def text(self, row: int) -> str:
        """The folded text of one row."""
        return self.joined[self.starts[row] : self.starts[row + 1] - 1].decode("utf-8")

    def keep_matching(self, query: str, mask: np.ndarray) -> None:
        """Clear in ``mask`` the rows whose text lacks any of the query's :func:`terms`.

        The longest term is looked for first, each in the rows still kept. With a :class:`GramIndex`,
        only the kept rows whose signature allows the term are tested. Without one, when every row
        is still kept, the joined text is scanned once (each match costs a binary search for its
        row, and the scan goes on from the next row); otherwise only the kept rows are tested.
        """
        for term in sorted(terms(query), key=len, reverse=True):
            self._keep_holding(term.encode("utf-8"), mask)

    def _keep_holding(self, needle: bytes, mask: np.ndarray) -> None:
        """Clear in ``mask`` the rows whose folded text lacks ``needle`` (folded, not empty)."""
        joined, starts = self.joined, self.starts
        if self.index is not None:
            self.index.keep_matching(joined, needle, mask)
            return
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


_PHRASE = re.compile(r'"([^"]*)"|“([^”]*)”|„([^“”]*)[“”]|«([^»]*)»')
"""A phrase in straight, curly, low or angle quotation marks."""


def terms(query: str) -> list[str]:
    """What a query asks every matching text to hold, folded: each quoted phrase whole, then each other word.

    >>> terms('relocation "Camp Liberty" Albania')
    ['camp liberty', 'relocation', 'albania']
    """
    phrases, rest, at = [], [], 0
    for m in _PHRASE.finditer(query):
        rest.append(query[at : m.start()])
        phrases.append(fold(next(g for g in m.groups() if g is not None)))
        at = m.end()
    rest.append(query[at:])
    return list(dict.fromkeys(t for t in [*phrases, *fold(" ".join(rest)).split()] if t))


MAX_GRAM = 3


def vocabulary(phrases: Iterable[str]) -> list[str]:
    """Distinct folded runs of one to three words of the given phrases (names, titles, places, tags).

    What :func:`suggest` offers: a query of k words is compared with runs of k words.
    """
    out: dict[str, None] = {}
    rows = [p.replace(SEPARATOR, " ") for p in dict.fromkeys(phrases)]
    for folded in fold_bytes(SEPARATOR.join(rows).encode("utf-8")).decode("utf-8").split(SEPARATOR) if rows else []:
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
