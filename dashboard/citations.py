"""The facts of a citation, in the one order every view and export shows them (pure, no Streamlit)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from loaders import CitationView, Record


@dataclass(frozen=True)
class CitationFacts:
    """Where a passage comes from and who speaks in it.

    ``perspective`` is the id of the perspective the citation speaks for (its speaker's) and
    ``perspective_label`` its label; ``speaker`` names who asserts the quoted words when that is
    not the document's own voice (its publisher), else None. ``line`` is None for the facts of a
    source alone; ``published`` and ``url`` are None when the record gives none.
    """

    source_id: str
    source: str
    publisher: str
    published: str | None
    perspective: str
    perspective_label: str
    speaker: str | None
    file: str
    line: int | None
    url: str | None

    @property
    def origin(self) -> list[str]:
        """The document: its title, publisher and date of publication (when known)."""
        return [self.source, self.publisher, *([self.published] if self.published else [])]

    @property
    def who(self) -> list[str]:
        """Whose words: the perspective and the speaker (if the words are not the document's own)."""
        return [self.perspective_label, *([f"quoting {self.speaker}"] if self.speaker else [])]

    @property
    def voice(self) -> list[str]:
        """Whose words and where: :attr:`who`, then :attr:`location`."""
        return [*self.who, self.location]

    @property
    def location(self) -> str:
        """The source file, and the line of the quote in it when there is one ("file, line N")."""
        return location(self.file, [] if self.line is None else [self.line])

    @property
    def origin_line(self) -> str:
        """:attr:`origin` as one line."""
        return SEPARATOR.join(self.origin)

    @property
    def voice_line(self) -> str:
        """:attr:`voice` as one line."""
        return SEPARATOR.join(self.voice)

    def items(self) -> list[tuple[str, str]]:
        """``(name, text)`` of each fact that is present, in reading order."""
        names = ["source", "publisher", *(["published"] if self.published else [])]
        names += ["perspective", *(["speaker"] if self.speaker else []), "location"]
        return list(zip(names, self.origin + self.voice, strict=True))


SEPARATOR = " · "
"""Between the facts of one line."""


def location(file: str, lines: Sequence[int] = ()) -> str:
    """A place in a source: ``file``, ``file, line 7``, ``file, lines 7 and 9``, ``file, lines 7, 9 and 12``."""
    if not lines:
        return file
    shown = [str(n) for n in sorted(lines)]
    if len(shown) == 1:
        return f"{file}, line {shown[0]}"
    return f"{file}, lines {', '.join(shown[:-1])} and {shown[-1]}"


def citation_facts(record: Record, cited: CitationView | str) -> CitationFacts:
    """The facts of a citation, or of a source (given by id) when no particular passage is cited.

    A citation's come from its view (:meth:`loaders.Record.citations`), which holds its source's facts and
    its voice; a source's own voice is its speaker's (:mod:`loaders.voice`).
    """
    if isinstance(cited, str):
        source = record.sources[cited]
        voice, line = record.source_voice(cited), None
        label = record.perspectives[voice.perspective].label
        origin = (source.id, source.title, source.publisher, source.published, source.file, source.url)
    else:
        voice, line, label = cited.voice, cited.line, cited.perspective_label
        origin = (cited.source_id, cited.source_title, cited.publisher, cited.published, cited.source_file, cited.url)
    source_id, title, publisher, published, file, url = origin
    speaker = voice.name if voice.quoted else None
    return CitationFacts(source_id, title, publisher, published, voice.perspective, label, speaker, file, line, url)
