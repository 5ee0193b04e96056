"""What an export is: formats, sizes, the filtered selection, its title and subtitle."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders import Record

from ..figures import Labels
from ..filters import Filters, View, describe
from ..options import (
    DEFAULT_HEIGHT,
    DEFAULT_SCALE,
    DEFAULT_WIDTH,
    MAX_SCALE,
    MAX_SIDE,
    MIN_SCALE,
    MIN_SIDE,
)

CHART_NAMES = {"timeline": "timeline", "per-year": "events per year", "map": "map"}

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
    "timelinejs": ".json",
}
"""File name endings; a TimelineJS file is told from the events JSON by its name (``…-timelinejs.json``)."""

TITLE_LINE, TITLE_GAP = 16, 12
"""Height of each subtitle line, and the gap under the headings, of an exported per-year chart (pixels)."""
SIZE_PRESETS: dict[str, tuple[int, int | None]] = {
    "1600 × 900 (16:9, slides)": (1600, 900),
    "1200 × 800 (3:2, reports)": (1200, 800),
    "1920 × 1080 (full HD)": (1920, 1080),
    "1000 × 1000 (square)": (1000, 1000),
    "1600 × tall enough for every lane": (DEFAULT_WIDTH, None),
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
        return self.total if self.total is not None else self.record.n_events


def record_name(record: Record) -> str:
    """The record file's name, as images and files cite it."""
    return Path(record.path).name


def headings(sel: Selection, chart: str) -> tuple[str, str]:
    """Title and subtitle of an exported chart: what it shows, the filters, the count and the record."""
    title = f"{sel.record.title}: {CHART_NAMES[chart]}"
    if chart == "timeline":
        how = f"lanes by {sel.view.lanes}, coloured by {sel.view.color}"
    elif chart == "map":
        how = f"coloured by {sel.view.color}"
    else:
        how = f"stacked by {sel.stack}"
    subtitle = (
        f"Filters: {describe(sel.filters, sel.labels)} · {sel.count} of {sel.of} events · {how} · "
        f"record: {record_name(sel.record)}"
    )
    return title, subtitle
