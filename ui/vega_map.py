"""Point maps drawn with Vega-Lite, the renderer Streamlit ships in its own front end.

Why not plotly here: on first paint, a plotly chart has to fetch and start plotly.js (4.7 MB,
with MapLibre); on this 2-core server with a cold browser cache that alone is about 2 s, so
the station map could not paint within its 3 s budget (issue 9; bench/bench_pages.py --only
browser). Vega-Lite's embed is 0.8 MB and draws 60 stations and the district borders on a
canvas well inside the budget. Offline there are no map tiles anyway (``white-bg``), so a
plain plot of longitude against latitude loses nothing.

The map is a cartesian lon/lat plot in an equirectangular view: its pixel size keeps the
province's proportions (a degree of longitude is cos(latitude) of a degree of latitude), and
zooming (wheel) and panning (drag) move both axes together; a double click resets. The points go
to the browser as a named Arrow dataset (Streamlit serialises it). The district borders go as one
vector image (an SVG data URL) placed on the same x and y scales, so it zooms and pans with the
points: drawn as a Vega-Lite line mark, each of Ubon's ~2,600 border vertices was a mark item
that Vega encoded through its expression interpreter, about 0.4 s of the browser's first paint
(bench/bench_pages.py --only browser); as an image it is one item.

    spec = point_map_spec(points, colour=Colour("class_label", labels, colours, "Situation"),
                          tooltip=[("label", "Station"), ...], text="mark", outlines=outlines)
    spec = with_layers(spec, below=[extent_layer(spec, rings, title)],
                       above=[shelter_layer(spec, shelters, tooltip), *label_layers(spec, stations, districts)])
    st.vega_lite_chart(spec, width="content")

The layers drawn over the points (station and district labels, the flood extent, shelters)
are ``ui.vega_layers``. Labels are laid out on the server in the spec's pixel plane (``Plane``) by the deck's and wall's
placer (``briefing.map_labels.place_labels``) and anchored at lon/lat on the points' scales, so a
zoom only spreads them apart; the flood extent is a filled SVG image like the borders.
"""

from __future__ import annotations

import functools
from typing import NamedTuple
from urllib.parse import quote

import numpy as np
import pandas as pd

from geo.display import axis_view
from geo.outlines import Outlines

MAX_WIDTH_PX = 860  # the main column of a 1400 px wide window
MAP_HEIGHT_PX = 820  # the station map beside its side panel fills a 1000 px tall window's page
PAD = 0.04  # of the data extent, on each side, so edge points are not cut in half
GRID_DEG = 1e-4  # border vertices are drawn on a grid of about 11 m: far below a pixel at any useful zoom
OUTLINE_COLOUR = "#666"
KEY_SIZE = 2.2  # a key station's marker area, times an ordinary one's
KEY_RING = "#111"


class Colour(NamedTuple):
    """A categorical colour: ``field`` of the points, its values in legend order, their colours."""

    field: str
    domain: list[str]
    range: list[str]
    title: str


class OutlineImage(NamedTuple):
    """The district borders as an SVG data URL and the lon/lat box it fills exactly."""

    url: str
    west: float
    east: float
    south: float
    north: float


def outline_image(outlines: Outlines, colour: str = OUTLINE_COLOUR, fill: str = "none") -> OutlineImage:
    """Outlines (float32 lon/lat, NaN between lines) as one SVG path, each line its own subpath;
    the last few are kept (the borders are the same on every rerun; building one costs ~10 ms).

    Vertices are snapped to ``GRID_DEG`` and written as relative moves (``l dx,dy``, repeats
    dropped); the view box is the snapped extent and ``preserveAspectRatio="none"``, so the image
    stretched over [west, east] x [south, north] puts every vertex at its own lon/lat. The stroke
    does not scale with zoom. Raises ValueError when there is no vertex."""
    return _outline_image(
        np.asarray(outlines.lon, dtype="float32").tobytes(),
        np.asarray(outlines.lat, dtype="float32").tobytes(),
        colour,
        fill,
    )


@functools.lru_cache(maxsize=8)
def _outline_image(lon_bytes: bytes, lat_bytes: bytes, colour: str, fill: str = "none") -> OutlineImage:
    lon = np.frombuffer(lon_bytes, dtype="float32").astype("float64")
    lat = np.frombuffer(lat_bytes, dtype="float32").astype("float64")
    gaps = np.isnan(lon) | np.isnan(lat)
    if gaps.all():
        raise ValueError("outlines have no vertex to draw")
    line = np.cumsum(gaps)[~gaps]
    lon, lat = lon[~gaps], lat[~gaps]
    west, north = float(lon.min()), float(lat.max())
    x = np.rint((lon - west) / GRID_DEG).astype(np.int64)
    y = np.rint((north - lat) / GRID_DEG).astype(np.int64)
    starts = np.r_[True, line[1:] != line[:-1]]
    dx, dy = np.diff(x, prepend=0), np.diff(y, prepend=0)
    keep = starts | (dx != 0) | (dy != 0)
    path = "".join(
        f"M{a},{b}" if new else f"l{c},{d}"
        for new, a, b, c, d in zip(starts[keep], x[keep], y[keep], dx[keep], dy[keep], strict=False)
    )
    width, height = max(int(x.max()), 1), max(int(y.max()), 1)
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' preserveAspectRatio='none'>"
        f"<path d='{path}' fill='{fill}' fill-rule='evenodd' stroke='{colour}' stroke-width='1' "
        "stroke-linejoin='round' "
        "vector-effect='non-scaling-stroke'/></svg>"
    )
    return OutlineImage(
        "data:image/svg+xml," + quote(svg, safe="',=/:-."),
        west,
        west + width * GRID_DEG,
        north - height * GRID_DEG,
        north,
    )


def _emphasised(field: str, size: int) -> dict:
    """Encodings that draw a point with ``field`` true bigger and ringed in near-black."""
    test = {"field": field, "equal": True}
    return {
        "size": {"condition": {"test": test, "value": size * KEY_SIZE}, "value": size},
        "stroke": {"condition": {"test": test, "value": KEY_RING}, "value": "white"},
        "strokeWidth": {"condition": {"test": test, "value": 2.5}, "value": 1.5},
    }


def point_map_spec(
    points: pd.DataFrame,
    *,
    colour: Colour,
    tooltip: list[tuple[str, str]],
    text: str | None = None,
    outlines: Outlines | None = None,
    height_px: int = MAP_HEIGHT_PX,
    size: int = 220,
    emphasis: str | None = "is_key",
) -> dict:
    """A Vega-Lite spec: ``points`` (columns ``lon``, ``lat``, the colour, tooltip and text
    fields) as circles over the district ``outlines``; ``tooltip`` is (field, title) pairs.
    A point whose boolean ``emphasis`` field is true (the key stations) is drawn twice as large
    with a dark ring. Points without coordinates are left out (the caller says how many)."""
    shown = points[points["lon"].notna() & points["lat"].notna()]
    emphasis = emphasis if emphasis in points.columns else None
    if emphasis:
        shown = shown.assign(**{emphasis: shown[emphasis].fillna(False).astype(bool)})
    columns = list(
        dict.fromkeys(
            [
                "lon",
                "lat",
                colour.field,
                *(f for f, _ in tooltip),
                *([text] if text else []),
                *([emphasis] if emphasis else []),
            ]
        )
    )
    borders = outline_image(outlines) if outlines is not None and not np.isnan(outlines.lon).all() else None
    extent = [shown["lon"].to_numpy(), shown["lat"].to_numpy()]
    if borders is not None:
        extent = [np.r_[extent[0], borders.west, borders.east], np.r_[extent[1], borders.south, borders.north]]
    view = axis_view(extent[0], extent[1], height_px, MAX_WIDTH_PX, PAD)
    x = {
        "field": "lon",
        "type": "quantitative",
        "scale": {"domain": view["lon"], "zero": False, "nice": False},
        "axis": None,
    }
    y = {
        "field": "lat",
        "type": "quantitative",
        "scale": {"domain": view["lat"], "zero": False, "nice": False},
        "axis": None,
    }
    layers = []
    if borders is not None:
        layers.append(
            {
                "data": {
                    "values": [
                        {"west": borders.west, "east": borders.east, "south": borders.south, "north": borders.north}
                    ]
                },
                "mark": {"type": "image", "url": borders.url, "aspect": False, "clip": True},
                "encoding": {
                    "x": {**x, "field": "west"},
                    "x2": {"field": "east"},
                    "y": {**y, "field": "north"},
                    "y2": {"field": "south"},
                },
            }
        )
    layers.append(
        {
            "data": {"name": "points"},
            "params": [{"name": "zoom", "select": "interval", "bind": "scales"}],
            "mark": {"type": "circle", "size": size, "opacity": 1, "stroke": "white", "strokeWidth": 1.5, "clip": True},
            "encoding": {
                "x": x,
                "y": y,
                "color": {
                    "field": colour.field,
                    "type": "nominal",
                    "scale": {"domain": colour.domain, "range": colour.range},
                    "legend": {
                        "title": colour.title,
                        "orient": "bottom",
                        "direction": "horizontal",
                        "columns": 3,
                        "titleLimit": 600,
                        "labelLimit": 220,
                        "labelFontSize": 13,
                        "symbolSize": 160,
                    },
                },
                "tooltip": [{"field": f, "type": "nominal", "title": title} for f, title in tooltip],
                **(_emphasised(emphasis, size) if emphasis else {}),
            },
        }
    )
    if text:
        layers.append(
            {
                "data": {"name": "points"},
                "mark": {"type": "text", "dx": 11, "dy": -11, "fontSize": 15, "clip": True},
                "encoding": {"x": x, "y": y, "text": {"field": text, "type": "nominal"}},
            }
        )
    return {
        "width": view["width"],
        "height": view["height"],
        "autosize": {"type": "pad"},  # width and height are the plot's, so its proportions hold
        "datasets": {"points": shown[columns].reset_index(drop=True)},
        "layer": layers,
        "config": {"view": {"stroke": None}},
    }


# --- layers beside the points: labels placed without collisions, shelters, a flood extent ---
