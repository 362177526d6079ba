"""``domain.forecast``: bias ratio and its decay, the rating, the band, the anchor, gaps, classes
and the travel time, on inputs whose answers can be worked out by hand."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from domain.forecast import (
    DECAY_DAYS,
    ForecastInputs,
    bias_ratio,
    build_forecast,
    classify_levels,
    decay,
    travel_time,
)
from domain.level_forecast import FORECAST_COLUMNS
from domain.rating import Rating

LINEAR = Rating("M.7", "power", 105.0, 115.0, 10, 0.0, 0.0, 0.0, a=100.0, b=1.0, h0=100.0, source="published")
ANCHOR = datetime(2022, 9, 10, 0, 0, tzinfo=UTC)  # 07:00 Bangkok, 10 Sep
DAY0 = date(2022, 9, 10)


def model_run(medians, first=DAY0, spread=0.0):
    days = [first + timedelta(days=i) for i in range(len(medians))]
    m = pd.Series(medians, dtype="float64")
    return pd.DataFrame(
        {
            "date": days,
            "discharge": m,
            "discharge_median": m,
            "p25": m - spread,
            "p75": m + spread,
            "issued_at": pd.Timestamp("2022-09-09T23:00Z"),
        }
    )


def inputs(model, observed=None, past=None, level=110.0, **kw):
    empty_obs = pd.DataFrame({"date": [], "level_msl": [], "discharge": []})
    empty_past = pd.DataFrame({"date": [], "model_discharge": []})
    base = {
        "station_code": "M.7",
        "rating": LINEAR,
        "model": model,
        "model_past": empty_past if past is None else past,
        "observed": empty_obs if observed is None else observed,
        "anchor_at": ANCHOR,
        "anchor_level": level,
        "bank_msl": 112.0,
        "ground_msl": 100.57,
        "watch_msl": 111.0,
    }
    return ForecastInputs(**{**base, **kw})


def test_model_exact_on_the_anchor_day_goes_through_the_rating_unchanged():
    # Q = 100 (h - 100): 1000 m³/s is 110.00 m, each +10 m³/s is +0.10 m
    forecast = build_forecast(inputs(model_run([1000, 1010, 1020, 1030], spread=5.0)))
    days = forecast.of_method("glofas_rating")
    assert list(days.columns) == list(FORECAST_COLUMNS)
    assert days["date"].tolist() == [date(2022, 9, 11), date(2022, 9, 12), date(2022, 9, 13)]
    assert days["level_m_msl"].tolist() == pytest.approx([110.1, 110.2, 110.3])
    assert days["low_m_msl"].tolist() == pytest.approx([110.05, 110.15, 110.25])
    assert days["high_m_msl"].tolist() == pytest.approx([110.15, 110.25, 110.35])
    assert forecast.issued_at == datetime(2022, 9, 9, 23, tzinfo=UTC)  # the model run's, not now
    assert forecast.anchor_level_msl == 110.0 and forecast.rating_source == "published"


def test_the_anchor_offset_fades_with_lead():
    # observed 110.50 m while the model says 110.00 m on the anchor day: +0.50 m, fading as exp(-L/τ)
    forecast = build_forecast(inputs(model_run([1000, 1000, 1000, 1000]), level=110.5))
    levels = forecast.of_method()["level_m_msl"].to_numpy()
    expected = 110.0 + 0.5 * np.exp(-np.arange(1, 4) / DECAY_DAYS)
    assert levels == pytest.approx(expected)


def test_bias_ratio_is_a_ratio_of_means_over_the_last_days():
    days = [DAY0 - timedelta(days=i) for i in range(10)]
    observed = pd.DataFrame({"date": days, "level_msl": 110.0, "discharge": [1200.0] * 5 + [9999.0] * 5})
    past = pd.DataFrame({"date": days, "model_discharge": [1000.0, 1000.0, 1000.0, 1000.0, 1000.0] + [1.0] * 5})
    # only the 7 days up to the anchor day count: 5 with 1200/1000, 2 with 9999/1
    assert bias_ratio(observed, past, DAY0) == pytest.approx(min(3.0, (5 * 1200 + 2 * 9999) / (5 * 1000 + 2)))
    assert bias_ratio(observed.iloc[:5], past.iloc[:5], DAY0) == pytest.approx(1.2)
    assert bias_ratio(observed.iloc[:0], past, DAY0) == 1.0


def test_the_bias_correction_decays_toward_one_with_lead():
    observed = pd.DataFrame({"date": [DAY0], "level_msl": [110.0], "discharge": [1200.0]})
    past = pd.DataFrame({"date": [DAY0], "model_discharge": [1000.0]})
    # the model says 1000 every day; observed discharge is 1.2 x that; no level offset (observed = corrected)
    forecast = build_forecast(inputs(model_run([1000.0] * 4), observed, past, level=112.0))
    leads = np.arange(1, 4)
    factor = 1 + 0.2 * decay(leads)
    assert forecast.of_method()["level_m_msl"].to_numpy() == pytest.approx(100 + 10 * factor)
    assert decay(DECAY_DAYS) == pytest.approx(math.exp(-1))


@pytest.mark.parametrize(
    "medians, expected_days",
    [
        ([1000, 1010, None, 1030], 1),  # a gap on day 2: day 1 kept, the rest dropped
        ([1000, 1010, 1020, float("nan")], 2),
    ],
)
def test_days_after_a_gap_are_dropped(medians, expected_days):
    forecast = build_forecast(inputs(model_run(medians)))
    assert len(forecast.of_method()) == expected_days and forecast.reason is None


def test_a_gap_on_the_first_day_refuses():
    forecast = build_forecast(inputs(model_run([1000, None, 1020, 1030])))
    assert forecast.reason == "gappy_model_forecast" and forecast.days.empty and not forecast.available


def test_a_missing_day_in_the_run_is_a_gap():
    run = model_run([1000, 1010, 1020, 1030]).drop(index=2)  # 12 Sep missing
    assert build_forecast(inputs(run)).of_method()["date"].tolist() == [date(2022, 9, 11)]


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"rating": None}, "no_rating"),
        ({"model": model_run([])}, "no_model_forecast"),
        ({"model": model_run([1000], first=DAY0)}, "no_model_forecast"),  # nothing after the anchor day
        ({"anchor_at": None, "anchor_level": None}, "no_observation"),
        ({"has_coordinates": False}, "no_coordinates"),
    ],
)
def test_reasons(change, reason):
    base = inputs(model_run([1000, 1010, 1020]))
    forecast = build_forecast(ForecastInputs(**{**base.__dict__, **change}))
    assert forecast.reason == reason and forecast.issued_at is None and forecast.days.empty


def test_classes_follow_the_station_thresholds():
    levels = np.array([101.0, 103.9, 108.0, 111.5, 112.5])
    # ground 100.57, bank 112.00: 3.8 %, 29.1 %, 65 %, 95.6 %, 104 % of capacity
    assert classify_levels(levels, 100.57, 112.0, 111.0) == ["critically_low", "low", "normal", "high", "over_bank"]
    # without a ground level: over the bank above it, high above the watch level, else unknown
    assert classify_levels(levels, None, 112.0, 111.0) == ["unknown", "unknown", "unknown", "high", "over_bank"]


def test_extrapolated_days_are_flagged():
    forecast = build_forecast(inputs(model_run([1000, 1400, 1600]), level=110.0))
    rows = forecast.of_method()
    assert rows["extrapolated"].tolist() == [False, True]  # 114.0 in range, 116.0 above 115.0
    assert forecast.extrapolated_above == 115.0


def _daily(levels, start=date(2022, 7, 1)):
    return pd.DataFrame({"date": [start + timedelta(days=i) for i in range(len(levels))], "level_msl": levels})


def test_travel_time_is_found_from_lagged_changes():
    rng = np.random.default_rng(5)
    upstream = np.cumsum(rng.normal(0, 0.1, 80)) + 115.0
    station = np.empty(80)
    station[:2] = 110.0
    station[2:] = 110.0 + 0.8 * (upstream[:-2] - upstream[0]) + rng.normal(0, 0.005, 78)  # 2 days behind
    found = travel_time("M.182", _daily(station), _daily(upstream))
    assert found is not None and found.lag_days == 2 and found.upstream_code == "M.182"
    assert found.beta == pytest.approx(0.8, rel=0.05) and found.correlation > 0.9
    # fewer than 30 days of both: no travel time
    assert travel_time("M.182", _daily(station[:25]), _daily(upstream[:25])) is None
    # unrelated changes: no travel time
    assert travel_time("M.182", _daily(rng.normal(0, 0.1, 80).cumsum()), _daily(upstream)) is None


def test_upstream_estimate_adds_what_upstream_already_showed():
    rng = np.random.default_rng(9)
    n = 60
    upstream = np.cumsum(rng.normal(0, 0.1, n)) + 115.0
    station = np.concatenate([[110.0, 110.0], 110.0 + (upstream[:-2] - upstream[0])])
    start = DAY0 - timedelta(days=n - 1)  # the last day of both is the anchor day
    observed = _daily(station, start).assign(discharge=np.nan)
    forecast = build_forecast(
        inputs(
            model_run([1000, 1010, 1020]), observed, level=float(station[-1]), upstream={"M.5": _daily(upstream, start)}
        )
    )
    lag = forecast.of_method("upstream_lag")
    assert lag["date"].tolist() == [DAY0 + timedelta(days=1), DAY0 + timedelta(days=2)]
    # day +1 = anchor + beta * (upstream change on day0 - 1); day +2 adds the change on day0
    expected_1 = station[-1] + (upstream[-2] - upstream[-3])
    expected_2 = expected_1 + (upstream[-1] - upstream[-2])
    assert lag["level_m_msl"].tolist() == pytest.approx([expected_1, expected_2], abs=0.01)
    assert (lag["low_m_msl"] <= lag["level_m_msl"]).all() and (lag["high_m_msl"] >= lag["level_m_msl"]).all()
    assert set(forecast.days["method"]) == {"glofas_rating", "upstream_lag"}
