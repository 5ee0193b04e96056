"""`mek-timeline export`: files of the filtered view, one clear line per problem, exit codes 0/1/2."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import GENERIC, ROOT
from e2e import chromium
from e2e.records import TITLES, write_record

from dashboard.cli import main

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def record(tmp_path) -> Path:
    return write_record(tmp_path / "record")


def run(capsys, *args: str) -> tuple[int, list[str], list[str]]:
    code = main(["export", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_data_formats_in_one_call_hold_exactly_the_filtered_events(capsys, record, tmp_path):
    out = tmp_path / "out"
    code, lines, err = run(
        capsys,
        "--record", str(record),
        "--format", "csv", "--out", str(out / "e.csv"),
        "--format", "json", "--out", str(out / "e.json"),
        "--format", "timelinejs", "--out", str(out / "t.json"),
        "--actor", "council", "--from", "1905", "--to", "1935",
    )  # fmt: skip
    assert (code, err) == (0, [])
    assert lines == [
        f"{out / 'e.csv'}: csv, {(out / 'e.csv').stat().st_size:,} bytes, 2 of 7 events",
        f"{out / 'e.json'}: json, {(out / 'e.json').stat().st_size:,} bytes, 2 of 7 events",
        f"{out / 't.json'}: timelinejs, {(out / 't.json').stat().st_size:,} bytes, 2 of 7 events",
    ]
    rows = list(csv.DictReader(io.StringIO((out / "e.csv").read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["vote", "pier"]
    doc = json.loads((out / "e.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in doc["events"]] == ["vote", "pier"]
    assert doc["filters"]["query"] == {"actor": ["council"], "from": ["1905"], "to": ["1935"]}
    assert [e["unique_id"] for e in json.loads((out / "t.json").read_text())["events"]] == ["vote", "pier"]
    assert sorted(p.name for p in out.iterdir()) == ["e.csv", "e.json", "t.json"]


def test_out_dir_names_each_file_and_writes_each_chart(capsys, record, tmp_path):
    code, lines, _ = run(
        capsys, "--record", str(record), "--format", "html", "csv", "--chart", "timeline", "per-year",
        "--out-dir", str(tmp_path / "d"), "--contested",
    )  # fmt: skip
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == [
        "harbour-works-walls_1900-1950_contested_events.csv",
        "harbour-works-walls_1900-1950_contested_per-year.html",
        "harbour-works-walls_1900-1950_contested_timeline.html",
    ]
    assert [line.split(": ")[1].split(",")[0] for line in lines] == ["timeline html", "per-year html", "csv"]


def test_search_and_group_by_reach_the_export(capsys, record, tmp_path):
    target = tmp_path / "t.json"
    code, _, _ = run(
        capsys, "--record", str(record), "--format", "timelinejs", "--out", str(target),
        "--search", "PIER", "--group-by", "actor",
    )  # fmt: skip
    assert code == 0
    (event,) = json.loads(target.read_text())["events"]
    assert (event["unique_id"], event["group"]) == ("pier", "County Council")


def test_place_reaches_the_export(capsys, record, tmp_path):
    target = tmp_path / "e.json"
    code, lines, err = run(capsys, "--record", str(record), "--format", "json", "--out", str(target), "--place", "QUAY")
    assert (code, err) == (0, [])
    assert lines[0].endswith("1 of 7 events")
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert [e["id"] for e in doc["events"]] == ["rebuilt"]
    assert doc["filters"]["query"] == {"place": ["QUAY"]}
    assert doc["filters"]["description"] == "place: QUAY"


PAIRS = "error: 2 formats but 1 --out files; give one --out per --format, in the same order, or use --out-dir"
SEVERAL_CHARTS = "error: several --chart values need --out-dir (each chart gets its own file)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--actor", "counsil"],
            "error: unknown actor 'counsil' (did you mean 'council'?); known ids: council, masons",
        ),
        (["--category", "work"], "error: unknown category 'work' (did you mean 'works'?); known ids: decisions, works"),
        (["--perspective", "tv"], "error: unknown perspective 'tv'; known ids: council, press"),
        (["--from", "1905-13-01"], "error: --from '1905-13-01': expected a year (YYYY) or a day (YYYY-MM-DD)"),
        (["--to", "last year"], "error: --to 'last year': expected a year (YYYY) or a day (YYYY-MM-DD)"),
        (["--from", "1930", "--to", "1920"], "error: --from 1930 is after --to 1920"),
        (["--width", "50"], "error: image sides must be 200 to 8000 pixels, got 50×900 at scale 2"),
        (["--format", "json"], PAIRS),
        (["--out-dir", "d"], "error: give --out (one per --format) or --out-dir, not both"),
        (["--chart", "timeline", "per-year", "--format", "png", "--out", "x.png"], SEVERAL_CHARTS),
    ],
    ids=["actor", "category", "perspective", "from", "to", "from-after-to", "width", "pairs", "out-and-dir", "charts"],
)
def test_bad_values_are_one_line_and_exit_2(capsys, record, tmp_path, args, message):
    code, out, err = run(capsys, "--record", str(record), "--format", "csv", "--out", str(tmp_path / "e.csv"), *args)
    assert (code, out, err) == (2, [], [message])
    assert not (tmp_path / "e.csv").exists()


def test_out_dash_writes_to_standard_output_and_says_so_on_standard_error(capsys, record, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--record", str(record), "--format", "csv", "--out", "-", "--actor", "council")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO("\n".join(out))))
    assert [r["id"] for r in rows] == ["rebuilt", "vote", "pier", "closed"]
    assert len(err) == 1 and re.fullmatch(r"\(standard output\): csv, [\d,]+ bytes, 4 of 7 events", err[0])
    assert list(tmp_path.iterdir()) == [tmp_path / "record"]  # no file named "-"


def test_a_file_named_dash_is_written_as_dot_slash_dash(capsys, record, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--record", str(record), "--format", "csv", "--out", "./-")
    assert code == 0 and out[0].startswith("-: csv, ")
    assert (tmp_path / "-").read_text(encoding="utf-8").startswith("id,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "a\nb.csv"], "error: --out 'a\\nb.csv': a path with a control character (U+000A) is refused"),
        (["--out", "a\rb.csv"], "error: --out 'a\\rb.csv': a path with a control character (U+000D) is refused"),
        (["--out", "a\x1bb.csv"], "error: --out 'a\\x1bb.csv': a path with a control character (U+001B) is refused"),
        (["--out", "a\u2028b"], "error: --out 'a\\u2028b': a path with a control character (U+2028) is refused"),
        (["--out-dir", "d\nx"], "error: --out-dir 'd\\nx': a path with a control character (U+000A) is refused"),
    ],
    ids=["newline", "carriage-return", "escape", "line-separator", "out-dir"],
)
def test_an_output_path_with_a_control_character_is_refused_in_one_line(
    capsys, record, tmp_path, monkeypatch, args, message
):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    code, out, err = run(capsys, "--record", str(record), "--format", "csv", *args)
    assert (code, out, err) == (2, [], [message])
    assert list(cwd.iterdir()) == []


def test_only_one_export_may_go_to_standard_output(capsys, record):
    code, out, err = run(capsys, "--record", str(record), "--format", "csv", "json", "--out", "-", "--out", "-")
    assert (code, out, err) == (2, [], ["error: only one --out may be - (standard output)"])


@pytest.mark.parametrize("target", ["events.yaml", "docs/gazette.txt", "docs/../docs/minutes.txt"])
def test_never_writes_over_the_record_or_its_sources(capsys, record, target):
    path = record.parent / target
    before = {p: p.read_bytes() for p in record.parent.rglob("*") if p.is_file()}
    code, out, err = run(capsys, "--record", str(record), "--format", "csv", "--out", str(path))
    assert (code, out) == (2, [])
    assert len(err) == 1 and err[0].startswith(f"error: {path}: refusing to write over ")
    assert {p: p.read_bytes() for p in record.parent.rglob("*") if p.is_file()} == before


def test_missing_record_is_a_usage_error(capsys, tmp_path):
    code, out, err = run(capsys, "--record", str(tmp_path / "nope.yaml"), "--format", "csv", "--out-dir", str(tmp_path))
    assert (code, out, err) == (2, [], [f"error: {tmp_path / 'nope.yaml'}: no such file"])


def test_record_with_problems_exits_1_with_its_problem_lines(capsys, record, tmp_path):
    record.write_text(
        record.read_text().replace("category: decisions\n    contested", "category: votes\n    contested")
    )
    code, out, _ = run(capsys, "--record", str(record), "--format", "csv", "--out", str(tmp_path / "e.csv"))
    assert code == 1
    assert len(out) == 1 and re.match(
        rf"{re.escape(str(record))}:\d+:\d+: events\[2\]\.category: unknown category 'votes'", out[0]
    )
    assert not (tmp_path / "e.csv").exists()


def test_missing_chromium_is_one_line_saying_how_to_install(capsys, record, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-browser"))
    code, out, err = run(capsys, "--record", str(record), "--format", "png", "--out", str(tmp_path / "t.png"))
    assert (code, out) == (1, [])
    assert err == [
        f"error: BROWSER_PATH={tmp_path / 'no-browser'} is not an executable file; "
        "install Chromium (Debian: apt-get install chromium) or set BROWSER_PATH to a Chrome or Chromium executable"
    ]
    assert not (tmp_path / "t.png").exists()


def test_images_of_both_charts_in_one_call(capsys, record, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", chromium.require())
    out = tmp_path / "img"
    code, lines, err = run(
        capsys, "--record", str(record), "--format", "png", "svg", "pdf", "--chart", "timeline", "per-year",
        "--out-dir", str(out), "--actor", "masons", "--width", "800", "--height", "450", "--scale", "2",
    )  # fmt: skip
    assert (code, err, len(lines)) == (0, [], 6)
    stem = out / "harbour-works-walls_1900-1950_actor-masons"
    for chart in ("timeline", "per-year"):
        png = Path(f"{stem}_{chart}.png").read_bytes()
        assert png_size(png) == (1600, 900)
        pdf = Path(f"{stem}_{chart}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
        box = [float(v) for v in re.search(rb"/MediaBox \[([\d. ]+)\]", pdf).group(1).split()]
        assert abs((box[2] - box[0]) / (box[3] - box[1]) - 800 / 450) < 0.01
        svg = ET.parse(f"{stem}_{chart}.svg").getroot()
        assert svg.tag == f"{SVG_NS}svg" and svg.get("viewBox") == "0 0 800 450"
    timeline = ET.parse(f"{stem}_timeline.svg").getroot()
    drawn = {"".join(t.itertext()) for t in timeline.iter(f"{SVG_NS}text")}
    described = timeline.find(f"{SVG_NS}desc").text
    masons = [t for k, t in TITLES.items() if k in ("rebuilt", "storm", "patching", "pier", "painted")]
    for title in masons:  # each title on the image, whole or its start ellipsised
        assert any(d == title or (d.endswith("…") and title.startswith(d[:-1])) for d in drawn), title
        assert title in described
    assert TITLES["vote"] not in drawn and TITLES["vote"] not in described
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(line.split(": ")[0]).name for line in lines)


def test_help_lists_every_command_with_what_it_does(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith("usage: mek-timeline [-h] {validate,coverage,schema,export,serve} ...")
    for line in [
        "validate check a record and every quote in its sources",
        "coverage list dated mentions in the sources that no citation covers",
        "schema print the record's JSON Schema",
        "export write charts (PNG, SVG, PDF, HTML) and events (CSV, JSON, TimelineJS) of a filtered view",
        "serve run the dashboard on this machine only (127.0.0.1), usage statistics off",
    ]:
        assert line in out


def test_export_help_names_its_options(capsys):
    assert main(["export", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: mek-timeline export [-h] --format FORMAT [FORMAT ...]")
    for option in ["--out FILE", "--out-dir DIR", "--chart CHART", "--actor ID", "--from DATE", "--place TEXT"]:
        assert option in out
    assert "--record PATH" in out


def entry_points() -> dict[str, list[str]]:
    """Each way to start the command: the installed console script and the two modules."""
    script = Path(sys.executable).with_name("mek-timeline")
    return {
        "mek-timeline": [str(script)],
        "python -m dashboard.cli": [sys.executable, "-m", "dashboard.cli"],
        "python -m loaders": [sys.executable, "-m", "loaders"],
    }


@pytest.mark.parametrize("name", list(entry_points()))
def test_validate_works_from_every_entry_point(name):
    command = entry_points()[name]
    if not Path(command[0]).is_file():
        pytest.skip(f"{command[0]} is not installed (pip install -e .)")
    done = subprocess.run([*command, "validate", "--no-cache", str(GENERIC)], capture_output=True, text=True, cwd=ROOT)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"{GENERIC}: valid: 5 events, 7 citations, 2 sources, 3 actors, 2 categories\n"


def test_console_script_exports_and_the_loaders_module_does_not(record, tmp_path):
    script = entry_points()["mek-timeline"][0]
    if not Path(script).is_file():
        pytest.skip(f"{script} is not installed (pip install -e .)")
    target = tmp_path / "e.csv"
    args = ["export", "--record", str(record), "--format", "csv", "--out", str(target), "--category", "decisions"]
    done = subprocess.run([script, *args], capture_output=True, text=True, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert [r["id"] for r in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))] == ["vote", "closed"]
    target.unlink()
    done = subprocess.run([*entry_points()["python -m loaders"], *args], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert "invalid choice: 'export'" in done.stderr
    assert not target.exists()


def test_usage_error_exits_2(capsys):
    assert main(["export"]) == 2
    assert "--format" in capsys.readouterr().err
