"""Exports of the current view: chart images, interactive HTML, CSV, JSON, TimelineJS (pure, no Streamlit).

The app's Export tab and ``mek-timeline export`` build the same bytes with these functions
from the same filtered frame and the same figure functions. Images are rendered by kaleido
1.x in a headless Chrome/Chromium; :class:`ImageRenderer` keeps one browser open for several
images. Files are written atomically and never over the record or its sources.

One module per job: :mod:`.common` (formats, sizes, the selection and its headings),
:mod:`.charts` (charts laid out for export), :mod:`.data` (CSV, JSON, TimelineJS),
:mod:`.files` (names and safe writing) and :mod:`.images` (kaleido); this module joins them.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from ..options import (
    CHART_FORMATS,
    CHARTS,
    DEFAULT_HEIGHT,
    DEFAULT_SCALE,
    DEFAULT_WIDTH,
    FORMATS,
    IMAGE_FORMATS,
    LABEL_LIMIT,
    LABELS,
    MAX_SCALE,
    MAX_SIDE,
    MIN_SCALE,
    MIN_SIDE,
)
from .charts import (
    LEGEND_FONT,
    LEGEND_ROW,
    PAD,
    SUBTITLE_FONT,
    TITLE_FONT,
    chart_figure,
    export_period,
    figure_height,
    figure_html,
    labels_wanted,
    svg_with_description,
    wrap,
)
from .common import (
    CHART_NAMES,
    INSTALL_HINT,
    MIME,
    SIZE_PRESETS,
    SUFFIX,
    TITLE_GAP,
    TITLE_LINE,
    BrowserMissing,
    ExportError,
    ImageSize,
    Selection,
    headings,
    record_name,
)
from .data import (
    CSV_COLUMNS,
    date_parts,
    events_csv,
    events_html,
    events_json,
    record_digest,
    timelinejs,
    timelinejs_json,
)
from .files import (
    check_target,
    protected_paths,
    short_name,
    slug,
    view_file_name,
    write_atomic,
)
from .images import (
    ImageRenderer,
    find_browser,
    render_images,
)

__all__ = [
    "CHARTS",
    "CHART_FORMATS",
    "CHART_NAMES",
    "CSV_COLUMNS",
    "DEFAULT_HEIGHT",
    "DEFAULT_SCALE",
    "DEFAULT_WIDTH",
    "FORMATS",
    "IMAGE_FORMATS",
    "INSTALL_HINT",
    "LABELS",
    "LABEL_LIMIT",
    "LEGEND_FONT",
    "LEGEND_ROW",
    "MAX_SCALE",
    "MAX_SIDE",
    "MIME",
    "MIN_SCALE",
    "MIN_SIDE",
    "PAD",
    "SIZE_PRESETS",
    "SUBTITLE_FONT",
    "SUFFIX",
    "TITLE_FONT",
    "TITLE_GAP",
    "TITLE_LINE",
    "BrowserMissing",
    "ExportError",
    "ImageRenderer",
    "ImageSize",
    "Selection",
    "chart_figure",
    "chart_html",
    "chart_images",
    "check_target",
    "date_parts",
    "events_csv",
    "events_html",
    "events_json",
    "export_bytes",
    "export_period",
    "figure_height",
    "figure_html",
    "find_browser",
    "headings",
    "image_figure",
    "labels_wanted",
    "protected_paths",
    "record_digest",
    "record_name",
    "render_images",
    "short_name",
    "slug",
    "svg_with_description",
    "timelinejs",
    "timelinejs_json",
    "view_file_name",
    "wrap",
    "write_atomic",
]


def image_figure(sel: Selection, chart: str, size: ImageSize, labels: str = "auto") -> go.Figure:
    """The figure rendered for an image: titles on the marks as ``labels`` says."""
    return chart_figure(sel, chart, width=size.width, height=size.height, labels=labels)


def chart_html(sel: Selection, chart: str, width: int | None = None) -> bytes:
    """A chart as a self-contained interactive page, with the view's events under it (:func:`events_html`)."""
    fig = chart_figure(sel, chart) if width is None else chart_figure(sel, chart, width=width)
    return figure_html(fig, headings(sel, chart)[0], events_html(sel))


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
    csv_raw: bool = False,
) -> bytes:
    """The bytes of one export of ``sel`` in ``fmt`` (images need an open ``renderer``, else open one).

    ``csv_raw`` writes CSV cells as they are, formula starts included (see :func:`neutral_cell`).
    """
    size = size or ImageSize()
    if fmt == "csv":
        return events_csv(sel.record, sel.frame, raw=csv_raw)
    if fmt == "json":
        return events_json(sel, query)
    if fmt == "timelinejs":
        return timelinejs_json(sel, group_by=group_by)
    if fmt == "html":
        return chart_html(sel, chart, size.width)
    if fmt in IMAGE_FORMATS:
        fig = image_figure(sel, chart, size, labels)
        data = renderer.render(fig, fmt, size) if renderer else render_images([(fig, fmt)], size)[0]
        return svg_with_description(data, sel, chart) if fmt == "svg" else data
    raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
