"""Figures: a frame in, a Plotly figure out; marks per lane, span bounds, bounded traces."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from conftest import GENERIC

from dashboard.figures import (
    AGGREGATE_THRESHOLD,
    WEBGL_THRESHOLD,
    Labels,
    labels_from_record,
    per_year_figure,
    selected_event,
    timeline_figure,
)
from dashboard.filters import Filters, apply_filters
from loaders import load_record


@pytest.fixture(scope="module")
def generic():
    record = load_record(GENERIC)
    return record, record.events_frame(), labels_from_record(record)


def marks_per_lane(fig) -> Counter:
    counts: Counter = Counter()
    for trace in fig.data:
        ys = [y for y in trace.y if y is not None]
        if trace.type == "scattergl" and trace.mode == "lines":
            ys = ys[::2]  # a span is two vertices
        counts.update(ys)
    return counts


def event_ids(fig) -> Counter:
    out: Counter = Counter()
    for trace in fig.data:
        custom = trace.customdata
        step = 3 if trace.type == "scattergl" and trace.mode == "lines" else 1
        out.update(str(row[0]) for row in custom[::step])
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


def test_day_events_are_markers_and_imprecise_dates_are_spans_with_their_bounds(generic):
    _, frame, labels = generic
    fig = timeline_figure(frame, labels, lanes="category")
    bars = [t for t in fig.data if t.type == "bar"]
    points = [t for t in fig.data if t.type == "scatter"]
    assert [row[0] for t in points for row in t.customdata] == ["first-lit"]
    spans = {}
    for t in bars:
        for base, width, row in zip(t.base, t.x, t.customdata, strict=True):
            start = pd.Timestamp(base)
            spans[row[0]] = (start, start + pd.Timedelta(milliseconds=float(width)) - pd.Timedelta(days=1))
    assert spans["storm"] == (pd.Timestamp("1953-12-01"), pd.Timestamp("1954-02-28"))
    assert spans["volunteer-watch"] == (pd.Timestamp("1988-06-01"), pd.Timestamp("1988-08-31"))
    assert spans["automation-vote"] == (pd.Timestamp("1987-01-01"), pd.Timestamp("1987-12-31"))
    assert all(t.marker.opacity < 1 for t in bars)
    assert fig.layout.xaxis.type == "date"


def test_lanes_are_ordered_by_first_event_and_empty_lanes_are_hidden(generic):
    _, frame, labels = generic
    shown = apply_filters(frame, Filters(categories=("decisions",)))
    fig = timeline_figure(shown, labels, lanes="actor")
    assert list(fig.layout.yaxis.categoryarray) == ["County Council", "Lighthouse keepers", "Save the Keeper campaign"]


def test_hover_shows_date_label_title_and_actors_as_literal_text(generic):
    _, frame, labels = generic
    evil = frame.copy()
    evil.loc[0, "title"] = "<script>alert(1)</script>"
    fig = timeline_figure(evil.iloc[[0]], labels, lanes="category")
    assert list(fig.data[0].customdata[0]) == ["first-lit"]
    assert (
        fig.data[0].hovertext[0]
        == "14 March 1891<br><b>&lt;script&gt;alert(1)&lt;/script&gt;</b><br>Lighthouse keepers"
    )


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
    assert len(fig.data) <= 2 * 8
    assert sum(marks_per_lane(fig).values()) == n


def test_very_many_marks_are_counted_per_lane_and_year():
    frame, labels = synthetic(AGGREGATE_THRESHOLD + 1)
    fig = timeline_figure(frame, labels, lanes="category")
    assert [t.type for t in fig.data] == ["heatmap"]
    z = np.nan_to_num(np.asarray(fig.data[0].z, dtype=float))
    assert z.sum() == AGGREGATE_THRESHOLD + 1
    assert list(fig.data[0].y) == list(fig.layout.yaxis.categoryarray)
    assert fig.layout.meta["aggregated"] is True


def test_many_marks_switch_to_webgl():
    frame, labels = synthetic(WEBGL_THRESHOLD + 1)
    fig = timeline_figure(frame, labels)
    assert {t.type for t in fig.data} == {"scattergl"}
    small, labels = synthetic(100)
    assert "scattergl" not in {t.type for t in timeline_figure(small, labels).data}


def test_colour_by_perspective_groups_events_citing_several(generic):
    _, frame, labels = generic
    fig = timeline_figure(frame, labels, lanes="category", color="perspective")
    names = {t.name for t in fig.data}
    assert names == {"Local press", "Several perspectives"}


def test_selected_event_reads_the_clicked_mark(generic):
    _, frame, labels = generic
    fig = timeline_figure(frame, labels, lanes="category")
    point_curve = next(i for i, t in enumerate(fig.data) if t.type == "scatter")
    assert selected_event(fig, [{"curve_number": point_curve, "point_index": 0}]) == "first-lit"
    assert selected_event(fig, [{"customdata": ["storm"]}]) == "storm"
    assert selected_event(fig, []) is None


def test_per_year_stacks_counts_by_category(generic):
    _, frame, labels = generic
    fig = per_year_figure(frame, labels, by="category")
    got = {t.name: dict(zip(map(int, t.x), map(int, t.y), strict=True)) for t in fig.data}
    assert got == {"Building and repairs": {1891: 1, 1953: 1}, "Council decisions": {1987: 1, 1988: 2}}
    assert fig.layout.barmode == "stack"


def test_figure_title_and_subtitle_are_escaped(generic):
    _, frame, labels = generic
    fig = timeline_figure(frame, labels, title="A <b>record</b>", subtitle="actors: <i>x</i>")
    assert fig.layout.title.text == "<b>A &lt;b&gt;record&lt;/b&gt;</b><br><sup>actors: &lt;i&gt;x&lt;/i&gt;</sup>"


def test_max_lanes_keeps_the_busiest_lanes_and_counts_the_rest(generic):
    _, frame, labels = generic
    fig = timeline_figure(frame, labels, lanes="actor", max_lanes=1)
    assert list(fig.layout.yaxis.categoryarray) == ["Lighthouse keepers"]
    assert fig.layout.meta["hidden_lanes"] == 2
    assert sum(marks_per_lane(fig).values()) == 3
