"""Close spellings, for a "did you mean" after an unknown name or id (rapidfuzz, pure)."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

CLOSE_ENOUGH = 60
"""Least similarity (rapidfuzz's ratio, 0 to 100) of a spelling offered as meant."""


def closest(value: str, known: Iterable[str]) -> str | None:
    """The spelling of ``known`` most like ``value`` (the first of equals, in ``known``'s order), or None if none
    is at least :data:`CLOSE_ENOUGH` alike."""
    found = process.extractOne(value, known, scorer=fuzz.ratio, score_cutoff=CLOSE_ENOUGH)
    return None if found is None else found[0]


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` with the :func:`closest` spelling, or "" when there is none."""
    close = closest(value, known)
    return f" (did you mean {close!r}?)" if close is not None else ""
