"""Which record the app shows, and the file signature that invalidates its cache."""

import os
import time
from pathlib import Path

import pytest
from conftest import GENERIC

from dashboard.filters import Filters, apply_filters
from dashboard.loading import DEFAULT_RECORD, file_signature, prepare, record_path, source_paths
from loaders import load_record


def test_app_argument_wins_over_environment_and_default():
    env = {"MEK_TIMELINE_RECORD": "other.yaml"}
    assert record_path(["dashboard/app.py", "mine.yaml"], env) == Path("mine.yaml")
    assert record_path(["dashboard/app.py"], env) == Path("other.yaml")
    assert record_path(["dashboard/app.py"], {}) == DEFAULT_RECORD


def test_a_test_runners_arguments_are_not_taken_for_a_record():
    assert record_path(["/usr/bin/pytest", "tests/"], {}) == DEFAULT_RECORD


def test_signature_changes_when_a_source_file_changes(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("one", encoding="utf-8")
    before = file_signature([f])
    f.write_text("one two", encoding="utf-8")
    assert file_signature([f]) != before
    f.unlink()
    assert file_signature([f]) == ((str(f), None, None, None, None),)


@pytest.mark.parametrize("how", ["mtime-kept", "replaced-by-a-copy"])
def test_signature_changes_with_the_content_when_size_and_mtime_are_kept(tmp_path, how):
    f = tmp_path / "a.txt"
    f.write_text("one", encoding="utf-8")
    info = f.stat()
    before = file_signature([f])
    time.sleep(0.05)  # past a tick of a coarse file-system clock, as between two requests
    if how == "mtime-kept":  # an edit, then touch -r: same size, same modification time
        f.write_text("two", encoding="utf-8")
    else:  # cp -p of a same-size file over it, by a rename
        other = tmp_path / "b.txt"
        other.write_text("two", encoding="utf-8")
        os.utime(other, ns=(info.st_atime_ns, info.st_mtime_ns))
        other.replace(f)
    os.utime(f, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (f.stat().st_size, f.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)
    assert file_signature([f]) != before


def test_prepared_record_lists_its_sources_and_vocabulary():
    loaded = prepare(load_record(GENERIC))
    assert [p.name for p in source_paths(loaded.record)] == ["harbour-gazette.txt", "council-minutes.txt"]
    assert loaded.vocab.events == frozenset(loaded.frame["id"])
    by_text = apply_filters(loaded.frame, Filters(text="no more than a dozen"), loaded.index)
    assert list(by_text["id"]) == ["volunteer-watch"]
    by_actor = apply_filters(loaded.frame, Filters(actors=("keepers",)), loaded.index)
    assert list(by_actor.index) == [0, 1, 3]


def test_prepared_frame_has_the_display_columns_and_searches_quotes():
    loaded = prepare(load_record(GENERIC))
    row = loaded.frame.set_index("id").loc["automation-vote"]
    assert (row["category_label"], row["actor_names"]) == ("Council decisions", ["County Council"])
    by_quote = apply_filters(loaded.frame, Filters(text="VOTED in 1987"), loaded.index)
    assert list(by_quote["id"]) == ["automation-vote"]
