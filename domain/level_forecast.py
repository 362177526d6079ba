"""The level forecast of one key station: what ``domain.forecast`` makes and every screen reads.

A ``LevelForecast`` is a value: the station, when its inputs were issued (never the time a
page was drawn), the rating it went through, and one row per day and method in ``days``:

    date          datetime.date (Bangkok calendar day)
    level_m_msl   the central estimate (GloFAS median through the rating, or upstream lag)
    low_m_msl     the low edge of the band (GloFAS p25), m MSL
    high_m_msl    the high edge of the band (GloFAS p75), m MSL
    class         a ``domain.situation.CLASSES`` code for ``level_m_msl``
    method        ``glofas_rating`` (model discharge, bias-corrected, through the rating)
                  or ``upstream_lag`` (what the upstream key stations already show)
    extrapolated  True when the level lies outside the levels the rating was fitted on

A station without a forecast has an empty ``days`` and a ``reason`` code from ``REASONS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from i18n import t
from i18n.timefmt import format_date

FORECAST_COLUMNS = ("date", "level_m_msl", "low_m_msl", "high_m_msl", "class", "method", "extrapolated")
METHODS = ("glofas_rating", "upstream_lag")
# Why a station has no forecast (worded by the catalogue's ``forecast.reason.<code>``).
REASONS = (
    "no_rating",  # neither a published nor a fitted rating (fewer than 4 pairs, or a bad fit)
    "no_model_forecast",  # no GloFAS discharge stored for the station
    "no_observation",  # no level reading to anchor on
    "no_coordinates",  # the station has no lat/lon, so no model point
    "gappy_model_forecast",  # the model discharge has gaps the forecast would have to invent
    "stale_observation",  # the last level reading is too old to anchor on (anchor_at holds its time)
)


def empty_days() -> pd.DataFrame:
    """A ``days`` frame with no rows and the right columns."""
    return pd.DataFrame({column: pd.Series(dtype="object") for column in FORECAST_COLUMNS})


@dataclass(frozen=True)
class LevelForecast:
    station_code: str
    issued_at: datetime | None  # UTC: the model run's first forecast day / the last observation
    days: pd.DataFrame = field(default_factory=empty_days)
    reason: str | None = None  # a REASONS code when ``days`` is empty
    anchor_level_msl: float | None = None  # the last observation the forecast starts from
    anchor_at: datetime | None = None  # UTC
    bank_msl: float | None = None
    watch_msl: float | None = None
    rating_source: str | None = None  # "published" or "fitted"
    rating_range: tuple[float, float] | None = None  # levels (m MSL) the rating was fitted on
    inputs: tuple[str, ...] = ()  # source keys of the inputs, e.g. ("open_meteo_flood", "thaiwater")

    @property
    def available(self) -> bool:
        return self.reason is None and not self.days.empty

    def of_method(self, method: str = "glofas_rating") -> pd.DataFrame:
        """The rows of one method, by date."""
        if self.days.empty:
            return self.days
        return self.days[self.days["method"] == method].sort_values("date").reset_index(drop=True)

    def crest(self, method: str = "glofas_rating") -> pd.Series | None:
        """The day of the highest central level (the first such day), or None."""
        rows = self.of_method(method)
        if rows.empty or rows["level_m_msl"].isna().all():
            return None
        return rows.iloc[int(np.nanargmax(rows["level_m_msl"].astype(float).to_numpy()))]

    def first_crossing(self, threshold_msl: float | None, method: str = "glofas_rating") -> date | None:
        """The first day whose central level is above ``threshold_msl``, or None."""
        rows = self.of_method(method)
        if threshold_msl is None or rows.empty:
            return None
        above = rows[rows["level_m_msl"].astype(float) > threshold_msl]
        return None if above.empty else above.iloc[0]["date"]

    @property
    def extrapolated_above(self) -> float | None:
        """The top of the rating's range when a forecast level lies above it (to say so)."""
        if self.rating_range is None or self.days.empty:
            return None
        top = self.rating_range[1]
        return top if (self.days["high_m_msl"].astype(float) > top).any() else None


def reason_text(forecast: LevelForecast, lang: str) -> str | None:
    """Why ``forecast`` has none, in ``lang`` (None when it has one): the catalogue's
    ``forecast.reason.<code>``; a stale reading is named with its date (``.dated``)."""
    if forecast.reason is None:
        return None
    if forecast.reason == "stale_observation" and forecast.anchor_at is not None:
        return t("forecast.reason.stale_observation.dated", lang, date=format_date(forecast.anchor_at, lang))
    return t(f"forecast.reason.{forecast.reason}", lang)
