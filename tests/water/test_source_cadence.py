"""Round 3, finding 3: ThaiWater's source freshness follows its stations' own cadences. A
province whose key stations are read daily at 06:00 is not "STALE — ThaiWater (4 h ago)" at
10:25 above rows that say "read daily at 06:00": the source is stale only once no station's
newest reading is current by its own cadence (``domain.freshness.assess``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from briefing.snapshot import build_snapshot
from config import load_settings
from domain.freshness import assess, stations_current_until
from store.db import make_engine, migrate
from store.health import HealthRow
from store.water_situation import latest_situation
from tests.support.shell import (
    open_at_its_url,
    through_shell,  # noqa: F401 - a fixture
)
from tests.water.daily_morning import KEY_CODES, NEXT_MISSED, NOW, NOW_PARAM, READ_AT, seed_daily_morning

ROOT = Path(__file__).resolve().parents[2]
H = timedelta(hours=1)


def _health(data_time):
    return HealthRow("thaiwater", data_time, data_time, None, None, 6, 10.0, data_time)


@pytest.mark.parametrize(
    ("ages_h", "limits_h", "now_h", "stale"),
    [
        ([0], [27], 4.4, False),  # one daily station, 4 h 25 min after its 06:00 reading
        ([0], [27], 27.5, True),  # its next reading is missed
        ([0, 0], [27, 1.25], 4.4, False),  # a telemetry station gone quiet does not make the source stale
        ([0, 0], [1.25, 3], 4.4, True),  # no station is current any more
        ([0, -2], [27, 1.25], 27.5, True),
    ],
)
def test_the_source_is_stale_only_when_no_station_is_current(settings, ages_h, limits_h, now_h, stale):
    stations = pd.DataFrame(
        {
            "observed_at": [READ_AT + a * H for a in ages_h],
            "stale_after_s": [lim * 3600.0 for lim in limits_h],
        }
    )
    until = stations_current_until(stations)
    fresh = assess(_health(READ_AT), settings, READ_AT + now_h * H, until)
    assert fresh.stale is stale
    # without stations the source keeps its fixed limit (WATERLEVEL_STALE_AFTER, 3 h by default)
    assert assess(_health(READ_AT), settings, READ_AT + now_h * H, None).stale is (now_h > 3)


def test_no_reading_gives_no_cadence_limit():
    assert stations_current_until(pd.DataFrame({"observed_at": [pd.NaT], "stale_after_s": [3600.0]})) is None
    assert stations_current_until(pd.DataFrame({"observed_at": [], "stale_after_s": []})) is None


def test_snapshot_sources_agree_with_the_stations_on_the_store(settings, engine):
    seed_daily_morning(engine)
    situation = latest_situation(engine, "34", at=NOW, stale_after_s=settings.waterlevel_stale_s)
    keys = situation.set_index("station_code").loc[list(KEY_CODES)]
    assert (keys["cadence"] == "daily").all() and not keys["stale"].any()
    snapshot = build_snapshot(engine, settings, NOW)
    water = next(s for s in snapshot["sources"] if s["source"] == "thaiwater")
    assert water["stale"] is False and water["age_s"] == 15900  # 4 h 25 min
    later = build_snapshot(engine, settings, NEXT_MISSED)
    assert next(s for s in later["sources"] if s["source"] == "thaiwater")["stale"] is True


def _app_db(tmp_path, monkeypatch, **seed):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings({"DATA_DIR": str(tmp_path / "data")})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    seed_daily_morning(engine, **seed)
    return engine


@pytest.fixture
def daily_db(tmp_path, monkeypatch, through_shell):
    """QA's morning on a fixed clock (the overview replays it with ``?at=``)."""
    engine = _app_db(tmp_path, monkeypatch)
    yield engine
    engine.dispose()


@pytest.fixture
def daily_db_live(tmp_path, monkeypatch, through_shell):
    """The same on the live clock, for pages without a replay: daily readings for four days,
    the last 4 h 25 min ago (whatever the hour, so the cadence is learnt from the history)."""
    read_at = (datetime.now(UTC) - (NOW - READ_AT)).replace(second=0, microsecond=0)
    engine = _app_db(tmp_path, monkeypatch, read_at=read_at, days=4)
    yield engine
    engine.dispose()


STALE_WORDS = {"en": "is stale", "th": "ไม่เป็นปัจจุบัน"}


def _page(page: str, lang: str, at_param: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    if at_param:
        at.query_params["at"] = at_param
    open_at_its_url(at, page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["en", "th"])
def test_overview_has_no_stale_thaiwater_banner_above_current_daily_stations(daily_db, lang):
    at = _page("pages/overview.py", lang, NOW_PARAM)
    warnings = [w.value for w in at.warning]
    assert not any("ThaiWater" in w for w in warnings), warnings
    tiles = {m.label: m.value for m in at.metric}
    no_current = "Stations without a current reading" if lang == "en" else "สถานีไม่มีข้อมูลปัจจุบัน"
    assert tiles[no_current] == "1", tiles  # the silent telemetry station, not the daily key stations


@pytest.mark.parametrize("lang", ["en", "th"])
@pytest.mark.parametrize("page", ["pages/checklists.py", "pages/my_items.py", "pages/station_map.py"])
def test_river_pages_do_not_call_current_daily_stations_stale(daily_db_live, page, lang):
    at = _page(page, lang)
    warnings = [w.value for w in at.warning]
    assert not any("ThaiWater" in w for w in warnings), (page, warnings)


def test_the_banner_comes_once_the_daily_reading_is_missed(daily_db):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.query_params["at"] = (NEXT_MISSED + timedelta(hours=7)).replace(tzinfo=None).isoformat(timespec="minutes")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("ThaiWater" in w.value and "is stale" in w.value for w in at.warning), [w.value for w in at.warning]


def test_fixture_clock_is_in_the_past():
    assert NEXT_MISSED + timedelta(hours=7) < datetime.now(UTC)
