"""The timeline layout engine: no two boxes of a lane overlap, every mark is wide enough, same input same layout."""

from __future__ import annotations

import itertools
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.layout import layout
from dashboard.packing import GAP_PX, MIN_MARK_PX, Scale, pack
from dashboard.textfit import shorten, text_width, wrap_text
from dashboard.titles import LABEL_FONT
from loaders.ellipsis import ELLIPSIS

SCALE = Scale(date(1950, 1, 1), date(2019, 12, 31), 1200.0)


def rows_of(spans: list[tuple[str, str, str]], lane: str = "L") -> pd.DataFrame:
    """Rows for ``layout`` from ``(start, end, title)`` triples in one lane."""
    return pd.DataFrame(
        {
            "id": [f"e{i}" for i in range(len(spans))],
            "lane": lane,
            "start": pd.to_datetime([s for s, _, _ in spans]),
            "end": pd.to_datetime([e for _, e, _ in spans]),
            "title": [t for _, _, t in spans],
        }
    )


def boxes(placed) -> list[tuple[int, float, float]]:
    """``(y, left, right)`` in pixels of each mark together with its label."""
    m = placed.marks
    ppd = placed.scale.px_per_day
    left = np.minimum(m["x0"], np.where(m["label"] != "", m["label_x0"], m["x0"])) * ppd
    right = np.maximum(m["x1"], np.where(m["label"] != "", m["label_x1"], m["x1"])) * ppd
    return list(zip(m["y"].tolist(), left.tolist(), right.tolist(), strict=True))


def assert_no_overlap(placed) -> None:
    by_row: dict[int, list[tuple[float, float]]] = {}
    for y, lo, hi in boxes(placed):
        by_row.setdefault(y, []).append((lo, hi))
    for y, items in by_row.items():
        items.sort()
        for (a0, a1), (b0, b1) in itertools.pairwise(items):
            assert a1 + GAP_PX - 1e-6 <= b0, f"row {y}: [{a0:.1f}, {a1:.1f}] overlaps [{b0:.1f}, {b1:.1f}]"


def random_rows(n: int, seed: int, lanes: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("1950-01-01") + pd.to_timedelta(rng.integers(0, 25000, n), unit="D")
    length = rng.choice([0, 0, 2, 30, 365, 3650, 18000], n)
    titles = [("Event " + "word " * int(k)).strip() for k in rng.integers(0, 12, n)]
    return pd.DataFrame(
        {
            "id": [f"e{i}" for i in range(n)],
            "lane": [f"lane{i % lanes}" for i in range(n)],
            "start": start,
            "end": start + pd.to_timedelta(length, unit="D"),
            "title": titles,
        }
    )


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("labels", [True, False])
def test_random_events_never_overlap_within_a_row(seed, labels):
    rows = random_rows(300, seed)
    placed = layout(rows, ["lane0", "lane1", "lane2"], SCALE, labels=labels)
    assert_no_overlap(placed)
    assert placed.rows == sum(n for _, _, n in placed.lanes)


ADVERSARIAL = [
    # nested spans: a half century, a decade inside it, a year inside that, a day inside all three
    ("1960-01-01", "2009-12-31", "Fifty years"),
    ("1970-01-01", "1979-12-31", "A decade"),
    ("1975-01-01", "1975-12-31", "A year"),
    ("1975-06-01", "1975-06-01", "A day"),
    # identical dates, one-day events on the same day, a 3-day span among them
    *[("1988-07-24", "1988-07-24", f"Same day {i}") for i in range(6)],
    ("1988-07-24", "1988-07-26", "Three days"),
    # at the very edges of the view, and running past them
    ("1940-01-01", "1950-01-01", "Runs in from before"),
    ("2019-12-31", "2030-01-01", "Runs on after"),
    ("2019-12-31", "2019-12-31", "Last day"),
]


@pytest.mark.parametrize("labels", [True, False])
def test_adversarial_events_never_overlap_and_stay_in_view(labels):
    placed = layout(rows_of(ADVERSARIAL), ["L"], SCALE, labels=labels)
    assert_no_overlap(placed)
    m = placed.marks
    span = SCALE.days
    assert (m["x0"] >= 0).all() and (m["x1"] <= span).all()
    if labels:
        ppd = SCALE.px_per_day
        assert (m["label_x0"] * ppd >= -1e-6).all() and (m["label_x1"] * ppd <= SCALE.width_px + 1e-6).all()


def test_every_mark_is_at_least_the_minimum_width():
    placed = layout(rows_of(ADVERSARIAL), ["L"], SCALE, labels=False)
    widths = (placed.marks["x1"] - placed.marks["x0"]) * SCALE.px_per_day
    assert widths.min() >= MIN_MARK_PX - 1e-9


def test_a_one_day_mark_is_centred_on_its_day():
    placed = layout(rows_of([("1985-06-15", "1985-06-15", "x")]), ["L"], SCALE, labels=False)
    centre = (placed.marks["x0"].iloc[0] + placed.marks["x1"].iloc[0]) / 2
    day = (date(1985, 6, 15) - SCALE.start).days
    assert day <= centre <= day + 1


def test_long_spans_keep_their_exact_days():
    placed = layout(rows_of([("1970-01-01", "1979-12-31", "A decade")]), ["L"], SCALE, labels=False)
    assert placed.marks["x0"].iloc[0] == (date(1970, 1, 1) - SCALE.start).days
    assert placed.marks["x1"].iloc[0] == (date(1979, 12, 31) - SCALE.start).days + 1


def test_a_long_span_never_covers_the_events_inside_it():
    placed = layout(rows_of(ADVERSARIAL[:4]), ["L"], SCALE, labels=False)
    assert placed.marks["y"].nunique() == 4


def test_of_events_starting_the_same_day_the_longer_sits_above_the_shorter_it_holds():
    # written shortest first: the order of the record does not decide the stacking
    spans = [
        ("1988-01-01", "1988-01-01", "A day"),
        ("1988-01-01", "1988-01-31", "A month"),
        ("1988-01-01", "1988-12-31", "A year"),
    ]
    placed = layout(rows_of(spans), ["L"], Scale(date(1988, 1, 1), date(1988, 12, 31), 1200.0), labels=False)
    assert (placed.marks["x0"] == 0).all()
    assert placed.marks["y"].tolist() == [3, 2, 1]


def test_marks_past_the_view_are_cut_and_flagged():
    placed = layout(rows_of(ADVERSARIAL[-3:]), ["L"], SCALE, labels=False)
    m = placed.marks
    assert m["cut_before"].tolist() == [True, False, False]
    assert m["cut_after"].tolist() == [False, True, False]


def test_each_lane_has_a_name_row_then_its_sub_rows():
    rows = pd.concat([rows_of(ADVERSARIAL[:4], "A"), rows_of(ADVERSARIAL[:1], "B")], ignore_index=True)
    placed = layout(rows, ["B", "A"], SCALE, labels=False)
    assert placed.lanes == [("B", 0, 2), ("A", 2, 5)]
    assert sorted(placed.marks["y"]) == [1, 3, 4, 5, 6]


def test_the_same_input_always_gives_the_same_layout():
    rows = random_rows(200, 7)
    one = layout(rows, ["lane0", "lane1", "lane2"], SCALE, labels=True)
    shuffled = rows.sample(frac=1, random_state=3)
    two = layout(shuffled, ["lane0", "lane1", "lane2"], SCALE, labels=True)
    pd.testing.assert_frame_equal(one.marks.loc[rows.index], two.marks.loc[rows.index])


def test_labels_fit_on_long_marks_and_sit_beside_short_ones():
    rows = rows_of([("1960-01-01", "2009-12-31", "Fifty years"), ("1985-06-15", "1985-06-15", "A day")])
    m = layout(rows, ["L"], SCALE, labels=True).marks
    assert m["label_inside"].tolist() == [True, False]
    assert m["label_x0"].iloc[1] > m["x1"].iloc[1]  # beside, to the right


@pytest.mark.parametrize("labels", [True, "salient"])
def test_a_title_goes_on_its_mark_only_with_a_gap_either_side_of_it(labels):
    view = Scale(date(2000, 1, 1), date(2003, 4, 14), 1200.0)  # 1,200 days: one pixel a day
    title = "Event"
    need = text_width(title, LABEL_FONT) + 2 * GAP_PX
    tight, roomy = math.ceil(need) - 2, math.ceil(need)  # days, and pixels
    assert tight > text_width(title, LABEL_FONT)  # the tight mark is wider than its title, not by a gap each side

    def span(first: int, days: int) -> tuple[str, str, str]:
        start = pd.Timestamp(view.start) + pd.Timedelta(days=first)
        return str(start.date()), str((start + pd.Timedelta(days=days - 1)).date()), title

    m = layout(rows_of([span(100, tight), span(600, roomy)]), ["L"], view, labels=labels).marks
    assert (m["x1"] - m["x0"]).tolist() == [tight, roomy]
    assert m["label"].tolist() == [title, title]
    assert m["label_inside"].tolist() == [False, True]
    assert m["label_x0"].iloc[0] >= m["x1"].iloc[0] + GAP_PX  # beside the tight mark, after a gap


def test_a_label_near_the_right_edge_goes_left_of_its_mark():
    m = layout(rows_of([("2019-12-20", "2019-12-20", "A title near the end")]), ["L"], SCALE, labels=True).marks
    assert m["label_x1"].iloc[0] <= m["x0"].iloc[0]
    assert m["label"].iloc[0] == "A title near the end"


def test_long_titles_are_shortened_with_an_ellipsis():
    title = "A very long title " * 10
    m = layout(rows_of([("1985-06-15", "1985-06-15", title)]), ["L"], SCALE, labels=True).marks
    assert m["label"].iloc[0].endswith(ELLIPSIS)
    assert title.startswith(m["label"].iloc[0][:-1])


def test_pack_is_first_fit_by_row():
    left = np.array([0.0, 1.0, 2.0, 5.0, 5.0])
    right = np.array([3.0, 4.0, 6.0, 9.0, 6.0])
    assert pack(left, right).tolist() == [0, 1, 2, 0, 1]
    assert pack(np.array([]), np.array([])).tolist() == []


def lowest_free_row(left: list[float], right: list[float]) -> list[int]:
    """Reference packing: each box on the lowest row whose last box ends by the box's start."""
    ends: list[float] = []
    rows = []
    for lo, hi in zip(left, right, strict=True):
        row = next((r for r, end in enumerate(ends) if end <= lo), len(ends))
        if row == len(ends):
            ends.append(hi)
        else:
            ends[row] = hi
        rows.append(row)
    return rows


@pytest.mark.parametrize("seed", range(5))
def test_pack_puts_each_box_on_the_lowest_row_free_at_its_start(seed):
    rng = np.random.default_rng(seed)
    left = np.sort(rng.integers(0, 200, 500)).astype(float)
    right = left + rng.choice([0.0, 0.5, 1.0, 3.0, 40.0], 500)
    assert pack(left, right).tolist() == lowest_free_row(left.tolist(), right.tolist())


def test_text_widths_are_estimated_by_hand_checked_advances():
    # DejaVu Sans advances: "i" 0.278 em, "W" 0.989 em, space 0.318 em; 8 % room on top
    assert text_width("i", 10) == pytest.approx(2.78 * 1.08)
    assert text_width("WW", 10) == pytest.approx(19.78 * 1.08)
    assert text_width("i W", 10) > text_width("iW", 10)
    assert text_width("é", LABEL_FONT) >= text_width("e", LABEL_FONT)  # unknown characters count wide


def test_shorten_and_wrap_stay_within_the_width():
    assert shorten("Short", 100, 11) == "Short"
    cut = shorten("The National Council of Resistance of Iran is founded in Paris", 150, 11)
    assert cut == "The National Council…"
    assert shorten("Anything", 1, 11) == ""
    lines = wrap_text("one two three four five six seven eight nine ten", 80, 12)
    assert len(lines) > 1 and all(text_width(line, 12) <= 80 for line in lines)
    assert " ".join(lines) == "one two three four five six seven eight nine ten"


def test_a_long_mark_without_room_beside_it_carries_its_shortened_title():
    title = "A title far too long to fit on this mark in full, at any rate not at this width"
    m = layout(rows_of([("1950-01-01", "2019-12-31", title)]), ["L"], Scale(SCALE.start, SCALE.end, 200.0), labels=True)
    label = m.marks["label"].iloc[0]
    assert m.marks["label_inside"].iloc[0]
    assert label.endswith(ELLIPSIS) and title.startswith(label[:-1].rstrip())
    assert text_width(label, LABEL_FONT) <= 200.0


@pytest.mark.parametrize("seed", range(4))
def test_salient_titles_never_overlap_and_every_mark_stays_on_its_lane(seed):
    rows = random_rows(400, seed).assign(salience=np.random.default_rng(seed).integers(0, 5, 400))
    placed = layout(rows, ["lane0", "lane1", "lane2"], SCALE, labels="salient")
    assert_no_overlap(placed)
    assert placed.marks["shown"].all() and (placed.marks["label"] != "").sum() > 0
    for name, top, height in placed.lanes:
        ys = placed.marks.loc[rows["lane"] == name, "y"]
        assert ys.between(top + 1, top + height - 1).all()


def free_room(placed, i: int) -> tuple[float, float]:
    """Pixels free right and left of mark ``i`` on its row (to the next other box or the view's edge)."""
    m, ppd = placed.marks, placed.scale.px_per_day
    row = m[(m["y"] == m.at[i, "y"]) & (m.index != i)]
    lefts = np.minimum(row["x0"], np.where(row["label"] != "", row["label_x0"], row["x0"])) * ppd
    rights = np.maximum(row["x1"], np.where(row["label"] != "", row["label_x1"], row["x1"])) * ppd
    x0, x1 = m.at[i, "x0"] * ppd, m.at[i, "x1"] * ppd
    right = min([lo for lo in lefts if lo >= x1] + [placed.scale.width_px]) - x1
    left = x0 - max([hi for hi in rights if hi <= x0] + [0.0])
    return right, left


def test_a_salient_title_is_shortened_only_where_its_neighbours_leave_no_room_for_it_whole():
    rows = random_rows(300, 11, lanes=1).assign(lane="lane0")
    placed = layout(rows, ["lane0"], SCALE, labels="salient")
    m = placed.marks
    cut = [i for i in m.index if m.at[i, "label"].endswith(ELLIPSIS) and not m.at[i, "label_inside"]]
    assert cut, "the view should be crowded enough to shorten some titles"
    for i in cut:
        need = text_width(rows.at[i, "title"], LABEL_FONT) + 2 * GAP_PX
        right, left = free_room(placed, i)
        assert right < need and left < need, f"{rows.at[i, 'title']!r} shortened with {max(right, left):.0f} px free"


def test_where_titles_compete_the_more_salient_event_is_titled():
    spans = [
        ("1985-01-20", "1985-01-20", "The first of two events with long titles"),
        ("1985-12-10", "1985-12-10", "The second of two events with long titles"),
    ]
    year = Scale(date(1985, 1, 1), date(1985, 12, 31), 400.0)
    for favoured in (0, 1):
        rows = rows_of(spans).assign(salience=[1 if i == favoured else 0 for i in range(2)])
        m = layout(rows, ["L"], year, labels="salient", max_rows=2).marks
        assert m["label"].tolist()[favoured] == spans[favoured][2]
        assert m["label"].tolist()[1 - favoured] == ""


def test_a_lane_taller_than_the_rows_allowed_counts_the_rest_per_period_on_its_last_row():
    rows = random_rows(900, 5, lanes=1).assign(lane="lane0")
    placed = layout(rows, ["lane0"], SCALE, labels=False, max_rows=12)
    assert placed.rows <= 12
    hidden = ~placed.marks["shown"]
    assert hidden.any() and placed.hidden == {"lane0": int(hidden.sum())}
    c = placed.clusters
    assert int(c["count"].sum()) == int(hidden.sum())
    assert set(c["y"]) == {placed.lanes[0][1] + placed.lanes[0][2] - 1}  # the lane's last row, below its marks
    assert (placed.marks.loc[~hidden, "y"] < c["y"].iloc[0]).all()
    for _, cluster in c.iterrows():  # each count covers the events starting in its period
        starts = rows.loc[hidden, "start"].clip(lower=pd.Timestamp(SCALE.start))
        inside = starts.between(cluster["first"], cluster["last"])
        assert int(inside.sum()) == cluster["count"]
