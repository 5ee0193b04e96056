"""Who speaks in a cited passage, and so which perspective it speaks for: the one rule, in one place.

A document speaks through its own ``speaker`` (whose perspective it takes) or, in a record
without speakers, for its own ``perspective``. A citation that names a ``speaker`` speaks for
that speaker's perspective; one that names none speaks as its document does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .schema import Source, Speaker


class Unvoiced(ValueError):
    """A source with neither a speaker nor a perspective (the validator refuses it)."""


@dataclass(frozen=True)
class Voice:
    """Who speaks in a passage and the perspective it speaks for.

    ``speaker`` is None in a record without speakers; ``name`` is then the source's publisher.
    ``quoted`` says the words are someone else's than the document's own voice: the citation
    names a speaker that is not its source's.
    """

    speaker: Speaker | None
    perspective: str
    name: str
    quoted: bool = False

    @property
    def key(self) -> tuple[str, str]:
        """The speaker's id ("" for none) and the perspective: what two passages must share to agree."""
        return (self.speaker.id if self.speaker else "", self.perspective)


def source_voice(source: Source, speakers: Mapping[str, Speaker]) -> Voice:
    """The voice of a document's own words: its speaker's, else (a record without speakers) its perspective.

    Raises :class:`KeyError` for an unknown speaker and :class:`Unvoiced` for a source with neither.
    """
    return citation_voice(source, speakers)


def citation_voice(source: Source, speakers: Mapping[str, Speaker], speaker: str | None = None) -> Voice:
    """The voice of a passage of ``source`` cited with ``speaker`` (None: the citation names none).

    A named speaker speaks for its own perspective; without one, the passage speaks as its source does.
    Raises :class:`KeyError` for an unknown speaker and :class:`Unvoiced` for a source with neither.
    """
    sid = speaker or source.speaker
    if sid is not None:
        who = speakers[sid]
        return Voice(who, who.perspective, who.name, quoted=sid != source.speaker)
    if source.perspective is None:
        raise Unvoiced(f"source {source.id!r} has neither a speaker nor a perspective")
    return Voice(None, source.perspective, source.publisher)
