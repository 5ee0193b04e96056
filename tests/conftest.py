from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Every test run keeps its cache of validated records (and anything else cached) in a folder of
# its own, shared with the processes it starts, never in the user's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="mek-timeline-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)
os.environ.pop("MEK_TIMELINE_NO_CACHE", None)
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


def write_record(folder: Path, text: str | bytes, source: str | bytes = SOURCE_TEXT) -> Path:
    """Write ``folder/events.yaml`` (text or raw bytes) and its one source ``folder/doc.txt``; the record's path."""
    for path, content in ((folder / "doc.txt", source), (folder / "events.yaml", text)):
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder / "events.yaml"


@pytest.fixture
def make_record(tmp_path: Path):
    """Write a record (HEAD + the given events text, or a whole text) and its source; return its path."""

    def make(events: str = GOOD_EVENT, *, whole: str | None = None, source: str | bytes = SOURCE_TEXT) -> Path:
        return write_record(tmp_path, whole if whole is not None else HEAD + events, source)

    return make
