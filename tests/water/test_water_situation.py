"""Domain: % capacity, HII classes (edges 10/30/70/100), trends, staleness."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from domain.situation import (
    CLASSES,
    HII_COLOURS,
    assess_stations,
    classify_capacity,
    percent_capacity,
    trend_cm_per_h,
    trend_mark,
)


@pytest.mark.parametrize(
    "pct, expected",
    [
        (-5.0, "critically_low"),
        (0.0, "critically_low"),
        (10.0, "critically_low"),
        (10.01, "low"),
        (30.0, "low"),
        (30.01, "normal"),
        (70.0, "normal"),
        (70.01, "high"),
        (100.0, "high"),
        (100.01, "over_bank"),
        (250.0, "over_bank"),
        (None, "unknown"),
        (float("nan"), "unknown"),
    ],
)
def test_classify_capacity_table_with_hii_edges(pct, expected):
    assert classify_capacity(pct) == expected


def test_every_class_has_hii_colour():
    assert set(HII_COLOURS) == set(CLASSES)
    assert HII_COLOURS["over_bank"] == "#FF0000" and HII_COLOURS["high"] == "#003CFA"
    assert (
        HII_COLOURS["normal"] == "#00B050"
        and HII_COLOURS["low"] == "#FFC000"
        and HII_COLOURS["critically_low"] == "#990000"
    )


def test_percent_capacity_matches_hii_storage_percent_for_m7():
    # M.7 on 2020-06-29: level 107.04, ground 100.57, bank 112 -> HII's storage_percent 56.61
    assert percent_capacity(107.04, 100.57, 112.0) == pytest.approx(56.61, abs=0.01)


@pytest.mark.parametrize(
    "level, ground, bank", [(None, 100, 112), (105, None, 112), (105, 100, None), (105, 112, 112), (105, 113, 112)]
)
def test_percent_capacity_is_nan_without_a_channel(level, ground, bank):
    assert math.isnan(percent_capacity(level, ground, bank))


def test_percent_capacity_vectorised_keeps_index():
    out = percent_capacity(
        pd.Series([106.0, 2.0], index=[5, 9]),
        pd.Series([100.0, float("nan")], index=[5, 9]),
        pd.Series([112.0, 0.0], index=[5, 9]),
    )
    assert list(out.index) == [5, 9]
    assert out[5] == pytest.approx(50.0) and math.isnan(out[9])


def _hourly(values, end=datetime(2026, 10, 1, 9, tzinfo=UTC)):
    idx = pd.date_range(end=end, periods=len(values), freq="h", tz="UTC")
    return pd.Series(values, index=idx, dtype="float64")


def test_trend_cm_per_h_over_3_and_24_hours():
    s = _hourly([100 + 0.02 * i for i in range(25)])  # +2 cm/h
    assert trend_cm_per_h(s, 3) == pytest.approx(2.0)
    assert trend_cm_per_h(s, 24) == pytest.approx(2.0)


def test_trend_needs_a_reading_near_the_start_of_the_window():
    s = _hourly([100.0, 100.1, 100.2])  # only 2 h of data
    assert trend_cm_per_h(s, 3) == pytest.approx(10.0)  # 2 h away from 3 h: within tolerance 1.5 h
    assert math.isnan(trend_cm_per_h(s, 24))
    assert math.isnan(trend_cm_per_h(_hourly([100.0]), 3))


@pytest.mark.parametrize(
    "cm_h, mark",
    [
        (2.5, "rising"),
        (1.0, "steady"),
        (0.0, "steady"),
        (-1.0, "steady"),
        (-1.01, "falling"),
        (float("nan"), "unknown"),
    ],
)
def test_trend_mark(cm_h, mark):
    assert trend_mark(cm_h) == mark


def test_assess_marks_old_reading_unknown_and_stale_keeping_its_class():
    at = datetime(2026, 10, 1, 10, tzinfo=UTC)
    latest = pd.DataFrame(
        {
            "station_id": ["a", "b", "c"],
            "level_msl": [111.5, 111.5, float("nan")],
            "bank_msl": [112.0, 112.0, 112.0],
            "ground_msl": [100.0, 100.0, 100.0],
            "flags": ["", "", ""],
            "watch_level_msl": [111.0] * 3,
            "observed_at": [at - timedelta(minutes=30), at - timedelta(days=400), pd.NaT],
        }
    )
    history = pd.DataFrame(
        {
            "station_id": ["a"] * 4,
            "observed_at": [at - timedelta(hours=h) for h in (3.5, 2.5, 1.5, 0.5)],
            "level_msl": [111.44, 111.46, 111.48, 111.5],
        }
    )
    out = assess_stations(latest, history, at, stale_after_s=3 * 3600).set_index("station_id")
    assert out.loc["a", "situation_class"] == "high" and not out.loc["a", "stale"]
    assert out.loc["a", "trend_3h_cm_h"] == pytest.approx(2.0) and out.loc["a", "trend"] == "rising"
    assert out.loc["a", "below_bank_m"] == pytest.approx(0.5)
    assert (
        out.loc["b", "situation_class"] == "unknown"
        and out.loc["b", "reading_class"] == "high"
        and out.loc["b", "stale"]
    )
    assert "@stale|hours=9600.0|was=high" in out.loc["b", "flags"]
    assert out.loc["c", "stale"] and "@no_reading" in out.loc["c", "flags"]
