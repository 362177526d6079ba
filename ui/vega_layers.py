"""Layers over the Vega-Lite station map (``ui.vega_map.point_map_spec``): station and district
labels placed on the server in the spec's pixel plane (``Plane``, by ``briefing.map_labels``),
the flood extent as one filled SVG image, shelters as squares, and ``with_layers`` to stack them
under or over the points."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from geo.outlines import Outlines
from ui.vega_map import KEY_SIZE, outline_image

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
