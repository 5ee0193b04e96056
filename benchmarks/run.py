"""Scale benchmark: the loader and the dashboard's pure parts on generated records.

    python -m benchmarks.run            # N = 1,000, 10,000, 100,000 (about 13 minutes on 2 cores)
    python -m benchmarks.run --quick    # N = 1,000 and 10,000 (about 2 minutes)

Most of the full run's time goes to N = 100,000. The first run also generates the records
(about 1 minute for all three sizes, 280 MB on disk).

For each N (with 20 documents per 1,000 events) it measures, in a fresh process, the median of
several repetitions after a warm-up, each timed call ending with the young-generation collection
that follows it (the one pass a paused collector defers):

(a) the baseline: the same YAML parsed with bare libyaml (``yaml.load(..., Loader=yaml.CSafeLoader)``),
    the cyclic garbage collector running, as a plain call runs it
(a') the same baseline with the collector paused during the call, as ``load_record`` pauses it
(b) ``load_record``: parse, validate, normalise dates, anchor every quote (caches of the loader
    emptied before each repetition, as in a fresh process); above the smallest N, each repetition
    follows a timed load of the next smaller N's record, and the growth of (b) is taken from these
    loads made in turn in one process, which a change in the machine's speed between processes
    does not skew
(c) the dashboard's ``events_frame(record)`` built from the loaded record
(d) one filter change (actor + period + text search) on the frame, as the app does it
(e) the timeline figure of every event, built and serialised (``fig.to_json()``), and its size
(f) one app rerun after a filter change, through ``streamlit.testing.v1.AppTest`` (at the N of
    ``--app-at``, 10,000 unless told)
(g) the timeline layout: every event packed onto the sub-rows of its category lane at the app's
    width over the record's period, without and with labels, and its ratio to (e)
(h) a text search alone (no other filter) on the frame
(i) a cold load: ``load_record`` in a fresh process with an empty cache of validated records
    (everything read and checked, then the cache written), and that process's peak memory
(j) a warm load: ``load_record`` in a fresh process, the record unchanged since (i), so opened
    from the cache (every file still hashed), and its ratio to (i)
(m) the map figure of every event over the record's 500 places (marks counted, hovers listed,
    countries shaded), built and serialised (``fig.to_json()``), and its difference from (e)

(b) to (h) run in one process per N with the cache of validated records off; (i) and (j) each in
a process of their own, with a cache folder of their own.

then prints a table, the ratios (b)/(a) and (b)/(a'), the growth per 10x of N of each stage, the
peak memory, and checks the budgets: the load ratio against (a'), the baseline timed as (b) is,
and each absolute budget only at the N it is stated for (the others are printed as "not
measured", e.g. those for N = 100,000 under ``--quick``). Exit status 0 when every budget checked
is met, 1 otherwise (each failed budget is named). Generated records are kept (outside the
project) in ``$XDG_CACHE_HOME/mek-timeline/benchmarks`` and reused while the generator is unchanged.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: python benchmarks/run.py
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import GENERATOR_VERSION, SEARCH_TERM, generate  # noqa: E402

FULL_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
APP_SIZE = 10_000
SOURCES_PER_1000 = 20

# Budgets (ratios are what count; the absolute ones are checked only at the size they are stated for)
LOAD_RATIO = 3.0  # (b) <= 3x (a'), the baseline timed as (b) is (collector paused), at every N
LOAD_GROWTH = 12.0  # (b) grows at most 12x per 10x of N
FILTER_MS = 50.0  # (d) at 100k events
FIGURE_10K_S = 0.3  # (e) at 10k visible events
FIGURE_100K_S = 1.0  # (e) at 100k visible events
PAYLOAD_100K_MB = 10.0
RERUN_S = 0.5  # (f) at 10k events
PACK_10K_S = 0.3  # (g) packing 10k events into lanes and rows
MAP_AFTER_TIMELINE_S = 1.0  # (m) the map at 10k events over 500 places, at most this much longer than (e)
SEARCH_MS = 50.0  # (h) a text search with no other filter, at 100k events
WARM_S = 2.0  # (j) a warm load from the cache, at 100k events...
WARM_RATIO = 0.1  # ...and at most this fraction of the cold load (i) of the same run
COLD_RSS_MB = 1000.0  # (i) peak memory of a cold load at 100k events, in MB of 10^6 bytes (1.0 GB)


def default_data_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mek-timeline" / "benchmarks"


def n_sources(n: int) -> int:
    return max(2, n * SOURCES_PER_1000 // 1000)


def record_for(n: int, seed: int, data_dir: Path, *, log: Callable[[str], None]) -> Path:
    """The generated record of ``n`` events, made once and reused while the generator is unchanged."""
    m = n_sources(n)
    folder = data_dir / f"n{n}-m{m}-seed{seed}-v{GENERATOR_VERSION}"
    done = folder / ".complete"
    if not done.exists():
        if folder.exists():
            shutil.rmtree(folder)
        log(f"generating {n:,} events over {m:,} documents in {folder} ...")
        t = time.perf_counter()
        generate(folder, n, m, seed=seed)
        done.write_text("ok\n", encoding="utf-8")
        log(f"  done in {time.perf_counter() - t:.1f} s")
    return folder / "events.yaml"


# --- measuring, in a child process per N -----------------------------------------------------


def measure(
    fn: Callable[[], Any], reps: int, *, before: Callable[[], None] | None = None, gc_paused: bool = False
) -> tuple[float, Any]:
    """Median wall time of ``reps`` calls after one warm-up call; returns it and the last result.

    Each timed call ends with the young-generation collection the interpreter makes soon after it,
    which is the one pass a paused collector defers. ``gc_paused`` pauses the collector during the
    call, as ``load_record`` and ``events_frame`` do themselves.
    """
    times = []
    result = None
    for i in range(reps + 1):
        result = None  # let the previous result go before the next call
        if before:
            before()
        gc.collect()
        t = time.perf_counter()
        if gc_paused:
            gc.disable()
            try:
                result = fn()
            finally:
                gc.enable()
        else:
            result = fn()
        gc.collect(0)
        elapsed = time.perf_counter() - t
        if i:
            times.append(elapsed)
    return statistics.median(times), result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def child(path: Path, reps: int, app: bool, previous: Path | None = None) -> dict[str, Any]:
    """Measure every stage on one record; return the results (printed as JSON by the caller).

    With ``previous`` (the record of the next smaller N), each repetition of (b) is preceded by a
    timed load of that record, so the growth of (b) is taken from loads made in turn in one process.
    """
    import yaml

    import loaders.dates
    from dashboard import timeline
    from dashboard.filters import Filters, apply_filters
    from dashboard.frame import events_frame
    from dashboard.loading import prepare
    from dashboard.timeline import timeline_figure
    from loaders import load_record

    out: dict[str, Any] = {"record_mb": path.stat().st_size / 1e6}
    out["corpus_mb"] = sum(f.stat().st_size for f in (path.parent / "sources").iterdir()) / 1e6

    def baseline() -> Any:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    out["a"], _ = measure(baseline, reps)
    out["a_paused"], _ = measure(baseline, reps, gc_paused=True)

    def cold() -> None:  # what a fresh process starts with
        loaders.dates._parse_text.cache_clear()
        loaders.dates._date_parser.cache_clear()

    previous_times: list[float] = []

    def before_load() -> None:
        cold()
        if previous is not None:
            t = time.perf_counter()
            load_record(previous, cache=False)
            gc.collect(0)
            previous_times.append(time.perf_counter() - t)
            cold()

    out["b"], record = measure(lambda: load_record(path, cache=False), reps, before=before_load)
    if previous_times:
        out["b_previous"] = statistics.median(previous_times[1:])  # the first is the warm-up's
    out["rss_after_load_mb"] = peak_rss_mb()
    out["events"] = len(record.events)
    out["citations"] = sum(len(e.citations) for e in record.events)

    def build_frame() -> Any:
        record.__dict__.pop("_frame", None)  # the record's frame is built once per record, then copied
        return events_frame(record)

    out["c"], frame = measure(build_frame, reps)
    t = time.perf_counter()
    loaded = prepare(record)  # what the app derives once per load: frame, filter index, labels
    out["prepare"] = time.perf_counter() - t

    counts = loaded.frame["actors"].explode().value_counts()
    actor = str(counts.index[min(2, len(counts) - 1)])  # a busy actor, not the busiest
    filters = Filters(actors=(actor,), start=date(1980, 1, 1), end=date(1999, 12, 31), text=SEARCH_TERM)
    out["d"], shown = measure(lambda: apply_filters(loaded.frame, filters, loaded.index), max(reps, 5))
    out["d_rows"] = len(shown)
    alone = Filters(text=SEARCH_TERM)
    out["h"], found = measure(lambda: apply_filters(loaded.frame, alone, loaded.index), max(reps, 5))
    out["h_rows"] = len(found)

    max_lanes = timeline.MAX_LANES  # as the app draws the timeline

    def figure() -> int:
        fig = timeline_figure(loaded.frame, loaded.labels, lanes="category", color="category", max_lanes=max_lanes)
        return len(fig.to_json())

    out["e"], size = measure(figure, reps)
    out["e_mb"] = size / 1e6

    from dashboard.map_figure import map_data, map_figure

    def map_fig() -> int:
        data = map_data(loaded.frame, loaded.map_places, loaded.labels, color="category")
        return len(map_figure(data, loaded.labels, color="category").to_json())

    out["m"], size = measure(map_fig, reps)
    out["m_mb"] = size / 1e6
    out["m_places"] = len(record.places)

    from dashboard.layout import Scale, layout
    from dashboard.timeline import APP_WIDTH, lane_order, lane_rows, record_period

    lanes = lane_rows(loaded.frame, "category", loaded.labels).reset_index(drop=True)
    order = lane_order(lanes)
    scale = Scale(*record_period(record), APP_WIDTH)
    out["g"], _ = measure(lambda: layout(lanes, order, scale, labels=False), reps)
    out["g_labels"], _ = measure(lambda: layout(lanes, order, scale, labels=True), reps)
    del shown, frame
    if app:
        out.update(app_rerun(path, [str(a) for a in counts.index[2:4]] or [actor], reps))
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def load_child(path: Path) -> dict[str, Any]:
    """One ``load_record`` with the cache on, as a fresh process makes it: its time and the process's peak RSS."""
    from loaders import load_record

    t = time.perf_counter()
    record = load_record(path)
    seconds = time.perf_counter() - t
    return {
        "seconds": seconds,
        "from_cache": record.from_cache,
        "cache_note": record.cache_note,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6,
    }


def load_runs(path: Path, reps: int, env: dict[str, str]) -> dict[str, float]:
    """(i) a cold load, then (j) ``reps`` warm loads, each in a fresh process sharing a new cache folder."""
    home = tempfile.mkdtemp(prefix="mek-timeline-bench-cache-")
    child_env = dict(env, XDG_CACHE_HOME=home)
    child_env.pop("MEK_TIMELINE_NO_CACHE", None)
    cmd = [sys.executable, "-m", "benchmarks.run", "--load-child", str(path)]

    def one() -> dict[str, Any]:
        proc = subprocess.run(cmd, cwd=ROOT, env=child_env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"the load at {path} failed (exit {proc.returncode}): {proc.stderr[-2000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    try:
        cold = one()
        if cold["from_cache"] or cold["cache_note"]:
            raise RuntimeError(f"the cold load was not a cold load that wrote its cache: {cold}")
        warm = [one() for _ in range(reps)]
        if not all(w["from_cache"] for w in warm):
            raise RuntimeError("a warm load did not come from the cache")
        cache_bytes = sum(f.stat().st_size for f in Path(home).rglob("*") if f.is_file())
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return {
        "i": cold["seconds"],
        "i_rss_mb": cold["rss_mb"],
        "j": statistics.median(w["seconds"] for w in warm),
        "j_rss_mb": max(w["rss_mb"] for w in warm),
        "cache_mb": cache_bytes / 1e6,
    }


def app_rerun(path: Path, actors: list[str], reps: int) -> dict[str, float]:
    """Time the app's rerun after a filter change (alternating between actors), through AppTest."""
    import logging

    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    os.environ["MEK_TIMELINE_RECORD"] = str(path)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=900)
    t = time.perf_counter()
    at.run()
    first = time.perf_counter() - t
    if at.exception:
        raise RuntimeError(f"the app failed: {[e.value for e in at.exception]}")
    widget = at.sidebar.multiselect(key="f_actors")
    times = []
    for i in range(reps + 1):
        widget.set_value([actors[i % len(actors)]])
        t = time.perf_counter()
        at.run()
        if i:
            times.append(time.perf_counter() - t)
        if at.exception:
            raise RuntimeError(f"the app failed: {[e.value for e in at.exception]}")
        widget = at.sidebar.multiselect(key="f_actors")
    return {"f": statistics.median(times), "f_first_run": first}


# --- the parent: data, children, table, budgets ----------------------------------------------


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def growth(sizes: list[int], values: list[float | None]) -> list[float | None]:
    """Growth factor per 10x of N between consecutive sizes."""
    out: list[float | None] = []
    for (n1, v1), (n2, v2) in itertools.pairwise(zip(sizes, values, strict=True)):
        if v1 and v2 and n2 > n1:
            out.append((v2 / v1) ** (1 / math.log10(n2 / n1)))
        else:
            out.append(None)
    return out


def growth_in_turn(results: dict[int, dict[str, Any]], n1: int, n2: int) -> float | None:
    """Growth of (b) per 10x of N from ``n1`` to ``n2``, from the loads of both records made in turn in
    ``n2``'s process (``b_previous``); None when they were not timed so."""
    r = results[n2]
    if r.get("b_previous") and r.get("b_previous_n") == n1:
        return (r["b"] / r["b_previous"]) ** (1 / math.log10(n2 / n1))
    return None


def load_growth(results: dict[int, dict[str, Any]]) -> list[float | None]:
    """Growth of (b) per 10x of N between consecutive sizes: :func:`growth_in_turn`, else from the
    two processes' (b)."""
    sizes = sorted(results)
    separately = growth(sizes, [results[n]["b"] for n in sizes])
    return [
        in_turn if (in_turn := growth_in_turn(results, n1, n2)) is not None else separate
        for (n1, n2), separate in zip(itertools.pairwise(sizes), separately, strict=True)
    ]


def checks(results: dict[int, dict[str, Any]], app_size: int) -> tuple[list[Check], list[str]]:
    """The budgets checked on these results, and the names of those stated for a size not measured."""
    sizes = sorted(results)
    out = []
    for n in sizes:
        r = results[n]["b"] / results[n]["a_paused"]
        out.append(Check(f"(b) <= {LOAD_RATIO:g}x (a') at N={n:,}", r <= LOAD_RATIO, f"{r:.2f}x"))
    for (n1, n2), g in zip(itertools.pairwise(sizes), load_growth(results), strict=True):
        if g is not None:
            ok = g <= LOAD_GROWTH
            out.append(Check(f"(b) grows <= {LOAD_GROWTH:g}x per 10x of N ({n1:,} -> {n2:,})", ok, f"{g:.1f}x"))
    not_measured = []
    at_100k = results.get(100_000)
    for stage, budget in (("d", FILTER_MS), ("h", SEARCH_MS)):
        name = f"({stage}) <= {budget:g} ms at N=100,000"
        if at_100k:
            ms = at_100k[stage] * 1000
            out.append(Check(name, ms <= budget, f"{ms:.1f} ms"))
        else:
            not_measured.append(name)
    names = (
        f"(j) <= {WARM_S:g} s at N=100,000",
        f"(j) <= {WARM_RATIO:g}x (i) at N=100,000",
        f"(i) peak RSS <= {COLD_RSS_MB:,.0f} MB at N=100,000",
    )
    if at_100k and "j" in at_100k:
        j, ratio, rss = at_100k["j"], at_100k["j"] / at_100k["i"], at_100k["i_rss_mb"]
        out.append(Check(names[0], j <= WARM_S, f"{j:.2f} s"))
        out.append(Check(names[1], ratio <= WARM_RATIO, f"{ratio:.3f}x"))
        out.append(Check(names[2], rss <= COLD_RSS_MB, f"{rss:,.0f} MB"))
    else:
        not_measured.extend(names)
    name = f"(e) <= {FIGURE_10K_S:g} s at 10,000 visible events"
    if 10_000 in results:
        e = results[10_000]["e"]
        out.append(Check(name, e <= FIGURE_10K_S, f"{e:.3f} s"))
    else:
        not_measured.append(name)
    names = (
        f"(e) <= {FIGURE_100K_S:g} s at 100,000 visible events",
        f"(e) payload <= {PAYLOAD_100K_MB:g} MB at 100,000",
    )
    if at_100k:
        e, mb = at_100k["e"], at_100k["e_mb"]
        out.append(Check(names[0], e <= FIGURE_100K_S, f"{e:.3f} s"))
        out.append(Check(names[1], mb <= PAYLOAD_100K_MB, f"{mb:.2f} MB"))
    else:
        not_measured.extend(names)
    name = f"(g) <= {PACK_10K_S:g} s at 10,000 events"
    if "g" in results.get(10_000, {}):
        g = results[10_000]["g"]
        out.append(Check(name, g <= PACK_10K_S, f"{g:.3f} s"))
    else:
        not_measured.append(name)
    name = f"(m) <= (e) + {MAP_AFTER_TIMELINE_S:g} s at 10,000 events over 500 places"
    if results.get(10_000, {}).get("m_places"):  # a record without places would time an empty map
        m, e = results[10_000]["m"], results[10_000]["e"]
        out.append(Check(name, m - e <= MAP_AFTER_TIMELINE_S, f"{m:.3f} s, {m - e:+.3f} s from (e)"))
    else:
        not_measured.append(name)
    name = f"(f) <= {RERUN_S:g} s at N={APP_SIZE:,}"
    if app_size == APP_SIZE and "f" in results.get(APP_SIZE, {}):
        f = results[APP_SIZE]["f"]
        out.append(Check(name, f <= RERUN_S, f"{f:.3f} s"))
    else:
        ran = f", timed at N={app_size:,}" if "f" in results.get(app_size, {}) else ""
        not_measured.append(name + ran)
    return out, not_measured


ROWS: list[tuple[str, str, Callable[[float], str]]] = [
    ("a", "(a) yaml.load, CSafeLoader, collector on (s)", lambda v: f"{v:.3f}"),
    ("a_paused", "(a') the same, collector paused (s)", lambda v: f"{v:.3f}"),
    ("b", "(b) load_record (s)", lambda v: f"{v:.3f}"),
    ("b/a", "    ratio (b)/(a)", lambda v: f"{v:.2f}"),
    ("b/a_paused", "    ratio (b)/(a')", lambda v: f"{v:.2f}"),
    ("b_growth", "    growth of (b) from the N before, timed in turn", lambda v: f"{v:.1f}x"),
    ("c", "(c) events_frame() (s)", lambda v: f"{v:.3f}"),
    ("prepare", "    app's prepare(record) (s)", lambda v: f"{v:.3f}"),
    ("d", "(d) filter change (ms)", lambda v: f"{v * 1000:.1f}"),
    ("d_rows", "    rows shown", lambda v: f"{v:,.0f}"),
    ("h", "(h) text search alone (ms)", lambda v: f"{v * 1000:.1f}"),
    ("h_rows", "    rows found", lambda v: f"{v:,.0f}"),
    ("e", "(e) timeline figure + to_json (s)", lambda v: f"{v:.3f}"),
    ("e_mb", "    payload (MB)", lambda v: f"{v:.2f}"),
    ("m", "(m) map figure + to_json (s)", lambda v: f"{v:.3f}"),
    ("m_mb", "    payload (MB)", lambda v: f"{v:.2f}"),
    ("m_places", "    places", lambda v: f"{v:,.0f}"),
    ("g", "(g) timeline layout: packing every event (s)", lambda v: f"{v:.3f}"),
    ("g/e", "    ratio (g)/(e)", lambda v: f"{v:.2f}"),
    ("g_labels", "    the same with labels (s)", lambda v: f"{v:.3f}"),
    ("f", "(f) app rerun after filter change (s)", lambda v: f"{v:.3f}"),
    ("f_first_run", "    app first run, loading (s)", lambda v: f"{v:.2f}"),
    ("peak_rss_mb", "peak memory of (a)-(h), RSS (MB)", lambda v: f"{v:,.0f}"),
    ("i", "(i) cold load, fresh process, cache written (s)", lambda v: f"{v:.3f}"),
    ("i_rss_mb", "    its peak memory, RSS (MB)", lambda v: f"{v:,.0f}"),
    ("j", "(j) warm load from the cache, fresh process (s)", lambda v: f"{v:.3f}"),
    ("j/i", "    ratio (j)/(i)", lambda v: f"{v:.3f}"),
    ("j_rss_mb", "    its peak memory, RSS (MB)", lambda v: f"{v:,.0f}"),
    ("cache_mb", "    cache file (MB)", lambda v: f"{v:.1f}"),
]
GROWTH_ROWS = {
    *("a", "a_paused", "b", "c", "prepare", "d", "h", "e", "e_mb", "m", "m_mb", "g", "f", "peak_rss_mb"),
    *("i", "i_rss_mb", "j", "cache_mb"),
}


def table(results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(results)
    for n1, n2 in itertools.pairwise(sizes):
        results[n2]["b_growth"] = growth_in_turn(results, n1, n2)
    for r in results.values():
        r["b/a"] = r["b"] / r["a"]
        r["b/a_paused"] = r["b"] / r["a_paused"]
        if "g" in r:
            r["g/e"] = r["g"] / r["e"]
        if "j" in r:
            r["j/i"] = r["j"] / r["i"]
    head = ["stage"] + [f"N={n:,}" for n in sizes] + (["growth per 10x of N"] if len(sizes) > 1 else [])
    lines = [head]
    for key, label, fmt in ROWS:
        values = [results[n].get(key) for n in sizes]
        if all(v is None for v in values):
            continue
        row = [label] + [fmt(v) if v is not None else "" for v in values]
        if len(sizes) > 1:
            g = growth(sizes, values) if key in GROWTH_ROWS else []
            row.append(", ".join(f"{x:.1f}x" for x in g if x is not None))
        lines.append(row)
    return markdown_table(lines)


def print_checks(found: list[Check], not_measured: list[str]) -> None:
    """One line per budget: met (ok), missed (FAIL) or not measured in this run."""
    for c in found:
        print(f"{'ok  ' if c.ok else 'FAIL'} {c.name}: {c.detail}")
    for name in not_measured:
        print(f"not measured: {name}")


def exit_status(found: list[Check]) -> int:
    """0 when every budget checked is met; else 1, after a line naming each one missed."""
    failed = [c for c in found if not c.ok]
    if failed:
        print("over budget: " + "; ".join(f"{c.name} ({c.detail})" for c in failed))
        return 1
    return 0


def markdown_table(lines: list[list[str]]) -> str:
    """Rows of cells (the first the header) as a Markdown table: the first column left-aligned, the others
    right-aligned, each as wide as its widest cell."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = []
    for i, line in enumerate(lines):
        cells = [line[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)]
        out.append("| " + " | ".join(cells) + " |")
        if i == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def machine() -> str:
    cpus = os.cpu_count()
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        mem_text = f", {mem:.0f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        mem_text = ""
    import pandas
    import plotly
    import pydantic
    import streamlit
    import yaml

    versions = (
        f"Python {platform.python_version()}, PyYAML {yaml.__version__} (libyaml), pydantic {pydantic.VERSION}, "
        f"pandas {pandas.__version__}, plotly {plotly.__version__}, streamlit {streamlit.__version__}"
    )
    cpu = platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    return f"{cpu}, {cpus} cores{mem_text}, {platform.system()} {platform.release()}; {versions}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Scale benchmark of the loader and the dashboard's pure parts.")
    parser.add_argument(
        "--quick", action="store_true", help="N = 1,000 and 10,000 only; the budgets for N = 100,000 are not measured"
    )
    parser.add_argument("--sizes", help="comma-separated event counts (default 1000,10000,100000)")
    parser.add_argument("--app-at", type=int, default=APP_SIZE, help="N at which to time the app rerun (f)")
    parser.add_argument("--reps", type=int, help="repetitions after the warm-up (default 5, 3 at N >= 100,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None, help="where generated records are kept")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--app", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--load-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--previous", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.load_child:
        print(json.dumps(load_child(args.load_child)))
        return 0
    if args.child:
        result = child(args.child, args.reps or 5, args.app, args.previous)
        print(json.dumps(result))
        return 0

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")] if args.sizes else None
    sizes = sorted(sizes or (QUICK_SIZES if args.quick else FULL_SIZES))
    data_dir = args.data or default_data_dir()

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = time.perf_counter()
    results: dict[int, dict[str, Any]] = {}
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env["MEK_TIMELINE_NO_CACHE"] = "1"  # (a)-(h) measure the loader itself; (i) and (j) turn the cache on
    previous: tuple[int, Path] | None = None
    for n in sizes:
        path = record_for(n, args.seed, data_dir, log=log)
        reps = args.reps or (5 if n < 100_000 else 3)
        cmd = [sys.executable, "-m", "benchmarks.run", "--child", str(path), "--reps", str(reps)]
        if previous is not None:
            cmd += ["--previous", str(previous[1])]
        if n == args.app_at:
            cmd.append("--app")
        log(f"measuring N={n:,} ({reps} repetitions after a warm-up) ...")
        t = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            log(proc.stdout + proc.stderr)
            log(f"the measurement at N={n:,} failed (exit {proc.returncode})")
            return 2
        results[n] = json.loads(proc.stdout.strip().splitlines()[-1])
        if previous is not None:
            results[n]["b_previous_n"] = previous[0]
        previous = (n, path)
        log(f"  cold and warm loads of N={n:,} ...")
        try:
            results[n].update(load_runs(path, reps, env))
        except RuntimeError as exc:
            log(str(exc))
            return 2
        log(f"  done in {time.perf_counter() - t:.0f} s")

    print(f"Records: seed {args.seed}, {SOURCES_PER_1000} documents per 1,000 events; ", end="")
    print(
        "; ".join(
            f"N={n:,}: {r['record_mb']:.1f} MB YAML, {r['citations']:,} citations, {r['corpus_mb']:.0f} MB of sources"
            for n, r in results.items()
        )
    )
    print(f"Machine: {machine()}")
    print()
    print(table(results))
    print()
    found, not_measured = checks(results, args.app_at)
    print_checks(found, not_measured)
    print(f"total time {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": results}, indent=2) + "\n", encoding="utf-8")
    return exit_status(found)


if __name__ == "__main__":
    sys.exit(main())
