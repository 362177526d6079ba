"""ThaiWater (HII / สสน.) public API v3: 24-hour rainfall of every telemetry rain gauge.

``fetch_rain_24h(session, base_url)`` does the HTTP; ``parse_rain_24h(payload, now)`` is
pure and accepts both recorded shapes:

    2020  {"data": {"result", "data": [rows]}, "setting": {"rule", "level_color", "scale"}}
    2026  {"result": "OK", "data": [rows]}

Row fields used: ``rain_24h``, ``rainfall_datetime`` (Asia/Bangkok wall-clock without an
offset; converted with ``data_sources.thaiwater.parse_local_time``), ``station{id,
tele_station_oldcode, tele_station_name, tele_station_lat/long}``, ``geocode{province_code,
amphoe_code?}``. ``rain_1h`` is absent from many rows and is not used.

Columns of the frame (``COLUMNS``):

    station_id str, station_code str, name_th str, name_en str, province_code str,
    amphoe_code str ("" when the reply has none: the recorded replies carry only amphoe_name),
    lat float, lon float, rain_24h_mm float (mm over the 24 h ending at observed_at; NaN when
    the value is missing or not a number), observed_at datetime64[UTC] (NaT when unreadable),
    flags str ("; "-joined coded reasons, ``domain.flags``: future time, old reading, non-numeric value, ...).

Rows are never dropped. ``rain_class(mm)`` gives HII's colour scale for a 24 h total.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import requests

from data_sources.errors import MissingFieldError, SourceFormatError
from data_sources.http import Fetched, fetch_json
from data_sources.thaiwater import SENTINEL, check_result, check_rows, flag_times, row_blocks, row_time
from domain.flags import coded_flag, join_flags

SOURCE = "thaiwater_rain"
ENDPOINT = "rain_24h"

COLUMNS = {
    "station_id": "string",
    "station_code": "string",
    "name_th": "string",
    "name_en": "string",
    "province_code": "string",
    "amphoe_code": "string",
    "lat": "float64",
    "lon": "float64",
    "rain_24h_mm": "float64",
    "observed_at": "datetime64[us, UTC]",
    "flags": "string",
}
_ROW_REQUIRED = ("rain_24h", "rainfall_datetime", "station", "geocode")
_STATION_REQUIRED = ("id",)

# HII's scale for a 24 h total (``setting.scale`` of the 2020 reply): (more than mm, colour).
RAIN_SCALE: tuple[tuple[float, str], ...] = (
    (90.0, "#EE141F"),
    (70.0, "#CA6504"),
    (50.0, "#FE8A04"),
    (35.0, "#F6D300"),
    (20.0, "#66C803"),
    (10.0, "#9CEEB2"),
    (0.0, "#A9D1FC"),
)


def rain_class(mm: float | None) -> tuple[int, str | None]:
    """HII's class of a 24 h rainfall total: (level, colour). Level 7 is "> 90 mm" down to
    level 1 "> 0 mm"; 0 mm gives (0, None); a missing/NaN value gives (-1, None).
    Raises ValueError for a negative total (not a rainfall)."""
    if mm is None or (isinstance(mm, float) and math.isnan(mm)):
        return -1, None
    value = float(mm)
    if value < 0:
        raise ValueError(f"rainfall {value!r} mm is negative; expected 0 or more mm")
    for level, (above, colour) in zip(range(len(RAIN_SCALE), 0, -1), RAIN_SCALE, strict=True):
        if value > above:
            return level, colour
    return 0, None


def fetch_rain_24h(session: requests.Session, base_url: str, timeout: float = 20.0) -> Fetched:
    """GET ``<base>/rain_24h`` (every rain gauge's 24 h total)."""
    return fetch_json(session, SOURCE, base_url.rstrip("/") + "/" + ENDPOINT, timeout=timeout)


def rain_rows(payload: object) -> list[dict]:
    """The row list from either shape; raises ``MissingFieldError`` / ``SourceFormatError``
    (no rows) / ``SourceUnavailable`` (``result`` not OK)."""
    if not isinstance(payload, dict):
        raise SourceFormatError(SOURCE, f"expected a JSON object, got {type(payload).__name__}")
    check_result(payload, "rain_24h reply", SOURCE)
    if "data" not in payload:
        raise MissingFieldError(SOURCE, "data", "rain_24h reply (keys: " + ", ".join(sorted(payload)) + ")")
    container = payload["data"]
    if isinstance(container, list):  # 2026 shape
        rows = container
    else:  # 2020 shape
        if isinstance(container, dict):
            check_result(container, "rain_24h reply", SOURCE)
        inner = container.get("data") if isinstance(container, dict) else None
        if not isinstance(inner, list):
            raise MissingFieldError(SOURCE, "data.data", "rain_24h reply")
        rows = inner
    check_rows(rows, "rain_24h reply", SOURCE)
    return rows


def _number(value: Any, name: str, flags: list[str]) -> float:
    if value is None or value == "":
        flags.append(coded_flag("no_value", field=name))
        return math.nan
    if isinstance(value, bool):
        flags.append(coded_flag("not_number", field=name, value=repr(value)))
        return math.nan
    try:
        number = float(value)
    except (TypeError, ValueError):
        flags.append(coded_flag("not_number", field=name, value=repr(value)))
        return math.nan
    if math.isnan(number) or abs(number) >= SENTINEL:
        flags.append(coded_flag("no_data", field=name, value=repr(value)))
        return math.nan
    return number


def _text(block: object, lang: str) -> str:
    return str(block.get(lang) or "").strip() if isinstance(block, dict) else ""


def _parse_row(row: object, index: int) -> dict:
    if not isinstance(row, dict):
        raise SourceFormatError(SOURCE, f"rain row {index} is a {type(row).__name__}, expected an object")
    station, geocode = row_blocks(row, f"rain_24h row {index}", SOURCE, _ROW_REQUIRED, _STATION_REQUIRED)
    flags: list[str] = []
    observed = row_time(row, "rainfall_datetime", flags)
    rain = _number(row["rain_24h"], "rain_24h", flags)
    if not math.isnan(rain) and rain < 0:
        flags.append(coded_flag("negative", field="rain_24h", value=repr(row["rain_24h"])))
        rain = math.nan
    lat = _number(station.get("tele_station_lat"), "tele_station_lat", flags)
    lon = _number(station.get("tele_station_long"), "tele_station_long", flags)
    return {
        "station_id": str(station["id"]),
        "station_code": str(station.get("tele_station_oldcode") or "").strip(),
        "name_th": _text(station.get("tele_station_name"), "th"),
        "name_en": _text(station.get("tele_station_name"), "en"),
        "province_code": str(geocode.get("province_code") or "").strip(),
        "amphoe_code": str(geocode.get("amphoe_code") or "").strip(),
        "lat": lat,
        "lon": lon,
        "rain_24h_mm": rain,
        "observed_at": observed,
        "flags": flags,
    }


def parse_rain_24h(payload: object, now: datetime | None = None) -> pd.DataFrame:
    """Every row of a ``rain_24h`` reply as a DataFrame with ``COLUMNS`` (see the module doc).
    ``now`` (aware; default: the clock) decides which timestamps are in the future.
    Raises ``MissingFieldError`` naming a missing documented field."""
    if now is not None and now.tzinfo is None:
        raise ValueError(f"naive datetime {now!r}; give an aware (UTC) time")
    now = now or datetime.now(UTC)
    records = [_parse_row(row, i) for i, row in enumerate(rain_rows(payload))]
    flag_times(records, now, noun="reading")
    for r in records:
        r["flags"] = join_flags(*r["flags"])
    df = pd.DataFrame(records, columns=list(COLUMNS))
    df["observed_at"] = pd.to_datetime(df["observed_at"], utc=True)
    return df.astype(COLUMNS)


def filter_province(df: pd.DataFrame, province_code: str) -> pd.DataFrame:
    """Rows whose ``geocode.province_code`` is ``province_code``."""
    return df[df["province_code"] == str(province_code)].reset_index(drop=True)
