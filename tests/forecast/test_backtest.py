"""The backtest on a constructed history whose errors are worked out by hand: the river rises
10 cm a day, the model is exact up to its issue day and 15 cm too high after it."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from domain.backtest import bank_crossings, crossing_timing, score_leads
from services.backtest import backtest_station
from tests.forecast.history import build_rising_history


def test_score_leads_by_hand():
    records = pd.DataFrame(
        {
            "issue_date": [date(2022, 9, 1)] * 3 + [date(2022, 9, 2)] * 2,
            "lead": [1, 1, 3, 3, 5],
            "forecast": [10.0, 12.0, 10.0, 11.0, 10.0],
            "persistence": [10.5, 10.5, 9.0, 9.0, 10.0],
            "observed": [11.0, 11.0, 11.0, 11.0, None],
        }
    )
    scores = score_leads(records, leads=(1, 3, 5)).set_index("lead")
    assert scores.loc[1, "mae"] == 1.0 and scores.loc[1, "bias"] == 0.0 and scores.loc[1, "mae_persistence"] == 0.5
    assert scores.loc[1, "skill"] == pytest.approx(-1.0) and not scores.loc[1, "has_skill"]
    assert scores.loc[3, "mae"] == 0.5 and scores.loc[3, "bias"] == -0.5 and scores.loc[3, "skill"] == 0.75
    assert scores.loc[3, "has_skill"] and scores.loc[3, "n"] == 2
    assert scores.loc[5, "n"] == 0 and math.isnan(scores.loc[5, "mae"])


def test_bank_crossings_and_their_timing():
    days = [date(2022, 9, d) for d in range(1, 8)]
    observed = pd.DataFrame({"date": days, "level_msl": [111.5, 111.9, 112.1, 112.3, 111.8, 112.2, 112.5]})
    assert bank_crossings(observed, 112.0, date(2022, 9, 1), date(2022, 9, 30)) == [date(2022, 9, 3), date(2022, 9, 6)]
    assert bank_crossings(observed, 112.0, date(2022, 9, 4), date(2022, 9, 30)) == [date(2022, 9, 6)]
    # a day exactly at the bank is not over it: the crossing is the day after
    at_bank = pd.DataFrame({"date": days[:3], "level_msl": [111.5, 112.0, 112.1]})
    assert bank_crossings(at_bank, 112.0, date(2022, 9, 1), date(2022, 9, 30)) == [date(2022, 9, 3)]
    timing = crossing_timing(
        date(2022, 9, 10),
        {date(2022, 9, 9): date(2022, 9, 10), date(2022, 9, 7): date(2022, 9, 9), date(2022, 9, 5): None},
        before=(1, 3, 5, 7),
    )
    assert timing == [(1, 0, True), (3, -1, True), (5, None, True), (7, None, False)]


def test_backtest_on_the_constructed_history(engine, settings):
    build_rising_history(engine, days=40, model_error_m=0.15)
    result = backtest_station(engine, settings, "M.7", date(2022, 9, 6), date(2022, 9, 20))
    assert result.issued == 15 and result.refused == {}
    scores = result.scores.set_index("lead")
    assert scores["n"].tolist() == [15] * 5
    assert scores["mae"].tolist() == pytest.approx([0.15] * 5)
    assert scores["bias"].tolist() == pytest.approx([0.15] * 5)
    # persistence ("same as now") is 10 cm a day behind
    assert scores["mae_persistence"].tolist() == pytest.approx([0.1, 0.3, 0.5, 0.7, 1.0])
    assert scores["skill"].tolist() == pytest.approx([1 - 1.5, 1 - 0.5, 1 - 0.3, 1 - 0.15 / 0.7, 1 - 0.15])
    assert scores["has_skill"].tolist() == [False, True, True, True, True]
    # the river crosses 112.00 m on 21 Sep (112.02 m); the 15 cm too high forecasts say 20 Sep (112.07 m)
    assert result.bank_msl == 112.0
    assert result.crossings == [(date(2022, 9, 21), [(1, 0, True), (3, -1, True), (5, -1, True), (7, -1, True)])]


def test_backtest_counts_days_without_a_forecast(engine, settings):
    build_rising_history(engine, days=10)
    result = backtest_station(engine, settings, "M.7", date(2022, 8, 25), date(2022, 9, 2))
    # before 1 Sep nothing was stored yet: no reading (the first input checked), no model run
    assert result.refused == {"no_observation": 7} and result.issued == 2
    with pytest.raises(ValueError, match="ends"):
        backtest_station(engine, settings, "M.7", date(2022, 9, 2), date(2022, 9, 1))
