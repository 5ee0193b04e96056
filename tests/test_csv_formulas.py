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
        ("\u200b=1+1", "'\u200b=1+1"),  # zero-width space
        ("\ufeff=1+1", "'\ufeff=1+1"),  # byte order mark
        ("\u200e\u2060@SUM(A1)", "'\u200e\u2060@SUM(A1)"),  # left-to-right mark, word joiner
        ("\u00a0=1", "'\u00a0=1"),  # no-break space
        ("\u0301=1", "'\u0301=1"),  # a combining mark with nothing to combine with
        ("\uff1d1+1", "'\uff1d1+1"),  # fullwidth equals sign
        ("\uff0b44", "'\uff0b44"),  # fullwidth plus
        ("\uff0d5", "'\uff0d5"),  # fullwidth hyphen-minus
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),  # fullwidth commercial at
        ("\ufe66cmd", "'\ufe66cmd"),  # small equals sign
        ("\u2212 5", "'\u2212 5"),  # minus sign
        ("\u200b\uff1dcmd", "'\u200b\uff1dcmd"),  # both
        ("\u200bplain", "\u200bplain"),
        ("\uff21BC", "\uff21BC"),  # fullwidth letters are text
        ("\u200b", "\u200b"),
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


def test_exported_cells_after_invisible_or_fullwidth_characters_never_start_a_formula(capsys, record, tmp_path):
    text = record.read_text(encoding="utf-8")
    text = text.replace("title: The last keeper leaves", "title: \"\\u200b=cmd|' /C calc'!A0\"")
    text = text.replace("title: A storm darkens the light", 'title: "\\uff1dHYPERLINK(1)"')
    record.write_text(text, encoding="utf-8")
    written = rows(capsys, record, tmp_path)
    titles = {row["title"] for row in written.values()}
    assert "'\u200b=cmd|' /C calc'!A0" in titles and "'\uff1dHYPERLINK(1)" in titles


def test_raw_output_keeps_cells_as_they_are(capsys, record, tmp_path):
    first = rows(capsys, record, tmp_path, "--csv-raw")["first-lit"]
    assert first["title"] == '=HYPERLINK("http://x","click")'
