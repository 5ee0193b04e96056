"""CSV cells that a spreadsheet would run as formulas are neutralised, unless raw output is asked for."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from conftest import GENERIC

from dashboard.cli import main
from dashboard.export.data import neutral_cell


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1", "'\r=1"),
        ("A = B", "A = B"),
        ("", ""),
    ],
)
def test_formula_starts_get_a_quote(cell, shown):
    assert neutral_cell(cell) == shown


@pytest.fixture
def record(tmp_path):
    shutil.copytree(GENERIC.parent, tmp_path / "rec")
    path = tmp_path / "rec" / "events.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: The lighthouse is first lit", 'title: \'=HYPERLINK("http://x","click")\'')
    text = text.replace(
        "summary: The Gazette says the light was first lit after four years of building.",
        'summary: "\\t=1+1 after a tab"',
    )
    path.write_text(text, encoding="utf-8")
    return path


def rows(capsys, record, tmp_path, *extra):
    out = tmp_path / "events.csv"
    assert main(["export", "--record", str(record), "--format", "csv", "--out", str(out), *extra]) == 0
    capsys.readouterr()
    return {r["id"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}


def test_exported_cells_never_start_a_formula(capsys, record, tmp_path):
    first = rows(capsys, record, tmp_path)["first-lit"]
    assert first["title"] == '\'=HYPERLINK("http://x","click")'
    assert first["summary"] == "'=1+1 after a tab"  # the tab folds away; what is left is still neutralised
    for row in rows(capsys, record, tmp_path).values():
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values())


def test_raw_output_keeps_cells_as_they_are(capsys, record, tmp_path):
    first = rows(capsys, record, tmp_path, "--csv-raw")["first-lit"]
    assert first["title"] == '=HYPERLINK("http://x","click")'
