"""The filter kinds: every kind round-trips through the URL and the CLI; the place filter end to end."""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import typing
from datetime import date

import pandas as pd
import pytest
from conftest import ROOT
from e2e.records import write_record

from dashboard.cli import build_parser
from dashboard.figures import Labels
from dashboard.filters import (
    KINDS,
    KNOWN_PARAMS,
    MAX_TEXT,
    Filters,
    View,
    Vocab,
    apply_filters,
    build_index,
    describe,
    from_query,
    to_query,
)
from dashboard.filters.base import FlagError, check_ids

VOCAB = Vocab(
    actors=frozenset({"x", "y"}),
    categories=frozenset({"war", "talks"}),
    perspectives=frozenset({"p1", "p2"}),
    events=frozenset({"a"}),
)

# For each kind: a filter state it restricts, its URL parameters, its export options and its description.
SAMPLES = {
    "actor": (Filters(actors=("x", "y")), {"actor": ["x", "y"]}, ["--actor", "x", "y"], "actors: x, y"),
    "category": (Filters(categories=("talks",)), {"category": ["talks"]}, ["--category", "talks"], "categories: talks"),
    "perspective": (
        Filters(perspectives=("p2",)),
        {"perspective": ["p2"]},
        ["--perspective", "p2"],
        "perspectives: p2",
    ),
    "period": (
        Filters(start=date(1980, 1, 1), end=date(1990, 6, 30)),
        {"from": ["1980"], "to": ["1990-06-30"]},
        ["--from", "1980", "--to", "1990-06-30"],
        "period: 1980-01-01 to 1990-06-30",
    ),
    "contested": (Filters(contested_only=True), {"contested": ["1"]}, ["--contested"], "contested only"),
    "text": (Filters(text="needle"), {"q": ["needle"]}, ["--search", "needle"], 'text: "needle"'),
    "place": (Filters(place="Paris"), {"place": ["Paris"]}, ["--place", "Paris"], "place: Paris"),
}


def frame() -> pd.DataFrame:
    rows = [
        # id, actors, category, perspectives, start, end, contested, title, place
        ("a", ["x"], "war", ["p1"], "1970-01-01", "1970-01-01", False, "Alpha", "Paris"),
        ("b", ["y"], "war", ["p2"], "1980-06-01", "1980-08-31", True, "Bravo", "Tehran"),
        ("c", ["x", "y"], "talks", ["p1", "p2"], "1990-01-01", "1999-12-31", False, "Charlie", "near PARIS, France"),
        ("d", ["z"], "talks", ["p3"], "2005-03-04", "2005-03-04", True, "Delta", None),
    ]
    df = pd.DataFrame(
        rows, columns=["id", "actors", "category", "perspectives", "start", "end", "contested", "title", "place"]
    )
    df["start"] = pd.to_datetime(df["start"])
    df["end"] = pd.to_datetime(df["end"])
    df["summary"] = df["title"] + " summary"
    return df


def export_args(*flags: str) -> argparse.Namespace:
    return build_parser().parse_args(["export", "--format", "csv", "--out", "x.csv", *flags])


def test_every_kind_has_a_sample():
    assert list(SAMPLES) == [kind.name for kind in KINDS]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_kind_round_trips_through_the_url(kind):
    filters, params, _, _ = SAMPLES[kind.name]
    assert to_query(filters, View()) == params
    assert from_query(params, VOCAB) == (filters, View(), [])
    assert kind.active(filters) and not kind.active(Filters())
    assert kind.write(Filters(), None) == {}


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_kind_describes_itself(kind):
    filters, _, _, description = SAMPLES[kind.name]
    assert describe(filters) == description


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_kind_has_export_options_giving_its_url_parameters(kind):
    _, params, flags, _ = SAMPLES[kind.name]
    assert kind.flag_query(export_args(*flags), VOCAB) == params
    assert kind.flag_query(export_args(), VOCAB) == {}


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_widget_value_gives_back_the_filter(kind):
    filters = SAMPLES[kind.name][0]
    value = kind.widget_value(filters)
    assert Filters(**kind.from_widget(value)) == filters


def test_kinds_do_not_share_fields_parameters_widgets_or_options():
    def unique(values: list) -> bool:
        return len(values) == len(set(values))

    assert unique([f.name for k in KINDS for f in k.fields])
    view = ["lanes", "color", "event", "read", "at"]
    assert unique([p for k in KINDS for p in k.params] + view)
    assert unique([k.widget.key for k in KINDS]) and unique([k.widget.rank for k in KINDS])
    assert set(KNOWN_PARAMS) == {p for k in KINDS for p in k.params} | set(view)


def test_all_kinds_together_round_trip():
    values = {}
    for filters, *_ in SAMPLES.values():
        values |= {k: v for k, v in vars(filters).items() if v != getattr(Filters(), k)}
    filters = Filters(**values)
    view = View(lanes="actor", color="perspective", event="a")
    assert from_query(to_query(filters, view), VOCAB) == (filters, view, [])
    assert describe(filters) == "; ".join(s[3] for s in SAMPLES.values())


# --- The place filter ------------------------------------------------------------------------


def test_place_parameter_is_read_and_written():
    filters, _, notices = from_query({"place": ["Paris"]}, Vocab())
    assert (filters, notices) == (Filters(place="Paris"), [])
    assert from_query({"place": ["x" * 500]}, Vocab())[0].place == "x" * MAX_TEXT
    assert to_query(Filters(place="  Paris "), View()) == {"place": ["Paris"]}
    assert to_query(Filters(place="   "), View()) == {}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(place="paris"), ["a", "c"]),
        (Filters(place=" PARIS "), ["a", "c"]),
        (Filters(place="teh"), ["b"]),
        (Filters(place="   "), ["a", "b", "c", "d"]),
        (Filters(place="rome"), []),
        (Filters(place="paris", categories=("talks",)), ["c"]),
        (Filters(place="paris", text="alpha"), ["a"]),
    ],
)
def test_place_keeps_events_whose_place_holds_the_text_ignoring_case(filters, expected):
    df = frame()
    assert list(apply_filters(df, filters)["id"]) == expected
    assert list(apply_filters(df, filters, build_index(df))["id"]) == expected


def test_place_on_a_frame_without_places_matches_nothing():
    df = frame().drop(columns="place")
    assert list(apply_filters(df, Filters(place="paris"))["id"]) == []


def test_place_is_described_after_the_other_filters():
    filters = Filters(actors=("x",), text="oil", place="Paris")
    assert describe(filters, Labels(actors={"x": "Mr X"})) == 'actors: Mr X; text: "oil"; place: Paris'


def test_place_export_option_and_help(capsys):
    assert export_args("--place", "Paris").place == "Paris"
    assert export_args().place == ""
    with pytest.raises(SystemExit):
        build_parser().parse_args(["export", "--help"])
    assert "--place TEXT" in capsys.readouterr().out


def test_filters_import_without_streamlit():
    code = "import sys, dashboard.filters; print('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "False"


# --- The place widget in the app ---------------------------------------------------------------


def run_app(monkeypatch, record, query=None):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MEK_TIMELINE_RECORD", str(record))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at) -> str:
    return next(h.proto.body for h in at.html if "id='event-count'" in h.proto.body)


def test_place_widget_filters_and_goes_to_the_url(monkeypatch, tmp_path):
    at = run_app(monkeypatch, write_record(tmp_path))
    at.sidebar.text_input(key="f_place").input("QUAY").run()
    assert "<b>1</b> of 7 events" in shown(at)
    assert at.query_params["place"] in ("QUAY", ["QUAY"])


def test_place_in_the_url_restores_the_widget(monkeypatch, tmp_path):
    at = run_app(monkeypatch, write_record(tmp_path), {"place": "north"})
    assert at.sidebar.text_input(key="f_place").value == "north"
    assert "<b>1</b> of 7 events" in shown(at)


def test_the_filters_have_exactly_one_attribute_per_field_each_kind_declares():
    hints = typing.get_type_hints(Filters)
    written = [(f.name, hints[f.name], f.default) for f in dataclasses.fields(Filters)]
    declared = [(f.name, f.type, f.default) for kind in KINDS for f in kind.fields]
    assert written == declared


def test_an_unknown_id_is_answered_with_the_closest_known_one_only_when_it_is_close():
    with pytest.raises(FlagError, match=r"unknown actor 'counsil' \(did you mean 'council'\?\)"):
        check_ids("actor", ["counsil"], ["council", "masons"])
    with pytest.raises(FlagError, match=r"^unknown actor 'xyz'; known ids"):
        check_ids("actor", ["xyz"], ["council", "masons"])
