"""The situation map of the meeting-room screen as one inline SVG: districts shaded by people
affected and named, stations as HII-coloured shapes labelled with code and class word.

Why SVG and not a MapLibre figure: a ``viewBox`` with ``preserveAspectRatio="xMidYMid meet"``
fits the province's whole extent into whatever box the screen's CSS gives it (a 1366x768
projector or a 3840x2160 TV), with no zoom level to guess on the server, no WebGL and no
tiles; labels and markers are in the same units as the map, so a layout made once without
collisions holds at every screen size. The wall's CSS gives the map ``MAP_VH`` of the screen's
height (``briefing.wall.WALL_CSS``), so a text size in user units is a share of the screen
height: ``STATION_VH`` and ``DISTRICT_VH`` (the floor for a label at wall distance is 1.8 %).

    wall_map_svg(snapshot, geojson, lang) -> str | None     None without boundaries and stations
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd
from plotly.colors import sample_colorscale

from briefing.map_labels import CLASS_SHAPES, ON, Anchor, leader_end, place_labels
from briefing.snapshot import districts_frame, stations_frame
from domain.situation import HII_COLOURS
from i18n import t

HEIGHT = 1000.0  # the SVG's height in user units
MARGIN = 24.0
MAP_VH = 71.0  # the map's rendered height, % of the screen's (WALL_CSS .fr-body)
STATION_VH, DISTRICT_VH = 2.4, 2.0
STATION_FONT = HEIGHT * STATION_VH / MAP_VH
DISTRICT_FONT = HEIGHT * DISTRICT_VH / MAP_VH
MARKER_R = 15.0
AFFECTED_SCALE = [[0.0, "#FFF7EC"], [0.5, "#FC8D59"], [1.0, "#B30000"]]


def _rings(geometry: dict) -> list[list]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


class _Plane:
    """lon/lat -> SVG units: equirectangular at the province's middle latitude, north up."""

    def __init__(self, lons: list[float], lats: list[float]):
        self.west, self.east, self.south, self.north = min(lons), max(lons), min(lats), max(lats)
        self.k = math.cos(math.radians((self.south + self.north) / 2))
        self.scale = (HEIGHT - 2 * MARGIN) / max(self.north - self.south, 0.05)
        self.width = (self.east - self.west) * self.k * self.scale + 2 * MARGIN

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return MARGIN + (lon - self.west) * self.k * self.scale, MARGIN + (self.north - lat) * self.scale


def _marker(shape: str, x: float, y: float, r: float, fill: str, attrs: str = "") -> str:
    stroke = f'{attrs} stroke="#000" stroke-width="3"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" {stroke}/>'
    if shape == "circle-open":
        return (
            f'<circle {attrs} cx="{x:.1f}" cy="{y:.1f}" r="{r * 0.8:.1f}" fill="#FFFFFF" stroke="{fill}" '
            'stroke-width="6"/>'
        )
    points = {
        "triangle-up": ((0, -1.25), (1.15, 0.85), (-1.15, 0.85)),
        "triangle-down": ((0, 1.25), (1.15, -0.85), (-1.15, -0.85)),
        "diamond": ((0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)),
        "square": ((-1, -1), (1, -1), (1, 1), (-1, 1)),
    }[shape]
    path = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in points)
    return f'<polygon points="{path}" fill="{fill}" {stroke}/>'


def _text(p, text: str, font: float, colour: str, cls: str, bold: bool = False) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text class="{cls}"{weight} x="{p.x:.1f}" y="{p.y:.1f}" text-anchor="{p.anchor}" font-size="{font:g}" '
        f'fill="{colour}" '
        f'stroke="#FFFFFF" stroke-width="{font / 5:.1f}" paint-order="stroke" '
        f'stroke-linejoin="round">{escape(text)}</text>'
    )


def station_label(code: str, cls: str, lang: str) -> str:
    """'M.7 น้ำปกติ': the class word is the label's second cue beside the marker's shape."""
    return f"{code} {t('briefing.map.unknown_short' if cls == 'unknown' else f'water.class.{cls}', lang)}"


def wall_map_svg(snapshot: dict, geojson: dict | None, lang: str) -> str | None:
    stations = stations_frame(snapshot).dropna(subset=["lat", "lon"])
    features = (geojson or {}).get("features") or []
    # the whole province and every station (a few stand just over the border, e.g. M.5)
    lons = [c[0] for f in features for ring in _rings(f["geometry"]) for c in ring] + stations["lon"].tolist()
    lats = [c[1] for f in features for ring in _rings(f["geometry"]) for c in ring] + stations["lat"].tolist()
    if not lons:
        return None
    plane = _Plane(lons, lats)
    parts = [_districts(features, snapshot, plane)]
    stations = stations.assign(situation_class=stations["situation_class"].fillna("unknown"))
    stations = stations.sort_values(["is_key", "situation_class"], ascending=[False, True], key=_priority)
    anchors = [
        Anchor(
            *plane.xy(r.lon, r.lat),
            station_label(r.station_code, r.situation_class, lang),
            MARKER_R * 1.3,
            bool(r.is_key),
        )
        for r in stations.itertuples()
    ]
    names = [(f["properties"].get("name_th" if lang == "th" else "name_en") or "", _centre(f, plane)) for f in features]
    anchors += [Anchor(x, y, name, 0.0) for name, (x, y) in names if name]
    font = [STATION_FONT] * len(stations) + [DISTRICT_FONT] * (len(anchors) - len(stations))
    placed = _place(anchors, font, plane)
    parts += [
        _leader(r.station_code, a, p)
        for r, a, p in zip(stations.itertuples(), anchors, placed, strict=False)
        if p is not None and p.leader
    ]
    for r, a in zip(stations.itertuples(), anchors, strict=False):
        attrs = f'data-station="{escape(r.station_code)}" data-x="{a.x:.1f}" data-y="{a.y:.1f}"'
        parts.append(
            _marker(
                CLASS_SHAPES.get(r.situation_class, "circle-open"),
                a.x,
                a.y,
                MARKER_R * (1.3 if r.is_key else 1.0),
                HII_COLOURS.get(r.situation_class, HII_COLOURS["unknown"]),
                attrs,
            )
        )
    for i, (a, p) in enumerate(zip(anchors, placed, strict=False)):
        if p is not None:
            station = i < len(stations)
            parts.append(
                _text(
                    p,
                    a.text,
                    font[i],
                    "#000000" if station else "#333333",
                    "fr-station-label" if station else "fr-district-label",
                    bold=station and a.required,
                )
            )
    return (
        f'<svg class="fr-map" data-testid="fr-map" viewBox="0 0 {plane.width:.0f} {HEIGHT:.0f}" '
        'preserveAspectRatio="xMidYMid meet" '
        'xmlns="http://www.w3.org/2000/svg" font-family="Sarabun, Loma, Garuda, sans-serif" '
        f'role="img">{"".join(parts)}</svg>'
    )


def _leader(code: str, a: Anchor, p) -> str:
    """A label set apart from its marker (a crowded town) is joined to it by a thin line."""
    x, y = leader_end(p.box, a.x, a.y)
    return (
        f'<line class="fr-leader" data-station="{escape(code)}" x1="{a.x:.1f}" y1="{a.y:.1f}" x2="{x:.1f}" '
        f'y2="{y:.1f}" '
        'stroke="#000" stroke-width="2.5"/>'
    )


def _priority(column: pd.Series) -> pd.Series:
    if column.name == "situation_class":
        return column.map({"over_bank": 0, "high": 1, "critically_low": 2, "low": 3, "normal": 4}).fillna(5)
    return column


def _place(anchors: list[Anchor], font: list[float], plane: _Plane) -> list:
    """Stations' labels first (at their size), then district names around them."""
    n = sum(1 for f in font if f == STATION_FONT)
    bounds = (0.0, 0.0, plane.width, HEIGHT)
    first = place_labels(anchors[:n], STATION_FONT, bounds, pad=4)
    # station labels kept a fifth of a line clear of the names (a browser's text box is taller than the glyphs)
    air = 0.2 * STATION_FONT
    taken = [(p.box[0] - air, p.box[1] - air, p.box[2] + air, p.box[3] + air) for p in first if p is not None] + [
        (a.x - a.radius, a.y - a.radius, a.x + a.radius, a.y + a.radius) for a in anchors[:n]
    ]
    return first + place_labels(anchors[n:], DISTRICT_FONT, bounds, obstacles=taken, pad=2, candidates=ON)


def _centre(feature: dict, plane: _Plane) -> tuple[float, float]:
    from shapely.geometry import shape

    point = shape(feature["geometry"]).representative_point()
    return plane.xy(point.x, point.y)


def _districts(features: list[dict], snapshot: dict, plane: _Plane) -> str:
    frame = districts_frame(snapshot)
    people = (
        {}
        if frame.empty
        else dict(
            zip(
                frame["district_code"],
                pd.to_numeric(frame["affected_people"], errors="coerce").fillna(0.0),
                strict=False,
            )
        )
    )
    top = max([*people.values(), 1.0])
    out = []
    for f in features:
        code = f["properties"]["district_code"]
        value = float(people.get(code, 0.0))
        fill = sample_colorscale(AFFECTED_SCALE, [value / top])[0] if value > 0 else "#F4F4F4"
        d = "".join(
            "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in (plane.xy(*c[:2]) for c in ring)) + "Z"
            for ring in _rings(f["geometry"])
        )
        out.append(
            f'<path data-district="{escape(code)}" d="{d}" fill="{fill}" stroke="#444" stroke-width="2" '
            'stroke-linejoin="round"/>'
        )
    return "".join(out)
