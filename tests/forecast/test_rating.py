"""``domain.rating``: the fit recovers known parameters, refuses bad pairs with one line, flags
extrapolation, falls back to a monotone table, and gives M.7's published pairs a plausible rating
with the spread PROVENANCE.md describes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from domain.rating import TABLE_WHEN_RMSE_LOG_Q, Rating, RatingError, fit_power_law, fit_rating, fit_table
from tests.support.ci import reference_path


def synthetic_pairs(a=124.0, b=1.6, h0=105.8, n=60, noise=0.0, seed=3):
    rng = np.random.default_rng(seed)
    h = np.sort(rng.uniform(108.0, 116.0, n))
    q = a * (h - h0) ** b * np.exp(rng.normal(0, noise, n))
    return h, q


@pytest.mark.parametrize("a, b, h0", [(124.0, 1.6, 105.8), (35.0, 2.2, 100.0), (900.0, 1.1, 107.5)])
def test_fit_recovers_known_parameters(a, b, h0):
    h, q = synthetic_pairs(a, b, h0)
    rating = fit_rating("X", h, q)
    assert rating.kind == "power"
    assert rating.b == pytest.approx(b, rel=1e-3)
    assert rating.h0 == pytest.approx(h0, abs=0.01)
    assert rating.a == pytest.approx(a, rel=1e-2)
    assert rating.rmse_log_q < 1e-6 and rating.level_spread_m < 1e-4
    assert (rating.level_min, rating.level_max, rating.n_pairs) == (h.min(), h.max(), 60)


def test_fit_with_noise_reports_its_error():
    h, q = synthetic_pairs(noise=0.05, n=400)
    rating = fit_rating("X", h, q)
    assert rating.rmse_log_q == pytest.approx(0.05, rel=0.15)
    assert rating.b == pytest.approx(1.6, rel=0.15)
    assert rating.level_spread_m > 0.1


@pytest.mark.parametrize(
    "levels, discharges, code, words",
    [
        ([110.0, 111.0, 112.0], [100.0, 200.0, 300.0], "too_few_pairs", "only 3 pairs; a rating needs at least 4"),
        ([110.0, 111.0, 112.0, 113.0], [400.0, 300.0, 200.0, 100.0], "nonpositive_exponent", "exponent is -"),
        ([110.0, 111.0, float("nan"), 113.0], [100.0, 200.0, 300.0, 400.0], "not_finite", "pair 3 is not a number"),
        ([110.0, 111.0, 112.0, float("inf")], [100.0, 200.0, 300.0, 400.0], "not_finite", "pair 4"),
        ([110.0, 111.0, 112.0, 113.0], [100.0, 0.0, 300.0, 400.0], "nonpositive_discharge", "pair 2 has discharge 0"),
        ([110.0, 110.0, 110.0, 110.0], [100.0, 200.0, 300.0, 400.0], "one_level", "every pair is at level 110.00"),
    ],
)
def test_bad_pairs_are_refused_with_one_line(levels, discharges, code, words):
    with pytest.raises(RatingError) as info:
        fit_rating("X", levels, discharges)
    assert info.value.code == code
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_extrapolation_is_flagged_outside_the_fitted_levels():
    h, q = synthetic_pairs()
    rating = fit_rating("X", h, q)
    inside_q = rating.discharge_for([h.min() + 0.5, h.max() - 0.5])
    above_q, below_q = rating.discharge_for([h.max() + 1.0, h.min() - 1.0])
    levels, outside = rating.level_for([*inside_q, above_q, below_q])
    assert levels == pytest.approx([h.min() + 0.5, h.max() - 0.5, h.max() + 1.0, h.min() - 1.0], abs=1e-6)
    assert outside.tolist() == [False, False, True, True]


def test_a_curve_no_power_law_fits_becomes_a_monotone_table():
    # discharge jumps where the river spills onto a floodplain: a power law misses by far more than 15 %
    h = np.linspace(108.0, 116.0, 40)
    q = np.where(h < 112.0, 50.0 * (h - 107.0), 250.0 + 2000.0 * (h - 112.0))
    q[5] = q[4] - 5.0  # one reading out of order: the table pools it, it stays monotone
    power = fit_power_law("X", h, q)
    assert power.rmse_log_q > TABLE_WHEN_RMSE_LOG_Q
    rating = fit_rating("X", h, q)
    assert rating.kind == "table"
    assert np.all(np.diff(rating.table_discharges) > 0) and np.all(np.diff(rating.table_levels) > 0)
    assert rating.rmse_log_q < power.rmse_log_q
    level, outside = rating.level_for([rating.discharge_for([113.5])[0]])
    assert level[0] == pytest.approx(113.5, abs=1e-6) and not outside[0]
    assert rating.level_for([q.max() * 1.5])[1][0]  # above the table: extrapolated


def test_table_refuses_flat_pairs():
    with pytest.raises(RatingError, match="does not rise"):
        fit_table("X", [110.0, 111.0, 112.0, 113.0], [400.0, 300.0, 200.0, 100.0])


def _reference(name: str) -> pd.DataFrame:
    return pd.read_csv(reference_path("ratings", name))


def test_published_m7_2022_pairs_give_a_plausible_rating():
    pairs = _reference("m7_stage_discharge_2022_rising.csv")
    rating = fit_rating("M.7", pairs["level_m_msl"], pairs["discharge_m3s"])
    assert rating.kind == "power" and rating.n_pairs == 7
    # zero flow below the lowest reading and above the feed's ground level (100.57 m MSL)
    assert 100.57 < rating.h0 < 111.3
    assert 1.0 < rating.b < 3.0
    assert rating.rmse_log_q < 0.02  # seven readings of one rising limb lie on one curve
    assert (rating.level_min, rating.level_max) == (111.30, 114.97)
    level, outside = rating.level_for([4296.0 * 1.2])
    assert outside[0] and level[0] > 114.97  # "extrapolated above 114.97 m"


def test_m7_pairs_of_other_years_show_the_spread_at_equal_flow():
    pairs = pd.concat(
        [_reference("m7_stage_discharge_2022_rising.csv"), _reference("m7_stage_discharge_other_years.csv")]
    )
    rating = fit_rating("M.7", pairs["level_m_msl"], pairs["discharge_m3s"])
    assert rating.n_pairs == 11
    # 11 Aug 2017 (112.97 m, 2,882 m³/s) and 8 Nov 2021 (112.73 m, 2,890 m³/s): 24 cm apart at one flow
    assert rating.level_spread_m >= 0.24
    alone = fit_rating(
        "M.7", *_reference("m7_stage_discharge_2022_rising.csv")[["level_m_msl", "discharge_m3s"]].T.values
    )
    assert rating.level_spread_m > 5 * alone.level_spread_m


def test_rating_is_a_value():
    rating = Rating("X", "power", 1.0, 2.0, 4, 0.0, 0.0, 0.0, a=1.0, b=1.0, h0=0.0)
    assert rating.table_json() is None and rating.source == "fitted"
