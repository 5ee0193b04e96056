"""The record's places: what a place may say of itself, checked the same way by the validator and the cache.

A place is a site, city, region or country. A country's location is its ISO 3166-1 code (the map
draws its shape); a site's, city's or region's is a point with the source of its coordinates. A
place without a location is drawn where its nearest parent with one is. Each name or alias names
one place, so that a place can be found by any of them.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from .countries import COUNTRIES
from .schema import Coordinates, CountryCode, Place

Loc = tuple[str | int, ...]

ALPHA3: dict[str, str] = {a2: a3 for a2, a3, _ in COUNTRIES}
"""Alpha-3 code of each country, by alpha-2 code."""
_KNOWN3 = {a3: a3 for _, a3, _ in COUNTRIES}
COUNTRY_NAMES: dict[str, str] = {a3: name for _, a3, name in COUNTRIES}
"""Name of each country, by alpha-3 code."""


def country_alpha3(code: str) -> str | None:
    """The alpha-3 code of an ISO 3166-1 code given as alpha-2 or alpha-3 (any case); None when unknown."""
    upper = code.strip().upper()
    return ALPHA3.get(upper) if len(upper) == 2 else _KNOWN3.get(upper)


def fold_name(text: str) -> str:
    """A name as compared with others: accents dropped, case folded, spaces single."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def place_problems(
    places: Iterable[tuple[int, Place]], known: Mapping[str, Place], line_of: Callable[[Loc], int] | None = None
) -> list[tuple[Loc, str]]:
    """What is wrong with each place, located by ``("places", index, ...)``: the location its kind needs,
    coordinates in range, a known country code, no cycle of parents, and each name and alias naming one
    place. ``known`` holds the places by id (each id once); ``line_of`` gives the line of a location, to
    say where a name was first given."""
    problems: list[tuple[Loc, str]] = []
    items = list(places)
    named: dict[str, tuple[Loc, str, str]] = {}
    for i, place in items:
        problems.extend(_location_problems(i, place))
        if place.parent is not None and place.parent == place.id:
            problems.append((("places", i, "parent"), f"place {place.id!r} cannot lie in itself"))
        for where, name in (("name", place.name), *((("aliases", k), a) for k, a in enumerate(place.aliases))):
            key = fold_name(name)
            loc: Loc = ("places", i, *((where,) if isinstance(where, str) else where))
            if key in named:
                first, other_id, other_name = named[key]
                whose = "this place" if other_id == place.id else f"place {other_id!r}"
                at = f", line {line_of(first)}" if line_of else ""
                problems.append((loc, f"{name!r} already names {whose} (as {other_name!r}{at}); one name, one place"))
            else:
                named[key] = (loc, place.id, name)
    problems.extend(_cycles(items, known))
    return problems


def _location_problems(i: int, place: Place) -> list[tuple[Loc, str]]:
    loc: Loc = ("places", i, "location")
    where = place.location
    if place.kind == "country":
        if where is None:
            return [(("places", i), "a country needs a location: its ISO 3166-1 code ({code: IR} or {code: IRN})")]
        if not isinstance(where, CountryCode):
            return [(loc, "a country's location is its ISO 3166-1 code ({code: IRN}), not coordinates")]
        if country_alpha3(where.code) is None:
            return [((*loc, "code"), f"{where.code!r} is not an ISO 3166-1 alpha-2 or alpha-3 country code")]
        return []
    if isinstance(where, CountryCode):
        return [(loc, f"a {place.kind}'s location is coordinates ({{lat, lon, source}}); a code is for a country")]
    if isinstance(where, Coordinates):
        out: list[tuple[Loc, str]] = []
        for name, value, bound in (("lat", where.lat, 90), ("lon", where.lon, 180)):
            if not math.isfinite(value) or not -bound <= value <= bound:
                what = "latitude" if name == "lat" else "longitude"
                out.append(((*loc, name), f"{what} {value:g} is outside -{bound} to {bound} degrees"))
        return out
    return []


def _cycles(items: list[tuple[int, Place]], known: Mapping[str, Place]) -> list[tuple[Loc, str]]:
    """Each cycle of parents (a place that lies, through its parents, in itself), reported once at its first place."""
    reported: set[str] = set()
    out: list[tuple[Loc, str]] = []
    for i, place in items:
        chain = [place.id]
        current = place
        while current.parent is not None and current.parent in known and current.parent != current.id:
            if current.parent in chain:
                cycle = chain[chain.index(current.parent) :]
                if current.parent == place.id and not reported & set(cycle):
                    reported.update(cycle)
                    shown = " in ".join([*cycle, place.id])
                    out.append((("places", i, "parent"), f"places lie in each other: {shown}"))
                break
            chain.append(current.parent)
            current = known[current.parent]
    return out


def ancestors(place_id: str, places: Mapping[str, Place]) -> list[str]:
    """The places ``place_id`` lies in, nearest first (a cycle or an unknown parent ends the chain)."""
    out: list[str] = []
    current = places.get(place_id)
    while current is not None and current.parent is not None and current.parent not in out:
        if current.parent == place_id or current.parent not in places:
            break
        out.append(current.parent)
        current = places[current.parent]
    return out


def anchor(place_id: str, places: Mapping[str, Place]) -> str | None:
    """The place whose location draws ``place_id``: itself when it has one, else its nearest parent with one."""
    for pid in (place_id, *ancestors(place_id, places)):
        if places[pid].location is not None:
            return pid
    return None
