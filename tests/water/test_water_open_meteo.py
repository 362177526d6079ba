"""Open-Meteo: GloFAS flood reply (JSON array for several points) and the precipitation forecast."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

import ingest.open_meteo as flood_job
import ingest.open_meteo_rain as rain_job
from data_sources.errors import MissingFieldError, SourceFormatError, SourceUnavailable
from data_sources.open_meteo import fetch_flood, parse_flood, parse_precipitation
from ingest import IngestContext, run_job
from store.water import latest_forecast, latest_rain_forecast
from tests.support.ci import reference_path
from tests.support.replay import Reply, replay_session

FLOOD_URL = "https://flood-api.open-meteo.com/v1/flood"


@pytest.fixture(scope="module")
def glofas():
    return json.loads(
        reference_path(
            "thaiwater",
            "2026",
            "dizconnectz-fontokmai",
            "pipeline",
            "tests",
            "fixtures",
            "open_meteo",
            "glofas_14_points.json",
        ).read_text(encoding="utf-8")
    )


def test_parse_14_points_and_the_ubon_cell(glofas):
    codes = [f"P{i}" for i in range(14)]
    df = parse_flood(glofas, codes)
    assert len(df) == 14 * 37
    ubon = df[df["station_code"] == "P11"].set_index("date")
    assert ubon.loc[date(2026, 9, 20), "discharge"] == pytest.approx(2785.12)
    assert ubon["discharge"].idxmax() == date(2026, 9, 30) and ubon["discharge"].max() == pytest.approx(4829.59)
    assert ubon.loc[date(2026, 9, 30), "discharge_median"] == pytest.approx(4874.28)
    assert ubon.loc[date(2026, 9, 30), "p75"] == pytest.approx(4919.39)
    assert ubon["lat"].iloc[0] == pytest.approx(15.225006)


def test_count_mismatch_and_missing_field(glofas):
    with pytest.raises(SourceFormatError, match="14 location"):
        parse_flood(glofas, ["M.7"])
    broken = [dict(glofas[11], daily={k: v for k, v in glofas[11]["daily"].items() if k != "river_discharge"})]
    with pytest.raises(MissingFieldError, match="daily.river_discharge"):
        parse_flood(broken, ["M.7"])


def test_fetch_flood_one_request_for_all_points(glofas):
    session = replay_session({FLOOD_URL: Reply(body=json.dumps(glofas[:2]))})
    fetched = fetch_flood(session, FLOOD_URL, [(15.22, 104.86), (15.25, 105.24)])
    assert len(fetched.payload) == 2
    url = session.replay_log[0].url
    assert "latitude=15.22000%2C15.25000" in url and "past_days=7" in url and "forecast_days=30" in url
    with pytest.raises(SourceUnavailable, match="HTTP 500"):
        fetch_flood(replay_session({FLOOD_URL: Reply(status=500)}), FLOOD_URL, [(15.2, 104.8)])


def _at_key_stations(cell: dict) -> list[dict]:
    """SYNTHETIC: the recorded Ubon cell's reply moved to each key station's position (the
    recording has one Ubon cell; each station must get a reply for its own place)."""
    return [dict(cell, latitude=lat, longitude=lon) for _, lat, lon in flood_job.forecast_points("34")]


def test_flood_ingest_for_the_key_stations(settings, engine, glofas):
    session = replay_session({FLOOD_URL: Reply(body=json.dumps(_at_key_stations(glofas[11])))})
    outcome = run_job(IngestContext(settings, engine, session), flood_job)
    assert outcome.ok and outcome.rows == 5 * 37
    m7 = latest_forecast(engine, "M.7")
    assert len(m7) == 37 and m7["discharge"].max() == pytest.approx(4829.59)
    assert (m7["source"] == "open_meteo_flood").all() and m7["issued_at"].notna().all()
    bad = run_job(
        IngestContext(settings, engine, replay_session({FLOOD_URL: Reply(body=json.dumps(glofas))})), flood_job
    )
    assert not bad.ok and "14 locations; the key stations are 5" in bad.error
    assert len(latest_forecast(engine, "M.7")) == 37  # last good kept


def test_precipitation_parse_and_ingest(settings, engine, tmp_path):
    path = reference_path("thaiwater", "2026", "chanasakch-flood-monitor", "fixtures", "open-meteo.json")
    payload = json.loads(path.read_text(encoding="utf-8"))
    df = parse_precipitation(payload)
    assert len(df) == 72
    assert df["valid_at"].iloc[0] == datetime(2026, 9, 30, 17, 0, tzinfo=UTC)  # 00:00 Bangkok
    assert df["precipitation_mm"].notna().all() and df["probability_pct"].between(0, 100).all()
    # the recording is Bangkok's forecast: refused for Ubon, with both positions
    with pytest.raises(SourceFormatError, match=r"13\.743 N, 100\.496 E but 15\.224 N, 104\.859 E"):
        rain_job.run(IngestContext(settings, engine, None), from_file=path)
    assert latest_rain_forecast(engine, "34").empty
    # SYNTHETIC: the same reply snapped to the grid cell of Ubon's point (0.02° away) is taken
    ubon = tmp_path / "ubon.json"
    ubon.write_text(json.dumps(dict(payload, latitude=15.24, longitude=104.84)), encoding="utf-8")
    result = rain_job.run(IngestContext(settings, engine, None), from_file=ubon)
    assert result.rows == 72
    stored = latest_rain_forecast(engine, "34")
    assert len(stored) == 72 and stored["precipitation_mm"].sum() == pytest.approx(df["precipitation_mm"].sum())
    # issued: from the data (the start of 1 Oct 2026, Bangkok), never the file's modification time
    assert stored["issued_at"].iloc[0] == datetime(2026, 9, 30, 17, 0, tzinfo=UTC) == result.data_time


def test_flood_reply_for_another_place_is_refused_and_a_replay_is_dated_by_its_data(settings, engine, glofas, tmp_path):
    wrong = [glofas[8]] + _at_key_stations(glofas[11])[1:]  # Bangkok's cell (13.775 N, 100.425 E) answered for M.7
    outcome = run_job(
        IngestContext(settings, engine, replay_session({FLOOD_URL: Reply(body=json.dumps(wrong))})), flood_job
    )
    assert (
        not outcome.ok
        and "the reply for M.7 is for 13.775 N, 100.425 E but 15.224 N, 104.859 E was asked for" in outcome.error
    )
    assert latest_forecast(engine, "M.7").empty
    saved = tmp_path / "glofas.json"
    saved.write_text(json.dumps(_at_key_stations(glofas[11])), encoding="utf-8")
    result = flood_job.run(IngestContext(settings, engine, None), from_file=saved)
    # the reply's days start on 2026-09-20: issued no later than its first day (Bangkok midnight)
    assert result.data_time == datetime(2026, 9, 19, 17, 0, tzinfo=UTC)
    assert latest_forecast(engine, "M.7")["issued_at"].iloc[0] == result.data_time
    with pytest.raises(MissingFieldError, match="hourly"):
        parse_precipitation({"daily": {}})
