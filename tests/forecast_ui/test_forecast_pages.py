"""The water page and the overview with a stored forecast (the constructed M.7 season through
services.forecast), from dashboard.py, in Thai and English: the hydrograph's band, median and
model label, and one sentence per key station."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from config import load_settings
from i18n import t
from store.db import make_engine, migrate
from tests.forecast_ui.stored import store_m7_season
from tests.support.shell import open_at_its_url

ROOT = Path(__file__).resolve().parents[2]
AT = "2022-09-10T08:00"  # a replay, one hour after the last reading (Bangkok)


@pytest.fixture
def stored(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    store_m7_season(engine)
    engine.dispose()


def open_page(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["at"] = AT
    open_at_its_url(at, page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_water_page_draws_the_level_forecast(stored, lang):
    at = open_page("pages/water_levels.py", lang)
    assert at.selectbox(key="water_levels_station").value == "M.7"
    chart = next(
        json.loads(e.proto.spec) for e in at.main.children.values() if getattr(e, "type", "") == "plotly_chart"
    )
    names = [trace.get("name") for trace in chart["data"]]
    assert t("forecast.chart.median", lang) in names and t("forecast.chart.band", lang) in names
    notes = [a.get("text", "") for a in chart["layout"]["annotations"]]
    issued = "10 ก.ย. 2565 07:00" if lang == "th" else "10 Sep 2022 07:00"
    assert any(issued in n and n.startswith(t("forecast.chart.label_head", lang)) for n in notes), notes
    assert any(issued in m.value and "GloFAS" in m.value for m in at.markdown)  # the full label under the chart
    assert (
        t(
            "forecast.chart.impact",
            lang,
            level=113.0,
            text="city-side bank overtopped" if lang == "en" else "น้ำล้นตลิ่งฝั่งเมืองอุบลราชธานี",
        )
        in notes
    )
    text = markdown(at)
    crossing = "12 ก.ย. 2565" if lang == "th" else "12 Sep 2022"
    assert t("forecast.crossing", lang, bank="112.00", date=crossing) in text


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_overview_says_one_sentence_per_key_station(stored, lang):
    at = open_page("pages/overview.py", lang)
    assert f"**{t('forecast.heading', lang)}**" in [m.value for m in at.markdown]
    lines = next(m.value for m in at.markdown if m.value.startswith("- M.7")).split("\n")
    # M.7's forecast, then the four stations with nothing stored (no reading: the first input missing) on one line
    assert [line[2:].split(":")[0] for line in lines] == ["M.7", "M.11B, E.98, M.182, M.5"]
    crossing = t("forecast.crossing", lang, bank="112.00", date="12 ก.ย. 2565" if lang == "th" else "12 Sep 2022")
    assert crossing in lines[0]
    issued = "10 ก.ย. 2565 07:00" if lang == "th" else "10 Sep 2022 07:00"
    issued_at = t("forecast.issued_age", lang, time=issued, age="X").split("X")[0]
    assert t("forecast.label", lang, issued=issued_at, sources="X").split("(")[0] in lines[0]
    assert t("forecast.reason.no_observation", lang) in lines[1]
