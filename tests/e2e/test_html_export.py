"""The exported interactive HTML opens with no network at all and draws every event."""

from __future__ import annotations

from dashboard.cli import main
from loaders import load_record

from .conftest import ROOT


def test_html_export_opens_offline_with_every_mark(page, tmp_path, console_errors):
    record = load_record(ROOT / "events.yaml")
    target = tmp_path / "timeline.html"
    args = ["--record", str(ROOT / "events.yaml"), "--group-by", "category", "--to", "1985"]
    assert main(["export", "--format", "html", "--out", str(target), *args]) == 0
    expected = sum(record.dates[e.id].start.year <= 1985 for e in record.events)
    outside: list[str] = []

    def refuse(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", refuse)
    page.goto(target.as_uri())
    page.locator(".js-plotly-plot .point").first.wait_for()
    marks = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot .cartesianlayer .barlayer .trace')]
            .filter(t => t.__data__[0].trace.name !== 'titles')
            .reduce((n, t) => n + t.querySelectorAll('.point').length, 0)"""
    )
    assert 0 < marks == expected
    assert page.title() == f"{record.title}: timeline"
    assert page.locator('.modebar-btn[data-title="Download plot as a PNG"]').count() == 1
    assert outside == [] and console_errors == []
