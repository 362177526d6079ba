"""ThaiWater (HII / สสน.) large dams: storage, inflow, release and spill per dam and day.

``fetch_large_dams(session, url)`` does the HTTP (``analyst/dam?dam_size=1``, the newer API
that public ThaiWater clients call); ``parse_dams(payload)`` is pure and accepts every shape
the same rows arrive in:

    2020  public/thailand ``dam`` member   {"data": {"result", "data": [rows]}, "setting": {"scale", ...}}
          (or the whole public/thailand reply, whose ``dam`` member is that)
    newer analyst/dam?dam_size=1           {"result": "OK", "data": {"dam_daily": [rows], "dam_hourly": [...]}}

Only the daily rows are read (the hourly EGAT rows are a different, partial measure). One row:
``dam_date`` (Bangkok date), ``dam_storage`` (million m³), ``dam_storage_percent`` (% of normal
storage), ``dam_inflow``, ``dam_released``, ``dam_spilled`` (million m³/day), ``dam_level``
(m MSL), ``dam{id, dam_oldcode, dam_name{th,en}, dam_lat, dam_long, normal_storage,
max_storage}``, ``basin{id, basin_name{th,en}}``, ``geocode{province_code, province_name}``.

A row without one of those documented fields (a renamed field) refuses the whole reply with
``MissingFieldError`` naming it: nothing is stored and the last good data is kept.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pandas as pd
import requests

from data_sources.errors import MissingFieldError, SourceFormatError
from data_sources.http import Fetched, fetch_json
from data_sources.thaiwater import check_result

SOURCE = "thaiwater_dams"
SENTINEL = 999_990.0  # HII writes 999999 for "no value"
LARGE_DAMS = {"dam_size": 1}

COLUMNS = {
    "dam_id": "string",
    "dam_code": "string",
    "name_th": "string",
    "name_en": "string",
    "agency": "string",
    "basin_id": "string",
    "basin_th": "string",
    "basin_en": "string",
    "province_code": "string",
    "province_th": "string",
    "lat": "float64",
    "lon": "float64",
    "normal_storage_mcm": "float64",
    "max_storage_mcm": "float64",
    "data_date": "object",  # datetime.date (Bangkok)
    "storage_mcm": "float64",
    "storage_pct": "float64",
    "inflow_mcm": "float64",
    "released_mcm": "float64",
    "spilled_mcm": "float64",
    "level_msl": "float64",
}
_ROW_REQUIRED = (
    "dam_date",
    "dam_storage",
    "dam_storage_percent",
    "dam_inflow",
    "dam_released",
    "dam_spilled",
    "dam",
    "basin",
)
_DAM_REQUIRED = ("id", "dam_name")


def fetch_large_dams(session: requests.Session, url: str, timeout: float = 20.0) -> Fetched:
    """GET ``<url>?dam_size=1`` (``analyst/dam``: the large dams' latest daily report)."""
    return fetch_json(session, SOURCE, url, params=dict(LARGE_DAMS), timeout=timeout)


def dam_rows(payload: object) -> list[dict]:
    """The daily rows of either shape; ``MissingFieldError`` when neither shape's container
    is there, ``SourceUnavailable`` when ``result`` is not OK, ``SourceFormatError`` for no rows."""
    if not isinstance(payload, dict):
        raise SourceFormatError(SOURCE, f"expected a JSON object, got {type(payload).__name__}")
    dam_member = payload.get("dam")
    if isinstance(dam_member, dict):  # the whole public/thailand reply
        payload = dam_member
    check_result(payload, "dam reply", SOURCE)
    data = payload.get("data")
    if isinstance(data, dict) and "dam_daily" in data:  # analyst/dam
        rows, name = data["dam_daily"], "data.dam_daily"
    elif isinstance(data, dict) and "data" in data:  # public/thailand's dam member
        check_result(data, "dam reply", SOURCE)
        rows, name = data["data"], "data.data"
    else:
        keys = ", ".join(sorted(data)) if isinstance(data, dict) else ", ".join(sorted(payload))
        raise MissingFieldError(SOURCE, "data.dam_daily", f"dam reply (keys: {keys})")
    if not isinstance(rows, list):
        raise MissingFieldError(SOURCE, name, "dam reply")
    if not rows:
        raise SourceFormatError(SOURCE, "the dam reply has no rows; nothing stored, the last good data is kept")
    return rows


def _number(value: Any) -> float:
    """A float from a number or numeric string; NaN for empty, junk and the 999999 sentinel."""
    if value is None or value == "" or isinstance(value, bool):
        return math.nan
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return math.nan if math.isnan(number) or abs(number) >= SENTINEL else number


def _name(block: object, lang: str) -> str:
    return str(block.get(lang) or "").strip() if isinstance(block, dict) else ""


def _date(value: object, where: str) -> date:
    text = str(value or "").strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SourceFormatError(
            SOURCE, f"{where}: dam_date {value!r} is not a YYYY-MM-DD date; nothing stored, the last good data is kept"
        ) from None


def _parse_row(row: object, index: int) -> dict:
    where = f"dam row {index}"
    if not isinstance(row, dict):
        raise SourceFormatError(SOURCE, f"{where} is {type(row).__name__}, not an object")
    for name in _ROW_REQUIRED:
        if name not in row:
            raise MissingFieldError(SOURCE, name, where)
    dam = row["dam"] if isinstance(row["dam"], dict) else {}
    for name in _DAM_REQUIRED:
        if name not in dam:
            raise MissingFieldError(SOURCE, f"dam.{name}", where)
    basin = row["basin"] if isinstance(row["basin"], dict) else {}
    geocode: dict = row["geocode"] if isinstance(row.get("geocode"), dict) else {}
    agency = (row.get("agency") or {}).get("agency_shortname") or {}
    return {
        "dam_id": str(dam["id"]),
        "dam_code": str(dam.get("dam_oldcode") or "").strip(),
        "name_th": _name(dam["dam_name"], "th"),
        "name_en": _name(dam["dam_name"], "en"),
        "agency": str(agency.get("en") or agency.get("th") or "").strip(),
        "basin_id": "" if basin.get("id") is None else str(basin["id"]),
        "basin_th": _name(basin.get("basin_name"), "th"),
        "basin_en": _name(basin.get("basin_name"), "en"),
        "province_code": str(geocode.get("province_code") or "").strip(),
        "province_th": _name(geocode.get("province_name"), "th"),
        "lat": _number(dam.get("dam_lat")),
        "lon": _number(dam.get("dam_long")),
        "normal_storage_mcm": _number(dam.get("normal_storage")),
        "max_storage_mcm": _number(dam.get("max_storage")),
        "data_date": _date(row["dam_date"], where),
        "storage_mcm": _number(row["dam_storage"]),
        "storage_pct": _number(row["dam_storage_percent"]),
        "inflow_mcm": _number(row["dam_inflow"]),
        "released_mcm": _number(row["dam_released"]),
        "spilled_mcm": _number(row["dam_spilled"]),
        "level_msl": _number(row.get("dam_level")) or math.nan,  # HII writes 0 for "no level"
    }


def parse_dams(payload: object) -> pd.DataFrame:
    """Every daily dam row of ``payload`` (either shape) as a frame with ``COLUMNS``; one row
    per dam and date (the last one of a reply wins). Storage % is recomputed from storage and
    normal storage where HII left it 0 or empty and both are known. Raises ``SourceError``s."""
    records = [_parse_row(row, i) for i, row in enumerate(dam_rows(payload))]
    df = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    df = df.astype({k: v for k, v in COLUMNS.items() if v != "object"})
    missing_pct = (df["storage_pct"].isna() | (df["storage_pct"] == 0)) & (df["normal_storage_mcm"] > 0)
    df.loc[missing_pct, "storage_pct"] = (
        df.loc[missing_pct, "storage_mcm"] / df.loc[missing_pct, "normal_storage_mcm"] * 100.0
    ).round(2)
    return df.drop_duplicates(["dam_id", "data_date"], keep="last").reset_index(drop=True)
