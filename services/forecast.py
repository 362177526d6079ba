"""Level forecasts of the key stations (issue 18): read the inputs as stored at ``at``, build the
forecast (``domain.forecast``). One function per use; the pages, the briefing and
``manage.py forecast`` call them alike.

    forecast_for_station(engine, settings, station_code, at=None) -> LevelForecast
    key_station_forecasts(engine, settings, at=None) -> {code: LevelForecast}
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pandas as pd
from sqlalchemy.engine import Engine

from config import Settings
from domain.forecast import BIAS_DAYS, MIN_SHARED_DAYS, ForecastInputs, anchor_day, build_forecast
from domain.level_forecast import LevelForecast
from domain.rating import RatingError, fit_rating
from domain.stations import KeyStation, key_station_map, load_key_stations
from store.forecast_inputs import daily_observations, last_observation, model_issue, model_past, station_thresholds
from store.ratings import current_rating, observed_pairs

HISTORY_DAYS = 60  # daily levels read for the travel time (at least MIN_SHARED_DAYS are needed)
assert HISTORY_DAYS >= MIN_SHARED_DAYS
ANCHOR_MAX_AGE = timedelta(days=3)  # an older last reading is no anchor (reason stale_observation)


def _utc(at: datetime | None) -> datetime:
    if at is None:
        return datetime.now(UTC)
    if at.tzinfo is None:
        raise ValueError(f"naive datetime {at!r}; give an aware (UTC) time")
    return at.astimezone(UTC)


def _rating(engine: Engine, station_code: str, at: datetime):
    """The stored rating in force at ``at``; else one fitted now from the readings stored by
    then (not stored: the ingest's refit stores them); None when there is none."""
    rating = current_rating(engine, station_code, at)
    if rating is not None:
        return rating
    pairs = observed_pairs(engine, station_code, at)
    if len(pairs) == 0:
        return None
    try:
        return fit_rating(station_code, pairs["level_msl"], pairs["discharge"])
    except RatingError:
        return None


def _upstream_codes(key: KeyStation | None, keys: dict[str, KeyStation]) -> list[str]:
    """The upstream key stations (``upstream = true``) a station other than themselves learns from."""
    if key is None or key.upstream:
        return []
    return [code for code, k in keys.items() if k.upstream and code != key.code]


def _model_days(model: pd.DataFrame, first: date, last: date) -> pd.DataFrame:
    """date, model_discharge (median, else discharge) of one run's days from ``first`` to ``last``."""
    rows = model[(model["date"] >= first) & (model["date"] <= last)]
    q = rows["discharge_median"].fillna(rows["discharge"])
    return pd.DataFrame({"date": list(rows["date"]), "model_discharge": q.to_numpy(dtype="float64")})[
        q.notna().to_numpy()
    ]


def read_inputs(engine: Engine, settings: Settings, station_code: str, at: datetime) -> ForecastInputs:
    """Everything ``build_forecast`` needs, as stored at ``at`` (aware UTC)."""
    keys = key_station_map(settings.province_code)
    key = keys.get(station_code)
    thresholds = station_thresholds(engine, station_code)
    bank = key.bank_msl if key is not None and key.bank_msl is not None else thresholds["bank_msl"]
    watch = key.watch_level(bank) if key is not None else (bank - 1.0 if bank is not None else None)
    watch = None if watch is None or math.isnan(watch) else watch
    last = last_observation(engine, station_code, at)
    stale = None
    if last is not None and at - last[0] > ANCHOR_MAX_AGE:
        stale, last = last, None  # a reading this old is not where the river is now: no anchor
    upstream = _upstream_codes(key, keys)
    start = at - timedelta(days=HISTORY_DAYS)
    daily = daily_observations(engine, [station_code, *upstream], start, at)
    codes = daily["station_code"].to_numpy()
    by_code = {code: daily.loc[codes == code, ["date", "level_msl", "discharge"]] for code in set(codes)}
    empty = pd.DataFrame({"date": [], "level_msl": [], "discharge": []})
    model = model_issue(engine, station_code, at)
    past = pd.DataFrame({"date": [], "model_discharge": []})
    if last is not None:
        day0 = anchor_day(last[0])
        past = _model_days(model, day0 - timedelta(days=BIAS_DAYS - 1), day0)
        if len(past) < BIAS_DAYS:  # the newest run does not cover the week (GloFAS's past_days does): older runs
            past = model_past(engine, station_code, day0 - timedelta(days=BIAS_DAYS - 1), day0, at)
    return ForecastInputs(
        station_code=station_code,
        rating=_rating(engine, station_code, at),
        model=model,
        model_past=past,
        observed=by_code.get(station_code, empty),
        anchor_at=last[0] if last else None,
        anchor_level=last[1] if last else None,
        observation_source=last[2] if last else "thaiwater",
        bank_msl=bank,
        ground_msl=thresholds["ground_msl"],
        watch_msl=watch,
        upstream={code: by_code[code] for code in upstream if code in by_code},
        has_coordinates=key is None or (key.lat is not None and key.lon is not None),
        stale_reading_at=stale[0] if stale else None,
        stale_reading_level=stale[1] if stale else None,
    )


def forecast_for_station(
    engine: Engine, settings: Settings, station_code: str, at: datetime | None = None
) -> LevelForecast:
    """The level forecast of ``station_code`` from what was stored at ``at`` (None = now)."""
    return build_forecast(read_inputs(engine, settings, station_code, _utc(at)))


def key_station_forecasts(engine: Engine, settings: Settings, at: datetime | None = None) -> dict[str, LevelForecast]:
    """The forecast of each key station of the province (config/key_stations.toml), by code."""
    at = _utc(at)
    return {
        k.code: forecast_for_station(engine, settings, k.code, at) for k in load_key_stations(settings.province_code)
    }
