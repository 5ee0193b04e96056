"""The browser's Back and Forward in a real browser: each change of the view is one entry of the history."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from dashboard.filters import Filters, apply_filters
from dashboard.loading import prepare
from loaders import load_record

from .conftest import ROOT
from .test_app import open_app, shown_count

URL_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def loaded():
    return prepare(load_record(ROOT / "events.yaml"))


def test_back_and_forward_walk_through_filters_period_event_and_reader(page, app_url, loaded, output_dir):
    n = len(loaded.frame)
    searched = Filters(text="Albania")
    contested = Filters(text="Albania", contested_only=True)
    decade = Filters(text="Albania", contested_only=True, start=date(2010, 1, 1), end=date(2019, 12, 31))
    shown = apply_filters(loaded.frame, decade, loaded.index)
    assert 0 < len(shown) < len(apply_filters(loaded.frame, contested, loaded.index))
    event = str(shown.sort_values("start")["id"].iloc[0])
    title = loaded.record.event(event).title
    sidebar = page.get_by_test_id("stSidebar")
    toggle = sidebar.get_by_role("switch", name="Contested only")
    drawer = page.get_by_role("dialog")
    reader = drawer.locator("#document-drawer")

    def at(query: str, filters: Filters) -> None:
        """The address bar holds ``query`` (nothing else) and the page shows the view it names."""
        expect(page).to_have_url(re.compile(rf"/\??{re.escape(query)}$"), timeout=URL_TIMEOUT_MS)
        count = len(apply_filters(loaded.frame, filters, loaded.index))
        page.get_by_text(f"{count} of {n} events", exact=True).wait_for()
        assert shown_count(page) == f"{count} of {n} events"
        expect(toggle).to_be_checked(checked=filters.contested_only)

    open_app(page, f"{app_url}/?q=Albania")
    at("q=Albania", searched)
    entries = page.evaluate("history.length")
    sidebar.get_by_text("Contested only", exact=True).click()
    at("contested=1&q=Albania", contested)
    sidebar.get_by_role("radiogroup", name="Period").get_by_role("radio", name="2010s", exact=True).click()
    at("from=2010&to=2019&contested=1&q=Albania", decade)
    page.get_by_role("combobox", name="Event").click()
    page.get_by_role("option", name=re.compile(re.escape(title))).first.click()
    at(f"from=2010&to=2019&contested=1&q=Albania&event={event}", decade)
    drawer.get_by_role("button", name="Read in the document").first.click()
    reader.wait_for()
    expect(page).to_have_url(re.compile(rf"&event={event}&read=[a-z0-9-]+&at=\d+$"), timeout=URL_TIMEOUT_MS)
    reading = page.url
    assert page.evaluate("history.length") == entries + 4, "one history entry per change of the view"

    page.go_back()
    at(f"from=2010&to=2019&contested=1&q=Albania&event={event}", decade)
    drawer.get_by_role("heading", name=re.compile(r"^Passages \(")).wait_for()
    expect(reader).to_have_count(0)
    page.go_back()
    at("from=2010&to=2019&contested=1&q=Albania", decade)
    expect(drawer).to_have_count(0)
    thumbs = sidebar.get_by_role("slider")
    assert [thumbs.nth(i).input_value() for i in range(2)] == ["2010", "2019"]
    page.go_back()
    at("contested=1&q=Albania", contested)
    assert [thumbs.nth(i).input_value() for i in range(2)] == ["1965", "2020"]
    page.go_back()
    at("q=Albania", searched)
    page.wait_for_timeout(1500)  # the app does not write its own view back over the one restored
    at("q=Albania", searched)

    page.go_forward()
    at("contested=1&q=Albania", contested)
    page.go_forward()
    at("from=2010&to=2019&contested=1&q=Albania", decade)
    page.go_forward()
    at(f"from=2010&to=2019&contested=1&q=Albania&event={event}", decade)
    expect(drawer.get_by_text(title, exact=True).first).to_be_visible()
    page.go_forward()
    reader.wait_for()
    assert page.url == reading
    assert page.evaluate("history.length") == entries + 4
    page.screenshot(path=output_dir / "forward-to-the-reader.png")
