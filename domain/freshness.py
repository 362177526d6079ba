"""Whether a source's data is current: pure, from a health row and the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # annotations only: pandas is imported where the cadence is computed
    import pandas as pd

from dataclasses import dataclass
from datetime import datetime, timedelta

from config import Settings

# source -> name of the Settings field holding its stale limit (seconds)
STALE_LIMIT_FIELDS = {
    "thaiwater": "waterlevel_stale_s",
    "thaiwater_rain": "waterlevel_stale_s",
    "open_meteo_flood": "forecast_stale_s",
    "open_meteo_rain": "forecast_stale_s",
    "gistda": "impact_stale_s",
    "impact": "impact_stale_s",
    "thaiwater_dams": "dam_stale_s",
}
DEFAULT_STALE_S = 24 * 3600.0
# District boundaries change by decree, a few times a decade; the daily job only re-checks the
# cache, so their age is the download's. A year is when to look for a newer edition.
FIXED_LIMITS_S = {"boundaries": 366 * 24 * 3600.0}


@dataclass(frozen=True)
class SourceFreshness:
    source: str
    last_success_at: datetime | None
    age: timedelta | None
    limit: timedelta
    stale: bool
    never: bool
    last_error: str | None
    failing: bool


class HealthRecord(Protocol):
    """What ``assess`` reads of a source's health (``store.health.HealthRow`` has it): the
    domain names the fields it needs instead of importing the store."""

    source: str
    data_time: datetime | None
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error: str | None


def stale_limit(source: str, settings: Settings) -> timedelta:
    field = STALE_LIMIT_FIELDS.get(source)
    return timedelta(seconds=getattr(settings, field) if field else FIXED_LIMITS_S.get(source, DEFAULT_STALE_S))


# Sources whose stations report on cadences of their own: the source is judged by its stations.
CADENCE_SOURCES = ("thaiwater",)


def assess(
    row: HealthRecord, settings: Settings, now: datetime, current_until: datetime | None = None
) -> SourceFreshness:
    """Age is measured from the data's own time when known, else from the last success.
    ``failing`` means the last attempt failed (the data shown is the last good one).

    ``current_until`` (a source of ``CADENCE_SOURCES``: ``stations_current_until`` of its
    stations) replaces the fixed limit: the source is stale only once no station's newest
    reading is current by the station's own cadence, so a source whose stations are read daily
    at 06:00 is not called stale at 10:00 above rows that say "read daily at 06:00"."""
    as_of = row.data_time or row.last_success_at
    limit = stale_limit(row.source, settings)
    if current_until is not None and as_of is not None:
        limit = max(current_until - as_of, timedelta(0))
    age = (now - as_of) if as_of else None
    failing = bool(row.last_error_at and (row.last_success_at is None or row.last_error_at > row.last_success_at))
    return SourceFreshness(
        source=row.source,
        last_success_at=row.last_success_at,
        age=age,
        limit=limit,
        stale=age is None or age > limit,
        never=row.last_success_at is None,
        last_error=row.last_error,
        failing=failing,
    )


def stations_current_until(stations: pd.DataFrame) -> datetime | None:
    """The time the last of the stations' newest readings stops being current by its own
    cadence: max(observed_at + stale_after_s) over ``stations`` (columns of
    ``store.water_situation.SITUATION_COLUMNS``); None when no station has a reading."""
    import pandas as pd

    if stations.empty:
        return None
    observed = pd.to_datetime(stations["observed_at"], utc=True, errors="coerce")
    limit = pd.to_timedelta(pd.to_numeric(stations["stale_after_s"], errors="coerce"), unit="s")
    ends = (observed + limit).dropna()
    return None if ends.empty else ends.max().to_pydatetime()


# --- how often each river station reports -------------------------------------------------
# A station is stale when it is overdue for *its own* cadence, learnt from its stored history:
# HII telemetry reports every 10-15 min, RID's gauge observers read the dotted-code stations
# (M.7, E.98) once a day at 06:00. One global limit marked every daily reading stale by 09:00.

CADENCES = ("telemetry", "daily", "scheduled", "unknown")
CADENCE_WINDOW = timedelta(days=7)  # history that teaches a station's interval
CADENCE_MIN_READINGS = 3  # fewer: too little history, the agency's habit decides
TELEMETRY_GRACE_S = 3600.0  # feed lag plus one missed poll
DAILY_RANGE_S = (20 * 3600.0, 28 * 3600.0)  # a mean interval in here is "once a day"
DAY_S = 24 * 3600.0
# RID's manual hydrology stations have dotted codes (M.7, Ny.3; their telemetry twins drop the
# dot); a reading of one on the full hour of the morning round (06:00-09:00 Bangkok) is a gauge
# observer's daily reading.
_RID_MANUAL_CODE = r"^[A-Za-z]{1,3}\.\d+[A-Za-z]?$"
_MORNING_ROUND_HOURS = (6, 9)


def station_cadence(df: pd.DataFrame, ceiling_s: float) -> pd.DataFrame:
    """Each station's reporting cadence and stale limit.

    ``df`` columns: station_code, agency, observed_at (aware UTC, the latest reading or NaT),
    history_n, history_first_s, history_last_s (readings with a level in the
    ``CADENCE_WINDOW`` before the replay time; epoch seconds, NaN when none).
    Returns a DataFrame on the same index: ``cadence`` (one of ``CADENCES``),
    ``cadence_interval_s`` (mean seconds between readings, NaN unknown), ``cadence_time``
    (Bangkok "HH:MM" of a daily reading, else None) and ``stale_after_s``:

        telemetry  (interval under the ceiling)  min(1.5 x interval + 1 h, ceiling)
        daily      (20-28 h, or RID's habit)     24 h + ceiling: the next reading is missed
        scheduled  (longer intervals)            interval + ceiling
        unknown    (no history, no habit)        ceiling (WATERLEVEL_STALE_AFTER)
    """
    import numpy as np
    import pandas as pd

    n = pd.to_numeric(df["history_n"], errors="coerce").fillna(0).to_numpy(dtype="float64")
    span = (
        pd.to_numeric(df["history_last_s"], errors="coerce") - pd.to_numeric(df["history_first_s"], errors="coerce")
    ).to_numpy(dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        learnt = np.where(n >= CADENCE_MIN_READINGS, span / np.maximum(n - 1, 1), np.nan)
    observed = pd.to_datetime(df["observed_at"], utc=True)
    local = observed.dt.tz_convert("Asia/Bangkok")
    on_the_hour = (
        ((local.dt.minute == 0) & local.dt.hour.between(*_MORNING_ROUND_HOURS)).fillna(False).to_numpy(dtype=bool)
    )
    habit_daily = (
        df["agency"].fillna("").astype(str).str.upper().eq("RID")
        & df["station_code"].fillna("").astype(str).str.match(_RID_MANUAL_CODE)
    ).to_numpy(dtype=bool) & on_the_hour
    interval = np.where(np.isnan(learnt) & habit_daily, DAY_S, learnt)
    with np.errstate(invalid="ignore"):
        daily = (interval >= DAILY_RANGE_S[0]) & (interval <= DAILY_RANGE_S[1])
        telemetry = interval < ceiling_s
    cadence = np.select(
        [np.isnan(interval), daily, telemetry], ["unknown", "daily", "telemetry"], default="scheduled"
    ).astype(object)
    with np.errstate(invalid="ignore"):
        limit = np.select(
            [np.isnan(interval), daily, telemetry],
            [ceiling_s, DAY_S + ceiling_s, np.minimum(1.5 * interval + TELEMETRY_GRACE_S, ceiling_s)],
            default=interval + ceiling_s,
        )
    times = local.dt.strftime("%H:%M").astype(object).where(observed.notna(), None).tolist()
    return pd.DataFrame(
        {
            "cadence": cadence,
            "cadence_interval_s": np.where(cadence == "daily", DAY_S, interval).astype("float64"),
            "cadence_time": [tm if c == "daily" else None for c, tm in zip(cadence, times, strict=True)],
            "stale_after_s": limit.astype("float64"),
        },
        index=df.index,
    )
