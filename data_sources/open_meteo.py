"""Open-Meteo: GloFAS river discharge (Flood API) and precipitation forecast.

Both are MODEL values, not gauged readings. Open-Meteo does not state a model run time,
so the issue time we store is the time of the request (``issue_time``); a saved reply
replayed from a file is dated by its data (``data_issue_time``: the start of its first day,
never the file's modification time), and pages label the values "model forecast" with
that time and the source. A reply for another place than the one asked for is refused
(``check_position``; Open-Meteo snaps a point to its grid, so a grid cell apart is allowed).

    fetch_flood(session, url, points)      one request for many points; the reply is a JSON
                                           array in the order of the points (one object for one)
    parse_flood(payload, codes)            -> station_code, date, discharge, discharge_median, p25, p75, lat, lon
    fetch_precipitation(session, url, lat, lon)
    parse_precipitation(payload)           -> valid_at (UTC), precipitation_mm, probability_pct, lat, lon
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import requests

from data_sources.errors import MissingFieldError, SourceFormatError
from data_sources.http import Fetched, fetch_json

_BANGKOK = ZoneInfo("Asia/Bangkok")
FLOOD_SOURCE = "open_meteo_flood"
RAIN_SOURCE = "open_meteo_rain"
FLOOD_VARIABLES = ("river_discharge", "river_discharge_median", "river_discharge_p25", "river_discharge_p75")
_FLOOD_COLUMNS = {
    "river_discharge": "discharge",
    "river_discharge_median": "discharge_median",
    "river_discharge_p25": "p25",
    "river_discharge_p75": "p75",
}
# GloFAS's percentiles come from one ensemble, so p25 <= median <= p75 holds exactly; the reply
# rounds to 0.01 m³/s, hence a hundredth's slack before a day is called out of order.
PERCENTILE_TOLERANCE = 0.01


def fetch_flood(
    session: requests.Session,
    url: str,
    points: list[tuple[float, float]],
    timeout: float = 20.0,
    past_days: int = 7,
    forecast_days: int = 30,
) -> Fetched:
    """Daily GloFAS discharge at ``points`` [(lat, lon), ...], 7 days past and 30 ahead."""
    if not points:
        raise ValueError("fetch_flood needs at least one (lat, lon) point")
    params = {
        "latitude": ",".join(f"{lat:.5f}" for lat, _ in points),
        "longitude": ",".join(f"{lon:.5f}" for _, lon in points),
        "daily": ",".join(FLOOD_VARIABLES),
        "past_days": past_days,
        "forecast_days": forecast_days,
        "timezone": "Asia/Bangkok",
    }
    return fetch_json(session, FLOOD_SOURCE, url, params=params, timeout=timeout)


def locations(n: int) -> str:
    """'1 location', '2 locations' (the English of a source error)."""
    return f"{n} location" if n == 1 else f"{n} locations"


def _check_flood_item(item: object, where: str) -> dict:
    """The reply object for one point, or ``MissingFieldError`` saying the payload is not an
    Open-Meteo flood reply and which documented fields it lacks."""
    if not isinstance(item, dict):
        raise SourceFormatError(
            FLOOD_SOURCE, f"not an Open-Meteo flood reply: the {where} is {type(item).__name__}, not a JSON object"
        )
    missing = [name for name in ("latitude", "longitude", "daily") if name not in item]
    daily = item.get("daily")
    if isinstance(daily, dict):
        missing += [f"daily.{name}" for name in ("time", "river_discharge") if name not in daily]
    elif "daily" not in missing:
        missing.append("daily (an object)")
    if missing:
        raise MissingFieldError(
            FLOOD_SOURCE,
            missing[0],
            message=f"not an Open-Meteo flood reply: the {where} lacks {', '.join(repr(m) for m in missing)}",
        )
    return item


def _discharges(values: list, variable: str, code: str, days: list[str]) -> list[float]:
    """The day values of one variable as floats (None for a day without a value), or
    ``SourceFormatError`` naming the station, the day and the field of the first bad value:
    not a number, not finite, or a negative discharge."""
    out = []
    for day, value in zip(days, values, strict=True):
        if value is None:
            out.append(float("nan"))
            continue
        number = None
        if isinstance(value, (int, float, str)) and not isinstance(value, bool):
            try:
                number = float(value)
            except ValueError:
                number = None
        if number is None or not math.isfinite(number):
            raise SourceFormatError(
                FLOOD_SOURCE, f"{variable} for {code} on {day} is {value!r}, not a number; nothing stored"
            )
        if number < 0:
            raise SourceFormatError(
                FLOOD_SOURCE,
                f"{variable} for {code} on {day} is {number:g} m³/s, below 0 (a discharge cannot be negative); "
                "nothing stored",
            )
        out.append(number)
    return out


def _check_percentiles(frame: pd.DataFrame, code: str) -> None:
    """p25 <= median <= p75 on every day that has them (GloFAS's ensemble percentiles), else
    ``SourceFormatError`` naming the station, the day and both values."""
    for low, high in (("p25", "discharge_median"), ("discharge_median", "p75"), ("p25", "p75")):
        bad = frame[frame[low] > frame[high] + PERCENTILE_TOLERANCE]
        if not bad.empty:
            row = bad.iloc[0]
            names = {v: k for k, v in _FLOOD_COLUMNS.items()}
            raise SourceFormatError(
                FLOOD_SOURCE,
                f"{names[low]} for {code} on {row['date']} is {row[low]:g} m³/s, above {names[high]} "
                f"{row[high]:g} m³/s (the percentiles are out of order); nothing stored",
            )


def parse_flood(payload: object, codes: list[str]) -> pd.DataFrame:
    """A Flood API reply (an object for one point, an array for several, in request order)
    as rows per station code and local date; discharge values in m³/s (model).

    Refused (``SourceFormatError``, one line naming the station, the day and the field):
    a payload that is not a flood reply (which fields it lacks), a count of locations other
    than the codes', a value that is not a number or is negative, and percentiles out of
    order (p25 > median or median > p75). A ``null`` is a day without a value (a gap)."""
    items = payload if isinstance(payload, list) else [payload]
    for i, item in enumerate(items):
        if not isinstance(payload, list):
            where = "reply"
        elif len(items) == len(codes):
            where = f"reply for {codes[i]}"
        else:
            where = f"reply #{i + 1}"
        _check_flood_item(item, where)
    if len(items) != len(codes):
        raise SourceFormatError(FLOOD_SOURCE, f"the reply has {locations(len(items))} but {len(codes)} were asked for")
    frames = []
    for code, item in zip(codes, items, strict=True):
        daily = item["daily"]
        days = [str(d) for d in daily["time"]]
        n = len(days)
        frame = pd.DataFrame({"station_code": code, "date": pd.to_datetime(days, format="%Y-%m-%d").date})
        for variable, column in _FLOOD_COLUMNS.items():
            values = daily.get(variable, [None] * n)
            if not isinstance(values, list) or len(values) != n:
                count = len(values) if isinstance(values, list) else 0
                raise SourceFormatError(FLOOD_SOURCE, f"daily.{variable} has {count} values for {n} days ({code})")
            frame[column] = pd.Series(_discharges(values, variable, code, days), dtype="float64")
        _check_percentiles(frame, code)
        frame["lat"], frame["lon"] = float(item["latitude"]), float(item["longitude"])
        frames.append(frame)
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["station_code", "date", *_FLOOD_COLUMNS.values(), "lat", "lon"])
    )


def fetch_precipitation(
    session: requests.Session, url: str, lat: float, lon: float, timeout: float = 20.0, forecast_days: int = 3
) -> Fetched:
    """Hourly precipitation and its probability at one point (the province centre)."""
    params = {
        "latitude": f"{lat:.5f}",
        "longitude": f"{lon:.5f}",
        "hourly": "precipitation,precipitation_probability",
        "timezone": "Asia/Bangkok",
        "forecast_days": forecast_days,
    }
    return fetch_json(session, RAIN_SOURCE, url, params=params, timeout=timeout)


def parse_precipitation(payload: object) -> pd.DataFrame:
    """A forecast reply as valid_at (UTC; hour starting), precipitation_mm, probability_pct."""
    if not isinstance(payload, dict) or "hourly" not in payload:
        raise MissingFieldError(RAIN_SOURCE, "hourly", "forecast reply")
    hourly = payload["hourly"]
    for name in ("time", "precipitation"):
        if name not in hourly:
            raise MissingFieldError(RAIN_SOURCE, f"hourly.{name}", "forecast reply")
    offset = timedelta(seconds=int(payload.get("utc_offset_seconds", 0)))
    local = pd.to_datetime(hourly["time"], format="%Y-%m-%dT%H:%M")
    n = len(local)
    out = pd.DataFrame({"valid_at": (local - offset).tz_localize("UTC")})
    out["precipitation_mm"] = pd.to_numeric(pd.Series(hourly["precipitation"], dtype="object"), errors="coerce").astype(
        "float64"
    )
    prob = hourly.get("precipitation_probability", [None] * n)
    out["probability_pct"] = pd.to_numeric(pd.Series(prob, dtype="object"), errors="coerce").astype("float64")
    out["lat"], out["lon"] = float(payload.get("latitude", "nan")), float(payload.get("longitude", "nan"))
    return out


def issue_time(now: datetime | None = None) -> datetime:
    """The issue time we record: the request time, to the minute (aware UTC)."""
    return (now or datetime.now(UTC)).replace(second=0, microsecond=0)


# Open-Meteo answers for the centre of the grid cell holding the point (GloFAS 0.05°; the
# forecast's best-match models down to 0.25°): a reply further than this from the point
# asked for, in latitude or longitude, is for another place.
FLOOD_CELL_DEG = 0.06
FORECAST_CELL_DEG = 0.2


def check_position(
    source: str,
    asked: tuple[float, float],
    reply: tuple[float | None, float | None],
    cell_deg: float,
    what: str = "the reply",
) -> None:
    """``SourceFormatError`` naming both positions when ``reply`` (lat, lon) is more than
    ``cell_deg`` from ``asked`` in latitude or longitude (or has no position)."""
    lat, lon = (float("nan") if v is None else float(v) for v in reply)
    if not (abs(lat - asked[0]) <= cell_deg and abs(lon - asked[1]) <= cell_deg):
        raise SourceFormatError(
            source,
            f"{what} is for {lat:.3f} N, {lon:.3f} E but {asked[0]:.3f} N, {asked[1]:.3f} E was asked for "
            f"(more than the {cell_deg:g}° of a grid cell apart): a forecast for another place; nothing stored",
        )


def reply_position(item: object) -> tuple[float | None, float | None]:
    """(latitude, longitude) of one Open-Meteo reply object (None when absent)."""
    if not isinstance(item, dict):
        return None, None
    return item.get("latitude"), item.get("longitude")


def data_issue_time(first_valid: datetime) -> datetime:
    """The issue time of a replayed reply, from its data: the start (Bangkok midnight) of its
    first day. A forecast is issued on or after that day, so it is never shown as newer than
    its data proves (a reply covering 1-3 Oct is from 1 Oct, whenever the file was copied)."""
    local = first_valid.astimezone(_BANGKOK)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)
