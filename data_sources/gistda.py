"""GISTDA satellite flood extent (OGC API Features) and flood-extent files.

``GET {base}/{period}?pv_idn=34&limit=1000&offset=0`` with the ``API-Key`` header, where
period is one of ``PERIODS``. The reply is a GeoJSON FeatureCollection; pages are read
until one comes back shorter than ``limit`` (or ``numberMatched`` is reached). Features
carry ``ap_idn`` (district code), ``f_area`` (m²) and scene names/dates.

The key is sent only in the header, never in the URL, and is masked in every message
(``data_sources.http.fetch_json(secrets=...)``). The parsed frame keeps only the district,
area, date, scene name and geometry: the reply's ``links`` (which may echo the request)
are dropped, never stored.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import requests
from shapely.geometry import shape

from data_sources.errors import MissingFieldError, SourceFormatError
from data_sources.http import fetch_json, mask

SOURCE = "gistda"
PERIODS = ("1day", "3days", "7days", "30days")
MAX_PAGES = 200
COLUMNS = ["district_code", "area_m2", "acquired_on", "scene", "geometry"]
_DATE = re.compile(r"(20\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])")
_DATE_KEYS = ("date", "scene", "time", "acq", "_dt")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchedFeatures:
    features: list[dict]
    pages: int
    bytes: int
    latency_s: float


def flood_url(base_url: str, period: str) -> str:
    if period not in PERIODS:
        raise ValueError(f"GISTDA period {period!r} is not one of {', '.join(PERIODS)}")
    return base_url.rstrip("/") + "/" + period


def fetch_flood_features(
    session: requests.Session,
    base_url: str,
    period: str,
    province_code: str,
    api_key: str,
    *,
    limit: int = 1000,
    timeout: float = 30.0,
) -> FetchedFeatures:
    """Every flood feature of ``province_code`` for ``period``, page by page.
    Raises ``SourceUnavailable`` / ``SourceFormatError`` (key masked)."""
    if not api_key:
        raise ValueError("a GISTDA API key is needed (setting GISTDA_API_KEY)")
    url = flood_url(base_url, period)
    features: list[dict] = []
    pages = size = 0
    latency = 0.0
    for page in range(MAX_PAGES):
        params = {"pv_idn": province_code, "limit": limit, "offset": page * limit}
        fetched = fetch_json(
            session, SOURCE, url, params=params, headers={"API-Key": api_key}, timeout=timeout, secrets=(api_key,)
        )
        batch = _page_features(fetched.payload, api_key)
        features.extend(batch)
        pages, size, latency = pages + 1, size + fetched.bytes, latency + fetched.latency_s
        log.info("gistda %s page %d: %d features (%s)", period, page + 1, len(batch), fetched.url)
        matched = fetched.payload.get("numberMatched") if isinstance(fetched.payload, dict) else None
        if len(batch) < limit or (isinstance(matched, int) and len(features) >= matched):
            break
    else:
        raise SourceFormatError(SOURCE, f"more than {MAX_PAGES} pages of {limit} features; refusing to page further")
    return FetchedFeatures(features, pages, size, latency)


def _page_features(payload: object, api_key: str) -> list[dict]:
    if not isinstance(payload, dict):
        raise SourceFormatError(SOURCE, f"expected a GeoJSON FeatureCollection object, got {type(payload).__name__}")
    if "features" not in payload:
        detail = mask(str(payload.get("message") or payload.get("error") or ""), (api_key,))
        if detail:
            raise SourceFormatError(SOURCE, f"the reply has no features: {detail[:200]}")
        raise MissingFieldError(SOURCE, "features")
    if not isinstance(payload["features"], list):
        raise SourceFormatError(SOURCE, "'features' is not a list")
    return payload["features"]


def parse_flood_features(features: list[dict] | dict) -> gpd.GeoDataFrame:
    """GeoJSON features (or a FeatureCollection) -> GeoDataFrame in EPSG:4326 with
    ``COLUMNS``: district_code (4-digit str), area_m2 (float), acquired_on (date),
    scene (str). Raises ``MissingFieldError`` when ap_idn, f_area or a date is absent."""
    if isinstance(features, dict):
        features = features.get("features", [])
    rows = []
    for i, feature in enumerate(features):
        props = feature.get("properties") or {}
        for name in ("ap_idn", "f_area"):
            if name not in props:
                raise MissingFieldError(SOURCE, name, f"properties of feature {i}")
        try:
            area = float(props["f_area"])
        except (TypeError, ValueError):
            raise SourceFormatError(SOURCE, f"f_area {props['f_area']!r} of feature {i} is not a number (m²)") from None
        when, scene = _acquisition(props)
        if when is None:
            raise MissingFieldError(SOURCE, "scene date", f"properties of feature {i}")
        geometry = feature.get("geometry")
        rows.append(
            {
                "district_code": str(props["ap_idn"]).strip().zfill(4),
                "area_m2": area,
                "acquired_on": when,
                "scene": scene,
                "geometry": shape(geometry) if geometry else None,
            }
        )
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=COLUMNS), geometry="geometry", crs="EPSG:4326")


def _acquisition(props: dict) -> tuple[date | None, str]:
    """The first date found in a property whose name speaks of a scene or acquisition, then
    of a date or time, then in any text property (a scene name such as S1A_..._20221002T...)."""
    scene = ""
    keyed = [(k.lower(), v) for k, v in props.items() if v is not None and any(d in k.lower() for d in _DATE_KEYS)]
    keyed.sort(
        key=lambda kv: 0 if ("scene" in kv[0] or "acq" in kv[0]) else 1
    )  # scene/acquisition before update stamps
    for lowered, value in keyed:
        text = str(value)
        if "scene" in lowered and not scene:
            scene = text[:200]
        match = _DATE.search(text)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3))), scene or text[:200]
            except ValueError:
                continue
    for key, value in props.items():  # last resort: a scene name under another key (e.g. sat_name)
        if (
            isinstance(value, str)
            and key.lower() not in ("ap_idn", "pv_idn", "tb_idn")
            and (match := _DATE.search(value))
        ):
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3))), scene or value[:200]
            except ValueError:
                continue
    return None, scene


def read_extent_file(path: str | Path, acquired_on: date | None = None) -> gpd.GeoDataFrame:
    """A flood-extent GeoJSON or zipped/unzipped Shapefile -> GeoDataFrame in EPSG:4326 with
    ``COLUMNS``. District codes and areas are filled from GISTDA attributes when present
    (else None / NaN: the overlay provides them); the date comes from the attributes, else
    ``acquired_on``, else a date in the file name. Raises ``SourceFormatError``."""
    path = Path(path)
    try:
        raw = gpd.read_file(path)
    except Exception as exc:
        raise SourceFormatError(SOURCE, f"cannot read {path.name} as GeoJSON or Shapefile: {exc}") from exc
    if raw.crs is None:
        raise SourceFormatError(
            SOURCE, f"{path.name} has no coordinate reference system; save it with one (e.g. EPSG:4326)"
        )
    raw = raw.to_crs("EPSG:4326")
    polygons = raw[raw.geometry.notna() & raw.geom_type.isin(["Polygon", "MultiPolygon"])]
    if polygons.empty:
        raise SourceFormatError(
            SOURCE,
            f"{path.name} has no polygons (found: {', '.join(sorted(set(raw.geom_type.dropna()))) or 'nothing'})",
        )
    dates = [_acquisition({k: v for k, v in row.items() if k != "geometry"})[0] for row in polygons.to_dict("records")]
    fallback = acquired_on or _name_date(path.name)
    out = gpd.GeoDataFrame(
        {
            "district_code": [
                str(v).zfill(4) if pd.notna(v) else None
                for v in polygons.get("ap_idn", pd.Series([None] * len(polygons)))
            ],
            "area_m2": pd.to_numeric(
                polygons.get("f_area", pd.Series([None] * len(polygons))), errors="coerce"
            ).to_numpy(),
            "acquired_on": [d or fallback for d in dates],
            "scene": path.name,
        },
        geometry=polygons.geometry.values,
        crs="EPSG:4326",
    )
    if out["acquired_on"].isna().any():
        raise SourceFormatError(
            SOURCE, f"{path.name}: no acquisition date in the attributes or the file name; give one (--date YYYY-MM-DD)"
        )
    return out


def _name_date(name: str) -> date | None:
    match = _DATE.search(name)
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None
