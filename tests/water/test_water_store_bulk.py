"""The bulk read paths (issue 9: rows as tuples, times converted per column, per-station
seeks): same answers as the row-by-row definitions, aware UTC times, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from domain.situation import classify_capacities, classify_capacity, trend_cm_per_h, trend_mark, trend_marks
from store.base import epoch_seconds, utc_from_epoch, utc_times
from store.water import observation_span, save_series, save_waterlevels, station_series
from store.water_situation import SITUATION_COLUMNS, latest_situation

BANGKOK = timezone(timedelta(hours=7))
AT = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def _stations(engine, rows: list[dict]) -> None:
    """Registry rows through the store's own write path (no reading times)."""
    base = {
        "name_en": None,
        "agency": "TEST",
        "basin_th": None,
        "district_code": "3401",
        "lat": 15.2,
        "lon": 104.8,
        "ground_msl": 100.0,
        "left_bank": None,
        "right_bank": None,
        "critical_level_msl": None,
        "qmax": None,
        "flags": None,
        "observed_at": pd.NaT,
        "level_msl": None,
        "discharge": None,
        "storage_percent": None,
        "hii_situation_level": None,
    }
    frame = pd.DataFrame([{**base, "name_th": f"สถานีทดสอบ {r['station_code']}", **r} for r in rows])
    save_waterlevels(engine, frame, "test", at=AT)


def _series(engine, station_id: str, hours: list[float], levels: list[float | None], tz=UTC) -> None:
    times = [(AT - timedelta(hours=h)).astimezone(tz) for h in hours]
    save_series(
        engine,
        station_id,
        pd.DataFrame({"observed_at": times, "level_msl": levels, "discharge": [None] * len(times)}),
        "test",
        at=AT,
    )


@pytest.fixture
def three_stations(engine):
    _stations(
        engine,
        [
            {"station_id": "901", "station_code": "T.1", "province_code": "34", "bank_msl": 110.0},
            {"station_id": "902", "station_code": "T.2", "province_code": "34", "bank_msl": 110.0},
            {"station_id": "903", "station_code": "T.3", "province_code": "34", "bank_msl": 110.0},
            {"station_id": "904", "station_code": "X.9", "province_code": "35", "bank_msl": 110.0},  # another province
        ],
    )
    hours = [h / 6 for h in range(26 * 6, -1, -1)]  # 26 h of 10-minute readings up to AT
    _series(engine, "901", hours, [105.0 + 0.02 * (26 - h) for h in hours], tz=BANGKOK)  # rising 2 cm/h
    _series(
        engine,
        "902",
        [h for h in hours if h < 1 or h > 20],
        [108.0 - 0.005 * (26 - h) for h in hours if h < 1 or h > 20],
    )  # a gap
    _series(engine, "903", [30.0, 29.0], [101.0, 101.5])  # stale
    _series(engine, "904", [200.0, 0.0], [100.0, 100.0])  # not in the province
    return engine


def test_utc_times_converts_a_column_at_once():
    text = utc_times(pd.Series(["2026-10-01 09:00:00.000000", None, "2026-10-01 09:10:00.250000"]))
    assert str(text.dtype) == "datetime64[us, UTC]"
    assert text.iloc[0] == pd.Timestamp("2026-10-01 09:00", tz="UTC") and pd.isna(text.iloc[1])
    assert text.iloc[2] == pd.Timestamp("2026-10-01 09:10:00.25", tz="UTC")
    naive = utc_times([datetime(2026, 10, 1, 9), None])
    assert str(naive.dtype) == "datetime64[us, UTC]" and naive.iloc[0].to_pydatetime() == AT
    assert str(utc_times([]).dtype) == "datetime64[us, UTC]" and str(utc_times([None]).dtype) == "datetime64[us, UTC]"


def test_epoch_seconds_reads_stored_times_back_exactly(three_stations):
    from sqlalchemy import select

    from store.water import WaterObservation

    o = WaterObservation.__table__
    stmt = (
        select(epoch_seconds(o.c.observed_at, three_stations.dialect.name))
        .where(o.c.station_id == "901")
        .order_by(o.c.observed_at)
    )
    with three_stations.connect() as conn:
        seconds = [row[0] for row in conn.execute(stmt)]
    assert all(isinstance(s, float) for s in seconds)  # floats, not PostgreSQL's Decimal
    times = utc_from_epoch(seconds)
    assert str(times.dtype) == "datetime64[us, UTC]" and len(times) == 26 * 6 + 1
    assert times.iloc[-1] == pd.Timestamp(AT) and times.iloc[0] == pd.Timestamp(
        AT - timedelta(hours=26)
    )  # stored from Bangkok time


def test_series_times_are_aware_utc_and_exact(three_stations):
    got = station_series(three_stations, "901", AT - timedelta(hours=1), AT)
    assert list(got.columns) == ["observed_at", "level_msl", "discharge"]
    assert str(got["observed_at"].dtype) == "datetime64[us, UTC]" and got["observed_at"].is_monotonic_increasing
    assert got["observed_at"].iloc[-1].to_pydatetime() == AT  # written in Bangkok time, read as the same instant
    assert [t.to_pydatetime() for t in got["observed_at"]] == [AT - timedelta(minutes=10 * i) for i in range(6, -1, -1)]
    assert got["level_msl"].dtype == "float64" and got["discharge"].isna().all()
    # the bounds are inclusive, in any zone
    local = station_series(three_stations, "901", (AT - timedelta(hours=1)).astimezone(BANGKOK), AT.astimezone(BANGKOK))
    pd.testing.assert_frame_equal(local, got)
    empty = station_series(three_stations, "901", AT + timedelta(hours=1), AT + timedelta(hours=2))
    assert empty.empty and str(empty["observed_at"].dtype) == "datetime64[us, UTC]"


def test_situation_matches_the_row_by_row_definitions(three_stations):
    raw = latest_situation(three_stations, "34", at=AT, stale_after_s=3 * 3600)
    assert list(raw.columns) == SITUATION_COLUMNS
    out = raw.set_index("station_code")
    assert set(out.index) == {"T.1", "T.2", "T.3"} | {c for c in out.index if out.loc[c, "is_key"]}
    assert str(out["observed_at"].dtype) == "datetime64[us, UTC]"
    for code, sid in (("T.1", "901"), ("T.2", "902")):
        series = station_series(three_stations, sid, AT - timedelta(hours=26), AT).set_index("observed_at")["level_msl"]
        assert out.loc[code, "observed_at"] == series.index[-1]
        for col, hours in (("trend_3h_cm_h", 3), ("trend_24h_cm_h", 24)):
            expected = trend_cm_per_h(series, hours)
            assert (np.isnan(expected) and np.isnan(out.loc[code, col])) or out.loc[code, col] == pytest.approx(
                expected
            ), (code, col)
        assert out.loc[code, "trend"] == trend_mark(out.loc[code, "trend_3h_cm_h"])
        assert out.loc[code, "situation_class"] == classify_capacity(out.loc[code, "pct_capacity"])
    assert out.loc["T.1", "trend_3h_cm_h"] == pytest.approx(2.0) and out.loc["T.1", "trend"] == "rising"
    assert np.isnan(out.loc["T.2", "trend_3h_cm_h"]) and out.loc["T.2", "trend_24h_cm_h"] == pytest.approx(
        -0.5
    )  # 3 h back is in the gap
    t3 = out.loc["T.3"]
    assert (
        t3["stale"]
        and t3["situation_class"] == "unknown"
        and np.isnan(t3["trend_3h_cm_h"])
        and t3["trend"] == "unknown"
    )
    assert t3["flags"] == f"@stale|hours=29.0|was={t3['reading_class']}" and t3["age_s"] == pytest.approx(29 * 3600)
    missing = out[out["observed_at"].isna()]
    assert (missing["flags"].str.endswith("@no_reading")).all() and (missing["situation_class"] == "unknown").all()


def test_trend_reaches_past_a_gap_as_the_whole_window_would(engine):
    # latest_situation reads only the readings near each trend's wanted time; when that slot is
    # empty it must fall back to the whole window: here the nearest readings to "3 h ago" are
    # 50 min away on either side (a gap from 2 h 10 to 3 h 50 ago), within the 1.5 h tolerance
    _stations(
        engine,
        [
            {"station_id": "905", "station_code": "T.5", "province_code": "34", "bank_msl": 110.0},
            {"station_id": "906", "station_code": "T.6", "province_code": "34", "bank_msl": 110.0},
        ],
    )
    hours = [h / 6 for h in range(26 * 6, -1, -1)]
    gap = [h for h in hours if not 13 / 6 < h < 23 / 6]
    _series(engine, "905", gap, [105.0 + 0.03 * (26 - h) + (0.01 if h == 23 / 6 else 0.0) for h in gap])
    _series(engine, "906", hours, [104.0 - 0.01 * (26 - h) for h in hours])  # no gap: read from the slots only
    out = latest_situation(engine, "34", at=AT).set_index("station_code")
    for code, sid in (("T.5", "905"), ("T.6", "906")):
        series = station_series(engine, sid, AT - timedelta(hours=26), AT).set_index("observed_at")["level_msl"]
        for col, hours_back in (("trend_3h_cm_h", 3), ("trend_24h_cm_h", 24)):
            assert out.loc[code, col] == pytest.approx(trend_cm_per_h(series, hours_back)), (code, col)
    # the tie between 2 h 10 and 3 h 50 ago goes to the earlier reading, as over the whole series
    assert out.loc["T.5", "trend_3h_cm_h"] == pytest.approx((0.03 * 23 / 6 - 0.01) * 100 / (23 / 6))
    assert out.loc["T.6", "trend_3h_cm_h"] == pytest.approx(-1.0)


def test_span_seeks_each_station_and_stays_in_the_province(three_stations, engine):
    first, last = observation_span(three_stations, "34")
    assert first == AT - timedelta(hours=30) and last == AT
    assert first.tzinfo is not None and first.utcoffset() == timedelta(0)
    assert observation_span(engine, "35") == (AT - timedelta(hours=200), AT)


def test_span_of_stations_without_readings(engine):
    assert observation_span(engine, "34") == (None, None)
    _stations(engine, [{"station_id": "901", "station_code": "T.1", "province_code": "34", "bank_msl": 110.0}])
    assert observation_span(engine, "34") == (None, None)


def test_vector_classes_and_marks_match_the_scalar_ones():
    pct = [float("nan"), -5.0, 10.0, 10.01, 30.0, 30.5, 70.0, 70.1, 100.0, 100.1, 250.0]
    assert classify_capacities(pct).tolist() == [classify_capacity(p) for p in pct]
    cm = [float("nan"), -3.0, -1.0, -0.5, 0.0, 1.0, 1.01, 40.0]
    assert trend_marks(cm).tolist() == [trend_mark(v) for v in cm]
