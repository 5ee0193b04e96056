"""Opening a record says how far it has got: the stages of a load, a terminal line, and the store of opened records."""

from __future__ import annotations

import io
import shutil
import threading
import time
from pathlib import Path

import pytest
from conftest import GENERIC

from dashboard.loading import prepare
from dashboard.opening import LOAD_SHARE, RecordStore, stages
from loaders import cache as record_cache
from loaders import load_record
from loaders.progress import TerminalLine, throttled


@pytest.fixture
def record(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    monkeypatch.delenv(record_cache.NO_CACHE_ENV, raising=False)
    shutil.copytree(GENERIC.parent, tmp_path / "record")
    return tmp_path / "record" / "events.yaml"


def heard(record: Path) -> list[tuple[str, float]]:
    """Every stage reported while opening the record and preparing its view, as the app reports them."""
    out: list[tuple[str, float]] = []
    loading, preparing = stages(lambda stage, done: out.append((stage, done)))
    prepare(load_record(record, progress=loading), preparing)
    return out


def test_opening_a_record_reports_reading_checking_anchoring_and_building_the_view_in_order(record):
    first = heard(record)
    names = [stage.split(" (")[0].split(":")[0] for stage, _ in first]
    assert names == [
        "Looking for the checked record in the cache",  # tried first: none yet
        "Reading events.yaml",
        "Checking the record",
        *["Anchoring quotes in their sources"] * 2,  # the record's two sources, one at a time
        "Saving the checked record to the cache",
        "Building the view",
        "Building the view",
    ]
    assert "Anchoring quotes in their sources (1 of 2)" in [stage for stage, _ in first]
    shares = [done for _, done in first]
    assert shares == sorted(shares) and shares[0] >= 0 and shares[-1] < 1
    assert all(done <= LOAD_SHARE for stage, done in first if not stage.startswith("Building"))
    again = [stage.split(":")[0] for stage, _ in heard(record)]
    assert again == ["Looking for the checked record in the cache", "Building the view", "Building the view"]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_shows_one_line_written_over_and_cleared_and_a_file_shows_nothing():
    shown = FakeTerminal()
    with TerminalLine(shown) as line:
        line("Reading events.yaml", 0.0)
        line("Anchoring quotes in their sources (1 of 2)", 0.775)
    assert shown.getvalue().split("\r")[1:3] == [
        "Reading events.yaml…   0%",
        "Anchoring quotes in their sources (1 of 2)…  78%",
    ]
    assert shown.getvalue().endswith("\r" + " " * len("Anchoring quotes in their sources (1 of 2)…  78%") + "\r")
    piped = io.StringIO()
    with TerminalLine(piped) as line:
        line("Reading events.yaml", 0.0)
    assert piped.getvalue() == ""


def test_throttled_progress_reports_the_first_stage_and_then_at_most_every_interval():
    got = []
    report = throttled(lambda stage, done: got.append(stage), every=60)
    for i in range(100):
        report(f"source {i}", i / 100)
    assert got == ["source 0"]


def test_the_store_opens_a_record_once_for_every_page_asking_at_once_and_keeps_the_last_few():
    opened = []

    def slow(key: str):
        def open_it() -> str:
            opened.append(key)
            time.sleep(0.2)
            return f"record {key}"

        return open_it

    store: RecordStore[str] = RecordStore(max_entries=2)
    got = []
    pages = [threading.Thread(target=lambda: got.append(store.get("a", slow("a")))) for _ in range(3)]
    for page in pages:
        page.start()
    for page in pages:
        page.join()
    assert got == ["record a"] * 3 and opened == ["a"]
    store.get("b", slow("b"))
    store.get("c", slow("c"))
    assert "a" not in store and "b" in store and "c" in store
    store.clear()
    assert "c" not in store
