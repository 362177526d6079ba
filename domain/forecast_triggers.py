"""Checklist triggers on the level forecast: "forecast over bank within 72 h".

A trigger with ``model_forecast_h`` (``domain.checklists.Trigger``) also fires when the model
level forecast of its station (``domain.level_forecast.LevelForecast``) first goes above the
trigger's threshold on a day that starts within that many hours of the forecast's anchor (its
last observation; the issue time when it has none). The forecasts travel with the situation
as its ``level_forecast`` column (``with_level_forecasts``), so every caller of
``domain.triggers.evaluate_items`` (the ingest loop, the command, the page) sees them alike.

``forecast_crossing`` gives the facts the item's history keeps: issue time, crossing date,
the level forecast on that day, the crest and the method. Pure: no IO.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time
from typing import Any

import pandas as pd

from domain.level_forecast import METHODS, LevelForecast
from i18n.timefmt import BANGKOK

COLUMN = "level_forecast"


def with_level_forecasts(situation: pd.DataFrame, forecasts: Mapping[str, LevelForecast] | None) -> pd.DataFrame:
    """``situation`` with a ``level_forecast`` column (the station's forecast, or None)."""
    out = situation.copy()
    forecasts = forecasts or {}
    codes = out["station_code"] if "station_code" in out else pd.Series([], dtype="object")
    out[COLUMN] = pd.Series([forecasts.get(str(c)) for c in codes], index=out.index, dtype="object")
    return out


def forecast_crossing(forecast: Any, threshold_msl: float, within_h: float) -> dict | None:
    """The first forecast day above ``threshold_msl`` starting within ``within_h`` hours of the
    forecast's anchor, as the facts a firing keeps, or None. Every method is looked at; the
    earliest crossing wins (``glofas_rating`` on a tie)."""
    if not isinstance(forecast, LevelForecast) or not forecast.available:
        return None
    start = forecast.anchor_at or forecast.issued_at
    if start is None:
        return None
    start = start if start.tzinfo else start.replace(tzinfo=UTC)
    best: tuple[Any, str] | None = None
    for method in METHODS:
        day = forecast.first_crossing(threshold_msl, method)
        if day is not None and (best is None or day < best[0]):
            best = (day, method)
    if best is None:
        return None
    day, method = best
    day_start = datetime.combine(pd.Timestamp(day).date(), time(0), tzinfo=BANGKOK)
    eta_h = max(0.0, (day_start - start).total_seconds() / 3600)
    if eta_h > within_h:
        return None
    rows = forecast.of_method(method)
    on_day = rows[rows["date"] == day].iloc[0]
    crest = forecast.crest(method)
    return {
        "forecast_issued_at": forecast.issued_at.astimezone(UTC).isoformat() if forecast.issued_at else None,
        "crossing_date": pd.Timestamp(day).date().isoformat(),
        "forecast_level_msl": round(float(on_day["level_m_msl"]), 2),
        "forecast_crest_msl": None if crest is None else round(float(crest["level_m_msl"]), 2),
        "forecast_method": method,
        "eta_h": round(eta_h, 1),
    }
