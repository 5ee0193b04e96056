"""The Streamlit app, driven with AppTest: filters, URL state, event details, bad records, safety."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import GENERIC, ROOT
from streamlit.testing.v1 import AppTest

from dashboard.filters import Filters, apply_filters
from loaders import load_record

APP = str(ROOT / "dashboard" / "app.py")
SHIPPED = ROOT / "events.yaml"


def run_app(monkeypatch, record: Path, query: dict[str, str | list[str]] | None = None) -> AppTest:
    monkeypatch.setenv("MEK_TIMELINE_RECORD", str(record))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def qp(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return list(value) if isinstance(value, list) else [value]


def html_bodies(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.html]


def count(at: AppTest) -> tuple[int, int]:
    for body in html_bodies(at):
        m = re.search(r"id='event-count'><b>(\d+)</b> of (\d+) events", body)
        if m:
            return int(m.group(1)), int(m.group(2))
    raise AssertionError("no event count shown")


@pytest.fixture(scope="module")
def shipped():
    record = load_record(SHIPPED)
    return record, record.events_frame()


def test_shipped_record_shows_every_event(monkeypatch, shipped):
    _, frame = shipped
    at = run_app(monkeypatch, SHIPPED)
    assert count(at) == (len(frame), len(frame))


def test_generic_record_works_unchanged(monkeypatch):
    at = run_app(monkeypatch, GENERIC)
    assert count(at) == (5, 5)
    assert "The Kerrow Point lighthouse" in html_bodies(at)[0]


def test_choosing_an_actor_narrows_to_that_actors_events(monkeypatch, shipped):
    _, frame = shipped
    at = run_app(monkeypatch, SHIPPED)
    at.sidebar.multiselect(key="f_actors").select("maryam-rajavi").run()
    expected = len(apply_filters(frame, Filters(actors=("maryam-rajavi",))))
    assert 0 < expected < len(frame)
    assert count(at) == (expected, len(frame))
    assert qp(at, "actor") == ["maryam-rajavi"]


@pytest.mark.parametrize(
    ("key", "action", "filters"),
    [
        ("f_categories", lambda w: w.select("designation"), Filters(categories=("designation",))),
        ("f_perspectives", lambda w: w.select("iran-state"), Filters(perspectives=("iran-state",))),
        ("f_contested", lambda w: w.set_value(True), Filters(contested_only=True)),
        ("f_text", lambda w: w.input("Albania"), Filters(text="Albania")),
    ],
    ids=["category", "perspective", "contested", "text"],
)
def test_each_filter_narrows_the_count(monkeypatch, shipped, key, action, filters):
    _, frame = shipped
    at = run_app(monkeypatch, SHIPPED)
    widget = at.sidebar.get("multiselect") + at.sidebar.get("toggle") + at.sidebar.get("text_input")
    action(next(w for w in widget if w.key == key)).run()
    expected = len(apply_filters(frame, filters))
    assert 0 < expected < len(frame)
    assert count(at) == (expected, len(frame))


def test_period_slider_narrows_to_overlapping_events(monkeypatch, shipped):
    _, frame = shipped
    from datetime import date

    at = run_app(monkeypatch, SHIPPED)
    at.sidebar.slider(key="f_years").set_value((1980, 1989)).run()
    expected = len(apply_filters(frame, Filters(start=date(1980, 1, 1), end=date(1989, 12, 31))))
    assert count(at) == (expected, len(frame))
    assert (qp(at, "from"), qp(at, "to")) == (["1980"], ["1989"])


def test_query_parameters_restore_the_view(monkeypatch, shipped):
    from datetime import date

    _, frame = shipped
    at = run_app(
        monkeypatch,
        SHIPPED,
        {"actor": ["mek", "ncri"], "from": "1980", "to": "1990", "contested": "1", "lanes": "actor"},
    )
    expected = apply_filters(
        frame, Filters(actors=("mek", "ncri"), start=date(1980, 1, 1), end=date(1990, 12, 31), contested_only=True)
    )
    assert count(at) == (len(expected), len(frame))
    assert at.sidebar.multiselect(key="f_actors").value == ["mek", "ncri"]
    assert at.radio(key="v_lanes").value == "Actor"


def test_bad_query_parameters_are_ignored_with_a_notice(monkeypatch, shipped):
    _, frame = shipped
    at = run_app(monkeypatch, SHIPPED, {"actor": "nobody", "from": "yesterday", "x": "<script>"})
    assert count(at) == (len(frame), len(frame))
    notes = [b for b in [h.proto.body for h in at.sidebar.get("html")] if "Ignored in the link" in b]
    assert len(notes) == 3
    assert all("<script>" not in n for n in notes)


def test_an_event_in_the_url_opens_its_passages(monkeypatch, shipped):
    record, _ = shipped
    at = run_app(monkeypatch, SHIPPED, {"event": "founding-1965"})
    bodies = "\n".join(html_bodies(at))
    for c in record.citations("founding-1965"):
        assert f">{c.quote.replace('’', '’')}</mark>" in bodies.replace("&#x27;", "'")


def test_picking_an_event_shows_its_quotes_and_claims(monkeypatch, shipped):
    record, _ = shipped
    at = run_app(monkeypatch, SHIPPED)
    picker = next(s for s in at.selectbox if s.key.startswith("pick_"))
    picker.set_value("eternal-light-1988").run()
    bodies = "\n".join(html_bodies(at))
    assert "Operation" in bodies or "Eternal" in bodies
    cits = record.citations("eternal-light-1988")
    assert len([b for b in html_bodies(at) if "<mark" in b and "white-space:pre-wrap;font-size" in b]) == len(cits)
    assert "<b>Contested.</b>" in bodies
    for c in cits:
        if c.claim:
            assert c.claim.replace("'", "&#x27;").replace('"', "&quot;") in bodies


def test_a_broken_record_shows_the_validators_messages_and_no_exception(monkeypatch, tmp_path):
    bad = tmp_path / "events.yaml"
    text = GENERIC.read_text(encoding="utf-8").replace("date: 1987", "date: sometime")
    bad.write_text(text.replace("file: docs/", f"file: {GENERIC.parent}/docs/"), encoding="utf-8")
    at = run_app(monkeypatch, bad)
    assert "problems found" in at.error[0].value
    code = at.code[0].value
    assert f"{bad}:" in code and "events[2].date: expected a date, found 'sometime'" in code
    assert "sources[0].file: absolute path" in code


INJECTIONS = ("<script>alert(1)</script>", "**bold** [link](javascript:alert(1))")


def test_record_strings_are_shown_literally(monkeypatch, tmp_path):
    import shutil

    shutil.copytree(GENERIC.parent / "docs", tmp_path / "docs")
    text = GENERIC.read_text(encoding="utf-8")
    text = text.replace("title: The lighthouse is first lit", f"title: '{INJECTIONS[0]}'")
    text = text.replace(
        "summary: The Gazette says the light was first lit after four years of building.", f"summary: '{INJECTIONS[1]}'"
    )
    (tmp_path / "events.yaml").write_text(text, encoding="utf-8")
    at = run_app(monkeypatch, tmp_path / "events.yaml", {"event": "first-lit"})
    bodies = "\n".join(html_bodies(at))
    assert "<script>" not in bodies
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in bodies
    assert "**bold** [link](javascript:alert(1))" in bodies
    markdown = "\n".join(m.value for m in at.markdown) + "\n".join(m.value for m in at.caption)
    assert "alert(1)" not in markdown
