"""Reading in a real browser: search that forgives spelling, the actor picker, the event drawer with
previous/next, the reader inside it, and a reversed period in the link."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from dashboard.filters import Filters, apply_filters
from dashboard.loading import prepare
from dashboard.reading import find_all, view_order
from loaders import load_record

from .conftest import ROOT
from .test_app import open_app, shown_count, wait_for_query

CONTESTED = "eternal-light-1988"


@pytest.fixture(scope="module")
def loaded():
    return prepare(load_record(ROOT / "events.yaml"))


def ids(loaded, **filters) -> list[str]:
    return view_order(apply_filters(loaded.frame, Filters(**filters), loaded.index))


def navigations(page) -> int:
    return page.evaluate("performance.getEntriesByType('navigation').length")


def test_search_with_the_ezafe_finds_the_eternal_light_event(page, app_url, loaded):
    open_app(page, app_url)
    expected = ids(loaded, text="Forough-e Javidan")
    assert CONTESTED in expected and len(expected) < len(loaded.frame)
    box = page.get_by_role("textbox", name="Search")
    box.fill("Forough-e Javidan")
    box.press("Enter")
    page.get_by_text(f"{len(expected)} of {len(loaded.frame)} events", exact=True).wait_for()
    picker = page.get_by_role("combobox", name="Event")
    picker.click()
    titles = page.get_by_role("option").all_text_contents()
    assert any(loaded.record.event(CONTESTED).title in t for t in titles), titles


def test_search_finds_every_word_in_any_order_and_an_empty_view_offers_a_way_back(page, app_url, loaded, output_dir):
    open_app(page, app_url)
    n = len(loaded.frame)
    expected = ids(loaded, text="relocation Albania")
    assert "albania-relocation-2016" in expected and len(expected) < n
    assert ids(loaded, text='"relocation Albania"') == []
    box = page.get_by_role("textbox", name="Search")
    box.fill("relocation Albania")
    box.press("Enter")
    page.get_by_text(f"{len(expected)} of {n} events", exact=True).wait_for()
    page.get_by_role("combobox", name="Event").click()
    titles = page.get_by_role("option").all_text_contents()
    assert any(loaded.record.event("albania-relocation-2016").title in t for t in titles), titles
    page.keyboard.press("Escape")

    box.fill("relocaton")
    box.press("Enter")
    main = page.get_by_test_id("stMain")
    main.get_by_text("No event holds “relocaton”. Did you mean:", exact=True).wait_for()
    expect(page.get_by_role("combobox", name="Event")).to_be_disabled()  # the picker stays, with nothing to pick
    suggestion = main.get_by_role("button", name="relocation", exact=True)
    assert suggestion.is_visible() and suggestion.bounding_box()["y"] < 600, "the suggestions are where one looks"
    page.screenshot(path=output_dir / "nothing-found.png")
    suggestion.click()
    wait_for_query(page, "q", "relocation")
    page.get_by_text(f"{len(ids(loaded, text='relocation'))} of {n} events", exact=True).wait_for()

    box.fill("zzqqxx")
    box.press("Enter")
    main.get_by_role("button", name="Clear search").click()
    page.get_by_text(f"{n} of {n} events", exact=True).wait_for()
    expect(box).to_have_value("")


@pytest.mark.parametrize("typed", ["Iran's government", "Islamic Republic"])
def test_the_actor_picker_finds_an_actor_by_an_alias_and_enter_adds_only_it(page, app_url, loaded, typed):
    open_app(page, app_url)
    name = loaded.record.actors["iran-government"].name
    box = page.get_by_role("combobox", name="Actors")
    box.click()
    box.fill(typed)
    options = page.get_by_role("option").all_text_contents()
    assert options and options[0].startswith(name), options
    box.press("Enter")
    wait_for_query(page, "actor", "iran-government")
    page.keyboard.press("Escape")
    chip = page.get_by_role("button", name=re.compile("^Remove " + re.escape(name)))
    chip.wait_for()
    assert page.get_by_role("button", name=re.compile(r"^Remove ")).count() == 1


LANE_NAMES = """gd => gd.layout.annotations.filter(a => a.yref === 'y').sort((a, b) => a.y - b.y)
    .map(a => a.text.replace(/<[^>]*>/g, '').split('  ')[0])"""
"""The lanes' names as the timeline writes them on their first rows, top to bottom."""


def test_mek_and_enter_adds_the_mek_and_the_chosen_actors_lanes_come_first(page, app_url, loaded):
    open_app(page, f"{app_url}/?lanes=actor")
    box = page.get_by_role("combobox", name="Actors")
    names = []
    for typed, actor in (("Albania", "albania-government"), ("MEK", "mek")):
        box.click()
        box.fill(typed)
        box.press("Enter")
        names.append(loaded.record.actors[actor].name)
        wait_for_query(page, "actor", actor)
        page.keyboard.press("Escape")
    assert re.search(r"[?&]actor=albania-government&actor=mek(&|$)", page.url)
    chips = page.get_by_role("button", name=re.compile(r"^Remove "))
    assert [chips.nth(i).get_attribute("aria-label") for i in range(chips.count())] == [
        f"Remove {loaded.actor_options.labels[a]}" for a in ("albania-government", "mek")
    ]
    shown = ids(loaded, actors=("albania-government", "mek"))
    page.get_by_text(f"{len(shown)} of {len(loaded.frame)} events", exact=True).wait_for()
    lanes = page.locator(".js-plotly-plot").first.evaluate(LANE_NAMES)
    assert lanes[:2] == names and len(lanes) > 2, lanes


def test_next_opens_the_following_event_of_the_view_in_date_order(page, app_url, loaded):
    order = ids(loaded, start=date(1988, 1, 1), end=date(1988, 12, 31))
    assert len(order) >= 3
    open_app(page, f"{app_url}/?from=1988&to=1988&event={order[1]}")
    drawer = page.get_by_role("dialog")
    drawer.locator("#event-place").get_by_text(f"2 of {len(order)} in this view").wait_for()
    page.keyboard.press("Alt+ArrowRight")
    wait_for_query(page, "event", order[2])
    drawer.locator("#event-place").get_by_text(f"3 of {len(order)} in this view").wait_for()
    drawer.get_by_role("button", name=re.compile("Previous")).click()
    wait_for_query(page, "event", order[1])
    drawer.get_by_role("button", name=re.compile("Back")).click()
    wait_for_query(page, "event", order[2])


def test_a_passage_opens_in_the_reader_without_reloading_the_page(page, app_url, loaded, output_dir):
    open_app(page, f"{app_url}/?event={CONTESTED}")
    drawer = page.get_by_role("dialog")
    drawer.get_by_text("Contested.", exact=False).wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=str(output_dir / "contested-event.png"))
    before = navigations(page)
    first = loaded.record.citations(CONTESTED)[0]
    drawer.get_by_role("button", name="Read in the document").first.click()
    focused = drawer.locator("#document-drawer mark[style*='outline']")
    focused.wait_for()
    assert first.quote.split()[0] in focused.inner_text()
    assert " ".join(first.quote.split()) in " ".join(focused.inner_text().split())
    inside = drawer.locator("#document-drawer").evaluate(
        """(box) => { const m = box.querySelector("mark[style*='outline']");
                      const b = box.getBoundingClientRect(), r = m.getBoundingClientRect();
                      return box.scrollTop > 0 && r.top >= b.top && r.bottom <= b.bottom; }"""
    )
    assert inside, "the reader scrolled its document to the passage"
    page.wait_for_timeout(300)
    page.screenshot(path=str(output_dir / "reader-at-passage.png"))
    assert navigations(page) == before == 1
    drawer.get_by_role("button", name=re.compile("Passage ▶")).click()
    drawer.get_by_text(re.compile(r"^passage \d+ of \d+, line \d+$")).wait_for()
    drawer.get_by_role("button", name=re.compile("Back to the event")).click()
    drawer.get_by_text("Contested.", exact=False).wait_for()
    assert navigations(page) == 1


FOUND_IN_VIEW = """(box) => { const m = box.querySelector('#found'); if (!m) return false;
    const b = box.getBoundingClientRect(), r = m.getBoundingClientRect();
    return r.top >= b.top && r.bottom <= b.bottom; }"""
"""True when the match found (its marker) is inside the document box as scrolled."""


def test_find_in_the_document_steps_through_matches_each_in_view(page, app_url, loaded):
    open_app(page, f"{app_url}/?event={CONTESTED}")
    drawer = page.get_by_role("dialog")
    drawer.get_by_role("button", name="Read in the document").first.click()
    source = loaded.record.citations(CONTESTED)[0].source_id
    n = len(find_all(loaded.record.source_text(source), "National  Liberation army"))
    assert n >= 2
    find = drawer.get_by_role("textbox", name="Find in the document")
    find.fill("National  Liberation army")
    find.press("Enter")
    box = drawer.locator("#document-drawer")
    for step, button in ((1, None), (2, "Match ▶"), (1, "◀ Match"), (2, "Match ▶")):
        if button:
            drawer.get_by_role("button", name=button).click()
        drawer.get_by_text(f"match {step} of {n},", exact=False).wait_for()
        expect(box.locator("#found")).to_have_count(1)
        page.wait_for_function(FOUND_IN_VIEW, arg=box.element_handle())  # the box scrolls to each match


def test_a_reversed_period_in_the_link_is_swapped_and_said(page, app_url, loaded):
    open_app(page, f"{app_url}/?from=1990&to=1980")
    expected = ids(loaded, start=date(1980, 1, 1), end=date(1990, 12, 31))
    assert shown_count(page) == f"{len(expected)} of {len(loaded.frame)} events"
    note = page.get_by_text("From the link: swapped from 1990 and to 1980", exact=False)
    assert note.is_visible()


def test_a_table_row_opens_its_event_from_the_keyboard(page, app_url, loaded):
    order = ids(loaded, start=date(1988, 1, 1), end=date(1988, 12, 31))
    open_app(page, f"{app_url}/?from=1988&to=1988")
    page.get_by_role("tab", name="Table").click()
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.click(position={"x": 400, "y": 60})  # a cell of the first row: this alone opens nothing
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+Space")
    page.get_by_role("dialog").wait_for()
    assert page.evaluate("!!document.activeElement.closest('[role=dialog]')"), "focus moves into the drawer"
    expect(page).to_have_url(re.compile(r"[?&]event=[^&]+"))  # written once the page has run again
    assert re.search(r"[?&]event=([^&]+)", page.url).group(1) in order
