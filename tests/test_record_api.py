"""The public API: load_record, events_frame, citations; the schema; generality; no UI imports."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest
import yaml
from conftest import GENERIC, ROOT

from loaders import Record, RecordError, load_record
from loaders.schema import json_schema_text

FRAME_COLUMNS = {
    "id",
    "title",
    "summary",
    "start",
    "end",
    "precision",
    "date_label",
    "category",
    "actors",
    "perspectives",
    "contested",
    "n_citations",
}


@pytest.fixture(scope="module")
def generic() -> Record:
    return load_record(GENERIC)


def test_importing_loaders_does_not_import_streamlit():
    code = "import loaders, sys; loaders.load_record; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_events_frame_has_one_row_per_event_with_the_documented_columns(generic):
    frame = generic.events_frame()
    assert set(frame.columns) >= FRAME_COLUMNS
    assert list(frame["id"]) == ["first-lit", "storm", "automation-vote", "last-keeper-leaves", "volunteer-watch"]
    assert frame["start"].dtype.kind == "M"


def test_events_frame_row_carries_normalised_date_and_derived_fields(generic):
    row = generic.events_frame().set_index("id").loc["volunteer-watch"]
    assert (row["start"], row["end"]) == (pd.Timestamp("1988-06-01"), pd.Timestamp("1988-08-31"))
    assert (row["precision"], row["date_label"]) == ("season", "summer 1988")
    assert row["perspectives"] == ["press", "council"]
    assert bool(row["contested"]) and row["n_citations"] == 2
    assert row["actors"] == ["campaign"]


def test_events_frame_holds_the_records_data_not_display_labels(generic):
    columns = set(generic.events_frame().columns)
    assert not columns & {"category_label", "actor_names", "quotes"}


def test_citations_carry_source_metadata_offsets_line_and_paragraph(generic):
    cits = generic.citations("automation-vote")
    assert [c.source_id for c in cits] == ["minutes", "gazette"]
    c = cits[0]
    text = generic.source_text("minutes")
    assert text[c.start : c.end] == c.quote == "The council resolved to automate the Kerrow Point light"
    assert c.line == 3
    assert c.paragraph == text.splitlines()[2]
    assert c.paragraph[c.start - c.paragraph_start :].startswith(c.quote)
    assert (c.publisher, c.perspective, c.perspective_label) == ("County Council", "council", "County council")


def test_events_frame_is_a_copy(generic):
    frame = generic.events_frame()
    frame.loc[0, "title"] = "changed"
    assert generic.events_frame().loc[0, "title"] == "The lighthouse is first lit"


def test_record_error_carries_every_problem_as_located_lines(make_record):
    path = make_record(
        "  - id: x\n    date: never\n    title: T\n    summary: S\n    actors: [nobody]\n"
        "    category: works\n    citations:\n      - {source: doc, quote: The harbour wall was rebuilt in 1902}\n"
    )
    with pytest.raises(RecordError) as info:
        load_record(path)
    assert [str(p).split(": ", 2)[1] for p in info.value.problems] == ["events[0].date", "events[0].actors[0]"]
    assert all(str(p).startswith(f"{path}:") for p in info.value.problems)


def test_published_json_schema_is_generated_from_the_code():
    assert (ROOT / "events.schema.json").read_text(encoding="utf-8") == json_schema_text()


@pytest.mark.parametrize("record", ["events.yaml", "tests/fixtures/generic/events.yaml"])
def test_json_schema_accepts_the_shipped_and_generic_records(record):
    import jsonschema

    # as an editor sees it: YAML dates arrive as text
    data = json.loads(json.dumps(yaml.safe_load((ROOT / record).read_text(encoding="utf-8")), default=str))
    jsonschema.Draft202012Validator(json.loads(json_schema_text())).validate(data)


def test_json_schema_rejects_an_unknown_key():
    import jsonschema

    data = yaml.safe_load(GENERIC.read_text(encoding="utf-8"))
    data["events"][0]["sumary"] = "typo"
    validator = jsonschema.Draft202012Validator(json.loads(json_schema_text()))
    assert not validator.is_valid(data)


def test_shipped_sources_are_byte_identical_to_the_corpus():
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("the corpus folder ../shared/seeds is not beside this checkout")
    originals = sorted(seeds.glob("*.txt"))
    assert originals, "no corpus files found"
    for original in originals:
        assert (ROOT / "sources" / original.name).read_bytes() == original.read_bytes(), original.name


def test_coverage_lists_a_dated_mention_no_citation_covers(generic):
    from loaders.coverage import uncovered_mentions

    mentions = uncovered_mentions(generic, today=date(2026, 1, 1))
    open_ = [(m.source_id, m.line, m.text, m.precision) for m in mentions if not m.covered]
    assert ("minutes", 4, "in May 1988", "month") in open_
    covered = [(m.source_id, m.line) for m in mentions if m.covered]
    assert ("gazette", 3) in covered  # "14 March 1891", cited by first-lit


def test_coverage_command_prints_uncovered_mentions_with_file_and_line(capsys):
    from loaders.cli import main

    assert main(["coverage", str(GENERIC)]) == 0
    out = capsys.readouterr().out
    assert "  docs/council-minutes.txt:4: 'in May 1988' (month)" in out.splitlines()
