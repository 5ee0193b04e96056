"""The sidebar's period widgets, driven with AppTest on the generic record (1880 to 2000, five events).

Expected events are written out by hand from tests/fixtures/generic/events.yaml (see test_app.py).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import GENERIC
from streamlit.testing.v1 import AppTest
from test_app import LAST_KEEPER, STORM, VOLUNTEERS, VOTE, count, picked_from, qp, run_app

from dashboard.state import Keys


def period_of(at: AppTest) -> tuple[list[str], list[str]]:
    """The period in the URL: its ``from`` and ``to`` parameters."""
    return qp(at, "from"), qp(at, "to")


def errors(at: AppTest) -> list[str]:
    return [e.proto.body for e in at.sidebar.error]


def test_a_decade_preset_sets_the_period_and_the_years_slider(monkeypatch):
    at = run_app(monkeypatch, GENERIC)
    pills = at.sidebar.pills(key=Keys.PRESET)
    assert pills.options[0] == "Whole record" and pills.value == "Whole record"
    assert pills.options[1:] == [f"{y}s" for y in range(1880, 2001, 10)]
    pills.set_value("1980s").run()
    assert period_of(at) == (["1980"], ["1989"])
    assert picked_from(at) == [VOTE, LAST_KEEPER, VOLUNTEERS]
    assert at.sidebar.slider(key="f_years").value == (1980, 1989)
    assert at.sidebar.pills(key=Keys.PRESET).value == "1980s"
    at.sidebar.slider(key="f_years").set_value((1950, 1989)).run()
    assert at.sidebar.pills(key=Keys.PRESET).value is None  # no preset is 1950 to 1989
    assert period_of(at) == (["1950"], ["1989"])


def test_around_the_open_event_is_offered_only_with_an_event_open(monkeypatch):
    assert "Around the open event" not in run_app(monkeypatch, GENERIC).sidebar.pills(key=Keys.PRESET).options
    at = run_app(monkeypatch, GENERIC, {"event": "volunteer-watch"})  # summer 1988
    at.sidebar.pills(key=Keys.PRESET).set_value("Around the open event").run()
    assert period_of(at) == (["1986"], ["1990"])
    assert picked_from(at) == [VOTE, LAST_KEEPER, VOLUNTEERS]


@pytest.mark.parametrize(
    ("typed", "url", "exact", "shown"),
    [
        ("1988", (["1988"], ["1988"]), False, [LAST_KEEPER, VOLUNTEERS]),
        ("summer 1988", (["1988-06-01"], ["1988-08-31"]), True, [VOLUNTEERS]),
        ("1950s", (["1950"], ["1959"]), False, [STORM]),
        ("1990/1953", (["1953"], ["1990"]), False, [STORM, VOTE, LAST_KEEPER, VOLUNTEERS]),
    ],
    ids=["year", "season", "decade", "backwards"],
)
def test_go_to_sets_the_period_typed_and_empties_itself(monkeypatch, typed, url, exact, shown):
    at = run_app(monkeypatch, GENERIC)
    at.sidebar.text_input(key=Keys.GOTO).input(typed).run()
    assert period_of(at) == url
    assert picked_from(at) == shown
    assert at.sidebar.toggle(key=Keys.EXACT).value is exact
    assert at.sidebar.text_input(key=Keys.GOTO).value == ""
    assert errors(at) == []


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("sometime [x](y)", "Go to\\: “sometime \\[x\\]\\(y\\)” is not a date; try 1940, 1940s, summer 1940, "
         "1940\\-07/1940\\-09 or 1940\\-07\\-28\\."),
        ("2030", "Go to\\: “2030” is outside the record, which covers 1880 to 2000\\."),
    ],
    ids=["not-a-date", "outside"],
)  # fmt: skip
def test_go_to_refuses_what_is_no_period_of_the_record_with_one_escaped_line(monkeypatch, typed, error):
    at = run_app(monkeypatch, GENERIC, {"from": "1950", "to": "1959"})
    at.sidebar.text_input(key=Keys.GOTO).input(typed).run()
    assert errors(at) == [error]
    assert period_of(at) == (["1950"], ["1959"])  # unchanged
    assert at.sidebar.text_input(key=Keys.GOTO).value == typed  # kept, to be corrected
    at.sidebar.text_input(key=Keys.GOTO).input("").run()
    assert errors(at) == []


def test_exact_days_are_typed_and_a_to_before_the_from_is_swapped(monkeypatch):
    at = run_app(monkeypatch, GENERIC, {"from": "1988-06-01", "to": "1988-08-31"})
    assert at.sidebar.toggle(key=Keys.EXACT).value is True
    days = at.sidebar.text_input(key=Keys.FROM), at.sidebar.text_input(key=Keys.TO)
    assert [d.value for d in days] == ["1988-06-01", "1988-08-31"]
    at.sidebar.text_input(key=Keys.TO).input("1988-07-28").run()
    assert period_of(at) == (["1988-06-01"], ["1988-07-28"])
    at.sidebar.text_input(key=Keys.FROM).input("1987").run()  # a year: its first day
    assert period_of(at) == (["1987"], ["1988-07-28"])
    assert picked_from(at) == [VOTE, LAST_KEEPER, VOLUNTEERS]
    at.sidebar.text_input(key=Keys.TO).input("1953-12-24").run()
    assert period_of(at) == (["1953-12-24"], ["1987-01-01"])
    assert [at.sidebar.text_input(key=k).value for k in (Keys.FROM, Keys.TO)] == ["1953-12-24", "1987-01-01"]
    assert picked_from(at) == [STORM, VOTE]


def test_an_exact_day_that_cannot_be_used_is_put_back_with_one_escaped_line(monkeypatch):
    at = run_app(monkeypatch, GENERIC, {"from": "1988-06-01", "to": "1988-08-31"})
    at.sidebar.text_input(key=Keys.TO).input("1988-02-30").run()
    assert errors(at) == [
        "To\\: “1988\\-02\\-30” is not a date; try 1940, 1940s, summer 1940, 1940\\-07/1940\\-09 or 1940\\-07\\-28\\."
    ]
    assert at.sidebar.text_input(key=Keys.TO).value == "1988-08-31"
    assert period_of(at) == (["1988-06-01"], ["1988-08-31"])
    at.sidebar.multiselect(key="f_categories").select("decisions").run()
    assert errors(at) == []  # said once


def test_leaving_exact_dates_widens_the_period_to_whole_years(monkeypatch):
    at = run_app(monkeypatch, GENERIC, {"from": "1953-12-24", "to": "1988-05-02"})
    at.sidebar.toggle(key=Keys.EXACT).set_value(False).run()
    assert period_of(at) == (["1953"], ["1988"])
    assert at.sidebar.slider(key="f_years").value == (1953, 1988)
    at.sidebar.toggle(key=Keys.EXACT).set_value(True).run()
    assert [at.sidebar.text_input(key=k).value for k in (Keys.FROM, Keys.TO)] == ["1953-01-01", "1988-12-31"]


def _app_with_a_box(start: object, end: object) -> None:
    """The app's sidebar and URL, with a button whose callback sets the period as a box drawn on the chart does."""
    import streamlit as st

    from dashboard import sidebar
    from dashboard.filters import View, apply_filters
    from dashboard.state import load_or_stop

    loaded = load_or_stop()
    sidebar.restore_from_url(loaded)
    st.button("box", on_click=sidebar.set_period, args=(loaded, start, end))
    filters = sidebar.show(loaded)
    shown = apply_filters(loaded.frame, filters, loaded.index)
    st.html(f"<p id='event-count'><b>{len(shown)}</b> of {len(loaded.frame)} events</p>")
    sidebar.write_url(loaded, filters, View())


def period_widgets(at: AppTest) -> tuple[bool, tuple]:
    """Whether the exact days are shown, and the two days (or the slider's years) shown."""
    if at.sidebar.toggle(key=Keys.EXACT).value:
        return True, tuple(at.sidebar.text_input(key=k).value for k in (Keys.FROM, Keys.TO))
    return False, at.sidebar.slider(key="f_years").value


@pytest.mark.parametrize(
    ("start", "end", "url", "widgets"),
    [
        (date(1988, 7, 28), date(1953, 3, 1), (["1953-03-01"], ["1988-07-28"]), (True, ("1953-03-01", "1988-07-28"))),
        (date(1950, 1, 1), date(1959, 12, 31), (["1950"], ["1959"]), (False, (1950, 1959))),
        # clipped to the record; datetimes (as a chart's selection gives) are read as their days
        (datetime(1870, 5, 1, 12), datetime(1890, 6, 30), ([], ["1890-06-30"]), (True, ("1880-01-01", "1890-06-30"))),
        (None, None, ([], []), (False, (1880, 2000))),
    ],
    ids=["reversed", "whole-years", "clipped-datetimes", "whole-record"],
)
def test_set_period_from_a_callback_sets_the_widgets_as_a_link_does(monkeypatch, start, end, url, widgets):
    monkeypatch.setenv("MEK_TIMELINE_RECORD", str(GENERIC))
    at = AppTest.from_function(_app_with_a_box, args=(start, end), default_timeout=120)
    at.query_params["from"], at.query_params["to"] = "1987-03-01", "1987-03-02"
    at.run()
    assert period_widgets(at) == (True, ("1987-03-01", "1987-03-02"))
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert period_of(at) == url
    assert period_widgets(at) == widgets
    linked = run_app(monkeypatch, GENERIC, {k: v for k, v in zip(("from", "to"), url, strict=True) if v})
    assert period_widgets(linked) == widgets
    assert count(at) == count(linked)
