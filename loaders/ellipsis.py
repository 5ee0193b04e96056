"""Text shortened for display: one ellipsis, one rule, for every message, tooltip and label."""

from __future__ import annotations

ELLIPSIS = "…"
"""What a shortened text ends with."""


def ellipsize(text: str, limit: int) -> str:
    """``text`` as it is when it has at most ``limit`` characters, else its first ``limit - 1`` and an ellipsis.

    >>> ellipsize("Forough Javidan", 8)
    'Forough…'
    """
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS
