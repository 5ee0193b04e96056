"""Every sentence carries its citations, every speaker's basis says where it comes from; `validate --strict`."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from loaders import RecordError, load_record
from loaders.cli import main
from loaders.schema import json_schema_text

SOURCE = (
    "The Gazette, harbour pages, by its own reporters.\n"
    "The harbour wall was rebuilt in 1902 by the county masons, the Herald reported.\n"
    "A second storm in 1903 broke the new wall at its northern end.\n"
)

CLEAN = """\
title: Test record
period: {start: 1900, end: 1950}
perspectives:
  - {id: press, label: Press}
categories:
  - {id: works, label: Works}
speakers:
  - id: gazette
    name: The Gazette
    perspective: press
    basis:
      - source: doc
        quote: The Gazette, harbour pages, by its own reporters
      - outside: The Gazette's owner is not named in the document.
  - id: herald
    name: The Herald
    perspective: press
    basis:
      - outside: The document quotes the Herald without saying who it is.
sources:
  - id: doc
    file: doc.txt
    title: A document
    publisher: The Gazette
    speaker: gazette
actors:
  - {id: council, name: Council, kind: government}
events:
  - id: rebuilt
    date: 1902
    title: The wall is rebuilt
    summary:
      - text: The Herald reported that the masons rebuilt the wall in 1902.
        cites: [1]
      - text: A storm broke it in 1903.
        cites: [2]
    actors: [council]
    category: works
    citations:
      - source: doc
        quote: The harbour wall was rebuilt in 1902 by the county masons, the Herald reported
        speaker: herald
      - source: doc
        quote: A second storm in 1903 broke the new wall
"""

BASIS = CLEAN[CLEAN.index("    basis:\n") : CLEAN.index("  - id: herald")]
SUMMARY = CLEAN[CLEAN.index("    summary:\n") : CLEAN.index("    actors: [council]")]
FULL_QUOTE = "quote: The harbour wall was rebuilt in 1902 by the county masons, the Herald reported"
CUT_QUOTE = "quote: The harbour wall was rebuilt in 1902 by the county masons"
CUT = (f"{FULL_QUOTE}\n        speaker: herald\n", f"{CUT_QUOTE}\n")
CUT_MESSAGE = (
    "{}stops just before the attribution of its sentence in doc.txt, line 2: "
    '"the Herald reported"; include it in the quote, or name that voice as the speaker'
)


def changed(*replacements: tuple[str, str]) -> str:
    text = CLEAN
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def validate(capsys, make_record, text: str, *flags: str, source: str = SOURCE) -> tuple[int, list[str], str]:
    """Exit code, stdout lines without the record's path, stderr with the path as ``events.yaml``."""
    path = make_record(whole=text, source=source)
    code = main(["validate", *flags, str(path)])
    out, err = capsys.readouterr()
    return code, [line.removeprefix(f"{path}:") for line in out.splitlines()], err.replace(str(path), "events.yaml")


VALID = " valid{}: 1 events, 2 citations, 1 sources, 1 actors, 1 categories"


def test_a_clean_record_passes_strict_validation(capsys, make_record):
    assert validate(capsys, make_record, CLEAN, "--strict") == (0, [VALID.format(" (strict)")], "")
    assert validate(capsys, make_record, CLEAN) == (0, [VALID.format("")], "")


@pytest.mark.parametrize(
    ("replacements", "expected"),
    [
        ([("cites: [2]", "cites: []")], "36:16: events[0].summary[1].cites: cites no citation"),
        ([("        cites: [2]\n", "")], "35:9: events[0].summary[1].cites: missing required field 'cites'"),
        ([("cites: [2]", "cites: [3]")], "36:17: events[0].summary[1].cites[0]: no citation 3 (the event has 2)"),
        (
            [("cites: [2]", "cites: [two]")],
            "36:17: events[0].summary[1].cites[0]: expected a citation number (1 to 2), found 'two'",
        ),
        ([("cites: [2]", "cites: [0]")], "36:17: events[0].summary[1].cites[0]: no citation 0 (the event has 2)"),
        (
            [(SUMMARY, "    summary: {text: The wall was rebuilt.}\n")],
            "32:14: events[0].summary: expected text or a list of sentences ({text, cites})",
        ),
        (
            [
                (
                    "quote: The Gazette, harbour pages, by its own reporters",
                    "quote: The Gazette, harbour pages, by its staff",
                )
            ],
            "13:16: speakers[0].basis[0].quote: not found in doc.txt (closest, ",
        ),
        (
            [("      - outside: The Gazette's owner is not named in the document.", "      - inside: no")],
            "14:9: speakers[0].basis[1]: expected a passage ({source, quote}) or a fact from outside the documents "
            "({outside})",
        ),
        (
            [("      - source: doc\n        quote: The Gazette", "      - source: dok\n        quote: The Gazette")],
            "12:17: speakers[0].basis[0].source: unknown source 'dok' (did you mean 'doc'?)",
        ),
    ],
    ids=[
        "uncited-sentence",
        "sentence-without-cites",
        "dangling-reference",
        "not-a-number",
        "number-zero",
        "summary-neither-text-nor-list",
        "basis-passage-not-found",
        "basis-entry-neither",
        "basis-unknown-source",
    ],
)
@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_a_broken_sentence_or_basis_is_refused_located_with_or_without_strict(
    capsys, make_record, replacements, expected, strict
):
    code, out, _ = validate(capsys, make_record, changed(*replacements), *(["--strict"] if strict else []))
    assert code == 1
    assert out[0].startswith(expected), out


@pytest.mark.parametrize(
    ("replacements", "expected"),
    [
        ([("cites: [2]", "cites: [1]")], "43:9: events[0].citations[1]: {}citation supports no sentence or claim"),
        ([CUT], "41:16: events[0].citations[0].quote: " + CUT_MESSAGE),
    ],
    ids=["unused-citation", "cut-attribution"],
)
def test_a_warning_is_printed_but_refuses_the_record_only_in_strict_validation(
    capsys, make_record, replacements, expected
):
    text = changed(*replacements)
    warned = (0, [VALID.format(""), expected.format("warning: ")], "events.yaml: 1 warning (refused by --strict)\n")
    assert validate(capsys, make_record, text) == warned
    refused = (1, [expected.format("")], "events.yaml: 1 problem (strict)\n")
    assert validate(capsys, make_record, text, "--strict") == refused


def test_a_citation_with_a_claim_needs_no_sentence(capsys, make_record):
    claimed = "quote: A second storm in 1903 broke the new wall\n        claim: a storm in 1903"
    text = changed(("cites: [2]", "cites: [1]"), ("quote: A second storm in 1903 broke the new wall", claimed))
    assert validate(capsys, make_record, text, "--strict")[0] == 0


def test_a_cut_quote_whose_speaker_is_the_cut_voice_is_not_warned_of(capsys, make_record):
    text = changed((FULL_QUOTE, CUT_QUOTE))
    assert "county masons\n        speaker: herald" in text
    assert validate(capsys, make_record, text, "--strict") == (0, [VALID.format(" (strict)")], "")


@pytest.mark.parametrize(
    ("replacements", "expected"),
    [
        (
            [(SUMMARY, "    summary: The wall was rebuilt.\n")],
            "32:14: events[0].summary: plain text: strict validation needs a list of sentences, each naming the "
            "citations it rests on",
        ),
        (
            [(BASIS, "    basis: Its own pages.\n")],
            "11:12: speakers[0].basis: plain text: strict validation needs a list of passages of the corpus "
            "({source, quote}) and facts from outside the documents ({outside})",
        ),
    ],
    ids=["plain-summary", "unanchored-basis"],
)
def test_an_older_plain_text_form_loads_but_strict_validation_refuses_it(capsys, make_record, replacements, expected):
    text = changed(*replacements)
    assert validate(capsys, make_record, text) == (0, [VALID.format("")], "")
    assert validate(capsys, make_record, text, "--strict") == (1, [expected], "events.yaml: 1 problem (strict)\n")


def test_a_plain_text_record_still_loads_with_its_summary_as_text(make_record):
    record = load_record(make_record())
    assert record.event("rebuilt").summary == "The wall was rebuilt."
    frame = record.events_frame()
    assert (frame.loc[0, "summary"], frame.loc[0, "sentences"]) == ("The wall was rebuilt.", [])
    assert record.warnings == []


def test_the_frame_holds_the_joined_text_and_each_sentence_with_its_citation_numbers(make_record):
    record = load_record(make_record(whole=changed(("cites: [2]", "cites: [2, 1]")), source=SOURCE))
    row = record.events_frame().iloc[0]
    assert row["summary"] == "The Herald reported that the masons rebuilt the wall in 1902. A storm broke it in 1903."
    assert row["sentences"] == [
        {"text": "The Herald reported that the masons rebuilt the wall in 1902.", "cites": [1]},
        {"text": "A storm broke it in 1903.", "cites": [2, 1]},
    ]


def test_a_basis_says_which_entries_are_read_from_the_documents_and_which_from_outside(make_record):
    record = load_record(make_record(whole=CLEAN, source=SOURCE))
    passage, outside = record.basis("gazette")
    assert (passage.kind, passage.text, passage.source_file, passage.line) == (
        "document",
        "The Gazette, harbour pages, by its own reporters",
        "doc.txt",
        1,
    )
    assert (outside.kind, outside.text, outside.line) == (
        "outside",
        "The Gazette's owner is not named in the document.",
        None,
    )
    plain = load_record(make_record(whole=changed((BASIS, "    basis: Its own pages.\n")), source=SOURCE))
    assert [(b.kind, b.text) for b in plain.basis("gazette")] == [("unsourced", "Its own pages.")]


def test_sentences_bases_and_warnings_come_back_from_the_cache_as_validated(make_record):
    path = make_record(whole=changed(CUT), source=SOURCE)
    fresh = load_record(path)
    cached = load_record(path)
    assert cached.from_cache and not fresh.from_cache
    assert cached.events == fresh.events and cached.speakers == fresh.speakers
    pd.testing.assert_frame_equal(cached.events_frame(), fresh.events_frame())
    assert cached.basis("gazette") == fresh.basis("gazette")
    assert cached.warnings == fresh.warnings and len(fresh.warnings) == 1


def test_strict_loading_raises_every_strict_problem(make_record):
    text = changed(CUT, ("cites: [2]", "cites: [1]"), (BASIS, "    basis: Its own pages.\n"))
    path = make_record(whole=text, source=SOURCE)
    assert len(load_record(path).warnings) == 2
    with pytest.raises(RecordError) as info:
        load_record(path, strict=True)
    assert [p.path for p in info.value.problems] == [
        "speakers[0].basis",
        "events[0].citations[0].quote",
        "events[0].citations[1]",
    ]
    assert not any(p.warning for p in info.value.problems)


def test_the_json_schema_describes_sentences_and_bases_as_an_editor_reads_them():
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(json_schema_text()))
    data = yaml.safe_load(CLEAN)
    assert validator.is_valid(data)
    data["events"][0]["summary"][1]["cites"] = []
    assert not validator.is_valid(data)
    data = yaml.safe_load(CLEAN)
    data["speakers"][0]["basis"][1] = {"outside": "x", "quote": "y"}
    assert not validator.is_valid(data)
