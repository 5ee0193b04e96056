"""The map of the filtered events: where each place is drawn, how many events each holds, and the figure.

Pure pandas and Plotly, no Streamlit. Each place of the record is drawn at its own location or,
without one, where its nearest parent with one is (its *anchor*); a country's location is the
centre Plotly gives its shape. One mark per anchor, its area proportional to the number of
events there, in rings coloured as the timeline is (each ring's area is its colour's share);
countries are shaded by the number of events anywhere within them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from loaders.ellipsis import ellipsize
from loaders.places import COUNTRY_NAMES, ancestors, country_alpha3
from loaders.schema import Coordinates, CountryCode, Place

from .figures import GREY, Labels, color_key, color_map, escape, group_names, group_order
from .geo import RESOLUTION, country_centres

HOVER_TITLES = 8
"""Events listed by title in a place's hover; the others are counted ("+12 more")."""
MAX_MARK_PX = 56
MIN_MARK_PX = 7
SHADES = [[0.0, "#e9eef4"], [1.0, "#7f9bb8"]]
HIGHLIGHT = "#111111"
MAP_HEIGHT = 560


@dataclass(frozen=True)
class MapPlaces:
    """The record's places as the map needs them, made once per record."""

    names: Mapping[str, str] = field(default_factory=dict)
    anchor: Mapping[str, str | None] = field(default_factory=dict)
    """Each place -> the place whose location draws it (None: neither it nor a parent can be drawn)."""
    point: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    """Each anchor -> its (lat, lon)."""
    country: Mapping[str, str | None] = field(default_factory=dict)
    """Each place -> the ISO alpha-3 code of the country it is or lies in (None when none is known)."""
    by_country: Mapping[str, str] = field(default_factory=dict)
    """ISO alpha-3 code -> the place id of that country, where the record has one."""


def map_places(places: Mapping[str, Place], centres: Mapping[str, tuple[float, float]] | None = None) -> MapPlaces:
    """:class:`MapPlaces` of a record's places (``centres``: each country's drawn centre, from the map's shapes)."""
    centres = country_centres() if centres is None else centres
    point: dict[str, tuple[float, float]] = {}
    codes: dict[str, str] = {}
    for pid, place in places.items():
        where = place.location
        if isinstance(where, Coordinates):
            point[pid] = (where.lat, where.lon)
        elif isinstance(where, CountryCode) and (code := country_alpha3(where.code)) is not None:
            codes[pid] = code
            if code in centres:
                point[pid] = centres[code]
    anchor: dict[str, str | None] = {}
    country: dict[str, str | None] = {}
    for pid in places:
        chain = [pid, *ancestors(pid, places)]
        anchor[pid] = next((p for p in chain if p in point), None)
        country[pid] = next((codes[p] for p in chain if p in codes), None)
    return MapPlaces(
        names={pid: p.name for pid, p in places.items()},
        anchor=anchor,
        point=point,
        country=country,
        by_country={code: pid for pid, code in codes.items()},
    )


@dataclass(frozen=True)
class MapData:
    """What the map of a frame shows: one row per mark, one per country shaded, and what cannot be drawn."""

    marks: pd.DataFrame
    """Columns: anchor, name, lat, lon, events, groups (colour group -> events, in colour order), hover."""
    countries: pd.DataFrame
    """Columns: code, name, events, place (the record's place id of that country, "" where none), hover."""
    unplaced: int
    """Events that name no place."""
    undrawn: int
    """Events that name places, none of which the map can draw."""
    undrawn_places: tuple[str, ...]
    """The names of the places the map cannot draw (no location, and no parent with one)."""
    total: int


def _exploded(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(row, place id) for every place of every event of ``frame``."""
    lists = frame["places"].tolist() if "places" in frame else [[] for _ in range(len(frame))]
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    rows = np.repeat(np.arange(len(lists)), lengths)
    ids = np.array([p for ps in lists for p in ps], dtype=object)
    return rows, ids


def map_data(
    frame: pd.DataFrame, places: MapPlaces, labels: Labels, *, color: str = "category", titles: int = HOVER_TITLES
) -> MapData:
    """Count the events of ``frame`` at each mark and in each country; hover texts list up to ``titles`` events."""
    rows, ids = _exploded(frame)
    anchors = np.array([places.anchor.get(p) for p in ids], dtype=object)
    codes = np.array([places.country.get(p) for p in ids], dtype=object)
    drawn = anchors != None  # noqa: E711 - element-wise
    named_rows = np.unique(rows)
    drawn_rows = np.unique(rows[drawn])
    undrawn_places = sorted({places.names.get(p, p) for p in ids[~drawn]}) if len(ids) else []

    pairs = pd.DataFrame({"row": rows[drawn], "anchor": anchors[drawn]}).drop_duplicates()
    grouped = _grouped(frame, pairs, color)
    order = group_order(color, labels, grouped["group"]) if len(grouped) else []
    marks = _marks(frame, pairs, grouped, places, order, titles)

    in_country = pd.DataFrame({"row": rows, "code": codes})
    in_country = in_country[in_country["code"].notna()].drop_duplicates()
    counts = in_country.groupby("code").size().sort_values(ascending=False)
    names = [places.names.get(places.by_country.get(c, ""), COUNTRY_NAMES.get(c, c)) for c in counts.index]
    countries = pd.DataFrame(
        {
            "code": counts.index.to_numpy(dtype=object),
            "name": names,
            "events": counts.to_numpy(dtype=np.int64),
            "place": [places.by_country.get(c, "") for c in counts.index],
        }
    )
    counted = zip(names, countries["events"].tolist(), strict=True)
    countries["hover"] = [f"<b>{escape(n)}</b><br>{_events(k)} at places in it" for n, k in counted]
    return MapData(
        marks=marks,
        countries=countries,
        unplaced=len(frame) - len(named_rows),
        undrawn=len(named_rows) - len(drawn_rows),
        undrawn_places=tuple(undrawn_places),
        total=len(frame),
    )


def _grouped(frame: pd.DataFrame, pairs: pd.DataFrame, color: str) -> pd.DataFrame:
    """(row, anchor, colour group) of each event at each mark: by perspective, an event citing several
    perspectives is in the group of each, so a mark's rings show every side its events cite."""
    if pairs.empty:
        return pairs.assign(group=[])
    groups = color_key(frame, color).to_numpy(dtype=object)
    rows = pairs["row"].to_numpy()
    if color != "perspective":
        return pairs.assign(group=groups[rows])
    each = frame["perspectives"].to_numpy(dtype=object)
    lists = [list(each[r]) or [groups[r]] for r in rows]
    out = pairs.loc[pairs.index.repeat([len(x) for x in lists])]
    return out.assign(group=[g for x in lists for g in x])


def _events(n: int) -> str:
    return f"{n:,} event" + ("" if n == 1 else "s")


def _marks(
    frame: pd.DataFrame, pairs: pd.DataFrame, grouped: pd.DataFrame, places: MapPlaces, order: list[str], titles: int
) -> pd.DataFrame:
    columns = ["anchor", "name", "lat", "lon", "events", "groups", "hover"]
    if pairs.empty:
        return pd.DataFrame({c: [] for c in columns})
    totals = pairs.groupby("anchor").size().sort_values(ascending=False, kind="stable")
    by_group = grouped.groupby(["anchor", "group"]).size()
    rank = {g: i for i, g in enumerate(order)}
    # the titles listed in each hover: the first events by date
    starts = frame["start"].to_numpy()
    dated = pairs.assign(start=starts[pairs["row"].to_numpy()]).sort_values(["anchor", "start", "row"], kind="stable")
    listed = dated.groupby("anchor", sort=False).head(titles)
    date_labels, event_titles = frame["date_label"].to_numpy(dtype=object), frame["title"].to_numpy(dtype=object)
    lines: dict[str, list[str]] = {}
    for anchor, row in zip(listed["anchor"].tolist(), listed["row"].tolist(), strict=True):
        lines.setdefault(anchor, []).append(f"{escape(date_labels[row])} — {escape(ellipsize(event_titles[row], 70))}")
    out = []
    for anchor, n in totals.items():
        lat, lon = places.point[anchor]
        group_counts = by_group.loc[anchor]
        groups = {g: int(group_counts[g]) for g in sorted(group_counts.index, key=lambda g: rank.get(g, len(rank)))}
        more = int(n) - len(lines.get(anchor, []))
        hover = (
            f"<b>{escape(places.names.get(anchor, anchor))}</b>: {_events(int(n))}<br>"
            + "<br>".join(lines.get(anchor, []))
            + (f"<br>+{more:,} more" if more > 0 else "")
            + "<br><i>Click to show only this place</i>"
        )
        out.append((anchor, places.names.get(anchor, anchor), lat, lon, int(n), groups, hover))
    return pd.DataFrame(out, columns=columns)


def selected_anchors(places: MapPlaces, place_ids: Iterable[str]) -> list[str]:
    """The marks an event's places are drawn at (each once, in order)."""
    return list(dict.fromkeys(a for p in place_ids if (a := places.anchor.get(p)) is not None))


def map_figure(
    data: MapData,
    labels: Labels,
    *,
    color: str = "category",
    selected: Sequence[str] = (),
    height: int = MAP_HEIGHT,
    legend: bool = True,
) -> go.Figure:
    """The map: countries shaded by their events, one ringed mark per place, the open event's marks outlined.

    Every mark and shaded country carries the place id it filters to in ``customdata`` ("" for a
    country the record has no place for).
    """
    fig = go.Figure()
    if len(data.countries):
        fig.add_trace(_countries_trace(data.countries))
    marks = data.marks
    if len(marks):
        sizeref = 2.0 * int(marks["events"].max()) / MAX_MARK_PX**2
        fig.add_traces(_ring_traces(marks, labels, color, sizeref))
        chosen = marks[marks["anchor"].isin(list(selected))]
        if len(chosen):
            fig.add_trace(_outline_trace(chosen, sizeref))
    fig.update_geos(
        resolution=RESOLUTION,
        projection_type="natural earth",
        showcountries=True,
        countrycolor="#a8a8a8",
        countrywidth=0.5,
        showland=True,
        landcolor="#f6f6f3",
        showocean=True,
        oceancolor="#eef4f8",
        showlakes=False,
        showframe=False,
        fitbounds="locations" if len(data.countries) and not len(marks) else False,
    )
    if len(marks):  # framed on the marks, not on the whole of every country shaded (Alaska for one event in Washington)
        fig.update_geos(**_frame_on(marks["lat"].to_numpy(dtype=float), marks["lon"].to_numpy(dtype=float)))
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 10, "b": 10},
        showlegend=legend and len(marks) > 0,
        legend={
            "orientation": "h",
            "x": 0,
            "y": -0.02,
            "yanchor": "top",
            "itemsizing": "constant",
            "title": {"text": f"{color.capitalize()}:"},
        },
        uirevision="map",
        clickmode="event+select",
        dragmode="pan",
        meta={"marks": len(marks), "countries": len(data.countries)},
    )
    return fig


def _countries_trace(countries: pd.DataFrame) -> go.Choropleth:
    """Each country shaded by the events at places in it."""
    return go.Choropleth(
        locations=countries["code"].tolist(),
        z=countries["events"].tolist(),
        locationmode="ISO-3",
        colorscale=SHADES,
        zmin=0,
        showscale=False,
        marker={"line": {"color": "#ffffff", "width": 0.6}},
        customdata=countries["place"].tolist(),
        hovertext=countries["hover"].tolist(),
        hoverinfo="text",
        name="Countries",
        showlegend=False,
    )


def _ring_traces(marks: pd.DataFrame, labels: Labels, color: str, sizeref: float) -> list[go.Scattergeo]:
    """One trace per colour: for each mark a circle whose area is the mark's events times the share of that colour
    and of those after it, so the circles drawn over each other are rings (by perspective an event citing
    several counts in each, so shares, not counts)."""
    colors, names = color_map(color, labels), group_names(color, labels)
    order = group_order(color, labels, {g for gs in marks["groups"] for g in gs})
    rest: dict[str, list[float]] = {g: [] for g in order}
    for groups, n in zip(marks["groups"], marks["events"], strict=True):
        remaining, whole = float(n), sum(groups.values())
        for g in order:
            rest[g].append(remaining if groups.get(g) else 0.0)
            remaining -= n * groups.get(g, 0) / whole
    traces = []
    for g in order:
        keep = np.array(rest[g]) > 0
        marker = {
            "size": np.array(rest[g])[keep].tolist(),
            "sizemode": "area",
            "sizeref": sizeref,
            "sizemin": MIN_MARK_PX,
            "color": colors.get(g, GREY),
            "line": {"color": "#ffffff", "width": 0.8},
            "opacity": 0.95,
        }
        traces.append(
            go.Scattergeo(
                lat=marks["lat"][keep].tolist(),
                lon=marks["lon"][keep].tolist(),
                mode="markers",
                marker=marker,
                customdata=marks["anchor"][keep].tolist(),
                hovertext=marks["hover"][keep].tolist(),
                hoverinfo="text",
                name=escape(names.get(g, g)),
                legendgroup=g,
            )
        )
    return traces


def _outline_trace(chosen: pd.DataFrame, sizeref: float) -> go.Scattergeo:
    """A ring around the marks of the open event's places."""
    outer = np.sqrt(chosen["events"].to_numpy() / sizeref)
    return go.Scattergeo(
        lat=chosen["lat"].tolist(),
        lon=chosen["lon"].tolist(),
        mode="markers",
        marker={
            "size": (np.maximum(outer, MIN_MARK_PX) + 8).tolist(),
            "symbol": "circle-open",
            "color": HIGHLIGHT,
            "line": {"width": 3, "color": HIGHLIGHT},
        },
        customdata=chosen["anchor"].tolist(),
        hovertext=chosen["hover"].tolist(),
        hoverinfo="text",
        name="The open event's places",
    )


FRAME_PAD_DEG = 8.0
"""Degrees of room around the outermost marks."""
MIN_SPAN_DEG = 30.0
"""The narrowest span of longitude or latitude framed, so one place is shown with its surroundings."""
FRAME_ASPECT = 2.0
"""Width to height of the framed part of the world: latitude is widened to it, so the map fills its box."""
DEG_ASPECT = 0.975
"""Width to height of one degree of longitude against one of latitude in the natural earth projection (its world
is about 1.95 times as wide as it is tall)."""


def _frame_on(lat: np.ndarray, lon: np.ndarray) -> dict[str, Any]:
    """Axis ranges that hold every mark with some room, at least :data:`MIN_SPAN_DEG` wide, inside the globe;
    latitude widened towards :data:`FRAME_ASPECT` so that a wide spread of places is not drawn as a thin strip."""

    def span(values: np.ndarray, least: float, lo: float, hi: float) -> list[float]:
        a, b = float(values.min()) - FRAME_PAD_DEG, float(values.max()) + FRAME_PAD_DEG
        if b - a < least:
            mid = (a + b) / 2
            a, b = mid - least / 2, mid + least / 2
        if a < lo:
            a, b = lo, min(hi, b + lo - a)
        if b > hi:
            a, b = max(lo, a - (b - hi)), hi
        return [a, b]

    lons = span(lon, MIN_SPAN_DEG, -180.0, 180.0)
    wanted = (lons[1] - lons[0]) * DEG_ASPECT / FRAME_ASPECT
    return {"lataxis_range": span(lat, max(MIN_SPAN_DEG, wanted), -90.0, 90.0), "lonaxis_range": lons}


def map_note(data: MapData, color: str = "category") -> str:
    """A line under the map: what it counts, and the events it cannot show."""
    several = " (an event citing several perspectives in each of theirs)" if color == "perspective" else ""
    parts = [
        f"{_events(data.total - data.unplaced - data.undrawn)} of {data.total:,} drawn at their places: one mark per "
        f"place, its area by its number of events, in rings coloured as the timeline is{several}; countries shaded "
        "by the events at places in them."
    ]
    if data.unplaced:
        parts.append(f"{_events(data.unplaced)} name no place.")
    if data.undrawn:
        shown = ", ".join(data.undrawn_places[:5]) + (" …" if len(data.undrawn_places) > 5 else "")
        parts.append(f"{_events(data.undrawn)} name only places the map cannot draw ({shown}).")
    return " ".join(parts)


def place_of(point: Mapping[str, Any]) -> str | None:
    """The place id a clicked mark or country carries (None for none)."""
    value = point.get("customdata")
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    return str(value) if isinstance(value, str) and value else None
