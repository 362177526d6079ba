"""Open-Meteo: GloFAS river discharge (Flood API) and precipitation forecast.

Both are MODEL values, not gauged readings. Open-Meteo does not state a model run time,
so the issue time we store is the time of the request (``issued_at``), and pages label
the values "model forecast" with that time and the source.

    fetch_flood(session, url, points)      one request for many points; the reply is a JSON
                                           array in the order of the points (one object for one)
    parse_flood(payload, codes)            -> station_code, date, discharge, discharge_median, p25, p75, lat, lon
    fetch_precipitation(session, url, lat, lon)
    parse_precipitation(payload)           -> valid_at (UTC), precipitation_mm, probability_pct, lat, lon
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd
import requests

from data_sources.errors import MissingFieldError, SourceFormatError
from data_sources.http import Fetched, fetch_json

FLOOD_SOURCE = "open_meteo_flood"
RAIN_SOURCE = "open_meteo_rain"
FLOOD_VARIABLES = ("river_discharge", "river_discharge_median", "river_discharge_p25", "river_discharge_p75")
_FLOOD_COLUMNS = {"river_discharge": "discharge", "river_discharge_median": "discharge_median", "river_discharge_p25": "p25", "river_discharge_p75": "p75"}


def fetch_flood(session: requests.Session, url: str, points: list[tuple[float, float]], timeout: float = 20.0,
                past_days: int = 7, forecast_days: int = 30) -> Fetched:
    """Daily GloFAS discharge at ``points`` [(lat, lon), ...], 7 days past and 30 ahead."""
    if not points:
        raise ValueError("fetch_flood needs at least one (lat, lon) point")
    params = {
        "latitude": ",".join(f"{lat:.5f}" for lat, _ in points),
        "longitude": ",".join(f"{lon:.5f}" for _, lon in points),
        "daily": ",".join(FLOOD_VARIABLES), "past_days": past_days, "forecast_days": forecast_days,
        "timezone": "Asia/Bangkok",
    }
    return fetch_json(session, FLOOD_SOURCE, url, params=params, timeout=timeout)


def parse_flood(payload: object, codes: list[str]) -> pd.DataFrame:
    """A Flood API reply (an object for one point, an array for several, in request order)
    as rows per station code and local date; discharge values in m³/s (model)."""
    items = payload if isinstance(payload, list) else [payload]
    if len(items) != len(codes):
        raise SourceFormatError(FLOOD_SOURCE, f"the reply has {len(items)} location(s) but {len(codes)} were asked for")
    frames = []
    for code, item in zip(codes, items):
        if not isinstance(item, dict) or "daily" not in item:
            raise MissingFieldError(FLOOD_SOURCE, "daily", f"reply for {code}")
        daily = item["daily"]
        for name in ("time", "river_discharge"):
            if name not in daily:
                raise MissingFieldError(FLOOD_SOURCE, f"daily.{name}", f"reply for {code}")
        n = len(daily["time"])
        frame = pd.DataFrame({"station_code": code, "date": pd.to_datetime(daily["time"], format="%Y-%m-%d").date})
        for variable, column in _FLOOD_COLUMNS.items():
            values = daily.get(variable, [None] * n)
            if len(values) != n:
                raise SourceFormatError(FLOOD_SOURCE, f"daily.{variable} has {len(values)} values for {n} days ({code})")
            frame[column] = pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce").astype("float64")
        frame["lat"], frame["lon"] = float(item.get("latitude", "nan")), float(item.get("longitude", "nan"))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["station_code", "date", *_FLOOD_COLUMNS.values(), "lat", "lon"])


def fetch_precipitation(session: requests.Session, url: str, lat: float, lon: float, timeout: float = 20.0, forecast_days: int = 3) -> Fetched:
    """Hourly precipitation and its probability at one point (the province centre)."""
    params = {"latitude": f"{lat:.5f}", "longitude": f"{lon:.5f}", "hourly": "precipitation,precipitation_probability",
              "timezone": "Asia/Bangkok", "forecast_days": forecast_days}
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
    out["precipitation_mm"] = pd.to_numeric(pd.Series(hourly["precipitation"], dtype="object"), errors="coerce").astype("float64")
    prob = hourly.get("precipitation_probability", [None] * n)
    out["probability_pct"] = pd.to_numeric(pd.Series(prob, dtype="object"), errors="coerce").astype("float64")
    out["lat"], out["lon"] = float(payload.get("latitude", "nan")), float(payload.get("longitude", "nan"))
    return out


def issue_time(now: datetime | None = None) -> datetime:
    """The issue time we record: the request time, to the minute (aware UTC)."""
    return (now or datetime.now(timezone.utc)).replace(second=0, microsecond=0)
