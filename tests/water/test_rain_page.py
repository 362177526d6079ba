"""The 24-hour rainfall table on the water-levels page, with the recorded 2020 replies."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ingest.thaiwater as water_job
import ingest.thaiwater_rain as rain_job
from config import load_settings
from ingest import IngestContext
from store.db import make_engine, migrate
from store.rain import latest_rain
from tests.support.ci import reference_path
from tests.support.shell import open_at_its_url
from ui.rain import rain_table

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def recorded(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    ctx = IngestContext(settings, engine, None)
    water_job.run(ctx, from_file=reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json"))
    rain_job.run(ctx, from_file=reference_path("thaiwater", "hii_public_thailand_2020-06-29_rain24h.json"))
    return settings, engine


def test_rain_table_wettest_first_and_old_readings_never_current(recorded):
    settings, engine = recorded
    df = latest_rain(engine, settings.province_code, stale_after_s=settings.waterlevel_stale_s)
    table = rain_table(df, "en", datetime.now(UTC))
    assert len(table) == len(df) > 0
    values = [float(v) for v in table["Rain 24 h (mm)"] if v != "–"]
    assert values == sorted(values, reverse=True)
    assert set(table["Status"]) == {"Stale"}  # 2020 readings
    assert table["_colour"].isna().all()  # no HII colour on a stale reading


@pytest.mark.parametrize("lang, heading", [("th", "ฝนสะสม 24 ชั่วโมง"), ("en", "Rainfall in the last 24 hours")])
def test_water_levels_page_shows_the_rain_table(recorded, lang, heading):
    settings, engine = recorded
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    open_at_its_url(at, "pages/water_levels.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert heading in [s.value for s in at.subheader]
    rows = len(latest_rain(engine, settings.province_code, stale_after_s=settings.waterlevel_stale_s))
    assert any(len(d.value) == rows for d in at.dataframe)
