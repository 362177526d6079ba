"""``services.forecast`` on SQLite and PostgreSQL: the forecast from stored rows, replay with
``at`` (only rows observed, ingested and issued by then), reasons, and the key stations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.level_forecast import FORECAST_COLUMNS
from services.forecast import forecast_for_station, key_station_forecasts
from store.water import WaterObservation
from tests.forecast.history import T0, add_linear_rating, add_model_run, add_readings, add_station, build_rising_history


def test_forecast_from_stored_rows(engine, settings):
    build_rising_history(engine, days=12)
    at = T0 + timedelta(days=10, hours=1)  # 08:00 Bangkok on 11 Sep: the reading of 07:00 is in
    forecast = forecast_for_station(engine, settings, "M.7", at)
    assert forecast.available and list(forecast.days.columns) == list(FORECAST_COLUMNS)
    assert forecast.anchor_level_msl == pytest.approx(111.02) and forecast.anchor_at == T0 + timedelta(days=10)
    assert forecast.issued_at == T0 + timedelta(days=10, hours=-1)  # the run's issue time, not now
    rows = forecast.of_method("glofas_rating")
    assert rows["date"].iloc[0] == date(2022, 9, 12) and len(rows) == 12
    assert rows["level_m_msl"].tolist() == pytest.approx([111.02 + 0.1 * k for k in range(1, 13)])
    assert forecast.first_crossing(112.0) == date(2022, 9, 21)  # 112.02 m
    assert rows.loc[rows["date"] == date(2022, 9, 21), "class"].item() == "over_bank"
    assert forecast.bank_msl == 112.0 and forecast.watch_msl == 111.0 and forecast.rating_source == "published"
    assert forecast.inputs == ("open_meteo_flood", "TEST")  # the sources of the run and of the anchor reading


def test_replay_uses_only_what_was_stored_then(engine, settings):
    build_rising_history(engine, days=12)
    at = T0 + timedelta(days=8, hours=7)
    before = forecast_for_station(engine, settings, "M.7", at)
    assert before.anchor_level_msl == pytest.approx(110.82) and before.anchor_at == T0 + timedelta(days=8)
    assert before.issued_at == T0 + timedelta(days=8, hours=-1)  # the run of that morning, not later ones
    # two readings after it: one ingested at once, one (newer) that arrived three days late
    on_time, late = T0 + timedelta(days=8, hours=4), T0 + timedelta(days=8, hours=6)
    add_readings(engine, "100", [on_time, late], [116.0, 115.0], ingested=[on_time, T0 + timedelta(days=11)])
    replay = forecast_for_station(engine, settings, "M.7", at)
    assert replay.anchor_level_msl == 116.0 and replay.anchor_at == on_time
    assert forecast_for_station(engine, settings, "M.7", T0 + timedelta(days=11, hours=2)).anchor_level_msl == (
        pytest.approx(111.12)
    )


def test_reasons_when_inputs_are_missing(engine, settings):
    # the first missing input is named, in the order they are gathered: reading, model run, rating
    at = T0 + timedelta(days=3)
    assert forecast_for_station(engine, settings, "M.7", at).reason == "no_observation"
    add_station(engine, "M.7", "100")
    add_readings(engine, "100", [T0], [110.0])
    assert forecast_for_station(engine, settings, "M.7", at).reason == "no_model_forecast"
    add_model_run(engine, "M.7", T0, date(2022, 9, 1), [1000.0] * 10)
    assert forecast_for_station(engine, settings, "M.7", at).reason == "no_rating"
    add_linear_rating(engine)
    assert forecast_for_station(engine, settings, "M.7", at).available
    # a last reading more than 3 days old is no anchor: said as such, with the reading's time
    stale = forecast_for_station(engine, settings, "M.7", T0 + timedelta(days=3, minutes=1))
    assert stale.reason == "stale_observation" and stale.anchor_at == T0
    # the run issued after ``at`` is not seen
    add_readings(engine, "100", [T0 - timedelta(hours=1)], [110.0])
    assert forecast_for_station(engine, settings, "M.7", T0 - timedelta(minutes=1)).reason == "no_model_forecast"


def test_a_station_without_a_stored_rating_is_fitted_from_its_readings(engine, settings):
    add_station(engine, "M.7", "100")
    times = [T0 + timedelta(hours=i) for i in range(10)]
    levels = [110.0 + 0.05 * i for i in range(10)]
    add_readings(engine, "100", times, levels, [100.0 * (h - 100.0) for h in levels])
    add_model_run(engine, "M.7", T0, date(2022, 9, 1), [1100.0] * 10)
    forecast = forecast_for_station(engine, settings, "M.7", T0 + timedelta(days=1))
    assert forecast.available and forecast.rating_source == "fitted"
    assert forecast.rating_range == pytest.approx((110.0, 110.45))
    with engine.begin() as conn:  # without discharge there are no pairs, so no rating
        conn.execute(WaterObservation.__table__.update().values(discharge=None))
    assert forecast_for_station(engine, settings, "M.7", T0 + timedelta(days=1)).reason == "no_rating"


def test_key_station_forecasts_cover_the_configured_stations(engine, settings):
    build_rising_history(engine, days=8)
    out = key_station_forecasts(engine, settings, T0 + timedelta(days=5, hours=1))
    assert list(out) == ["M.7", "M.11B", "E.98", "M.182", "M.5"]
    assert out["M.7"].available
    assert {code: f.reason for code, f in out.items() if code != "M.7"} == dict.fromkeys(
        ["M.11B", "E.98", "M.182", "M.5"], "no_observation"
    )


def test_upstream_lag_from_the_stored_upstream_station(engine, settings):
    import numpy as np

    build_rising_history(engine, days=2)  # M.7's rating and model runs; its readings are replaced below
    with engine.begin() as conn:
        conn.execute(WaterObservation.__table__.delete())
    add_station(engine, "M.182", "200", bank=117.5, ground=108.0)
    rng = np.random.default_rng(4)
    upstream = 112.0 + np.cumsum(rng.normal(0, 0.1, 45))
    station = np.concatenate([[110.5, 110.5], 110.5 + upstream[:-2] - upstream[0]])  # two days behind
    start = T0 - timedelta(days=44)
    times = [start + timedelta(days=d) for d in range(45)]
    add_readings(engine, "200", times, upstream)
    add_readings(engine, "100", times, station)
    forecast = forecast_for_station(engine, settings, "M.7", T0 + timedelta(hours=1))
    lag = forecast.of_method("upstream_lag")
    # 1 and 2 Sep (Bangkok) follow what M.182 did on 31 Aug and 1 Sep
    assert lag["date"].tolist() == [date(2022, 9, 2), date(2022, 9, 3)]
    assert lag["level_m_msl"].tolist() == pytest.approx(
        [station[-1] + upstream[-2] - upstream[-3], station[-1] + upstream[-1] - upstream[-3]], abs=1e-6
    )
    assert not forecast.of_method("glofas_rating").empty
