"""Text shortened for display: one rule and one ellipsis everywhere."""

from __future__ import annotations

from loaders.ellipsis import ELLIPSIS, ellipsize


def test_a_text_within_the_limit_is_kept_whole():
    assert ellipsize("Camp Ashraf", 11) == "Camp Ashraf"


def test_a_longer_text_keeps_the_limit_with_one_ellipsis_character():
    short = ellipsize("Camp Ashraf relocation", 10)
    assert short == "Camp Ashr" + ELLIPSIS
    assert len(short) == 10
    assert "..." not in short
