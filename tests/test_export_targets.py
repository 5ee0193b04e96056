"""Exports write only regular files, never into a folder of sources; leftovers of interrupted exports go."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import pytest
from conftest import GENERIC

from dashboard.cli import main
from dashboard.export import ExportError, check_target, write_atomic


@pytest.fixture
def record(tmp_path) -> Path:
    """A copy of the generic record, its sources in ``docs/`` beside it."""
    shutil.copytree(GENERIC.parent, tmp_path / "rec")
    return tmp_path / "rec" / "events.yaml"


def export_csv(capsys, record: Path, out: Path) -> tuple[int, str]:
    code = main(["export", "--record", str(record), "--format", "csv", "--out", str(out)])
    return code, capsys.readouterr().err


def test_a_fifo_is_refused_and_left_alone(capsys, record, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, err = export_csv(capsys, record, fifo)
    assert code == 2 and "not a regular file" in err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_symlink_is_refused_and_its_target_unchanged(capsys, record, tmp_path):
    target = tmp_path / "elsewhere.csv"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    code, err = export_csv(capsys, record, link)
    assert code == 2 and "is a link" in err
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me"


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device file needs root")
def test_a_character_device_is_refused(capsys, record, tmp_path):
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    code, err = export_csv(capsys, record, device)
    assert code == 2 and "not a regular file" in err
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_nothing_is_written_into_the_sources_folder(capsys, record):
    docs = record.parent / "docs"
    before = sorted(p.name for p in docs.iterdir())
    code, err = export_csv(capsys, record, docs / "events.csv")
    assert code == 2 and "folder of the record's sources" in err
    assert sorted(p.name for p in docs.iterdir()) == before


def test_the_records_own_folder_and_regular_files_are_fine(capsys, record):
    out = record.parent / "events.csv"
    out.write_text("old", encoding="utf-8")
    code, _ = export_csv(capsys, record, out)
    assert code == 0 and out.read_text(encoding="utf-8").startswith("id,")


def test_a_temp_file_left_by_an_interrupted_export_is_cleaned_up(tmp_path):
    target = tmp_path / "x.csv"
    stale = tmp_path / ".x.csv.0123456789ab.tmp"
    fresh = tmp_path / ".x.csv.ba9876543210.tmp"  # maybe another export writing right now
    other = tmp_path / ".y.csv.0123456789ab.tmp"
    for p in (stale, fresh, other):
        p.write_bytes(b"partial")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert not stale.exists() and fresh.exists() and other.exists()


def test_check_target_names_the_path_in_one_line(tmp_path):
    os.mkfifo(tmp_path / "p")
    with pytest.raises(ExportError) as info:
        check_target(tmp_path / "p", [])
    assert str(info.value).startswith(f"{tmp_path / 'p'}: ") and "\n" not in str(info.value)


def test_a_record_with_no_events_exports_empty_files(capsys, record, tmp_path):
    import json

    text = record.read_text(encoding="utf-8")
    record.write_text(text[: text.index("\nevents:")] + "\nevents: []\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["export", "--record", str(record), "--format", "csv", "json", "timelinejs", "--out-dir", str(out)]
    assert main(args) == 0
    files = {p.name: p for p in out.iterdir()}
    (csv_file,) = [p for n, p in files.items() if n.endswith("_events.csv")]
    assert csv_file.read_text(encoding="utf-8").splitlines()[0].startswith("id,")
    assert len(csv_file.read_text(encoding="utf-8").splitlines()) == 1
    (json_file,) = [p for n, p in files.items() if n.endswith("_events.json")]
    assert json.loads(json_file.read_text(encoding="utf-8"))["events"] == []
