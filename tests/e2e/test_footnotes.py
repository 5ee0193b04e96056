"""Footnote marks in the event drawer, in a real browser: each sentence's marks lead to its numbered passages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import serve
from .plotly_marks import LAID_OUT_JS
from .records import write_record


@pytest.fixture(scope="module")
def harbour_url(browser, tmp_path_factory):
    """The dashboard on the small export record, whose vote is summarised sentence by sentence."""
    with serve(write_record(tmp_path_factory.mktemp("harbour"))) as url:
        yield url


def test_a_footnote_mark_brings_its_numbered_passage_into_view(page, harbour_url, output_dir, console_errors):
    page.set_viewport_size({"width": 1400, "height": 700})
    page.goto(f"{harbour_url}/?event=vote")
    page.wait_for_function(LAID_OUT_JS)  # laid out again for its column's width before anything is clicked
    drawer = page.get_by_role("dialog")
    summary = drawer.locator("p.summary")
    summary.wait_for()
    assert summary.inner_text() == (
        "The council voted nine to two to buy the wall, its minutes record.[1] "
        "A letter the Gazette printed calls the vote <i>rushed</i>.[2]"
    )
    mark = summary.get_by_role("link", name="[2]")
    assert mark.get_attribute("title") == (
        'docs/gazette.txt, line 5: “the vote of March 1910 was "rushed through in one evening"”'
    )
    heading = drawer.locator("div.paragraph-heading", has=page.locator("#cite-2"))
    assert heading.inner_text().startswith("The Gazette, harbour pages · The Gazette · 1953\n[2] ")
    drawer.locator("details.speakers summary").click()
    who = drawer.locator("details.speakers")
    expect(who).to_contain_text("From the documents: “Letters page: a reader wrote that” (docs/gazette.txt, line 5)")
    expect(who).to_contain_text("Outside the documents: The reader is not named")
    who.scroll_into_view_if_needed()
    page.screenshot(path=output_dir / "drawer-speakers.png")
    summary.scroll_into_view_if_needed()
    page.screenshot(path=output_dir / "drawer-footnotes.png")
    expect(heading).not_to_be_in_viewport()
    mark.click()
    expect(heading).to_be_in_viewport()
    page.screenshot(path=output_dir / "drawer-after-mark.png")
    assert console_errors == []
