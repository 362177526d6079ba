"""The water-levels page of issue 15, from dashboard.py with the recorded 2020 ThaiWater reply
(one reading per station): the first key station by default, a time axis over the chosen
window with Buddhist-era dates in Thai, no "None" in the table, one stale warning not four."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ingest.thaiwater as job
from config import load_settings
from i18n.timefmt import time_axis_ticks
from ingest import IngestContext, run_job
from store.db import make_engine, migrate
from tests.foundation.test_whole_pages import shown_frame
from tests.support.ci import reference_path
from tests.support.shell import open_at_its_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def recorded(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    assert run_job(
        IngestContext(settings, engine, None),
        job,
        from_file=reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json"),
    ).ok
    engine.dispose()


def open_levels(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    open_at_its_url(at, "pages/water_levels.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def hydrograph(at: AppTest) -> dict:
    charts = [json.loads(e.proto.spec) for e in at.main.children.values() if getattr(e, "type", "") == "plotly_chart"]
    return charts[0]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_first_key_station_is_shown_first(recorded, lang):
    at = open_levels(lang)
    assert at.selectbox(key="water_levels_station").value == "M.7"


@pytest.mark.parametrize(("lang", "year", "other"), [("th", "2563", "2020"), ("en", "2020", "2563")])
def test_a_single_reading_gets_the_chosen_window_with_era_dates(recorded, lang, year, other):
    axis = hydrograph(open_levels(lang))["layout"]["xaxis"]
    start, end = (datetime.fromisoformat(v) for v in axis["range"])
    assert (
        timedelta(days=7) <= end - start <= timedelta(days=7.5)
    )  # the default window (and a margin), not 2 ms around one point
    labels = " ".join(axis["ticktext"])
    assert year in labels and other not in labels, labels


def test_the_table_shows_a_dash_for_what_is_missing_and_one_warning_says_stale(recorded):
    at = open_levels("th")
    frame = shown_frame(
        next(e for e in at.main.children.values() if getattr(e, "type", "") in ("dataframe", "arrow_data_frame"))
    )
    cells = {str(v) for column in frame.columns for v in frame[column].tolist() if not isinstance(v, bool)}
    assert "–" in cells and not cells & {"None", "nan", "NaT"}
    assert len(at.warning) == 1, [w.value for w in at.warning]


def test_axis_ticks_follow_the_span_and_say_the_date_where_the_day_changes():
    end = datetime(2020, 6, 28, 23, 0, tzinfo=UTC)  # 06:00 on 29 June in Bangkok
    values, labels = time_axis_ticks(end - timedelta(days=2), end, "th")
    assert labels[0] == "06:00<br>27 มิ.ย. 2563" and "00:00<br>28 มิ.ย. 2563" in labels and "12:00" in labels
    assert values[-1] == datetime(2020, 6, 29, 6, 0) and len(values) <= 9  # at most 8 steps
    _, days = time_axis_ticks(end - timedelta(days=7), end, "en")
    assert days[0] == "23 Jun 2020" and days[-1] == "29 Jun 2020"
