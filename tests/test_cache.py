"""The cache of validated records: used only when everything matches, never stale, never a crash."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import GENERIC

from loaders import RecordError, load_record
from loaders import cache as record_cache
from loaders.cli import main


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv(record_cache.NO_CACHE_ENV, raising=False)
    return home


@pytest.fixture
def record(tmp_path, cache_home) -> Path:
    """A copy of the generic record (two sources in a subfolder) in a folder of its own."""
    folder = tmp_path / "record"
    shutil.copytree(GENERIC.parent, folder)
    return folder / "events.yaml"


def cache_files(home: Path) -> list[Path]:
    folder = home / "mek-timeline" / "records"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_second_load_comes_from_the_cache_and_equals_a_fresh_load(record, cache_home):
    fresh = load_record(record)
    assert not fresh.from_cache and fresh.cache_note is None
    assert [p.suffix for p in cache_files(cache_home)] == [".arrow"]
    cached = load_record(record)
    assert cached.from_cache
    pd.testing.assert_frame_equal(fresh.events_frame(), cached.events_frame())
    assert cached.events == fresh.events
    assert cached.dates == fresh.dates
    assert cached.anchors == fresh.anchors
    assert (cached.title, cached.description, cached.period) == (fresh.title, fresh.description, fresh.period)
    for name in ("sources", "perspectives", "speakers", "actors", "categories"):
        assert getattr(cached, name) == getattr(fresh, name), name
    assert cached.source_files == fresh.source_files
    assert cached.summary() == fresh.summary()
    for ev in fresh.events:
        assert cached.citations(ev.id) == fresh.citations(ev.id)
    for sid in fresh.sources:
        assert cached.source_text(sid) == fresh.source_text(sid)
        assert cached.source_anchors(sid) == fresh.source_anchors(sid)


def test_a_changed_byte_in_the_record_is_read_afresh(record):
    first_title = load_record(record).events[0].title
    text = record.read_text(encoding="utf-8")
    assert text.count(f"title: {first_title}\n") == 1
    changed = first_title[:-1] + ("X" if first_title[-1] != "X" else "Y")  # one byte
    record.write_text(text.replace(f"title: {first_title}\n", f"title: {changed}\n"), encoding="utf-8")
    again = load_record(record)
    assert not again.from_cache
    assert changed in list(again.events_frame()["title"])
    assert load_record(record).from_cache  # and the new record is cached in its turn


def test_a_changed_byte_in_a_source_is_read_afresh(record):
    fresh = load_record(record)
    sid, file = next(iter(fresh.source_files.items()))
    raw = file.path.read_bytes()
    file.path.write_bytes(raw + b"\nOne more line.\n")  # every quote still found
    again = load_record(record)
    assert not again.from_cache
    assert again.source_text(sid).endswith("One more line.\n")


def test_a_source_changed_so_a_quote_is_lost_gives_the_problem_not_stale_events(record):
    fresh = load_record(record)
    ev = fresh.events[0]
    view = fresh.citations(ev.id)[0]
    path = fresh.source_files[view.source_id].path
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(view.quote, view.quote.upper()), encoding="utf-8")
    with pytest.raises(RecordError) as exc:
        load_record(record)
    assert any("not found in" in p.message for p in exc.value.problems)


def test_a_source_made_a_link_out_of_the_folder_is_refused(record, tmp_path):
    fresh = load_record(record)
    path = next(iter(fresh.source_files.values())).path
    outside = tmp_path / "outside.txt"
    outside.write_bytes(path.read_bytes())  # the same bytes, elsewhere
    path.unlink()
    path.symlink_to(outside)
    with pytest.raises(RecordError) as exc:
        load_record(record)
    assert any("leaves the record's folder" in p.message for p in exc.value.problems)


@pytest.mark.parametrize("keep", [0, 10, 0.5, -1, -41])
def test_a_truncated_cache_is_ignored_and_written_anew(record, cache_home, keep):
    fresh = load_record(record)
    (target,) = cache_files(cache_home)
    raw = target.read_bytes()
    cut = int(len(raw) * keep) if isinstance(keep, float) else (keep if keep >= 0 else len(raw) + keep)
    target.write_bytes(raw[:cut])
    again = load_record(record)
    assert not again.from_cache
    pd.testing.assert_frame_equal(again.events_frame(), fresh.events_frame())
    assert target.read_bytes() == raw  # rebuilt
    assert load_record(record).from_cache


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_a_cache_with_one_byte_changed_is_not_trusted(record, cache_home, where):
    fresh = load_record(record)
    (target,) = cache_files(cache_home)
    raw = bytearray(target.read_bytes())
    raw[int(len(raw) * where)] ^= 0x01
    target.write_bytes(bytes(raw))
    again = load_record(record)
    assert not again.from_cache
    assert again.events == fresh.events


def test_a_cache_of_another_loader_version_is_not_read(record, monkeypatch):
    load_record(record)
    assert load_record(record).from_cache
    monkeypatch.setattr(record_cache, "loader_version", lambda: "another version")
    again = load_record(record)
    assert not again.from_cache
    assert again.cache_note is None
    assert load_record(record).from_cache  # written for this version


def test_the_loader_version_follows_the_loaders_code():
    code = b"".join(p.read_bytes() for p in sorted(Path(record_cache.__file__).parent.glob("*.py")))
    assert len(record_cache.loader_version()) == 64
    assert b"def loader_version" in code  # the hash covers the module that computes it


def test_a_record_moved_elsewhere_has_its_own_cache(record, cache_home, tmp_path):
    load_record(record)
    moved = tmp_path / "moved"
    shutil.copytree(record.parent, moved)
    assert not load_record(moved / "events.yaml").from_cache
    assert len(cache_files(cache_home)) == 2


@pytest.mark.parametrize("blocker", ["home-is-a-file", "records-is-a-file"])
def test_an_unwritable_cache_folder_gives_a_note_and_a_correct_load(record, cache_home, blocker, capsys):
    if blocker == "home-is-a-file":
        cache_home.write_text("not a folder")
    else:
        (cache_home / "mek-timeline").mkdir(parents=True)
        (cache_home / "mek-timeline" / "records").write_text("not a folder")
    loaded = load_record(record)
    assert not loaded.from_cache
    assert loaded.cache_note is not None and str(cache_home) in loaded.cache_note
    assert loaded.events == load_record(record, cache=False).events
    assert main(["validate", str(record)]) == 0
    out, err = capsys.readouterr()
    assert "valid:" in out and f"{len(loaded.events)} events" in out
    assert err.startswith("note: not cached: ") and err.count("\n") == 1


def test_a_cache_path_that_is_not_a_regular_file_is_left_alone(record, cache_home, tmp_path):
    target = record_cache.cache_file(record)
    target.parent.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me")
    target.symlink_to(elsewhere)
    loaded = load_record(record)
    assert "not a regular file" in (loaded.cache_note or "")
    assert target.is_symlink() and elsewhere.read_text() == "keep me"
    target.unlink()
    target.mkdir()
    assert "not a regular file" in (load_record(record).cache_note or "")
    assert target.is_dir()


def test_no_temporary_file_is_left_when_writing_fails(record, cache_home, monkeypatch):
    def fail(record):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(record_cache, "_batches", fail)
    loaded = load_record(record)
    assert "No space left on device" in (loaded.cache_note or "")
    assert os.listdir(record_cache.cache_dir()) == []


def test_the_switch_and_the_flag_turn_the_cache_off(record, cache_home, monkeypatch, capsys):
    monkeypatch.setenv(record_cache.NO_CACHE_ENV, "1")
    assert not load_record(record).from_cache
    assert cache_files(cache_home) == []
    monkeypatch.setenv(record_cache.NO_CACHE_ENV, "0")
    load_record(record)
    assert len(cache_files(cache_home)) == 1
    assert load_record(record).from_cache
    assert not load_record(record, cache=False).from_cache
    assert main(["validate", "--no-cache", str(record)]) == 0
    assert "from the cache" not in capsys.readouterr().out
    assert main(["validate", str(record)]) == 0
    assert "from the cache" in capsys.readouterr().out


def test_a_source_changed_after_loading_is_refused_not_misread(record):
    loaded = load_record(record)
    sid, file = next(iter(loaded.source_files.items()))
    file.path.write_bytes(file.path.read_bytes().replace(b"e", b"E", 1))
    with pytest.raises(RecordError) as exc:
        loaded.source_text(sid)
    assert "changed since the record was loaded" in str(exc.value.problems[0])


def test_cache_files_live_in_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert record_cache.cache_dir() == tmp_path / "mek-timeline" / "records"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as the XDG spec says
    assert record_cache.cache_dir() == Path.home() / ".cache" / "mek-timeline" / "records"


def test_a_record_without_events_round_trips(make_record, cache_home):
    path = make_record(events="  []\n")
    fresh = load_record(path)
    cached = load_record(path)
    assert cached.from_cache and cached.events == [] and cached.dates == {} and cached.anchors == {}
    pd.testing.assert_frame_equal(fresh.events_frame(), cached.events_frame())


def test_the_dashboard_frame_of_a_cached_record_is_the_same_and_makes_no_models(record):
    from dashboard.frame import events_frame

    fresh = events_frame(load_record(record))
    cached_record = load_record(record)
    assert cached_record.from_cache
    cached = events_frame(cached_record)
    assert "events" not in vars(cached_record)  # the frame came from the cache's columns alone
    pd.testing.assert_frame_equal(fresh, cached)
    assert cached_record.n_events == len(fresh)


def test_list_columns_read_back_row_by_row_across_batches():
    import pyarrow as pa

    rows = [["a", "b"], [], ["b"], ["c", "a", "a"], [], ["b", "c"]]
    chunked = pa.chunked_array([rows[:2], rows[2:2], rows[2:5], rows[5:]], type=pa.list_(pa.string()))
    sliced = pa.chunked_array([pa.array(rows, type=pa.list_(pa.string())).slice(2, 3)])
    assert record_cache._lists(chunked) == rows
    assert record_cache._lists(sliced) == rows[2:5]
    assert record_cache._lists(pa.chunked_array([], type=pa.null())) == []
