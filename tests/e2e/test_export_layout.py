"""Timeline SVGs from ``mek-timeline export`` are legible: no text over other text, none cut off, every title there."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from dashboard.filters import Vocab, apply_filters, from_query
from dashboard.frame import events_frame
from loaders import load_record

from .conftest import ROOT

VIEWS = {
    "whole-record": [],
    "mek-1980-1990": ["--actor", "mek", "--from", "1980", "--to", "1990"],
    "year-1988": ["--from", "1988", "--to", "1988"],
    "year-2018": ["--from", "2018", "--to", "2018"],
}
TITLED = ("mek-1980-1990", "year-1988", "year-2018")
"""Views small enough that every event's title must be written on the timeline."""
MIN_WHOLE_RECORD_TITLES = 60
"""Titles the exported whole record must write: the most salient that fit, never none."""
QUERY = {"--actor": "actor", "--from": "from", "--to": "to"}
SLACK = 1.0
"""Pixels (of the SVG's own coordinates) two boxes may share, or a box may stick out, before it counts."""
ELLIPSIS = "…"
EXPORT_SECONDS = 300

TEXTS_JS = """() => {
    const svg = document.documentElement;
    const outer = svg.getBoundingClientRect();
    const view = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal : null;
    const width = view ? view.width : parseFloat(svg.getAttribute('width'));
    const height = view ? view.height : parseFloat(svg.getAttribute('height'));
    const sx = outer.width / width, sy = outer.height / height;
    const texts = [];
    for (const el of svg.querySelectorAll('text')) {
        const lines = el.querySelectorAll('tspan.line');
        const parts = lines.length ? [...lines].map(l => l.textContent) : [el.textContent];
        const text = parts.join(' ').replace(/\\u200b/g, '').replace(/\\s+/g, ' ').trim();
        if (!text) continue;
        const r = el.getBoundingClientRect();
        if (r.width <= 0 || r.height <= 0) continue;
        texts.push({text, l: (r.left - outer.left) / sx, t: (r.top - outer.top) / sy,
                    r: (r.right - outer.left) / sx, b: (r.bottom - outer.top) / sy});
    }
    return {width, height, texts};
}"""
"""Every non-empty ``<text>`` with its box, in the SVG's own units; the SVG's size."""


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """The timeline SVG of each view, written by the command line (all four at once)."""
    folder = tmp_path_factory.mktemp("exports")
    runs = {}
    for name, args in VIEWS.items():
        target = folder / f"{name}.svg"
        command = [sys.executable, "-m", "dashboard.cli", "export", "--record", str(ROOT / "events.yaml")]
        command += ["--format", "svg", "--out", str(target), *args]
        runs[name] = (target, subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
    out = {}
    try:
        for name, (target, proc) in runs.items():
            log, _ = proc.communicate(timeout=EXPORT_SECONDS)
            assert proc.returncode == 0, f"export of {name} failed ({proc.returncode}): {log.decode(errors='replace')}"
            out[name] = target
    finally:
        for _, proc in runs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return out


@pytest.fixture(scope="module")
def view_events():
    """(id, title) of the events of each view, from the record and the app's filters."""
    record = load_record(ROOT / "events.yaml")
    frame = events_frame(record)
    vocab = Vocab(
        actors=frozenset(record.actors),
        categories=frozenset(record.categories),
        perspectives=frozenset(record.perspectives),
        events=frozenset(frame["id"]),
    )
    out = {}
    for name, args in VIEWS.items():
        params = {QUERY[flag]: [value] for flag, value in zip(args[::2], args[1::2], strict=True)}
        filters, _, notices = from_query(params, vocab)
        assert not notices, notices
        shown = apply_filters(frame, filters)
        out[name] = list(zip(shown["id"], shown["title"], strict=True))
    return out


def overlaps(texts: list[dict]) -> list[tuple[dict, dict, float, float]]:
    """Pairs of text boxes sharing more than ``SLACK`` pixels each way, with the shared width and height."""
    found = []
    ordered = sorted(texts, key=lambda t: t["l"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b["l"] >= a["r"] - SLACK:
                break
            w = min(a["r"], b["r"]) - max(a["l"], b["l"])
            h = min(a["b"], b["b"]) - max(a["t"], b["t"])
            if w > SLACK and h > SLACK:
                found.append((a, b, w, h))
    return found


def shows(text: str, title: str) -> bool:
    """Whether a text element writes ``title``: whole, or its start cut with an ellipsis."""
    title = " ".join(title.split())
    if text == title:
        return True
    if not text.endswith(ELLIPSIS):
        return False
    start = text[: -len(ELLIPSIS)].rstrip()
    return any(c.isalnum() for c in start) and title.startswith(start)


def unmatched_titles(events: list[tuple[str, str]], texts: list[str]) -> list[tuple[str, str]]:
    """Events left without a text of their own when each text element may stand for one event only."""
    candidates = [[j for j, text in enumerate(texts) if shows(text, title)] for _, title in events]
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    return [event for i, event in enumerate(events) if not assign(i, set())]


def where(t: dict) -> str:
    """A text for a message: its start and its box."""
    text = t["text"] if len(t["text"]) <= 60 else t["text"][:59] + ELLIPSIS
    return f"{text!r} (x {t['l']:.0f}-{t['r']:.0f}, y {t['t']:.0f}-{t['b']:.0f})"


@pytest.mark.parametrize("view", list(VIEWS))
def test_exported_timeline_svg_is_legible(page, exports, view_events, output_dir, view):
    svg = exports[view]
    shutil.copy(svg, output_dir / svg.name)
    page.goto(svg.as_uri())
    found = page.evaluate(TEXTS_JS)
    texts = found["texts"]
    width, height = found["width"], found["height"]
    assert texts, f"{view}: the SVG has no text"

    problems = []
    pairs = overlaps(texts)
    if pairs:
        listed = "\n".join(f"  {where(a)} × {where(b)}: {w:.0f}×{h:.0f} px shared" for a, b, w, h in pairs[:60])
        more = f"\n  … and {len(pairs) - 60} more" if len(pairs) > 60 else ""
        problems.append(f"{len(pairs)} overlapping pairs among {len(texts)} texts:\n{listed}{more}")
    outside = [
        t for t in texts if t["l"] < -SLACK or t["t"] < -SLACK or t["r"] > width + SLACK or t["b"] > height + SLACK
    ]
    if outside:
        listed = "\n".join(f"  {where(t)}" for t in outside[:60])
        problems.append(f"{len(outside)} texts stick out of the {width:g}×{height:g} SVG:\n{listed}")
    if view == "whole-record":
        events = view_events[view]
        titled = len(events) - len(unmatched_titles(events, [t["text"] for t in texts]))
        if titled < MIN_WHOLE_RECORD_TITLES:
            problems.append(f"only {titled} of {len(events)} events titled (at least {MIN_WHOLE_RECORD_TITLES} wanted)")
    if view in TITLED:
        events = view_events[view]
        assert events, f"{view}: the view holds no events"
        missing = unmatched_titles(events, [t["text"] for t in texts])
        if missing:
            listed = "\n".join(f"  {event_id}: {title!r}" for event_id, title in missing)
            problems.append(f"{len(missing)} of {len(events)} events have no title written:\n{listed}")
    assert not problems, f"{view} ({svg.name}, {len(texts)} texts):\n" + "\n".join(problems)
