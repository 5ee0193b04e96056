"""The map laid out for export: title, wrapped subtitle, the note on what it counts and the legend, each in
room of its own around the map (pure Plotly, no Streamlit)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from ..figures import note_under_plot
from ..map_figure import map_data, map_figure, map_note, map_places
from ..textfit import text_width, wrap_text
from .charts import LEGEND_FONT, PAD, SUBTITLE_FONT, TITLE_FONT, _heading_annotations
from .common import Selection, headings

NOTE_FONT = 12
MAP_LEGEND_ROW = 32
"""Height of a legend row as Plotly draws it with markers of one size (measured on exported images: about 28 px)."""


def map_export_figure(sel: Selection, *, width: int, height: int | None) -> go.Figure:
    """The map of the view as the app draws it, with its headings, its note and its legend below it.

    The map keeps at least half the image; the image grows taller when the headings, note and
    legend need more room than the chosen height leaves, so no text is drawn over other text.
    """
    title, subtitle = headings(sel, "map")
    data = map_data(sel.frame, map_places(sel.record.places), sel.labels, color=sel.view.color)
    fig = map_figure(data, sel.labels, color=sel.view.color, legend=True)
    inner = width - 2 * PAD
    title_lines = wrap_text(title, inner, TITLE_FONT, bold=True)
    sub_lines = wrap_text(subtitle, inner, SUBTITLE_FONT)
    note_lines = wrap_text(map_note(data, sel.view.color), inner, NOTE_FONT)
    title_step, sub_step, note_step = round(TITLE_FONT * 1.4), round(SUBTITLE_FONT * 1.5), round(NOTE_FONT * 1.5)
    top = PAD + title_step * len(title_lines) + 6 + sub_step * len(sub_lines) + 12
    names = [t.name for t in fig.data if t.showlegend is not False and t.name and t.type == "scattergeo"]
    legend_title = fig.layout.legend.title.text or ""
    # every entry as wide as the widest, so the rows are known here and the legend keeps inside the image
    entry = max((text_width(n, LEGEND_FONT) for n in names), default=0) + 50
    per_row = max(1, int((width - 2 * PAD - text_width(legend_title, LEGEND_FONT) - 20) // entry))
    legend_h = -(-len(names) // per_row) * MAP_LEGEND_ROW + PAD if names else 0
    note_h = note_step * len(note_lines) + 8
    bottom = note_h + legend_h + PAD
    wanted = height or 800
    total = max(wanted, top + bottom + max(wanted // 2, 300))
    blocks = ((title_lines, TITLE_FONT, title_step, True), (sub_lines, SUBTITLE_FONT, sub_step, False))
    annotations = _heading_annotations(blocks, top, 0) + _note_annotations(note_lines, note_step)
    fig.update_layout(
        template="plotly_white",
        paper_bgcolor="white",
        width=width,
        height=int(total),
        margin={"l": 0, "r": 0, "t": int(top), "b": int(bottom)},
        annotations=annotations,
        legend={
            "orientation": "h",
            "xref": "container",
            "yref": "container",  # from the image's bottom edge up, in the room under the note
            "x": PAD / width,
            "y": PAD / 2 / total,
            "xanchor": "left",
            "yanchor": "bottom",
            "font": {"size": LEGEND_FONT},
            "itemsizing": "constant",
            "entrywidth": entry,
            "entrywidthmode": "pixels",
        },
        meta={**(fig.layout.meta or {}), "fixed_height": int(total)},
    )
    if not sel.count:
        fig.add_annotation(text="No events match these filters.", showarrow=False, xref="paper", yref="paper")
    return fig


def _note_annotations(lines: list[str], step: int) -> list[dict[str, Any]]:
    """The note's lines, under the map from its bottom edge down, escaped (Plotly reads annotation text as HTML)."""
    font = {"size": NOTE_FONT, "color": "#444"}
    return [
        note_under_plot(
            line.replace("&", "&amp;").replace("<", "&lt;"), yshift=-8 - k * step, xshift=PAD, align="left", font=font
        )
        for k, line in enumerate(lines)
    ]
