"""`mek-timeline validate`: every bad-input class gives exit 1 and a located one-line message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD_EVENT, HEAD, ROOT

from loaders.cli import main


def run(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def event(**changes: str) -> str:
    """GOOD_EVENT with some lines replaced: key -> new line text (without indentation)."""
    lines = GOOD_EVENT.splitlines()
    for key, new in changes.items():
        for i, line in enumerate(lines):
            if line.strip().startswith(f"{key}:") or line.strip().startswith(f"- {key}:"):
                indent = line[: len(line) - len(line.lstrip())]
                lines[i] = indent + ("- " if line.strip().startswith("- ") else "") + new
                break
        else:
            raise AssertionError(key)
    return "\n".join(lines) + "\n"


def test_shipped_record_is_valid(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys)
    assert code == 0
    assert out[0].startswith("events.yaml: valid: ") and " events, " in out[0] and " citations, " in out[0]


def test_valid_record_prints_one_line_summary(capsys, make_record):
    path = make_record()
    code, out, _ = run(capsys, str(path))
    assert (code, out) == (0, [f"{path}: valid: 1 events, 1 citations, 1 sources, 1 actors, 1 categories"])


def test_missing_record_file_is_a_usage_error(capsys, tmp_path):
    code, out, err = run(capsys, str(tmp_path / "nope.yaml"))
    assert code == 2 and out == [] and "no such file" in err


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        (
            event(summary="sumary: The wall was rebuilt."),
            "19:5: events[0].sumary: unknown field 'sumary' (did you mean 'summary'?)",
        ),
        (event(summary="place: Harbour"), "16:5: events[0].summary: missing required field 'summary'"),
        (event(date="date: sometime"), "17:11: events[0].date: expected a date, found 'sometime'; accepted forms:"),
        (event(date="date: 1960"), "17:11: events[0].date: 1960 (1960-01-01 to 1960-12-31) falls outside"),
        (event(date="date: 1930/1920"), "17:11: events[0].date: '1930/1920' ends (1920-12-31) before it starts"),
        (event(actors="actors: [council, mayor]"), "20:23: events[0].actors[1]: unknown actor 'mayor'"),
        (
            event(category="category: work"),
            "21:15: events[0].category: unknown category 'work' (did you mean 'works'?)",
        ),
        (
            event(source="source: dok"),
            "23:17: events[0].citations[0].source: unknown source 'dok' (did you mean 'doc'?)",
        ),
        (event(id="id: Rebuilt Wall"), "16:9: events[0].id: 'Rebuilt Wall' is not a valid id"),
        (event(actors="actors: council"), "20:13: events[0].actors: expected a list, found 'council'"),
        (
            event(quote="quote: The harbour wall was repaired in 1902"),
            "24:16: events[0].citations[0].quote: not found in doc.txt (closest, ",
        ),
        (event(quote="quote: The wall"), "24:16: events[0].citations[0].quote: quote is 8 characters; at least 20"),
        (
            event(quote="quote: The wall was repaired again."),
            "24:16: events[0].citations[0].quote: occurs 2 times in doc.txt (lines 3, 3); lengthen it or add a prefix",
        ),
        (
            GOOD_EVENT + GOOD_EVENT.replace("title: The wall", "title: Again the wall"),
            "25:9: events[1].id: duplicate id",
        ),
    ],
    ids=[
        "unknown-key",
        "missing-key",
        "unreadable-date",
        "date-outside-period",
        "end-before-start",
        "unknown-actor",
        "unknown-category",
        "unknown-source",
        "bad-slug",
        "wrong-type",
        "quote-not-found",
        "quote-too-short",
        "quote-ambiguous",
        "duplicate-id",
    ],
)
def test_bad_record_exits_1_with_file_line_col_path_and_message(capsys, make_record, events, expected):
    path = make_record(events)
    code, out, err = run(capsys, str(path))
    assert code == 1
    assert any(line.startswith(f"{path}:{expected}") for line in out), out
    assert "Traceback" not in err


def test_not_found_quote_names_closest_passage_line_and_similarity(capsys, make_record):
    path = make_record(event(quote="quote: The harbour wall was repaired in 1902"))
    _, out, _ = run(capsys, str(path))
    assert out[0].endswith('% alike, line 1: "The harbour wall was rebuilt in 1902")')


def test_every_problem_is_reported_in_one_run(capsys, make_record):
    path = make_record(event(date="date: sometime", category="category: work", quote="quote: nothing like this at all"))
    code, out, _ = run(capsys, str(path))
    assert code == 1
    assert [line.split(": ")[1] for line in out] == [
        "events[0].date",
        "events[0].category",
        "events[0].citations[0].quote",
    ]


@pytest.mark.parametrize(
    ("file_line", "expected"),
    [
        (
            "file: ../../etc/passwd",
            "9:11: sources[0].file: path '../../etc/passwd' leaves the record's folder; refused",
        ),
        (
            "file: /etc/passwd",
            "9:11: sources[0].file: absolute path '/etc/passwd' refused; give a path inside the record's folder",
        ),
        ("file: missing.txt", "9:11: sources[0].file: file not found: missing.txt"),
    ],
    ids=["escaping-path", "absolute-path", "missing-file"],
)
def test_source_file_must_exist_inside_the_record_folder(capsys, make_record, file_line, expected):
    path = make_record(whole=HEAD.replace("file: doc.txt", file_line) + GOOD_EVENT)
    code, out, _ = run(capsys, str(path))
    assert code == 1
    assert f"{path}:{expected}" in out


def test_source_that_is_not_utf8_is_reported_with_byte_offset(capsys, make_record):
    path = make_record(source=b"The harbour wall was rebuilt in 1902\n\xff\xfe oops\n")
    code, out, _ = run(capsys, str(path))
    assert code == 1
    assert f"{path}:9:11: sources[0].file: doc.txt is not valid UTF-8: byte 0xff at offset 37 (line 2)" in out


def test_record_that_is_not_utf8_is_reported_with_byte_offset(capsys, tmp_path):
    path = tmp_path / "events.yaml"
    path.write_bytes(b"title: Caf\xe9\n")
    code, out, _ = run(capsys, str(path))
    assert (code, out) == (1, [f"{path}:1:11: not valid UTF-8: byte 0xe9 at byte offset 10"])


def test_yaml_syntax_error_keeps_line_and_column(capsys, make_record):
    path = make_record(GOOD_EVENT.replace("title: The wall is rebuilt", "title: [unclosed"))
    code, out, _ = run(capsys, str(path))
    assert code == 1 and len(out) == 1
    assert out[0].startswith(f"{path}:19:") and "YAML syntax error" in out[0]


def test_python_tags_are_refused_without_running_anything(capsys, make_record, tmp_path):
    marker = tmp_path / "ran"
    evil = f"!!python/object/apply:os.system ['touch {marker}']"
    path = make_record(GOOD_EVENT.replace("title: The wall is rebuilt", f"title: {evil}"))
    code, out, _ = run(capsys, str(path))
    assert code == 1
    assert f"{path}:18:12: events[0].title: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in out
    assert not marker.exists()


def test_duplicate_key_is_an_error(capsys, make_record):
    path = make_record(GOOD_EVENT.replace("    category: works\n", "    category: works\n    title: Another\n"))
    code, out, _ = run(capsys, str(path))
    assert code == 1
    assert f"{path}:22:5: events[0].title: duplicate key 'title' (first at line 18)" in out


def test_billion_laughs_is_refused(capsys, tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path = tmp_path / "events.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, str(path))
    assert code == 1 and len(out) == 1
    assert out[0].startswith(f"{path}:1:1: aliases expand the document beyond ")


def test_top_level_must_be_a_mapping(capsys, tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    code, out, _ = run(capsys, str(path))
    assert code == 1
    assert out[0].startswith(f"{path}:1:1: expected a mapping with sections")


def test_help_lists_the_loaders_commands(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith("usage: mek-timeline [-h] {validate,coverage,schema} ...")
    assert "validate check a record and every quote in its sources" in out
    assert "export" not in out


def test_unknown_command_is_a_usage_error(capsys):
    assert main(["check"]) == 2
    assert "invalid choice: 'check'" in capsys.readouterr().err


def test_module_and_console_script_report_the_same_problems(make_record):
    path = make_record(event(category="category: work"))
    script = Path(sys.executable).with_name("mek-timeline")
    if not script.is_file():
        pytest.skip(f"{script} is not installed (pip install -e .)")
    results = [
        subprocess.run([*command, "validate", str(path)], capture_output=True, text=True, cwd=ROOT)
        for command in ([sys.executable, "-m", "loaders"], [str(script)])
    ]
    for done in results:
        assert done.returncode == 1
        assert done.stdout == f"{path}:21:15: events[0].category: unknown category 'work' (did you mean 'works'?)\n"
        assert done.stderr == f"{path}: 1 problem\n"


def test_validate_never_writes_to_the_record_or_sources(capsys, make_record):
    path = make_record(event(date="date: sometime"))
    before = {p: p.read_bytes() for p in Path(path).parent.iterdir()}
    run(capsys, str(path))
    assert {p: p.read_bytes() for p in Path(path).parent.iterdir()} == before


def test_too_deeply_nested_document_is_refused(capsys, tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("title: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    code, out, _ = run(capsys, str(path))
    assert code == 1
    assert out == [f"{path}:1:108: nested more than 100 levels deep; refusing to read it"]
