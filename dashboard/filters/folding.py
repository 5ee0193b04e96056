"""Folding (pure): text as the search compares it, whatever its spelling conventions.

Case, accents, apostrophes and quotation marks, hyphens and dashes, and the Persian ezafe
("Forough-e Javidan", "Forough Javidan") do not matter. Folding works on UTF-8 bytes, many rows
joined by NUL at once, so folding a whole record's texts costs a few passes over them.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

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
    return fold_bytes(text.replace(SEPARATOR, " ").encode("utf-8")).decode("utf-8").strip()


def _fold_run(run: str) -> str:
    """A run of non-ASCII characters folded: decomposed (accents become combining marks, then go), case-folded.

    Lower-cased last: case folding leaves no capital sigma, the one character ``str.lower``
    lower-cases by its neighbours, so a run lower-cased alone is lower-cased as in its text.
    """
    decomposed = unicodedata.normalize("NFKD", run).casefold()
    return _COMBINING.sub("", decomposed).translate(_NON_ASCII_TABLE).lower()


def fold_bytes(data: bytes) -> bytes:
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


def fold_rows(rows: list[str]) -> tuple[bytes, list[int]]:
    """The folded ``rows``, each stripped, as UTF-8 joined by NUL, and where each row begins (and one past the end)."""
    if not rows:
        return b"", [0]
    whole = SEPARATOR.join(rows)
    if whole.count(SEPARATOR) != len(rows) - 1:
        whole = SEPARATOR.join([row.replace(SEPARATOR, " ") for row in rows])
    folded = fold_bytes(whole.encode("utf-8"))
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
