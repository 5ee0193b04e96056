"""The whole record at a glance, as a reader's browser draws it: titled, legible, laid out for the width drawn.

Measured in the page, in CSS pixels: the titles written on the chart, text over other text, the width
of each mark, where the wheel goes, and what a box drawn with the tool bar's box tool or a tap does.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import WINDOWS, window_page
from .plotly_marks import LAID_OUT_JS
from .test_export_layout import overlaps, where

FIRST_DRAW_MS = 90_000
URL_TIMEOUT_MS = 30_000
MIN_TITLED = 40
"""Titles the whole record's timeline must show in the app."""
MIN_MARK_PX = 8.0
NOT_MARKS = ("titles", "continues", "counted")

CHART_JS = """(gd) => {
    const svg = gd.querySelector('.main-svg').getBoundingClientRect();
    const texts = [];
    for (const el of gd.querySelectorAll('svg text')) {
        if (el.closest('.rangeslider-container') || el.closest('.modebar')) continue;
        const text = el.textContent.replace(/\\u200b/g, '').trim();
        const r = el.getBoundingClientRect();
        if (!text || r.width <= 0 || r.height <= 0) continue;
        texts.push({text, l: r.left, t: r.top, r: r.right, b: r.bottom,
                    title: !!el.closest('.trace.bars') && !!el.closest('.barlayer')});
    }
    const widths = [];
    for (const g of gd.querySelectorAll('.cartesianlayer .trace.bars')) {
        const trace = g.__data__ && g.__data__[0] && g.__data__[0].trace;
        if (!trace || ['titles', 'continues', 'counted'].includes(trace.name)) continue;
        for (const el of g.querySelectorAll('.point')) {
            const r = el.getBoundingClientRect();
            if (r.height > 0) widths.push(r.width);
        }
    }
    const column = gd.closest('[data-testid="stPlotlyChart"]').getBoundingClientRect().width;
    return {texts, widths, figure: gd.layout.meta.width, drawn: svg.width, column, meta: gd.layout.meta};
}"""
"""Every text of the chart with its box (titles marked), the drawn width of every mark, and the widths."""


def open_timeline(page, url: str):
    """Load the app; the timeline's graph div once drawn and laid out for the width of its column."""
    page.goto(url)
    page.get_by_role("tabpanel", name="Timeline").locator(".js-plotly-plot").first.wait_for(timeout=FIRST_DRAW_MS)
    page.wait_for_function(LAID_OUT_JS, timeout=FIRST_DRAW_MS)  # the page measures its column, then lays out anew
    page.wait_for_timeout(300)
    page.wait_for_function(LAID_OUT_JS, timeout=FIRST_DRAW_MS)
    return page.get_by_role("tabpanel", name="Timeline").locator(".js-plotly-plot").first


@pytest.mark.parametrize("window", list(WINDOWS))
def test_the_whole_record_opens_titled_legible_and_laid_out_for_the_width_drawn(browser, app_url, output_dir, window):
    with window_page(browser, window) as page:
        plot = open_timeline(page, app_url)
        chart = plot.evaluate(CHART_JS)
        page.screenshot(path=str(output_dir / f"whole-record-{window}.png"))
    assert abs(chart["figure"] - chart["column"]) < 2, f"laid out for {chart['figure']} px, drawn {chart['column']} px"
    titles = [t for t in chart["texts"] if t["title"]]
    assert len(titles) >= MIN_TITLED, f"{len(titles)} titles written at {window} px"
    pairs = overlaps(chart["texts"])
    assert not pairs, "\n".join(f"{where(a)} × {where(b)}" for a, b, _, _ in pairs[:20])
    narrow = [w for w in chart["widths"] if w < MIN_MARK_PX - 0.5]
    assert chart["widths"] and not narrow, f"{len(narrow)} marks narrower than {MIN_MARK_PX} px: {narrow[:10]}"


def test_the_wheel_over_the_chart_scrolls_the_page_and_leaves_the_dates_alone(browser, app_url):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        plot = open_timeline(page, app_url)
        box = plot.locator(".nsewdrag").first.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, min(box["y"] + 200, 850))
        before = plot.evaluate("gd => [...gd._fullLayout.xaxis.range]")
        scrolled = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop")
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(600)
        after = plot.evaluate("gd => [...gd._fullLayout.xaxis.range]")
        now = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop")
    finally:
        context.close()
    assert after == before
    assert now > scrolled + 100


def test_a_box_drawn_over_a_period_shows_that_period_and_the_link_follows(browser, app_url, output_dir):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        plot = open_timeline(page, app_url)
        plot.hover()
        plot.locator(".modebar-btn[data-attr='dragmode'][data-val='select']").click()
        xs = plot.evaluate(
            """gd => { const xa = gd._fullLayout.xaxis, r = gd.querySelector('.nsewdrag').getBoundingClientRect();
                 return [r.left + xa.d2p('1986-03-01'), r.left + xa.d2p('1990-09-01'), r.top + 60]; }"""
        )
        page.mouse.move(xs[0], xs[2])
        page.mouse.down()
        page.mouse.move((xs[0] + xs[1]) / 2, xs[2] + 20, steps=4)
        page.mouse.move(xs[1], xs[2] + 30, steps=4)
        page.mouse.up()
        expect(page).to_have_url(re.compile(r"[?&]from=1986-0[23]-\d\d&to=1990-0[89]-\d\d"), timeout=URL_TIMEOUT_MS)
        page.wait_for_function(LAID_OUT_JS, timeout=FIRST_DRAW_MS)
        axis = plot.evaluate("gd => gd._fullLayout.xaxis.range.map(String)")
        page.screenshot(path=str(output_dir / "after-box.png"))
    finally:
        context.close()
    assert axis[0][:4] in ("1985", "1986") and axis[1][:4] == "1990"


def test_a_tap_on_a_mark_opens_its_event_on_a_phone(browser, app_url, output_dir):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, device_scale_factor=2
    )
    page = context.new_page()
    try:
        plot = open_timeline(page, f"{app_url}/?from=1988&to=1988")
        point = plot.evaluate(
            """gd => { for (const g of gd.querySelectorAll('.cartesianlayer .trace.bars')) {
                   const t = g.__data__ && g.__data__[0] && g.__data__[0].trace;
                   if (!t || t.name === 'titles') continue;
                   for (const el of g.querySelectorAll('.point')) { const r = el.getBoundingClientRect();
                     if (r.width >= 8 && r.top > 0 && r.bottom < innerHeight)
                       return [r.left + r.width / 2, r.top + r.height / 2]; } }
                 return null; }"""
        )
        assert point, "no mark within the phone's screen"
        page.touchscreen.tap(*point)
        expect(page).to_have_url(re.compile(r"[?&]event=[a-z0-9-]+"), timeout=URL_TIMEOUT_MS)
        page.screenshot(path=str(output_dir / "tapped.png"))
    finally:
        context.close()
