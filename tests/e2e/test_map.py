"""The map tab in a browser that may reach nothing but the app's own server: the shipped record's places
drawn from the project's own world shapes, a click on a place filtering the timeline and the link."""

from __future__ import annotations

import math
import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from .conftest import WINDOWS, window_page

DRAW_MS = 90_000
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
SHIPPED_PLACES = {"iran", "iraq", "albania", "tehran", "paris", "tirana", "camp-liberty", "auvers-sur-oise", "warsaw"}

MAP_JS = """(gd) => {
    const marks = [];
    for (const g of gd.querySelectorAll('.trace.scattergeo')) {
        const t = g.__data__ && g.__data__[0] && g.__data__[0].trace;
        if (!t || t.marker.symbol === 'circle-open') continue;
        for (const el of g.querySelectorAll('.point')) {
            const [lon, lat] = el.__data__.lonlat;
            const i = t.lon.findIndex((x, k) => x === lon && t.lat[k] === lat);
            const r = el.getBoundingClientRect();
            marks.push({place: t.customdata[i], x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2,
                        w: r.width, trace: t.index});
        }
    }
    return {marks, shaded: gd.querySelectorAll('.choroplethlocation').length,
            drawn: gd.querySelectorAll('.scattergeo .point').length};
}"""


def _local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname in LOCAL_HOSTS


@pytest.fixture
def offline(browser):
    """A page whose every request to anywhere but this machine is aborted, and the list of those attempted."""
    attempted: list[str] = []
    requested: list[str] = []
    context = browser.new_context(viewport={"width": 1440, "height": 900})

    def route(r) -> None:
        url = r.request.url
        requested.append(url)
        if _local(url):
            r.continue_()
        else:
            attempted.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("websocket", lambda ws: None if _local(ws.url) else attempted.append(ws.url))
    yield page, attempted, requested
    context.close()


def open_map(page, url: str):
    page.goto(url)
    page.get_by_role("tab", name="Map").click()
    plot = page.get_by_role("tabpanel", name="Map").locator(".js-plotly-plot").first
    plot.locator(".choroplethlocation").first.wait_for(timeout=DRAW_MS)
    plot.locator(".scattergeo .point").first.wait_for(timeout=DRAW_MS)
    page.wait_for_timeout(500)
    return plot


def test_the_map_draws_the_records_places_and_a_click_filters_the_timeline_and_link_offline(
    offline, app_url, output_dir
):
    page, attempted, requested = offline
    plot = open_map(page, app_url)
    drawn = plot.evaluate(MAP_JS)
    page.screenshot(path=str(output_dir / "map.png"))
    places = {m["place"] for m in drawn["marks"]}
    assert places >= SHIPPED_PLACES, SHIPPED_PLACES - places
    assert drawn["shaded"] >= 15 and drawn["drawn"] >= len(places)
    assert any(urlparse(u).path == "/app/static/world_50m.json" for u in requested)

    warsaw = [m for m in drawn["marks"] if m["place"] == "warsaw"][-1]  # its innermost ring, drawn on top
    page.mouse.move(warsaw["x"], warsaw["y"])
    page.wait_for_timeout(300)
    page.mouse.click(warsaw["x"], warsaw["y"])
    expect(page).to_have_url(re.compile(r"[?&]place=Warsaw(&|$)"), timeout=30_000)
    expect(page.get_by_role("textbox", name="Place")).to_have_value("Warsaw")
    page.get_by_role("tab", name="Timeline").click()
    expect(page.locator("#event-count")).to_contain_text("2 of 219 events", timeout=30_000)
    page.screenshot(path=str(output_dir / "after-click.png"))
    assert attempted == [], f"requests that would have left the machine: {attempted[:5]}"


@pytest.mark.parametrize("window", list(WINDOWS))
def test_the_map_tab_at_common_widths(browser, app_url, output_dir, window):
    width = WINDOWS[window][0]
    with window_page(browser, window) as page:
        plot = open_map(page, app_url)
        drawn = plot.evaluate(MAP_JS)
        plot.scroll_into_view_if_needed()
        page.screenshot(path=str(output_dir / f"map-{window}.png"))
        picker = page.get_by_role("combobox", name="Event")
        picker.click()
        picker.fill("Relocation of the MEK from Iraq to Albania")
        page.get_by_role("option").first.click()  # the drawer opens over the map, which outlines the event's places
        page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')].some(gd => gd._fullData && "
            "gd._fullData.some(t => t.marker && t.marker.symbol === 'circle-open'))",
            timeout=DRAW_MS,
        )
        highlighted = plot.evaluate(
            "gd => gd._fullData.filter(t => t.marker && t.marker.symbol === 'circle-open')"
            ".map(t => Array.from(t.customdata).sort())"
        )
    assert highlighted == [["albania", "camp-liberty"]]
    inside = [m for m in drawn["marks"] if 0 <= m["x"] <= width]
    assert len(inside) == len(drawn["marks"])


HOVERED_JS = """() => {
    const gd = document.querySelector('[role="tabpanel"] .js-plotly-plot');
    window.__hovered = null;
    gd.on('plotly_hover', (e) => { window.__hovered = e.points[0].customdata; });
}"""


def _hovers_as(page, place: str, x: float, y: float) -> bool:
    page.mouse.move(2, 2)
    page.evaluate("() => { window.__hovered = null; }")
    page.mouse.move(x, y)
    page.wait_for_timeout(80)
    return page.evaluate("() => window.__hovered") == place


def test_every_place_on_the_map_hovers_as_itself_somewhere_on_its_mark(browser, app_url):
    """Marks of nearby places overlap at the scale the map opens (Paris and Villepinte, Tirana and Albania's
    centre): each must still be reached by the mouse, at its centre or within its disk."""
    with window_page(browser, "1280") as page:
        plot = open_map(page, app_url)
        plot.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.evaluate(HOVERED_JS)
        marks: dict[str, dict] = {}
        for mark in plot.evaluate(MAP_JS)["marks"]:
            marks.setdefault(mark["place"], mark)  # the outermost ring: the whole mark
        unreached = []
        for place, m in marks.items():
            spots = [(m["x"], m["y"])] + [
                (m["x"] + f * m["w"] / 2 * math.cos(a), m["y"] + f * m["w"] / 2 * math.sin(a))
                for f in (0.5, 0.8, 0.95)
                for a in (2 * math.pi * k / 16 for k in range(16))
            ]
            if not any(_hovers_as(page, place, x, y) for x, y in spots):
                unreached.append(place)
    assert len(marks) >= len(SHIPPED_PLACES)
    assert unreached == [], f"places no spot of whose mark hovers as them: {unreached}"
