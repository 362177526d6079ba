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

Labels are laid out on the server in the spec's pixel plane (``Plane``) by the deck's and wall's
placer (``briefing.map_labels.place_labels``) and anchored at lon/lat on the points' scales, so a
zoom only spreads them apart; the flood extent is a filled SVG image like the borders.
"""

from __future__ import annotations

import functools
import math
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
STATION_FONT = 13.0
KEY_FONT = 14.0
DISTRICT_FONT = 12.0
SMALL_DISTRICT_FONT = 10.0
DISTRICT_COLOUR = "#5a5a5a"
EXTENT_FILL = "rgb(33,113,181)"  # no '#': it would end the data URL
SHELTER_COLOUR = "#6a3d9a"
_ALIGN = {"start": "left", "end": "right", "middle": "center"}


class Plane(NamedTuple):
    """A spec's lon/lat view and its pixel size: the plane labels are placed in."""

    west: float
    east: float
    south: float
    north: float
    width: float
    height: float

    @classmethod
    def of(cls, spec: dict) -> Plane:
        points = next(layer for layer in spec["layer"] if layer.get("data", {}).get("name") == "points")
        (west, east), (south, north) = (
            points["encoding"]["x"]["scale"]["domain"],
            points["encoding"]["y"]["scale"]["domain"],
        )
        return cls(west, east, south, north, float(spec["width"]), float(spec["height"]))

    def px(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) / (self.east - self.west) * self.width, (self.north - lat) / (
            self.north - self.south
        ) * self.height

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        return self.west + x / self.width * (self.east - self.west), self.north - y / self.height * (
            self.north - self.south
        )


def marker_radius(size: float) -> float:
    """A Vega circle's radius in pixels from its area ``size``."""
    return math.sqrt(size / math.pi)


def label_layers(
    spec: dict, stations: pd.DataFrame, districts: pd.DataFrame | None = None, size: int = 220
) -> list[dict]:
    """Text layers for ``stations`` (columns lon, lat, text, is_key) and district names
    (``districts``: lon, lat, name, at each district's representative point), laid out by
    ``briefing.map_labels.place_labels`` in the spec's pixel plane: key stations first (always
    placed, bold), then district names, then the other stations' labels; a label that finds no
    free place is left out (the tooltip still names the station). Each label is anchored at
    lon/lat on the points' scales, so zooming in only moves labels apart."""
    from briefing.map_labels import BESIDE, ON, Anchor, place_labels

    plane = Plane.of(spec)
    bounds = (0.0, 0.0, plane.width, plane.height)
    shown = stations.dropna(subset=["lon", "lat"]).sort_values("is_key", ascending=False, kind="stable")
    key = shown["is_key"].fillna(False).astype(bool).tolist()
    anchors = [
        Anchor(*plane.px(lon, lat), str(text), marker_radius(size * (KEY_SIZE if k else 1)) + 1, k)
        for lon, lat, text, k in zip(shown["lon"], shown["lat"], shown["text"], key, strict=False)
    ]
    dots = [(a.x - a.radius, a.y - a.radius, a.x + a.radius, a.y + a.radius) for a in anchors]
    marks = [(a.x + 5, a.y - 19, a.x + 17, a.y - 3) for a in anchors]  # the trend mark up and right of each marker
    groups: dict[tuple, list[dict]] = {}

    def keep(kind: str, bold: bool, font: float, batch: list[Anchor], placed: list) -> list:
        for a, p in zip(batch, placed, strict=False):
            if p is not None:
                groups.setdefault((kind, _ALIGN[p.anchor], bold, font), []).append(_at(plane, p, a.text))
        return [p.box for p in placed if p is not None]

    # key stations (always placed), then district names (the map's orientation), then the other stations' codes
    first = [a for a, k in zip(anchors, key, strict=False) if k]
    taken = keep("station_labels", True, KEY_FONT, first, place_labels(first, KEY_FONT, bounds, obstacles=marks, pad=2))
    if districts is not None and len(districts):
        names = [
            Anchor(*plane.px(lon, lat), str(name))
            for lon, lat, name in zip(districts["lon"], districts["lat"], districts["name"], strict=True)
        ]
        for font in (DISTRICT_FONT, SMALL_DISTRICT_FONT):  # a name with no room at the usual size gets a smaller one
            placed = place_labels(names, font, bounds, obstacles=taken + dots + marks, pad=1, candidates=ON + BESIDE)
            taken += keep("district_names", False, font, names, placed)
            names = [a for a, p in zip(names, placed, strict=False) if p is None]
    rest = [a for a, k in zip(anchors, key, strict=False) if not k]
    keep(
        "station_labels",
        False,
        STATION_FONT,
        rest,
        place_labels(rest, STATION_FONT, bounds, obstacles=marks + taken, pad=2),
    )
    return [_text_layer(spec, *group, values) for group, values in sorted(groups.items(), key=lambda g: g[0][0])]


def _at(plane: Plane, p, text: str) -> dict:
    lon, lat = plane.lonlat(p.x, p.y)
    box = [round(v, 1) for v in p.box]
    return {"lon": round(lon, 5), "lat": round(lat, 5), "text": text, "box": box}


def _text_layer(spec: dict, name: str, align: str, bold: bool, font: float, values: list[dict]) -> dict:
    points = next(layer for layer in spec["layer"] if layer.get("data", {}).get("name") == "points")
    district = name == "district_names"
    return {
        "name": f"{name}_{align}_{font:g}{'_key' if bold else ''}",
        "data": {"values": values},
        "mark": {
            "type": "text",
            "align": align,
            "baseline": "alphabetic",
            "fontSize": font,
            "clip": True,
            "fontWeight": "bold" if bold else "normal",
            "color": DISTRICT_COLOUR if district else "#111",
        },
        "encoding": {
            "x": points["encoding"]["x"],
            "y": points["encoding"]["y"],
            "text": {"field": "text", "type": "nominal"},
        },
    }


def extent_outlines(geojson: dict, tolerance_deg: float = 0.002) -> Outlines:
    """The rings of a flood extent's polygons (simplified to ``tolerance_deg``, ~200 m, so a
    satellite layer stays within the map's byte budget) as ``Outlines`` for ``outline_image``."""
    from shapely.geometry import shape

    lon: list[float] = []
    lat: list[float] = []
    for feature in geojson.get("features") or []:
        geom = (
            shape(feature["geometry"]).simplify(tolerance_deg, preserve_topology=True)
            if feature.get("geometry")
            else None
        )
        for polygon in getattr(geom, "geoms", [geom]) if geom is not None else []:
            for ring in [polygon.exterior, *polygon.interiors] if polygon.geom_type == "Polygon" else []:
                xs, ys = ring.xy
                lon += [*xs, math.nan]
                lat += [*ys, math.nan]
    return Outlines(np.array(lon, dtype="float32"), np.array(lat, dtype="float32"))


def extent_layer(spec: dict, outlines: Outlines, title: str) -> dict | None:
    """The flood extent as one filled SVG image on the points' scales (None without a ring)."""
    if not len(outlines.lon) or np.isnan(outlines.lon).all():
        return None
    image = outline_image(outlines, colour=EXTENT_FILL, fill=EXTENT_FILL)
    points = next(layer for layer in spec["layer"] if layer.get("data", {}).get("name") == "points")
    x, y = points["encoding"]["x"], points["encoding"]["y"]
    return {
        "name": "flood_extent",
        "data": {
            "values": [
                {"west": image.west, "east": image.east, "south": image.south, "north": image.north, "what": title}
            ]
        },
        "mark": {"type": "image", "url": image.url, "aspect": False, "clip": True, "opacity": 0.45},
        "encoding": {
            "x": {**x, "field": "west"},
            "x2": {"field": "east"},
            "y": {**y, "field": "north"},
            "y2": {"field": "south"},
        },
    }


def shelter_layer(spec: dict, shelters: pd.DataFrame, tooltip: list[tuple[str, str]]) -> dict | None:
    """Shelters (columns lon, lat and the tooltip fields) as purple squares, None without one located."""
    shown = shelters.dropna(subset=["lon", "lat"])
    if shown.empty:
        return None
    points = next(layer for layer in spec["layer"] if layer.get("data", {}).get("name") == "points")
    fields = list(dict.fromkeys(["lon", "lat", *(f for f, _ in tooltip)]))
    values = [{f: plain_value(v) for f, v in row.items()} for row in shown[fields].to_dict("records")]
    return {
        "name": "shelters",
        "data": {"values": values},
        "mark": {
            "type": "point",
            "shape": "square",
            "filled": True,
            "size": 110,
            "color": SHELTER_COLOUR,
            "stroke": "white",
            "strokeWidth": 1,
            "opacity": 0.9,
            "clip": True,
        },
        "encoding": {
            "x": points["encoding"]["x"],
            "y": points["encoding"]["y"],
            "tooltip": [{"field": f, "type": "nominal", "title": title} for f, title in tooltip],
        },
    }


def plain_value(value):
    """A JSON-safe scalar for inline Vega data (NaN -> None, numpy -> Python)."""
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


def with_layers(spec: dict, *, below: list[dict | None] = (), above: list[dict | None] = ()) -> dict:
    """``spec`` with ``below`` layers put under the points (after the borders) and ``above``
    layers on top; None entries are skipped."""
    layers = list(spec["layer"])
    at = next(i for i, layer in enumerate(layers) if layer.get("data", {}).get("name") == "points")
    return {**spec, "layer": [*layers[:at], *(x for x in below if x), *layers[at:], *(x for x in above if x)]}
