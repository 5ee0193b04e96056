"""Exports of a filtered view, built without a browser: data files, TimelineJS, figures, names, writing."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import os
import re
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from e2e.records import TITLES, write_record

from dashboard import export
from dashboard.export import (
    CSV_COLUMNS,
    BrowserMissing,
    ExportError,
    ImageSize,
    Selection,
    chart_figure,
    check_target,
    date_parts,
    events_csv,
    events_json,
    figure_html,
    headings,
    labels_wanted,
    slug,
    svg_with_description,
    timelinejs,
    write_atomic,
)
from dashboard.filters import Filters, View, apply_filters, describe
from dashboard.filters.values import COLORS
from dashboard.loading import prepare
from loaders import load_record

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    return prepare(load_record(write_record(tmp_path_factory.mktemp("record"))))


def select(loaded, filters: Filters | None = None, view: View | None = None, **kw) -> Selection:
    filters, view = filters or Filters(), view or View()
    frame = apply_filters(loaded.frame, filters, loaded.index)
    return Selection(loaded.record, frame, loaded.labels, filters, view, total=len(loaded.frame), **kw)


MARKED_CLAIM = 'a vote of <b>nine</b> to two & "final"'
MARKED_ATTRIBUTION = 'Letters <page> & "readers"'


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    """The export record with markup in a claim and an attribution, and line breaks inside two citations."""
    path = write_record(tmp_path_factory.mktemp("marked"))
    text = path.read_text(encoding="utf-8")
    for old, new in [
        ("claim: a vote of nine to two", f"claim: '{MARKED_CLAIM}'"),
        ("name: Letters page", f"name: '{MARKED_ATTRIBUTION}'"),
        ("claim: rushed through in one evening", 'claim: "rushed through\\r\\nin one\\nevening"'),
        (
            "quote: In the winter of 1903 a storm broke the new wall",
            "quote: a storm broke the new wall at its northern end. Letters page",
        ),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return prepare(load_record(path))


# --- TimelineJS dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "precision", "first", "last"),
    [
        (date(1902, 5, 6), date(1902, 5, 6), "day", {"year": "1902", "month": "5", "day": "6"}, None),
        (date(1910, 3, 1), date(1910, 3, 31), "month", {"year": "1910", "month": "3"}, None),
        (date(1945, 1, 1), date(1945, 12, 31), "year", {"year": "1945"}, None),
        (
            date(1903, 12, 1),
            date(1904, 2, 29),
            "season",
            {"year": "1903", "month": "12"},
            {"year": "1904", "month": "2"},
        ),
        (date(1920, 1, 1), date(1929, 12, 31), "decade", {"year": "1920"}, {"year": "1929"}),
        (date(1930, 1, 1), date(1932, 12, 31), "span", {"year": "1930"}, {"year": "1932"}),
        (date(1940, 1, 1), date(1940, 4, 30), "span", {"year": "1940", "month": "1"}, {"year": "1940", "month": "4"}),
        (
            date(1988, 7, 14),
            date(1988, 9, 2),
            "span",
            {"year": "1988", "month": "7", "day": "14"},
            {"year": "1988", "month": "9", "day": "2"},
        ),
        (
            date(1988, 7, 1),
            date(1988, 9, 29),
            "span",
            {"year": "1988", "month": "7", "day": "1"},
            {"year": "1988", "month": "9", "day": "29"},
        ),
    ],
    ids=["day", "month", "year", "season", "decade", "year-span", "month-span", "day-span", "day-span-from-the-1st"],
)
def test_timelinejs_dates_are_no_more_precise_than_the_event(start, end, precision, first, last):
    assert date_parts(start, end, precision) == (first, last)


def test_timelinejs_has_every_filtered_event_with_its_precision_label_and_group(loaded):
    doc = timelinejs(select(loaded))
    events = {e["unique_id"]: e for e in doc["events"]}
    assert list(events) == list(TITLES)
    vote = events["vote"]
    assert {k: v for k, v in vote.items() if k != "text"} == {
        "unique_id": "vote",
        "start_date": {"year": "1910", "month": "3"},
        "display_date": "March 1910",
        "group": "Decisions",
    }
    assert vote["text"]["headline"] == "The council votes to buy the wall"
    mark = '<sup class="footnote" style="font-size:0.75em;line-height:0;margin-left:1px;"><span>[{}]</span></sup>'
    assert vote["text"]["text"].startswith(
        "<p class='summary'>The council voted nine to two to buy the wall, its minutes record."
        + mark.format(1)
        + " A letter the Gazette printed calls the vote &lt;i&gt;rushed&lt;/i&gt;."
        + mark.format(2)
        + "</p><p><strong>Date:</strong> March 1910 (month precision)<br><strong>Category:</strong> Decisions<br>"
        "<strong>Actors:</strong> County Council</p>"
    )
    sources = vote["text"]["text"].split("<p><strong>Sources</strong></p>")[1]
    assert sources.startswith("<ol><li><blockquote>The council voted by nine votes to two") and sources.endswith(
        "<strong>Claim:</strong> rushed through in one evening</li></ol>"
    )
    assert events["storm"]["text"]["text"].startswith(
        "<p class='summary'>A winter storm broke the wall at its northern end.</p>"
    )
    assert events["storm"]["end_date"] == {"year": "1904", "month": "2"}
    assert events["rebuilt"]["start_date"] == {"year": "1902", "month": "5", "day": "6"}
    assert "end_date" not in events["rebuilt"]


def test_timelinejs_groups_by_first_actor_when_asked(loaded):
    doc = timelinejs(select(loaded), group_by="actor")
    masons = "The &amp;lt;b&amp;gt;masons&amp;lt;/b&amp;gt;"  # TimelineJS decodes groups, then writes HTML
    assert [e["group"] for e in doc["events"]] == [
        masons,
        masons,
        "County Council",
        masons,
        "County Council",
        "County Council",
        masons,
    ]


def test_timelinejs_escapes_every_record_string(loaded):
    doc = timelinejs(select(loaded))
    rebuilt = doc["events"][0]
    assert rebuilt["text"]["headline"] == html.escape(TITLES["rebuilt"], quote=True)
    assert doc["title"]["text"]["headline"] == "Harbour &lt;works&gt; &amp; &quot;walls&quot;"
    body = rebuilt["text"]["text"]
    assert "<script" not in body and "<img" not in body and "<b>" not in body and "<i>" not in body
    assert "&lt;script&gt;window.pwned=2&lt;/script&gt;" in body
    assert (
        "<blockquote>the masons rebuilt the harbour wall &lt;b&gt;in eleven days&lt;/b&gt; &amp; under budget" in body
    )
    assert '<a href="https://example.org/gazette" target="_blank" rel="noopener">' in body


def test_timelinejs_text_gives_contested_claims_and_attributions(loaded):
    doc = timelinejs(select(loaded, Filters(contested_only=True)))
    assert [e["unique_id"] for e in doc["events"]] == ["vote"]
    body = doc["events"][0]["text"]["text"]
    assert "<strong>Contested:</strong> The minutes record a vote of nine to two" in body
    assert "<strong>Claim:</strong> a vote of nine to two" in body
    assert "quoting Letters page" in body
    assert "docs/minutes.txt, line 3" in body


def test_timelinejs_escapes_claims_and_attributions(marked):
    events = {e["unique_id"]: e for e in timelinejs(select(marked))["events"]}
    body = events["vote"]["text"]["text"]
    assert (
        "docs/minutes.txt, line 3<br><strong>Claim:</strong> a vote of &lt;b&gt;nine&lt;/b&gt; to two &amp; "
        "&quot;final&quot;</li>" in body
    )
    assert " · quoting Letters &lt;page&gt; &amp; &quot;readers&quot; · docs/gazette.txt, line 5" in body
    assert "<b>nine</b>" not in body and "<page>" not in body and '"final"' not in body


# --- CSV and JSON -----------------------------------------------------------------------------


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_csv_has_one_line_per_filtered_event_and_the_header(loaded):
    sel = select(loaded, Filters(actors=("council",)))
    data = events_csv(sel.record, sel.frame)
    lines = data.decode("utf-8").splitlines()
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert len(lines) == 1 + sel.count == 5
    assert [r["id"] for r in read_csv(data)] == ["rebuilt", "vote", "pier", "closed"]


def test_csv_cells_hold_dates_lists_and_quoted_citations(loaded):
    rows = {r["id"]: r for r in read_csv(events_csv(loaded.record, loaded.frame))}
    vote = rows["vote"]
    assert (vote["date"], vote["date_label"], vote["start"], vote["end"], vote["precision"]) == (
        "1910-03",
        "March 1910",
        "1910-03-01",
        "1910-03-31",
        "month",
    )
    assert vote["contested"] == "true" and rows["storm"]["contested"] == "false"
    assert vote["perspectives"] == "council; press"
    assert vote["sources"] == "minutes; gazette"
    assert vote["citations"] == (
        "[1] Minutes of the County Council (County Council; County council; docs/minutes.txt, line 3): "
        "“The council voted by nine votes to two to buy the harbour wall” [claim: a vote of nine to two] | "
        "[2] The Gazette, harbour pages (The Gazette, 1953; Local press; quoting Letters page; "
        "docs/gazette.txt, line 5): "
        '“the vote of March 1910 was "rushed through in one evening"” [claim: rushed through in one evening]'
    )
    assert vote["summary"] == (
        "The council voted nine to two to buy the wall, its minutes record. "
        "A letter the Gazette printed calls the vote <i>rushed</i>."
    )
    assert vote["sentences"] == (
        "The council voted nine to two to buy the wall, its minutes record. [1] "
        "A letter the Gazette printed calls the vote <i>rushed</i>. [2]"
    )
    assert (
        rows["storm"]["sentences"] == rows["storm"]["summary"] == "A winter storm broke the wall at its northern end."
    )
    assert rows["patching"]["tags"] == "maintenance; spring"
    assert rows["rebuilt"]["actor_names"] == "The <b>masons</b>; County Council"


def test_csv_folds_line_breaks_inside_citation_cells(marked):
    data = events_csv(marked.record, marked.frame)
    assert len(data.decode("utf-8").splitlines()) == 1 + 7
    rows = {r["id"]: r for r in read_csv(data)}
    assert rows["storm"]["citations"] == (
        "[1] The Gazette, harbour pages (The Gazette, 1953; Local press; docs/gazette.txt, line 4): "
        "“a storm broke the new wall at its northern end. Letters page”"
    )
    assert rows["vote"]["citations"].endswith(
        '“the vote of March 1910 was "rushed through in one evening"” [claim: rushed through in one evening]'
    )
    assert all("\n" not in cell and "\r" not in cell for row in rows.values() for cell in row.values())


def test_json_holds_filtered_events_with_citations_and_where_they_came_from(loaded):
    sel = select(loaded, Filters(categories=("decisions",)))
    doc = json.loads(events_json(sel, {"category": ["decisions"]}))
    assert doc["count"] == 2 and doc["total"] == 7
    assert [e["id"] for e in doc["events"]] == ["vote", "closed"]
    assert doc["filters"] == {"description": "categories: Decisions", "query": {"category": ["decisions"]}}
    assert doc["record"]["file"] == "events.yaml"
    assert doc["record"]["sha256"] == hashlib.sha256(Path(loaded.record.path).read_bytes()).hexdigest()
    assert doc["record"]["period"] == {"start": "1900-01-01", "end": "1950-12-31"}
    vote = doc["events"][0]
    assert vote["date"] == {
        "text": "1910-03",
        "label": "March 1910",
        "start": "1910-03-01",
        "end": "1910-03-31",
        "precision": "month",
        "approximate": False,
        "uncertain": False,
    }
    assert vote["summary"] == (
        "The council voted nine to two to buy the wall, its minutes record. "
        "A letter the Gazette printed calls the vote <i>rushed</i>."
    )
    assert vote["sentences"] == [
        {"text": "The council voted nine to two to buy the wall, its minutes record.", "cites": [1]},
        {"text": "A letter the Gazette printed calls the vote <i>rushed</i>.", "cites": [2]},
    ]
    assert doc["events"][1]["sentences"] == []  # a plain-text summary
    minutes, letter = vote["citations"]
    assert (minutes["number"], letter["number"]) == (1, 2)
    assert minutes["quote"] == "The council voted by nine votes to two to buy the harbour wall"
    assert minutes["source"]["file"] == "docs/minutes.txt" and minutes["line"] == 3
    assert letter["speaker"] == {"id": "letters-page", "name": "Letters page"} and letter["perspective"] == {
        "id": "press",
        "label": "Local press",
    }
    text = loaded.record.source_text("gazette")
    assert text[letter["offsets"][0] : letter["offsets"][1]] == letter["quote"]


# --- Titles, figures, HTML --------------------------------------------------------------------


def test_filter_description_names_each_id_from_its_own_vocabulary(loaded):
    filters = Filters(actors=("council",), perspectives=("council",), start=date(1905, 1, 1), contested_only=True)
    assert describe(filters, loaded.labels) == (
        "actors: County Council; perspectives: County council; period: from 1905-01-01; contested only"
    )
    assert describe(Filters(), loaded.labels) == "all events"


def test_exported_charts_are_titled_with_filters_count_and_record(loaded):
    sel = select(loaded, Filters(actors=("masons",)), View(lanes="actor", color="perspective"))
    assert headings(sel, "timeline") == (
        'Harbour <works> & "walls": timeline',
        "Filters: actors: The <b>masons</b> · 5 of 7 events · lanes by actor, coloured by perspective · "
        "record: events.yaml",
    )
    assert headings(sel, "per-year")[1].endswith("· stacked by category · record: events.yaml")


@pytest.mark.parametrize("chart", ["timeline", "per-year"])
def test_chart_figure_has_escaped_title_subtitle_and_legend(loaded, chart):
    fig = chart_figure(select(loaded), chart)
    if chart == "timeline":
        title, *subtitle = heading_lines(fig)
        text = f"{title}<br><sup>{' '.join(subtitle)}</sup>"
    else:
        text = fig.layout.title.text
        assert fig.layout.title.yanchor == "top"
    assert text.startswith('<b>Harbour &lt;works&gt; &amp; "walls": ')
    assert "<sup>Filters: all events · 7 of 7 events" in text and "record: events.yaml</sup>" in text
    assert fig.layout.showlegend is True


def heading_lines(fig) -> list[str]:
    """The title and subtitle lines written above an exported timeline, top to bottom."""
    heads = [a for a in fig.layout.annotations if a.yref == "paper" and a.y == 1]
    return [a.text for a in sorted(heads, key=lambda a: -a.yshift)]


def test_long_subtitles_wrap_to_the_image_width(loaded):
    many = Filters(actors=("council", "masons"), categories=("works", "decisions"), perspectives=("press", "council"))
    narrow = heading_lines(chart_figure(select(loaded, many), "timeline", width=400))
    wide = heading_lines(chart_figure(select(loaded, many), "timeline", width=3000))
    assert len(narrow) > 3 and len(wide) == 2
    assert " ".join(narrow[-(len(narrow) - 2) :]).endswith("record: events.yaml")


def bar_texts(fig) -> list[str]:
    return [x for t in fig.data if t.type == "bar" for x in (t.text if t.text is not None else ()) if x]


def test_marks_carry_event_titles_unless_asked_not_to(loaded):
    sel = select(loaded)
    assert bar_texts(chart_figure(sel, "timeline", labels="none")) == []
    titled = bar_texts(chart_figure(sel, "timeline", labels="all"))
    assert len(titled) == len(TITLES)
    for title in TITLES.values():  # whole, or its start with an ellipsis; escaped either way
        whole = html.escape(title, quote=False)
        assert whole in titled or any(t.endswith("…") and whole.startswith(t[:-1]) for t in titled), title
    assert sorted(bar_texts(chart_figure(sel, "timeline"))) == sorted(titled)  # auto: few events, all labelled


def test_titles_on_marks_auto_means_every_mark_up_to_the_limit(loaded, monkeypatch):
    sel = select(loaded)
    assert labels_wanted("auto", sel) == "all"
    assert labels_wanted("all", sel) == "all" and labels_wanted("none", sel) == "none"
    monkeypatch.setattr(export.charts, "LABEL_LIMIT", sel.count - 1)
    assert labels_wanted("auto", sel) == "auto"  # above the limit: labels where the view is not too dense
    with pytest.raises(ExportError, match="unknown labels 'some'"):
        labels_wanted("some", sel)


def test_an_exported_timeline_shows_the_filtered_period_and_grows_to_fit(loaded):
    sel = select(loaded, Filters(start=date(1900, 1, 1), end=date(1950, 12, 31)))
    fig = chart_figure(sel, "timeline", width=1200, height=300)
    lo, hi = (pd.Timestamp(x, unit="ms") for x in fig.layout.xaxis.range)
    assert pd.Timestamp("1899-01-01") < lo < pd.Timestamp("1900-01-01")
    assert pd.Timestamp("1951-01-01") < hi < pd.Timestamp("1952-01-01")
    assert fig.layout.height >= 300
    tall = chart_figure(sel, "timeline", width=300, height=200)
    assert tall.layout.height > 200  # a narrow image needs more lines of subtitle and legend


def test_svg_gets_a_text_alternative_listing_every_event(loaded):
    sel = select(loaded, Filters(categories=("decisions",)))
    svg = b'<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
    root = ET.fromstring(svg_with_description(svg, sel, "timeline"))
    assert root.find(f"{SVG_NS}title").text == 'Harbour <works> & "walls": timeline'
    desc = root.find(f"{SVG_NS}desc").text
    assert desc.endswith(
        "Events: March 1910: The council votes to buy the wall; early 1940: The harbour closes for repairs."
    )
    assert root.find(f"{SVG_NS}rect") is not None


def test_svg_text_alternative_escapes_markup_in_titles_and_labels(loaded):
    sel = select(loaded, Filters(actors=("masons",)))
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
    data = svg_with_description(svg, sel, "timeline")
    assert data.decode("utf-8") == (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        "<title>Harbour &lt;works&gt; &amp; &quot;walls&quot;: timeline</title>"
        "<desc>Filters: actors: The &lt;b&gt;masons&lt;/b&gt; · 5 of 7 events · lanes by category, coloured by "
        "category · record: events.yaml. Events: 6 May 1902: Wall rebuilt &lt;img src=x "
        "onerror=&quot;window.pwned=1&quot;&gt;; winter 1903: A storm breaks the new wall; 1920s: The masons "
        "patch the wall every spring; 1930–1932: The pier is rebuilt in stone; 1945: The wall is painted white."
        "</desc><rect/></svg>"
    )
    root = ET.fromstring(data)
    assert [child.tag for child in root] == [f"{SVG_NS}title", f"{SVG_NS}desc", f"{SVG_NS}rect"]
    desc = root.find(f"{SVG_NS}desc").text
    assert desc.startswith("Filters: actors: The <b>masons</b> · 5 of 7 events")
    assert '6 May 1902: Wall rebuilt <img src=x onerror="window.pwned=1">; winter 1903' in desc


def test_html_export_lists_the_views_events_with_marks_linking_to_their_passages(loaded):
    sel = select(loaded, Filters(categories=("decisions",)))
    page = export.export_bytes(sel, "html").decode("utf-8")
    ids, links = [], []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found = dict(attrs)
            ids.extend([found["id"]] if "id" in found else [])
            links.extend([(found["href"], found.get("title"))] if tag == "a" else [])

    Tags().feed(page)
    assert [i for i in ids if i.startswith("event")] == [
        "events",
        "event-vote",
        "event-vote-1",
        "event-vote-2",
        "event-closed",
        "event-closed-1",
    ]
    assert links == [
        ("#event-vote-1", "docs/minutes.txt, line 3: “The council voted by nine votes to two to buy the harbour wall”"),
        ("#event-vote-2", 'docs/gazette.txt, line 5: “the vote of March 1910 was "rushed through in one evening"”'),
        ("https://example.org/gazette", None),
        ("https://example.org/gazette", None),
    ]
    events = page[page.index("<section id='events'>") :]
    assert events.startswith("<section id='events'><h2>Events (2)</h2>")
    assert "<h3>March 1910: The council votes to buy the wall</h3>" in events
    assert "A letter the Gazette printed calls the vote &lt;i&gt;rushed&lt;/i&gt;." in events and "<i>" not in events
    assert "<p class='summary'>The harbour was closed to fishing boats for repairs.</p>" in events  # no marks


def test_html_export_is_self_contained(loaded):
    sel = select(loaded)
    page = figure_html(chart_figure(sel, "timeline"), headings(sel, "timeline")[0]).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Harbour &lt;works&gt; &amp; &quot;walls&quot;: timeline</title>" in page
    fetched = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            fetched.extend(f"{tag} {name}={value}" for name, value in attrs if name in ("src", "href"))

    Tags().feed(page)
    assert fetched == []
    assert len(page) > 1_000_000  # plotly.js is inside
    assert "Plotly.newPlot" in page


# --- Names, sizes, writing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("The Kerrow Point lighthouse", "the-kerrow-point-lighthouse"),
        ("Café Müller, 1965–2020", "cafe-muller-1965-2020"),
        ('Harbour <works> & "walls"', "harbour-works-walls"),
        (
            "A very long record title that goes on and on well past the limit",
            "a-very-long-record-title-that-goes-on-and-on",
        ),
        ("…", "timeline"),
    ],
)
def test_slug_is_safe_ascii_cut_at_a_word(title, expected):
    assert slug(title) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "The Mojahedin-e Khalq (MEK) and Iran, 1965–2020, as told by partisan sources",
            "mojahedin-e-khalq-mek-and-iran",
        ),
        ("The Kerrow Point lighthouse", "kerrow-point-lighthouse"),
        ("A harbour: its walls and works", "harbour"),
        ("An index of every ship that ever sailed from the harbour", "index-of-every-ship-that-ever"),
    ],
)
def test_a_records_short_name_is_its_title_to_the_first_pause_without_an_article(title, expected):
    assert export.short_name(title) == expected


@pytest.mark.parametrize(
    ("filters", "view", "kw", "fmt", "chart", "expected"),
    [
        (Filters(), View(), {}, "png", "timeline", "harbour-works-walls_1900-1950_timeline.png"),
        (Filters(), View(), {}, "csv", "timeline", "harbour-works-walls_1900-1950_events.csv"),
        (
            Filters(actors=("masons",), start=date(1910, 1, 1), end=date(1930, 12, 31), contested_only=True),
            View(lanes="actor", color="perspective"),
            {},
            "svg",
            "timeline",
            "harbour-works-walls_1910-1930_actor-masons_contested_by-actor_colour-perspective_timeline.svg",
        ),
        (
            Filters(start=date(1910, 3, 1)),
            View(lanes="actor"),
            {"stack": "perspective"},
            "pdf",
            "per-year",
            "harbour-works-walls_1910-03-01-to-1950-12-31_stacked-by-perspective_per-year.pdf",
        ),
        (Filters(start=date(1920, 1, 1), end=date(1920, 12, 31)), View(lanes="actor"), {}, "timelinejs", "timeline",
         "harbour-works-walls_1920_by-actor_timelinejs.json"),
    ],
    ids=["whole-record", "events", "filtered-chart", "days-per-year", "one-year-timelinejs"],
)  # fmt: skip
def test_an_export_is_named_after_its_view(loaded, filters, view, kw, fmt, chart, expected):
    assert export.view_file_name(select(loaded, filters, view, **kw), fmt, chart) == expected


def test_two_views_never_share_a_name(loaded):
    views = [
        Filters(),
        Filters(text="pier"),
        Filters(text="Pier"),
        Filters(text="pier wall"),
        Filters(text='"pier wall"'),
        Filters(place="quay"),
        Filters(actors=("masons",)),
        Filters(actors=("masons", "council")),
        Filters(actors=("council", "masons")),
        Filters(start=date(1910, 1, 1)),
        Filters(start=date(1910, 1, 2)),
        Filters(contested_only=True),
    ]
    names = [export.view_file_name(select(loaded, f), "png") for f in views]
    assert len(set(names)) == len(names), names
    searched = export.view_file_name(select(loaded, Filters(text="pier wall")), "png")
    assert re.fullmatch(r"harbour-works-walls_1900-1950_q-pier-wall_[0-9a-f]{8}_timeline\.png", searched)
    for chart in ("timeline", "map"):
        coloured = {export.view_file_name(select(loaded, view=View(color=c)), "png", chart) for c in COLORS}
        assert len(coloured) == len(COLORS), chart


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"width": 100}, "image sides must be 200 to 8000 pixels, got 100×900 at scale 2"),
        ({"height": 9000}, "image sides must be 200 to 8000 pixels, got 1600×9000 at scale 2"),
        ({"scale": 5}, "image scale must be 0.5 to 4, got 5"),
    ],
)
def test_image_size_is_checked(kwargs, message):
    with pytest.raises(ExportError) as exc:
        ImageSize(**kwargs)
    assert str(exc.value) == message


def test_image_size_defaults_to_1600_by_900_at_scale_2():
    assert ImageSize().label() == "1600×900 at scale 2"
    assert ImageSize(height=None).label() == "1600×auto at scale 2"


def test_write_atomic_replaces_the_file_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out" / "a.csv"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.csv"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "a.csv"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(export.files.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_exports_never_write_over_the_record_or_its_sources(loaded, tmp_path):
    record = Path(loaded.record.path)
    protected = export.protected_paths(loaded.record)
    assert protected == [record, record.parent / "docs" / "gazette.txt", record.parent / "docs" / "minutes.txt"]
    (tmp_path / "link.yaml").symlink_to(record)
    os.link(record.parent / "docs" / "minutes.txt", tmp_path / "hard.txt")
    before = {p: p.read_bytes() for p in protected}
    for target in [
        record,
        protected[1],
        tmp_path / "link.yaml",
        tmp_path / "hard.txt",
        record.parent / "docs" / ".." / "events.yaml",
    ]:
        with pytest.raises(ExportError, match="refusing to write over"):
            write_atomic(target, b"x", protected=protected)
    with pytest.raises(ExportError, match="is a folder"):
        check_target(tmp_path, protected)
    assert {p: p.read_bytes() for p in protected} == before
    check_target(tmp_path / "fine.csv", protected)


def test_a_bad_browser_path_is_one_line_saying_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "nope"))
    with pytest.raises(BrowserMissing) as exc:
        export.find_browser()
    assert str(exc.value) == (
        f"BROWSER_PATH={tmp_path / 'nope'} is not an executable file; install Chromium "
        "(Debian: apt-get install chromium) or set BROWSER_PATH to a Chrome or Chromium executable"
    )


def test_no_browser_at_all_is_one_line_saying_how_to_install(monkeypatch):
    from choreographer.browsers.chromium import Chromium

    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **kw: None))
    with pytest.raises(BrowserMissing) as exc:
        export.find_browser()
    assert str(exc.value) == (
        "no Chrome or Chromium found to render images; install Chromium (Debian: apt-get install chromium) "
        "or set BROWSER_PATH to a Chrome or Chromium executable"
    )


def test_export_and_cli_modules_do_not_import_streamlit():
    code = "import sys, dashboard.export, dashboard.cli; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
