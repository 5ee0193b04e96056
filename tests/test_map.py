"""The map's pure parts: where each place is drawn, what each mark counts, the figure, and the place filter."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from conftest import GENERIC, GOOD_EVENT, HEAD

from dashboard.export.charts import figure_html
from dashboard.filters import Filters, apply_filters
from dashboard.geo import TOPOJSON_NAME, country_centres, geo_assets_script
from dashboard.loading import prepare
from dashboard.map_figure import map_data, map_figure, map_note, place_of, selected_anchors
from loaders import load_record

PLACES = """\
places:
  - {id: iraq, name: Iraq, kind: country, location: {code: IQ}}
  - {id: ashraf, name: Camp Ashraf, kind: site, aliases: [Ashraf], parent: iraq}
  - {id: baghdad, name: Baghdad, kind: city, parent: iraq, location: {lat: 33.34, lon: 44.40, source: GeoNames 98182}}
  - {id: nowhere, name: Nowhere, kind: region}
"""


def _event(eid: str, date_: str, category: str, places: str) -> str:
    return (
        GOOD_EVENT.replace("id: rebuilt", f"id: {eid}").replace("date: 1902", f"date: {date_}")
        .replace("category: works", f"category: {category}") + (f"    places: [{places}]\n" if places else "")
    )  # fmt: skip


@pytest.fixture
def loaded(make_record):
    head = HEAD.replace("events:\n", "").replace(
        "  - {id: works, label: Works}\n", "  - {id: works, label: Works}\n  - {id: votes, label: Votes}\n"
    )
    events = (
        _event("a", "1901", "works", "ashraf")
        + _event("b", "1902", "votes", "ashraf, iraq")
        + _event("c", "1903", "works", "baghdad")
        + _event("d", "1904", "works", "")
        + _event("e", "1905", "votes", "nowhere")
    )
    return prepare(load_record(make_record(whole=head + PLACES + "events:\n" + events), cache=False))


def test_a_place_without_a_location_is_counted_at_its_parent_and_an_event_once_per_mark(loaded):
    data = map_data(loaded.frame, loaded.map_places, loaded.labels)
    marks = data.marks.set_index("anchor")
    assert marks["events"].to_dict() == {"iraq": 2, "baghdad": 1}  # event b names ashraf and iraq: counted once
    assert marks.loc["iraq", "groups"] == {"works": 1, "votes": 1}
    assert (marks.loc["iraq", "lat"], marks.loc["iraq", "lon"]) == country_centres()["IRQ"]
    assert data.countries[["code", "events", "place"]].values.tolist() == [["IRQ", 3, "iraq"]]
    assert (data.unplaced, data.undrawn, data.undrawn_places) == (1, 1, ("Nowhere",))
    note = map_note(data)
    assert note.startswith("3 events of 5 drawn at their places")
    assert "1 event name no place." in note.replace("names", "name")
    assert "(Nowhere)" in note


def test_the_figure_draws_rings_by_colour_and_outlines_the_open_events_places(loaded):
    data = map_data(loaded.frame, loaded.map_places, loaded.labels)
    opened = selected_anchors(loaded.map_places, ["ashraf"])
    fig = map_figure(data, loaded.labels, selected=opened)
    kinds = [t.type for t in fig.data]
    assert kinds == ["choropleth", "scattergeo", "scattergeo", "scattergeo"]
    works, votes, outline = fig.data[1:]
    assert list(works.customdata) == ["iraq", "baghdad"] and list(works.marker.size) == [2, 1]  # works + votes
    assert list(votes.customdata) == ["iraq"] and list(votes.marker.size) == [1]  # the inner ring
    assert outline.marker.symbol == "circle-open" and list(outline.customdata) == ["iraq"]
    assert fig.layout.geo.resolution == 50
    assert place_of({"customdata": "baghdad"}) == "baghdad" and place_of({"customdata": ""}) is None


def test_hover_lists_the_first_titles_by_date_and_counts_the_rest(loaded):
    data = map_data(loaded.frame, loaded.map_places, loaded.labels, titles=1)
    hover = data.marks.set_index("anchor").loc["iraq", "hover"]
    assert hover.count(" — ") == 1 and "1901 — " in hover and "+1 more" in hover


def test_a_record_without_places_draws_no_mark_and_counts_every_event_as_placeless():
    loaded = prepare(load_record(GENERIC, cache=False))
    data = map_data(loaded.frame, loaded.map_places, loaded.labels)
    assert data.marks.empty and data.countries.empty and data.unplaced == len(loaded.frame) == 5
    assert [t.type for t in map_figure(data, loaded.labels).data] == []


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("Iraq", ["a", "b", "c"]),  # the country and every place within it
        ("ashraf", ["a", "b"]),  # an alias, any case
        ("Camp Ashraf", ["a", "b"]),
        ("baghdad", ["c"]),  # an id
        ("ira", ["a", "b", "c"]),  # not a whole name: found in the names of the places within
        ("Bagh", ["c"]),
        ("Basra", []),
    ],
)
def test_the_place_filter_takes_a_places_name_alias_or_id_with_the_places_within(loaded, place, expected):
    shown = apply_filters(loaded.frame, Filters(place=place), loaded.index)
    assert shown["id"].tolist() == expected


def test_the_place_filter_still_matches_a_place_in_words(make_record):
    loaded = prepare(load_record(make_record(GOOD_EVENT + "    place: Harbour town, north shore\n"), cache=False))
    assert len(apply_filters(loaded.frame, Filters(place="north shore"), loaded.index)) == 1
    assert len(apply_filters(loaded.frame, Filters(place="south"), loaded.index)) == 0
    assert len(apply_filters(loaded.frame, Filters(start=date(1902, 1, 1), place="harbour"), loaded.index)) == 1


def test_an_html_map_carries_its_shapes_and_fetches_nothing(loaded):
    data = map_data(loaded.frame, loaded.map_places, loaded.labels)
    page = figure_html(map_figure(data, loaded.labels), "map").decode("utf-8")
    assert "window.PlotlyGeoAssets" in page and f'"{TOPOJSON_NAME}"' in page
    assert "cdn.plot.ly" not in page.replace("https://cdn.plot.ly/un/", "")  # only plotly.js's own default string
    shapes = geo_assets_script()
    body = shapes[shapes.index(": {", shapes.index(TOPOJSON_NAME)) + 2 : -len("}};</script>")]
    assert json.loads(body.replace("<\\/", "</"))["type"] == "Topology"


def test_by_perspective_an_event_citing_several_sides_shows_each_in_its_marks_rings(loaded):
    labels = replace(loaded.labels, perspectives={**loaded.labels.perspectives, "council": "Council"})
    sides = ["press", "council"]
    frame = loaded.frame.assign(perspectives=[sides if i == "b" else ["press"] for i in loaded.frame["id"]])
    data = map_data(frame, loaded.map_places, labels, color="perspective")
    marks = data.marks.set_index("anchor")
    assert marks["events"].to_dict() == {"iraq": 2, "baghdad": 1}  # each event still counted once
    assert marks.loc["iraq", "groups"] == {sides[0]: 2, sides[1]: 1}  # no "several perspectives" grey
    fig = map_figure(data, labels, color="perspective")
    first, second = (t for t in fig.data if t.type == "scattergeo")
    assert list(first.customdata) == ["iraq", "baghdad"] and list(first.marker.size) == [2, 1]  # outer: all events
    assert list(second.customdata) == ["iraq"] and list(second.marker.size) == pytest.approx([2 / 3])  # its share
    assert "an event citing several perspectives in each of theirs" in map_note(data, "perspective")


def test_the_map_is_framed_on_its_marks_not_on_the_whole_of_each_shaded_country(loaded):
    data = map_data(loaded.frame, loaded.map_places, loaded.labels)
    geo = map_figure(data, loaded.labels).layout.geo
    assert geo.fitbounds is False
    lat, lon = list(geo.lataxis.range), list(geo.lonaxis.range)
    for _, mark in data.marks.iterrows():
        assert lat[0] < mark["lat"] < lat[1] and lon[0] < mark["lon"] < lon[1]
    assert lon[1] - lon[0] < 60 and lat[1] - lat[0] < 60  # Iraq and Baghdad, not the globe
