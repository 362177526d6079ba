"""Issue 15, the replay of the 2020 ThaiWater recording at 2020-06-29T13:30 (Bangkok): ``?at=``
on every page, and ages measured against the replay time, never against today's clock."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from briefing import tables
from briefing.deck import deck_content
from briefing.snapshot import build_snapshot
from config import load_settings
from data_sources.http import build_session
from i18n import t
from ingest import IngestContext, run_job, thaiwater, thaiwater_rain
from store.db import make_engine, migrate
from store.health import record_attempt
from tests.support.ci import reference_path
from tests.support.shell import through_shell  # noqa: F401  (the fixture)
from ui.freshness import source_label

ROOT = Path(__file__).resolve().parents[2]
AT = "2020-06-29T13:30"
AT_UTC = datetime(2020, 6, 29, 6, 30, tzinfo=UTC)
LANGS = ("th", "en")


@pytest.fixture(scope="module")
def replayed_template(tmp_path_factory) -> Path:
    """The 2020 recordings ingested from file; boundaries imported today (after the replay
    time) and the GloFAS forecast tried but never fetched. Built once per module."""
    folder = tmp_path_factory.mktemp("replayed")
    settings = load_settings({"DATA_DIR": str(folder)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    ctx = IngestContext(settings, engine, build_session())
    for job, name in ((thaiwater, "waterlevel"), (thaiwater_rain, "rain24h")):
        outcome = run_job(ctx, job, reference_path("thaiwater", f"hii_public_thailand_2020-06-29_{name}.json"))
        assert outcome.ok, outcome.error
    record_attempt(engine, "boundaries", ok=True, rows=25)
    record_attempt(engine, "open_meteo_flood", ok=False, error="timed out")
    engine.dispose()
    return folder


@pytest.fixture
def replayed(replayed_template, tmp_path, monkeypatch, through_shell):
    """A copy of the replayed store for the test."""
    shutil.copytree(replayed_template, tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    engine = make_engine(settings.database_url)
    yield engine, settings
    engine.dispose()


def open_page(page: str, lang: str, params: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def stale_banners(at, lang: str, source: str) -> list[str]:
    head = t("fresh.banner", lang, source=source_label(source, lang), age="\x00").split("\x00")[0]
    return [w.value for w in at.warning if w.value.startswith(head)]


@pytest.mark.parametrize("lang", LANGS)
def test_overview_honours_at_and_shows_m7_normal_and_current(replayed, lang):
    at = open_page("pages/overview.py", lang, {"at": AT})
    table = at.dataframe[0].value
    table = getattr(table, "data", table)  # a Styler
    m7 = table[table[t("phone.col.station", lang)] == "M.7"].iloc[0]
    assert m7[t("phone.col.class", lang)] == t("water.class.normal", lang)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("overview.over_bank", lang)] == "0"  # current readings at 13:30: known, and none over the bank
    assert not stale_banners(at, lang, "thaiwater")  # the 06:00 and 13:10 readings are not "2,351 days" old at 13:30


def test_overview_bad_at_warns_once_and_shows_the_live_view(replayed):
    at = open_page("pages/overview.py", "en", {"at": "yesterday"})
    assert [w.value for w in at.warning].count(t("water.at.invalid", "en", value="yesterday")) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_wall_screen_honours_at(replayed, lang):
    at = open_page("pages/briefing.py", lang, {"screen": "1", "at": AT, "view": "stations"})
    html = "".join(m.value for m in at.markdown)
    row = html[html.index("M.7</td>") :].split("</tr>")[0]
    assert t("water.class.normal", lang) in row and f"{t('water.class.unknown', lang)}<" not in row


@pytest.mark.parametrize("lang", LANGS)
def test_station_map_banner_is_judged_as_of_the_replay(replayed, lang):
    at = open_page("pages/station_map.py", lang, {"at": AT})
    assert not stale_banners(at, lang, "thaiwater")
    live = open_page("pages/station_map.py", lang, {})
    assert stale_banners(live, lang, "thaiwater")  # live, the 2020 feed is stale: the banner still says so


def test_rain_table_is_current_at_the_replay_time(replayed):
    at = open_page("pages/water_levels.py", "en", {"at": AT})
    rain = next(d.value for d in at.dataframe if t("rain.col.mm", "en") in d.value.columns)
    status = rain[t("rain.col.status", "en")]
    assert len(status) and (status == t("status.ok", "en")).sum() > 0  # 12:00 readings are 1.5 h old at 13:30


@pytest.mark.parametrize("lang", LANGS)
def test_deck_ages_and_sources_against_the_replay_time(replayed, lang):
    engine, settings = replayed
    snapshot = build_snapshot(engine, settings, AT_UTC)
    slides = {s.name: s for s in deck_content(snapshot, None, None, lang, {})}
    for name in ("map", "stations"):
        assert slides[name].captions and not any(stale for _, stale in slides[name].captions), name
    sources = slides["sources"].table.set_index(slides["sources"].table.columns[0])  # by source name
    status = sources.iloc[:, -1]
    assert status[source_label("boundaries", lang)] == t("briefing.status.newer", lang)  # imported today: not "older"
    assert (
        status[source_label("open_meteo_flood", lang)]
        == t("briefing.status.never", lang)
        == t("ops.status.never", lang)
    )
    assert status[source_label("thaiwater", lang)] == t("briefing.status.ok", lang)


def test_source_ages_are_measured_against_the_snapshot_time(replayed):
    engine, settings = replayed
    snapshot = build_snapshot(engine, settings, AT_UTC)
    water = next(s for s in snapshot["sources"] if s["source"] == "thaiwater")
    assert water["age_s"] < timedelta(days=1).total_seconds() and not water["stale"]
    boundaries = next(s for s in snapshot["sources"] if s["source"] == "boundaries")
    assert boundaries["newer"] and boundaries["age_s"] is None and not boundaries["stale"]


# ---- who saved, who entered: the built-in actors worded in the page's language ----------------


@pytest.mark.parametrize("lang", LANGS)
def test_changes_page_words_the_automatic_actor(replayed, lang):
    from auth import SYSTEM
    from store.briefings import save_briefing

    engine, settings = replayed
    save_briefing(engine, SYSTEM, build_snapshot(engine, settings, AT_UTC), title="replay")
    at = open_page("pages/changes.py", lang, {})
    shown = " ".join(at.selectbox[0].options) + " ".join(m.value for m in at.markdown)
    assert t("actor.system", lang) in shown
    if lang == "th":
        assert SYSTEM.display_name not in shown


@pytest.mark.parametrize("lang, word", [("th", "บรรทัดคำสั่ง"), ("en", "command line")])
def test_cli_actor_is_worded(lang, word):
    from i18n import actor_name

    assert actor_name("cli:root", lang) == t("actor.cli", lang, user="root") and word in actor_name("cli:root", lang)
    assert actor_name("Command line", lang) == t("actor.cli_plain", lang)
    assert actor_name("somchai", lang) == "somchai"


# ---- "unknown" always with its reason -------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_station_map_says_why_a_station_is_unknown(replayed, lang):
    from tests.support.vega import chart_parts

    at = open_page("pages/station_map.py", lang, {"at": AT})
    _, datasets = chart_parts(at.get("vega_lite_chart")[0].proto)
    points = datasets["points"]
    unknown = points[points["class_label"] == t("water.class.unknown", lang)]
    assert len(unknown) >= 5  # 8 of 13 in the recording have a level but no % capacity
    reasons = (
        t("water.flag.no_ground", lang).split(":")[0],
        t("water.flag.no_class_ground", lang, below="\x00").split(":")[0],
        t("water.flag.no_bank", lang),
        t("water.flag.no_class_bank", lang).split(":")[0],
        t("water.map.reason.no_level", lang),
    )
    for text in unknown["pct_text"]:
        assert any(r in text for r in reasons), text  # the tooltip's capacity line says why, not a bare "–"
    panel = [m.value for m in at.markdown if m.value.startswith("**M.") or m.value.startswith("**E.")]
    unknown_blocks = [b for b in panel if t("water.class.unknown", lang) in b]
    assert unknown_blocks and all(any(r in b.replace("\\", "") for r in reasons) for b in unknown_blocks), (
        unknown_blocks
    )  # markdown escapes "_"


@pytest.mark.parametrize("lang", LANGS)
def test_deck_says_why_the_forecast_column_is_empty(replayed, lang):
    engine, settings = replayed
    snapshot = build_snapshot(engine, settings, AT_UTC)
    stations = next(s for s in deck_content(snapshot, None, None, lang, {}) if s.name == "stations")
    column = t("briefing.col.forecast", lang)
    assert set(stations.table[column]) == {"–"}  # GloFAS was tried, never fetched
    expected = t("briefing.forecast.none", lang, column=column, source=source_label("open_meteo_flood", lang))
    assert (expected, False) in stations.captions
    with_forecast = {
        **snapshot,
        "stations": [{**s, "forecast_peak_m3s": 120.0} if s["is_key"] else s for s in snapshot["stations"]],
    }
    assert tables.forecast_reason(with_forecast, lang) is None


@pytest.mark.parametrize("page", ["pages/water_levels.py", "pages/station_map.py"])
def test_source_captions_give_the_age_at_the_replay_time(replayed, page):
    from ui.freshness import caption_for

    at = open_page(page, "en", {"at": AT})
    newest = datetime(2020, 6, 29, 6, 10, tzinfo=UTC)  # the 13:10 telemetry, 20 min before the replay time
    assert caption_for("thaiwater", newest, False, "en", now=AT_UTC) in [c.value for c in at.caption]


def test_briefing_page_replays_and_links_the_wall_to_the_same_time(replayed):
    at = open_page("pages/briefing.py", "en", {"at": AT})
    assert any("screen=1" in m.value and f"at={AT}" in m.value for m in at.markdown)
