"""The cache of validated records: used only when everything matches, never stale, never a crash."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import GENERIC
from hostile_records import (
    FORGED_TITLE,
    cached_parts,
    duplicate_ids,
    forge,
    n_citations_as_text,
    negative_offset,
    quote_past_its_source,
    retitled,
    speaker_of_unknown_perspective,
    thirteen_actors_each,
    title_1mb,
    unknown_actor,
)

from loaders import RecordError, load_record
from loaders import cache as record_cache
from loaders import cached as cached_module
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
    assert cached_module._lists(chunked) == rows
    assert cached_module._lists(sliced) == rows[2:5]
    assert cached_module._lists(pa.chunked_array([], type=pa.null())) == []


# --- a cache that cannot lie -------------------------------------------------------------------


def export_titles(record: Path, tmp_path: Path) -> list[str]:
    """The titles of the events ``export --format csv`` writes for ``record``."""
    import csv
    import io

    from dashboard.cli import main as cli_main

    out = tmp_path / "events.csv"
    assert cli_main(["export", "--record", str(record), "--format", "csv", "--out", str(out)]) == 0
    return [row["title"] for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))]


@pytest.mark.parametrize("how", ["sha256", "mac-without-key", "another-key"])
def test_a_forged_cache_is_never_shown_as_the_record(record, cache_home, tmp_path, how, capsys):
    fresh = load_record(record)
    forge(record, cache_home, retitled, how=how)
    again = load_record(record)
    assert not again.from_cache and FORGED_TITLE not in list(again.events_frame()["title"])
    assert again.events == fresh.events
    assert FORGED_TITLE not in export_titles(record, tmp_path)
    assert main(["validate", str(record)]) == 0
    assert FORGED_TITLE not in capsys.readouterr().out
    assert load_record(record).from_cache  # written anew, sealed


@pytest.mark.parametrize(
    "edit",
    [unknown_actor, duplicate_ids, title_1mb, n_citations_as_text, quote_past_its_source],
    ids=lambda f: f.__name__,
)
def test_a_sealed_cache_holding_what_the_loader_never_makes_is_not_used(make_record, cache_home, tmp_path, edit):
    path = make_record()
    fresh = load_record(path)
    forge(path, cache_home, edit)
    again = load_record(path)
    assert not again.from_cache
    assert again.events == fresh.events
    pd.testing.assert_frame_equal(again.events_frame(), fresh.events_frame())
    assert export_titles(path, tmp_path) == [fresh.events[0].title]
    assert load_record(path).from_cache


def test_a_sealed_cache_with_a_negative_list_offset_is_refused_without_a_crash(make_record, cache_home, tmp_path):
    path = make_record()
    load_record(path)
    forge(path, cache_home, thirteen_actors_each, patch=negative_offset)
    code = (
        "import sys; from loaders import load_record; r = load_record(sys.argv[1]); "
        "print(r.from_cache, [e.actors for e in r.events], r.events_frame()['actors'].tolist())"
    )
    for _ in range(3):  # the crash it could cause came in some runs only
        done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False)
        assert (done.returncode, done.stderr) == (0, "")
        assert done.stdout == "False [['council']] [['council']]\n"
        path.write_bytes(path.read_bytes())  # the same record; the cache written by the run is forged again
        forge(path, cache_home, thirteen_actors_each, patch=negative_offset)


def test_a_sealed_cache_naming_a_speaker_of_no_perspective_is_not_used(make_record, cache_home):
    path = make_record()
    fresh = load_record(path)
    forge(path, cache_home, speaker_of_unknown_perspective)
    again = load_record(path)
    assert not again.from_cache and again.speakers == {} and again.sources == fresh.sources


def test_the_key_is_made_private_in_a_private_folder(record, cache_home):
    load_record(record)
    app = cache_home / "mek-timeline"
    key = app / "key"
    assert stat.S_IMODE(app.stat().st_mode) == 0o700
    assert stat.S_IMODE((app / "records").stat().st_mode) == 0o700
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 32
    (target,) = cache_files(cache_home)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes()[-40:-32] == b"MEKTLMAC"


@pytest.mark.parametrize(
    ("where", "mode", "reason"),
    [
        ("mek-timeline", 0o777, "is writable by others (mode 0777)"),
        ("mek-timeline/records", 0o775, "is writable by others (mode 0775)"),
        ("mek-timeline/key", 0o644, "is readable or writable by others (mode 0644)"),
    ],
)
def test_a_cache_folder_or_key_others_may_write_is_neither_read_nor_written(record, cache_home, where, mode, reason):
    load_record(record)
    assert load_record(record).from_cache
    os.chmod(cache_home / where, mode)
    before = {p: p.stat().st_mtime_ns for p in cache_files(cache_home)}
    again = load_record(record)
    assert not again.from_cache
    assert again.cache_note == f"{cache_home / where} {reason}; it is not used"
    assert {p: p.stat().st_mtime_ns for p in cache_files(cache_home)} == before  # nothing written there


def test_a_cache_file_others_may_write_is_not_read(record, cache_home):
    load_record(record)
    (target,) = cache_files(cache_home)
    os.chmod(target, 0o666)
    assert not load_record(record).from_cache
    assert load_record(record).from_cache  # replaced by the user's own


def test_a_key_that_is_not_a_key_is_reported(record, cache_home):
    load_record(record)
    (cache_home / "mek-timeline" / "key").write_bytes(b"short")
    loaded = load_record(record)
    assert not loaded.from_cache
    key = cache_home / "mek-timeline" / "key"
    assert loaded.cache_note == f"{key} is not a key of 32 bytes; delete it to make a new one"


NOBODY = 65534


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
@pytest.mark.parametrize("planted", ["folder", "records", "key", "file"])
def test_a_cache_planted_by_another_user_is_never_used(record, cache_home, planted):
    """As user ``nobody`` could: a world-writable cache folder (or key, or file) that is theirs."""
    load_record(record)
    forge(record, cache_home, retitled)  # sealed with the user's own key, even
    app = cache_home / "mek-timeline"
    (target,) = cache_files(cache_home)
    owned = {"folder": [app, app / "records"], "records": [app / "records"], "key": [app / "key"], "file": [target]}
    for path in owned[planted]:
        os.chown(path, NOBODY, NOBODY)
    planted_bytes = target.read_bytes()
    loaded = load_record(record)
    assert not loaded.from_cache and FORGED_TITLE not in list(loaded.events_frame()["title"])
    if planted == "file":  # in the user's own folder: replaced by the user's own
        assert loaded.cache_note is None and target.stat().st_uid == os.geteuid()
    else:  # nothing is read from that folder or written to it
        assert loaded.cache_note == f"{owned[planted][0]} is owned by another user (uid {NOBODY}); it is not used"
        assert target.read_bytes() == planted_bytes


def test_a_cache_file_larger_than_its_bound_is_not_read(record, cache_home, monkeypatch):
    from loaders import private

    load_record(record)
    (target,) = cache_files(cache_home)
    trailer = target.read_bytes()[-40:]
    with target.open("r+b") as fh:  # sparse: large on paper, nothing written
        fh.truncate(record_cache.size_limit(record.stat().st_size) + 1 - 40)
        fh.seek(0, os.SEEK_END)
        fh.write(trailer)

    def no_body(*args):
        raise AssertionError("the body of a file over its bound was read")

    monkeypatch.setattr(private.os, "preadv", no_body)
    assert not load_record(record).from_cache


def test_a_cache_path_that_is_a_link_to_a_sealed_cache_is_not_followed(record, cache_home, tmp_path):
    load_record(record)
    (target,) = cache_files(cache_home)
    copy = tmp_path / "sealed-copy.arrow"
    target.rename(copy)
    target.symlink_to(copy)  # a sealed cache of this very record, one link away
    loaded = load_record(record)
    assert not loaded.from_cache
    assert loaded.cache_note == f"{target} exists and is not a regular file; it is left alone"
    assert target.is_symlink()


def test_a_record_swapped_while_it_is_read_is_cached_under_the_bytes_read(record, monkeypatch):
    """A, then B while it is parsed, then A again: the cache of B's content is never taken for A's."""
    import loaders.load as loader

    a = record.read_text(encoding="utf-8")
    first_title = load_record(record, cache=False).events[0].title
    b = a.replace(f"title: {first_title}\n", f"title: {first_title[:-1]}#\n")
    real = loader.read_yaml

    def swapped(path, display):
        record.write_text(b, encoding="utf-8")
        try:
            return real(path, display)
        finally:
            record.write_text(a, encoding="utf-8")

    monkeypatch.setattr(loader, "read_yaml", swapped)
    assert load_record(record).events[0].title == first_title[:-1] + "#"  # B was read...
    _, meta = cached_parts(record_cache.cache_file(record))
    assert meta["record_sha256"] == hashlib.sha256(b.encode()).hexdigest()  # ...and cached as B's
    monkeypatch.setattr(loader, "read_yaml", real)
    again = load_record(record)  # A, as the file holds
    assert not again.from_cache and again.events[0].title == first_title


def test_stale_temporary_files_are_removed_and_never_read(record, cache_home):
    load_record(record)
    folder = record_cache.cache_dir()
    (target,) = cache_files(cache_home)
    old = time.time() - 3600
    stale, young, not_a_file = folder / ".record-stale.tmp", folder / ".record-young.tmp", folder / ".record-dir.tmp"
    stale.write_bytes(target.read_bytes())
    young.write_bytes(b"being written")
    not_a_file.mkdir()
    for path in (stale, not_a_file):
        os.utime(path, (old, old))
    assert load_record(record).from_cache  # a load from the cache cleans up too
    assert not stale.exists() and young.exists() and not_a_file.is_dir()


def test_a_killed_write_leaves_a_temporary_file_that_a_later_load_removes(record, cache_home):
    code = (
        "import sys, time\n"
        "from loaders import cache, load_record\n"
        "real = cache._batches\n"
        "def slow(record):\n"
        "    yield from real(record)\n"
        "    time.sleep(600)\n"
        "cache._batches = slow\n"
        "load_record(sys.argv[1])\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(record)])
    folder = record_cache.cache_dir()
    try:
        for _ in range(600):  # until the write is under way
            temps = list(folder.glob(".record-*.tmp")) if folder.is_dir() else []
            if temps and temps[0].stat().st_size > 0:
                break
            time.sleep(0.1)
        assert temps, "the write started"
    finally:
        child.kill()
        child.wait()
    assert [p.name for p in folder.iterdir()] == [temps[0].name]  # no cache, a temporary file
    loaded = load_record(record)  # a temporary file is never read, and a young one is left to its writer
    assert not loaded.from_cache and temps[0].exists()
    old = time.time() - 3600
    os.utime(temps[0], (old, old))
    assert load_record(record).from_cache
    assert [p.suffix for p in folder.iterdir()] == [".arrow"]


def test_the_words_quoted_are_taken_from_the_source_whatever_a_cache_holds(record, cache_home):
    import pyarrow as pa
    from hostile_records import replace_column

    fresh = load_record(record)

    def blanked(table, meta):  # other words, as long as the source's
        cits = table.column("citations").combine_chunks()
        fields = {name: cits.values.field(name) for name in cits.values.type.names}
        for name in ("exact", "before", "after"):
            fields[name] = pa.array(["x" * len(text) for text in fields[name].to_pylist()])
        structs = pa.StructArray.from_arrays(list(fields.values()), fields=list(cits.values.type))
        return replace_column(table, "citations", pa.ListArray.from_arrays(cits.offsets, structs)), meta

    forge(record, cache_home, blanked)
    cached = load_record(record)
    assert cached.from_cache
    for ev in fresh.events:
        assert cached.citations(ev.id) == fresh.citations(ev.id)


def test_a_cache_written_in_several_batches_reads_back_the_same(record, monkeypatch):
    monkeypatch.setattr(record_cache, "BATCH_EVENTS", 2)
    fresh = load_record(record)
    cached = load_record(record)
    assert cached.from_cache
    assert cached._table.column("id").num_chunks == -(-len(fresh.events) // 2)
    pd.testing.assert_frame_equal(cached.events_frame(), fresh.events_frame())
    assert cached.events == fresh.events and cached.anchors == fresh.anchors
