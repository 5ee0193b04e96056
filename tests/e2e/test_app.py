"""The dashboard in a real browser: Streamlit serving the shipped record, Chromium driven by Playwright."""

from __future__ import annotations

import re
import struct
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.export import short_name
from loaders import load_record

from .conftest import ROOT
from .plotly_marks import LAID_OUT_JS

MARK_TRACES = """(g) => [...g.querySelectorAll('.cartesianlayer .barlayer .trace')]
    .filter(t => t.__data__[0].trace.name !== 'titles')"""
"""The bar traces of a plot that draw events (not the overview strip under it, not the titles beside marks)."""
MARKS = ".js-plotly-plot .cartesianlayer .barlayer .point"
COUNT_MARKS = f"""([limit]) => {{
    const traces = {MARK_TRACES};
    const n = [...document.querySelectorAll('.js-plotly-plot')]
        .filter(g => g.offsetParent !== null)
        .reduce((n, g) => n + traces(g).reduce((k, t) => k + t.querySelectorAll('.point').length, 0), 0);
    return limit === undefined ? n : n < limit;
}}"""
"""Event marks of the plots on screen (the other tabs' charts are hidden); with a limit, whether fewer."""
URL_TIMEOUT_MS = 30_000
"""How long the app may take to write a choice into the address bar."""


@pytest.fixture(scope="module")
def record():
    return load_record(ROOT / "events.yaml")


@pytest.fixture(scope="module")
def actor(record):
    """The actor in the most events short of all of them: filtering by it must narrow the view."""
    counts = {a: sum(a in e.actors for e in record.events) for a in record.actors}
    candidates = [a for a, n in counts.items() if 1 < n < len(record.events)]
    assert candidates, "the shipped record needs an actor in some but not all events"
    return max(candidates, key=lambda a: (counts[a], a))


def involving(record, actor_id: str, start: date | None = None, end: date | None = None) -> list[str]:
    """Ids of the events with this actor whose dates overlap start..end (computed from the record alone)."""
    out = []
    for e in record.events:
        d = record.dates[e.id]
        if actor_id in e.actors and (start is None or d.end >= start) and (end is None or d.start <= end):
            out.append(e.id)
    return out


def open_app(page, url: str):
    page.goto(url)
    page.locator(".js-plotly-plot").first.wait_for()
    page.locator(MARKS).first.wait_for()
    page.wait_for_function(LAID_OUT_JS)  # laid out again for its column's width before anything is clicked
    return page


def wait_for_query(page, key: str, value: str) -> None:
    """Wait until the app has written ``key=value`` into the address bar (it does so after rerunning)."""
    expect(page).to_have_url(re.compile(rf"[?&]{re.escape(key)}={re.escape(value)}(?:&|$)"), timeout=URL_TIMEOUT_MS)


def shown_count(page) -> str:
    return page.locator("#event-count").inner_text().strip()


def visible_marks(page) -> int:
    return page.evaluate(COUNT_MARKS, [])


def test_page_loads_with_the_timeline_and_every_event(page, app_url, record, output_dir, console_errors):
    open_app(page, f"{app_url}/?lanes=category")
    n = len(record.events)
    assert shown_count(page) == f"{n} of {n} events"
    assert visible_marks(page) == n  # category lanes: one mark per event
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(int(height), 8000)})
    shot = output_dir / "app.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert console_errors == []


def test_choosing_an_actor_narrows_the_count_and_the_marks(page, app_url, record, actor):
    open_app(page, f"{app_url}/?lanes=category")
    n = len(record.events)
    before = visible_marks(page)
    name = record.actors[actor].name
    box = page.get_by_role("combobox", name="Actors")
    box.click()
    box.fill(name)  # the option list is virtualised: typing brings the actor into it
    page.get_by_role("option", name=re.compile("^" + re.escape(name))).first.click()  # "Name — also alias, ..."
    expected = len(involving(record, actor))
    page.get_by_text(f"{expected} of {n} events", exact=True).wait_for()
    page.wait_for_function(COUNT_MARKS, arg=[before])
    assert shown_count(page) == f"{expected} of {n} events"
    assert visible_marks(page) == expected < before
    page.keyboard.press("Escape")
    page.get_by_role("button", name=re.compile("^Remove " + re.escape(name))).wait_for()
    wait_for_query(page, "actor", actor)


def test_clicking_a_mark_opens_its_events_passages(page, app_url, record, actor):
    open_app(page, f"{app_url}/?lanes=category&actor={actor}")
    mark = (
        page.locator(".js-plotly-plot")
        .first.evaluate_handle(f"g => ({MARK_TRACES})(g)[0].querySelector('.point')")
        .as_element()
    )
    event_id = mark.evaluate(
        """(el) => {
            const gd = el.closest('.js-plotly-plot');
            const trace = el.closest('.trace').__data__[0].trace;
            return gd.data[trace.index].customdata[el.__data__.i][0];
        }"""
    )
    box = mark.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    citations = record.citations(event_id)
    drawer = page.get_by_role("dialog")
    drawer.get_by_text(f"Passages ({len(citations)} quotes in", exact=False).wait_for()
    assert drawer.get_by_text(record.event(event_id).title, exact=True).first.is_visible()
    marked = " ".join(drawer.locator("mark").all_text_contents())
    for c in citations:
        assert c.quote in marked
    wait_for_query(page, "event", event_id)


def test_a_shared_link_restores_the_view(page, app_url, record, actor):
    open_app(page, f"{app_url}/?actor={actor}&from=1980&to=1990&lanes=category")
    expected = involving(record, actor, date(1980, 1, 1), date(1990, 12, 31))
    assert 0 < len(expected) < len(involving(record, actor))
    assert shown_count(page) == f"{len(expected)} of {len(record.events)} events"
    assert visible_marks(page) == len(expected)
    assert page.get_by_role("button", name=re.compile("^Remove " + re.escape(record.actors[actor].name))).is_visible()
    thumbs = page.get_by_role("slider")
    assert [thumbs.nth(i).input_value() for i in range(thumbs.count())] == ["1980", "1990"]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def view_name(record, actor: str) -> str:
    """The name an export of the whole period with one actor chosen takes (without its suffix)."""
    years = f"{record.period[0].start.year}-{record.period[1].end.year}"
    return f"{short_name(record.title)}_{years}_actor-{actor}_timeline"


def test_png_download_button_gives_a_png_of_the_chosen_size(page, app_url, record, actor, output_dir):
    open_app(page, f"{app_url}/?actor={actor}&lanes=category")
    page.get_by_role("tab", name="Export").click()
    page.get_by_role("button", name="Prepare images").click()
    button = page.get_by_role("button", name="Timeline (PNG)")
    button.wait_for(timeout=120_000)
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == f"{view_name(record, actor)}.png"
    target = output_dir / download.value.suggested_filename
    download.value.save_as(target)
    width, height = png_size(target.read_bytes())
    assert width == 3200 and height >= 1800  # 1600 × 900 at scale 2, the default, taller where rows need it
    if height > 1800:
        page.get_by_text(f"The timeline image is {height // 2} px tall", exact=False).wait_for()
    page.screenshot(path=output_dir / "export-tab.png", full_page=True)


def test_plotly_modebar_still_downloads_a_png_named_after_the_view(page, app_url, record, actor):
    open_app(page, f"{app_url}/?actor={actor}&lanes=category")
    plot = page.locator(".js-plotly-plot").first
    plot.hover()
    with page.expect_download() as download:
        plot.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
    assert download.value.suggested_filename == f"{view_name(record, actor)}.png"
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
