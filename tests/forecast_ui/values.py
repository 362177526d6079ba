"""LevelForecast values built by hand for the pure tests (the contract of domain.level_forecast)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd

from domain.level_forecast import LevelForecast

ISSUED = datetime(2022, 10, 7, 0, 0, tzinfo=UTC)  # 07:00 Bangkok, 7 Oct 2022 (the model run's first day)
ANCHOR = datetime(2022, 10, 7, 3, 0, tzinfo=UTC)  # the last observation, 10:00 Bangkok


def days(levels: list[float], first: date = date(2022, 10, 8), method: str = "glofas_rating", spread: float = 0.4):
    return pd.DataFrame(
        {
            "date": [first + timedelta(days=i) for i in range(len(levels))],
            "level_m_msl": levels,
            "low_m_msl": [v - spread for v in levels],
            "high_m_msl": [v + spread for v in levels],
            "class": ["over_bank"] * len(levels),
            "method": method,
            "extrapolated": False,
        }
    )


def forecast(
    levels: list[float],
    now: float | None = 114.9,
    *,
    upstream: list[float] | None = None,
    rating_range: tuple[float, float] | None = (105.0, 118.0),
    first: date = date(2022, 10, 8),
) -> LevelForecast:
    frame = days(levels, first)
    if upstream is not None:
        frame = pd.concat([frame, days(upstream, first, "upstream_lag", 0.0)], ignore_index=True)
    return LevelForecast(
        station_code="M.7",
        issued_at=ISSUED,
        days=frame,
        anchor_level_msl=now,
        anchor_at=ANCHOR,
        bank_msl=112.0,
        watch_msl=111.0,
        rating_source="published",
        rating_range=rating_range,
        inputs=("open_meteo_flood", "thaiwater"),
    )


def refused(reason: str, now: float | None = 110.2, code: str = "M.11B") -> LevelForecast:
    return LevelForecast(station_code=code, issued_at=None, reason=reason, anchor_level_msl=now)
