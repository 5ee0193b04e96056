"""Every event the timeline draws can be reached with the mouse: hovering its own mark reports it."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from dashboard.counted import CLUSTER

from .plotly_marks import LAID_OUT_JS, LISTEN_JS, Chart, hover_each, probes, read_chart

VIEWS = {
    "default": "/",
    "year-1988": "/?from=1988&to=1988",
    "year-2018": "/?from=2018&to=2018",
    "actor-lanes": "/?lanes=actor",
}
WIDTH, HEIGHT = 1600, 1400
FIRST_DRAW_MS = 90_000
"""The first page of a fresh server loads the record: allow it longer than the default timeout."""


@pytest.fixture
def tall_page(browser):
    """A fresh page 1600 × 1400 (made taller when a chart needs it, so nothing has to scroll)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def open_timeline(page, url: str):
    """Load the app; the timeline's graph div once drawn, with the whole chart inside the viewport."""
    page.goto(url)
    plot = page.get_by_role("tabpanel", name="Timeline").locator(".js-plotly-plot").first
    plot.wait_for(timeout=FIRST_DRAW_MS)
    # found afresh each time: the page lays the chart out again once it has measured its column
    page.wait_for_function(LAID_OUT_JS, timeout=FIRST_DRAW_MS)
    bottom = plot.evaluate("gd => gd.getBoundingClientRect().bottom")
    if bottom + 40 > HEIGHT:
        page.set_viewport_size({"width": WIDTH, "height": int(bottom) + 40})
        page.wait_for_timeout(300)
        page.wait_for_function(LAID_OUT_JS, timeout=FIRST_DRAW_MS)
    return page.get_by_role("tabpanel", name="Timeline").locator(".js-plotly-plot").first


def reached(chart: Chart, delivered: dict[tuple[int, int], str | None]) -> set[str]:
    """Ids reported at some mouse position on one of their own marks."""
    out = set()
    for (x, y), event_id in delivered.items():
        if event_id is not None and event_id not in out and any(m.holds(x, y) for m in chart.marks_of(event_id)):
            out.add(event_id)
    return out


def describe_unreachable(chart: Chart, delivered: dict[tuple[int, int], str | None], missing: set[str]) -> str:
    marks = Counter(m.id for m in chart.marks)
    lines = []
    for event_id in sorted(missing):
        own = chart.marks_of(event_id)
        shown = [m for m in own if m.box is not None]
        if not shown:
            lines.append(f"  {event_id}: no mark inside the plot area ({len(own)} marks in the data)")
            continue
        got = Counter(
            delivered.get(p) or "nothing" for m in shown for p in probes(m, edges=True) if p in delivered
        ).most_common()
        hovers = ", ".join(f"{other} ×{n}" if n > 1 else other for other, n in got)
        left, top, right, bottom = shown[0].box
        lines.append(
            f"  {event_id} ({marks[event_id]} marks, first at x {left:.0f}-{right:.0f}, y {top:.0f}-{bottom:.0f}): "
            f"the mouse on it gets {hovers}"
        )
    return "\n".join(lines)


@pytest.mark.parametrize(("view", "path"), list(VIEWS.items()), ids=list(VIEWS))
def test_every_drawn_event_is_reachable_with_the_mouse(tall_page, app_url, output_dir, view, path):
    page = tall_page
    plot = open_timeline(page, app_url + path)
    chart = read_chart(plot)
    assert chart.ids, f"the timeline of {path} holds no events"
    plot.evaluate(LISTEN_JS)

    # the centre of one mark of each event first; then every mark of the events not reached, centre and ends
    first = {}
    for m in chart.marks:
        if m.box is not None:
            first.setdefault(m.id, m)
    delivered = hover_each(page, [p for m in first.values() for p in probes(m, edges=False)])
    found = reached(chart, delivered)
    rest = [m for m in chart.marks if m.id not in found]
    delivered |= hover_each(page, [p for m in rest for p in probes(m, edges=True) if p not in delivered])
    found = reached(chart, delivered)
    page.mouse.move(1, 1)
    page.screenshot(path=output_dir / f"timeline-{view}.png")

    strays = {i for i in delivered.values() if i is not None} - chart.ids
    assert not strays, f"hovering reported ids the chart does not hold: {sorted(strays)}"
    assert found, f"no event of {path} could be hovered"
    target = sorted(found - {CLUSTER})[0]  # an event, not a lane's count (which shows its period)
    spot = next(p for p, i in delivered.items() if i == target and any(m.holds(*p) for m in chart.marks_of(target)))
    page.mouse.click(*spot)
    page.wait_for_url(re.compile(rf"[?&]event={re.escape(target)}(&|$)"))

    missing = chart.ids - found
    assert not missing, (
        f"{len(missing)} of {len(chart.ids)} events of {path} are unreachable with the mouse "
        f"(covered by other marks or not drawn):\n{describe_unreachable(chart, delivered, missing)}"
    )
