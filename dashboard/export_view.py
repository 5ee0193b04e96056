"""The Export tab: downloads of the current view (widgets only; the bytes come from ``export``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from .export import (
    CHART_NAMES,
    CHARTS,
    IMAGE_FORMATS,
    LABEL_LIMIT,
    MIME,
    SIZE_PRESETS,
    BrowserMissing,
    ImageSize,
    Selection,
    chart_figure,
    chart_html,
    chart_images,
    events_csv,
    events_json,
    timelinejs_json,
    view_file_name,
)
from .filters import Filters, View, describe, to_query
from .loading import Loaded, file_signature
from .options import DEFAULT_HEIGHT, DEFAULT_WIDTH, MAX_SIDE, MIN_SIDE
from .render import md_escape, text_html
from .state import STACK_CHOICES, Keys, choice

LABEL_CHOICES = {f"All up to {LABEL_LIMIT} events, else where they fit": "auto", "Always": "all", "Never": "none"}


def _download(label: str, data: Callable[[], bytes] | bytes, name: str, fmt: str, key: str) -> None:
    st.download_button(label, data, file_name=name, mime=MIME[fmt], key=key, on_click="ignore", width="stretch")


def _size() -> ImageSize:
    c1, c2 = st.columns([3, 1])
    preset = c1.selectbox("Image size (layout pixels)", [*SIZE_PRESETS, "Custom"], key="x_size")
    scale = c2.selectbox("Scale", [1, 2, 3, 4], index=1, key="x_scale", help="PNG pixels per layout pixel")
    if preset == "Custom":
        c3, c4 = st.columns(2)
        width = c3.number_input("Width", MIN_SIDE, MAX_SIDE, DEFAULT_WIDTH, step=100, key="x_width")
        height = c4.number_input("Height", MIN_SIDE, MAX_SIDE, DEFAULT_HEIGHT, step=100, key="x_height")
        return ImageSize(int(width), int(height), float(scale))
    width, height = SIZE_PRESETS[preset]
    return ImageSize(width, height, float(scale))


def _crowded(sel: Selection, size: ImageSize) -> str:
    """A note when the timeline image grows taller than the chosen size to fit its lanes and labels."""
    needed = int(chart_figure(sel, "timeline", width=size.width, height=size.height).layout.height or 0)
    if size.height is None or needed <= size.height:
        return ""
    return (
        f"The timeline image is {needed} px tall, more than the chosen {size.height} px, so that every lane "
        "and label fits without overlapping."
    )


def show(loaded: Loaded, frame: pd.DataFrame, filters: Filters, view: View) -> None:
    """Download buttons for the charts and events of the current filtered view."""
    stack = choice(Keys.STACK, STACK_CHOICES)
    sel = Selection(loaded.record, frame, loaded.labels, filters, view, stack=stack, total=len(loaded.frame))
    st.html(
        text_html(
            f"Everything here is the current view: {sel.count} of {sel.of} events "
            f"({describe(filters, loaded.labels)}). Change the filters in the sidebar to change it.",
            "p",
            "font-size:0.875rem;color:#555;",
        )
    )
    _data_downloads(sel, to_query(filters, View(lanes=view.lanes, color=view.color)))
    _chart_downloads(sel)
    _image_downloads(
        sel, (str(loaded.record.path), file_signature([Path(loaded.record.path)]), loaded.source_signature)
    )
    st.caption(
        "The camera button in each chart's toolbar also downloads a PNG of the chart as it is on screen. "
        "The same exports work from the command line: `mek-timeline export --help`."
    )


def _data_downloads(sel: Selection, query: dict[str, list[str]]) -> None:
    st.markdown("**Events** — with every citation: source, perspective, quoted passage and line")
    c1, c2, c3 = st.columns(3)
    with c1:
        _download("Events (CSV)", lambda: events_csv(sel.record, sel.frame), view_file_name(sel, "csv"), "csv", "x_csv")
    with c2:
        _download("Events (JSON)", lambda: events_json(sel, query), view_file_name(sel, "json"), "json", "x_json")
    with c3:
        name = view_file_name(sel, "timelinejs")
        _download("TimelineJS (JSON)", lambda: timelinejs_json(sel), name, "timelinejs", "x_tljs")
    st.caption(
        "The TimelineJS file loads into Knight Lab's TimelineJS 3 (`new TL.Timeline(element, 'file.json')`), "
        "grouped by the timeline's lanes."
    )


def _chart_downloads(sel: Selection) -> None:
    st.markdown("**Interactive charts** — one HTML file each, plotly.js included, opens offline")
    cols = st.columns(len(CHARTS))
    for col, chart in zip(cols, CHARTS, strict=True):
        with col:
            _download(
                f"{CHART_NAMES[chart].capitalize()} (HTML)",
                lambda chart=chart: chart_html(sel, chart),
                view_file_name(sel, "html", chart),
                "html",
                f"x_html_{chart}",
            )


def _image_downloads(sel: Selection, record_key: tuple) -> None:
    """Images are rendered on request, kept with the view they were made for, and offered while it stands."""
    st.markdown("**Images** — PNG, SVG and PDF with a title, the filters, the record's name and a legend")
    size = _size()
    labels = LABEL_CHOICES[
        st.radio(
            "Event titles on the timeline's marks",
            list(LABEL_CHOICES),
            key="x_labels",
            horizontal=True,
            help="Static images have no hover: titles on the marks say which event each is.",
        )
    ]
    key = (record_key, sel.filters, sel.view.lanes, sel.view.color, sel.stack, size, labels)
    if st.button("Prepare images", key="x_prepare", type="primary", help="Renders both charts in a headless browser"):
        try:
            with st.spinner("Rendering the charts in a headless browser…"):
                st.session_state[Keys.IMAGES] = (key, chart_images(sel, size, labels=labels), _crowded(sel, size))
        except BrowserMissing as exc:
            st.error(f"Images need Chrome or Chromium: {md_escape(exc)}")
        except Exception as exc:  # a browser failure is shown in one line, never as a traceback
            st.error(f"The images could not be made: {md_escape(exc)}")
    stored = st.session_state.get(Keys.IMAGES)
    if stored and stored[0] == key:
        _image_buttons(sel, stored[1], size, stored[2])
    elif stored:
        st.caption("The view or the size changed since the images were prepared: prepare them again.")


def _image_buttons(sel: Selection, images: dict[tuple[str, str], bytes], size: ImageSize, note: str) -> None:
    for chart in CHARTS:
        cols = st.columns(len(IMAGE_FORMATS))
        for col, fmt in zip(cols, IMAGE_FORMATS, strict=True):
            with col:
                _download(
                    f"{CHART_NAMES[chart].capitalize()} ({fmt.upper()})",
                    images[(chart, fmt)],
                    view_file_name(sel, fmt, chart),
                    fmt,
                    f"x_{chart}_{fmt}",
                )
    st.caption(f"Prepared at {size.label()}.")
    if note:
        st.warning(note)
