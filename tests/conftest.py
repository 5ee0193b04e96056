from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GENERIC = ROOT / "tests" / "fixtures" / "generic" / "events.yaml"

SOURCE_TEXT = (
    "The harbour wall was rebuilt in 1902 by the county masons.\n"
    "A second storm in 1903 broke the new wall at its northern end.\n"
    "The wall was repaired again. The wall was repaired again.\n"
)

HEAD = """\
title: Test record
period: {start: 1900, end: 1950}
perspectives:
  - {id: press, label: Press}
categories:
  - {id: works, label: Works}
sources:
  - id: doc
    file: doc.txt
    title: A document
    publisher: A publisher
    perspective: press
actors:
  - {id: council, name: Council, kind: government}
events:
"""

GOOD_EVENT = """\
  - id: rebuilt
    date: 1902
    title: The wall is rebuilt
    summary: The wall was rebuilt.
    actors: [council]
    category: works
    citations:
      - source: doc
        quote: The harbour wall was rebuilt in 1902
"""


@pytest.fixture
def make_record(tmp_path: Path):
    """Write a record (HEAD + the given events text, or a whole text) and its source; return its path."""

    def make(events: str = GOOD_EVENT, *, whole: str | None = None, source: str | bytes = SOURCE_TEXT) -> Path:
        doc = tmp_path / "doc.txt"
        if isinstance(source, bytes):
            doc.write_bytes(source)
        else:
            doc.write_text(source, encoding="utf-8")
        path = tmp_path / "events.yaml"
        path.write_text(whole if whole is not None else HEAD + events, encoding="utf-8")
        return path

    return make
