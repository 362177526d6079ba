"""Store (SQLite and PostgreSQL): idempotent ingest, situation at a replay time, series, forecasts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

import ingest.thaiwater as job
from data_sources.thaiwater import filter_province, parse_waterlevel_load
from ingest import IngestContext
from store.water import (
    WaterObservation,
    WaterStation,
    latest_forecast,
    observation_span,
    save_forecasts,
    save_series,
    save_waterlevels,
    station_series,
)
from store.water_situation import latest_situation
from tests.support.ci import reference_path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "water" / "ubon_traps_2026_shape.json"
NOW = datetime(2026, 10, 1, 10, 0, tzinfo=UTC)


def _count(engine, model):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_ingest_from_file_is_idempotent(settings, engine):
    path = reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")
    ctx = IngestContext(settings, engine, None)
    first = job.run(ctx, from_file=path)
    assert first.rows == 16  # 14 Ubon rows + upstream M.182 and M.5
    assert first.data_time == datetime(2020, 6, 29, 6, 10, tzinfo=UTC)
    job.run(ctx, from_file=path)
    assert _count(engine, WaterObservation) == 16 and _count(engine, WaterStation) == 16


def test_situation_at_replay_time_of_the_2020_recording(settings, engine):
    job.run(
        IngestContext(settings, engine, None),
        from_file=reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json"),
    )
    at = datetime(2020, 6, 29, 6, 30, tzinfo=UTC)  # 13:30 Bangkok
    df = latest_situation(engine, "34", at=at, stale_after_s=12 * 3600).set_index("station_code")
    assert len(df) == 16
    assert list(df.index[:5]) == sorted(["M.7", "M.11B", "E.98", "M.182", "M.5"])  # key stations first
    m7 = df.loc["M.7"]
    assert m7["is_key"] and m7["watch_level_msl"] == pytest.approx(111.0)
    assert m7["pct_capacity"] == pytest.approx(56.61, abs=0.01) and m7["situation_class"] == "normal"
    assert m7["below_bank_m"] == pytest.approx(4.96) and m7["district_code"] == "3401"
    assert m7["age_s"] == pytest.approx(7.5 * 3600) and not m7["stale"]
    assert df.loc["MUN017", "situation_class"] == "low"
    assert (
        df.loc["M7", "situation_class"] == "unknown"
        and "@datum_duplicate|twin=M.7|" in df.loc["M7", "flags"]
        and not df.loc["M7", "is_key"]
    )
    assert df.loc["M.182", "upstream"] and df.loc["M.182", "province_code"] == "33"
    # before the recording there was nothing: honest "no reading"
    early = latest_situation(engine, "34", at=datetime(2020, 6, 1, tzinfo=UTC)).set_index("station_code")
    assert early["observed_at"].isna().all() and (early["situation_class"] == "unknown").all()
    # now (years later) every reading is stale and no class is shown as current
    now = latest_situation(engine, "34")
    assert now["stale"].all() and (now["situation_class"] == "unknown").all()
    assert now.loc[now["station_code"] == "M.7", "reading_class"].item() == "normal"


def test_future_reading_is_not_current_and_old_row_is_stale(settings, engine):
    df = filter_province(parse_waterlevel_load(json.loads(FIXTURE.read_text(encoding="utf-8")), now=NOW), "34")
    save_waterlevels(engine, df, "thaiwater", at=NOW)
    out = latest_situation(engine, "34", at=NOW).set_index("station_code")
    assert pd.isna(out.loc["CHI011", "observed_at"]) and out.loc["CHI011", "stale"]
    assert out.loc["MUN011", "stale"] and out.loc["MUN011", "situation_class"] == "unknown"
    assert out.loc["M.7", "situation_class"] == "high" and not out.loc["M.7", "stale"]
    assert out.loc["M.7", "pct_capacity"] == pytest.approx((110.95 - 100.57) / (112 - 100.57) * 100)


def test_trend_from_stored_series_and_series_query(settings, engine):
    df = filter_province(parse_waterlevel_load(json.loads(FIXTURE.read_text(encoding="utf-8")), now=NOW), "34")
    save_waterlevels(engine, df, "thaiwater", at=NOW)
    end = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    times = [end - timedelta(hours=h) for h in range(30, 0, -1)]
    series = pd.DataFrame(
        {"observed_at": times, "level_msl": [110.95 - 0.03 * h for h in range(30, 0, -1)], "discharge": [None] * 30}
    )
    assert save_series(engine, "2752", series, "thaiwater") == 30
    out = latest_situation(engine, "34", at=NOW).set_index("station_code")
    assert out.loc["M.7", "trend_3h_cm_h"] == pytest.approx(3.0) and out.loc["M.7", "trend"] == "rising"
    assert out.loc["M.7", "trend_24h_cm_h"] == pytest.approx(3.0)
    got = station_series(engine, "2752", end - timedelta(hours=5), end)
    assert len(got) == 6 and list(got.columns) == ["observed_at", "level_msl", "discharge"]
    assert got["observed_at"].iloc[-1] == end and got["level_msl"].iloc[-1] == pytest.approx(110.95)
    first, last = observation_span(engine, "34")
    assert first == datetime(2019, 1, 1, 0, 0, tzinfo=UTC) and last == datetime(2026, 10, 2, 9, 0, tzinfo=UTC)


def test_upsert_updates_a_corrected_reading(settings, engine):
    df = filter_province(parse_waterlevel_load(json.loads(FIXTURE.read_text(encoding="utf-8")), now=NOW), "34")
    save_waterlevels(engine, df, "thaiwater", at=NOW)
    fixed = df.copy()
    fixed.loc[fixed["station_code"] == "M.7", "level_msl"] = 111.10
    save_waterlevels(engine, fixed, "thaiwater", at=NOW)
    assert _count(engine, WaterObservation) == 6  # CHI011 future row is stored (flagged), E.98 junk level too
    out = latest_situation(engine, "34", at=NOW).set_index("station_code")
    assert out.loc["M.7", "level_msl"] == pytest.approx(111.10)


def test_bad_frame_is_refused_before_writing(engine):
    with pytest.raises(ValueError, match="lacks columns"):
        save_waterlevels(engine, pd.DataFrame({"station_id": ["1"]}), "thaiwater")
    assert _count(engine, WaterStation) == 0


def test_latest_forecast_takes_newest_issue(engine):
    base = pd.DataFrame(
        {
            "station_code": "M.7",
            "date": [date(2026, 10, 1), date(2026, 10, 2)],
            "discharge": [100.0, 120.0],
            "discharge_median": [99.0, 119.0],
            "p25": [90.0, 110.0],
            "p75": [110.0, 130.0],
            "lat": 15.2,
            "lon": 104.8,
        }
    )
    old, new = datetime(2026, 9, 30, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC)
    save_forecasts(engine, base, "open_meteo_flood", old)
    save_forecasts(engine, base.assign(discharge=[200.0, 220.0]), "open_meteo_flood", new)
    got = latest_forecast(engine, "M.7")
    assert list(got.columns) == ["date", "discharge", "discharge_median", "p25", "p75", "issued_at", "source"]
    assert (
        list(got["discharge"]) == [200.0, 220.0]
        and (got["issued_at"] == new).all()
        and (got["source"] == "open_meteo_flood").all()
    )
    assert latest_forecast(engine, "E.98").empty


INTERFACE = {
    "station_id": str,
    "station_code": str,
    "name_th": str,
    "name_en": str,
    "district_code": (str, type(None)),
    "lat": float,
    "lon": float,
    "level_msl": float,
    "bank_msl": float,
    "ground_msl": float,
    "pct_capacity": float,
    "situation_class": str,
    "below_bank_m": float,
    "trend_3h_cm_h": float,
    "trend_24h_cm_h": float,
    "trend": str,
    "age_s": float,
    "stale": bool,
    "flags": str,
    "is_key": bool,
    "watch_level_msl": float,
}


def test_latest_situation_interface_columns_and_types(settings, engine):
    empty = latest_situation(engine, "34")
    assert empty.empty and set(INTERFACE) | {"observed_at"} <= set(empty.columns)
    df = filter_province(parse_waterlevel_load(json.loads(FIXTURE.read_text(encoding="utf-8")), now=NOW), "34")
    save_waterlevels(engine, df, "thaiwater", at=NOW)
    out = latest_situation(engine, "34", at=NOW)
    for column, kind in INTERFACE.items():
        for value in out[column]:
            assert (
                isinstance(value, kind)
                or (kind is float and isinstance(value, (float, int)))
                or (kind is bool and str(type(value)) == "<class 'numpy.bool'>")
            ), (column, value, type(value))
    assert str(out["observed_at"].dtype) == "datetime64[us, UTC]"
    assert set(out["situation_class"]) <= {"critically_low", "low", "normal", "high", "over_bank", "unknown"}
    assert set(out["trend"]) <= {"rising", "steady", "falling", "unknown"}


def test_naive_times_are_refused_and_nothing_is_written(engine, settings):
    df = filter_province(parse_waterlevel_load(json.loads(FIXTURE.read_text(encoding="utf-8")), now=NOW), "34")
    save_waterlevels(engine, df, "thaiwater", at=NOW)
    before = _count(engine, WaterObservation)
    naive = pd.DataFrame(
        {"observed_at": [datetime(2026, 10, 1, 1, 0)], "level_msl": [110.0], "discharge": [None]}, dtype=object
    )
    with pytest.raises(ValueError, match="naive datetime"):
        save_series(engine, "2752", naive, "thaiwater")
    assert _count(engine, WaterObservation) == before
