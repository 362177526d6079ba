"""The overview: headline counts from a hand-made snapshot, and the page on recorded data."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from briefing.snapshot import datum_duplicates
from config import load_settings
from data_sources.http import build_session
from ingest import IngestContext, run_job
from store.db import make_engine, migrate
from store.water_situation import latest_situation
from tests.support.ci import reference_path
from ui.overview import response_totals, station_counts

ROOT = Path(__file__).resolve().parents[2]


def _station(cls, trend, stale):
    return {
        "station_code": "X",
        "name_th": "x",
        "name_en": "x",
        "district_code": "3401",
        "lat": 15.2,
        "lon": 104.8,
        "level_msl": 110.0,
        "bank_msl": 112.0,
        "pct_capacity": 80.0,
        "situation_class": cls,
        "below_bank_m": 2.0,
        "trend": trend,
        "trend_3h_cm_h": 1.0,
        "observed_at": "2026-10-01T00:00:00+00:00",
        "stale": stale,
        "is_key": True,
    }


def test_station_counts_ignore_stale_readings():
    snapshot = {
        "stations": [
            _station("over_bank", "rising", False),
            _station("over_bank", "rising", True),
            _station("high", "steady", False),
            _station("normal", "rising", False),
        ]
    }
    assert station_counts(snapshot) == {"over_bank": 1, "high": 1, "rising": 2, "no_current": 1}


def test_response_totals_sum_over_districts():
    snapshot = {
        "checklist": {"event_id": 1, "name": "e"},
        "districts": [
            {
                "district_code": "3401",
                "report_time": None,
                "items_total": 10,
                "items_done": 5,
                "overdue_items": ["a", "b"],
            },
            {"district_code": "3415", "report_time": None, "items_total": 10, "items_done": 0, "overdue_items": []},
        ],
    }
    assert response_totals(snapshot) == (25.0, 2)
    assert response_totals({**snapshot, "checklist": None}) == (None, 0)


@pytest.fixture
def recorded_app(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    from ingest import thaiwater

    outcome = run_job(
        IngestContext(settings, engine, build_session()),
        thaiwater,
        reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json"),
    )
    assert outcome.ok, outcome.error
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60), engine, settings


@pytest.mark.parametrize("lang", ["th", "en"])
def test_overview_on_recorded_2020_data_shows_it_as_stale(recorded_app, lang):
    at, engine, settings = recorded_app
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    situation = latest_situation(engine, settings.province_code, stale_after_s=settings.waterlevel_stale_s)
    situation = situation[~datum_duplicates(situation)]  # a gauge read against its own datum is not a station
    metrics = {m.label: m.value for m in at.metric}
    no_current = "สถานีไม่มีข้อมูลปัจจุบัน" if lang == "th" else "Stations without a current reading"
    over_bank = "สถานีล้นตลิ่ง" if lang == "th" else "Stations over the bank"
    assert metrics[no_current] == str(int(situation["stale"].sum())) and int(metrics[no_current]) > 0
    assert metrics[over_bank] == "–"  # 2020 readings are years old: never counted as current, and unknown is not 0
    assert ("ไม่มีค่าระดับน้ำปัจจุบัน" if lang == "th" else "no current water-level reading") in [c.value for c in at.caption]
    stale_word = "ข้อมูลเก่า" if lang == "th" else "stale"
    assert any(stale_word in w.value for w in at.warning)
    assert datetime.now(UTC).year > 2020
