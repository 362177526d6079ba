"""A small fixture of its own (QA's case, round 3 finding 3): the province's five key stations
are RID gauges read once a day at 06:00 Bangkok, a telemetry station of HII went silent at the
same time, and ThaiWater was fetched successfully at 10:20. The clock is fixed at ``NOW``
(10:25 Bangkok, 4 h 25 min after the readings)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from store.health import record_attempt
from store.water import save_waterlevels

KEY_CODES = ("M.7", "M.11B", "E.98", "M.182", "M.5")
READ_AT = datetime(2026, 11, 4, 23, 0, tzinfo=UTC)  # 5 Nov 2026 06:00 Bangkok
NOW = READ_AT + timedelta(hours=4, minutes=25)  # 10:25 Bangkok
FETCHED_AT = NOW - timedelta(minutes=5)
NEXT_MISSED = READ_AT + timedelta(hours=27, minutes=30)  # the next morning's reading is missed by 09:30
NOW_PARAM = "2026-11-05T10:25"  # ?at= of a page, Bangkok time


def readings_frame(
    station_id: str, code: str, agency: str, times: list[datetime], *, lat: float = 15.0, level: float = 105.0
) -> pd.DataFrame:
    """Parsed ThaiWater rows (``data_sources.thaiwater`` columns) of one station read at ``times``."""
    return pd.DataFrame(
        {
            "station_id": station_id,
            "station_code": code,
            "name_th": code,
            "name_en": code,
            "agency": agency,
            "basin_th": "",
            "province_code": "34",
            "district_code": "3401",
            "lat": lat,
            "lon": 104.8,
            "level_msl": level,
            "level_msl_previous": np.nan,
            "discharge": np.nan,
            "storage_percent": np.nan,
            "hii_situation_level": pd.NA,
            "bank_msl": 112.0,
            "ground_msl": 100.0,
            "left_bank": np.nan,
            "right_bank": np.nan,
            "critical_level_msl": np.nan,
            "qmax": np.nan,
            "hii_key_station": False,
            "observed_at": pd.to_datetime(times, utc=True),
            "flags": "",
        }
    )


def _station(code: str, agency: str, n: int, times: list[datetime]) -> pd.DataFrame:
    return readings_frame(f"90{n}", code, agency, times, lat=15.2 + n / 100, level=105.0 + n / 10)


def seed_daily_morning(engine, read_at: datetime = READ_AT, days: int = 1) -> None:
    """The stations, their reading at ``read_at`` (and on the ``days - 1`` days before, so
    their daily cadence is learnt from history rather than RID's 06:00 habit), the telemetry
    station's one reading then, and ThaiWater's successful fetch 4 h 20 min after."""
    fetched_at = read_at + (FETCHED_AT - READ_AT)
    mornings = [read_at - timedelta(days=d) for d in range(days)]
    frame = pd.concat(
        [_station(code, "RID", n, mornings) for n, code in enumerate(KEY_CODES)]
        + [_station("TELE1", "HII", 9, [read_at])],
        ignore_index=True,
    )
    save_waterlevels(engine, frame, "thaiwater", at=fetched_at)
    record_attempt(engine, "thaiwater", ok=True, rows=len(frame), data_time=read_at, at=fetched_at)
