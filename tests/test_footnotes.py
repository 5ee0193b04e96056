"""Sentences with footnote marks, speakers' bases, as the drawer, the filter help and the exports show them."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from e2e.records import write_record
from streamlit.testing.v1 import AppTest

from dashboard.citations import CitationFacts
from dashboard.footnotes import (
    MARK_STYLE,
    event_sentences,
    footnoted_html,
    footnoted_text,
    mark_titles,
    numbered,
    sentence_records,
)
from dashboard.render import paragraph_heading_html
from dashboard.speakers import filter_help, perspective_speakers, speaker_bases, speakers_html
from loaders import load_record

SENTENCES = [("The wall <b>fell</b>.", (1, 3)), ("It was rebuilt & painted.", (2,))]


def sup(inner: str) -> str:
    return f'<sup class="footnote" style="{MARK_STYLE}">{inner}</sup>'


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    return load_record(write_record(tmp_path_factory.mktemp("record")))


@pytest.mark.parametrize(
    ("summary", "sentences", "expected"),
    [
        ("Plain text.", [], [("Plain text.", ())]),
        ("A. B.", [{"text": "A.", "cites": [1]}, {"text": "B.", "cites": [2, 1]}], [("A.", (1,)), ("B.", (2, 1))]),
    ],
    ids=["plain-text-summary", "sentences"],
)
def test_a_frame_rows_sentences_are_numbered_and_a_plain_summary_is_one_unmarked_sentence(summary, sentences, expected):
    assert numbered(summary, sentences) == expected


def test_each_sentence_is_followed_by_its_marks_in_text():
    assert footnoted_text(SENTENCES) == "The wall <b>fell</b>. [1][3] It was rebuilt & painted. [2]"
    assert footnoted_text([("Plain text.", ())]) == "Plain text."


def test_sentences_as_data_leave_a_plain_summary_out():
    assert sentence_records(SENTENCES) == [
        {"text": "The wall <b>fell</b>.", "cites": [1, 3]},
        {"text": "It was rebuilt & painted.", "cites": [2]},
    ]
    assert sentence_records([("Plain text.", ())]) == []


def test_each_sentence_is_followed_by_escaped_marks_linking_to_its_passages():
    html = footnoted_html(SENTENCES, href=lambda n: f"#cite-{n}", titles={1: "line 3: “a <quote>”", 2: "line 9"})
    assert html == (
        "<p class='summary'>The wall &lt;b&gt;fell&lt;/b&gt;."
        + sup('<a href="#cite-1" title="line 3: “a &lt;quote&gt;”">[1]</a>')
        + sup('<a href="#cite-3">[3]</a>')
        + " It was rebuilt &amp; painted."
        + sup('<a href="#cite-2" title="line 9">[2]</a>')
        + "</p>"
    )


def test_marks_without_links_are_plain_superscripts_and_a_plain_summary_has_none():
    assert footnoted_html([("A.", (1,))], tag="div", style="x:1") == (
        "<div class='summary' style=\"x:1\">A." + sup("<span>[1]</span>") + "</div>"
    )
    assert footnoted_html([("Plain <text>.", ())]) == "<p class='summary'>Plain &lt;text&gt;.</p>"


def test_a_cited_paragraphs_heading_carries_its_quotes_numbers_and_is_their_marks_target():
    facts = CitationFacts("doc", "A doc", "A & B", None, "press", "Press", None, "doc.txt", 7, None)
    assert paragraph_heading_html([facts], [2]) == (
        "<div class='paragraph-heading' style='margin-top:8px'><span id='cite-2' class='citation'></span>"
        "<b>A doc · A &amp; B</b><br><span style='font-size:0.85rem;color:#555'>[2] Press · doc.txt, line 7</span>"
        "</div>"
    )
    quoted = CitationFacts("doc", "A doc", "A & B", None, "press", "Press", "Ann", "doc.txt", 9, None)
    heading = paragraph_heading_html([facts, quoted, facts], [1, 2, 3])
    assert heading.count("<b>") == 1
    assert [heading.count(f"id='cite-{n}'") for n in (1, 2, 3)] == [1, 1, 1]
    assert "[1] [3] Press · doc.txt, line 7</span>" in heading
    assert "[2] Press · quoting Ann · doc.txt, line 9</span>" in heading


def test_a_marks_tooltip_names_the_file_line_and_quote_of_its_citation(record):
    assert mark_titles(record, record.citations("vote")) == {
        1: "docs/minutes.txt, line 3: “The council voted by nine votes to two to buy the harbour wall”",
        2: 'docs/gazette.txt, line 5: “the vote of March 1910 was "rushed through in one evening"”',
    }
    assert event_sentences(record.event("vote").summary)[1] == (
        "A letter the Gazette printed calls the vote <i>rushed</i>.",
        (2,),
    )


def test_a_speakers_basis_is_labelled_from_the_documents_outside_them_or_not_sourced(record):
    found = speaker_bases(record, ["letters-page", "gazette", "letters-page"])
    assert [(s.name, s.perspective_label, s.lines) for s in found] == [
        (
            "Letters page",
            "Local press",
            [
                "From the documents: “Letters page: a reader wrote that” (docs/gazette.txt, line 5)",
                "Outside the documents: The reader is not named; the letter is filed with the press that printed it.",
            ],
        ),
        ("The Gazette", "Local press", ["Not sourced: The harbour pages' own reporting."]),
    ]
    html = speakers_html(found)
    assert html.startswith("<details class='speakers'")
    assert (
        "<li><b>Letters page</b> · Local press<ul><li>From the documents: “Letters page: a reader wrote that”" in html
    )
    assert "<li>Not sourced: The harbour pages&#x27; own reporting.</li>" in html
    assert speakers_html([]) == ""


def test_the_perspective_filters_help_lists_each_perspectives_speakers_and_their_basis_escaped(record):
    names = {"press": "Local press", "council": "County <council>"}
    text = filter_help("Events citing these.", names, {"press": "The *press*."}, perspective_speakers(record))
    assert text == (
        "Events citing these\\.\n\n"
        "- Local press: The \\*press\\*\\.\n"
        "    - The Gazette: Not sourced\\: The harbour pages\\' own reporting\\.\n"
        "    - Letters page: From the documents\\: “Letters page\\: a reader wrote that” \\(docs/gazette\\.txt, "
        "line 5\\); Outside the documents\\: The reader is not named; the letter is filed with the press that "
        "printed it\\.\n"
        "- County \\<council\\>\n"
        "    - County Council: Not sourced\\: The council\\'s own minutes\\."
    )
    assert filter_help("Events of these.", names, {}) == "Events of these."


def test_the_drawer_shows_marks_linking_to_numbered_passages_and_who_speaks(tmp_path, monkeypatch):
    monkeypatch.setenv("MEK_TIMELINE_RECORD", str(write_record(tmp_path)))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    at.query_params["event"] = "vote"
    at.run()
    assert not at.exception
    bodies = [h.proto.body for h in at.html]
    [summary] = [b for b in bodies if b.startswith("<p class='summary'")]
    assert summary.count("<a href=") == 2 and '<a href="#cite-1" title="docs/minutes.txt, line 3: “' in summary
    headings = [b for b in bodies if b.startswith("<div class='paragraph-heading'")]
    assert [re.findall(r"id='(cite-\d+)'", h) for h in headings] == [["cite-1"], ["cite-2"]]
    assert ["[1] " in headings[0], "[2] " in headings[1]] == [True, True]
    [who] = [b for b in bodies if b.startswith("<details class='speakers'")]
    assert "<b>Letters page</b>" in who and "<b>County Council</b>" in who and "Outside the documents: " in who
