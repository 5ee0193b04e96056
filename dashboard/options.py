"""The export options and defaults that the command line, the app and the exports share.

Nothing here imports a library, so the command line can name them without loading Plotly.
"""

from __future__ import annotations

RECORD_ENV = "MEK_TIMELINE_RECORD"
"""Environment variable naming the record to show or export."""

FORMATS = ("png", "svg", "pdf", "html", "csv", "json", "timelinejs")
IMAGE_FORMATS = ("png", "svg", "pdf")
CHART_FORMATS = (*IMAGE_FORMATS, "html")
CHARTS = ("timeline", "per-year", "map")

DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_SCALE = 1600, 900, 2.0
MIN_SIDE, MAX_SIDE = 200, 8000
MIN_SCALE, MAX_SCALE = 0.5, 4.0

LABELS = ("auto", "all", "none")
LABEL_LIMIT = 80
"""With labels ``auto``, timeline images show every event's title up to this many events (growing taller)."""
