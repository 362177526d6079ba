"""Display geometry: the province's districts simplified for the browser, computed once.

The simplification is topology-preserving (``topojson``: shared borders are simplified once
and used by both neighbours, so no slivers or gaps appear between districts), then the
coordinates are snapped to a 1e-5° grid (about 1 m). With the default tolerance of 0.0012°
(about 130 m, under one screen pixel at province zoom, where a pixel is ~200 m) Ubon's 25 districts come to well
under 100 KB of GeoJSON against ~8.8 MB at full resolution.

The result is cached on disk beside the normalised file as
``display-<sha12 of the normalised file>-<tolerance>.geojson``: a new import makes a new name.

    geojson = districts_geojson(settings)      # dict for px.choropleth_map
    px.choropleth_map(df, geojson=geojson, locations="district_code",
                      featureidkey="properties.district_code", ...)
"""
from __future__ import annotations

from typing import Any

import json
from pathlib import Path

import geopandas as gpd
import shapely
import topojson

from config import Settings
from geo.boundaries import atomic_write, boundary_status, load_districts
from geo.normalise import COLUMNS

DEFAULT_TOLERANCE_DEG = 0.0012
GRID_DEG = 1e-5
_DECIMALS = 5
FEATURE_KEY = "properties.district_code"


def simplify_districts(districts: gpd.GeoDataFrame, tolerance_deg: float = DEFAULT_TOLERANCE_DEG) -> gpd.GeoDataFrame:
    """Topology-preserving simplification of EPSG:4326 districts (``tolerance_deg`` in degrees,
    Douglas-Peucker on shared arcs), keeping every column; geometries valid and snapped to 1e-5°."""
    if districts.crs is None or districts.crs.to_epsg() != 4326:
        raise ValueError(f"display simplification needs EPSG:4326 districts, got {districts.crs}")
    if tolerance_deg <= 0:
        raise ValueError(f"tolerance_deg must be positive, got {tolerance_deg}")
    keyed = districts[["district_code", districts.geometry.name]].reset_index(drop=True)
    topo = topojson.Topology(keyed, prequantize=False, toposimplify=tolerance_deg, prevent_oversimplify=True, simplify_algorithm="dp")
    simple = topo.to_gdf()
    simple = simple.set_crs("EPSG:4326", allow_override=True) if simple.crs is None else simple
    geometry = shapely.set_precision(shapely.make_valid(simple.geometry.values), GRID_DEG)
    by_code = dict(zip(simple["district_code"], geometry, strict=True))
    out = districts.drop(columns=districts.geometry.name).copy()
    return gpd.GeoDataFrame(out, geometry=[by_code[c] for c in districts["district_code"]], crs="EPSG:4326")


def _round(coords: Any) -> list:  # GeoJSON coordinates nested to any depth
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(c, _DECIMALS) for c in coords]
    return [_round(c) for c in coords]


def to_geojson(districts: gpd.GeoDataFrame, properties: tuple[str, ...] = ("district_code", "name_th", "name_en")) -> dict:
    """A GeoJSON FeatureCollection dict, ``id`` and ``properties.district_code`` set, coordinates
    rounded to 5 decimals (about 1 m)."""
    features = []
    for row in districts.itertuples(index=False):
        geometry = shapely.geometry.mapping(getattr(row, districts.geometry.name))
        geometry = {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])}
        props = {name: getattr(row, name) for name in properties if name in districts.columns}
        features.append({"type": "Feature", "id": props.get("district_code"), "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(collection: dict) -> bytes:
    """Compact UTF-8 JSON of a GeoJSON dict (what the browser receives)."""
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _cache_path(settings: Settings, tolerance_deg: float) -> Path | None:
    status = boundary_status(settings)
    if not status.cached or status.path is None or status.sha256 is None:
        return None
    return status.path.parent / f"display-{status.sha256[:12]}-{tolerance_deg:g}.geojson"


def display_districts(source: Settings | gpd.GeoDataFrame, tolerance_deg: float = DEFAULT_TOLERANCE_DEG) -> gpd.GeoDataFrame | None:
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
    return t("geo.attribution", lang, source=districts.attrs.get("source", "-"), licence=districts.attrs.get("licence", "-"), date=date)


def districts_geojson(source: Settings | gpd.GeoDataFrame, tolerance_deg: float = DEFAULT_TOLERANCE_DEG) -> dict | None:
    """The simplified districts as a GeoJSON dict for ``px.choropleth_map(geojson=...,
    featureidkey="properties.district_code")``; properties district_code, name_th, name_en.
    None when no boundaries are cached."""
    simple = display_districts(source, tolerance_deg)
    return None if simple is None else to_geojson(simple)
