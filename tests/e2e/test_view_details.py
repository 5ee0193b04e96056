"""What a view shows in a real browser: each perspective of a contested event on its mark, exports named
after their views, and the drawer's and reader's headings and counts."""

from __future__ import annotations

import re

import pytest

from dashboard.export import Selection, short_name, view_file_name
from dashboard.figures import color_map
from dashboard.filters import Filters, apply_filters
from dashboard.loading import prepare
from dashboard.reading import paragraph_groups
from dashboard.timeline import SPLIT_LEGEND
from loaders import load_record

from .conftest import ROOT
from .plotly_marks import LISTEN_JS, hover_each

CONTESTED = "eternal-light-1988"

BANDS_JS = """([gd, id]) => {
    const marks = [...gd.querySelectorAll('.cartesianlayer .trace.bars')];
    const traceOf = (g) => g.__data__ && g.__data__[0] && g.__data__[0].trace;
    let box = null;
    for (const g of marks) {
        const t = traceOf(g);
        if (!t || !t.customdata || t.name === 'titles') continue;
        g.querySelectorAll('.point').forEach((el) => {
            if (String(t.customdata[el.__data__.i][0]) === id) box = el.getBoundingClientRect();
        });
    }
    if (!box) return null;
    const bands = [];
    for (const g of marks) {
        const t = traceOf(g);
        if (!t || t.customdata) continue;
        g.querySelectorAll('.point').forEach((el) => {
            const r = el.getBoundingClientRect();
            const inside = r.left >= box.left - 1 && r.right <= box.right + 1
                && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
            const fill = getComputedStyle(el.querySelector('path')).fill;
            if (inside) bands.push({top: r.top, bottom: r.bottom, fill});
        });
    }
    bands.sort((a, b) => a.top - b.top);
    return {box: [box.left, box.top, box.right, box.bottom], bands};
}"""
"""The drawn box of an event's mark and the bands drawn inside it (top first, with their fill)."""


FOCUS_IN_VIEW = """(box) => { const m = box.querySelector("mark[style*='outline']"); if (!m) return false;
    const b = box.getBoundingClientRect(), r = m.getBoundingClientRect();
    return box.scrollTop > 0 && r.top >= b.top && r.bottom <= b.bottom; }"""
"""True when the reader's focused passage is inside its document box as scrolled."""


@pytest.fixture(scope="module")
def loaded():
    return prepare(load_record(ROOT / "events.yaml"))


def rgb(colour: str) -> str:
    return re.sub(r"\s", "", colour)


def test_a_contested_event_coloured_by_perspective_shows_each_side_on_its_mark(page, app_url, loaded, output_dir):
    page.goto(f"{app_url}/?color=perspective&from=1988&to=1988")
    plot = page.get_by_role("tabpanel", name="Timeline").locator(".js-plotly-plot").first
    plot.locator(".cartesianlayer .trace.bars .point").first.wait_for()
    sides = loaded.frame.set_index("id").loc[CONTESTED, "perspectives"]
    order = list(loaded.labels.perspectives)
    expected = [rgb(color_map("perspective", loaded.labels)[p]) for p in sorted(set(sides), key=order.index)]
    assert len(expected) > 1
    drawn = page.wait_for_function(
        f"([gd, id]) => ({BANDS_JS})([gd, id])", arg=[plot.element_handle(), CONTESTED]
    ).json_value()
    assert [rgb(b["fill"]) for b in drawn["bands"]] == expected, "one band per perspective, in the legend's order"
    left, top, right, bottom = drawn["box"]
    assert drawn["bands"][0]["top"] == pytest.approx(top, abs=1.5)
    assert drawn["bands"][-1]["bottom"] == pytest.approx(bottom, abs=1.5)
    plot.evaluate(LISTEN_JS)
    middle = (round(left + min(40, (right - left) / 2)), round((top + bottom) / 2))
    assert hover_each(page, [middle]) == {middle: CONTESTED}, "the banded mark hovers as its event"
    legend = page.locator(".timeline-legend").first.inner_text()
    names = [loaded.labels.perspectives[p] for p in set(sides)]
    assert all(name in legend for name in names) and SPLIT_LEGEND in legend
    assert "Several perspectives\n" not in legend + "\n"  # no grey group hiding the sides
    page.locator(".timeline-legend").first.scroll_into_view_if_needed()
    page.screenshot(path=output_dir / "perspectives-1988.png")


def test_two_views_export_under_two_names(page, app_url, loaded):
    page.goto(f"{app_url}/?q=Albania")
    page.locator(".js-plotly-plot").first.wait_for()
    names = []
    for filters in (Filters(text="Albania"), Filters(text="Albania", contested_only=True)):
        if filters.contested_only:
            page.get_by_test_id("stSidebar").get_by_text("Contested only", exact=True).click()
            page.wait_for_url(re.compile(r"contested=1"))
        count = len(apply_filters(loaded.frame, filters, loaded.index))
        page.get_by_text(f"{count} of {len(loaded.frame)} events", exact=True).wait_for()
        page.get_by_role("tab", name="Export").click()
        with page.expect_download() as download:
            page.get_by_role("button", name="Events (CSV)").click()
        sel = Selection(loaded.record, apply_filters(loaded.frame, filters, loaded.index), loaded.labels, filters)
        assert download.value.suggested_filename == view_file_name(sel, "csv")
        names.append(download.value.suggested_filename)
        page.get_by_role("tab", name="Timeline").click()
    assert len(set(names)) == 2, names
    assert all(n.startswith(short_name(loaded.record.title) + "_") for n in names)


def test_the_drawer_heads_each_paragraph_once_and_the_readers_counts_agree(page, app_url, loaded, output_dir):
    event = "embassy-attacks-1992"
    groups = paragraph_groups(loaded.record.citations(event))
    assert any(len(g.citations) > 2 for g in groups), "a paragraph quoted several times"
    page.goto(f"{app_url}/?event={event}")
    drawer = page.get_by_role("dialog")
    n = len(loaded.record.citations(event))
    drawer.get_by_text(f"Passages ({n} quotes in {len(groups)} paragraphs)", exact=True).wait_for()
    headings = drawer.locator(".paragraph-heading")
    assert headings.count() == len(groups)
    for heading, group in zip(headings.all(), groups, strict=True):
        document = loaded.record.sources[group.source_id].title
        assert heading.locator("b").inner_text().startswith(document)
    page.screenshot(path=output_dir / "drawer.png")
    drawer.get_by_role("button", name="Read in the document").first.click()
    place = drawer.get_by_text(re.compile(r"^passage \d+ of \d+, line \d+$"))
    place.wait_for()
    stepped = int(re.search(r"of (\d+)", place.inner_text()).group(1))
    counted = drawer.get_by_text(re.compile(r"\d+ cited passages")).inner_text()
    assert int(re.search(r"(\d+) cited passages", counted).group(1)) == stepped
    box = drawer.locator("#document-drawer")
    page.wait_for_function(FOCUS_IN_VIEW, arg=box.element_handle())  # the document opens at the passage
    page.screenshot(path=output_dir / "reader.png")
