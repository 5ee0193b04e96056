"""What a Plotly chart in the page draws, as boxes on screen, and what the real mouse gets from each.

Marks are read from what Plotly exposes in the page: the SVG ``.point`` elements of each trace
(bars, markers), or, for traces drawn without them (WebGL ``scattergl``, line-only scatters),
their data placed through the trace's axes. A mark's event id is the first element of its
``customdata``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HOVER_GAP_MS = 53
"""Milliseconds between mouse moves as the page receives them: Plotly handles one hover per 50 ms at most."""

MARKS_JS = """(gd) => {
    const fl = gd._fullLayout;
    const svg = gd.querySelector('.main-svg').getBoundingClientRect();
    const idOf = (trace, i) => {
        const c = trace.customdata ? trace.customdata[i] : undefined;
        const v = Array.isArray(c) || ArrayBuffer.isView(c) ? c[0] : c;
        return v === undefined || v === null || v === '' ? null : String(v);
    };
    const axes = (trace) => [fl['xaxis' + (trace.xaxis || 'x').slice(1)], fl['yaxis' + (trace.yaxis || 'y').slice(1)]];
    const area = (trace) => {
        const [xa, ya] = axes(trace);
        return {l: svg.left + xa._offset, r: svg.left + xa._offset + xa._length,
                t: svg.top + ya._offset, b: svg.top + ya._offset + ya._length};
    };
    const clip = (box, a) => {
        const out = {l: Math.max(box.l, a.l), r: Math.min(box.r, a.r),
                     t: Math.max(box.t, a.t), b: Math.min(box.b, a.b)};
        return out.l <= out.r && out.t <= out.b ? out : null;
    };
    const traces = gd._fullData.filter(t => t.visible === true && t.customdata);
    const ids = new Set();
    for (const t of traces) {
        const n = t._length || t.customdata.length;
        for (let i = 0; i < n; i++) { const id = idOf(t, i); if (id !== null) ids.add(id); }
    }
    const marks = [];
    const drawn = new Set();
    for (const g of gd.querySelectorAll('.cartesianlayer .trace')) {
        const trace = g.__data__ && g.__data__[0] && g.__data__[0].trace;
        if (!trace || trace.visible !== true || !trace.customdata) continue;
        const points = g.querySelectorAll('.point');
        if (!points.length) continue;
        drawn.add(trace.index);
        const a = area(trace);
        points.forEach((el, k) => {
            const i = el.__data__ && el.__data__.i !== undefined ? el.__data__.i : k;
            const id = idOf(trace, i);
            const r = el.getBoundingClientRect();
            const box = r.width || r.height ? clip({l: r.left, r: r.right, t: r.top, b: r.bottom}, a) : null;
            if (id !== null) marks.push({id, trace: trace.index, i, box, kind: trace.type});
        });
    }
    // traces drawn without SVG points (WebGL, lines): their data through the axes
    const coord = (ax, v) => {
        if (v === null || v === undefined || (typeof v === 'number' && !isFinite(v))) return null;
        const c = ax.type === 'category' || ax.type === 'multicategory' ? ax._categoriesMap[v] : ax.d2c(v);
        if (c === undefined || c === null || !isFinite(c)) return null;
        const p = ax.c2p(c);
        return isFinite(p) ? ax._offset + p : null;
    };
    const pick = (v, i, fallback) => Array.isArray(v) || ArrayBuffer.isView(v) ? (v[i] ?? fallback) : (v ?? fallback);
    for (const trace of traces) {
        if (drawn.has(trace.index) || !trace.x || !trace.y) continue;
        const [xa, ya] = axes(trace);
        const a = area(trace);
        const n = Math.min(trace.x.length, trace.y.length);
        const at = (i) => {
            const x = coord(xa, trace.x[i]), y = coord(ya, trace.y[i]);
            return x === null || y === null ? null : [svg.left + x, svg.top + y];
        };
        const mode = trace.mode || '';
        if (mode.includes('markers')) {
            for (let i = 0; i < n; i++) {
                const p = at(i), id = idOf(trace, i);
                if (!p || id === null) continue;
                const marker = trace.marker || {};
                const h = pick(marker.size, i, 6) / 2 + pick((marker.line || {}).width, i, 0) / 2;
                marks.push({id, trace: trace.index, i, kind: trace.type,
                            box: clip({l: p[0] - h, r: p[0] + h, t: p[1] - h, b: p[1] + h}, a)});
            }
        }
        if (mode.includes('lines')) {
            const h = ((trace.line || {}).width || 2) / 2;
            for (let i = 0; i + 1 < n; i++) {
                const p = at(i), q = at(i + 1), id = idOf(trace, i);
                if (!p || !q || id === null || idOf(trace, i + 1) !== id) continue;
                const box = {l: Math.min(p[0], q[0]) - h, r: Math.max(p[0], q[0]) + h,
                             t: Math.min(p[1], q[1]) - h, b: Math.max(p[1], q[1]) + h};
                marks.push({id, trace: trace.index, i, kind: trace.type, box: clip(box, a)});
            }
        }
    }
    return {ids: [...ids], marks};
}"""
"""Every event id in the chart's traces, and every mark: its id, trace, point and box (null when off the plot)."""

LISTEN_JS = """(gd) => {
    window.__gd = gd;
    window.__before = gd._hoverdata;
    window.__hovers = [];
    window.__hovered = null;
    window.__move = null;
    window.addEventListener('mousemove', (e) => { window.__move = {x: e.clientX, y: e.clientY, t: Date.now()}; }, true);
    const note = (kind) => (data) => {
        const e = data && data.event;
        const p = data && data.points && data.points[0];
        const c = p ? p.customdata : undefined;
        const id = kind === 'hover' && c !== undefined && c !== null
            ? String(Array.isArray(c) ? c[0] : c) : null;
        window.__hovered = id;
        window.__hovers.push({kind, id, x: e ? e.clientX : null, y: e ? e.clientY : null});
    };
    gd.on('plotly_hover', note('hover'));
    gd.on('plotly_unhover', note('unhover'));
}"""
"""Keep the event id of the latest ``plotly_hover`` (``points[0].customdata``; None after ``plotly_unhover``),
a log of both, and where and when the page last saw the mouse move."""

HOVERED_JS = """async ([x, y, gap]) => {
    const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms));
    const gd = window.__gd;
    const start = Date.now();
    const here = () => window.__move && window.__move.x === x && window.__move.y === y;
    while (!here() && Date.now() - start < 1000) await sleep(2);
    // a later move to the same place (the browser sends one when the page changes under the mouse) restarts the wait
    while (window.__move && Date.now() < window.__move.t + gap) await sleep(window.__move.t + gap - Date.now());
    if (gd._hoverdata === window.__before) await sleep(gap);  // not handled yet, or nothing before and after
    window.__before = gd._hoverdata;
    return window.__hovered;
}"""
"""The id hovered at (x, y), once Plotly has handled the move there (it replaces ``gd._hoverdata`` on each
hover it handles, and throttles one that comes too soon); resolves when the next move will be handled at once."""


SETTLED_JS = """(gd) => {
    const app = document.querySelector('.stApp');
    const idle = !app || app.getAttribute('data-test-script-state') !== 'running';
    const busy = document.querySelector('[data-testid="stStatusWidget"]');
    return idle && !busy && !!gd._fullLayout && !!gd._fullData && !!gd.calcdata
        && !!gd.querySelector('.main-svg') && typeof gd.on === 'function';
}"""
"""True once the chart is drawn and Streamlit is not running the script (the browser benchmark waits on it)."""

LAID_OUT_JS = f"""() => {{
    const gd = document.querySelector('[role="tabpanel"] .js-plotly-plot');
    if (!gd || !document.querySelector('.stApp') || !({SETTLED_JS})(gd)) return false;
    const column = gd.closest('[data-testid="stPlotlyChart"]').getBoundingClientRect().width;
    const laidOut = (gd.layout.meta && gd.layout.meta.width) || gd._fullLayout.width;
    return Math.abs(laidOut - column) < 2;
}}"""
"""True once the timeline (found afresh: a rerun may draw a new one) is laid out for the width of its column:
the width its titles were placed for (``meta.width``), not only the width Plotly sizes it to."""


@dataclass(frozen=True)
class Mark:
    """One drawn mark: the event it shows and its box on screen (left, top, right, bottom), clipped to the plot."""

    id: str
    trace: int
    point: int
    kind: str
    box: tuple[float, float, float, float] | None

    def holds(self, x: float, y: float, slack: float = 1.0) -> bool:
        """Whether (x, y) is on the mark, give or take ``slack`` pixels."""
        if self.box is None:
            return False
        left, top, right, bottom = self.box
        return left - slack <= x <= right + slack and top - slack <= y <= bottom + slack


@dataclass
class Chart:
    """The event ids a chart holds and the marks that draw them."""

    ids: set[str]
    marks: list[Mark] = field(default_factory=list)

    def marks_of(self, event_id: str) -> list[Mark]:
        return [m for m in self.marks if m.id == event_id]


def read_chart(plot) -> Chart:
    """The marks of a Plotly chart (a Playwright element handle or locator of its graph div)."""
    raw = plot.evaluate(MARKS_JS)
    marks = [
        Mark(
            id=m["id"],
            trace=m["trace"],
            point=m["i"],
            kind=m["kind"],
            box=(m["box"]["l"], m["box"]["t"], m["box"]["r"], m["box"]["b"]) if m["box"] else None,
        )
        for m in raw["marks"]
    ]
    return Chart(ids=set(raw["ids"]), marks=marks)


def probes(mark: Mark, *, edges: bool, inset: float = 2.0, min_width: float = 6.0) -> list[tuple[int, int]]:
    """Whole-pixel mouse positions on a mark: its centre, and with ``edges`` points ``inset`` inside its ends."""
    if mark.box is None:
        return []
    left, top, right, bottom = mark.box
    y = round((top + bottom) / 2)
    out = [(round((left + right) / 2), y)]
    if edges and right - left > min_width:
        out += [(int(left + inset + 0.999), y), (int(right - inset), y)]
    return out


def hover_each(page, positions: list[tuple[int, int]]) -> dict[tuple[int, int], str | None]:
    """Move the mouse to each position in turn; the event id Plotly reports hovered at each (None: nothing).

    Needs :data:`LISTEN_JS` run on the chart first. Each move is handled before the next is made.
    """
    delivered: dict[tuple[int, int], str | None] = {}
    for pos in dict.fromkeys(positions):
        page.mouse.move(*pos)
        delivered[pos] = page.evaluate(HOVERED_JS, [*pos, HOVER_GAP_MS])
    return delivered
