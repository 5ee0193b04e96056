"""The scale benchmark keeps working: generated records are valid, a tiny run completes, and each
budget is checked only against what it is stated for. Of the browser stage (``benchmarks.browser``,
which needs Chromium), the parts that run without a browser: vis-timeline's items and page, the
budgets, the table, the websocket's bytes per kind of message.

No timing is asserted here: the budgets are checked by ``python -m benchmarks.run`` and
``python -m benchmarks.browser`` themselves.
"""

from __future__ import annotations

import gc
import json
import re
import subprocess
import sys
from datetime import date

import pytest
from conftest import ROOT
from e2e.records import TITLES, write_record
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.loading import prepare
from loaders import load_record

if str(ROOT) not in sys.path:  # benchmarks/ is not an installed package
    sys.path.insert(0, str(ROOT))
from benchmarks import browser, search_fts
from benchmarks.browser import epoch_ms, read_websocket, vis_items, write_vis_page
from benchmarks.generate import generate
from benchmarks.run import checks, load_growth, measure


def test_generated_record_is_valid_and_uses_every_date_form(tmp_path):
    path = generate(tmp_path / "rec", 300, 3, seed=7)
    record = load_record(path)
    assert len(record.events) == 300 and len(record.sources) == 3
    assert all(1 <= len(e.citations) <= 3 for e in record.events)
    assert {d.precision for d in record.dates.values()} == {"day", "month", "season", "year", "decade", "span"}
    assert any(d.approximate for d in record.dates.values()) and any(d.uncertain for d in record.dates.values())
    assert any(e.contested for e in record.events)
    assert all(40 <= len(c.quote) <= 320 for e in record.events for c in e.citations)
    sizes = [(path.parent / s.file).stat().st_size for s in record.sources.values()]
    assert all(50_000 <= size <= 160_000 for size in sizes)


def test_generation_is_deterministic_for_a_seed(tmp_path):
    a = generate(tmp_path / "a", 50, 2, seed=3)
    b = generate(tmp_path / "b", 50, 2, seed=3)
    c = generate(tmp_path / "c", 50, 2, seed=4)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    assert (a.parent / "sources" / "doc-0001.txt").read_bytes() == (b.parent / "sources" / "doc-0001.txt").read_bytes()


def run_tiny(module: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    """``python -m module *args`` with 1 repetition, its records kept in ``tmp_path/data``, its JSON results in
    ``tmp_path/results.json``."""
    return subprocess.run(
        [
            *(sys.executable, "-m", module, *args, "--reps", "1"),
            *("--data", str(tmp_path / "data"), "--json", str(tmp_path / "results.json")),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_benchmark_runs_at_a_tiny_size(tmp_path):
    out = run_tiny("benchmarks.run", tmp_path, "--sizes", "30,60", "--app-at", "60")
    assert out.returncode in (0, 1), out.stderr  # 1: over budget, which a tiny size may well be
    stages = ("(a) yaml.load", "(a') the same, collector paused", "(b) load_record", "(c) events_frame", "(d) filter")
    for stage in (*stages, "(e) timeline", "(f) app"):
        assert stage in out.stdout, stage
    assert "ratio (b)/(a) " in out.stdout and "ratio (b)/(a')" in out.stdout
    assert "growth per 10x of N" in out.stdout and "peak memory" in out.stdout
    assert "growth of (b) from the N before, timed in turn" in out.stdout
    saved = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["results"]
    assert saved["60"]["b_previous_n"] == 30 and saved["60"]["b_previous"] > 0
    assert "b_previous" not in saved["30"]
    for stage in ("(h) text search alone", "(i) cold load", "(j) warm load from the cache", "ratio (j)/(i)"):
        assert stage in out.stdout, stage
    assert "not measured: (j) <= 2 s at N=100,000" in out.stdout
    assert "not measured: (i) peak RSS <= 1,000 MB at N=100,000" in out.stdout
    assert "(b) <= 3x (a') at N=30" in out.stdout
    assert "not measured: (d) <= 50 ms at N=100,000" in out.stdout
    assert "not measured: (f) <= 0.5 s at N=10,000, timed at N=60" in out.stdout
    assert (tmp_path / "results.json").is_file()
    assert not (ROOT / "benchmarks" / "data").exists()


def test_search_benchmark_runs_at_a_tiny_size_and_its_engines_find_the_same_rows(tmp_path):
    out = run_tiny("benchmarks.search_fts", tmp_path, "--sizes", "60")
    assert out.returncode == 0, out.stdout + out.stderr
    saved = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["results"]["60"]
    queries = [query for _label, query in search_fts.QUERIES]
    for query in queries:
        rows = {engine: saved[engine]["queries"][query]["rows"] for engine in search_fts.ENGINES}
        assert rows["fts5"] == rows["fts5-none"] == rows["bitplanes"], query
    assert any(saved["bitplanes"]["queries"][q]["rows"] for q in queries)
    assert saved["bitplanes"]["queries"]["quetzal"]["rows"] == []
    assert "every engine finds the same rows for every query" in out.stdout
    for measure_name in ("build, fold included (s)", "memory held (MB)", "one word: harbour"):
        assert measure_name in out.stdout


@pytest.mark.parametrize("engine", search_fts.ENGINES)
def test_each_search_engine_finds_every_folded_word_in_any_order_and_a_phrase_as_written(engine):
    texts = [
        "The relocation of the group to Albania",  # 0
        "Forough-e Javidan, the operation",  # 1
        "Camp Liberty\nIraq",  # 2: two fields, one per line
        "Liberty was promised at the camp",  # 3
        "Tehrān's régime: a*b and [c] at 50% off",  # 4
        "",  # 5
    ]
    index = search_fts.build(engine, texts)
    expected = {
        "albania RELOCATION": [0],
        "forough javidan": [1],
        '"Forough Javidan"': [1],
        '"camp liberty"': [2],
        "liberty camp": [2, 3],
        "tehrans REGIME": [4],
        "a*b": [4],
        "[c]": [0, 2, 3, 4],  # brackets fold to spaces: "c"
        "50%": [4],
        "ja": [1],
        "o": [0, 1, 3, 4],
        "quetzal": [],
        '"liberty camp"': [],
    }
    assert {query: index.rows(query).tolist() for query in expected} == expected


def stage_times(**overrides: float) -> dict[str, float]:
    times = {"a": 2.0, "a_paused": 1.0, "b": 1.5, "d": 0.004, "h": 0.01, "e": 0.2, "e_mb": 4.0, "f": 0.3}
    return times | {"i": 30.0, "i_rss_mb": 800.0, "j": 1.0} | overrides


def test_the_map_budget_is_checked_only_on_a_record_with_places():
    name = "(m) <= (e) + 1 s at 10,000 events over 500 places"
    found, not_measured = checks({10_000: stage_times(m=0.01, m_places=0)}, app_size=10_000)
    assert name in not_measured and name not in [c.name for c in found]  # an empty map proves nothing
    found, _ = checks({10_000: stage_times(m=0.5, m_places=500)}, app_size=10_000)
    assert [(c.ok, c.detail) for c in found if c.name == name] == [(True, "0.500 s, +0.300 s from (e)")]


def test_budgets_are_checked_only_at_the_size_they_are_stated_for():
    found, not_measured = checks({1_000: stage_times(), 10_000: stage_times(d=9.0, f=9.0)}, app_size=10_000)
    names = [c.name for c in found]
    assert not any("100,000" in name for name in names)
    assert "(d) <= 50 ms at N=100,000" in not_measured
    assert "(h) <= 50 ms at N=100,000" in not_measured
    assert "(e) <= 1 s at 100,000 visible events" in not_measured
    assert "(e) payload <= 10 MB at 100,000" in not_measured
    assert [c.ok for c in found if c.name == "(f) <= 0.5 s at N=10,000"] == [False]

    found, not_measured = checks({1_000: stage_times(), 100_000: stage_times(d=0.06, h=0.04)}, app_size=1_000)
    assert [c.ok for c in found if c.name == "(d) <= 50 ms at N=100,000"] == [False]
    assert [(c.ok, c.detail) for c in found if c.name == "(h) <= 50 ms at N=100,000"] == [(True, "40.0 ms")]
    assert "(e) <= 0.3 s at 10,000 visible events" in not_measured
    assert "(f) <= 0.5 s at N=10,000, timed at N=1,000" in not_measured


def test_warm_load_is_checked_in_seconds_and_against_the_cold_load_of_the_same_run():
    def verdicts(**times: float) -> dict[str, tuple[bool, str]]:
        found, _ = checks({100_000: stage_times(**times)}, app_size=1_000)
        return {c.name: (c.ok, c.detail) for c in found if c.name.startswith(("(i)", "(j)"))}

    assert verdicts() == {
        "(j) <= 2 s at N=100,000": (True, "1.00 s"),
        "(j) <= 0.1x (i) at N=100,000": (True, "0.033x"),
        "(i) peak RSS <= 1,000 MB at N=100,000": (True, "800 MB"),
    }
    slow = verdicts(i=15.0, j=1.8, i_rss_mb=1001.0)
    assert slow["(j) <= 2 s at N=100,000"][0] is True
    assert slow["(j) <= 0.1x (i) at N=100,000"] == (False, "0.120x")
    assert slow["(i) peak RSS <= 1,000 MB at N=100,000"] == (False, "1,001 MB")
    assert verdicts(i=60.0, j=2.5)["(j) <= 2 s at N=100,000"] == (False, "2.50 s")


def test_load_ratio_is_checked_against_the_baseline_timed_the_same_way():
    # (b) is under 3x the baseline with the collector on, over 3x the one with it paused
    found, _ = checks({1_000: stage_times(a=2.0, a_paused=0.5, b=1.6)}, app_size=10_000)
    assert [(c.name, c.ok, c.detail) for c in found if c.name.startswith("(b) <= 3x")] == [
        ("(b) <= 3x (a') at N=1,000", False, "3.20x")
    ]


def test_load_growth_comes_from_the_loads_timed_in_turn_in_one_process():
    # the two processes' (b) give 15x per 10x of N; the loads timed in turn in the second, 10x
    results = {1_000: stage_times(b=0.2), 10_000: stage_times(b=3.0, b_previous=0.3, b_previous_n=1_000)}
    assert load_growth(results) == [pytest.approx(10.0)]
    assert [(c.ok, c.detail) for c in checks(results, app_size=1)[0] if "grows" in c.name] == [(True, "10.0x")]
    # without them (or timed against another size), the two processes' (b)
    del results[10_000]["b_previous"]
    assert [(c.ok, c.detail) for c in checks(results, app_size=1)[0] if "grows" in c.name] == [(False, "15.0x")]
    results[10_000] |= {"b_previous": 0.3, "b_previous_n": 100}
    assert load_growth(results) == [pytest.approx(15.0)]


def test_measure_can_pause_the_collector_during_the_call_and_restores_it():
    seen = []
    measure(lambda: seen.append(gc.isenabled()), 2, gc_paused=True)
    measure(lambda: seen.append(gc.isenabled()), 2)
    assert seen == [False] * 3 + [True] * 3
    assert gc.isenabled()


# --- the browser stage (k): its pure parts; the stage itself needs Chromium and is run by hand ---


def test_vis_timeline_items_are_the_events_asked_for_with_escaped_titles_and_exclusive_ends(tmp_path):
    loaded = prepare(load_record(write_record(tmp_path)))
    items, groups = vis_items(loaded.frame, loaded.labels, ["rebuilt", "vote", "patching"])
    by_id = {item["id"]: item for item in items}
    assert set(by_id) == {"rebuilt", "vote", "patching"}
    assert by_id["rebuilt"]["content"] == "Wall rebuilt &lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;"
    assert by_id["vote"]["content"] == TITLES["vote"]
    # 1902-05-06 is one day; the 1920s end on the last day of 1929, vis-timeline's end is the day after
    assert (by_id["rebuilt"]["start"], by_id["rebuilt"]["end"]) == (
        epoch_ms(date(1902, 5, 6)),
        epoch_ms(date(1902, 5, 7)),
    )
    assert (by_id["patching"]["start"], by_id["patching"]["end"]) == (
        epoch_ms(date(1920, 1, 1)),
        epoch_ms(date(1930, 1, 1)),
    )
    assert (by_id["rebuilt"]["group"], by_id["vote"]["group"]) == ("Works & repairs", "Decisions")
    assert groups == [
        {"id": "Works & repairs", "content": "Works &amp; repairs"},
        {"id": "Decisions", "content": "Decisions"},
    ]
    everything, _ = vis_items(loaded.frame, loaded.labels)
    assert sorted(item["id"] for item in everything) == sorted(TITLES)


def test_vis_timeline_page_loads_only_files_beside_it(tmp_path):
    build = tmp_path / "vis-timeline-graph2d.min.js"
    build.write_text("/* the build */", encoding="utf-8")
    items = [{"id": "a", "content": "&lt;/script&gt;", "start": 0, "end": 86_400_000, "group": "L"}]
    page = write_vis_page(
        tmp_path / "page", items, [{"id": "L", "content": "L"}], (date(1970, 1, 1), date(1970, 1, 2)), build
    )
    text = page.read_text(encoding="utf-8")
    sources = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", text)
    assert sources == ["vis-timeline-graph2d.min.js", "items.js"]
    assert all((page.parent / name).is_file() for name in sources)
    assert "://" not in text and "//" not in "".join(sources)
    data = {}
    for line in (page.parent / "items.js").read_text(encoding="utf-8").splitlines():
        name, _, value = line.removeprefix("window.").partition(" = ")
        data[name] = json.loads(value.removesuffix(";"))
    assert data == {"ITEMS": items, "GROUPS": [{"id": "L", "content": "L"}], "PERIOD": [0, 2 * 86_400_000]}


def browser_results(events: int = 10_000, **app: float) -> dict:
    one = {
        "app": {"first_draw_s": 3.0, "chart_s": 3.0, "figure_mb": 0.4, "ws_mb": 3.6, "tallest_px": 2_452.0} | app,
        "vis": {"s": 1.5, "items": 2_000},
        "export": {"s": 3.0, "marks": 8_000},
        "vis_all": {"s": 30.0, "items": 10_000},
    }
    two = {page: dict(values) for page, values in one.items()}
    two["app"]["chart_s"] = two["app"]["first_draw_s"] = 5.0
    hover = {"hovered": 40, "hovered_right": 40, "hovered_wrong": []}
    return {"events": events, "rounds": [one, two, one], "hover": hover}


def test_browser_budgets_are_checked_on_the_medians_and_only_at_ten_thousand_events():
    found, not_measured = browser.checks(browser_results())
    assert [(c.ok, c.detail) for c in found] == [
        (True, "3.00 s"),
        (True, "0.40 MB"),
        (True, "2,452 px"),
        (True, "40 of 40"),
    ]
    assert not_measured == []

    slow = browser_results(chart_s=4.5, figure_mb=1.6, tallest_px=8_192.0)
    slow["hover"] |= {"hovered_right": 39}
    found, _ = browser.checks(slow)
    assert [c.name for c in found if not c.ok] == [
        "(k) first chart on a new tab <= 4 s at N=10,000",
        "(k) figure payload <= 1.5 MB at N=10,000",
        "(k) no plot taller than 8,000 device px at N=10,000",
        "(k) 40 of 40 sampled drawn marks hover as themselves at N=10,000",
    ]
    assert [c.detail for c in found] == ["4.50 s", "1.60 MB", "8,192 px", "39 of 40"]

    found, not_measured = browser.checks(browser_results(events=1_000))
    assert found == [] and len(not_measured) == 4
    assert not_measured[0] == "(k) first chart on a new tab <= 4 s at N=10,000, run at N=1,000"


def test_browser_table_gives_each_round_the_median_and_the_ratios():
    text = browser.table(browser_results())
    lines = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]] for line in text.splitlines()[2:]}
    assert lines["(k) app: first chart on a new tab (s)"] == ["3.00", "5.00", "3.00", "3.00"]
    assert lines["(l) vis-timeline, the items the app drew (s)"] == ["1.50", "1.50", "1.50", "1.50"]
    assert lines["ratio (k)/(l)"] == ["", "", "", "2.00"]
    assert lines["ratio (m)/vis-timeline on the same events"] == ["", "", "", "0.10"]
    assert "round 3" in text.splitlines()[0] and "(m) exported HTML of the view (s)" in lines


def test_websocket_bytes_are_counted_per_kind_of_message_and_the_timeline_found_by_its_key():
    def message(fill) -> bytes:
        msg = ForwardMsg()
        fill(msg)
        return msg.SerializeToString()

    def chart(key: str, spec: str):
        def fill(msg) -> None:
            msg.delta.new_element.plotly_chart.id = f"$$ID-0a1b-{key}"
            msg.delta.new_element.plotly_chart.spec = spec

        return fill

    timeline = message(chart("timeline", '{"data": [1, 2, 3]}'))
    per_year = message(chart("per_year", '{"data": [1]}'))
    table = message(lambda m: setattr(m.delta.new_element.dataframe.arrow_data, "data", b"x" * 500))
    block = message(lambda m: m.delta.add_block.SetInParent())
    done = message(lambda m: setattr(m, "script_finished", 1))
    frames = [block, per_year, timeline, table, done, "{}", b"\xff\xff\xff", done]
    got = read_websocket([(0.5 + i, frame) for i, frame in enumerate(frames)], "timeline")
    assert got.kinds == {
        "element:plotly_chart": len(timeline) + len(per_year),
        "element:dataframe": len(table),
        "delta:add_block": len(block),
        "script_finished": 2 * len(done),
        "text": 2,
        "unread": 3,
    }
    assert got.timeline_bytes == len('{"data": [1, 2, 3]}')
    assert (got.first_s, got.timeline_s, got.finished_s) == (0.5, 2.5, 4.5)
    missing = read_websocket([(1.0, per_year)], "timeline")
    assert (missing.timeline_bytes, missing.timeline_s, missing.finished_s) == (None, None, None)


def test_the_browser_stage_finds_the_page_scripts_it_waits_on_and_measures_with():
    import importlib

    assert "data-test-script-state" in browser.graph_ready_js()
    marks = importlib.import_module("tests.e2e.plotly_marks")
    assert all(hasattr(marks, name) for name in ("LISTEN_JS", "SETTLED_JS", "hover_each", "probes", "read_chart"))
