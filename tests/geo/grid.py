"""Hand-drawn test geometry: a grid of squares with a province's district codes in any schema."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

from geo.gazetteer import province_districts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "geo"
CELL = 0.1
ORIGIN = (104.6, 14.6)


def square_grid(province_code: str = "34", schema: str = "hdx_upper") -> gpd.GeoDataFrame:
    """The province's districts as a grid of 0.1° squares, five to a row, in one property schema:
    hdx_upper, hdx_lower, amp, geoboundaries."""
    canon = province_districts(province_code)
    rows, geoms = [], []
    for i, d in enumerate(canon.itertuples()):
        col, row = i % 5, i // 5
        x, y = ORIGIN[0] + col * CELL, ORIGIN[1] + row * CELL
        geoms.append(box(x, y, x + CELL, y + CELL))
        rows.append(
            {
                "hdx_upper": {
                    "ADM2_PCODE": f"TH{d.district_code}",
                    "ADM2_TH": d.name_th,
                    "ADM2_EN": d.name_en,
                    "ADM1_PCODE": f"TH{province_code}",
                },
                "hdx_lower": {
                    "adm2_pcode": f"TH{d.district_code}",
                    "adm2_name1": d.name_th,
                    "adm2_name": d.name_en,
                    "adm1_pcode": f"TH{province_code}",
                },
                "amp": {
                    "amp_code": d.district_code,
                    "amp_th": d.name_th,
                    "amp_en": d.name_en,
                    "pro_code": province_code,
                },
                "geoboundaries": {
                    "shapeName": d.name_en,
                    "shapeISO": "",
                    "shapeID": f"id{d.district_code}",
                    "shapeGroup": "THA",
                    "shapeType": "ADM2",
                },
            }[schema]
        )
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def cell_of(code: str, province_code: str = "34"):
    """The square of a district in ``square_grid``."""
    codes = province_districts(province_code)["district_code"].tolist()
    i = codes.index(code)
    x, y = ORIGIN[0] + (i % 5) * CELL, ORIGIN[1] + (i // 5) * CELL
    return box(x, y, x + CELL, y + CELL)


def geojson_body(gdf: gpd.GeoDataFrame) -> bytes:
    return gdf.to_json(drop_id=True, ensure_ascii=False).encode("utf-8")


def write_json(path: Path, payload: object) -> Path:
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path
