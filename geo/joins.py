"""Joins against the province's districts: pure functions, CRS checked first, predicates explicit.

    points_to_districts(points, districts)      each point's district_code (None outside the province)
    polygons_to_districts(extent, districts)    intersected area per district in km² and rai
    province_outline(districts)                 the union of the districts (mask, map frame)

Both inputs must carry a CRS and the same one: a mismatch raises ``CRSMismatchError`` naming
both CRSs; nothing is reprojected silently. Areas are computed in the province's UTM zone
(EPSG:32647 west of 102°E, EPSG:32648 east of it; Ubon Ratchathani is 48N).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

SQ_M_PER_RAI = 1600.0
SQ_M_PER_KM2 = 1_000_000.0
JOIN_PREDICATE = "intersects"


class CRSMismatchError(ValueError):
    """A layer has no CRS, or two layers that must share one do not."""


def _crs_label(gdf: gpd.GeoDataFrame) -> str:
    return "none" if gdf.crs is None else (f"EPSG:{gdf.crs.to_epsg()}" if gdf.crs.to_epsg() else gdf.crs.name)


def check_same_crs(left: gpd.GeoDataFrame, right: gpd.GeoDataFrame, left_name: str, right_name: str) -> None:
    """Raise ``CRSMismatchError`` unless both layers have a CRS and it is the same."""
    for gdf, name in ((left, left_name), (right, right_name)):
        if not isinstance(gdf, gpd.GeoDataFrame):
            raise TypeError(f"{name} must be a GeoDataFrame, got {type(gdf).__name__}")
        if gdf.crs is None:
            raise CRSMismatchError(f"{name} has no CRS; set it (e.g. .set_crs('EPSG:4326')) before joining")
    if "district_code" not in right.columns:
        raise ValueError(
            f"{right_name} has no district_code column (columns: {', '.join(map(str, right.columns))}); pass "
            "normalised districts"
        )
    if left.crs != right.crs:
        raise CRSMismatchError(
            f"{left_name} is in {_crs_label(left)} but {right_name} is in {_crs_label(right)}; reproject one with "
            ".to_crs() first"
        )


def utm_epsg(gdf: gpd.GeoDataFrame) -> int:
    """The WGS84 UTM zone (north) for the centre of ``gdf``: 32647 or 32648 for Thailand."""
    if gdf.crs is None:
        raise CRSMismatchError("the layer has no CRS; cannot choose a UTM zone")
    lonlat = gdf if gdf.crs.to_epsg() == 4326 else gdf.to_crs("EPSG:4326")
    lon = lonlat.total_bounds[[0, 2]].mean()
    zone = int((lon + 180) // 6) + 1
    return 32600 + zone


def points_to_districts(points: gpd.GeoDataFrame, districts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``points`` with two columns added: district_code (str; NA, see pd.isna, outside the province) and in_province \
(bool).

    The predicate is ``intersects`` so a point on a border is not lost; when it touches two
    districts it goes to exactly one, the lowest district code (a stable, documented rule)."""
    check_same_crs(points, districts, "points", "districts")
    if "district_code" in points.columns:
        raise ValueError("points already have a district_code column; drop or rename it first")
    left = points[[points.geometry.name]].copy()
    left["_row"] = range(len(points))
    joined = gpd.sjoin(
        left, districts[["district_code", districts.geometry.name]], how="left", predicate=JOIN_PREDICATE
    )
    joined = joined.sort_values(["_row", "district_code"], na_position="last").drop_duplicates("_row")
    out = points.copy()
    codes = joined.set_index("_row")["district_code"].reindex(range(len(points)))
    out["district_code"] = codes.to_numpy()
    out["in_province"] = codes.notna().to_numpy()
    return out


def polygons_to_districts(extent: gpd.GeoDataFrame, districts: gpd.GeoDataFrame) -> pd.DataFrame:
    """Area of ``extent`` (e.g. a flood extent; overlapping parts counted once) inside each district.

    Returns every district: district_code, area_km2, area_rai (1 rai = 1,600 m²), computed in the
    province's UTM zone, sorted by code. Lines and points in ``extent`` have no area and are ignored."""
    check_same_crs(extent, districts, "extent", "districts")
    epsg = utm_epsg(districts)
    polygons = [
        g for g in extent.geometry if g is not None and not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon")
    ]
    merged = shapely.union_all(shapely.make_valid(polygons)) if polygons else shapely.Polygon()
    shape = gpd.GeoSeries([merged], crs=extent.crs).to_crs(epsg).iloc[0]
    local = districts[["district_code", districts.geometry.name]].to_crs(epsg)
    areas = (
        shapely.area(shapely.intersection(local.geometry.values, shape)) if not shape.is_empty else [0.0] * len(local)
    )
    result = pd.DataFrame({"district_code": local["district_code"].to_numpy(), "area_m2": areas})
    result["area_km2"] = result["area_m2"] / SQ_M_PER_KM2
    result["area_rai"] = result["area_m2"] / SQ_M_PER_RAI
    return result[["district_code", "area_km2", "area_rai"]].sort_values("district_code", ignore_index=True)


def district_areas(districts: gpd.GeoDataFrame) -> pd.DataFrame:
    """Each district's own area: district_code, area_km2, area_rai (province UTM zone)."""
    if districts.crs is None:
        raise CRSMismatchError("districts has no CRS; set it before measuring areas")
    local = districts.to_crs(utm_epsg(districts))
    return pd.DataFrame(
        {
            "district_code": local["district_code"].to_numpy(),
            "area_km2": local.area.to_numpy() / SQ_M_PER_KM2,
            "area_rai": local.area.to_numpy() / SQ_M_PER_RAI,
        }
    ).sort_values("district_code", ignore_index=True)


def province_outline(districts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row: the union of the districts (same CRS), with district_count; for masks and the map frame."""
    if districts.crs is None:
        raise CRSMismatchError("districts has no CRS; set it before building the outline")
    outline = shapely.union_all(shapely.make_valid(districts.geometry.values))
    return gpd.GeoDataFrame({"district_count": [len(districts)]}, geometry=[outline], crs=districts.crs)
