"""Browser benchmark, stage (k): the app's timeline of 10,000 events in headless Chromium, beside vis-timeline.

    python -m benchmarks.browser                 # 10,000 events, 3 rounds (about 3 minutes on 2 cores)
    python -m benchmarks.browser --rounds 5 --json browser.json

Needs Chromium (``/usr/bin/chromium``, or ``$BROWSER_PATH``), the test dependencies (Playwright)
and vis-timeline from npm (``npm ci --prefix benchmarks``).

On the generated record of N events (``python -m benchmarks.generate DIR --events 10000 --seed 1``,
kept where ``benchmarks.run`` keeps its records) it starts the dashboard on 127.0.0.1 and a free
port, as the browser tests do, with a cache of validated records of its own, and opens
``?lanes=category`` in a 1440x900 window of one headless Chromium:

(k)  the app: a first page after the server started (the record read, checked and cached), then in
     each round a new tab (a new browser context, so a new Streamlit session and an empty browser
     cache): the time from navigation until the timeline's Plotly graph is drawn with its marks and
     Streamlit is idle, and stays so for ``QUIET_S`` (a rerun after the page measured its column
     would restart the wait); when the websocket brought its first message, the timeline's figure
     and the end of the script's run; the figure as the page holds it (``JSON.stringify`` of the
     graph's data and layout, typed arrays written out as plain arrays), the timeline's figure as
     it came and every byte the page received on its websocket; the tallest plot in device pixels;
     and, in the last round, 40 sampled drawn marks hovered at their pixels, each expected to name
     itself
(l)  vis-timeline (its standalone UMD build) on a local page, drawing the same items the app drew
     (id, title as content, start, end, lane as group, stacked) over the same period: the time from
     navigation to its first ``changed`` event with items drawn
(m)  the app's exported interactive page of the same view (``mek-timeline export --format html
     --group-by category``), opened from a file: the time from navigation until its graph is drawn
     with its marks; and vis-timeline on every event of the view, the items that page draws (most
     of the run's time: tens of seconds a round)

Each round opens the four pages in turn, each in a new context, and the table gives each round and
the median; the budgets are checked on the medians, at N = 10,000 only (at another N they are
printed as "not measured"). Nothing is fetched from outside: the local pages are files, the
browser resolves no host name, and every request is checked. Exit status 0 when every budget is
met, 1 otherwise (each failed budget named), 2 when the measurement itself failed.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: python benchmarks/browser.py
    sys.path.insert(0, str(ROOT))

from benchmarks.run import (  # noqa: E402
    Check,
    default_data_dir,
    exit_status,
    machine,
    markdown_table,
    print_checks,
    record_for,
)

EVENTS = 10_000
"""The N the budgets are stated for."""

WIDTH, HEIGHT = 1440, 900
QUERY = "/?lanes=category"
LANES = "category"

FIRST_CHART_S = 4.0  # (k) the first chart on a new tab, server warm
PAYLOAD_MB = 1.5  # (k) the figure as the page holds it, in MB of 10^6 bytes
MAX_DEVICE_PX = 8_000  # (k) no plot taller than this, in device pixels
HOVER_SAMPLE = 40  # (k) sampled drawn marks, each hovering as itself

QUIET_S = 2.0
"""How long the chart must stay drawn with Streamlit idle before it counts as the page's chart."""

FIRST_PAGE_TIMEOUT_S = 600
"""The first page after the server started waits for the record to be read and checked."""

PAGE_TIMEOUT_S = 300
"""vis-timeline on 10,000 items takes tens of seconds, more on a busy machine."""

NOT_MARKS = ("titles", "counted")
"""Traces of the app's timeline whose points are not event marks: titles beside marks, counts per period."""

VIS_DIR = ROOT / "benchmarks" / "node_modules" / "vis-timeline"
VIS_JS = VIS_DIR / "standalone" / "umd" / "vis-timeline-graph2d.min.js"

NO_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
"""The browser resolves no host name, so a page cannot fetch anything from outside this machine."""

LOCAL = ("file:", "data:", "blob:", "about:", "chrome-error:", "http://127.0.0.1:", "ws://127.0.0.1:")


class MeasureError(Exception):
    """The measurement itself failed (no browser, a page that did not draw, a request outside); one line."""


# --- the pages ----------------------------------------------------------------------------------

GRAPH_JS = "document.querySelector('.js-plotly-plot')"
"""The page's first Plotly graph: the timeline (its tab comes first), or the exported page's chart."""

MARKS_DRAWN_JS = "(gd) => !!gd.querySelector('.cartesianlayer .point') || !!gd.querySelector('.gl-canvas-context')"
"""Whether a graph has drawn marks: SVG points, or its WebGL canvas once drawn."""


def ready_script(ready_js: str) -> str:
    """A script run before the page's own (top frame only): it tests ``ready_js`` on every animation
    frame and logs each change as ``[performance.now(), ready]`` in ``window.__bench.events``; and it
    keeps each message the page's websockets receive, with when it came, in ``window.__bench.received``
    (read after the timing, so nothing leaves the page while it loads)."""
    return f"""(() => {{
  if (window !== window.top) return;
  const ready = {ready_js};
  const bench = window.__bench = {{events: [], ready: false, stop: false, received: []}};
  const Native = window.WebSocket;
  if (Native) {{
    const Watched = function (...args) {{
      const ws = new Native(...args);
      ws.addEventListener("message", (e) => bench.received.push([performance.now(), e.data]));
      return ws;
    }};
    Watched.prototype = Native.prototype;
    for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Watched[name] = Native[name];
    window.WebSocket = Watched;
  }}
  const tick = () => {{
    if (bench.stop) return;
    let ok = false;
    try {{ ok = !!ready(); }} catch (e) {{ ok = false; }}
    if (ok !== bench.ready) {{ bench.ready = ok; bench.events.push([performance.now(), ok]); }}
    requestAnimationFrame(tick);
  }};
  requestAnimationFrame(tick);
}})();"""


def graph_ready_js() -> str:
    """Ready when the page's graph is drawn with its marks and Streamlit (if any) runs no script."""
    from tests.e2e.plotly_marks import SETTLED_JS

    return f"() => {{ const gd = {GRAPH_JS}; return !!gd && ({SETTLED_JS})(gd) && ({MARKS_DRAWN_JS})(gd); }}"


VIS_READY_JS = "() => window.__drawn !== undefined"

RECEIVED_JS = """async () => {
    const out = [];
    for (const [t, data] of window.__bench.received) {
        if (typeof data === 'string') { out.push([t, 'text', data]); continue; }
        const bytes = new Uint8Array(data instanceof Blob ? await data.arrayBuffer() : data);
        let binary = '';
        for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        out.push([t, 'binary', btoa(binary)]);
    }
    return out;
}"""
"""Each websocket message the page received: ``[ms from navigation, 'text' or 'binary', text or base64]``."""

FIGURE_JS = """(gd) => {
    const plain = (key, value) => ArrayBuffer.isView(value) ? Array.from(value) : value;
    const json = JSON.stringify({data: gd.data, layout: gd.layout}, plain);
    const meta = gd.layout.meta || {};
    const plots = [...document.querySelectorAll('.js-plotly-plot')].filter(p => p._fullLayout);
    return {
        bytes: new TextEncoder().encode(json).length,
        height_px: gd._fullLayout.height * window.devicePixelRatio,
        tallest_px: Math.max(...plots.map(p => p._fullLayout.height * window.devicePixelRatio)),
        plots: plots.length,
        counted: meta.counted || 0,
        timeline: 'counted' in meta && 'marks' in meta,
    };
}"""
"""The graph as the page holds it: its JSON size, its height and the tallest plot's in device pixels."""

VIS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>vis-timeline: {count} items</title>
<script src="vis-timeline-graph2d.min.js"></script>
</head>
<body style="margin:0;padding:8px;font-family:sans-serif">
<div id="timeline"></div>
<script src="items.js"></script>
<script>
(function () {{
  "use strict";
  const container = document.getElementById("timeline");
  const timeline = new vis.Timeline(container);
  timeline.on("changed", function () {{
    if (window.__drawn === undefined && container.querySelector(".vis-foreground .vis-item")) {{
      window.__drawn = performance.now();
    }}
  }});
  timeline.setOptions({{stack: true, orientation: "top", start: window.PERIOD[0], end: window.PERIOD[1]}});
  timeline.setGroups(new vis.DataSet(window.GROUPS));
  timeline.setItems(new vis.DataSet(window.ITEMS));
  window.__timeline = timeline;
}})();
</script>
</body>
</html>
"""

VIS_DRAWN_JS = """() => ({
    items: document.querySelectorAll('#timeline .vis-foreground .vis-item').length,
    height_px: document.getElementById('timeline').getBoundingClientRect().height,
})"""


def epoch_ms(day: date) -> int:
    return (day - date(1970, 1, 1)).days * 86_400_000


def vis_items(
    frame: Any, labels: Any, ids: Iterable[str] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """vis-timeline's items and groups for the events of ``frame`` (only ``ids``, when given), one lane per category.

    An item is the event's id, its title (escaped) as content, its first day and the day after its
    last (vis-timeline's end is exclusive) as epoch milliseconds, and its lane as group; groups come
    in the app's lane order, their names escaped.
    """
    from dashboard.timeline import lane_order, lane_rows

    rows = lane_rows(frame, LANES, labels).reset_index(drop=True)
    if ids is not None:
        rows = rows[rows["id"].isin(set(ids))].reset_index(drop=True)
    order = lane_order(rows) if len(rows) else []
    items = [
        {
            "id": str(row.id),
            "content": html.escape(str(row.title)),
            "start": epoch_ms(row.start.date()),
            "end": epoch_ms(row.end.date() + timedelta(days=1)),
            "group": str(row.lane),
        }
        for row in rows.itertuples(index=False)
    ]
    groups = [{"id": str(lane), "content": html.escape(str(lane))} for lane in order]
    return items, groups


def write_vis_page(
    folder: Path, items: Sequence[dict], groups: Sequence[dict], period: tuple[date, date], vis_js: Path = VIS_JS
) -> Path:
    """A page of its own in ``folder`` drawing ``items`` with vis-timeline over ``period``: index.html, the
    items as a script beside it and a copy of vis-timeline's standalone build, nothing else."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(vis_js, folder / vis_js.name)
    first, last = period
    data = {"ITEMS": list(items), "GROUPS": list(groups), "PERIOD": [epoch_ms(first), epoch_ms(last + timedelta(1))]}
    script = "".join(f"window.{name} = {json.dumps(value, ensure_ascii=True)};\n" for name, value in data.items())
    (folder / "items.js").write_text(script, encoding="utf-8")
    page = folder / "index.html"
    page.write_text(VIS_PAGE.format(count=len(items)), encoding="utf-8")
    return page


# --- what the app's page received on its websocket -----------------------------------------------


@dataclass
class Received:
    """What a page load received on its websocket: bytes per kind of Streamlit message (``element:dataframe``,
    ``delta:add_block``, ``script_finished``, ...), the size of the timeline's figure (the spec of the plotly
    chart of the timeline's key), and when (seconds from navigation) the first message, the timeline's and
    the first ``script_finished`` came; None for what did not come."""

    kinds: Counter
    timeline_bytes: int | None = None
    first_s: float | None = None
    timeline_s: float | None = None
    finished_s: float | None = None


def read_websocket(frames: Iterable[tuple[float, bytes | str]], timeline_key: str) -> Received:
    """Read ``(seconds from navigation, message)`` pairs as the Streamlit messages they are."""
    from google.protobuf.message import DecodeError
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    out = Received(Counter())
    for t, frame in frames:
        if out.first_s is None:
            out.first_s = t
        if isinstance(frame, str):
            out.kinds["text"] += len(frame.encode())
            continue
        try:
            msg = ForwardMsg.FromString(frame)
        except DecodeError:  # not a message this Streamlit reads
            out.kinds["unread"] += len(frame)
            continue
        kind = msg.WhichOneof("type") or "empty"
        if kind == "script_finished" and out.finished_s is None:
            out.finished_s = t
        if kind == "delta":
            delta = kind = msg.delta.WhichOneof("type") or "empty"
            if delta == "new_element":
                element = msg.delta.new_element.WhichOneof("type") or "empty"
                kind = f"element:{element}"
                chart = msg.delta.new_element.plotly_chart
                if element == "plotly_chart" and chart.id.endswith(f"-{timeline_key}") and out.timeline_s is None:
                    out.timeline_bytes, out.timeline_s = len(chart.spec.encode()), t
            else:
                kind = f"delta:{delta}"
        out.kinds[kind] += len(frame)
    return out


# --- measuring in the browser --------------------------------------------------------------------


@dataclass
class Tab:
    """A page opened in a new context, with what it requested and received."""

    context: Any
    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.context.close()

    def outside(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL)]


def new_tab(browser: Any, ready_js: str) -> Tab:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    context.add_init_script(ready_script(ready_js))
    page = context.new_page()
    tab = Tab(context, page)
    page.on("request", lambda r: tab.requests.append(r.url))
    page.on("pageerror", lambda e: tab.errors.append(str(e)))
    return tab


def wait_ready(tab: Tab, url: str, *, quiet_s: float, timeout_s: float) -> tuple[float, float, int]:
    """Open ``url``; once the page is ready and has stayed so for ``quiet_s``: when it first became ready,
    when it last became ready (seconds from navigation) and how many times it did."""
    page = tab.page
    page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
    settled = """(quiet) => { const b = window.__bench;
        return !!b && b.ready && performance.now() - b.events[b.events.length - 1][0] >= quiet; }"""
    try:
        page.wait_for_function(settled, arg=quiet_s * 1000, polling=100, timeout=timeout_s * 1000)
    except Exception as exc:  # a timeout, or the page closed
        message = f"{url}: not drawn within {timeout_s:.0f} s ({type(exc).__name__}); {tab.errors[:3]}"
        raise MeasureError(message) from None
    events = page.evaluate("() => { window.__bench.stop = true; return window.__bench.events; }")
    became = [t / 1000 for t, ok in events if ok]
    if tab.errors:
        raise MeasureError(f"{url}: errors in the page: {tab.errors[:3]}")
    if outside := tab.outside():
        raise MeasureError(f"{url}: requested from outside this machine: {outside[:3]}")
    return became[0], became[-1], len(became)


def app_tab(browser: Any, url: str, *, timeout_s: float, hover: int = 0, shot: Path | None = None) -> dict[str, Any]:
    """(k) one new tab of the app: time to its chart, the figure's size, the websocket, and with ``hover``
    that many sampled drawn marks hovered; with ``shot``, a screenshot of the page saved there at the end."""
    from dashboard.state import Keys

    tab = new_tab(browser, graph_ready_js())
    try:
        first, final, draws = wait_ready(tab, url, quiet_s=QUIET_S, timeout_s=timeout_s)
        plot = tab.page.get_by_role("tabpanel", name="Timeline").locator(".js-plotly-plot").first
        if not plot.evaluate(f"gd => gd === {GRAPH_JS}"):
            raise MeasureError("the page's first graph is not the timeline's")
        out: dict[str, Any] = {"first_draw_s": first, "chart_s": final, "draws": draws}
        figure = plot.evaluate(FIGURE_JS)
        if not figure["timeline"]:
            raise MeasureError("the timeline's graph carries no timeline meta")
        out |= {"figure_mb": figure["bytes"] / 1e6, "height_px": figure["height_px"]}
        out |= {"tallest_px": figure["tallest_px"], "plots": figure["plots"], "counted": figure["counted"]}
        raw = tab.page.evaluate(RECEIVED_JS)
        frames = [(t / 1000, data if kind == "text" else base64.b64decode(data)) for t, kind, data in raw]
        got = read_websocket(frames, Keys.TIMELINE)
        out |= {"ws_mb": sum(got.kinds.values()) / 1e6, "ws_messages": len(frames), "ws_kinds": dict(got.kinds)}
        out["ws_timeline_mb"] = got.timeline_bytes / 1e6 if got.timeline_bytes is not None else None
        out |= {"ws_first_s": got.first_s, "ws_timeline_s": got.timeline_s, "ws_finished_s": got.finished_s}
        out.update(drawn_marks(tab.page, plot, hover))
        if shot:
            tab.page.screenshot(path=str(shot))
        return out
    finally:
        tab.close()


def drawn_marks(page: Any, plot: Any, sample: int) -> dict[str, Any]:
    """The event marks the timeline drew (and their ids); with ``sample``, that many of those on screen
    hovered at their centres with the real mouse, the page made tall enough to show the whole plot."""
    from tests.e2e.plotly_marks import LISTEN_JS, SETTLED_JS, hover_each, probes, read_chart

    if sample:
        bottom = plot.evaluate("gd => gd.getBoundingClientRect().bottom")
        page.set_viewport_size({"width": WIDTH, "height": int(min(bottom + 40, 7_000))})
        page.wait_for_function(SETTLED_JS, arg=plot.element_handle(), timeout=PAGE_TIMEOUT_S * 1000)
    chart = read_chart(plot)
    names = plot.evaluate("gd => gd._fullData.map(t => t.name)")
    marks = [m for m in chart.marks if names[m.trace] not in NOT_MARKS]
    out: dict[str, Any] = {"marks": len(marks), "ids": sorted({m.id for m in marks})}
    if sample:
        plot.evaluate(LISTEN_JS)
        on_screen = [m for m in marks if m.box is not None]
        picked = random.Random(1).sample(on_screen, min(sample, len(on_screen)))
        at = [probes(m, edges=False)[0] for m in picked]
        reported = hover_each(page, at)
        wrong = [(m.id, reported[p]) for m, p in zip(picked, at, strict=True) if reported[p] != m.id]
        out |= {"hovered": len(picked), "hovered_right": len(picked) - len(wrong), "hovered_wrong": wrong[:5]}
    return out


def vis_tab(browser: Any, page: Path, *, timeout_s: float, shot: Path | None = None) -> dict[str, Any]:
    """(l) vis-timeline on a local page: time to its first ``changed`` with items drawn, items drawn, height."""
    tab = new_tab(browser, VIS_READY_JS)
    try:
        wait_ready(tab, page.as_uri(), quiet_s=0.0, timeout_s=timeout_s)
        drawn = tab.page.evaluate("() => window.__drawn") / 1000
        out = {"s": drawn} | tab.page.evaluate(VIS_DRAWN_JS)
        if shot:
            tab.page.screenshot(path=str(shot))
        return out
    finally:
        tab.close()


def export_tab(browser: Any, page: Path, *, timeout_s: float, shot: Path | None = None) -> dict[str, Any]:
    """(m) the exported interactive page: time to its graph drawn with its marks, marks, height."""
    tab = new_tab(browser, graph_ready_js())
    try:
        first, _, _ = wait_ready(tab, page.as_uri(), quiet_s=0.0, timeout_s=timeout_s)
        plot = tab.page.locator(".js-plotly-plot").first
        figure = plot.evaluate(FIGURE_JS)
        marks = drawn_marks(tab.page, plot, 0)
        if shot:
            tab.page.screenshot(path=str(shot))
        return {"s": first, "marks": marks["marks"], "height_px": figure["height_px"], "mb": figure["bytes"] / 1e6}
    finally:
        tab.close()


def export_page(record: Path, out: Path, env: dict[str, str]) -> float:
    """Write the app's interactive HTML export of the view (lanes by category); the seconds it took."""
    cmd = [sys.executable, "-m", "dashboard.cli", "export", "--format", "html", "--out", str(out)]
    cmd += ["--record", str(record), "--group-by", LANES]
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise MeasureError(f"the export failed (exit {proc.returncode}): {(proc.stderr or proc.stdout)[-500:]}")
    return time.perf_counter() - t


# --- the run ----------------------------------------------------------------------------------


def median_of(rounds: Sequence[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in rounds if r.get(key) is not None]
    return statistics.median(values) if values else None


def summary(results: dict[str, Any]) -> dict[str, Any]:
    """The medians over the rounds of each page's figures, and their ratios."""
    rounds = results["rounds"]
    out: dict[str, Any] = {}
    for page, keys in (
        ("app", ("first_draw_s", "chart_s", "figure_mb", "ws_mb", "ws_timeline_mb", "tallest_px", "height_px")),
        ("app", ("ws_first_s", "ws_timeline_s", "ws_finished_s")),
        ("vis", ("s", "items", "height_px")),
        ("export", ("s", "marks", "height_px", "mb")),
        ("vis_all", ("s", "items", "height_px")),
    ):
        for key in keys:
            out[f"{page}.{key}"] = median_of([r[page] for r in rounds], key)
    out["app/vis"] = out["app.chart_s"] / out["vis.s"]
    out["export/vis_all"] = out["export.s"] / out["vis_all.s"]
    out["app/export"] = out["app.chart_s"] / out["export.s"]
    return out


def checks(results: dict[str, Any]) -> tuple[list[Check], list[str]]:
    """The budgets checked on these results (on the medians of the rounds), and those not measured:
    every budget is stated for N = 10,000."""
    s = summary(results)
    hover = results.get("hover", {})
    names = (
        f"(k) first chart on a new tab <= {FIRST_CHART_S:g} s at N={EVENTS:,}",
        f"(k) figure payload <= {PAYLOAD_MB:g} MB at N={EVENTS:,}",
        f"(k) no plot taller than {MAX_DEVICE_PX:,} device px at N={EVENTS:,}",
        f"(k) {HOVER_SAMPLE} of {HOVER_SAMPLE} sampled drawn marks hover as themselves at N={EVENTS:,}",
    )
    if results["events"] != EVENTS:
        return [], [f"{name}, run at N={results['events']:,}" for name in names]
    right, hovered = hover.get("hovered_right", 0), hover.get("hovered", 0)
    return [
        Check(names[0], s["app.chart_s"] <= FIRST_CHART_S, f"{s['app.chart_s']:.2f} s"),
        Check(names[1], s["app.figure_mb"] <= PAYLOAD_MB, f"{s['app.figure_mb']:.2f} MB"),
        Check(names[2], s["app.tallest_px"] <= MAX_DEVICE_PX, f"{s['app.tallest_px']:,.0f} px"),
        Check(names[3], right == hovered == HOVER_SAMPLE, f"{right} of {hovered}"),
    ], []


ROWS: list[tuple[str, str, Callable[[float], str]]] = [
    ("app.chart_s", "(k) app: first chart on a new tab (s)", lambda v: f"{v:.2f}"),
    ("app.first_draw_s", "    its first draw (s), the same unless redrawn", lambda v: f"{v:.2f}"),
    ("app.ws_first_s", "    first message on the websocket (s)", lambda v: f"{v:.2f}"),
    ("app.ws_timeline_s", "    the timeline's figure received (s)", lambda v: f"{v:.2f}"),
    ("app.ws_finished_s", "    the script's run finished (s)", lambda v: f"{v:.2f}"),
    ("app.figure_mb", "    figure as the page holds it, JSON (MB)", lambda v: f"{v:.2f}"),
    ("app.ws_timeline_mb", "    the timeline's figure on the websocket (MB)", lambda v: f"{v:.2f}"),
    ("app.ws_mb", "    websocket bytes received by the page load (MB)", lambda v: f"{v:.2f}"),
    ("app.tallest_px", "    tallest plot (device px)", lambda v: f"{v:,.0f}"),
    ("vis.s", "(l) vis-timeline, the items the app drew (s)", lambda v: f"{v:.2f}"),
    ("vis.items", "    items drawn", lambda v: f"{v:,.0f}"),
    ("vis.height_px", "    its height (px)", lambda v: f"{v:,.0f}"),
    ("app/vis", "    ratio (k)/(l)", lambda v: f"{v:.2f}"),
    ("export.s", "(m) exported HTML of the view (s)", lambda v: f"{v:.2f}"),
    ("export.marks", "    marks drawn", lambda v: f"{v:,.0f}"),
    ("export.mb", "    its figure, JSON (MB)", lambda v: f"{v:.2f}"),
    ("export.height_px", "    its plot's height (device px)", lambda v: f"{v:,.0f}"),
    ("vis_all.s", "    vis-timeline, every event of the view (s)", lambda v: f"{v:.2f}"),
    ("vis_all.items", "    items drawn", lambda v: f"{v:,.0f}"),
    ("vis_all.height_px", "    its height (px)", lambda v: f"{v:,.0f}"),
    ("export/vis_all", "    ratio (m)/vis-timeline on the same events", lambda v: f"{v:.2f}"),
    ("app/export", "ratio (k)/(m)", lambda v: f"{v:.2f}"),
]


def table(results: dict[str, Any]) -> str:
    """Each figure in each round and its median (ratios of the medians)."""
    rounds = results["rounds"]
    s = summary(results)
    head = ["measure", *(f"round {i}" for i in range(1, len(rounds) + 1)), "median"]
    lines = [head]
    for key, label, fmt in ROWS:
        if s.get(key) is None:
            continue
        page, _, name = key.partition(".")
        each = [r[page].get(name) for r in rounds] if name else [None] * len(rounds)
        lines.append([label, *(fmt(v) if v is not None else "" for v in each), fmt(s[key])])
    return markdown_table(lines)


def vis_version() -> str:
    try:
        return json.loads((VIS_DIR / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "?"


def run(record: Path, rounds: int, *, log: Callable[[str], None], shots: Path | None = None) -> dict[str, Any]:
    """Every measurement of the stage on ``record``: the app's first page, then ``rounds`` rounds of four pages;
    with ``shots``, a screenshot of each page of the last round saved in that folder."""
    import pytest
    from playwright.sync_api import sync_playwright

    from dashboard.loading import prepare
    from dashboard.timeline import record_period
    from loaders import load_record
    from tests.e2e import chromium
    from tests.e2e.conftest import serve

    path = chromium.find()
    if path is None:
        raise MeasureError(f"no Chromium found; {chromium.INSTALL}")
    if not VIS_JS.is_file():
        raise MeasureError("vis-timeline is not installed: run `npm ci --prefix benchmarks`")
    work = Path(tempfile.mkdtemp(prefix="mek-timeline-browser-bench-"))
    env = {"XDG_CACHE_HOME": str(work / "cache")}  # a cache of validated records of its own: the first load is cold
    results: dict[str, Any] = {"events": 0, "rounds": []}
    try:
        with mock.patch.dict(os.environ, env), serve(record) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=path, headless=True, args=[*chromium.ARGS, NO_HOSTS])
            results["chromium"] = browser.version
            log(f"the app at {url}{QUERY}: first page after the server started ...")
            first = app_tab(browser, url + QUERY, timeout_s=FIRST_PAGE_TIMEOUT_S)
            results["first_page_s"] = first["chart_s"]
            log(f"  {first['chart_s']:.1f} s; {first['marks']:,} marks drawn")
            log("exporting the view as HTML ...")
            exported = work / "export" / "timeline.html"
            results["export_command_s"] = export_page(record, exported, dict(os.environ, **env))
            loaded = prepare(load_record(record))
            results["events"] = len(loaded.frame)
            period = record_period(loaded.record)
            drawn = write_vis_page(work / "vis", *vis_items(loaded.frame, loaded.labels, first["ids"]), period)
            every = write_vis_page(work / "vis-all", *vis_items(loaded.frame, loaded.labels), period)
            for i in range(1, rounds + 1):
                log(f"round {i} of {rounds} ...")
                last = i == rounds

                def shot(name: str, last: bool = last) -> Path | None:
                    return shots / f"{name}.png" if shots and last else None

                app = app_tab(
                    browser, url + QUERY, timeout_s=PAGE_TIMEOUT_S, hover=HOVER_SAMPLE if last else 0, shot=shot("app")
                )
                if app["ids"] != first["ids"]:
                    raise MeasureError("a new tab drew other marks than the first page")
                one = {"app": app}
                one["vis"] = vis_tab(browser, drawn, timeout_s=PAGE_TIMEOUT_S, shot=shot("vis-timeline"))
                one["export"] = export_tab(browser, exported, timeout_s=PAGE_TIMEOUT_S, shot=shot("export"))
                one["vis_all"] = vis_tab(browser, every, timeout_s=PAGE_TIMEOUT_S, shot=shot("vis-timeline-all"))
                log("  app {:.2f} s, vis-timeline {:.2f} s, export {:.2f} s, vis-timeline (all) {:.2f} s".format(
                    app["chart_s"], one["vis"]["s"], one["export"]["s"], one["vis_all"]["s"]))  # fmt: skip
                results["rounds"].append(one)
            browser.close()
    except pytest.fail.Exception as exc:  # the server did not start
        raise MeasureError(str(exc).splitlines()[0]) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    last = results["rounds"][-1]["app"]
    results["hover"] = {k: last[k] for k in ("hovered", "hovered_right", "hovered_wrong")}
    results["app_marks"], results["app_counted"] = last["marks"], last["counted"]
    results["ws_kinds"] = last["ws_kinds"]
    for r in results["rounds"]:
        r["app"].pop("ids")
    return results


def report(results: dict[str, Any]) -> list[str]:
    """The lines printed before the table: what was drawn, the first page, the websocket's largest parts."""
    kinds = sorted(results["ws_kinds"].items(), key=lambda kv: -kv[1])[:4]
    return [
        f"The app drew {results['app_marks']:,} marks of {results['events']:,} events "
        f"({results['app_counted']:,} counted per period); the first page after the server started took "
        f"{results['first_page_s']:.2f} s (the record read, checked and cached); the export command "
        f"{results['export_command_s']:.1f} s.",
        "Largest parts of the app's websocket: " + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in kinds) + ".",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The app's timeline in Chromium, beside vis-timeline.")
    parser.add_argument("--events", type=int, default=EVENTS, help=f"N (default {EVENTS:,}, the budgets' N)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of new tabs (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None, help="where generated records are kept")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--screenshots", type=Path, help="save each page of the last round as a PNG in this folder")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.events < 1:
        parser.error("--rounds and --events must be at least 1")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = time.perf_counter()
    record = record_for(args.events, args.seed, args.data or default_data_dir(), log=log)
    try:
        if args.screenshots:
            args.screenshots.mkdir(parents=True, exist_ok=True)
        results = run(record, args.rounds, log=log, shots=args.screenshots)
    except MeasureError as exc:
        log(f"the measurement failed: {exc}")
        return 2
    results["record"] = str(record)
    about = f"{machine()}; Chromium {results['chromium']}, vis-timeline {vis_version()}"
    print(f"Record: {args.events:,} events, seed {args.seed}; view {QUERY} at {WIDTH}x{HEIGHT}")
    print(f"Machine: {about}")
    print("\n".join(report(results)))
    print()
    print(table(results))
    print()
    found, not_measured = checks(results)
    print_checks(found, not_measured)
    if wrong := results["hover"]["hovered_wrong"]:
        print(f"marks hovered as another event (mark, hovered): {wrong}")
    print(f"total time {time.perf_counter() - started:.0f} s")
    if args.json:
        saved = {"machine": about, "results": results, "summary": summary(results)}
        args.json.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
    return exit_status(found)


if __name__ == "__main__":
    sys.exit(main())
