"""Point maps drawn with Vega-Lite, the renderer Streamlit ships in its own front end.

Why not plotly here: on first paint, a plotly chart has to fetch and start plotly.js (4.7 MB,
with MapLibre); on this 2-core server with a cold browser cache that alone is about 2 s, so
the station map could not paint within its 3 s budget (issue 9; bench/bench_pages.py --only
browser). Vega-Lite's embed is 0.8 MB and draws 60 stations and the district borders on a
canvas well inside the budget. Offline there are no map tiles anyway (``white-bg``), so a
plain plot of longitude against latitude loses nothing.

The map is a cartesian lon/lat plot in an equirectangular view: its pixel size keeps the
province's proportions (a degree of longitude is cos(latitude) of a degree of latitude), and
zooming (wheel) and panning (drag) move both axes together; a double click resets. Data go to
the browser as two named Arrow datasets (Streamlit serialises them), not as JSON.

    spec = point_map_spec(points, colour=Colour("class_label", labels, colours, "Situation"),
                          tooltip=[("label", "Station"), ...], text="mark", outlines=outlines)
    st.vega_lite_chart(spec, width="content")
"""
from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from geo.outlines import Outlines

MAX_WIDTH_PX = 860  # the main column of a 1400 px wide window
PAD = 0.04  # of the data extent, on each side, so edge points are not cut in half


class Colour(NamedTuple):
    """A categorical colour: ``field`` of the points, its values in legend order, their colours."""

    field: str
    domain: list[str]
    range: list[str]
    title: str


def outline_frame(outlines: Outlines) -> pd.DataFrame:
    """Outlines (float32 lon/lat, NaN between lines) as rows ``lon``, ``lat``, ``line`` (a line id)."""
    gaps = np.isnan(outlines.lon)
    line = np.cumsum(gaps).astype("int16")
    keep = ~gaps
    return pd.DataFrame({"lon": outlines.lon[keep], "lat": outlines.lat[keep], "line": line[keep]})


def map_view(lon: np.ndarray, lat: np.ndarray, height_px: int, max_width_px: int = MAX_WIDTH_PX) -> dict:
    """Axis domains and pixel size that show every point with the province's proportions.

    Returns ``{"lon": [w, e], "lat": [s, n], "width": px, "height": px}``; raises ValueError
    when there is no finite coordinate."""
    lon = np.asarray(lon, dtype="float64")
    lat = np.asarray(lat, dtype="float64")
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        raise ValueError("a map needs at least one point with both longitude and latitude")
    west, east, south, north = lon[ok].min(), lon[ok].max(), lat[ok].min(), lat[ok].max()
    span_lon = max(east - west, 0.05)
    span_lat = max(north - south, 0.05)
    west, east = (west + east - span_lon) / 2 - PAD * span_lon, (west + east + span_lon) / 2 + PAD * span_lon
    south, north = (south + north - span_lat) / 2 - PAD * span_lat, (south + north + span_lat) / 2 + PAD * span_lat
    ratio = (east - west) * math.cos(math.radians((south + north) / 2)) / (north - south)  # width / height on the ground
    width, height = ratio * height_px, float(height_px)
    if width > max_width_px:
        width, height = float(max_width_px), max_width_px / ratio
    return {"lon": [float(west), float(east)], "lat": [float(south), float(north)], "width": round(width), "height": round(height)}


def point_map_spec(points: pd.DataFrame, *, colour: Colour, tooltip: list[tuple[str, str]], text: str | None = None,
                   outlines: Outlines | None = None, height_px: int = 620, size: int = 220) -> dict:
    """A Vega-Lite spec: ``points`` (columns ``lon``, ``lat``, the colour, tooltip and text
    fields) as circles over the district ``outlines``; ``tooltip`` is (field, title) pairs.
    Points without coordinates are left out (the caller says how many)."""
    shown = points[points["lon"].notna() & points["lat"].notna()]
    columns = list(dict.fromkeys(["lon", "lat", colour.field, *(f for f, _ in tooltip), *([text] if text else [])]))
    lines = outline_frame(outlines) if outlines is not None and len(outlines.lon) else None
    extent = [shown["lon"].to_numpy(), shown["lat"].to_numpy()]
    if lines is not None:
        extent = [np.concatenate([extent[0], lines["lon"].to_numpy()]), np.concatenate([extent[1], lines["lat"].to_numpy()])]
    view = map_view(extent[0], extent[1], height_px)
    x = {"field": "lon", "type": "quantitative", "scale": {"domain": view["lon"], "zero": False, "nice": False}, "axis": None}
    y = {"field": "lat", "type": "quantitative", "scale": {"domain": view["lat"], "zero": False, "nice": False}, "axis": None}
    layers = []
    if lines is not None:
        layers.append({"data": {"name": "outlines"}, "mark": {"type": "line", "stroke": "#666", "strokeWidth": 1, "clip": True},
                       "encoding": {"x": x, "y": y, "detail": {"field": "line", "type": "nominal"}, "order": {"value": None}}})
    layers.append({
        "data": {"name": "points"},
        "params": [{"name": "zoom", "select": "interval", "bind": "scales"}],
        "mark": {"type": "circle", "size": size, "opacity": 1, "stroke": "white", "strokeWidth": 1.5, "clip": True},
        "encoding": {"x": x, "y": y,
                     "color": {"field": colour.field, "type": "nominal", "scale": {"domain": colour.domain, "range": colour.range},
                               "legend": {"title": colour.title, "orient": "bottom", "direction": "horizontal", "columns": 3,
                                          "titleLimit": 600, "labelLimit": 220, "labelFontSize": 13, "symbolSize": 160}},
                     "tooltip": [{"field": f, "type": "nominal", "title": title} for f, title in tooltip]},
    })
    if text:
        layers.append({"data": {"name": "points"}, "mark": {"type": "text", "dx": 11, "dy": -11, "fontSize": 15, "clip": True},
                       "encoding": {"x": x, "y": y, "text": {"field": text, "type": "nominal"}}})
    return {
        "width": view["width"], "height": view["height"],
        "autosize": {"type": "pad"},  # width and height are the plot's, so its proportions hold
        "datasets": {"points": shown[columns].reset_index(drop=True), **({"outlines": lines} if lines is not None else {})},
        "layer": layers,
        "config": {"view": {"stroke": None}},
    }
