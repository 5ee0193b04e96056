"""Quotes cut so that they drop whose words they are: the attribution clause of their own sentence.

A quote may stop just before a clause that says who is speaking ("…, local media reported on
Sunday."; "…,” he said.") or start just after one ("Media reports said in June 2018 that …";
"According to X, …"). Such a cut keeps the claim and loses its voice. :func:`cut_attribution`
finds that clause in the text around a quote (within the quote's own sentence); :func:`voice_named`
says whether a speaker's names cover the clause's subject. Plain English patterns only: nothing
here knows a topic.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

WINDOW = 400
"""Characters looked at on each side of a quote for the rest of its sentence."""

MAX_CLAUSE_WORDS = 16
"""An attribution clause has at most this many words ("Media reports said in June 2018 that")..."""

MAX_SUBJECT_WORDS = 8
"""...and at most this many before its verb ("Supporters of the campaign say that")."""


def _words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


REPORTING_VERBS = _words_of(
    "said says told tells reported stated added adds wrote writes claimed announced announces alleges "
    "argued argues asserted asserts insisted insists explained explains declared declares confirmed confirms "
    "recalled recalls testified testifies warned warns revealed reveals acknowledged acknowledges admitted admits "
    "maintained maintains contended contends noted"
)
"""Verbs that say someone spoke, in forms that are not also common nouns ("reports", "states", "claims")."""

LEAD_IN_VERBS = REPORTING_VERBS | _words_of("say tell report reports state states claim claims note notes")
"""Verbs of a clause that leads into a quote with "that" or a colon ("The report notes that …"), where a noun
reading ("the claims of X,", "the United States,") cannot end it."""

PRONOUNS = _words_of("he she they it we i you his her their")
"""Subjects that stand for a speaker named elsewhere: any speaker the citation names covers them."""

_FUNCTION_WORDS = _words_of(
    "a an the of for in on at to with by from and or its his her their our this that these those as "
    "some many several one two three who which whom whose"
)
_BE = _words_of("is are was were be been being")
_NOT_ATTRIBUTION = _words_of("and but or nor which who whom whose that where when while because although if so")
"""A clause opening with one of these continues the sentence; it does not say who speaks."""

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_QUOTES = "\"'“”‘’«»"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z]|\s*$)|\n")
_CLAUSE_BREAK = re.compile(r"[,;:—–]|\s-\s")


@dataclass(frozen=True)
class CutAttribution:
    """An attribution clause next to a quote: ``side`` is "before" (the quote starts after it) or "after"."""

    side: str
    clause: str
    subject: tuple[str, ...]
    """The clause's words naming who speaks, lowercased (empty when it names nobody)."""
    start: int
    """Where the clause starts in the text (for its line)."""


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _sentence_start(text: str, start: int) -> int:
    lo = max(0, start - WINDOW)
    found = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        found = m.end()
    return found


def _sentence_end(text: str, end: int) -> int:
    """Where the sentence holding ``text[end - 1]`` ends (``end`` itself when the quote ends it)."""
    m = _SENTENCE_END.search(text, max(0, end - 4), min(len(text), end + WINDOW))
    return max(end, m.start()) if m else min(len(text), end + WINDOW)


def _speech(words: list[str], verbs: frozenset[str]) -> tuple[tuple[str, ...], int] | None:
    """Who speaks in a clause of ``words`` and where its verb is; None when the clause names no voice.

    The speaker is named after "according to", else before the reporting verb (after it when the
    verb comes first: "said the minister"). A verb preceded by a form of "be" ("it was revealed",
    "has been said") is passive and names nobody; one more than :data:`MAX_SUBJECT_WORDS` words
    into the clause is not this clause's own.
    """
    lower = [w.lower() for w in words]
    for i in range(len(lower) - 1):
        if lower[i] == "according" and lower[i + 1] == "to":
            return tuple(lower[i + 2 :]), len(lower)
    for i, w in enumerate(lower):
        if w in verbs:
            if i > MAX_SUBJECT_WORDS or _BE & set(lower[max(0, i - 2) : i]):
                return None
            return (tuple(lower[:i]) if i else tuple(lower[1:])), i
    return None


def _clause(side: str, text: str, at: int, verbs: frozenset[str], *, verb_last: bool = False) -> CutAttribution | None:
    """``text`` as an attribution clause; with ``verb_last``, only when its verb is among its last words."""
    words = _words(text)
    if not words or len(words) > MAX_CLAUSE_WORDS or words[0].lower() in _NOT_ATTRIBUTION:
        return None
    found = _speech(words, verbs)
    if found is None or (verb_last and found[1] < len(words) - 3):
        return None
    return CutAttribution(side, _shown(text), found[0], at + _lead(text))


_PUNCT = " \t\r\n,;:—–-" + _QUOTES


def _lead(text: str) -> int:
    """How many spaces and marks open ``text`` before its first word."""
    return len(text) - len(text.lstrip(_PUNCT))


def _shown(text: str) -> str:
    return " ".join(text.split()).strip(_PUNCT)


def _after(text: str, end: int) -> CutAttribution | None:
    """An attribution clause between the quote's end and its sentence's end: right after it, or ending the sentence."""
    stop = _sentence_end(text, end)
    tail = text[end:stop]
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(tail)]
    if not breaks:
        return None
    if tail[: breaks[0]].strip() == "":  # the quote stops at a clause break: the next clause may say who spoke
        rest = [b for b in breaks if tail[breaks[0] : b].strip(_PUNCT)]
        first_end = rest[0] if rest else len(tail)
        found = _clause("after", tail[:first_end], end, REPORTING_VERBS)
        if found:
            return found
    last = breaks[-1] + 1
    return _clause("after", tail[last:], end + last, REPORTING_VERBS) if tail[last:].strip() else None


_LEAD_END = re.compile(r"(?:\bthat|[,:])[\s" + re.escape(_QUOTES) + r"]*$", re.IGNORECASE)


def _before(text: str, start: int) -> CutAttribution | None:
    """An attribution clause that leads into the quote from its sentence: "X said that", "According to X,".

    When the clause opens with its verb ("…, told NBC that"), who speaks is named before it: the
    clause is taken from the sentence's start.
    """
    begin = _sentence_start(text, start)
    head = text[begin:start]
    m = _LEAD_END.search(head)
    if not m:
        return None
    lead = m.group().strip()
    body = head[: m.start()] + (lead.rstrip(" ,:" + _QUOTES) if lead[:1].isalpha() else "")
    breaks = [b.end() for b in _CLAUSE_BREAK.finditer(body)]
    at = breaks[-1] if breaks else 0
    led_in = lead[:1] in ("t", "T", ":")  # "that" or a colon; else a comma: "X said, …"
    verbs = LEAD_IN_VERBS if led_in else REPORTING_VERBS
    found = _clause("before", body[at:], begin + at, verbs, verb_last=not led_in) if body[at:].strip() else None
    if found is None or not at or _words(body[at:])[0].lower() not in verbs:
        return found
    before = [w.lower() for w in _words(body[:at])][-MAX_CLAUSE_WORDS:]
    return CutAttribution("before", _shown(body), (*before, *found.subject), begin + _lead(body))


def cut_attribution(text: str, start: int, end: int) -> CutAttribution | None:
    """The attribution clause a quote at ``text[start:end]`` leaves out of its own sentence, if any."""
    return _before(text, start) or _after(text, end)


def _name_words(names: Iterable[str]) -> set[str]:
    """Each name's words, its pairs of words run together and its initials (of two words or more: "hrw")."""
    out: set[str] = set()
    for name in names:
        words = [w.lower() for w in _words(name)]
        out.update(words)
        out.update(a + b for a, b in itertools.pairwise(words))
        initials = "".join(w[0] for w in words if w not in _FUNCTION_WORDS)
        if len(initials) > 1:
            out.add(initials)
    return out


def voice_named(cut: CutAttribution, names: Iterable[str], *, speaker_named: bool) -> bool:
    """Whether a citation whose speaker goes by ``names`` names the voice of the clause ``cut``.

    A pronoun subject ("he said") is covered by any speaker the citation names itself
    (``speaker_named``); any other subject by a speaker whose names share one of its words.
    """
    subject = [w for w in cut.subject if w not in _FUNCTION_WORDS or w in PRONOUNS]
    if subject and all(w in PRONOUNS for w in subject):
        return speaker_named
    known = _name_words(names)
    joined = {a + b for a, b in itertools.pairwise(subject)}
    return bool(known & (set(subject) | joined))
