"""The facts of a citation, in the one order every view and export shows them (pure, no Streamlit)."""

from __future__ import annotations

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
    def voice(self) -> list[str]:
        """Whose words: the perspective, the speaker (if the record names one), and the file and line."""
        return [self.perspective_label, *([f"quoting {self.speaker}"] if self.speaker else []), self.location]

    @property
    def location(self) -> str:
        """The source file, and the line of the quote in it when there is one."""
        return self.file if self.line is None else f"{self.file}, line {self.line}"

    def items(self) -> list[tuple[str, str]]:
        """``(name, text)`` of each fact that is present, in reading order."""
        names = ["source", "publisher", *(["published"] if self.published else [])]
        names += ["perspective", *(["speaker"] if self.speaker else []), "location"]
        return list(zip(names, self.origin + self.voice, strict=True))


def citation_facts(record: Record, cited: CitationView | str) -> CitationFacts:
    """The facts of a citation, or of a source (given by id) when no particular passage is cited."""
    if isinstance(cited, str):
        src, voice, line = record.sources[cited], record.source_voice(cited), None
    else:
        src, voice, line = record.sources[cited.source_id], cited.voice, cited.line
    perspective = voice.perspective
    speaker = voice.name if voice.quoted else None
    return CitationFacts(
        source_id=src.id,
        source=src.title,
        publisher=src.publisher,
        published=src.published,
        perspective=perspective,
        perspective_label=record.perspectives[perspective].label,
        speaker=speaker,
        file=src.file,
        line=line,
        url=src.url,
    )
