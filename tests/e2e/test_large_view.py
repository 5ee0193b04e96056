"""A record of 10,000 events in the browser: a plot no taller than a browser draws, every drawn mark on its row.

What does not fit is counted per period on the busiest lanes' last rows; clicking a count shows
that lane and period, and the link follows.
"""

from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import expect

from benchmarks.generate import generate

from .conftest import serve
from .plotly_marks import LAID_OUT_JS, LISTEN_JS, hover_each, probes, read_chart

EVENTS = 10_000
SAMPLE = 40
MAX_DEVICE_PX = 8_000
FIRST_DRAW_MS = 120_000
URL_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def large_record(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("large"), EVENTS, 40, seed=1)


@pytest.fixture(scope="module")
def large_url(browser, large_record):
    with serve(large_record) as url:
        yield url


WATCH_PROGRESS = """new MutationObserver(() => {
    window.__progress = window.__progress || [];
    for (const el of document.querySelectorAll('[data-testid="stProgress"]')) {
        const text = el.innerText.trim();
        if (text && window.__progress[window.__progress.length - 1] !== text) window.__progress.push(text);
    }
}).observe(document, {childList: true, subtree: true, characterData: true});"""
"""Keep every text the page's progress bar shows, in order (run before the page's own scripts)."""


def test_a_large_record_shows_how_far_opening_it_has_got(browser, large_record, monkeypatch, output_dir):
    monkeypatch.setenv("MEK_TIMELINE_NO_CACHE", "1")  # read and checked in full, as when first opened
    with serve(large_record) as url:
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        try:
            page.add_init_script(WATCH_PROGRESS)
            page.goto(url, wait_until="commit")
            page.get_by_test_id("stProgress").wait_for(timeout=FIRST_DRAW_MS)
            page.screenshot(path=str(output_dir / "opening.png"))
            plot = page.get_by_role("tabpanel", name="Timeline").locator(".js-plotly-plot").first
            plot.wait_for(timeout=FIRST_DRAW_MS)
            shown = page.evaluate("window.__progress || []")
            left = page.get_by_test_id("stProgress").count()
        finally:
            context.close()
    stages = [re.sub(r"( \(\d.*| ?…).*$", "", text.splitlines()[0]) for text in shown]
    firsts = list(dict.fromkeys(s.split(":")[0] for s in stages))
    assert firsts[:4] == ["Reading events.yaml", "Checking the record", "Anchoring quotes in their sources",
                          "Building the view"], shown  # fmt: skip
    assert sum(s.startswith("Anchoring quotes") for s in shown) > 1, "the count of sources moves on"
    assert left == 0, "the bar goes once the record is open"


def open_view(page, url: str):
    page.goto(url)
    plot = page.get_by_role("tabpanel", name="Timeline").locator(".js-plotly-plot").first
    plot.wait_for(timeout=FIRST_DRAW_MS)
    page.wait_for_function(LAID_OUT_JS, timeout=FIRST_DRAW_MS)
    return page.get_by_role("tabpanel", name="Timeline").locator(".js-plotly-plot").first


def test_ten_thousand_events_draw_each_mark_on_its_row_in_a_plot_a_browser_can_draw(browser, large_url, output_dir):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        plot = open_view(page, f"{large_url}/?lanes=category")
        height = plot.evaluate("gd => gd._fullLayout.height * window.devicePixelRatio")
        webgl = plot.evaluate("gd => gd._fullData.filter(t => t.visible === true && t.type.endsWith('gl')).length")
        tall = plot.evaluate("gd => gd.getBoundingClientRect().bottom")
        page.set_viewport_size({"width": 1440, "height": int(min(tall + 40, 7_000))})
        page.wait_for_timeout(300)
        page.wait_for_function(LAID_OUT_JS, timeout=FIRST_DRAW_MS)
        chart = read_chart(plot)
        plot.evaluate(LISTEN_JS)
        names = plot.evaluate("gd => gd._fullData.map(t => t.name)")
        drawn = [m for m in chart.marks if m.box is not None and names[m.trace] not in ("titles", "counted")]
        sample = random.Random(1).sample(drawn, min(SAMPLE, len(drawn)))
        reported = hover_each(page, [probes(m, edges=False)[0] for m in sample])
        page.screenshot(path=str(output_dir / "large.png"))
    finally:
        context.close()
    assert height <= MAX_DEVICE_PX, f"the plot is {height:.0f} device px tall"
    assert webgl == 0
    assert len(sample) == SAMPLE
    wrong = [(m.id, reported[probes(m, edges=False)[0]]) for m in sample if reported[probes(m, edges=False)[0]] != m.id]
    assert not wrong, f"{len(wrong)} of {SAMPLE} drawn marks hover as another event: {wrong[:5]}"


def test_clicking_a_count_shows_its_lane_and_period(browser, large_url):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        plot = open_view(page, f"{large_url}/?lanes=category")
        target = plot.evaluate(
            """gd => { for (const g of gd.querySelectorAll('.cartesianlayer .trace.bars')) {
                   const t = g.__data__ && g.__data__[0] && g.__data__[0].trace;
                   if (!t || t.name !== 'counted') continue;
                   for (const el of g.querySelectorAll('.point')) { const r = el.getBoundingClientRect();
                     if (r.width >= 8 && r.height > 0) {
                       const c = t.customdata[el.__data__.i];
                       return {x: r.left + r.width / 2, y: r.top + r.height / 2,
                               lane: c[1], first: c[2], last: c[3]}; } } }
                 return null; }"""
        )
        assert target, "no count drawn"
        box = plot.bounding_box()
        page.set_viewport_size({"width": 1440, "height": int(min(box["y"] + box["height"] + 40, 7_000))})
        page.wait_for_timeout(300)
        page.wait_for_function(LAID_OUT_JS, timeout=FIRST_DRAW_MS)
        page.mouse.move(target["x"], target["y"])
        page.wait_for_timeout(200)
        page.mouse.click(target["x"], target["y"])
        first, last = target["first"], target["last"]
        expect(page).to_have_url(re.compile(rf"[?&]category={re.escape(target['lane'])}(&|$)"), timeout=URL_TIMEOUT_MS)
        url = page.url
        # the period's ends, unless an end is the record's own (a link leaves those out)
        assert f"to={last[:4]}" in url or f"to={last}" in url
        assert f"from={first[:4]}" in url or f"from={first}" in url or "from=" not in url
    finally:
        context.close()
