"""Poll GISTDA's satellite flood extent for the province (off without ``GISTDA_API_KEY``),
or store a flood-extent file (``--from-file``: GeoJSON, Shapefile, or a saved GISTDA reply).

Flooded area per district comes from the overlay of the extent on the imported district
boundaries (``geo.joins.polygons_to_districts``); without boundaries, GISTDA's own
``ap_idn``/``f_area`` attributes are summed instead (method ``attribute``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from pathlib import Path

import geopandas as gpd
import shapely
from sqlalchemy.engine import Engine

from auth import SYSTEM, User
from config import Settings
from data_sources.errors import SourceFormatError
from data_sources.gistda import fetch_flood_features, parse_flood_features, read_extent_file
from domain.impact import areas_from_attributes
from geo.boundaries import load_districts
from geo.joins import polygons_to_districts
from i18n.timefmt import BANGKOK
from ingest import IngestContext, IngestResult
from store.impact import ExtentLayer, SaveSummary, save_flood_extent

SOURCE = "gistda"
PERIOD = "1day"
DISPLAY_TOLERANCE_DEG = 0.0005  # ~50 m: the extent is drawn at province zoom


def enabled(settings: Settings) -> bool:
    """Polling is on only when a GISTDA API key is configured."""
    return bool(settings.gistda_api_key)


def interval(settings: Settings) -> float:
    return settings.flood_extent_poll_s if enabled(settings) else float("inf")


def run(ctx: IngestContext, from_file: Path | None = None) -> IngestResult:
    if from_file is not None:
        extent = read_saved_extent(Path(from_file))
    elif not enabled(ctx.settings):
        return IngestResult(0, notes=["GISTDA flood extent is off: set GISTDA_API_KEY to turn it on"])
    else:
        s = ctx.settings
        fetched = fetch_flood_features(
            ctx.session, s.gistda_base_url, PERIOD, s.province_code, s.gistda_api_key, timeout=s.http_timeout_s
        )
        extent = parse_flood_features(fetched.features)
    districts = load_districts(ctx.settings)
    summaries = store_flood_extent(ctx.engine, SYSTEM, extent, districts, ctx.settings.province_code, source=SOURCE)
    latest = max(summaries) if summaries else None
    notes = [
        f"{day}: {s.written} district areas written, {s.unchanged} unchanged ({method})"
        for day, (s, method) in sorted(summaries.items())
    ]
    rows = sum(s.written + s.unchanged for s, _ in summaries.values())
    # noon Bangkok of the newest acquisition date; a dry day (no features) has no data time
    data_time = datetime.combine(latest, time(12), BANGKOK).astimezone(UTC) if latest else None
    return IngestResult(rows, data_time=data_time, notes=notes or ["no flood polygons in the province"])


def read_saved_extent(path: Path) -> gpd.GeoDataFrame:
    """A saved GISTDA reply (JSON with ``features`` carrying ap_idn/f_area), else any
    GeoJSON/Shapefile flood extent."""
    if path.suffix.lower() in (".json", ".geojson"):
        try:
            payload = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SourceFormatError(SOURCE, f"{path.name} is not JSON: {exc}") from exc
        features = payload.get("features") if isinstance(payload, dict) else None
        if features and "ap_idn" in (features[0].get("properties") or {}):
            return parse_flood_features(features)
    return read_extent_file(path)


def store_flood_extent(
    engine: Engine,
    user: User,
    extent: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame | None,
    province_code: str,
    source: str,
) -> dict:
    """Areas per district (overlay on ``districts`` when given, else the extent's own
    ap_idn/f_area) and display geometry, one layer per acquisition date.
    Returns {acquired_on: (SaveSummary, method)}. Raises ``SourceFormatError`` when neither
    district boundaries nor GISTDA attributes can give areas."""
    out: dict = {}
    for acquired_on, part in extent.groupby("acquired_on"):
        if districts is not None:
            areas = polygons_to_districts(part.to_crs(districts.crs), districts)
            areas, method = areas[areas["area_km2"] > 0], "overlay"
        elif part["district_code"].notna().all() and part["area_m2"].notna().all():
            areas, method = areas_from_attributes(part), "attribute"
            areas = areas[areas["district_code"].str.startswith(province_code)]
        else:
            raise SourceFormatError(
                source,
                "the extent has no ap_idn/f_area attributes and no district boundaries are imported; run python "
                "manage.py fetch-boundaries first",
            )
        layer = ExtentLayer(
            source,
            acquired_on,
            display_geojson(part),
            len(part),
            "; ".join(sorted(set(part["scene"].astype(str))))[:2000],
        )
        summary: SaveSummary = save_flood_extent(engine, user, areas, layer, method)
        out[acquired_on] = (summary, method)
    return out


def display_geojson(extent: gpd.GeoDataFrame) -> str:
    """The extent merged and simplified for the map, as GeoJSON text with no attributes
    (nothing from the request or the reply's links is kept)."""
    polygons = [g for g in extent.to_crs("EPSG:4326").geometry if g is not None and not g.is_empty]
    merged = shapely.union_all(shapely.make_valid(polygons)) if polygons else shapely.Polygon()
    simple = shapely.set_precision(merged.simplify(DISPLAY_TOLERANCE_DEG, preserve_topology=True), 1e-5)
    feature = {
        "type": "Feature",
        "id": "extent",
        "properties": {"id": "extent"},
        "geometry": shapely.geometry.mapping(simple),
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}, separators=(",", ":"))
