"""Finding quoted passages in source texts, forgiving typography and nothing else.

A source is normalised once: runs of whitespace become one space, curly quotes straight,
dash variants a hyphen, and every other non-ASCII character its compatibility
decomposition (NFKD). Every replacement is remembered, so a match in the normalised text
maps back to exact character offsets in the original.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

CONTEXT_CHARS = 32
"""Characters of text kept before and after a quote (W3C TextQuoteSelector prefix/suffix)."""

PARAGRAPH_MAX = 2400
"""Longest surrounding paragraph returned; longer ones are cut around the quote."""

_TYPOGRAPHY = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u02bc", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
}
_SPECIAL = re.compile(r"[^\S ]\s*| \s+|[^\x00-\x7f]")


_ASCII_WHITESPACE = tuple(ch for ch in map(chr, range(128)) if ch.isspace() and ch != " ")
_ASCII_BYTES = bytes(range(128))
_RUNS = re.compile("  +")


def _non_ascii_chars(text: str) -> set[str]:
    """The distinct non-ASCII characters of ``text`` (found at C speed: ASCII bytes deleted)."""
    if text.isascii():
        return set()
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return set(rest.decode("utf-8", "surrogatepass"))


def _replacement(ch: str) -> str:
    if ch[0].isspace():
        return " "
    mapped = _TYPOGRAPHY.get(ch)
    if mapped is not None:
        return mapped
    out = unicodedata.normalize("NFKD", ch)
    return " " if out.isspace() else out


def normalize(text: str) -> str:
    """The normalised form of ``text`` (for quotes: compare with :class:`NormalizedText`)."""
    return _SPECIAL.sub(lambda m: _replacement(m.group()), text).strip()


@dataclass
class NormalizedText:
    """A source text with its normalised form and the map back to original offsets."""

    original: str
    text: str = ""
    _norm_starts: list[int] = field(default_factory=list, repr=False)
    _norm_ends: list[int] = field(default_factory=list, repr=False)
    _orig_starts: list[int] = field(default_factory=list, repr=False)
    _orig_ends: list[int] = field(default_factory=list, repr=False)
    _newlines: list[int] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # Characters replaced one for one (a lone newline, curly quotes, dashes) keep every offset,
        # so they are replaced with str.replace and need no map entry; only the replacements that
        # change the length (runs of whitespace, characters that decompose or vanish) are visited
        # one by one. The result is what ``normalize`` gives, with the map back to the original.
        original = self.original
        non_ascii = _non_ascii_chars(original)
        spaced = original  # every whitespace character made a space: runs of 2+ are then "  +"
        for ch in _ASCII_WHITESPACE:
            if ch in spaced:
                spaced = spaced.replace(ch, " ")
        for ch in non_ascii:
            if ch.isspace():
                spaced = spaced.replace(ch, " ")
        one_for_one = spaced
        longer_or_shorter: dict[str, str] = {}
        for ch in non_ascii:
            if ch.isspace():
                continue
            new = _replacement(ch)
            if new == ch:
                continue
            if len(new) == 1:
                one_for_one = one_for_one.replace(ch, new)
            else:
                longer_or_shorter[ch] = new
        changes = [(m.start(), m.end(), " ") for m in _RUNS.finditer(spaced)]
        for ch, new in longer_or_shorter.items():  # one literal search per character: fast
            changes += [(m.start(), m.end(), new) for m in re.finditer(re.escape(ch), original)]
        if longer_or_shorter:
            changes.sort()
        parts: list[str] = []
        last = 0
        shift = 0
        for start, end, new in changes:
            parts.append(one_for_one[last:start])
            parts.append(new)
            last = end
            norm_start = start + shift
            self._norm_starts.append(norm_start)
            self._norm_ends.append(norm_start + len(new))
            self._orig_starts.append(start)
            self._orig_ends.append(end)
            shift += len(new) - (end - start)
        parts.append(one_for_one[last:])
        self.text = "".join(parts)

    def to_original_start(self, n: int) -> int:
        """Original offset of the character at normalised offset ``n``."""
        i = bisect_right(self._norm_starts, n) - 1
        if i < 0:
            return n
        if n < self._norm_ends[i]:
            return self._orig_starts[i]
        return self._orig_ends[i] + (n - self._norm_ends[i])

    def to_original_end(self, n: int) -> int:
        """Original offset just after the character ending at normalised offset ``n`` (exclusive)."""
        if n <= 0:
            return 0
        i = bisect_right(self._norm_starts, n - 1) - 1
        if i < 0:
            return n
        if n - 1 < self._norm_ends[i]:
            return self._orig_ends[i]
        return self._orig_ends[i] + (n - self._norm_ends[i])

    def line_of(self, offset: int) -> int:
        """1-based line number of an original offset."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.original)]
        return bisect_right(self._newlines, offset - 1) + 1


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a quote sits in its source: original offsets, line, and text around it."""

    start: int
    end: int
    line: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Miss:
    """Why a quote was not anchored, and the closest passage when it was not found."""

    reason: str
    occurrences: tuple[int, ...] = ()
    closest: str = ""
    similarity: float = 0.0
    closest_line: int = 0


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def find_normalized(
    source: NormalizedText, q: str, *, prefix: str | None = None, suffix: str | None = None
) -> Anchor | Miss:
    """Locate the quote ``q``, normalised (``normalize(quote)``), in ``source``; it must occur exactly once
    (after ``prefix``/before ``suffix``), neither beginning nor ending inside a word."""
    text = source.text
    hits: list[int] = []
    pos = text.find(q)
    while pos != -1:
        end = pos + len(q)
        splits_word = (pos > 0 and _is_word_char(text[pos - 1]) and _is_word_char(q[0])) or (
            end < len(text) and _is_word_char(text[end]) and _is_word_char(q[-1])
        )
        if not splits_word:
            hits.append(pos)
        pos = text.find(q, pos + 1)
    if not hits:
        return _closest(source, q)
    if prefix:
        p = normalize(prefix)
        hits = [h for h in hits if text[max(0, h - len(p) - 1) : h].rstrip().endswith(p)]
    if suffix:
        s = normalize(suffix)
        hits = [h for h in hits if text[h + len(q) : h + len(q) + len(s) + 1].lstrip().startswith(s)]
    if len(hits) != 1:
        lines = tuple(source.line_of(source.to_original_start(h)) for h in hits)
        reason = "ambiguous" if hits else "context"
        return Miss(reason, lines)
    start = source.to_original_start(hits[0])
    end = source.to_original_end(hits[0] + len(q))
    original = source.original
    return Anchor(
        start=start,
        end=end,
        line=source.line_of(start),
        exact=original[start:end],
        prefix=original[max(0, start - CONTEXT_CHARS) : start],
        suffix=original[end : end + CONTEXT_CHARS],
    )


HINT_CHARS = 300
"""A missing quote is compared with its source by its first this many characters only.

The alignment behind the closest-passage hint grows much faster than the quote's length; with
the quote's head its cost has a fixed bound per miss, whatever the record holds.
"""


def _closest(source: NormalizedText, q: str) -> Miss:
    from rapidfuzz import fuzz

    if not q or not source.text:
        return Miss("not-found")
    found = fuzz.partial_ratio_alignment(q[:HINT_CHARS], source.text)
    if found is None:
        return Miss("not-found")
    start = source.to_original_start(found.dest_start)
    passage = source.text[found.dest_start : found.dest_end]
    return Miss("not-found", (), passage, round(found.score, 1), source.line_of(start))


def paragraph(original: str, start: int, end: int, max_chars: int = PARAGRAPH_MAX) -> tuple[int, int]:
    """Bounds of the paragraph (the lines) around ``start..end``, cut to ``max_chars`` around the quote."""
    p_start = original.rfind("\n", 0, start) + 1
    p_end = original.find("\n", end)
    p_end = len(original) if p_end == -1 else p_end
    if p_end - p_start > max_chars:
        room = max(0, (max_chars - (end - start)) // 2)
        p_start = max(p_start, start - room)
        p_end = min(p_end, end + room)
    return p_start, p_end
