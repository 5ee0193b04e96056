"""The period controls in a real browser: presets, a typed period, exact days applied on Enter."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from loaders import load_record

from .conftest import ROOT
from .test_app import open_app, wait_for_query

WHOLE_DATE = "e => [e.scrollWidth, e.clientWidth]"
"""An input's text width and its visible width: the whole text shows when the first is not larger."""


@pytest.fixture(scope="module")
def record():
    return load_record(ROOT / "events.yaml")


def overlapping(record, start: date, end: date) -> int:
    """How many events' dates overlap start..end (computed from the record alone)."""
    return sum(1 for d in (record.dates[e.id] for e in record.events) if d.end >= start and d.start <= end)


def wait_for_count(page, record, start: date, end: date) -> None:
    n = overlapping(record, start, end)
    assert 0 < n < len(record.events)
    page.get_by_text(f"{n} of {len(record.events)} events", exact=True).wait_for()


def test_presets_go_to_and_exact_days_set_the_period(page, app_url, record, output_dir, console_errors):
    open_app(page, f"{app_url}/?lanes=category")
    sidebar = page.get_by_test_id("stSidebar")

    sidebar.get_by_role("radiogroup", name="Period").get_by_role("radio", name="1980s", exact=True).click()
    wait_for_query(page, "from", "1980")
    wait_for_query(page, "to", "1989")
    wait_for_count(page, record, date(1980, 1, 1), date(1989, 12, 31))

    go_to = sidebar.get_by_role("textbox", name="Go to", exact=True)
    go_to.fill("1988")
    go_to.press("Enter")
    wait_for_query(page, "from", "1988")
    wait_for_query(page, "to", "1988")
    wait_for_count(page, record, date(1988, 1, 1), date(1988, 12, 31))

    sidebar.get_by_text("Exact dates", exact=True).click()
    first, last = (sidebar.get_by_role("textbox", name=n, exact=True) for n in ("From", "To"))
    last.wait_for()
    last.fill("1988-07-28")
    last.press("Enter")  # no click elsewhere: Enter alone applies the day
    wait_for_query(page, "to", "1988-07-28")
    wait_for_query(page, "from", "1988")
    wait_for_count(page, record, date(1988, 1, 1), date(1988, 7, 28))
    expect(last).to_be_focused()

    assert (first.input_value(), last.input_value()) == ("1988-01-01", "1988-07-28")
    for width, height in ((1280, 800), (1440, 900)):
        page.set_viewport_size({"width": width, "height": height})
        for box in (first, last):
            text_width, visible_width = box.evaluate(WHOLE_DATE)
            label = box.get_attribute("aria-label")
            assert text_width <= visible_width, f"{label} at {width} px: {text_width} > {visible_width} px"
        page.screenshot(path=output_dir / f"sidebar-{width}x{height}.png")
    assert console_errors == []
