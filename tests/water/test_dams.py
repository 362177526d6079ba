"""ThaiWater large dams: both reply shapes through the real parser (the 2020 recording and the
newer analyst/dam shape), renamed fields refused with nothing written, the HTTP path through
the replay transport, idempotent store on SQLite and PostgreSQL, ingest from the recorded file,
the basin selection from the key stations, HII's colours and the release-jump rule."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

import ingest.thaiwater as water_job
import ingest.thaiwater_dams as job
from data_sources.errors import MissingFieldError, SourceFormatError, SourceUnavailable
from data_sources.thaiwater_dams import COLUMNS, fetch_large_dams, parse_dams
from domain.dams import basin_key, dam_status, is_release_jump, select_basin_dams, storage_scale
from domain.freshness import stale_limit
from ingest import IngestContext, discover_jobs, run_job
from store.dams import DamObservation, dam_history, key_station_basins, save_dams
from store.health import read_health
from tests.support.ci import reference_path
from tests.support.replay import Reply, replay_session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dams"
DAY1, DAY2 = FIXTURES / "analyst_dam_day1.json", FIXTURES / "analyst_dam_day2.json"
URL = "https://api-v3.thaiwater.net/api/v1/thaiwater30/analyst/dam"
UBON_DAMS = {"สิรินธร", "อุบลรัตน์", "จุฬาภรณ์", "ลำปาว", "ลำตะคอง", "ลำพระเพลิง", "มูลบน", "ลำแชะ", "ลำนางรอง"}
AT_2020 = datetime(2020, 6, 29, 8, 0, tzinfo=UTC)  # 15:00 Bangkok on the recording's day
AT_DAY2 = datetime(2026, 10, 9, 3, 0, tzinfo=UTC)  # 10:00 Bangkok on the fixture's second day


def _recorded_dams() -> Path:
    return reference_path("thaiwater", "hii_public_thailand_2020-06-29_dam.json")


def _recorded_waterlevels() -> Path:
    return reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")


def _count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(DamObservation)).scalar_one()


# --- parsing -------------------------------------------------------------------------


def test_2020_recording_every_row_matches_the_file():
    payload = json.loads(_recorded_dams().read_text(encoding="utf-8"))
    raw = payload["data"]["data"]
    df = parse_dams(payload)
    assert len(df) == len(raw) == 35
    assert list(df.columns) == list(COLUMNS)
    by_id = df.set_index("dam_id")
    for r in raw:
        got = by_id.loc[str(r["dam"]["id"])]
        assert got["name_th"] == r["dam"]["dam_name"]["th"]
        assert got["storage_mcm"] == pytest.approx(r["dam_storage"])
        assert got["released_mcm"] == pytest.approx(r["dam_released"])
        assert got["basin_th"] == r["basin"]["basin_name"]["th"]
        assert got["data_date"] == date.fromisoformat(r["dam_date"])
    sirindhorn = by_id.loc["3"]
    assert sirindhorn["storage_pct"] == pytest.approx(50.41) and sirindhorn["normal_storage_mcm"] == pytest.approx(
        1966.47
    )
    assert sirindhorn["province_code"] == "34" and math.isnan(sirindhorn["level_msl"])  # HII's 0 = no level


def test_the_whole_public_thailand_reply_is_read_through_its_dam_member():
    payload = json.loads(_recorded_dams().read_text(encoding="utf-8"))
    assert len(parse_dams({"dam": payload, "waterlevel": {}})) == 35


def test_newer_analyst_dam_shape_reads_only_the_daily_rows():
    df = parse_dams(json.loads(DAY2.read_text(encoding="utf-8")))
    assert sorted(df["name_en"]) == ["Bhumibol", "Lam Pao", "Sirindhorn", "Ubol Ratana"]
    assert (df["data_date"] == date(2026, 10, 9)).all()
    assert df.set_index("name_en").loc["Sirindhorn", "released_mcm"] == 2.6  # not the hourly row's 99


@pytest.mark.parametrize("field", ["dam_released", "dam_spilled", "dam_storage_percent", "dam_date", "basin"])
def test_a_renamed_row_field_refuses_the_reply_naming_it(field):
    payload = json.loads(DAY2.read_text(encoding="utf-8"))
    row = payload["data"]["dam_daily"][1]
    row[field + "_x"] = row.pop(field)
    with pytest.raises(MissingFieldError) as err:
        parse_dams(payload)
    assert err.value.field == field and "dam row 1" in str(err.value)
    assert "\n" not in str(err.value)


def test_renamed_dam_block_and_container_are_refused():
    payload = json.loads(DAY2.read_text(encoding="utf-8"))
    payload["data"]["dam_daily"][0]["dam"]["name"] = payload["data"]["dam_daily"][0]["dam"].pop("dam_name")
    with pytest.raises(MissingFieldError, match="dam.dam_name"):
        parse_dams(payload)
    payload = json.loads(DAY2.read_text(encoding="utf-8"))
    payload["data"]["daily"] = payload["data"].pop("dam_daily")
    with pytest.raises(MissingFieldError, match="dam_daily"):
        parse_dams(payload)
    with pytest.raises(SourceFormatError, match="no rows"):
        parse_dams({"result": "OK", "data": {"dam_daily": []}})
    with pytest.raises(SourceUnavailable, match="ERROR"):
        parse_dams({"result": "ERROR", "data": {}})


# --- HTTP --------------------------------------------------------------------------------


def test_fetch_asks_for_the_large_dams_and_decodes():
    session = replay_session({URL: Reply(body=DAY1)})
    fetched = fetch_large_dams(session, URL)
    assert "dam_size=1" in session.replay_log[0].url
    assert len(parse_dams(fetched.payload)) == 4


@pytest.mark.parametrize(
    ("reply", "error"),
    [(Reply(status=500), SourceUnavailable), (Reply(body=b"<html>down</html>"), SourceFormatError)],
)
def test_fetch_failures_are_source_errors(reply, error):
    with pytest.raises(error):
        fetch_large_dams(replay_session({URL: reply}), URL)


# --- domain ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pct", "level", "colour"),
    [
        (100.01, 5, "#C70000"),
        (100.0, 4, "#FF0000"),
        (80.01, 4, "#FF0000"),
        (80.0, 3, "#003CFA"),
        (50.41, 3, "#003CFA"),
        (50.0, 2, "#00B050"),
        (30.01, 2, "#00B050"),
        (30.0, 1, "#FFC000"),
        (0.0, 1, "#FFC000"),
        (float("nan"), None, "#9E9E9E"),
    ],
)
def test_storage_scale_is_hiis_table(pct, level, colour):
    assert storage_scale(pct) == (level, colour)


@pytest.mark.parametrize(
    ("today", "yesterday", "jump"),
    [
        (2.0, 1.0, True),  # exactly +1 MCM and exactly 2x
        (3.0, 2.0, True),  # exactly +1 MCM and exactly 1.5x
        (1.0, 0.0, True),  # from nothing: +1 MCM
        (0.99, 0.0, False),  # less than 1 MCM more
        (4.5, 3.0, True),  # +1.5 and exactly 1.5x
        (4.49, 3.0, False),  # +1.49 but under 1.5x
        (3.9, 3.0, False),
        (1.3, 0.3, True),  # +1.0 in floating point (1.3 - 0.3 = 0.9999999999999999)
        (2.0, float("nan"), False),
        (float("nan"), 1.0, False),
    ],
)
def test_release_jump_edges(today, yesterday, jump):
    assert is_release_jump(today, yesterday) is jump


def test_basin_key_matches_thai_and_english_forms():
    assert basin_key("ลุ่มน้ำมูล") == basin_key(" ลุ่มน้ำ มูล ") == "มูล"
    assert basin_key("MAE NAM CHI") == basin_key("Chi Basin") == "chi"


# --- store and ingest --------------------------------------------------------------------


def test_save_is_idempotent_and_history_reads_back(engine):
    df = parse_dams(json.loads(DAY1.read_text(encoding="utf-8")))
    assert save_dams(engine, df, "thaiwater_dams") == 4
    assert save_dams(engine, df, "thaiwater_dams") == 4
    assert _count(engine) == 4
    save_dams(engine, parse_dams(json.loads(DAY2.read_text(encoding="utf-8"))), "thaiwater_dams")
    history = dam_history(engine, days=8, at=AT_DAY2)
    assert len(history) == 8
    sirindhorn = history[history["name_en"] == "Sirindhorn"].sort_values("data_date")
    assert sirindhorn["released_mcm"].tolist() == [1.0, 2.6]
    assert sirindhorn["data_date"].tolist() == [date(2026, 10, 8), date(2026, 10, 9)]
    assert dam_history(engine, days=1, at=AT_DAY2)["data_date"].unique().tolist() == [date(2026, 10, 9)]


def test_bad_frame_is_refused_without_writes(engine):
    df = parse_dams(json.loads(DAY1.read_text(encoding="utf-8"))).drop(columns=["released_mcm"])
    with pytest.raises(ValueError, match="released_mcm"):
        save_dams(engine, df, "thaiwater_dams")
    assert _count(engine) == 0


def test_job_is_discovered_with_interval_and_stale_limit(settings):
    assert discover_jobs()["thaiwater_dams"] is job
    assert job.interval(settings) == settings.dam_poll_s
    assert stale_limit("thaiwater_dams", settings) == timedelta(seconds=settings.dam_stale_s)


def test_ingest_the_recording_and_the_key_stations_basins_give_ubons_dams(settings, engine):
    """The dams come from the basins of the key stations as the water-level feed gives them."""
    ctx = IngestContext(settings, engine, None)
    assert run_job(ctx, job, from_file=_recorded_dams()).ok
    assert run_job(ctx, job, from_file=_recorded_dams()).ok  # replaying again writes nothing new
    assert _count(engine) == 35
    health = {h.source: h for h in read_health(engine)}["thaiwater_dams"]
    assert health.data_time == datetime(2020, 6, 28, 23, 0, tzinfo=UTC)  # 06:00 Bangkok of the report's day
    assert key_station_basins(engine, "34") == []  # no station stored yet: no basin, no dam
    assert run_job(ctx, water_job, from_file=_recorded_waterlevels()).ok
    assert key_station_basins(engine, "34") == ["ลุ่มน้ำชี", "ลุ่มน้ำมูล"]
    history = select_basin_dams(dam_history(engine, at=AT_2020), key_station_basins(engine, "34"))
    assert set(history["name_th"]) == UBON_DAMS
    status = dam_status(history, AT_2020, settings.dam_stale_s)
    assert len(status) == 9 and not status["stale"].any()
    sirindhorn = status.set_index("name_th").loc["สิรินธร"]
    assert sirindhorn["colour"] == "#003CFA" and sirindhorn["storage_pct"] == pytest.approx(50.41)
    assert math.isnan(sirindhorn["released_change_mcm"])  # one day recorded: no change to give
    late = dam_status(history, AT_2020 + timedelta(days=3), settings.dam_stale_s)
    assert late["stale"].all()


def test_poll_through_replay_and_a_jump_over_two_days(settings, engine):
    ctx = IngestContext(settings, engine, replay_session({URL: Reply(body=DAY1)}))
    assert run_job(ctx, job).ok
    ctx = IngestContext(settings, engine, replay_session({URL: Reply(body=DAY2)}))
    assert run_job(ctx, job).ok
    history = select_basin_dams(dam_history(engine, at=AT_DAY2), ["ลุ่มน้ำมูล", "ลุ่มน้ำชี"])
    assert "Bhumibol" not in set(history["name_en"])
    status = dam_status(history, AT_DAY2, settings.dam_stale_s).set_index("name_en")
    assert status.loc["Sirindhorn", "released_change_mcm"] == pytest.approx(1.6)
    assert status.loc["Sirindhorn", "spilled_change_mcm"] == pytest.approx(0.5)
    assert bool(status.loc["Sirindhorn", "release_jump"]) is True
    assert bool(status.loc["Ubol Ratana", "release_jump"]) is False  # +0.9
    assert bool(status.loc["Lam Pao", "release_jump"]) is False  # +1.2 but 1.4x


def test_a_renamed_reply_is_a_recorded_failure_and_keeps_the_last_good_rows(settings, engine, tmp_path):
    assert run_job(IngestContext(settings, engine, None), job, from_file=DAY1).ok
    payload = json.loads(DAY2.read_text(encoding="utf-8"))
    for row in payload["data"]["dam_daily"]:
        row["dam_release"] = row.pop("dam_released")
    bad = tmp_path / "renamed.json"
    bad.write_text(json.dumps(payload), encoding="utf-8")
    outcome = run_job(IngestContext(settings, engine, None), job, from_file=bad)
    assert not outcome.ok and "dam_released" in outcome.error
    assert _count(engine) == 4  # day 1 only: nothing of day 2 half-written
    offline = run_job(IngestContext(settings, engine, replay_session({})), job)  # unreachable
    assert not offline.ok and _count(engine) == 4
    health = {h.source: h for h in read_health(engine)}["thaiwater_dams"]
    assert health.last_error and health.last_success_at is not None


def test_status_of_an_empty_history_is_empty():
    assert dam_status(pd.DataFrame(columns=["dam_id", "data_date"]), AT_DAY2, 3600.0).empty
