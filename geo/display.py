"""Display geometry: the province's districts simplified for the browser, computed once.

The simplification is topology-preserving (``shapely.coverage_simplify``, GEOS's coverage
simplifier: a border two districts share is simplified once for both, so no slivers or gaps
appear between them), then the coordinates are snapped to a 1e-5° grid (about 1 m). Its
tolerance is not a distance but about the square root of the triangles' area it removes
(Visvalingam-Whyatt): the default 0.003 keeps every simplified border within ~0.0045° (about
500 m, two or three screen pixels at province zoom) of the original; Ubon's 25 districts come
to ~69 KB of GeoJSON in ~0.6 s against ~8.8 MB at full resolution (the topojson package's
Douglas-Peucker at 0.0012°, used before issue 17: 86 KB in 3.7 s).

The result is cached on disk beside the normalised file as
``display-<sha12 of the normalised file>-<tolerance>.geojson``: a new import makes a new name.

    geojson = districts_geojson(settings)      # dict for px.choropleth_map
    px.choropleth_map(df, geojson=geojson, locations="district_code",
                      featureidkey="properties.district_code", ...)
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from config import Settings
from geo.boundaries import atomic_write, boundary_status, load_districts
from geo.normalise import COLUMNS

DEFAULT_TOLERANCE_DEG = 0.003
GRID_DEG = 1e-5
_DECIMALS = 5
FEATURE_KEY = "properties.district_code"


def simplify_districts(districts: gpd.GeoDataFrame, tolerance_deg: float = DEFAULT_TOLERANCE_DEG) -> gpd.GeoDataFrame:
    """Topology-preserving simplification of EPSG:4326 districts (``tolerance_deg`` in degrees,
    Visvalingam-Whyatt on the coverage's shared edges), keeping every column and the row order;
    geometries valid and snapped to 1e-5°."""
    if districts.crs is None or districts.crs.to_epsg() != 4326:
        raise ValueError(f"display simplification needs EPSG:4326 districts, got {districts.crs}")
    if tolerance_deg <= 0:
        raise ValueError(f"tolerance_deg must be positive, got {tolerance_deg}")
    simple = shapely.coverage_simplify(districts.geometry.values, tolerance_deg, simplify_boundary=True)
    geometry = shapely.set_precision(shapely.make_valid(simple), GRID_DEG)
    out = districts.drop(columns=districts.geometry.name).copy()
    return gpd.GeoDataFrame(out, geometry=geometry, crs="EPSG:4326")


def round_coordinates(coords: Any, digits: int = _DECIMALS) -> list:
    """GeoJSON ``coordinates`` (any nesting) rounded to ``digits`` decimals (5: ~1 m, 4: ~11 m);
    shared vertices round alike, so shared borders stay shared."""
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(c, digits) for c in coords]
    return [round_coordinates(c, digits) for c in coords]


def coordinate_lists(geojson: dict | None) -> tuple[list[float], list[float]]:
    """(longitudes, latitudes) of every vertex of a GeoJSON FeatureCollection (None -> empty)."""
    lons: list[float] = []
    lats: list[float] = []

    def walk(coords: Any) -> None:
        if coords and isinstance(coords[0], (int, float)):
            lons.append(coords[0])
            lats.append(coords[1])
        else:
            for part in coords:
                walk(part)

    for feature in (geojson or {}).get("features", []):
        walk(feature["geometry"]["coordinates"])
    return lons, lats


def point_bounds(lons: Any, lats: Any) -> tuple[float, float, float, float] | None:
    """(west, east, south, north) of the points with both coordinates finite (NaN left out);
    None when there is none. The one framing step of both map views below."""
    pairs = [(float(x), float(y)) for x, y in zip(lons, lats, strict=False) if math.isfinite(x) and math.isfinite(y)]
    if not pairs:
        return None
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    return min(xs), max(xs), min(ys), max(ys)


def map_view(lons: list[float], lats: list[float], width: int = 900, height: int = 560) -> tuple[dict, float]:
    """Centre and zoom of a MapLibre map (plotly ``map``) of ``width`` x ``height`` pixels that
    frames the points (NaN left out) in 85 % of it; Ubon's middle when there is none.
    MapLibre draws about 1.2 * 2**zoom pixels per degree at this latitude."""
    bounds = point_bounds(lons, lats)
    if bounds is None:
        return {"lat": 15.0, "lon": 104.8}, 7.0
    west, east, south, north = bounds
    lon_span, lat_span = max(east - west, 0.1), max(north - south, 0.1)
    zoom = min(math.log2(width * 0.85 / (1.42 * lon_span)), math.log2(height * 0.85 / (1.21 * lat_span)))
    return {"lat": (north + south) / 2, "lon": (east + west) / 2}, round(zoom, 2)


def axis_view(lons: Any, lats: Any, height_px: int, max_width_px: int, pad: float) -> dict:
    """The same framing for a plain lon/lat plot (the Vega-Lite station map, ``ui.vega_map``):
    axis domains padded by ``pad`` of the extent on each side, and a pixel size that keeps the
    ground's proportions (a degree of longitude is cos(latitude) of a degree of latitude),
    ``height_px`` tall unless that is wider than ``max_width_px``.

    Returns ``{"lon": [w, e], "lat": [s, n], "width": px, "height": px}``; raises ValueError
    when there is no finite coordinate."""
    bounds = point_bounds(lons, lats)
    if bounds is None:
        raise ValueError("a map needs at least one point with both longitude and latitude")
    west, east, south, north = bounds
    span_lon = max(east - west, 0.05)
    span_lat = max(north - south, 0.05)
    west, east = (west + east - span_lon) / 2 - pad * span_lon, (west + east + span_lon) / 2 + pad * span_lon
    south, north = (south + north - span_lat) / 2 - pad * span_lat, (south + north + span_lat) / 2 + pad * span_lat
    ratio = (
        (east - west) * math.cos(math.radians((south + north) / 2)) / (north - south)
    )  # width / height on the ground
    width, height = ratio * height_px, float(height_px)
    if width > max_width_px:
        width, height = float(max_width_px), max_width_px / ratio
    return {"lon": [west, east], "lat": [south, north], "width": round(width), "height": round(height)}


def to_geojson(
    districts: gpd.GeoDataFrame, properties: tuple[str, ...] = ("district_code", "name_th", "name_en")
) -> dict:
    """A GeoJSON FeatureCollection dict, ``id`` and ``properties.district_code`` set, coordinates
    rounded to 5 decimals (about 1 m)."""
    features = []
    for row in districts.itertuples(index=False):
        geometry = shapely.geometry.mapping(getattr(row, districts.geometry.name))
        geometry = {"type": geometry["type"], "coordinates": round_coordinates(geometry["coordinates"])}
        props = {name: getattr(row, name) for name in properties if name in districts.columns}
        features.append(
            {"type": "Feature", "id": props.get("district_code"), "properties": props, "geometry": geometry}
        )
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(collection: dict) -> bytes:
    """Compact UTF-8 JSON of a GeoJSON dict (what the browser receives)."""
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _cache_path(settings: Settings, tolerance_deg: float) -> Path | None:
    status = boundary_status(settings)
    if not status.cached or status.path is None or status.sha256 is None:
        return None
    return status.path.parent / f"display-{status.sha256[:12]}-{tolerance_deg:g}.geojson"


def display_districts(
    source: Settings | gpd.GeoDataFrame, tolerance_deg: float = DEFAULT_TOLERANCE_DEG
) -> gpd.GeoDataFrame | None:
    """The simplified districts (columns ``geo.normalise.COLUMNS``). From ``Settings``: read from
    the disk cache, or computed from the cached boundaries once and written there; None when no
    boundaries are cached. From a GeoDataFrame: computed, not cached."""
    if isinstance(source, gpd.GeoDataFrame):
        return simplify_districts(source, tolerance_deg)
    path = _cache_path(source, tolerance_deg)
    if path is None:
        return None
    if path.exists():
        simple = gpd.read_file(path)
        simple["district_code"] = simple["district_code"].astype(str)
        status = boundary_status(source)
        simple.attrs.update(source=status.source, licence=status.licence, fetched_at=status.fetched_at)
        return simple[COLUMNS]
    full = load_districts(source)
    if full is None:  # the boundaries were removed since _cache_path looked
        return None
    simple = simplify_districts(full, tolerance_deg)
    atomic_write(path, geojson_bytes(to_geojson(simple, tuple(c for c in COLUMNS if c != "geometry"))))
    simple.attrs.update(full.attrs)
    return simple


def boundary_attribution(districts: gpd.GeoDataFrame, lang: str = "th") -> str:
    """The map caption naming the boundaries' source, licence and date, from the ``attrs`` that
    ``load_districts`` / ``display_districts`` set (source, licence, fetched_at)."""
    from i18n import t
    from i18n.timefmt import format_date

    fetched = districts.attrs.get("fetched_at")
    date = format_date(fetched, lang) if fetched else "-"
    return t(
        "geo.attribution",
        lang,
        source=districts.attrs.get("source", "-"),
        licence=districts.attrs.get("licence", "-"),
        date=date,
    )


def districts_geojson(source: Settings | gpd.GeoDataFrame, tolerance_deg: float = DEFAULT_TOLERANCE_DEG) -> dict | None:
    """The simplified districts as a GeoJSON dict for ``px.choropleth_map(geojson=...,
    featureidkey="properties.district_code")``; properties district_code, name_th, name_en.
    None when no boundaries are cached."""
    simple = display_districts(source, tolerance_deg)
    return None if simple is None else to_geojson(simple)
