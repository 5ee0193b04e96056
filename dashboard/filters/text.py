"""Free-text matching that forgives spelling conventions, and suggestions when nothing matches.

A query asks for every word it holds, in any order ("relocation Albania" finds "the relocation of
the group to Albania"), and for each phrase in quotation marks as written ("\"camp liberty\"").
Text and query are *folded* the same way before a plain substring test of each: case, accents,
apostrophes and quotation marks, hyphens and dashes, and the Persian ezafe ("Forough-e
Javidan", "Forough Javidan") do not matter. Pure, no Streamlit.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
from rapidfuzz import fuzz, process

_QUOTES = "'’‘`´ʼʻ\"“”„«»‹›"
_DASHES = "‐‑‒–—―−\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_NON_ASCII_TABLE = str.maketrans({**dict.fromkeys(_QUOTES), **dict.fromkeys(_DASHES, " ")})
_ASCII_PUNCT = b"-_/.,;:!?()[]{}\t\n\r\f\v"
_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_TABLE = bytes.maketrans(_ASCII_PUNCT + _ASCII_UPPER, b" " * len(_ASCII_PUNCT) + _ASCII_UPPER.lower())
"""ASCII punctuation to spaces and capitals to small letters, as ``bytes.lower`` makes them."""
_ASCII_QUOTES = b"'\"`"
_ASCII_SPACE = bytes(c for c in range(128) if chr(c).isspace())
"""The ASCII characters ``str.strip`` removes."""
_OTHER_SPACES = "\x1c\x1d\x1e\x1f\x85\u2028\u2029"
"""What ``str.strip`` removes, besides the space, that folding keeps (and never makes of other characters)."""
_WORD = re.compile(r"\w")
_EZAFE = (b" e ", b" ye ")
"""The ezafe between two words (``\\w``), as folded text holds it: it is dropped, one space left."""
SEPARATOR = "\x00"


def fold(text: str) -> str:
    """``text`` as the search compares it: lower case, no accents, quotes, hyphens or ezafe.

    >>> fold("Forough-e Javidan") == fold("Forough Javidan") == "forough javidan"
    True
    """
    return _fold_bytes(text.replace(SEPARATOR, " ").encode("utf-8")).decode("utf-8").strip()


def _fold_run(run: str) -> str:
    """A run of non-ASCII characters folded: decomposed (accents become combining marks, then go), case-folded.

    Lower-cased last: case folding leaves no capital sigma, the one character ``str.lower``
    lower-cases by its neighbours, so a run lower-cased alone is lower-cased as in its text.
    """
    decomposed = unicodedata.normalize("NFKD", run).casefold()
    return _COMBINING.sub("", decomposed).translate(_NON_ASCII_TABLE).lower()


def _fold_bytes(data: bytes) -> bytes:
    """:func:`fold` of UTF-8 ``data``, every NUL-delimited part at once, except that parts are not stripped.

    Each maximal run of non-ASCII characters is folded by :func:`_fold_run`, each distinct run
    once; ASCII case and punctuation go through one byte table; runs of spaces and the ezafe are
    found in the bytes; so the cost stays close to a few passes over the text.
    """
    if not data.isascii():
        data = _fold_non_ascii(data)
    spaced = data.translate(_ASCII_TABLE, _ASCII_QUOTES)
    return _drop_ezafe(_single_spaces(spaced))


def _fold_non_ascii(data: bytes) -> bytes:
    """``data`` with each maximal run of non-ASCII characters (bytes from 0x80) replaced by its :func:`_fold_run`."""
    high = np.frombuffer(data, dtype=np.uint8) >= 0x80
    edges = (np.flatnonzero(high[1:] != high[:-1]) + 1).tolist()
    if high[0]:
        edges.insert(0, 0)
    if high[-1]:
        edges.append(len(data))
    starts, ends = edges[::2], edges[1::2]
    runs = list(map(data.__getitem__, map(slice, starts, ends)))
    folded = {run: _fold_run(run.decode("utf-8")).encode("utf-8") for run in set(runs)}
    pieces = [b""] * (2 * len(runs) + 1)
    pieces[::2] = map(data.__getitem__, map(slice, [0, *ends], [*starts, len(data)]))
    pieces[1::2] = map(folded.__getitem__, runs)
    return b"".join(pieces)


def _single_spaces(data: bytes) -> bytes:
    """``data`` with every run of spaces made one space."""
    codes = np.frombuffer(data, dtype=np.uint8)
    space = codes == 32
    doubled = space[1:] & space[:-1]
    if not doubled.any():
        return data
    keep = np.ones(len(codes), dtype=bool)
    np.logical_not(doubled, out=keep[1:])
    return codes[keep].tobytes()


def _drop_ezafe(data: bytes) -> bytes:
    """``data`` without the ezafe: a word, " e " or " ye ", a word becomes the two words one space apart.

    The ezafe is matched as a regular expression ``(\\w) y?e (?=\\w)`` would be, left to right,
    each match beginning at or after the end of the previous one.
    """
    found = []
    for needle in _EZAFE:
        at = data.find(needle)
        while at != -1:
            found.append((at, at + len(needle)))
            at = data.find(needle, at + 1)
    if not found:
        return data
    found.sort()
    pieces, done = [], 0
    for at, end in found:
        begin = at - 1
        while begin > 0 and 0x80 <= data[begin] < 0xC0:  # back to the first byte of the character
            begin -= 1
        if begin < done or not _is_word(data[begin:at]) or not _is_word(_char_at(data, end)):
            continue
        pieces.append(data[done : at + 1])
        done = end
    pieces.append(data[done:])
    return b"".join(pieces)


def _char_at(data: bytes, i: int) -> bytes:
    """The UTF-8 bytes of the character beginning at byte ``i`` (empty past the end)."""
    lead = data[i] if i < len(data) else 0
    return data[i : i + (1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4)]


def _is_word(char: bytes) -> bool:
    """True when the UTF-8 ``char`` is one word character (``\\w``)."""
    return bool(char) and _WORD.fullmatch(char.decode("utf-8")) is not None


def _strip(part: bytes) -> bytes:
    """UTF-8 ``part`` without the leading and trailing whitespace ``str.strip`` removes."""
    out = part.strip(_ASCII_SPACE)
    if out and (out[0] >= 0x80 or out[-1] >= 0x80):
        return out.decode("utf-8").strip().encode("utf-8")
    return out


def _fold_rows(rows: list[str]) -> tuple[bytes, list[int]]:
    """The folded ``rows``, each stripped, as UTF-8 joined by NUL, and where each row begins (and one past the end)."""
    if not rows:
        return b"", [0]
    whole = SEPARATOR.join(rows)
    if whole.count(SEPARATOR) != len(rows) - 1:
        whole = SEPARATOR.join([row.replace(SEPARATOR, " ") for row in rows])
    folded = _fold_bytes(whole.encode("utf-8"))
    if any(space in whole for space in _OTHER_SPACES):
        joined = b"\x00".join(map(_strip, folded.split(b"\x00")))
        ends = np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) == 0)
    else:
        joined, ends = _strip_spaces(folded)
    return joined, [0, *(ends + 1).tolist(), len(joined) + 1]


def _strip_spaces(folded: bytes) -> tuple[bytes, np.ndarray]:
    """``folded`` without the space at either end of each NUL-delimited row, and the positions of its NULs.

    Folded text holds no run of spaces, so a row has at most one space at either end.
    """
    codes = np.frombuffer(folded, dtype=np.uint8)
    nuls = np.flatnonzero(codes == 0)
    edges = np.concatenate([nuls - 1, nuls + 1, [0, len(codes) - 1]])  # last and first byte of each row
    edges = edges[(edges >= 0) & (edges < len(codes))]
    drop = np.unique(edges[codes[edges] == 32])
    if not len(drop):
        return folded, nuls
    kept = map(slice, [0, *(drop + 1).tolist()], [*drop.tolist(), len(folded)])
    return b"".join(map(folded.__getitem__, kept)), nuls - np.searchsorted(drop, nuls)


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
        joined, starts = _fold_rows(list(texts))
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
    for folded in _fold_bytes(SEPARATOR.join(rows).encode("utf-8")).decode("utf-8").split(SEPARATOR) if rows else []:
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
