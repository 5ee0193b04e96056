"""Figures: a frame in, a Plotly figure out; marks per lane, span bounds, bounded traces."""

from __future__ import annotations

import copy
from collections import Counter
from datetime import date

import numpy as np
import pandas as pd
import pytest
from conftest import GENERIC

from dashboard import timeline as timeline_module
from dashboard.counted import CLUSTER, period_name
from dashboard.figures import SEVERAL, SEVERAL_LABEL, Labels, escape, labels_from_record, per_year_figure
from dashboard.filters import Filters, apply_filters
from dashboard.frame import events_frame
from dashboard.hover import Texts, escape_all, hover_text, text_array
from dashboard.lanes import salience
from dashboard.loading import prepare
from dashboard.marks import SELECTED_LINE
from dashboard.timeline import (
    AGGREGATE_THRESHOLD,
    APP_WIDTH,
    SPLIT_LEGEND,
    WEBGL_THRESHOLD,
    legend_items,
    timeline_figure,
    timeline_meta,
    timeline_note,
)
from dashboard.zoom import PHONE_WIDTH, app_width, selected_event
from loaders import load_record


@pytest.fixture(scope="module")
def generic():
    record = load_record(GENERIC)
    return record, events_frame(record), labels_from_record(record)


NOT_MARKS = ("titles", "continues", "counted")


def mark_traces(fig) -> list:
    """The traces that draw events (not the labels beside them, nor the arrows at the edges)."""
    return [t for t in fig.data if t.name not in NOT_MARKS and t.type in ("bar", "scattergl")]


def lane_headers(fig) -> list[tuple[float, str]]:
    """``(row, lane name)`` of each lane, top to bottom: the names written on the lanes' first rows."""
    heads = [(a.y, a.text.removeprefix("<b>").split("</b>")[0]) for a in fig.layout.annotations if a.yref == "y"]
    return sorted(heads)


def lane_names(fig) -> list[str]:
    return [name for _, name in lane_headers(fig)]


def marks_per_lane(fig) -> Counter:
    headers = lane_headers(fig)
    counts: Counter = Counter()
    for trace in mark_traces(fig):
        ys = [y for y in trace.y if y is not None and y == y]
        if trace.type == "scattergl":
            ys = ys[::2]  # a span is two vertices
        for y in ys:
            assert all(y != top for top, _ in headers), "a mark sits on a lane's name row"
            counts[next(name for top, name in reversed(headers) if top < y)] += 1
    return counts


def event_ids(fig) -> Counter:
    out: Counter = Counter()
    for trace in mark_traces(fig):
        custom = trace.customdata
        step = 3 if trace.type == "scattergl" else 1
        out.update(str(row[0]) for row in custom[::step])
    return out


def bar_bounds(fig) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """Event id -> first and last day its mark covers (inclusive)."""
    out = {}
    for t in mark_traces(fig):
        for base, width, row in zip(t.base, t.x, t.customdata, strict=True):
            start = pd.Timestamp(base)
            out[row[0]] = (start, start + pd.Timedelta(milliseconds=float(width)) - pd.Timedelta(days=1))
    return out


def test_timeline_draws_each_filtered_event_once_per_actor_lane(generic):
    _, frame, labels = generic
    shown = apply_filters(frame, Filters(actors=("keepers", "council")))
    fig = timeline_figure(shown, labels, lanes="actor")
    assert marks_per_lane(fig) == {"Lighthouse keepers": 3, "County Council": 2}
    assert event_ids(fig) == {"first-lit": 1, "storm": 1, "automation-vote": 1, "last-keeper-leaves": 2}


def test_timeline_by_category_has_one_mark_per_event(generic):
    _, frame, labels = generic
    fig = timeline_figure(frame, labels, lanes="category")
    assert marks_per_lane(fig) == {"Building and repairs": 2, "Council decisions": 3}


def test_day_events_are_solid_and_imprecise_dates_are_light_spans_with_their_bounds(generic):
    _, frame, labels = generic
    fig = timeline_figure(frame, labels, lanes="category", period=(date(1953, 6, 1), date(1988, 12, 31)))
    solid = [row[0] for t in mark_traces(fig) if t.marker.opacity == 1 for row in t.customdata]
    assert solid == ["first-lit"]
    bounds = bar_bounds(fig)
    assert bounds["automation-vote"] == (pd.Timestamp("1987-01-01"), pd.Timestamp("1987-12-31"))
    assert all(t.marker.opacity < 1 for t in mark_traces(fig) if t.customdata[0][0] != "first-lit")
    assert fig.layout.xaxis.type == "date"
    zoomed = timeline_figure(frame, labels, lanes="category", period=(date(1953, 11, 1), date(1954, 3, 31)))
    assert bar_bounds(zoomed)["storm"] == (pd.Timestamp("1953-12-01"), pd.Timestamp("1954-02-28"))


def test_the_axis_shows_the_period_with_a_small_margin(generic):
    _, frame, labels = generic
    fig = timeline_figure(frame, labels, lanes="category", period=(date(1980, 1, 1), date(1990, 12, 31)))
    lo, hi = (pd.Timestamp(x, unit="ms") for x in fig.layout.xaxis.range)
    assert pd.Timestamp("1979-11-01") < lo < pd.Timestamp("1980-01-01")
    assert pd.Timestamp("1991-01-01") < hi < pd.Timestamp("1991-03-01")
    assert fig.layout.xaxis.autorange is False


def test_marks_running_past_the_period_are_cut_at_its_edges_with_arrows(generic):
    _, frame, labels = generic
    period = (date(1954, 1, 1), date(1988, 7, 1))
    shown = apply_filters(frame, Filters(start=period[0], end=period[1]))
    fig = timeline_figure(shown, labels, lanes="category", period=period)
    assert bar_bounds(fig)["storm"][0] == pd.Timestamp("1954-01-01")
    assert bar_bounds(fig)["volunteer-watch"][1] == pd.Timestamp("1988-07-01")
    arrows = {t.marker.symbol: len(t.x) for t in fig.data if t.name == "continues"}
    assert arrows == {"triangle-left": 1, "triangle-right": 1}


def test_the_chosen_event_is_outlined_in_every_lane_it_appears_in(generic):
    _, frame, labels = generic
    fig = timeline_figure(frame, labels, lanes="actor", selected="last-keeper-leaves")
    assert len([s for s in fig.layout.shapes if s.line.color == SELECTED_LINE]) == 2
    plain = timeline_figure(frame, labels, lanes="actor")
    assert not [s for s in plain.layout.shapes if s.line.color == SELECTED_LINE]


def test_sparse_views_title_every_mark_and_dense_ones_say_which_they_title(generic):
    _, frame, labels = generic
    fig = timeline_figure(frame, labels, lanes="category")
    texts = [x for t in fig.data if t.type == "bar" for x in t.text if x]
    assert len(texts) == len(frame)
    assert fig.layout.meta["labelled"] is True
    many, many_labels = synthetic(600)
    dense = timeline_figure(many, many_labels, lanes="category")
    meta = timeline_meta(dense)
    assert 0 < meta.titled < meta.marks
    assert f"{meta.titled:,} of {meta.marks - meta.counted:,} marks carry their titles" in timeline_note(meta)


def test_lanes_are_ordered_by_first_event_and_empty_lanes_are_hidden(generic):
    _, frame, labels = generic
    shown = apply_filters(frame, Filters(categories=("decisions",)))
    fig = timeline_figure(shown, labels, lanes="actor")
    assert lane_names(fig) == ["County Council", "Lighthouse keepers", "Save the Keeper campaign"]


def test_the_chosen_actors_lanes_come_first_in_the_order_chosen(generic):
    _, frame, labels = generic
    shown = apply_filters(frame, Filters(actors=("campaign", "keepers")))
    fig = timeline_figure(shown, labels, lanes="actor", chosen_lanes=("campaign", "keepers"))
    assert lane_names(fig) == ["Save the Keeper campaign", "Lighthouse keepers", "County Council"]
    kept = timeline_figure(shown, labels, lanes="actor", max_lanes=1, chosen_lanes=("campaign", "keepers"))
    assert lane_names(kept) == ["Save the Keeper campaign", "Lighthouse keepers"]  # chosen lanes are never left out


def test_hover_shows_date_label_title_and_actors_as_literal_text(generic):
    _, frame, labels = generic
    evil = frame.copy()
    evil.loc[0, "title"] = "<script>alert(1)</script>"
    fig = timeline_figure(evil.iloc[[0]], labels, lanes="category")
    assert list(fig.data[0].customdata[0]) == ["first-lit"]
    assert fig.data[0].text[0] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert (
        fig.data[0].hovertext[0]
        == "14 March 1891<br><b>&lt;script&gt;alert(1)&lt;/script&gt;</b><br>Lighthouse keepers"
    )


@pytest.mark.parametrize("dtype", [object, "str"])
def test_hover_text_escapes_date_title_and_actors_each_as_escape_does(dtype):
    dates = ["1 May 1990", "<1990 & after>", "c. 1988"]
    titles = ["A & B", "<b>not bold</b>", "\u2018quoted\u2019 \"x\" 'y' &amp;"]
    actors = [["Q&A", "<i>"], [], ["One"]]
    frame = pd.DataFrame(
        {"date_label": pd.Series(dates, dtype=dtype), "title": pd.Series(titles, dtype=dtype), "actor_names": actors}
    )
    expected = [
        f"{escape(d)}<br><b>{escape(t)}</b><br>{escape(', '.join(a))}"
        for d, t, a in zip(dates, titles, actors, strict=True)
    ]
    assert hover_text(frame).tolist() == expected


def test_escape_all_reads_missing_and_other_values_as_escape_does():
    texts = pd.Series(["a<b", None, float("nan"), 5], dtype=object)
    assert escape_all(texts).tolist() == [escape(t) for t in texts]
    assert escape_all(texts.iloc[[0, 3]]).tolist() == ["a&lt;b", "5"]


def synthetic(n: int) -> tuple[pd.DataFrame, Labels]:
    rng = np.random.default_rng(1)
    cats = [f"c{i}" for i in range(8)]
    start = pd.to_datetime("1970-01-01") + pd.to_timedelta(rng.integers(0, 18000, n), unit="D")
    precision = rng.choice(["day", "year", "month"], n)
    end = start + pd.to_timedelta(np.where(precision == "day", 0, 60), unit="D")
    frame = pd.DataFrame(
        {
            "id": [f"e{i}" for i in range(n)],
            "title": [f"Event {i}" for i in range(n)],
            "date_label": "label",
            "start": start,
            "end": end,
            "precision": precision,
            "category": rng.choice(cats, n),
            "actors": [[f"a{i % 30}"] for i in range(n)],
            "actor_names": [[f"Actor {i % 30}"] for i in range(n)],
            "perspectives": [["p1"] if i % 3 else ["p1", "p2"] for i in range(n)],
        }
    )
    labels = Labels(
        actors={f"a{i}": f"Actor {i}" for i in range(30)},
        categories={c: c.upper() for c in cats},
        perspectives={"p1": "One", "p2": "Two"},
    )
    return frame, labels


@pytest.mark.parametrize("n", [50, 2000, 20000])
def test_trace_count_is_bounded_by_colour_groups_not_events(n):
    frame, labels = synthetic(n)
    fig = timeline_figure(frame, labels, lanes="actor", color="category")
    assert len(fig.data) <= 2 * 8 + 5  # two kinds of mark per colour, two of labels, two of arrows, the counts
    if n <= AGGREGATE_THRESHOLD:
        assert sum(marks_per_lane(fig).values()) + timeline_meta(fig).counted == n


@pytest.mark.parametrize("n", [120, WEBGL_THRESHOLD + 1])
def test_marks_in_bands_are_one_target_each_whether_drawn_as_bars_or_with_webgl(n):
    frame, labels = synthetic(n)  # every third event cites both perspectives
    fig = timeline_figure(frame, labels, lanes="category", color="perspective", label_marks="none")
    targets = [t for t in mark_traces(fig) if t.customdata is not None]
    step = 3 if targets[0].type == "scattergl" else 1  # a WebGL segment is two points and a gap
    ids = [row[0] for t in targets for row in t.customdata[::step]]
    assert sorted(ids) == sorted(frame["id"])
    several = {row[0] for t in targets if t.name == "several" for row in t.customdata}
    assert several == set(frame["id"][frame["perspectives"].map(len) > 1])
    bands = [t for t in mark_traces(fig) if t.customdata is None]
    assert {t.name for t in bands} == {"One", "Two"} and all(t.hoverinfo == "skip" for t in bands)
    assert len(fig.data) <= 4 * 2 + 2 + 3  # marks and bands of two colours, two kinds each; targets; arrows


@pytest.mark.parametrize("n", [120, WEBGL_THRESHOLD + 1])
def test_each_point_carries_its_own_events_id_hover_text_colour_and_kind(n):
    frame, labels = synthetic(n)
    frame = frame.assign(title=[f"Event {i} <{i % 7}>" for i in range(n)])
    fig = timeline_figure(frame, labels, lanes="category", label_marks="all")
    events = frame.set_index("id")
    points = 0
    for trace in fig.data:
        if trace.customdata is None:
            assert trace.name == "continues"
            continue
        if trace.name == "counted":
            assert all(custom[0] == CLUSTER for custom in trace.customdata)
            continue
        for custom, hover, y in zip(trace.customdata, trace.hovertext, trace.y, strict=True):
            event = events.loc[custom[0]]
            if np.isnan(y):  # the gap between two WebGL segments is never hovered
                assert hover == ""
                continue
            assert f"<b>{escape(event['title'])}</b>" in hover
            if trace.name not in NOT_MARKS:
                assert event["category"] == trace.legendgroup
                assert (event["precision"] == "day") == (trace.opacity == 1 or trace.marker.opacity == 1)
                points += 1
    meta = timeline_meta(fig)
    drawn = meta.marks - meta.counted
    assert points == (2 * drawn if any(t.type == "scattergl" for t in fig.data) else drawn)


def test_a_deep_copy_of_a_text_array_is_a_new_array_of_the_same_strings():
    texts = text_array([["a-1"], ["b-2"]])
    copied = copy.deepcopy({"customdata": texts})["customdata"]
    assert isinstance(copied, Texts) and copied is not texts
    assert copied.tolist() == [["a-1"], ["b-2"]]
    assert copied[1, 0] is texts[1, 0]
    copied[0, 0] = "changed"
    assert texts[0, 0] == "a-1"
    # elements are not copied one by one: an element that is not a string shows it
    values = np.empty(2, dtype=object)
    values[:] = [["not", "a", "string"], "b"]
    assert copy.deepcopy(text_array(values))[0] is values[0]


@pytest.mark.parametrize("n", [120, WEBGL_THRESHOLD + 1])
def test_ids_and_hover_texts_stay_text_arrays_through_plotlys_copies(n):
    frame, labels = synthetic(n)
    fig = timeline_figure(frame, labels, lanes="category", label_marks="all")
    data = fig.to_dict()["data"]
    drawn = [t for t in data if "customdata" in t]
    assert drawn
    for trace in drawn:
        assert isinstance(trace["customdata"], Texts) and isinstance(trace["hovertext"], Texts)


def test_the_loaded_frames_hover_texts_draw_the_same_timeline(generic):
    record, frame, labels = generic
    loaded = prepare(record)
    kept = timeline_figure(loaded.frame, labels, lanes="actor")
    made = timeline_figure(frame, labels, lanes="actor")
    assert kept.to_json() == made.to_json()


def test_very_many_marks_are_counted_per_lane_and_year():
    frame, labels = synthetic(AGGREGATE_THRESHOLD + 1)
    fig = timeline_figure(frame, labels, lanes="category")
    assert [t.type for t in fig.data] == ["heatmap"]
    z = np.nan_to_num(np.asarray(fig.data[0].z, dtype=float))
    assert z.sum() == AGGREGATE_THRESHOLD + 1
    assert list(fig.data[0].y) == list(fig.layout.yaxis.tickvals)
    assert sorted(fig.layout.yaxis.ticktext) == [c.upper() for c in sorted(labels.categories)]
    assert fig.layout.meta["aggregated"] is True
    (note,) = [a.text for a in fig.layout.annotations if a.yref == "paper"]
    assert note.startswith(f"{AGGREGATE_THRESHOLD + 1:,} marks are too many to draw")


def test_many_marks_switch_to_webgl():
    frame, labels = synthetic(WEBGL_THRESHOLD + 1)
    fig = timeline_figure(frame, labels)
    assert {t.type for t in fig.data if t.name not in NOT_MARKS} == {"scattergl"}
    small, labels = synthetic(100)
    assert "scattergl" not in {t.type for t in timeline_figure(small, labels).data}


def test_webgl_segments_cover_the_same_dates_as_the_bars_they_replace(monkeypatch):
    frame, labels = synthetic(WEBGL_THRESHOLD + 1)
    webgl = timeline_figure(frame, labels, lanes="category", label_marks="none")
    monkeypatch.setattr(timeline_module, "WEBGL_THRESHOLD", len(frame))
    bars = timeline_figure(frame, labels, lanes="category", label_marks="none")
    assert webgl.layout.xaxis.type == "date"  # numbers on a date axis are epoch milliseconds
    segments = {}
    for t in mark_traces(webgl):
        x = pd.to_datetime(np.asarray(t.x)[np.isfinite(t.x)], unit="ms")
        segments.update(zip(t.customdata[::3, 0], zip(x[0::2], x[1::2], strict=True), strict=True))
    drawn = {}
    for t in mark_traces(bars):
        for base, width, row in zip(t.base, t.x, t.customdata, strict=True):
            drawn[row[0]] = (pd.Timestamp(base), pd.Timestamp(base) + pd.Timedelta(milliseconds=float(width)))
    assert len(segments) == len(frame) and segments == drawn


def test_colour_by_perspective_shows_each_perspective_of_an_event_on_its_one_mark(generic):
    _, frame, labels = generic
    several = {e for e, ps in zip(frame["id"], frame["perspectives"], strict=True) if len(set(ps)) > 1}
    assert several and len(several) < len(frame)
    fig = timeline_figure(frame, labels, lanes="category", color="perspective")
    traces = mark_traces(fig)
    assert {t.name for t in traces} == {"Local press", "County council", "several"}
    assert {t.name for t in traces if t.showlegend} == {"Local press", "County council"}
    targets = [t for t in traces if t.customdata is not None]
    ids = [row[0] for t in targets for row in t.customdata]
    assert sorted(ids) == sorted(frame["id"])  # every event is one mark, one hover and click target
    assert {row[0] for t in targets if t.name == "several" for row in t.customdata} == several
    assert all(t.marker.color == "rgba(0,0,0,0)" and t.width == 0.8 for t in targets if t.name == "several")
    bands = [t for t in traces if t.customdata is None]
    assert all(t.hoverinfo == "skip" for t in bands)
    # each mark citing both perspectives: the press's band above the council's, together the mark's height
    for t in targets:
        if t.name != "several":
            continue
        for base, row in zip(t.base, t.y, strict=True):
            shown = sorted(
                (b.y[i] - b.width[i] / 2, b.y[i] + b.width[i] / 2, b.name)
                for b in bands
                for i in range(len(b.y))
                if b.base[i] == base and abs(b.y[i] - row) < 0.4
            )
            assert [name for *_, name in shown] == ["Local press", "County council"]
            assert shown[0][0] == pytest.approx(row - 0.4) and shown[-1][1] == pytest.approx(row + 0.4)
            assert shown[0][1] == pytest.approx(shown[1][0])


def test_the_legend_names_each_perspective_and_the_bands(generic):
    _, frame, labels = generic
    items = legend_items(frame, labels, "perspective")
    assert [name for name, _ in items] == ["Local press", "County council", SPLIT_LEGEND]
    assert items[-1][1].startswith("linear-gradient(")
    assert [name for name, _ in legend_items(frame, labels, "category")] == [
        "Building and repairs",
        "Council decisions",
    ]


def test_selected_event_reads_the_clicked_mark(generic):
    _, frame, labels = generic
    fig = timeline_figure(frame, labels, lanes="category")
    curve = next(i for i, t in enumerate(fig.data) if t.customdata is not None and t.customdata[0][0] == "first-lit")
    assert selected_event(fig, [{"curve_number": curve, "point_index": 0}]) == "first-lit"
    assert selected_event(fig, [{"customdata": ["storm"]}]) == "storm"
    assert selected_event(fig, []) is None


def test_per_year_stacks_counts_by_category(generic):
    _, frame, labels = generic
    fig = per_year_figure(frame, labels, by="category")
    got = {t.name: dict(zip(map(int, t.x), map(int, t.y), strict=True)) for t in fig.data}
    assert got == {"Building and repairs": {1891: 1, 1953: 1}, "Council decisions": {1987: 1, 1988: 2}}
    assert fig.layout.barmode == "stack"


@pytest.mark.parametrize("by", ["category", "perspective"])
def test_per_year_bars_count_each_event_once_in_its_first_year_and_colour_group(generic, by):
    _, frame, labels = generic
    expected = Counter()
    for start, category, perspectives in zip(frame["start"], frame["category"], frame["perspectives"], strict=True):
        group = category if by == "category" else (perspectives[0] if len(perspectives) == 1 else SEVERAL)
        expected[(start.year, group)] += 1
    ids = {escape(name): key for key, name in {**labels.for_kind(by), SEVERAL: SEVERAL_LABEL}.items()}
    fig = per_year_figure(frame, labels, by=by)
    got = Counter()
    for trace in fig.data:
        assert trace.hovertemplate == f"%{{x}}: %{{y}} events<extra>{trace.name}</extra>"
        for year, count in zip(trace.x, trace.y, strict=True):
            got[(int(year), ids[trace.name])] += int(count)
    assert got == expected
    assert sum(got.values()) == len(frame)
    assert fig.layout.barmode == "stack"
    assert fig.layout.legend.title.text == by.capitalize()


def test_per_year_of_no_events_has_no_bars_but_keeps_its_axes(generic):
    _, frame, labels = generic
    fig = per_year_figure(frame.iloc[:0], labels, by="perspective")
    assert len(fig.data) == 0
    assert fig.layout.xaxis.title.text == "Year (events counted in the year they start)"
    assert fig.layout.yaxis.title.text == "Events"
    assert fig.layout.legend.title.text == "Perspective"


def test_figure_title_and_subtitle_are_escaped(generic):
    _, frame, labels = generic
    fig = timeline_figure(frame, labels, title="A <b>record</b>", subtitle="actors: <i>x</i>")
    assert fig.layout.title.text == "<b>A &lt;b&gt;record&lt;/b&gt;</b><br><sup>actors: &lt;i&gt;x&lt;/i&gt;</sup>"


def test_max_lanes_keeps_the_busiest_lanes_and_counts_the_rest(generic):
    _, frame, labels = generic
    fig = timeline_figure(frame, labels, lanes="actor", max_lanes=1)
    assert lane_names(fig) == ["Lighthouse keepers"]
    assert fig.layout.meta["hidden_lanes"] == 2
    assert sum(marks_per_lane(fig).values()) == 3


def test_phones_get_a_layout_for_their_width():
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"
    android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"
    desktop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
    assert app_width(iphone) == app_width(android) == PHONE_WIDTH
    assert app_width(desktop) == app_width(None) == APP_WIDTH > PHONE_WIDTH


def test_a_narrower_layout_stacks_more_rows(generic):
    _, frame, labels = generic
    wide = timeline_figure(frame, labels, lanes="category", width=APP_WIDTH)
    narrow = timeline_figure(frame, labels, lanes="category", width=PHONE_WIDTH)
    assert narrow.layout.meta["rows"] > wide.layout.meta["rows"]


@pytest.mark.parametrize(
    ("first", "last", "name"),
    [
        (date(2018, 1, 1), date(2018, 12, 31), "2018"),
        (date(2018, 3, 1), date(2018, 3, 31), "Mar 2018"),
        (date(2010, 1, 1), date(2019, 12, 31), "2010s"),
        (date(2015, 1, 1), date(2019, 12, 31), "2015–19"),
        (date(1995, 1, 1), date(2004, 12, 31), "1995–2004"),
        (date(2018, 3, 4), date(2018, 3, 4), "4 Mar 2018"),
    ],
)
def test_a_count_names_its_calendar_period_briefly(first, last, name):
    assert period_name(first, last) == name


def test_counts_of_a_lane_too_busy_to_draw_say_their_period_and_open_it():
    frame, labels = synthetic(20000)
    fig = timeline_figure(frame, labels, lanes="category", max_marks=500, width=1600)
    counted = [t for t in fig.data if t.name == "counted"]
    assert counted and timeline_meta(fig).counted > 0
    trace = counted[0]
    assert sum(1 for t in trace.text if " · " in t) > 0
    for custom, hover in zip(trace.customdata, trace.hovertext, strict=True):
        assert custom[0] == CLUSTER and custom[1] in labels.categories
        assert "more event" in hover and "Click to show this lane and period" in hover


def test_salience_puts_the_curators_weight_first_then_contested_events_then_the_most_cited():
    frame = pd.DataFrame(
        {
            "weight": [0, 0, 0, 1],
            "contested": [False, True, False, False],
            "n_citations": [1, 1, 9, 1],
        }
    )
    assert salience(frame).sort_values(ascending=False).index.tolist() == [3, 1, 2, 0]
    assert salience(frame.drop(columns="weight")).sort_values(ascending=False).index.tolist()[:2] == [1, 2]
