"""Filters: AND across kinds, OR within a kind; URL parameters parsed into known values only."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.figures import Labels
from dashboard.filters import Filters, View, Vocab, apply_filters, build_index, describe, from_query, to_query


def frame() -> pd.DataFrame:
    rows = [
        # id, actors, category, perspectives, start, end, contested, title, quotes
        ("a", ["x"], "war", ["p1"], "1970-01-01", "1970-01-01", False, "Alpha", "first quote"),
        ("b", ["y"], "war", ["p2"], "1980-06-01", "1980-08-31", True, "Bravo", "second quote"),
        ("c", ["x", "y"], "talks", ["p1", "p2"], "1990-01-01", "1999-12-31", False, "Charlie", "needle here"),
        ("d", ["z"], "talks", ["p3"], "2005-03-04", "2005-03-04", True, "Delta", "other"),
    ]
    df = pd.DataFrame(
        rows, columns=["id", "actors", "category", "perspectives", "start", "end", "contested", "title", "quotes"]
    )
    df["start"] = pd.to_datetime(df["start"])
    df["end"] = pd.to_datetime(df["end"])
    df["summary"] = df["title"] + " summary"
    df["contested_note"] = ""
    return df


def ids(f: Filters) -> list[str]:
    return list(apply_filters(frame(), f)["id"])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["a", "b", "c", "d"]),
        (Filters(actors=("x",)), ["a", "c"]),
        (Filters(actors=("x", "z")), ["a", "c", "d"]),
        (Filters(categories=("talks",)), ["c", "d"]),
        (Filters(perspectives=("p2",)), ["b", "c"]),
        (Filters(perspectives=("p1", "p3")), ["a", "c", "d"]),
        (Filters(contested_only=True), ["b", "d"]),
        (Filters(text="NEEDLE"), ["c"]),
        (Filters(text="bravo summary"), ["b"]),
        (Filters(actors=("y",), categories=("war",)), ["b"]),
        (Filters(actors=("x", "y"), contested_only=True), ["b"]),
        (Filters(actors=("y",), perspectives=("p1",)), ["c"]),
    ],
    ids=[
        "none",
        "one-actor",
        "actors-or",
        "category",
        "perspective",
        "perspectives-or",
        "contested",
        "text-quote-case-insensitive",
        "text-summary",
        "actor-and-category",
        "actors-or-and-contested",
        "actor-and-perspective",
    ],
)
def test_filters_and_across_kinds_or_within_a_kind(filters, expected):
    assert ids(filters) == expected
    df = frame()
    assert list(apply_filters(df, filters, build_index(df))["id"]) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(1980, 8, 31), None, ["b", "c", "d"]),
        (date(1980, 9, 1), None, ["c", "d"]),
        (None, date(1980, 6, 1), ["a", "b"]),
        (date(1995, 1, 1), date(1995, 12, 31), ["c"]),
        (date(1971, 1, 1), date(1979, 12, 31), []),
    ],
)
def test_period_keeps_events_whose_span_overlaps_it(start, end, expected):
    assert ids(Filters(start=start, end=end)) == expected


VOCAB = Vocab(
    actors=frozenset({"x", "y"}),
    categories=frozenset({"war"}),
    perspectives=frozenset({"p1"}),
    events=frozenset({"a", "b"}),
    sources=frozenset({"doc"}),
)


def test_query_round_trip_restores_filters_and_view():
    f = Filters(
        actors=("x", "y"),
        categories=("war",),
        perspectives=("p1",),
        start=date(1980, 1, 1),
        end=date(1990, 6, 30),
        contested_only=True,
        text="needle",
    )
    v = View(lanes="actor", color="perspective", event="b")
    params = to_query(f, v)
    assert params == {
        "actor": ["x", "y"],
        "category": ["war"],
        "perspective": ["p1"],
        "from": ["1980"],
        "to": ["1990-06-30"],
        "contested": ["1"],
        "q": ["needle"],
        "lanes": ["actor"],
        "color": ["perspective"],
        "event": ["b"],
    }
    assert from_query(params, VOCAB) == (f, v, [])


def test_the_document_open_in_the_drawer_round_trips_through_the_query():
    v = View(event="b", source="doc", at=1200)
    assert to_query(Filters(), v) == {"event": ["b"], "read": ["doc"], "at": ["1200"]}
    assert from_query(to_query(Filters(), v), VOCAB) == (Filters(), v, [])
    assert from_query({"event": ["b"], "read": ["doc"]}, VOCAB)[1] == View(event="b", source="doc")


@pytest.mark.parametrize(
    ("params", "view", "notice"),
    [
        ({"event": ["b"], "read": ["nowhere"], "at": ["5"]}, View(event="b"), "ignored unknown read 'nowhere'"),
        ({"read": ["doc"], "at": ["5"]}, View(), "ignored read 'doc': no event is open"),
        (
            {"event": ["b"], "read": ["doc"], "at": ["-5"]},
            View(event="b", source="doc"),
            "ignored malformed at '-5' (use a character offset, e.g. 1200)",
        ),
        (
            {"event": ["b"], "read": ["doc"], "at": ["1" * 11]},
            View(event="b", source="doc"),
            f"ignored malformed at '{'1' * 11}' (use a character offset, e.g. 1200)",
        ),
    ],
    ids=["unknown-document", "no-event", "negative-offset", "offset-too-long"],
)
def test_a_reader_the_link_cannot_open_is_ignored_with_a_notice(params, view, notice):
    filters, got, notices = from_query(params, VOCAB)
    assert (filters, got, notices) == (Filters(), view, [notice])


def test_default_state_has_an_empty_query():
    assert to_query(Filters(), View()) == {}


def test_period_equal_to_the_record_period_is_left_out_of_the_query():
    f = Filters(start=date(1965, 1, 1), end=date(2020, 12, 31))
    assert to_query(f, View(), period=(date(1965, 1, 1), date(2020, 12, 31))) == {}


def test_unknown_and_malformed_parameters_are_ignored_with_notices():
    params = {
        "actor": ["x,nobody"],
        "from": ["last year"],
        "to": ["1990-13-01"],
        "contested": ["maybe"],
        "lanes": ["__import__('os')"],
        "event": ["zzz"],
        "evil": ["1"],
    }
    filters, view, notices = from_query(params, VOCAB)
    assert filters == Filters(actors=("x",))
    assert view == View()
    assert notices == [
        "ignored unknown parameter 'evil'",
        "ignored malformed from 'last year' (use YYYY or YYYY-MM-DD)",
        "ignored malformed to '1990-13-01' (use YYYY or YYYY-MM-DD)",
        "ignored malformed contested 'maybe' (use 1 or 0)",
        "ignored unknown lanes \"__import__('os')\"",
        "ignored unknown event 'zzz'",
        "ignored unknown actor 'nobody'",
    ]


@pytest.mark.parametrize(
    ("written", "on"),
    [("1", True), ("TRUE", True), ("Yes", True), ("On", True), ("0", False), ("FALSE", False), ("No", False)],
)
def test_contested_in_the_link_is_read_in_any_case(written, on):
    filters, _, notices = from_query({"contested": [written]}, VOCAB)
    assert (filters.contested_only, notices) == (on, [])


def test_an_id_named_twice_in_the_link_is_kept_once():
    filters, _, notices = from_query({"actor": ["x,x", "y,x"]}, VOCAB)
    assert (filters.actors, notices) == (("x", "y"), [])
    assert to_query(filters, View()) == {"actor": ["x", "y"]}
    assert describe(filters, Labels(actors={"x": "Mr X", "y": "Ms Y"})) == "actors: Mr X, Ms Y"


def test_many_unknown_values_make_one_notice_per_kind():
    params = {
        "actor": [",".join(f"x{i}" for i in range(10_000)) + ",x", "x0,y"],
        "category": ["nope"],
        **{f"p{i}": ["1"] for i in range(1_000)},
    }
    filters, _, notices = from_query(params, VOCAB)
    assert filters.actors == ("x", "y")
    assert notices == [
        "ignored 1,000 unknown parameters: 'p0', 'p1', 'p2' and 997 more",
        "ignored 10,000 unknown actors: 'x0', 'x1', 'x2' and 9,997 more",
        "ignored unknown category 'nope'",
    ]


def test_two_unknown_values_are_both_named():
    _, _, notices = from_query({"perspective": ["a,b,a"]}, VOCAB)
    assert notices == ["ignored 2 unknown perspectives: 'a', 'b'"]


def test_describe_names_the_filters_in_words():
    f = Filters(actors=("x",), start=date(1980, 1, 1), contested_only=True, text="oil")
    labels = Labels(actors={"x": "Mr X"}, perspectives={"x": "Perspective X"})
    assert describe(f, labels) == 'actors: Mr X; period: from 1980-01-01; contested only; text: "oil"'
    assert describe(Filters()) == "all events"


def test_index_maps_each_id_to_the_rows_that_hold_it():
    ix = build_index(frame())
    assert {k: list(v) for k, v in ix["actor"].items()} == {"x": [0, 2], "y": [1, 2], "z": [3]}
    assert {k: list(v) for k, v in ix["perspective"].items()} == {"p1": [0, 2], "p2": [1, 2], "p3": [3]}


def test_unknown_id_in_a_filter_matches_nothing():
    assert ids(Filters(actors=("nobody",))) == []
