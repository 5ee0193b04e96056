"""The Streamlit app, driven with AppTest: filters, URL state, event details, bad records, safety.

Expected counts and events are written out by hand from tests/fixtures/generic/events.yaml
(five events), so the app is checked against what the record says, not against the filter code.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from conftest import GENERIC, ROOT
from streamlit.testing.v1 import AppTest

from dashboard.state import Keys

APP = str(ROOT / "dashboard" / "app.py")
SHIPPED = ROOT / "events.yaml"

# The generic record's events as the event picker labels them ("date label — title"), in record order.
FIRST_LIT = "14 March 1891 — The lighthouse is first lit"
STORM = "winter 1953 — A storm darkens the light"
VOTE = "1987 — The council votes to automate the light"
LAST_KEEPER = "May 1988 — The last keeper leaves"
VOLUNTEERS = "summer 1988 — Volunteers watch the light"
ALL_GENERIC = [FIRST_LIT, STORM, VOTE, LAST_KEEPER, VOLUNTEERS]


def run_app(monkeypatch, record: Path, query: dict[str, str | list[str]] | None = None) -> AppTest:
    monkeypatch.setenv("MEK_TIMELINE_RECORD", str(record))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def dialogs(at: AppTest) -> list[object]:
    """The dialog blocks of the page (the event drawer), as protobuf messages."""
    found = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if (
            proto is not None
            and "dialog" in getattr(proto.DESCRIPTOR, "fields_by_name", {})
            and proto.HasField("dialog")
        ):
            found.append(proto.dialog)
        children = getattr(node, "children", None)
        for child in children.values() if isinstance(children, dict) else []:
            walk(child)

    walk(at._tree)
    return found


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


def picked_from(at: AppTest) -> list[str]:
    """The events the picker offers: the filtered events, as labelled in the picker."""
    return list(at.selectbox(key=Keys.PICKER).options)


def passages(at: AppTest) -> list[str]:
    """Each cited passage shown for the open event, with the highlight's attributes left out."""
    return [
        re.sub(r"<mark [^>]*>", "<mark>", re.sub(r"^<div [^>]*>|</div>$", "", b))
        for b in html_bodies(at)
        if b.startswith("<div") and "white-space:pre-wrap;font-size" in b and "<mark" in b
    ]


def shipped_events() -> list[dict]:
    """The shipped record's events, read as plain YAML (not through the loader)."""
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))["events"]


def test_shipped_record_shows_every_event(monkeypatch):
    n = len(shipped_events())
    at = run_app(monkeypatch, SHIPPED)
    assert count(at) == (n, n)


def test_choosing_an_actor_in_the_shipped_record_narrows_to_that_actors_events(monkeypatch):
    events = shipped_events()
    expected = sum(1 for e in events if "maryam-rajavi" in e["actors"])
    assert 0 < expected < len(events)
    at = run_app(monkeypatch, SHIPPED)
    at.sidebar.multiselect(key="f_actors").select("maryam-rajavi").run()
    assert count(at) == (expected, len(events))
    assert qp(at, "actor") == ["maryam-rajavi"]


def test_generic_record_works_unchanged(monkeypatch):
    at = run_app(monkeypatch, GENERIC)
    assert count(at) == (5, 5)
    assert picked_from(at) == ALL_GENERIC
    assert "The Kerrow Point lighthouse" in html_bodies(at)[0]


def test_choosing_actors_shows_events_of_any_of_them(monkeypatch):
    at = run_app(monkeypatch, GENERIC)
    at.sidebar.multiselect(key="f_actors").select("keepers").run()
    assert count(at) == (3, 5)
    assert picked_from(at) == [FIRST_LIT, STORM, LAST_KEEPER]
    assert qp(at, "actor") == ["keepers"]
    at.sidebar.multiselect(key="f_actors").select("campaign").run()
    assert count(at) == (4, 5)
    assert picked_from(at) == [FIRST_LIT, STORM, LAST_KEEPER, VOLUNTEERS]
    assert qp(at, "actor") == ["keepers", "campaign"]


@pytest.mark.parametrize(
    ("key", "action", "shown"),
    [
        ("f_categories", lambda w: w.select("decisions"), [VOTE, LAST_KEEPER, VOLUNTEERS]),
        # events citing the council's minutes
        ("f_perspectives", lambda w: w.select("council"), [VOTE, VOLUNTEERS]),
        ("f_contested", lambda w: w.set_value(True), [VOLUNTEERS]),
        # "housing" is only in a quote; the search ignores case
        ("f_text", lambda w: w.input("HOUSING"), [STORM]),
        # "Ada Penrose" is an alias of the keepers, so it finds their events
        ("f_text", lambda w: w.input("ada penrose"), [FIRST_LIT, STORM, LAST_KEEPER]),
        # hyphens, accents and apostrophes do not matter
        ("f_text", lambda w: w.input("Save-the-Kéeper"), [VOLUNTEERS]),
        # "dozen" is in a quote and in the contested note of one event
        ("f_text", lambda w: w.input("dozen"), [VOLUNTEERS]),
    ],
    ids=["category", "perspective", "contested", "text-in-quote", "text-alias", "text-folded", "text-in-note"],
)
def test_each_filter_narrows_to_the_matching_events(monkeypatch, key, action, shown):
    at = run_app(monkeypatch, GENERIC)
    widgets = at.sidebar.get("multiselect") + at.sidebar.get("toggle") + at.sidebar.get("text_input")
    action(next(w for w in widgets if w.key == key)).run()
    assert count(at) == (len(shown), 5)
    assert picked_from(at) == shown


def test_filters_of_different_kinds_combine_with_and(monkeypatch):
    at = run_app(monkeypatch, GENERIC)
    at.sidebar.multiselect(key="f_categories").select("decisions").run()
    at.sidebar.multiselect(key="f_actors").select("keepers").run()
    assert count(at) == (1, 5)
    assert picked_from(at) == [LAST_KEEPER]


def test_period_slider_keeps_events_overlapping_the_years(monkeypatch):
    at = run_app(monkeypatch, GENERIC)
    at.sidebar.slider(key="f_years").set_value((1954, 1987)).run()
    # winter 1953 runs to February 1954, so the storm overlaps 1954; May 1988 is after 1987
    assert count(at) == (2, 5)
    assert picked_from(at) == [STORM, VOTE]
    assert (qp(at, "from"), qp(at, "to")) == (["1954"], ["1987"])


@pytest.mark.parametrize(
    ("query", "shown", "actors", "lanes", "contested"),
    [
        (
            {"actor": ["keepers", "council"], "from": "1950", "to": "1987", "lanes": "actor"},
            [STORM, VOTE],
            ["keepers", "council"],
            "Actor",
            False,
        ),
        ({"category": "decisions", "contested": "1"}, [VOLUNTEERS], [], "Category", True),
        ({"q": "light", "to": "1900"}, [FIRST_LIT], [], "Category", False),
    ],
    ids=["actors-period-lanes", "category-contested", "search-to"],
)
def test_query_parameters_restore_the_view(monkeypatch, query, shown, actors, lanes, contested):
    at = run_app(monkeypatch, GENERIC, query)
    assert count(at) == (len(shown), 5)
    assert picked_from(at) == shown
    assert at.sidebar.multiselect(key="f_actors").value == actors
    assert at.sidebar.toggle(key="f_contested").value is contested
    assert at.radio(key=Keys.LANES).value == lanes


def test_a_url_the_app_did_not_write_is_the_readers_navigation_and_restores_its_view(monkeypatch):
    at = run_app(monkeypatch, GENERIC, {"q": "light"})
    at.sidebar.toggle(key="f_contested").set_value(True).run()
    assert at.query_params == {"q": "light", "contested": "1"} and count(at) == (1, 5)
    at.query_params = {"q": "light"}  # the browser's Back: the app reruns with the URL before
    at.run()
    assert at.sidebar.toggle(key="f_contested").value is False
    assert count(at) == (5, 5) and at.query_params == {"q": "light"}
    at.query_params = {"q": "light", "contested": "1", "event": "volunteer-watch"}  # Forward, to a view with its event
    at.run()
    assert at.sidebar.toggle(key="f_contested").value is True and count(at) == (1, 5)
    [drawer] = dialogs(at)
    assert drawer.title == "Volunteers watch the light"
    at.sidebar.text_input(key="f_text").input("keeper").run()  # the reader's own change is kept and written
    assert at.query_params == {"q": "keeper", "contested": "1", "event": "volunteer-watch"}


def test_a_link_that_means_the_view_is_not_written_again(monkeypatch):
    at = run_app(monkeypatch, GENERIC, {"to": "1900", "from": "1950", "extra": "1"})
    assert at.query_params == {"to": "1900", "from": "1950", "extra": "1"}  # no second history entry
    at.sidebar.toggle(key="f_contested").set_value(True).run()
    assert at.query_params == {"from": "1900", "to": "1950", "contested": "1"}


def test_bad_query_parameters_are_ignored_with_an_escaped_notice(monkeypatch):
    at = run_app(monkeypatch, GENERIC, {"actor": "nobody", "from": "yesterday", "<script>": "1", "to": "<b>x</b>"})
    assert count(at) == (5, 5)
    assert link_notes(at) == [
        "ignored unknown parameter &#x27;&lt;script&gt;&#x27;.",
        "ignored malformed from &#x27;yesterday&#x27; (use YYYY or YYYY-MM-DD).",
        "ignored malformed to &#x27;&lt;b&gt;x&lt;/b&gt;&#x27; (use YYYY or YYYY-MM-DD).",
        "ignored unknown actor &#x27;nobody&#x27;.",
    ]


def test_ten_thousand_unknown_actors_in_a_link_make_one_note(monkeypatch):
    # Streamlit itself ignores a query string of more than 1,000 parameters
    query = {"actor": ",".join(f"x{i}" for i in range(10_000)), **{f"p{i}": "1" for i in range(999)}}
    at = run_app(monkeypatch, GENERIC, query)
    assert count(at) == (5, 5)
    assert link_notes(at) == [
        "ignored 999 unknown parameters: &#x27;p0&#x27;, &#x27;p1&#x27;, &#x27;p2&#x27; and 996 more.",
        "ignored 10,000 unknown actors: &#x27;x0&#x27;, &#x27;x1&#x27;, &#x27;x2&#x27; and 9,997 more.",
    ]


def link_notes(at: AppTest) -> list[str]:
    """The notes about the link, as shown at the top of the sidebar (HTML-escaped text)."""
    bodies = [h.proto.body for h in at.sidebar.get("html")]
    notes = [re.sub(r"^<p [^>]*>From the link: |</p>$", "", b) for b in bodies if "From the link: " in b]
    first = next(i for i, b in enumerate(bodies) if "From the link: " in b) if notes else None
    assert first in (None, 0), "notes about the link come first in the sidebar"
    return notes


def test_a_reversed_period_in_the_link_is_swapped_with_a_note(monkeypatch):
    at = run_app(monkeypatch, GENERIC, {"from": "1990", "to": "1953"})
    assert picked_from(at) == [STORM, VOTE, LAST_KEEPER, VOLUNTEERS]
    assert at.sidebar.slider(key="f_years").value == (1953, 1990)
    assert link_notes(at) == ["swapped from 1990 and to 1953: the period started after it ended."]


def test_a_period_outside_the_record_is_refused_with_a_note(monkeypatch):
    at = run_app(monkeypatch, GENERIC, {"from": "2030", "to": "2040"})
    assert count(at) == (5, 5)
    assert link_notes(at) == ["ignored from 2030 and to 2040: the record covers 1880 to 2000."]


def test_a_search_longer_than_allowed_is_shortened_with_a_note(monkeypatch):
    at = run_app(monkeypatch, GENERIC, {"q": "light" + "x" * 300})
    assert at.sidebar.text_input(key="f_text").value == ("light" + "x" * 300)[:200]
    assert link_notes(at) == ["shortened q to its first 200 characters."]


def test_an_event_in_the_url_opens_its_passages(monkeypatch):
    at = run_app(monkeypatch, GENERIC, {"event": "volunteer-watch"})
    assert passages(at) == [
        "<mark>Supporters of the &quot;Save the Keeper&quot; campaign say the automation was rushed and that "
        "at least 40 volunteers kept watch unpaid that summer</mark>.",
        "Item 7 (1988): <mark>Members noted that &quot;no more than a dozen&quot; residents had volunteered</mark> "
        "to watch the light in the summer of 1988.",
    ]


def copy_generic(folder: Path, *replacements: tuple[str, str]) -> Path:
    """The generic record and its sources in ``folder``, with some of its text replaced."""
    shutil.copytree(GENERIC.parent / "docs", folder / "docs")
    text = GENERIC.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    (folder / "events.yaml").write_text(text, encoding="utf-8")
    return folder / "events.yaml"


def test_picking_an_event_shows_its_text_quotes_and_claims_escaped(monkeypatch, tmp_path):
    record = copy_generic(
        tmp_path,
        ("title: Volunteers watch the light", "title: 'Volunteers \"watch\" the <light> & more'"),
        (
            "summary: Residents volunteered to watch the light; the sources disagree on how many.",
            'summary: "Residents\' watch: <40 & >12"',
        ),
        ("contested: The number of volunteers", "contested: The <b>number</b> of volunteers"),
        ("claim: at least 40 volunteers", "claim: '>= 40 volunteers & \"unpaid\"'"),
    )
    at = run_app(monkeypatch, record)
    picker = at.selectbox(key=Keys.PICKER)
    picker.set_value("volunteer-watch").run()
    bodies = html_bodies(at)
    [drawer] = dialogs(at)
    assert drawer.is_open and drawer.title == r"Volunteers \"watch\" the \<light\> \& more"  # shown literally
    assert "<p class='summary' style=\"font-size:1.02rem;\">Residents&#x27; watch: &lt;40 &amp; &gt;12</p>" in bodies
    joined = "\n".join(bodies)
    assert (
        "<b>Contested.</b> The &lt;b&gt;number&lt;/b&gt; of volunteers (at least 40 vs no more than a dozen)." in joined
    )
    assert "<div>&gt;= 40 volunteers &amp; &quot;unpaid&quot;</div>" in joined
    assert "<div>no more than a dozen volunteers</div>" in joined
    assert len(passages(at)) == 2
    assert "<light>" not in joined and "<b>number</b>" not in joined


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
    record = copy_generic(
        tmp_path,
        ("title: The lighthouse is first lit", f"title: '{INJECTIONS[0]}'"),
        (
            "summary: The Gazette says the light was first lit after four years of building.",
            f"summary: '{INJECTIONS[1]}'",
        ),
    )
    at = run_app(monkeypatch, record, {"event": "first-lit"})
    at.session_state["v_tab"] = "Sources"  # the reader of the Sources tab shows every passage too
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # the only scripts are the reader's own, each after the document box it scrolls to a passage
    own = re.compile(r"<script>\(function\(\)\{var b=document.getElementById\('document-\w+'\)[^<]*</script>$")
    bodies = "\n".join(own.sub("", b) for b in html_bodies(at))
    assert any(own.search(b) for b in html_bodies(at))
    assert "<script>" not in bodies
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in bodies
    assert "**bold** [link](javascript:alert(1))" in bodies
    markdown = "\n".join(m.value for m in at.markdown) + "\n".join(m.value for m in at.caption)
    assert "alert(1)" not in markdown


def test_markdown_in_the_search_box_is_never_rendered(monkeypatch):
    hostile = "![t](http://127.0.0.1:9/x.png) :red[boom] $x^2$"
    at = run_app(monkeypatch, GENERIC, {"q": hostile})
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    assert not [v for v in shown if "![t](" in v or ":red[" in v or "$x^2$" in v]
    assert any("![t](http://127.0.0.1:9/x.png)" in b for b in html_bodies(at))  # shown, as text


def test_a_record_with_no_events_shows_an_empty_state_in_every_tab(monkeypatch, tmp_path):
    import shutil

    shutil.copytree(GENERIC.parent / "docs", tmp_path / "docs")
    text = GENERIC.read_text(encoding="utf-8")
    (tmp_path / "events.yaml").write_text(text[: text.index("\nevents:")] + "\nevents: []\n", encoding="utf-8")
    at = run_app(monkeypatch, tmp_path / "events.yaml")
    assert count(at) == (0, 0)
    assert [i.value for i in at.info] == ["No events match these filters."]  # the timeline, the tab in view
    at.session_state["v_tab"] = "Events per year"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [i.value for i in at.info] == ["No events match these filters."]
    for tab in ("Table", "Sources", "Export"):
        at.session_state["v_tab"] = tab
        at.run()
        assert not at.exception, (tab, [e.value for e in at.exception])


def test_a_broken_record_is_checked_once_until_a_file_beside_it_changes(monkeypatch, tmp_path):
    import os
    import shutil

    import dashboard.state as state

    shutil.copytree(GENERIC.parent / "docs", tmp_path / "docs")
    bad = tmp_path / "events.yaml"
    bad.write_text(GENERIC.read_text(encoding="utf-8").replace("date: 1987", "date: sometime"), encoding="utf-8")
    calls = []
    real = state.load_record
    monkeypatch.setattr(state, "load_record", lambda path, **kw: calls.append(path) or real(path, **kw))
    for _ in range(3):
        at = run_app(monkeypatch, bad)
        assert "1 problem found" in at.error[0].value
    assert len(calls) == 1
    doc = next((tmp_path / "docs").iterdir())
    os.utime(doc, ns=(doc.stat().st_atime_ns, doc.stat().st_mtime_ns + 10**9))
    run_app(monkeypatch, bad)
    assert len(calls) == 2


def rewrite_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (as long) in ``path`` and set its modification time back, as ``touch -r`` does."""
    assert len(old) == len(new)
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    time.sleep(0.05)  # past a tick of a coarse file-system clock, as between two requests
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)


def test_a_record_edited_at_the_same_size_with_its_mtime_kept_is_shown_as_it_is_now(monkeypatch, tmp_path):
    record = copy_generic(tmp_path)
    assert "The last keeper leaves" in "\n".join(picked_from(run_app(monkeypatch, record)))
    rewrite_keeping_size_and_mtime(record, "title: The last keeper leaves", "title: The last KEEPER leaves")
    shown = picked_from(run_app(monkeypatch, record))
    assert "May 1988 — The last KEEPER leaves" in shown and LAST_KEEPER not in shown


def test_a_source_changed_at_the_same_size_with_its_mtime_kept_gives_the_problem_page(monkeypatch, tmp_path):
    record = copy_generic(tmp_path)
    run_app(monkeypatch, record)  # loaded (and cached) before the source changes
    rewrite_keeping_size_and_mtime(
        tmp_path / "docs" / "harbour-gazette.txt", "at least 40 volunteers", "at least 90 volunteers"
    )
    at = run_app(monkeypatch, record, {"event": "volunteer-watch"})
    assert "1 problem found" in at.error[0].value
    assert "events[4].citations[0].quote: not found in docs/harbour-gazette.txt" in at.code[0].value
    assert dialogs(at) == []


def test_a_source_that_changes_unnoticed_under_an_open_drawer_gives_the_problem_page(monkeypatch, tmp_path):
    import dashboard.loading as loading
    import dashboard.state as state

    record = copy_generic(tmp_path)
    for module in (loading, state):  # a change the file signature misses
        monkeypatch.setattr(module, "file_signature", lambda paths: ())
    at = run_app(monkeypatch, record)  # the Sources tab holds the first document's text, not the minutes'
    minutes = tmp_path / "docs" / "council-minutes.txt"
    minutes.write_text(minutes.read_text(encoding="utf-8").replace("a dozen", "a score"), encoding="utf-8")
    at.selectbox(key=Keys.PICKER).set_value("volunteer-watch").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "1 problem found" in at.error[0].value
    assert "events[4].citations[1].quote: not found in docs/council-minutes.txt" in at.code[0].value


def test_a_source_that_keeps_changing_gives_its_problem_after_a_few_reloads(monkeypatch, tmp_path):
    import dashboard.state as state
    from loaders import Problem, Record, RecordError

    record = copy_generic(tmp_path)
    loads = []
    real = state.load_record
    monkeypatch.setattr(state, "load_record", lambda path, **kw: loads.append(path) or real(path, **kw))

    def changed(self, event_id):
        raise RecordError([Problem("docs/council-minutes.txt", 0, 0, "", "changed since the record was loaded")])

    monkeypatch.setattr(Record, "citations", changed)
    at = run_app(monkeypatch, record, {"event": "volunteer-watch"})
    assert len(loads) == 1 + state.RELOADS_IN_A_ROW  # reloaded, then the problem is shown
    assert "1 problem found" in at.error[0].value
    assert at.code[0].value == "docs/council-minutes.txt: changed since the record was loaded"


def test_a_search_that_finds_nothing_offers_close_spellings_that_do(monkeypatch):
    at = run_app(monkeypatch, GENERIC, {"q": "volunters"})
    assert count(at) == (0, 5)
    main = at.main.button
    offered = [b.label for b in main if b.key and b.key.startswith("suggest_")]
    assert "volunteers" in offered
    assert "No event holds “volunters”. Did you mean:" in " ".join(html_bodies(at))
    next(b for b in main if b.label == "volunteers").click().run()
    assert at.sidebar.text_input(key="f_text").value == "volunteers"
    assert count(at)[0] > 0 and qp(at, "q") == ["volunteers"]


def test_an_empty_view_offers_to_clear_the_search_and_to_reset_the_filters(monkeypatch):
    at = run_app(monkeypatch, GENERIC, {"q": "housing", "contested": "1"})  # the search finds one event, not contested
    assert count(at) == (0, 5)
    assert "No events match these filters and this search." in " ".join(html_bodies(at))
    assert at.selectbox(key="v_pick_none").disabled
    at.button(key="clear_search").click().run()
    assert count(at) == (1, 5) and at.query_params == {"contested": "1"}
    at.sidebar.text_input(key="f_text").input("housing").run()
    at.button(key="reset_all").click().run()
    assert count(at) == (5, 5) and at.query_params == {}


def test_the_event_picker_shows_no_event_until_one_is_chosen(monkeypatch):
    at = run_app(monkeypatch, GENERIC, {"q": "housing"})  # one event in view
    assert count(at) == (1, 5)
    assert at.selectbox(key=Keys.PICKER).value is None and dialogs(at) == []
    at.selectbox(key=Keys.PICKER).set_value("storm").run()
    [drawer] = dialogs(at)
    assert drawer.title == "A storm darkens the light"
