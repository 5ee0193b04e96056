"""Opening a record once for every page: a store of the records opened, and the progress of opening one
(pure, no Streamlit).

A record is opened in two parts: loading it (:func:`loaders.load_record`: reading, checking, anchoring
quotes, or opening it from the cache of checked records) and preparing the view
(:func:`dashboard.loading.prepare`). :func:`stages` turns the progress of each part into the progress of
the whole.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from loaders.progress import Progress

T = TypeVar("T")

LOAD_SHARE = 0.85
"""The share of opening a record that loading it takes (the rest is preparing the view), roughly its time."""


def stages(progress: Progress) -> tuple[Progress, Progress]:
    """The progress of loading a record and of preparing its view, each reported as part of the whole."""

    def loading(stage: str, done: float) -> None:
        progress(stage, LOAD_SHARE * done)

    def preparing(stage: str, done: float) -> None:
        progress(stage, LOAD_SHARE + (1 - LOAD_SHARE) * done)

    return loading, preparing


class RecordStore(Generic[T]):
    """The last ``max_entries`` records opened, by key, shared by every page of the server.

    A record not in the store is opened by the page that first asks for it; a page asking for it meanwhile
    waits for that one to finish rather than opening it again.
    """

    def __init__(self, max_entries: int = 4) -> None:
        self.max_entries = max_entries
        self._held: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, key: Hashable) -> bool:
        return key in self._held

    def get(self, key: Hashable, open_it: Callable[[], T]) -> T:
        """The record stored under ``key``, opened with ``open_it`` (and stored) when it is not there."""
        with self._lock:
            if key in self._held:
                self._held.move_to_end(key)
                return self._held[key]
            value = open_it()
            self._held[key] = value
            while len(self._held) > self.max_entries:
                self._held.popitem(last=False)
            return value

    def clear(self) -> None:
        """Forget every record, so each is opened again when next asked for."""
        with self._lock:
            self._held.clear()
