"""Over the bank is known without a ground level, and an unclassified reading says why;
"stale" only ever means old (issue 15)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from data_sources.thaiwater import parse_waterlevel_load
from domain.situation import assess_stations
from tests.support.ci import reference_path

AT = datetime(2026, 10, 1, 10, 0, tzinfo=UTC)
NO_HISTORY = pd.DataFrame(
    {
        "station_id": pd.Series(dtype="object"),
        "observed_at": pd.Series(dtype="datetime64[us, UTC]"),
        "level_msl": pd.Series(dtype="float64"),
    }
)


def _latest(level, bank, ground, watch=np.nan, flags="", minutes_old=26):
    return pd.DataFrame(
        {
            "station_id": ["1"],
            "level_msl": [level],
            "bank_msl": [bank],
            "ground_msl": [ground],
            "watch_level_msl": [watch],
            "observed_at": [pd.Timestamp(AT - timedelta(minutes=minutes_old))],
            "flags": [flags],
        }
    )


@pytest.mark.parametrize(
    ("level", "bank", "watch", "expected"),
    [
        (112.30, 112.00, np.nan, "over_bank"),  # the wall's grey "unknown / stale" 26 minutes after the reading
        (111.40, 112.00, 111.00, "high"),  # above the watch level, under the bank
        (105.00, 112.00, 111.00, "unknown"),  # below the watch level: % capacity is needed
    ],
)
def test_level_against_bank_without_ground(level, bank, watch, expected):
    row = assess_stations(_latest(level, bank, np.nan, watch), NO_HISTORY, AT, 3 * 3600).iloc[0]
    assert row["situation_class"] == expected and not row["stale"]
    assert "stale" not in row["flags"]
    assert np.isnan(row["pct_capacity"])
    assert "@no_class_ground" in row["flags"]


def test_no_bank_says_so_once():
    row = assess_stations(_latest(105.0, np.nan, 100.0, flags="@no_bank"), NO_HISTORY, AT, 3 * 3600).iloc[0]
    assert row["flags"] == "@no_bank"
    row = assess_stations(_latest(105.0, np.nan, 100.0), NO_HISTORY, AT, 3 * 3600).iloc[0]
    assert row["flags"] == "@no_class_bank"


def test_ny3_of_the_2026_recording_says_why_no_class():
    payload = json.loads(
        reference_path(
            "thaiwater", "2026", "chanasakch-flood-monitor", "fixtures", "thaiwater-waterlevel.json"
        ).read_text(encoding="utf-8")
    )
    df = parse_waterlevel_load(payload, now=datetime(2026, 10, 1, 10, tzinfo=UTC))
    ny3 = df[df["station_code"] == "Ny.3"].copy()
    assert np.isnan(ny3["ground_msl"].iloc[0])  # the reply has no ground_level at all
    ny3["watch_level_msl"] = np.nan
    row = assess_stations(ny3, NO_HISTORY, ny3["observed_at"].iloc[0].to_pydatetime(), 3 * 3600).iloc[0]
    assert row["situation_class"] == "unknown" and not row["stale"]
    assert "@no_class_ground|below=1.97" in row["flags"]
