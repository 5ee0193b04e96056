"""Passage and source rendering: quotes highlighted in context, every string escaped."""

from dataclasses import replace

import pytest

from dashboard.citations import CitationFacts
from dashboard.render import (
    cited_share,
    merged_spans,
    paragraph_heading_html,
    passage_html,
    scroll_script,
    source_heading_html,
    source_html,
    text_html,
)

FACTS = CitationFacts(
    source_id="doc",
    source="A <b>document</b>",
    publisher="A & B",
    published="1903",
    perspective="press",
    perspective_label="Press",
    speaker='"Readers"',
    file="docs/doc.txt",
    line=7,
    url=None,
)


def test_passage_highlights_the_quote_inside_its_paragraph():
    html = passage_html("Before the quote after.", [(7, 16)])
    assert ">Before <mark" in html and ">the quote</mark> after.</div>" in html


def test_passage_highlights_every_quote_of_a_paragraph_once_merging_overlaps():
    html = passage_html("one two three four five", [(0, 3), (8, 13), (10, 18)])
    assert html.count("<mark") == 2
    assert ">one</mark> two <mark" in html and ">three four</mark> five</div>" in html


def test_passage_escapes_markup_in_the_text():
    html = passage_html("<b>x</b> <script>alert(1)</script>", [(9, 34)], title='a "title"')
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in html
    assert 'title="a &quot;title&quot;"' in html


def test_text_html_shows_markdown_and_tags_literally():
    assert text_html("**bold** <i>x</i>", "p") == "<p>**bold** &lt;i&gt;x&lt;/i&gt;</p>"


def test_overlapping_spans_merge_and_coverage_counts_each_character_once():
    assert merged_spans([(5, 10), (0, 3), (8, 12), (12, 14)]) == [(0, 3), (5, 14)]
    assert cited_share(20, [(0, 10), (5, 10)]) == 0.5
    assert cited_share(0, []) == 0.0


def test_source_view_highlights_passages_numbered_with_the_focus_outlined():
    text = "Alpha beta gamma delta. Epsilon <b>zeta</b>."
    passages = [(6, 16, "e1", "First"), (11, 22, "e2", "Second"), (24, 31, "e3", "Third")]
    html = source_html(text, passages, focus=1)
    assert html.count("<mark") == 2  # overlapping passages merge into one highlight
    assert 'id="hl-0" style="background:' in html and 'title="First; Second">beta gamma delta</mark>' in html
    assert 'id="hl-1"' in html and "outline:3px solid" in html.split('id="hl-1"')[1].split(">")[0]
    assert "outline" not in html.split('id="hl-0"')[1].split(">")[0]
    assert "&lt;b&gt;zeta&lt;/b&gt;" in html and "href" not in html
    assert html.endswith(".</div>")


def test_source_view_marks_a_found_place_even_inside_a_highlight():
    html = source_html("Alpha beta gamma delta.", [(6, 16, "e1", "First")], marker=11)
    assert '>beta <span id="found"' in html and "▸</span>gamma</mark>" in html


def test_scroll_script_accepts_only_plain_ids():
    script = scroll_script("document-tab", "hl-3")
    assert "getElementById('document-tab')" in script and "b.querySelector('#hl-3')" in script
    assert "scrollIntoView" not in script  # only the box scrolls, never the page
    with pytest.raises(ValueError):
        scroll_script("document", "x');alert(1);('")


def test_a_paragraphs_heading_names_the_document_then_who_speaks_and_where():
    assert paragraph_heading_html([FACTS]) == (
        "<div class='paragraph-heading' style='margin-top:8px'><b>A &lt;b&gt;document&lt;/b&gt; · A &amp; B · 1903"
        "</b><br><span style='font-size:0.85rem;color:#555'>Press · quoting &quot;Readers&quot; · docs/doc.txt, "
        "line 7</span></div>"
    )


def test_a_paragraph_of_several_quotes_names_its_document_once_and_each_voice_once():
    narrator = CitationFacts(**{**FACTS.__dict__, "speaker": None, "line": 9})
    heading = paragraph_heading_html([FACTS, narrator, replace(FACTS, line=12), replace(FACTS, line=7)])
    assert heading.count("<b>") == 1 and heading.count("A &lt;b&gt;document&lt;/b&gt;") == 1
    assert "Press · quoting &quot;Readers&quot; · docs/doc.txt, lines 7 and 12</span>" in heading
    assert "Press · docs/doc.txt, line 9</span>" in heading


def test_source_heading_gives_the_sources_facts_and_what_is_cited_of_it():
    source = CitationFacts(**{**FACTS.__dict__, "speaker": None, "line": None, "published": None})
    assert source_heading_html(source, 3, 2, 0.125) == (
        "<p><b>A &amp; B</b> · Press · docs/doc.txt<br>"
        "3 cited passages from 2 events cover 12.5% of the document's characters.</p>"
    )
    assert "3 cited passages (5 quotes, those overlapping merged) from 2 events" in source_heading_html(
        source, 3, 2, 0.125, quotes=5
    )


def test_markdown_escape_leaves_nothing_for_markdown_latex_or_directives_to_read():
    from dashboard.render import md_escape

    assert md_escape("![t](http://h/x.png)") == r"\!\[t\]\(http\://h/x\.png\)"
    assert md_escape(":red[boom] $x$ **b**") == r"\:red\[boom\] \$x\$ \*\*b\*\*"
    assert md_escape("<img src=x>\nnext") == r"\<img src\=x\> next"
