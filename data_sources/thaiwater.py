"""ThaiWater (HII / สสน.) public API v3: water levels of every telemetry station.

``fetch_waterlevel_load(session, base_url)`` does the HTTP; ``parse_waterlevel_load(payload)``
is pure and accepts both recorded shapes:

    2020  {"data": {"result", "data": [rows]}, "setting": {"scale", ...}}
    2026  {"waterlevel_data": {"result", "data": [rows]}, "scale": {"data": {"scale", ...}}}

Times in the API are Asia/Bangkok wall-clock without an offset; the parser returns
aware UTC. Numbers often arrive as strings. Rows are never dropped: each doubtful row
keeps a ``flags`` text ("; "-joined reasons) that the stations table shows.

Known traps handled here (each has a test): RID gauge-datum duplicate feeds (``min_bank`` 0,
levels about 2 m, code without the dot, e.g. "M7" beside "M.7", checked against that twin); rows days or years older
than the reply; timestamps in the future; ``situation_level`` null; ``left_bank``/``right_bank``
relative to the gauge instead of m MSL (we use ``min_bank``); ``999999`` no-data sentinels;
``ground_level`` 0 meaning unknown; HTTP 429 for cloud addresses (``SourceUnavailable``).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import requests

from data_sources.errors import MissingFieldError, SourceFormatError, SourceUnavailable
from data_sources.http import Fetched, fetch_json
from domain.flags import DATUM_DUPLICATE, coded_flag, join_flags

SOURCE = "thaiwater"
BANGKOK = ZoneInfo("Asia/Bangkok")
SENTINEL = 999_990.0  # HII writes 999999 for "no value"
OLD_AFTER = timedelta(hours=24)  # older than the newest row of the reply by this = an old row
FUTURE_AFTER = timedelta(minutes=15)
DUPLICATE_GAP_M = 5.0  # a dot-less twin this far under the dotted station's level reads the gauge, not m MSL
BANK_MISMATCH_M = 3.0  # left/right bank further than this from min_bank: not m MSL

COLUMNS = {
    "station_id": "string",
    "station_code": "string",
    "name_th": "string",
    "name_en": "string",
    "agency": "string",
    "basin_th": "string",
    "province_code": "string",
    "district_code": "string",
    "amphoe_name_th": "string",
    "lat": "float64",
    "lon": "float64",
    "level_msl": "float64",
    "level_msl_previous": "float64",
    "discharge": "float64",
    "storage_percent": "float64",
    "hii_situation_level": "Int64",
    "bank_msl": "float64",
    "ground_msl": "float64",
    "left_bank": "float64",
    "right_bank": "float64",
    "critical_level_msl": "float64",
    "qmax": "float64",
    "hii_key_station": "boolean",
    "observed_at": "datetime64[us, UTC]",
    "flags": "string",
}
_ROW_REQUIRED = ("waterlevel_datetime", "waterlevel_msl", "station", "geocode")
_STATION_REQUIRED = ("id", "tele_station_oldcode")


def fetch_waterlevel_load(session: requests.Session, base_url: str, timeout: float = 20.0) -> Fetched:
    """GET ``<base>/waterlevel_load`` (every telemetry station's current level)."""
    return fetch_json(session, SOURCE, base_url.rstrip("/") + "/waterlevel_load", timeout=timeout)


def fetch_waterlevel_graph(
    session: requests.Session, base_url: str, station_id: str, start: str, end: str, timeout: float = 20.0
) -> Fetched:
    """GET one station's series; ``start``/``end`` are YYYY-MM-DD (Bangkok dates)."""
    params = {"station_type": "tele_waterlevel", "station_id": station_id, "start_date": start, "end_date": end}
    return fetch_json(session, SOURCE, base_url.rstrip("/") + "/waterlevel_graph", params=params, timeout=timeout)


def check_result(block: dict, where: str, source: str) -> None:
    """HII wraps rows in ``{"result": "OK", "data": [...]}``; any other ``result`` (e.g.
    "ERROR") is the API saying it failed: ``SourceUnavailable`` with its words, one line."""
    result = block.get("result")
    if result is None or str(result).strip().upper() == "OK":
        return
    detail = block.get("message") or block.get("error") or block.get("detail") or ""
    detail = " ".join(str(detail).split())[:200]
    raise SourceUnavailable(
        source,
        f"the {where} says result {str(result)[:40]!r}"
        + (f" ({detail})" if detail else "")
        + "; nothing stored, the last good data is kept",
    )


def check_rows(rows: list, where: str, source: str) -> None:
    """A reply with no rows at all is a failure, never 'ok, 0 rows'."""
    if not rows:
        raise SourceFormatError(source, f"the {where} has no rows; nothing stored, the last good data is kept")


def waterlevel_rows(payload: object) -> tuple[list[dict], dict]:
    """The row list and HII's scale table from either shape; raises ``MissingFieldError``,
    ``SourceUnavailable`` (``result`` not OK) or ``SourceFormatError`` (no rows)."""
    if not isinstance(payload, dict):
        raise SourceFormatError(SOURCE, f"expected a JSON object, got {type(payload).__name__}")
    if "waterlevel_data" in payload:
        container, scale = payload["waterlevel_data"], (payload.get("scale") or {}).get("data", {})
        name = "waterlevel_data.data"
    elif "data" in payload:
        container, scale = payload["data"], payload.get("setting") or {}
        name = "data.data"
    else:
        raise MissingFieldError(
            SOURCE, "waterlevel_data", "waterlevel_load reply (keys: " + ", ".join(sorted(payload)) + ")"
        )
    if isinstance(container, dict):
        check_result(container, "waterlevel_load reply", SOURCE)
    rows = container.get("data") if isinstance(container, dict) else None
    if not isinstance(rows, list):
        raise MissingFieldError(SOURCE, name, "waterlevel_load reply")
    check_rows(rows, "waterlevel_load reply", SOURCE)
    return rows, scale if isinstance(scale, dict) else {}


def _number(value: Any, name: str, flags: list[str]) -> float:
    """A float from a number or a numeric string; NaN (with a flag) for junk and sentinels."""
    if value is None or value == "":
        return math.nan
    try:
        number = float(value)
    except (TypeError, ValueError):
        flags.append(coded_flag("not_number", field=name, value=repr(value)))
        return math.nan
    if math.isnan(number) or abs(number) >= SENTINEL:
        if name != "waterlevel_msl_previous":
            flags.append(coded_flag("no_data", field=name, value=repr(value)))
        return math.nan
    return number


_BANGKOK_OFFSET = timedelta(hours=7)  # Asia/Bangkok has had no daylight saving since 1920


def parse_local_time(text: str) -> datetime:
    """'2020-06-29 13:30' (Bangkok, no offset) -> aware UTC. Raises ValueError."""
    t = str(text).strip()
    if len(t) >= 16 and t[4] == "-" and t[7] == "-" and t[10] == " " and t[13] == ":":
        local = datetime(int(t[0:4]), int(t[5:7]), int(t[8:10]), int(t[11:13]), int(t[14:16]), tzinfo=UTC)
    else:
        local = datetime.strptime(t[:16], "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    return local - _BANGKOK_OFFSET


def _name(block: object, lang: str) -> str:
    return (block or {}).get(lang) or "" if isinstance(block, dict) else ""


def row_blocks(
    row: dict, where: str, source: str, row_required: tuple[str, ...], station_required: tuple[str, ...]
) -> tuple[dict, dict]:
    """(station, geocode) of one reply row after checking its documented fields;
    ``MissingFieldError`` names the first one missing (``where``: e.g. "waterlevel row 3")."""
    for name in row_required:
        if name not in row:
            raise MissingFieldError(source, name, where)
    station, geocode = row["station"] or {}, row["geocode"] or {}
    for name in station_required:
        if name not in station:
            raise MissingFieldError(source, f"station.{name}", where)
    return station, geocode


def row_time(row: dict, field: str, flags: list[str]) -> datetime | None:
    """The row's ``field`` as an aware UTC datetime (HII writes Bangkok local time), or None
    with a flag saying why; shared with the rain parser."""
    try:
        return parse_local_time(row[field])
    except (TypeError, ValueError):
        flags.append(coded_flag("not_datetime", field=field, value=repr(row[field])))
        return None


def _parse_row(row: dict, index: int, has_situation: bool) -> dict:
    station, geocode = row_blocks(row, f"waterlevel row {index}", SOURCE, _ROW_REQUIRED, _STATION_REQUIRED)
    flags: list[str] = []
    observed = row_time(row, "waterlevel_datetime", flags)
    level = _number(row["waterlevel_msl"], "waterlevel_msl", flags)
    if math.isnan(level) and row["waterlevel_msl"] in (None, ""):
        flags.append(coded_flag("no_level"))
    bank = _number(station.get("min_bank"), "min_bank", flags)
    ground = _number(station.get("ground_level"), "ground_level", flags)
    left = _number(station.get("left_bank"), "left_bank", flags)
    right = _number(station.get("right_bank"), "right_bank", flags)
    if bank == 0:
        bank = math.nan
        flags.append(coded_flag("no_bank"))
    if ground == 0:
        ground = math.nan
        if not math.isnan(bank):
            flags.append(coded_flag("no_ground"))
    if not math.isnan(bank) and any(not math.isnan(b) and abs(b - bank) > BANK_MISMATCH_M for b in (left, right)):
        flags.append(coded_flag("relative_bank", left=f"{left:g}", right=f"{right:g}", bank=f"{bank:g}"))
    situation = row.get("situation_level")
    if has_situation and situation is None:
        flags.append(coded_flag("no_situation"))
    if station.get("tele_station_lat") is None or station.get("tele_station_long") is None:
        flags.append(coded_flag("no_coordinates"))
    agency = (row.get("agency") or {}).get("agency_shortname") or {}
    amphoe = str(geocode.get("amphoe_code") or "").strip()
    province = str(geocode.get("province_code") or "").strip()
    return {
        "station_id": str(station["id"]),
        "station_code": str(station.get("tele_station_oldcode") or "").strip(),
        "name_th": _name(station.get("tele_station_name"), "th").strip(),
        "name_en": _name(station.get("tele_station_name"), "en").strip(),
        "agency": agency.get("en") or agency.get("th") or "",
        "basin_th": _name((row.get("basin") or {}).get("basin_name"), "th"),
        "province_code": province,
        "district_code": province + amphoe if len(province) == 2 and len(amphoe) == 2 else None,
        "amphoe_name_th": _name(geocode.get("amphoe_name"), "th"),
        "lat": _number(station.get("tele_station_lat"), "tele_station_lat", flags),
        "lon": _number(station.get("tele_station_long"), "tele_station_long", flags),
        "level_msl": level,
        "level_msl_previous": _number(row.get("waterlevel_msl_previous"), "waterlevel_msl_previous", flags),
        "discharge": _number(row.get("discharge"), "discharge", flags),
        "storage_percent": _number(row.get("storage_percent"), "storage_percent", flags),
        "hii_situation_level": situation,
        "bank_msl": bank,
        "ground_msl": ground,
        "left_bank": left,
        "right_bank": right,
        "critical_level_msl": _number(station.get("critical_level_msl"), "critical_level_msl", flags),
        "qmax": _number(station.get("qmax"), "qmax", flags),
        "hii_key_station": bool(station.get("is_key_station")),
        "observed_at": observed,
        "flags": flags,
    }


def normalise_code(code: str) -> str:
    """'M.7' and 'M7' -> 'M7' (RID's duplicate feeds drop the dot)."""
    return re.sub(r"[^A-Z0-9]", "", str(code).upper())


def _flag_duplicates(records: list[dict]) -> None:
    """RID gauge-datum duplicates: a dot-less code ("M7") beside its dotted twin ("M.7", a
    different station of the same reply), no bank, and a 'level' far below the twin's m MSL
    level (more than ``DUPLICATE_GAP_M``) or under its ground. That level is a gauge reading,
    not m MSL: blank it, keep the row, name the twin. A station without such a twin keeps its
    level, however low (coastal and southern rivers are a few metres above the sea)."""
    twins = {normalise_code(r["station_code"]): r for r in records if "." in r["station_code"]}
    for r in records:
        twin = twins.get(normalise_code(r["station_code"]))
        if (
            twin is None
            or twin["station_code"] == r["station_code"]
            or not math.isnan(r["bank_msl"])
            or r["agency"] != "RID"
        ):
            continue
        below_twin = not math.isnan(twin["level_msl"]) and twin["level_msl"] - r["level_msl"] > DUPLICATE_GAP_M
        under_ground = not math.isnan(twin["ground_msl"]) and r["level_msl"] < twin["ground_msl"]
        if below_twin or under_ground:
            r["flags"].append(coded_flag(DATUM_DUPLICATE, twin=twin["station_code"], level=f"{r['level_msl']:g}"))
            r["level_msl"] = r["level_msl_previous"] = math.nan


REPLY_DUPLICATE = "@reply_duplicate|"  # the prefix the store leaves out (see save_waterlevels)


def flag_reply_duplicates(records: list[dict]) -> None:
    """The same station twice at the same time in one reply: the row that comes first in the
    reply is kept (HII lists a station's current row first; a later copy is a re-send), the
    other is flagged ``@reply_duplicate|level=<its level>|kept=<kept level>`` and not stored as
    a reading; the kept one is flagged ``@reply_duplicate_kept|other=<other level>`` when the
    levels differ, so the station table shows that the reply disagreed with itself."""
    first: dict[tuple, dict] = {}
    for r in records:
        if r["observed_at"] is None:
            continue
        key = (r["station_id"], r["observed_at"])
        kept = first.setdefault(key, r)
        if kept is r:
            continue
        r["flags"].append(coded_flag("reply_duplicate", level=_metres(r["level_msl"]), kept=_metres(kept["level_msl"])))
        if _metres(r["level_msl"]) != _metres(kept["level_msl"]):
            kept["flags"].append(coded_flag("reply_duplicate_kept", other=_metres(r["level_msl"])))


def _metres(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.2f}"


def flag_times(records: list[dict], now: datetime, noun: str = "row") -> None:
    """Future timestamps (beyond ``now`` + 15 min) and rows a day or more older than the
    newest (non-future) row of the same reply; ``noun`` names a row in the flag code (``old_row``, ``old_reading``)."""
    limit = now + FUTURE_AFTER
    present = [r["observed_at"] for r in records if r["observed_at"] is not None and r["observed_at"] <= limit]
    newest = max(present) if present else None
    for r in records:
        observed = r["observed_at"]
        if observed is None:
            continue
        if observed > limit:
            r["flags"].append(coded_flag("future", time=f"{observed:%Y-%m-%d %H:%M}"))
        elif newest is not None and observed < newest - OLD_AFTER:
            r["flags"].append(coded_flag(f"old_{noun}", days=f"{(newest - observed).total_seconds() / 86400:.1f}"))


def parse_waterlevel_load(payload: object, now: datetime | None = None) -> pd.DataFrame:
    """Every row of a ``waterlevel_load`` reply as a DataFrame with ``COLUMNS``.

    Levels, banks and ground in m MSL, discharge m³/s, storage_percent %, ``observed_at``
    aware UTC. ``now`` (aware; default: the clock) decides which timestamps are in the
    future. Raises ``MissingFieldError`` naming a missing documented field."""
    rows, _scale = waterlevel_rows(payload)
    now = now or datetime.now(UTC)
    has_situation = (
        isinstance(payload, dict) and "waterlevel_data" in payload
    )  # the 2026 shape carries HII's situation_level
    records = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise SourceFormatError(SOURCE, f"waterlevel row {i} is a {type(row).__name__}, expected an object")
        records.append(_parse_row(row, i, has_situation))
    _flag_duplicates(records)
    flag_reply_duplicates(records)
    flag_times(records, now)
    for r in records:
        r["flags"] = join_flags(*r["flags"])
    df = pd.DataFrame(records, columns=list(COLUMNS))
    df["observed_at"] = pd.to_datetime(df["observed_at"], utc=True)
    df["hii_situation_level"] = pd.to_numeric(df["hii_situation_level"], errors="coerce")
    return df.astype(COLUMNS)


def hii_scale(payload: object) -> list[dict]:
    """HII's own colour/threshold table (``scale``) from either shape ([] when absent)."""
    _rows, scale = waterlevel_rows(payload)
    return list(scale.get("scale") or [])


def filter_province(df: pd.DataFrame, province_code: str, keep_codes: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows whose ``geocode.province_code`` is ``province_code``, plus stations whose
    code is in ``keep_codes`` (upstream key stations in another province)."""
    mask = (df["province_code"] == str(province_code)) | df["station_code"].isin(list(keep_codes))
    return df[mask].reset_index(drop=True)


def parse_waterlevel_graph(payload: object) -> pd.DataFrame:
    """A ``waterlevel_graph`` reply as observed_at (UTC), level_msl, discharge; points with
    no value are kept as NaN (a gap, not a zero)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
        raise MissingFieldError(SOURCE, "data", "waterlevel_graph reply")
    points = payload["data"].get("graph_data")
    if not isinstance(points, list):
        raise MissingFieldError(SOURCE, "data.graph_data", "waterlevel_graph reply")
    records = []
    for i, point in enumerate(points):
        if "datetime" not in point or "value" not in point:
            raise MissingFieldError(SOURCE, "datetime" if "datetime" not in point else "value", f"graph point {i}")
        flags: list[str] = []
        records.append(
            {
                "observed_at": parse_local_time(point["datetime"]),
                "level_msl": _number(point["value"], "value", flags),
                "discharge": _number(point.get("discharge"), "discharge", flags),
            }
        )
    out = pd.DataFrame(records, columns=["observed_at", "level_msl", "discharge"])
    out["observed_at"] = pd.to_datetime(out["observed_at"], utc=True)
    return out.astype({"level_msl": "float64", "discharge": "float64"})
