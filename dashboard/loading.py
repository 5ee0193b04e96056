"""What the app derives once per loaded record: frame, filter index, labels (pure, no Streamlit)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from pathlib import Path

import pandas as pd

from loaders import Record
from loaders.progress import Progress, silent

from .figures import Labels, labels_from_record
from .filters import FilterIndex, Vocab, build_index
from .filters.text import vocabulary
from .frame import events_frame
from .hover import HOVER_COLUMN, hover_text
from .map_figure import MapPlaces, map_places
from .options import RECORD_ENV
from .picker import ActorOptions, actor_options
from .speakers import SpeakerBasis, perspective_speakers

DEFAULT_RECORD = Path(__file__).resolve().parents[1] / "events.yaml"


@dataclass(frozen=True)
class Loaded:
    """A record with what every rerun needs from it, computed once."""

    record: Record
    frame: pd.DataFrame
    index: FilterIndex
    labels: Labels
    vocab: Vocab
    picker_labels: dict[str, str]
    source_signature: tuple

    @cached_property
    def search_terms(self) -> list[str]:
        """Folded titles, names, aliases, places and tags (and their runs of words): what "did you mean" offers.

        Made the first time a search finds nothing, not at load.
        """
        actors = self.record.actors.values()
        return vocabulary(
            [
                *self.frame["title"],
                *(a.name for a in actors),
                *(x for a in actors for x in a.aliases),
                *(p for p in self.frame["place"] if p),
                *(t for tags in self.frame["tags"] for t in tags),
            ]
        )

    @cached_property
    def map_places(self) -> MapPlaces:
        """Where the map draws each place of the record, made once."""
        return map_places(self.record.places)

    @cached_property
    def perspective_speakers(self) -> dict[str, list[SpeakerBasis]]:
        """The speakers of each perspective with their bases (for the perspective filter's help), made once."""
        return perspective_speakers(self.record)

    def choices(self, vocabulary: str) -> tuple[list[str], Mapping[str, str]]:
        """A vocabulary filter's options (ids, in the order offered) and what each is shown as: the actors as
        the picker offers them (see :mod:`dashboard.picker`), any other vocabulary in its own order."""
        if vocabulary == "actors":
            return self.actor_options.order, self.actor_options.labels
        names = getattr(self.labels, vocabulary)
        return list(names), names

    def speakers_of(self, vocabulary: str) -> dict[str, list[SpeakerBasis]] | None:
        """The speakers filed under each term of ``vocabulary``, for its filter's help (perspectives have them)."""
        return self.perspective_speakers if vocabulary == "perspectives" else None

    @cached_property
    def actor_options(self) -> ActorOptions:
        """The actor picker's options in the order offered, with their labels (see :mod:`dashboard.picker`)."""
        counts = Counter(chain.from_iterable(self.frame["actors"]))
        return actor_options(self.labels.actors, self.labels.aliases, counts)


def prepare(record: Record, progress: Progress = silent) -> Loaded:
    """Derive the events frame (with each event's timeline hover text), filter index, labels and vocabulary.

    ``progress`` hears each step, with the share of this preparation done."""
    progress("Building the view: the table of events", 0.0)
    frame = events_frame(record)
    frame[HOVER_COLUMN] = hover_text(frame)
    progress("Building the view: the index of what the filters search", 0.6)
    return Loaded(
        record=record,
        frame=frame,
        index=build_index(frame),
        labels=labels_from_record(record),
        vocab=Vocab(
            actors=frozenset(record.actors),
            categories=frozenset(record.categories),
            perspectives=frozenset(record.perspectives),
            events=frozenset(frame["id"]),
            sources=frozenset(record.sources),
            period=(record.period[0].start, record.period[1].end),
        ),
        source_signature=file_signature(source_paths(record)),
        picker_labels=dict(zip(frame["id"], frame["date_label"] + " — " + frame["title"], strict=True)),
    )


def source_paths(record: Record) -> list[Path]:
    """The files of a record's sources."""
    return [record.path.parent / s.file for s in record.sources.values()]


def file_signature(paths: Iterable[Path]) -> tuple:
    """Inode, size, modification and change time of each file (None for a missing one): changes when a file does.

    The change time (ctime) is set by the system at every write, rename or change of the
    modification time, and cannot be set back: an edit that keeps the size and restores the
    modification time (``touch -r``, ``cp -p``, ``rsync -t``) still changes the signature, and so
    does a file replaced by another (a new inode).
    """
    out = []
    for p in paths:
        try:
            st = p.stat()
            out.append((str(p), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
        except OSError:
            out.append((str(p), None, None, None, None))
    return tuple(out)


FOLDER_FILES_LIMIT = 2000
"""Most files of a record's folder whose signature is kept for a record that failed to load."""


def folder_signature(folder: Path, limit: int = FOLDER_FILES_LIMIT) -> tuple:
    """:func:`file_signature` of the first ``limit`` files under ``folder`` (sorted), and how many there are.

    What a failed load is remembered by: fixing the record or any file beside it loads it again.
    """
    try:
        files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    except OSError:
        return ()
    return (len(files), *file_signature(files[:limit]))


@dataclass(frozen=True)
class Failed:
    """A record that did not load: what to show, and the folder's signature when it was tried."""

    problems: tuple[str, ...]
    error: str
    folder_signature: tuple


def record_path(argv: Sequence[str], environ: dict[str, str] | None = None) -> Path:
    """The record to show: the app's first argument, else $MEK_TIMELINE_RECORD, else the shipped one.

    ``argv`` is the full ``sys.argv``; arguments count only when the running script is the app
    (``streamlit run dashboard/app.py -- path/to/events.yaml``), not a test runner's.
    """
    environ = dict(os.environ) if environ is None else environ
    is_app = bool(argv) and Path(argv[0]).name == "app.py"
    args = [a for a in argv[1:] if a and not a.startswith("-")] if is_app else []
    if args:
        return Path(args[0])
    if environ.get(RECORD_ENV):
        return Path(environ[RECORD_ENV])
    return DEFAULT_RECORD
