"""The scale benchmark keeps working: generated records are valid, a tiny run completes, and each
budget is checked only against what it is stated for.

No timing is asserted here: the budgets are checked by ``python -m benchmarks.run`` itself.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import pytest
from conftest import ROOT

from loaders import load_record

if str(ROOT) not in sys.path:  # benchmarks/ is not an installed package
    sys.path.insert(0, str(ROOT))
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


def test_benchmark_runs_at_a_tiny_size(tmp_path):
    out = subprocess.run(
        [
            *(sys.executable, "-m", "benchmarks.run", "--sizes", "30,60", "--app-at", "60", "--reps", "1"),
            *("--data", str(tmp_path / "data"), "--json", str(tmp_path / "results.json")),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
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


def stage_times(**overrides: float) -> dict[str, float]:
    times = {"a": 2.0, "a_paused": 1.0, "b": 1.5, "d": 0.004, "h": 0.01, "e": 0.2, "e_mb": 4.0, "f": 0.3}
    return times | {"i": 30.0, "i_rss_mb": 800.0, "j": 1.0} | overrides


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
