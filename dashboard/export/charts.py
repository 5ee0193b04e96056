"""Charts laid out for export: title, wrapped subtitle and legend in room of their own; HTML pages."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio

from ..figures import escape, per_year_figure
from ..geo import geo_assets_script
from ..options import CHARTS, DEFAULT_HEIGHT, DEFAULT_WIDTH, LABEL_LIMIT, LABELS, MAX_SIDE, MIN_SIDE
from ..textfit import text_width, wrap_text
from ..timeline import APP_MARKS, MAX_LANES, shown_period, timeline_figure, timeline_meta
from .common import TITLE_GAP, TITLE_LINE, ExportError, ImageSize, Selection, headings
from .files import slug


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
    blocks = ((title_lines, TITLE_FONT, title_step, True), (sub_lines, SUBTITLE_FONT, sub_step, False))
    annotations = _heading_annotations(blocks, top, fig.layout.margin.l or 0)
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


def _heading_annotations(blocks: Sequence[tuple[list[str], int, int, bool]], top: float, left: float) -> list[dict]:
    """One annotation per heading line, ``(lines, font size, line step, bold)`` per block, placed in pixels
    from the figure's top edge (the plot starts ``top`` pixels down, ``left`` pixels in)."""
    annotations = []
    y = PAD
    for lines, size, step, bold in blocks:
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
    return annotations


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
    return shown_period(sel.record, sel.filters.start, sel.filters.end)


def chart_figure(
    sel: Selection, chart: str, *, width: int = DEFAULT_WIDTH, height: int | None = None, labels: str = "auto"
) -> go.Figure:
    """The chart as the app draws it, with a title, a subtitle (wrapped to ``width``) and a legend.

    The timeline is laid out for ``width`` pixels and grows taller than ``height`` where its
    lanes, labels, title and legend need it; ``labels`` as :func:`labels_wanted` says.
    """
    if chart not in CHARTS:
        raise ExportError(f"unknown chart {chart!r}; choose one of {', '.join(CHARTS)}")
    if chart == "map":
        from .map_chart import map_export_figure

        return map_export_figure(sel, width=width, height=height)
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
            max_marks=APP_MARKS,  # as in the app: drawn as SVG, every mark on its row in any browser
            chosen_lanes=sel.filters.actors if sel.view.lanes == "actor" else (),
        )
        if hidden := _hidden_lanes(fig):
            subtitle += f" · the {MAX_LANES} busiest lanes drawn, {hidden} quieter ones left out"
        meta = timeline_meta(fig)
        if meta.titled < meta.marks - meta.counted:
            subtitle += f" · the {meta.titled:,} most salient of {meta.marks - meta.counted:,} marks titled"
        if meta.counted:
            subtitle += f" · {meta.counted:,} events of the busiest lanes counted per period"
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
    if size.height is not None and "rows" not in meta and "fixed_height" not in meta:
        return size.height
    return int(min(MAX_SIDE, max(MIN_SIDE, fig.layout.height or size.height or DEFAULT_HEIGHT)))


def figure_html(fig: go.Figure, title: str, body: str = "") -> bytes:
    """A self-contained interactive page: plotly.js embedded, nothing fetched, works offline.

    ``body`` is HTML shown under the chart (escaped by whoever made it).
    """
    div = pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=True,
        include_mathjax=False,
        default_width=f"{int(fig.layout.width)}px" if fig.layout.width else "100%",
        default_height=f"{int(fig.layout.height or 600)}px",
        config={"displaylogo": False, "responsive": True, "toImageButtonOptions": {"filename": slug(title)}},
    )
    if any(trace.type in ("scattergeo", "choropleth") for trace in fig.data):
        div = geo_assets_script() + div  # the map's shapes travel with the page: nothing is fetched
    page = (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{html.escape(title)}</title>\n</head>\n<body style='margin:0;padding:8px;font-family:sans-serif'>\n"
        f"{div}\n{body}</body>\n</html>\n"
    )
    return page.encode("utf-8")
