"""Backtest of the level forecast (issue 18): re-issue the forecast every day of a period from
what was stored then, and score it against the days' observed mean levels (``domain.backtest``).

Each day ``D`` of the period the forecast is issued at ``ISSUE_HOUR`` Bangkok time on ``D``
(``services.forecast.forecast_for_station(..., at=...)``: only readings observed and ingested by
then, only model runs issued by then). Lead ``L`` is the forecast for ``D + L``; the truth is the
mean of the readings of that Bangkok day; persistence is the last reading the issue started from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy.engine import Engine

from config import Settings
from domain.backtest import LEADS, RECORD_COLUMNS, bank_crossings, crossing_timing, score_leads
from i18n.timefmt import BANGKOK
from services.forecast import forecast_for_station
from store.forecast_inputs import daily_observations

ISSUE_HOUR = 7  # the morning report
CROSSING_BEFORE = (1, 3, 5, 7)


@dataclass(frozen=True)
class Backtest:
    station_code: str
    start: date
    end: date
    issued: int  # forecasts that could be made
    refused: dict[str, int]  # reason -> days without a forecast
    scores: pd.DataFrame  # domain.backtest.score_leads
    bank_msl: float | None
    crossings: list[tuple[date, list[tuple[int, int | None, bool]]]] = field(default_factory=list)
    method: str = "glofas_rating"


def issue_time(day: date) -> datetime:
    return datetime.combine(day, time(ISSUE_HOUR), tzinfo=BANGKOK).astimezone(UTC)


def backtest_station(
    engine: Engine, settings: Settings, station_code: str, start: date, end: date, method: str = "glofas_rating"
) -> Backtest:
    """Re-issue and score (see the module docstring); ``ValueError`` when ``end`` is before ``start``."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    horizon = max(LEADS)
    truth_at = issue_time(end + timedelta(days=horizon + 1))
    observed = daily_observations(engine, [station_code], issue_time(start) - timedelta(days=2), truth_at)
    truth = dict(zip(observed["date"], observed["level_msl"].astype(float), strict=True))
    records, refused, first_crossings = [], {}, {}
    bank = None
    day = start
    while day <= end:
        forecast = forecast_for_station(engine, settings, station_code, issue_time(day))
        bank = forecast.bank_msl if forecast.bank_msl is not None else bank
        if not forecast.available:
            refused[str(forecast.reason)] = refused.get(str(forecast.reason), 0) + 1
            day += timedelta(days=1)
            continue
        rows = forecast.of_method(method)
        first_crossings[day] = forecast.first_crossing(forecast.bank_msl, method)
        for target, level in zip(rows["date"], rows["level_m_msl"].astype(float), strict=True):
            lead = (target - day).days
            records.append((day, lead, level, forecast.anchor_level_msl, truth.get(target)))
        day += timedelta(days=1)
    frame = pd.DataFrame(records, columns=list(RECORD_COLUMNS))
    frame = frame.astype({"forecast": "float64", "persistence": "float64", "observed": "float64"})
    crossings = []
    if bank is not None:
        for crossing in bank_crossings(observed, bank, start, end + timedelta(days=horizon)):
            crossings.append((crossing, crossing_timing(crossing, first_crossings, CROSSING_BEFORE)))
    return Backtest(
        station_code=station_code,
        start=start,
        end=end,
        issued=len(first_crossings),
        refused=refused,
        scores=score_leads(frame),
        bank_msl=bank,
        crossings=crossings,
        method=method,
    )
