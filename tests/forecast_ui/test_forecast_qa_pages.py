"""The QA round on the forecast pages, from dashboard.py: a forecast 82 h old is aged and
marked stale on the overview and the water page's chart; the overview's forecast peak column
says it is a model value; a new GloFAS run shows at the next rerun (the cache is keyed on the
stored inputs, not only a TTL); English key-station names on the English overview."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from config import load_settings
from i18n import t
from i18n.timefmt import BANGKOK
from store.db import make_engine, migrate
from store.water import WaterObservation, WaterStation
from tests.forecast.history import add_model_run, add_readings
from tests.forecast_ui.stored import LAST, rating_q, store_m7_season
from tests.support.shell import open_at_its_url

ROOT = Path(__file__).resolve().parents[2]
STALE_AT = "2022-09-13T17:00"  # Bangkok: 82 h after the run issued 10 Sep 2022 07:00 (FORECAST_STALE_AFTER 36 h)


def _engine(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    migrate(settings.database_url)
    return make_engine(settings.database_url)


def open_page(page: str, lang: str, at: str | None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.query_params["lang"] = lang
    if at:
        app.query_params["at"] = at
    open_at_its_url(app, page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def chart_notes(app: AppTest) -> list[str]:
    chart = next(
        json.loads(e.proto.spec) for e in app.main.children.values() if getattr(e, "type", "") == "plotly_chart"
    )
    return [a.get("text", "") for a in chart["layout"]["annotations"]]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_overview_and_the_water_page_mark_an_82_hour_old_forecast(tmp_path, monkeypatch, lang):
    engine = _engine(tmp_path, monkeypatch)
    store_m7_season(engine)
    # readings go on for three more days (the gauge is current); no newer model run arrives
    times = [LAST + timedelta(hours=6 * i) for i in range(1, 14)]
    add_readings(engine, "st-m7", times, [110.9] * len(times), [rating_q(110.9)] * len(times))
    with engine.begin() as conn:
        conn.execute(update(WaterObservation).where(WaterObservation.station_id == "st-m7").values(source="thaiwater"))
    engine.dispose()
    age = "3 วันที่แล้ว" if lang == "th" else "3 days ago"
    mark = t("forecast.stale", lang, hours="36")
    app = open_page("pages/overview.py", lang, STALE_AT)
    line = next(m.value for m in app.markdown if m.value.startswith("- "))
    assert line.startswith(f"- {mark}M.7") and age in line
    # the forecast peak column is a model value, with its source, issue time and age, stale marked
    peak = [w.value for w in app.warning if "GloFAS" in w.value]
    assert peak and t("briefing.col.forecast", lang) in peak[0] and age in peak[0]
    app = open_page("pages/water_levels.py", lang, STALE_AT)
    label = next(n for n in chart_notes(app) if t("forecast.chart.label_head", lang) in n)
    assert label.startswith("⚠") and age in label


def test_a_new_glofas_run_shows_at_the_next_rerun(tmp_path, monkeypatch):
    engine = _engine(tmp_path, monkeypatch)
    last = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=2)
    store_m7_season(engine, last=last)
    app = open_page("pages/water_levels.py", "en", None)
    sentence = next(m.value for m in app.markdown if m.value.startswith("M.7:"))
    first = f"{last.astimezone(BANGKOK):%H:%M}"
    assert re.search(rf"issued \d+ \w+ \d{{4}} {first}", sentence), sentence
    newer = last + timedelta(hours=1)  # a new run lands (well within the loaders' 5 min TTL)
    add_model_run(engine, "M.7", newer, newer.astimezone(BANGKOK).date(), [rating_q(110.9) * 1.2] * 10)
    engine.dispose()
    app.run()
    sentence = next(m.value for m in app.markdown if m.value.startswith("M.7:"))
    assert f"{newer.astimezone(BANGKOK):%H:%M}" in sentence and f"issued {first}" not in sentence, sentence


def test_the_english_overview_names_the_key_stations_in_english(tmp_path, monkeypatch):
    engine = _engine(tmp_path, monkeypatch)
    store_m7_season(engine)
    with engine.begin() as conn:  # RID's feed: a Thai name only, as the QA's screen showed
        conn.execute(
            update(WaterStation)
            .where(WaterStation.station_id == "st-m7")
            .values(name_th="สะพานเสรีประชาธิปไตย", name_en=None, district_code="3401")
        )
    engine.dispose()
    app = open_page("pages/overview.py", "en", "2022-09-10T08:00")
    table = next(d.value for d in app.dataframe)
    frame = table.data if hasattr(table, "data") else table
    names = list(frame[t("phone.col.name", "en")])
    assert names == ["Mun, Mueang Ubon Ratchathani"], names  # the wall's English name
