"""Any district boundary file to one GeoDataFrame keyed on the DOPA district code.

Recognised property schemas (column names compared case-insensitively):

    HDX COD-AB, older releases   ADM2_PCODE ("TH3401"), ADM2_TH, ADM2_EN, ADM1_PCODE ("TH34")
    HDX COD-AB, current release  adm2_pcode, adm2_name1 (Thai), adm2_name (English), adm1_pcode
    DOPA-style (amp_*)           amp_code ("3401"), amp_th, amp_en, pro_code ("34")
    geoBoundaries                shapeName (English) only: matched by name against the gazetteer

The result (``normalise_districts``) has the columns district_code, name_th, name_en
(canonical names from the gazetteer), source, licence and geometry (EPSG:4326, valid,
one (Multi)Polygon per district), sorted by code, with ``attrs`` source, licence and
notes. A file that lacks any of the province's districts raises ``BoundaryError`` with
the missing codes and names.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

from geo.gazetteer import UnknownDistrictError, WrongProvinceError, province_districts, resolve_district
from i18n.diagnostic import coded

COLUMNS = ["district_code", "name_th", "name_en", "source", "licence", "geometry"]
_CODE_COLUMNS = ("adm2_pcode", "amp_code")
_PROVINCE_COLUMNS = ("adm1_pcode", "pro_code")
_NAME_COLUMNS = ("adm2_en", "adm2_name", "amp_en", "shapename", "adm2_th", "adm2_name1", "amp_th")
SCHEMA_HELP = (
    "ADM2_PCODE/ADM2_TH/ADM2_EN (HDX), adm2_pcode/adm2_name1/adm2_name (HDX current), amp_code/amp_th/amp_en "
    "(DOPA-style) or shapeName (geoBoundaries)"
)


class BoundaryError(ValueError):
    """A boundary file that cannot give the province's districts (the message says why)."""


# Where a province's districts may lie, as (west, south, east, north) in degrees. geothai
# has no geometry, so the extent comes from this table: a province measured from a
# reference file (34: ../shared/reference/boundaries/ubon_province.geojson, HDX COD-AB),
# else Thailand's own box (97.34-105.64 E, 5.61-20.46 N). Either gets EXTENT_MARGIN_DEG
# of slack, so a finer or coarser outline of the right place always passes.
PROVINCE_EXTENTS = {"34": (104.37, 14.21, 105.64, 16.10)}
THAILAND_EXTENT = (97.34, 5.61, 105.64, 20.46)
EXTENT_MARGIN_DEG = 0.25


def expected_extent(province_code: str) -> tuple[float, float, float, float]:
    """The (west, south, east, north) box the province's districts must fall in, slack included."""
    west, south, east, north = PROVINCE_EXTENTS.get(str(province_code), THAILAND_EXTENT)
    m = EXTENT_MARGIN_DEG
    return west - m, south - m, east + m, north + m


def check_extent(gdf: gpd.GeoDataFrame, province_code: str) -> None:
    """Refuse a layer (already in EPSG:4326 by its declared CRS) whose bounds are not in the
    province's expected box, naming the bounds found and expected and the likely cause:
    latitude and longitude swapped, projected metres with no CRS declared (GeoJSON is
    read as longitude/latitude whatever its numbers), or simply another place."""
    west, south, east, north = (float(v) for v in gdf.total_bounds)
    box = expected_extent(province_code)

    def inside(w: float, s: float, e: float, n: float) -> bool:
        return box[0] <= w and e <= box[2] and box[1] <= s and n <= box[3]

    if inside(west, south, east, north):
        return
    if inside(south, west, north, east):
        cause = "swapped"
    elif max(abs(west), abs(east)) > 180 or max(abs(south), abs(north)) > 90:
        cause = "projected"
    else:
        cause = "elsewhere"
    raise coded(
        BoundaryError,
        f"geo.extent.{cause}",
        province=_province_label(province_code),
        found=f"{west:,.2f}, {south:,.2f} to {east:,.2f}, {north:,.2f}",
        expected=f"{box[0]:.2f}, {box[1]:.2f} to {box[2]:.2f}, {box[3]:.2f}",
    )


def _column(gdf: gpd.GeoDataFrame, candidates: tuple[str, ...]) -> str | None:
    lower = {str(c).lower(): c for c in gdf.columns}
    for name in candidates:
        if name in lower:
            return lower[name]
    return None


def _province_label(province_code: str) -> str:
    import geothai

    province = geothai.province(province_code)
    return f"{province_code} {province.name_en if province else '(unknown)'}"


def _missing_message(province_code: str, codes: set[str], head: str) -> str:
    canon = province_districts(province_code)
    missing = canon[~canon["district_code"].isin(codes)]
    listed = ", ".join(f"{r.district_code} {r.name_th} ({r.name_en})" for r in missing.itertuples())
    return (
        f"{head}; missing {len(missing)} of {len(canon)} districts of province {_province_label(province_code)}: "
        f"{listed}"
    )


_VECTOR_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp")


def _targets(path: Path) -> list[str]:
    """GDAL paths to try: the file itself, or the vector files inside a zip (ADM2 ones first)."""
    if path.suffix.lower() != ".zip":
        return [str(path)]
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                m for m in archive.namelist() if m.lower().endswith(_VECTOR_SUFFIXES) and not m.startswith("__MACOSX")
            ]
    except zipfile.BadZipFile as exc:
        raise BoundaryError(f"{path.name} is not a readable zip file ({exc})") from exc
    members.sort(key=lambda m: (not re.search(r"adm(in)?2", m.lower()), m))
    if not members:
        raise BoundaryError(f"{path.name} holds no .shp, .geojson or .gpkg file")
    return [f"/vsizip/{path}/{m}" for m in members]


def _province_filter(info: dict, province_code: str | None) -> str | None:
    """An OGR SQL ``where`` that reads only the province's rows of a national file (text codes only)."""
    if not province_code:
        return None
    for name, dtype in zip(info["fields"], info["dtypes"], strict=True):
        if str(name).lower() in _PROVINCE_COLUMNS and dtype == "object":
            return f"\"{name}\" IN ('TH{province_code}', '{province_code}')"
    return None


def read_boundary_file(path: str | Path, province_code: str | None = None) -> gpd.GeoDataFrame:
    """Read GeoJSON, GeoPackage or a zipped Shapefile (or a zip of GeoJSON/GeoPackage files).
    Of several layers or files, the first with a district schema is taken (ADM2 names first).
    With ``province_code``, a file with a text province column is read for that province only."""
    path = Path(path)
    if not path.exists():
        raise BoundaryError(f"boundary file {path} does not exist")
    tried = []
    for target in _targets(path):
        try:
            layers = [name for name, _ in pyogrio.list_layers(target)]
        except pyogrio.errors.DataSourceError as exc:
            raise BoundaryError(
                f"cannot read {path.name}: {exc}; expected GeoJSON, GeoPackage or a zipped Shapefile"
            ) from exc
        for layer in sorted(layers, key=lambda n: not re.search(r"adm(in)?2", n.lower())):
            info = pyogrio.read_info(target, layer=layer)
            if _column(pd.DataFrame(columns=list(info["fields"])), _CODE_COLUMNS + _NAME_COLUMNS):
                where = _province_filter(info, province_code)
                gdf = gpd.read_file(target, layer=layer, where=where) if where else gpd.read_file(target, layer=layer)
                # an empty filtered read is re-read whole, so the error can say which provinces the file has
                return gdf if len(gdf) or not where else gpd.read_file(target, layer=layer)
            tried.append(layer)
    raise BoundaryError(
        f"{path.name} has no layer with district properties (layers: {', '.join(tried) or 'none'}); expected "
        f"{SCHEMA_HELP}"
    )


def _to_wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        minx, miny, maxx, maxy = gdf.total_bounds
        if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
            return gdf.set_crs("EPSG:4326")
        raise coded(BoundaryError, "geo.no_crs", x=f"{minx:.0f}", y=f"{miny:.0f}")
    return gdf if gdf.crs.to_epsg() == 4326 else gdf.to_crs("EPSG:4326")


def _codes_from_column(gdf: gpd.GeoDataFrame, code_col: str, province_code: str) -> tuple[pd.Series, list[str]]:
    raw = gdf[code_col].astype(str).str.strip().str.upper().str.removeprefix("TH")
    in_province = raw.str[:2] == province_code
    if not in_province.any():
        found = sorted(set(raw.str[:2]) - {""})
        raise BoundaryError(
            _missing_message(
                province_code,
                set(),
                f"the file has no district of province {_province_label(province_code)} (it has province codes "
                f"{', '.join(found[:10])})",
            )
        )
    known = set(province_districts(province_code)["district_code"])
    unknown = sorted(set(raw[in_province]) - known)
    notes = [f"codes not in the gazetteer, left out: {', '.join(unknown)}"] if unknown else []
    return raw.where(raw.isin(known)), notes


def _codes_from_names(gdf: gpd.GeoDataFrame, name_col: str, province_code: str) -> tuple[pd.Series, list[str]]:
    codes: list[str | None] = []
    unmatched: list[str] = []
    elsewhere = 0
    for name in gdf[name_col]:
        try:
            codes.append(resolve_district(name, province_code))
        except WrongProvinceError:
            codes.append(None)
            elsewhere += 1
        except UnknownDistrictError:
            codes.append(None)
            unmatched.append(str(name))
    notes = (
        [f"{len(unmatched)} names matched no district of the gazetteer: {', '.join(sorted(unmatched))}"]
        if unmatched
        else []
    )
    if elsewhere:
        notes.append(f"{elsewhere} features of other provinces left out")
    return pd.Series(codes, index=gdf.index, dtype=object), notes


def _nearest_to_cluster(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Name-matched files: when two features claim one code (the same name in another province),
    keep the one nearest the median centre of all matched features."""
    points = gdf.geometry.representative_point()
    centre = shapely.Point(points.x.median(), points.y.median())
    distance = pd.Series(shapely.distance(points.values, centre), index=gdf.index)  # degrees suffice to rank
    keep = distance.groupby(gdf["district_code"]).idxmin()
    return gdf.loc[keep.sort_values().values]


def _repair(geometry: BaseGeometry | None) -> BaseGeometry | None:
    if geometry is None or geometry.is_empty:
        return geometry
    fixed = shapely.make_valid(geometry) if not geometry.is_valid else geometry
    if fixed.geom_type == "GeometryCollection":
        fixed = shapely.union_all([g for g in fixed.geoms if g.geom_type in ("Polygon", "MultiPolygon")])  # type: ignore[attr-defined]  # a GeometryCollection (tested just above) has .geoms
    return fixed


def normalise_districts(gdf: gpd.GeoDataFrame, province_code: str, *, source: str, licence: str) -> gpd.GeoDataFrame:
    """Select, key, repair and dissolve the province's districts from ``gdf`` (any schema above).
    Raises ``BoundaryError`` for an unknown schema, a wrong province or missing districts."""
    province_code = str(province_code)
    if len(gdf) == 0:
        raise BoundaryError(_missing_message(province_code, set(), "the file has no features"))
    gdf = _to_wgs84(gdf)
    notes: list[str] = []
    province_col = _column(gdf, _PROVINCE_COLUMNS)
    if province_col is not None:
        pcode = gdf[province_col].astype(str).str.strip().str.upper().str.removeprefix("TH")
        if not (pcode == province_code).any():
            seen = ", ".join(sorted(set(pcode))[:10])
            raise BoundaryError(
                _missing_message(
                    province_code,
                    set(),
                    f"the file is not for province {_province_label(province_code)} (its {province_col} values: "
                    f"{seen})",
                )
            )
        gdf = gdf[pcode == province_code]
    code_col = _column(gdf, _CODE_COLUMNS)
    name_col = _column(gdf, _NAME_COLUMNS)
    if code_col is not None:
        codes, more = _codes_from_column(gdf, code_col, province_code)
    elif name_col is not None:
        codes, more = _codes_from_names(gdf, name_col, province_code)
    else:
        raise BoundaryError(
            f"no district code or name column among {', '.join(map(str, gdf.columns))}; expected {SCHEMA_HELP}"
        )
    notes += more
    gdf = gpd.GeoDataFrame({"district_code": codes}, geometry=gdf.geometry.values, crs=gdf.crs)
    gdf = gdf[gdf["district_code"].notna()]
    if code_col is None and gdf["district_code"].duplicated().any():
        gdf = _nearest_to_cluster(gdf)
        notes.append("some names occur in several provinces; the feature nearest the others was kept")
    found = set(gdf["district_code"])
    if found:  # the province's own features only (a national file holds the whole country)
        check_extent(gdf, province_code)
    canon = province_districts(province_code)
    if not found:
        raise BoundaryError(
            _missing_message(
                province_code,
                found,
                f"no feature of the file is a district of province {_province_label(province_code)}",
            )
        )
    if found != set(canon["district_code"]):
        raise BoundaryError(_missing_message(province_code, found, "the file is incomplete"))
    return _finish(gdf, canon, source, licence, notes)


def _finish(
    gdf: gpd.GeoDataFrame, canon: pd.DataFrame, source: str, licence: str, notes: list[str]
) -> gpd.GeoDataFrame:
    repaired = gdf.geometry.map(_repair)
    if (~gdf.geometry.is_valid).any():
        notes.append(f"{int((~gdf.geometry.is_valid).sum())} invalid geometries repaired")
    gdf = gdf.set_geometry(repaired)
    before = len(gdf)
    gdf = gdf.dissolve(by="district_code", as_index=False)
    if len(gdf) < before:
        notes.append(f"{before} features dissolved into {len(gdf)} districts")
    out = canon.merge(
        pd.DataFrame({"district_code": gdf["district_code"], "geometry": gdf.geometry.values}), on="district_code"
    )
    out["source"], out["licence"] = source, licence
    result = gpd.GeoDataFrame(out[COLUMNS], geometry="geometry", crs="EPSG:4326")
    result.attrs.update(source=source, licence=licence, notes=notes)
    return result
