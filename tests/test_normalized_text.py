"""A source's normalised text and offset map: cases written out by hand, and the one-match-at-a-time
definition on any text."""

from __future__ import annotations

import random
from bisect import bisect_right
from pathlib import Path

import pytest
from conftest import GENERIC, ROOT

from loaders.anchoring import _SPECIAL, NormalizedText, _replacement, find_normalized, normalize


class Reference:
    """The plain definition: every match of the special-character pattern replaced, one by one."""

    def __init__(self, original: str) -> None:
        self.norm_starts: list[int] = []
        self.norm_ends: list[int] = []
        self.orig_starts: list[int] = []
        self.orig_ends: list[int] = []
        parts, last, shift = [], 0, 0
        for m in _SPECIAL.finditer(original):
            old, new = m.group(), _replacement(m.group())
            if new == old:
                continue
            start, end = m.span()
            parts += [original[last:start], new]
            last = end
            self.norm_starts.append(start + shift)
            self.norm_ends.append(start + shift + len(new))
            self.orig_starts.append(start)
            self.orig_ends.append(end)
            shift += len(new) - len(old)
        parts.append(original[last:])
        self.text = "".join(parts)

    def start(self, n: int) -> int:
        i = bisect_right(self.norm_starts, n) - 1
        if i < 0:
            return n
        return self.orig_starts[i] if n < self.norm_ends[i] else self.orig_ends[i] + (n - self.norm_ends[i])

    def end(self, n: int) -> int:
        if n <= 0:
            return 0
        i = bisect_right(self.norm_starts, n - 1) - 1
        if i < 0:
            return n
        return self.orig_ends[i] if n - 1 < self.norm_ends[i] else self.orig_ends[i] + (n - self.norm_ends[i])


def assert_same(original: str) -> None:
    fast, ref = NormalizedText(original), Reference(original)
    assert fast.text == ref.text
    assert fast.text.strip() == normalize(original)
    for n in range(len(fast.text) + 1):
        assert (fast.to_original_start(n), fast.to_original_end(n)) == (ref.start(n), ref.end(n)), n


PIECES = [
    "word",
    "Ab",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\x0b",
    "\x1c",
    "\u00a0",
    "\u2028",
    "\u3000",
    " \n ",
    "\u2019",
    "\u201c",
    "\u201d",
    "\u2014",
    "\u2013",
    "\u00ad",
    "\u200b",
    "caf\u00e9",
    "cafe\u0301",
    "\ufb01",
    "\u00bd",
    "\u00a8",
    "\u2126",
    "\u0641\u0627\u0631\u0633\u06cc",
    "\ufef7",
    "\U0001d400",
    "\u00e9\u00e9",
    "x\u00a0\u00a0y",
]


@pytest.mark.parametrize("seed", range(40))
def test_random_texts(seed):
    rng = random.Random(seed)
    assert_same("".join(rng.choice(PIECES) for _ in range(rng.randint(0, 60))))


@pytest.mark.parametrize("text", ["", "plain ascii", "  leading and trailing  ", "\u00e9", "\n", "a\r\nb"])
def test_edge_texts(text):
    assert_same(text)


def test_the_shipped_and_fixture_sources():
    files = sorted((ROOT / "sources").glob("*.txt")) + sorted((GENERIC.parent / "docs").glob("*.txt"))
    for f in files:
        original = Path(f).read_text(encoding="utf-8")
        fast, ref = NormalizedText(original), Reference(original)
        assert fast.text == ref.text, f.name
        for n in range(0, len(fast.text) + 1, 7):
            assert (fast.to_original_start(n), fast.to_original_end(n)) == (ref.start(n), ref.end(n)), (f.name, n)


# Written out by hand: the normalised text, then for every normalised offset n the original
# offset of the character at n (to_original_start) and the original end of text[:n] (to_original_end).
@pytest.mark.parametrize(
    ("original", "text", "starts", "ends"),
    [
        ("plain", "plain", [0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5]),
        # one-for-one replacements keep every offset
        ("\u2018hi\u2019 \u201cyo\u201d", "'hi' \"yo\"", list(range(10)), list(range(10))),
        ("a\u2212b\u2011c", "a-b-c", list(range(6)), list(range(6))),
        ("a\tb\nc", "a b c", list(range(6)), list(range(6))),
        # a run of whitespace becomes one space that stands for the whole run
        ("a\r\nb", "a b", [0, 1, 3, 4], [0, 1, 3, 4]),
        ("x\u00a0\u00a0y", "x y", [0, 1, 3, 4], [0, 1, 3, 4]),
        ("  x  ", " x ", [0, 2, 3, 5], [0, 2, 3, 5]),
        ("A\u2014B  C\ufb01n", "A-B Cfin", [0, 1, 2, 3, 5, 6, 6, 7, 8], [0, 1, 2, 3, 5, 6, 7, 7, 8]),
        # characters that vanish
        ("co\u00adop", "coop", [0, 1, 3, 4, 5], [0, 1, 2, 4, 5]),
        ("a\u200bb", "ab", [0, 2, 3], [0, 1, 3]),
        # characters that decompose into two or three
        ("caf\u00e9!", "cafe\u0301!", [0, 1, 2, 3, 3, 4, 5], [0, 1, 2, 3, 4, 4, 5]),
        ("\u00bd", "1\u20442", [0, 0, 0, 1], [0, 1, 1, 1]),
    ],
    ids=[
        "plain",
        "curly-quotes",
        "dashes",
        "lone-whitespace",
        "crlf",
        "nbsp-run",
        "edge-spaces",
        "dash-run-ligature",
        "soft-hyphen",
        "zero-width-space",
        "e-acute",
        "one-half",
    ],
)
def test_normalised_text_and_offsets_written_by_hand(original, text, starts, ends):
    fast = NormalizedText(original)
    assert fast.text == text
    assert [fast.to_original_start(n) for n in range(len(text) + 1)] == starts
    assert [fast.to_original_end(n) for n in range(len(text) + 1)] == ends


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("  x  ", "x"),
        ("He said \u201cno\u201d \u2014 twice.", 'He said "no" - twice.'),
        ("line one\n\n  line two\t", "line one line two"),
        ("\u00ab\u00a0Non\u00a0\u00bb", '" Non "'),
        ("Mojahedin\u2019s \ufb01ght", "Mojahedin's fight"),
    ],
)
def test_normalize_written_by_hand(original, expected):
    assert normalize(original) == expected


def test_a_quote_typed_plainly_is_found_at_its_original_offsets():
    source = "Intro line.\nHe said \u201cno\u201d \u2014 twice.\n\nThen left."
    anchor = find_normalized(NormalizedText(source), normalize('said "no" - twice. Then'))
    assert (anchor.start, anchor.end, anchor.line) == (15, 39, 2)
    assert anchor.exact == "said \u201cno\u201d \u2014 twice.\n\nThen"
    assert (anchor.prefix, anchor.suffix) == ("Intro line.\nHe ", " left.")
