"""Freshness that matches how stations report: each station is stale when overdue for its own
cadence (learnt from its stored history, RID's daily habit until there is history), with
WATERLEVEL_STALE_AFTER as the ceiling for telemetry (issue 15)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

import ingest.thaiwater as job
from data_sources.thaiwater import filter_province, parse_waterlevel_load
from domain.freshness import station_cadence
from ingest import IngestContext
from store.water import save_waterlevels
from store.water_situation import latest_situation
from tests.support.ci import reference_path
from tests.water.daily_morning import readings_frame

RECORDING = ("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")
AT = datetime(2020, 6, 29, 6, 30, tzinfo=UTC)  # 13:30 Bangkok
CEILING = 3 * 3600.0  # the default WATERLEVEL_STALE_AFTER


def _replay(settings, engine):
    job.run(IngestContext(settings, engine, None), from_file=reference_path(*RECORDING))


def test_m7_read_daily_at_0600_is_normal_and_current_at_1330(settings, engine):
    assert settings.waterlevel_stale_s == CEILING
    _replay(settings, engine)
    df = latest_situation(engine, "34", at=AT, stale_after_s=settings.waterlevel_stale_s).set_index("station_code")
    m7 = df.loc["M.7"]
    assert m7["age_s"] == pytest.approx(7.5 * 3600)
    assert not m7["stale"] and m7["situation_class"] == "normal"
    assert (m7["cadence"], m7["cadence_time"]) == ("daily", "06:00")
    assert "stale" not in m7["flags"]
    # every 06:00 key station of the province is current too; telemetry stays on its ceiling
    for code in ("E.98", "M.11B", "M.182", "M.5"):
        assert not df.loc[code, "stale"] and df.loc[code, "cadence"] == "daily", code
    assert df.loc["MUN011", "cadence"] == "unknown" and df.loc["MUN011", "stale_after_s"] == CEILING


def test_a_daily_reading_is_stale_once_the_next_one_is_missed(settings, engine):
    national = parse_waterlevel_load(_payload(), now=AT)
    m7 = filter_province(national, "34")
    m7 = m7[m7["station_code"] == "M.7"].copy()
    m7["observed_at"] = pd.Timestamp("2020-06-27 06:00", tz="Asia/Bangkok").tz_convert("UTC")
    save_waterlevels(engine, m7, "thaiwater", at=AT)
    row = latest_situation(engine, "34", at=AT, stale_after_s=CEILING).set_index("station_code").loc["M.7"]
    assert row["stale"] and row["situation_class"] == "unknown" and row["reading_class"] == "normal"
    assert "@stale|hours=" in row["flags"]
    # the day after its reading it is still current until 06:00 + the allowance
    fresh = latest_situation(engine, "34", at=datetime(2020, 6, 28, 1, 30, tzinfo=UTC), stale_after_s=CEILING)
    assert not fresh.set_index("station_code").loc["M.7", "stale"]


def _payload():
    import json

    return json.loads(reference_path(*RECORDING).read_text(encoding="utf-8"))


def test_cadence_is_learnt_from_the_stored_history(engine):
    at = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)
    daily = [at - timedelta(hours=2) - timedelta(days=d) for d in range(4)]  # a DWR station read once a day
    tele = [at - timedelta(hours=2) - timedelta(minutes=10 * i) for i in range(50)]  # every 10 min, silent 2 h
    save_waterlevels(
        engine,
        pd.concat(
            [readings_frame("9DAILY1", "DAILY1", "DWR", daily), readings_frame("9TELE1", "TELE1", "HII", tele)],
            ignore_index=True,
        ),
        "thaiwater",
        at=at,
    )
    df = latest_situation(engine, "34", at=at, stale_after_s=CEILING).set_index("station_code")
    assert df.loc["DAILY1", "cadence"] == "daily" and not df.loc["DAILY1", "stale"]
    assert df.loc["DAILY1", "cadence_time"] == (daily[0] + timedelta(hours=7)).strftime("%H:%M")
    # a 10-minute station silent for 2 h is overdue (1.5 x 10 min + 1 h), under the 3 h ceiling
    assert df.loc["TELE1", "cadence"] == "telemetry" and df.loc["TELE1", "stale"]
    assert df.loc["TELE1", "stale_after_s"] == pytest.approx(1.5 * 600 + 3600)
    late = latest_situation(engine, "34", at=at + timedelta(days=1, hours=4), stale_after_s=CEILING).set_index(
        "station_code"
    )
    assert late.loc["DAILY1", "stale"]


@pytest.mark.parametrize(
    ("code", "agency", "local", "n", "span_h", "cadence", "limit_h"),
    [
        ("M.7", "RID", "06:00", 1, 0, "daily", 27),  # RID's gauge observer, no history yet
        ("M7", "RID", "13:00", 1, 0, "unknown", 3),  # RID telemetry twin: no habit known
        ("M.7", "RID", "06:10", 1, 0, "unknown", 3),  # not on the hour: not a gauge reading
        ("Ny.3", "RID", "09:00", 1, 0, "daily", 27),  # mixed-case codes are RID's too
        ("Ny.3", "RID", "16:00", 1, 0, "unknown", 3),  # outside the morning round: no habit known
        ("MUN011", "HII", "13:10", 1, 0, "unknown", 3),
        ("MUN011", "HII", "13:10", 145, 24, "telemetry", 1.25),
        ("X1", "DWR", "12:00", 25, 24, "telemetry", 2.5),  # hourly
        ("X2", "DWR", "12:00", 5, 48, "scheduled", 15),  # every 12 h: overdue when the next one is missed
        ("M.7", "RID", "06:00", 8, 7 * 24, "daily", 27),  # a week of daily readings
        ("X3", "DWR", "07:00", 3, 96, "scheduled", 51),  # every 48 h
    ],
)
def test_station_cadence_table(code, agency, local, n, span_h, cadence, limit_h):
    observed = pd.Timestamp(f"2020-06-29 {local}", tz="Asia/Bangkok").tz_convert("UTC")
    df = pd.DataFrame(
        {
            "station_code": [code],
            "agency": [agency],
            "observed_at": [observed],
            "history_n": [float(n)],
            "history_first_s": [observed.timestamp() - span_h * 3600.0],
            "history_last_s": [observed.timestamp()],
        }
    )
    out = station_cadence(df, CEILING).iloc[0]
    assert out["cadence"] == cadence
    assert out["stale_after_s"] == pytest.approx(limit_h * 3600)
    assert out["cadence_time"] == (local if cadence == "daily" else None)
