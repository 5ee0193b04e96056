"""Exported TimelineJS files load into Knight Lab's TimelineJS 3 (from npm) in Chromium, and show every event."""

from __future__ import annotations

import json
from pathlib import Path

from dashboard.cli import main
from loaders import load_record

from .conftest import ROOT
from .records import TITLES, write_record

ORIGIN = "http://timeline.test"
"""A made-up origin: the page, TimelineJS and the exported file are served from disk through Playwright."""

PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="/tl/css/timeline.css">
<script src="/tl/js/timeline.js"></script></head>
<body style="margin:0"><div id="timeline" style="width:1200px;height:700px"></div>
<script>
  window.loaded = false;
  window.timeline = new TL.Timeline("timeline", "/export.json", {{script_path: "{ORIGIN}/tl/js/", font: false}});
  window.timeline.on("loaded", () => {{ window.loaded = true; }});
</script></body></html>"""
TYPES = {".js": "application/javascript", ".css": "text/css", ".json": "application/json", ".html": "text/html"}


def show_in_timelinejs(page, dist: Path, exported: Path) -> list[str]:
    """Load ``exported`` into TimelineJS; return any request that left the machine (all are refused)."""
    outside: list[str] = []

    def serve(route) -> None:
        url = route.request.url
        if not url.startswith(ORIGIN + "/"):
            outside.append(url)
            route.abort()
            return
        path = url[len(ORIGIN) :].split("?")[0]
        if path == "/":
            route.fulfill(body=PAGE, content_type="text/html")
        elif path == "/export.json":
            route.fulfill(body=exported.read_bytes(), content_type="application/json")
        elif path.startswith("/tl/") and (dist / path[4:]).is_file():
            file = dist / path[4:]
            route.fulfill(body=file.read_bytes(), content_type=TYPES.get(file.suffix, "application/octet-stream"))
        else:
            route.fulfill(status=404, body="")

    page.route("**/*", serve)
    page.goto(ORIGIN + "/")
    page.wait_for_function("window.loaded === true")
    return outside


def headlines(page) -> list[str]:
    """Each event slide's headline as text (textContent: not changed by CSS capitals)."""
    return page.eval_on_selector_all(
        ".tl-slide:not(.tl-slide-titleslide) .tl-headline", "els => els.map(e => e.textContent)"
    )


def export_timelinejs(tmp_path: Path, *args: str) -> Path:
    target = tmp_path / "export.timelinejs.json"
    assert main(["export", "--format", "timelinejs", "--out", str(target), *args]) == 0
    return target


def test_the_shipped_record_renders_every_event_in_timelinejs(page, timelinejs_dist, tmp_path, console_errors):
    record = load_record(ROOT / "events.yaml")
    exported = export_timelinejs(tmp_path, "--record", str(ROOT / "events.yaml"))
    assert len(json.loads(exported.read_text(encoding="utf-8"))["events"]) == len(record.events)
    outside = show_in_timelinejs(page, timelinejs_dist, exported)
    assert page.locator(".tl-timemarker").count() == len(record.events)
    assert page.locator(".tl-slide").count() == len(record.events) + 1  # the title slide, then one per event
    assert sorted(headlines(page)) == sorted(e.title for e in record.events)
    assert console_errors == [] and outside == []


def test_a_filtered_export_renders_just_its_events(page, timelinejs_dist, tmp_path, console_errors):
    record = load_record(ROOT / "events.yaml")
    actor = max(record.actors, key=lambda a: (sum(a in e.actors for e in record.events), a))
    expected = sorted(e.title for e in record.events if actor in e.actors and record.dates[e.id].start.year < 1990)
    exported = export_timelinejs(
        tmp_path, "--record", str(ROOT / "events.yaml"), "--actor", actor, "--to", "1989", "--group-by", "actor"
    )
    show_in_timelinejs(page, timelinejs_dist, exported)
    assert 0 < len(expected) < len(record.events)
    assert page.locator(".tl-timemarker").count() == len(expected)
    assert sorted(headlines(page)) == expected
    assert console_errors == []


def test_markup_in_the_record_shows_as_text_and_never_runs(page, timelinejs_dist, tmp_path, console_errors):
    path = write_record(tmp_path / "record")
    exported = export_timelinejs(tmp_path, "--record", str(path), "--group-by", "actor")
    show_in_timelinejs(page, timelinejs_dist, exported)
    assert page.locator(".tl-timemarker").count() == len(TITLES)
    assert sorted(headlines(page)) == sorted(TITLES.values())
    assert page.eval_on_selector(".tl-slide-titleslide .tl-headline", "e => e.textContent") == (
        'Harbour <works> & "walls"'
    )
    page.evaluate("timeline.goToId('rebuilt')")
    slide = page.locator("#rebuilt")
    slide.wait_for()
    assert "the wall <script>window.pwned=2</script> in eleven days" in slide.text_content()
    assert "the masons rebuilt the harbour wall <b>in eleven days</b> & under budget" in slide.text_content()
    assert sorted(page.locator(".tl-timegroup-message").all_text_contents()) == ["County Council", "The <b>masons</b>"]
    assert page.locator(".tl-timeline img[src='x'], .tl-timeline script, .tl-timeline b, .tl-timeline i").count() == 0
    assert page.evaluate("window.pwned") is None
    assert console_errors == []
