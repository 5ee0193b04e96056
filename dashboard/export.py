"""Exports of the current view: chart images, interactive HTML, CSV, JSON, TimelineJS (pure, no Streamlit).

The app's Export tab and ``mek-timeline export`` build the same bytes with these functions
from the same filtered frame and the same figure functions. Images are rendered by kaleido
1.x in a headless Chrome/Chromium; :class:`ImageRenderer` keeps one browser open for several
images. Files are written atomically and never over the record or its sources.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import hashlib
import html
import io
import json
import os
import re
import secrets
import threading
import unicodedata
from collections.abc import Coroutine, Iterable, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from loaders import Record

from .figures import Labels, escape, per_year_figure
from .filters import Filters, View, describe
from .layout import text_width, wrap_text
from .render import esc
from .timeline import MAX_LANES, timeline_figure, timeline_meta

FORMATS = ("png", "svg", "pdf", "html", "csv", "json", "timelinejs")
IMAGE_FORMATS = ("png", "svg", "pdf")
CHART_FORMATS = (*IMAGE_FORMATS, "html")
DATA_FORMATS = ("csv", "json", "timelinejs")
CHARTS = ("timeline", "per-year")
CHART_NAMES = {"timeline": "timeline", "per-year": "events per year"}

MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "csv": "text/csv",
    "json": "application/json",
    "timelinejs": "application/json",
}
SUFFIX = {
    "png": ".png",
    "svg": ".svg",
    "pdf": ".pdf",
    "html": ".html",
    "csv": ".csv",
    "json": ".json",
    "timelinejs": ".timelinejs.json",
}

DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_SCALE = 1600, 900, 2.0
LABELS = ("auto", "all", "none")
LABEL_LIMIT = 80
"""With labels ``auto``, timeline images show every event's title up to this many events (growing taller)."""
TITLE_LINE, TITLE_GAP = 16, 12
"""Most timeline lanes drawn in an export (the busiest are kept), as in the app."""
MIN_SIDE, MAX_SIDE = 200, 8000
MIN_SCALE, MAX_SCALE = 0.5, 4.0
SIZE_PRESETS: dict[str, tuple[int, int | None]] = {
    "1600 × 900 (16:9, slides)": (1600, 900),
    "1200 × 800 (3:2, reports)": (1200, 800),
    "1920 × 1080 (full HD)": (1920, 1080),
    "1000 × 1000 (square)": (1000, 1000),
    "1600 × tall enough for every lane": (1600, None),
}
"""Image sizes offered by the app: (width, height); a height of None fits the chart's content."""

INSTALL_HINT = (
    "install Chromium (Debian: apt-get install chromium) or set BROWSER_PATH to a Chrome or Chromium executable"
)


class ExportError(Exception):
    """An export that cannot be made; the message is one line for the user."""


class BrowserMissing(ExportError):
    """No Chrome or Chromium for kaleido to render images with."""


# --- What is exported -----------------------------------------------------------------------


@dataclass(frozen=True)
class ImageSize:
    """Image size in layout pixels (``height`` None: as tall as the chart needs) and a pixel scale."""

    width: int = DEFAULT_WIDTH
    height: int | None = DEFAULT_HEIGHT
    scale: float = DEFAULT_SCALE

    def __post_init__(self) -> None:
        sides = [self.width] + ([self.height] if self.height is not None else [])
        if any(not MIN_SIDE <= side <= MAX_SIDE for side in sides):
            raise ExportError(f"image sides must be {MIN_SIDE} to {MAX_SIDE} pixels, got {self.label()}")
        if not MIN_SCALE <= self.scale <= MAX_SCALE:
            raise ExportError(f"image scale must be {MIN_SCALE:g} to {MAX_SCALE:g}, got {self.scale:g}")

    def label(self) -> str:
        """E.g. ``1600×900 at scale 2``."""
        return f"{self.width}×{self.height if self.height else 'auto'} at scale {self.scale:g}"


@dataclass(frozen=True, eq=False)
class Selection:
    """The filtered view to export: the record, its filtered events and how they are drawn."""

    record: Record
    frame: pd.DataFrame
    labels: Labels
    filters: Filters = field(default_factory=Filters)
    view: View = field(default_factory=View)
    stack: str = "category"
    total: int | None = None

    @property
    def count(self) -> int:
        """How many events pass the filters."""
        return len(self.frame)

    @property
    def of(self) -> int:
        """How many events the record holds."""
        return self.total if self.total is not None else len(self.record.events)


def filter_description(filters: Filters, labels: Labels) -> str:
    """The filters in words, each id by its label in its own vocabulary (e.g. ``actors: …; period: …``)."""
    return describe(filters, labels)


def record_name(record: Record) -> str:
    """The record file's name, as images and files cite it."""
    return Path(record.path).name


def headings(sel: Selection, chart: str) -> tuple[str, str]:
    """Title and subtitle of an exported chart: what it shows, the filters, the count and the record."""
    title = f"{sel.record.title}: {CHART_NAMES[chart]}"
    if chart == "timeline":
        how = f"lanes by {sel.view.lanes}, coloured by {sel.view.color}"
    else:
        how = f"stacked by {sel.stack}"
    subtitle = (
        f"Filters: {filter_description(sel.filters, sel.labels)} · {sel.count} of {sel.of} events · {how} · "
        f"record: {record_name(sel.record)}"
    )
    return title, subtitle


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` characters (longer words stay whole)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def _hidden_lanes(fig: go.Figure) -> int:
    meta = fig.layout.meta
    return int(meta.get("hidden_lanes", 0)) if isinstance(meta, dict) else 0


def _title_lines(fig: go.Figure, title: str, subtitle: str, width: int) -> None:
    """Title at the top, the subtitle wrapped to the width, the plot moved down to make room."""
    lines = wrap(subtitle, max(40, int(width / 7.2)))
    text = f"<b>{escape(title)}</b>" + "".join(f"<br><sup>{escape(line)}</sup>" for line in lines)
    extra = TITLE_LINE * (len(lines) - 1) + TITLE_GAP
    fig.update_layout(
        title={"text": text, "x": 0.01, "xanchor": "left", "yref": "container", "y": 1, "yanchor": "top"},
        title_pad={"t": 30},
        margin_t=(fig.layout.margin.t or 0) + extra,
    )
    if fig.layout.height:
        fig.update_layout(height=fig.layout.height + extra)


TITLE_FONT, SUBTITLE_FONT, LEGEND_FONT = 18, 12, 12
PAD = 16
LEGEND_ROW = 24


def _legend_rows(names: Sequence[str], title: str, width: float) -> int:
    """Rows a horizontal legend of ``names`` takes at ``width`` (generously estimated)."""
    room = width - 2 * PAD - 20
    rows, used = 1, text_width(title, LEGEND_FONT) + 12
    for name in names:
        item = text_width(name, LEGEND_FONT) + 50
        if used + item > room and used > 0:
            rows += 1
            used = 0.0
        used += item
    return rows


def _frame_timeline(fig: go.Figure, title: str, subtitle: str, width: int, min_height: int | None) -> None:
    """Title, wrapped subtitle and legend around the timeline, each in room of its own.

    The title block sits above the date axis and the legend below the lanes; the figure grows as
    tall as they need (at least ``min_height``), so nothing is drawn over anything else.
    """
    inner = width - 2 * PAD
    title_lines = wrap_text(title, inner, TITLE_FONT, bold=True)
    sub_lines = wrap_text(subtitle, inner, SUBTITLE_FONT)
    title_step, sub_step = round(TITLE_FONT * 1.4), round(SUBTITLE_FONT * 1.5)
    block = PAD + title_step * len(title_lines) + 6 + sub_step * len(sub_lines) + 8
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    legend_title = fig.layout.legend.title.text or ""
    legend_h = (_legend_rows(names, legend_title, width) * LEGEND_ROW + PAD) if names else 0
    axis_t, bottom = fig.layout.margin.t or 0, fig.layout.margin.b or 0
    plot_h = (fig.layout.height or 0) - axis_t - bottom
    top, bottom = block + axis_t, bottom + legend_h
    height = max(min_height or 0, top + plot_h + bottom)
    plot_h = height - top - bottom
    left = fig.layout.margin.l or 0
    annotations = []
    y = PAD
    for lines, size, step, bold in (
        (title_lines, TITLE_FONT, title_step, True),
        (sub_lines, SUBTITLE_FONT, sub_step, False),
    ):
        for line in lines:
            annotations.append(
                {
                    "text": f"<b>{escape(line)}</b>" if bold else escape(line),
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0,
                    "y": 1,
                    "xanchor": "left",
                    "yanchor": "top",
                    "xshift": PAD - left,
                    "yshift": top - y,
                    "showarrow": False,
                    "align": "left",
                    "font": {"size": size, "color": "#111" if bold else "#444"},
                }
            )
            y += step
        y += 6
    fig.update_layout(
        title=None,
        height=int(height),
        width=width,
        margin={"t": int(top), "b": int(bottom)},
        annotations=[*fig.layout.annotations, *annotations],
        legend={
            "orientation": "h",
            "xref": "container",
            "yref": "container",
            "x": PAD / width,
            "y": (legend_h - PAD / 2) / height,
            "xanchor": "left",
            "yanchor": "top",
            "font": {"size": LEGEND_FONT},
        },
        showlegend=bool(names),
    )
    fig.update_xaxes(rangeslider_visible=False)


def labels_wanted(labels: str, sel: Selection) -> str:
    """How the timeline labels its marks: ``all``, ``none``, or for ``auto`` every mark up to ``LABEL_LIMIT`` events.

    Above that, ``auto`` labels marks where the view is not too dense.
    """
    if labels not in LABELS:
        raise ExportError(f"unknown labels {labels!r}; choose one of {', '.join(LABELS)}")
    if labels == "auto" and 0 < sel.count <= LABEL_LIMIT:
        return "all"
    return labels


def export_period(sel: Selection) -> tuple[date, date]:
    """The period an exported timeline shows: the filtered one, else the record's."""
    whole = (sel.record.period[0].start, sel.record.period[1].end)
    return (sel.filters.start or whole[0], sel.filters.end or whole[1])


def chart_figure(
    sel: Selection, chart: str, *, width: int = DEFAULT_WIDTH, height: int | None = None, labels: str = "auto"
) -> go.Figure:
    """The chart as the app draws it, with a title, a subtitle (wrapped to ``width``) and a legend.

    The timeline is laid out for ``width`` pixels and grows taller than ``height`` where its
    lanes, labels, title and legend need it; ``labels`` as :func:`labels_wanted` says.
    """
    if chart not in CHARTS:
        raise ExportError(f"unknown chart {chart!r}; choose one of {', '.join(CHARTS)}")
    title, subtitle = headings(sel, chart)
    if chart == "timeline":
        fig = timeline_figure(
            sel.frame,
            sel.labels,
            lanes=sel.view.lanes,
            color=sel.view.color,
            max_lanes=MAX_LANES,
            period=export_period(sel),
            width=width,
            label_marks=labels_wanted(labels, sel),
        )
        if hidden := _hidden_lanes(fig):
            subtitle += f" · the {MAX_LANES} busiest lanes drawn, {hidden} quieter ones left out"
        if sel.count and not timeline_meta(fig).labelled:
            subtitle += " · too many events to label: narrow the filters to see titles"
        fig.update_layout(template="plotly_white", paper_bgcolor="white", plot_bgcolor="white")
        if not sel.count:
            fig.add_annotation(text="No events match these filters.", showarrow=False, xref="paper", yref="paper")
        _frame_timeline(fig, title, subtitle, width, height)
        return fig
    fig = per_year_figure(sel.frame, sel.labels, by=sel.stack, title=title, subtitle=subtitle)
    _title_lines(fig, title, subtitle, width)
    fig.update_layout(showlegend=True, template="plotly_white", paper_bgcolor="white")
    if not sel.count:
        fig.add_annotation(text="No events match these filters.", showarrow=False, xref="paper", yref="paper")
    return fig


def svg_with_description(svg: bytes, sel: Selection, chart: str) -> bytes:
    """The SVG with a text alternative: ``<title>`` (the chart) and ``<desc>`` (filters and every event)."""
    title, subtitle = headings(sel, chart)
    events = "; ".join(f"{row.date_label}: {row.title}" for row in sel.frame.itertuples(index=False))
    desc = f"{subtitle}. Events: {events}." if events else f"{subtitle}. No events."
    alt = f"<title>{html.escape(title)}</title><desc>{html.escape(desc)}</desc>".encode()
    text = svg
    end = text.find(b">", text.find(b"<svg"))
    if end < 0:
        return svg
    return text[: end + 1] + alt + text[end + 1 :]


def figure_height(fig: go.Figure, size: ImageSize) -> int:
    """The image height: the chosen one, or the figure's own (every lane readable) when None."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    if size.height is not None and "rows" not in meta:
        return size.height
    return int(min(MAX_SIDE, max(MIN_SIDE, fig.layout.height or size.height or DEFAULT_HEIGHT)))


def figure_html(fig: go.Figure, title: str) -> bytes:
    """A self-contained interactive page: plotly.js embedded, nothing fetched, works offline."""
    div = pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=True,
        include_mathjax=False,
        default_width=f"{int(fig.layout.width)}px" if fig.layout.width else "100%",
        default_height=f"{int(fig.layout.height or 600)}px",
        config={"displaylogo": False, "responsive": True, "toImageButtonOptions": {"filename": slug(title)}},
    )
    page = (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{html.escape(title)}</title>\n</head>\n<body style='margin:0;padding:8px;font-family:sans-serif'>\n"
        f"{div}\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


# --- Events as data -------------------------------------------------------------------------


def _one_line(text: object) -> str:
    return " ".join(str(text).split()) if text is not None else ""


CSV_COLUMNS = (
    "id",
    "date",
    "date_label",
    "start",
    "end",
    "precision",
    "title",
    "summary",
    "category",
    "category_label",
    "actors",
    "actor_names",
    "perspectives",
    "place",
    "tags",
    "contested",
    "contested_note",
    "n_citations",
    "sources",
    "citations",
)


def _citation_line(c: Any) -> str:
    who = f"{c.source_title} ({c.publisher}"
    if c.published:
        who += f", {c.published}"
    who += f"; {c.perspective_label}"
    if c.attribution:
        who += f"; quoting {c.attribution}"
    who += f"; {c.source_file} line {c.line})"
    line = f"{who}: “{c.quote}”"
    if c.claim:
        line += f" [claim: {c.claim}]"
    return _one_line(line)


def events_csv(record: Record, frame: pd.DataFrame) -> bytes:
    """One row per event (a header, then ``len(frame)`` rows; no line breaks inside cells).

    List cells join their items with ``; `` and citations with `` | ``; each citation names its
    source, publisher, perspective, file and line and quotes the passage. Runs of whitespace
    are written as one space, so every row is one line.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in frame.itertuples(index=False):
        citations = record.citations(row.id)
        writer.writerow(
            _one_line(v)
            for v in (
                row.id,
                row.date_text,
                row.date_label,
                row.start.date().isoformat(),
                row.end.date().isoformat(),
                row.precision,
                row.title,
                row.summary,
                row.category,
                row.category_label,
                "; ".join(row.actors),
                "; ".join(row.actor_names),
                "; ".join(row.perspectives),
                row.place,
                "; ".join(row.tags),
                "true" if row.contested else "false",
                row.contested_note,
                row.n_citations,
                "; ".join(row.sources),
                " | ".join(_citation_line(c) for c in citations),
            )
        )
    return out.getvalue().encode("utf-8")


def record_digest(record: Record) -> str:
    """SHA-256 of the record file's bytes (which version of the record an export came from)."""
    try:
        return hashlib.sha256(Path(record.path).read_bytes()).hexdigest()
    except OSError:
        return ""


def _event_dict(record: Record, row: Any) -> dict[str, Any]:
    ev = record.event(row.id)
    d = record.dates[row.id]
    citations = []
    for c in record.citations(row.id):
        src = record.sources[c.source_id]
        citations.append(
            {
                "source": {
                    "id": c.source_id,
                    "title": c.source_title,
                    "publisher": c.publisher,
                    "published": c.published,
                    "file": c.source_file,
                    "url": src.url,
                },
                "perspective": {"id": c.perspective, "label": c.perspective_label},
                "attribution": c.attribution,
                "claim": c.claim,
                "quote": c.quote,
                "line": c.line,
                "offsets": [c.start, c.end],
            }
        )
    return {
        "id": ev.id,
        "date": {
            "text": d.text,
            "label": d.label,
            "start": d.start.isoformat(),
            "end": d.end.isoformat(),
            "precision": d.precision,
            "approximate": d.approximate,
            "uncertain": d.uncertain,
        },
        "title": ev.title,
        "summary": ev.summary,
        "category": {"id": ev.category, "label": record.categories[ev.category].label},
        "actors": [{"id": a, "name": record.actors[a].name} for a in ev.actors],
        "place": ev.place,
        "tags": list(ev.tags),
        "contested": ev.contested,
        "citations": citations,
    }


def events_json(sel: Selection, query: dict[str, list[str]] | None = None) -> bytes:
    """The filtered events with every citation, and what they were exported from (UTF-8 JSON)."""
    start, end = sel.record.period
    doc = {
        "record": {
            "title": sel.record.title,
            "file": record_name(sel.record),
            "sha256": record_digest(sel.record),
            "period": {"start": start.start.isoformat(), "end": end.end.isoformat()},
        },
        "filters": {
            "description": filter_description(sel.filters, sel.labels),
            "query": query or {},
        },
        "count": sel.count,
        "total": sel.of,
        "events": [_event_dict(sel.record, row) for row in sel.frame.itertuples(index=False)],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- TimelineJS -------------------------------------------------------------------------------


def _month_end(d: date) -> bool:
    return (d + pd.Timedelta(days=1)).month != d.month


def date_parts(start: date, end: date, precision: str) -> tuple[dict[str, str], dict[str, str] | None]:
    """TimelineJS ``start_date`` and ``end_date`` (None for a single day, month or year), no finer than known.

    Day, month and year precision give one date with that many parts. Seasons, decades and
    spans give a start and an end, each in whole years when the bounds are whole years, in
    whole months when they are whole months, else in days.
    """

    def parts(d: date, unit: str) -> dict[str, str]:
        out = {"year": str(d.year)}
        if unit in ("month", "day"):
            out["month"] = str(d.month)
        if unit == "day":
            out["day"] = str(d.day)
        return out

    if precision in ("day", "month", "year"):
        return parts(start, precision), None
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        unit = "year"
    elif start.day == 1 and _month_end(end):
        unit = "month"
    else:
        unit = "day"
    first, last = parts(start, unit), parts(end, unit)
    return first, (last if last != first else None)


def _e_label(text: object) -> str:
    """For ``display_date`` and ``group``: TimelineJS decodes them as text, then writes them as HTML.

    Escaping twice makes what it writes the escaped text, so markup in a label shows literally.
    """
    return esc(esc(text))


def _safe_url(url: str | None) -> str | None:
    return url if url and re.match(r"^https?://[^\s\"'<>]+$", url) else None


def _timelinejs_text(record: Record, row: Any) -> str:
    ev = record.event(row.id)
    facts = [
        f"<strong>Date:</strong> {esc(row.date_label)} ({esc(row.precision)} precision)",
        f"<strong>Category:</strong> {esc(row.category_label)}",
        f"<strong>Actors:</strong> {esc(', '.join(row.actor_names))}",
    ]
    if ev.place:
        facts.append(f"<strong>Place:</strong> {esc(ev.place)}")
    parts = [f"<p>{esc(ev.summary)}</p>", "<p>" + "<br>".join(facts) + "</p>"]
    if ev.contested:
        parts.append(f"<p><strong>Contested:</strong> {esc(ev.contested)}</p>")
    items = []
    for c in record.citations(row.id):
        src = record.sources[c.source_id]
        title = esc(c.source_title)
        if url := _safe_url(src.url):
            title = f'<a href="{esc(url)}" target="_blank" rel="noopener">{title}</a>'
        meta = [esc(c.publisher)]
        if c.published:
            meta.append(esc(c.published))
        meta.append(esc(c.perspective_label))
        if c.attribution:
            meta.append(f"quoting {esc(c.attribution)}")
        meta.append(f"{esc(c.source_file)}, line {c.line}")
        claim = f"<br><strong>Claim:</strong> {esc(c.claim)}" if c.claim else ""
        quote = f"<blockquote>{esc(c.quote)}</blockquote>"
        items.append(f"<li>{quote}<cite>{title}</cite> · {' · '.join(meta)}{claim}</li>")
    parts.append(f"<p><strong>Sources</strong></p><ul>{''.join(items)}</ul>")
    return "".join(parts)


def timelinejs(sel: Selection, *, group_by: str | None = None) -> dict[str, Any]:
    """The filtered events as a TimelineJS3 document (every record string HTML-escaped).

    ``group`` is the event's category, or its first actor when grouping by actor (default: the
    view's lanes); ``unique_id`` is the event id; ``display_date`` is the date label. Headlines
    and texts are HTML (escaped once); labels are escaped twice, see :func:`_e_label`.
    """
    group_by = group_by or sel.view.lanes
    events = []
    for row in sel.frame.itertuples(index=False):
        start, end = row.start.date(), row.end.date()
        first, last = date_parts(start, end, row.precision)
        group = row.category_label if group_by == "category" else (row.actor_names[0] if row.actor_names else "")
        event: dict[str, Any] = {
            "unique_id": row.id,
            "start_date": first,
            "display_date": _e_label(row.date_label),
            "text": {"headline": esc(row.title), "text": _timelinejs_text(sel.record, row)},
            "group": _e_label(group),
        }
        if last is not None:
            event["end_date"] = last
        events.append(event)
    description = filter_description(sel.filters, sel.labels)
    intro = (
        f"<p>{sel.count} of {sel.of} events · filters: {esc(description)}</p>"
        f"<p>Record: {esc(record_name(sel.record))}. Every event cites verbatim passages of its sources.</p>"
    )
    return {"title": {"text": {"headline": esc(sel.record.title), "text": intro}}, "events": events}


def timelinejs_json(sel: Selection, *, group_by: str | None = None) -> bytes:
    """:func:`timelinejs` as UTF-8 JSON, ready for ``new TL.Timeline(element, url)``."""
    return (json.dumps(timelinejs(sel, group_by=group_by), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --- File names and writing -------------------------------------------------------------------


def slug(text: str, *, limit: int = 48) -> str:
    """A file-name-safe lower-case ASCII slug, cut at a word end (``timeline`` when nothing is left)."""
    chars = []
    for ch in unicodedata.normalize("NFKD", text.lower()):
        if unicodedata.combining(ch):
            continue
        chars.append(ch if ch.isascii() and ch.isalnum() else "-")
    out = re.sub(r"-+", "-", "".join(chars)).strip("-")
    if len(out) > limit:
        cut = out[: limit + 1]
        out = cut[: cut.rfind("-")] if "-" in cut else out[:limit]
    return out.strip("-") or "timeline"


def file_name(record_title: str, fmt: str, chart: str = "timeline") -> str:
    """Default file name of an export, e.g. ``my-record-timeline.png`` or ``my-record-events.csv``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    what = chart if fmt in CHART_FORMATS else ("events" if fmt != "timelinejs" else "timelinejs")
    suffix = SUFFIX[fmt] if fmt != "timelinejs" else ".json"
    return f"{slug(record_title)}-{what}{suffix}"


def protected_paths(record: Record) -> list[Path]:
    """The record file and every source file: exports never write over them."""
    base = Path(record.path).parent
    return [Path(record.path), *(base / s.file for s in record.sources.values())]


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_target(path: Path, protected: Iterable[Path]) -> None:
    """Raise :class:`ExportError` when ``path`` is a folder or is (or links to) a protected file."""
    for p in protected:
        if _same_file(path, Path(p)):
            raise ExportError(f"{path}: refusing to write over {p} (the record and its sources are never written)")
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name")


def write_atomic(path: Path, data: bytes, *, protected: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    A reader sees the old file or the whole new one, never a part. Refuses protected paths.
    """
    path = Path(path)
    check_target(path, protected)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the usual mode, less the umask
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --- Images (kaleido, headless Chromium) ------------------------------------------------------


def find_browser() -> str:
    """The Chrome/Chromium kaleido will use ($BROWSER_PATH first); raise :class:`BrowserMissing` if none."""
    override = os.environ.get("BROWSER_PATH")
    if override:
        if os.path.isfile(override) and os.access(override, os.X_OK):
            return override
        raise BrowserMissing(f"BROWSER_PATH={override} is not an executable file; {INSTALL_HINT}")
    from choreographer.browsers.chromium import Chromium

    found = Chromium.find_browser(skip_local=False)
    if not found:
        raise BrowserMissing(f"no Chrome or Chromium found to render images; {INSTALL_HINT}")
    return found


class ImageRenderer:
    """One headless browser (kaleido 1.x) kept open to render several images, as a context manager.

    Opening costs a few seconds; each image after that a fraction of one. The browser runs
    on its own event loop in a background thread, so this works from any thread (the CLI,
    a Streamlit script); errors and timeouts come back as exceptions, never as a hang.
    """

    _lock = threading.Lock()

    def __init__(self, *, timeout: float = 120.0) -> None:
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._held = False

    def __enter__(self) -> ImageRenderer:
        find_browser()
        self._lock.acquire()
        self._held = True
        try:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
            self._thread.start()
            self._kaleido = self._run(self._open())
        except BaseException:
            self._shutdown()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._shutdown()

    async def _open(self) -> Any:
        import kaleido

        k = kaleido.Kaleido(n=1, mathjax=False, timeout=self.timeout)
        await k.open()
        return k

    def _run(self, coro: Coroutine[Any, Any, Any]) -> Any:
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return future.result(self.timeout)
        except FutureTimeout as exc:
            future.cancel()
            raise ExportError(f"the browser did not answer within {self.timeout:g} s") from exc

    def render(self, fig: go.Figure, fmt: str, size: ImageSize) -> bytes:
        """The figure as PNG, SVG or PDF bytes at ``size``."""
        if fmt not in IMAGE_FORMATS:
            raise ExportError(f"{fmt!r} is not an image format; choose one of {', '.join(IMAGE_FORMATS)}")
        if self._kaleido is None:
            raise RuntimeError("use ImageRenderer as a context manager")
        opts = {"format": fmt, "width": size.width, "height": figure_height(fig, size), "scale": size.scale}
        data = self._run(self._kaleido.calc_fig(fig, opts=opts))
        return bytes(data)

    def _shutdown(self) -> None:
        try:
            if self._kaleido is not None and self._loop is not None:
                with contextlib.suppress(Exception):  # closing a broken browser: nothing more to do
                    self._run(self._kaleido.close())
            if self._loop is not None:
                self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(10)
            if self._loop is not None and not self._loop.is_running():
                self._loop.close()
        finally:
            self._kaleido = self._loop = self._thread = None
            if self._held:
                self._held = False
                self._lock.release()


def render_images(jobs: Sequence[tuple[go.Figure, str]], size: ImageSize) -> list[bytes]:
    """Several figures (``(figure, format)`` pairs) rendered with one browser, in order."""
    if not jobs:
        return []
    with ImageRenderer() as renderer:
        return [renderer.render(fig, fmt, size) for fig, fmt in jobs]


# --- One export ---------------------------------------------------------------------------------


def image_figure(sel: Selection, chart: str, size: ImageSize, labels: str = "auto") -> go.Figure:
    """The figure rendered for an image: titles on the marks as ``labels`` says."""
    return chart_figure(sel, chart, width=size.width, height=size.height, labels=labels)


def chart_images(
    sel: Selection, size: ImageSize, *, labels: str = "auto", formats: Sequence[str] = IMAGE_FORMATS
) -> dict[tuple[str, str], bytes]:
    """Both charts in every image format, rendered with one browser: ``{(chart, format): bytes}``."""
    with ImageRenderer() as renderer:
        return {
            (chart, fmt): export_bytes(sel, fmt, chart=chart, size=size, renderer=renderer, labels=labels)
            for chart in CHARTS
            for fmt in formats
        }


def export_bytes(
    sel: Selection,
    fmt: str,
    *,
    chart: str = "timeline",
    size: ImageSize | None = None,
    renderer: ImageRenderer | None = None,
    query: dict[str, list[str]] | None = None,
    group_by: str | None = None,
    labels: str = "auto",
) -> bytes:
    """The bytes of one export of ``sel`` in ``fmt`` (images need an open ``renderer``, else open one)."""
    size = size or ImageSize()
    if fmt == "csv":
        return events_csv(sel.record, sel.frame)
    if fmt == "json":
        return events_json(sel, query)
    if fmt == "timelinejs":
        return timelinejs_json(sel, group_by=group_by)
    if fmt == "html":
        return figure_html(chart_figure(sel, chart, width=size.width), headings(sel, chart)[0])
    if fmt in IMAGE_FORMATS:
        fig = image_figure(sel, chart, size, labels)
        data = renderer.render(fig, fmt, size) if renderer else render_images([(fig, fmt)], size)[0]
        return svg_with_description(data, sel, chart) if fmt == "svg" else data
    raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
