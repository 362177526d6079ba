"""The impact, entry and evacuation-centre pages in AppTest, from dashboard.py, in Thai and
English: real figures on screen, the empty state, sign-in required for entry, and the
form's review-then-confirm flow writing one report with who entered it."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from auth import SYSTEM, User
from config import load_settings
from ingest.gistda import read_saved_extent, store_flood_extent
from services.impact import import_impact, import_shelters
from store.db import make_engine, migrate
from store.impact import read_impact_reports
from tests.impact.conftest import FIXTURES
from tests.support.ci import reference_path
from ui import impact_state as keys
from ui.checklists_state import AUTH_TOKEN

ROOT = Path(__file__).resolve().parents[2]
ADMIN = User("admin1", "Admin One", "admin")


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    yield settings, engine
    engine.dispose()


@pytest.fixture
def seeded(env):
    settings, engine = env
    assert import_impact(engine, ADMIN, settings, FIXTURES / "en_district.csv", "en_district.csv").ok
    assert import_shelters(engine, ADMIN, settings, FIXTURES / "shelters.csv", "shelters.csv").ok
    store_flood_extent(engine, SYSTEM, read_saved_extent(FIXTURES / "gistda_page2.json"), None, "34", source="gistda")
    return settings, engine


def _app(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metric(at, text):
    return next(m for m in at.metric if text in m.label)


@pytest.mark.parametrize(
    "lang, people, title",
    [("th", "ราษฎรที่ได้รับผลกระทบ", "ผลกระทบจากอุทกภัยรายอำเภอ"), ("en", "Affected people", "Flood impact by district")],
)
def test_impact_page_shows_totals_change_zones_and_table(seeded, lang, people, title):
    at = _app("pages/impact.py", lang)
    assert at.title[0].value == title
    metric = _metric(at, people)
    assert metric.value == "5,910"  # 3401 at 3 Oct (4,500) + 3415 (1,150) + 3404 (260)
    assert metric.delta == "+900"  # 3401 went from 3,600 to 4,500
    table = at.dataframe[0].value
    assert len(table) == 3 and table.iloc[:, 0].str.startswith("3401").any()
    markdown = " ".join(m.value for m in at.markdown)
    assert "3401" in markdown  # the declared zone
    assert at.query_params[keys.QP_INDICATOR] == "affected_households"
    captions = " ".join(c.value for c in at.caption)
    assert "GISTDA" in captions or "gistda" in captions  # extent acquisition and source


def test_impact_page_map_with_boundaries_and_indicator_choice(seeded):
    settings, _ = seeded
    from geo.boundaries import import_boundary_file

    import_boundary_file(settings, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM)
    at = _app("pages/impact.py", "en")
    at.segmented_control(key=keys.INDICATOR).set_value("flooded_rai").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params[keys.QP_INDICATOR] == "flooded_rai"
    charts = at.get("plotly_chart")
    assert charts, "no map drawn"
    spec = charts[0].proto.spec
    assert "choroplethmap" in spec and "Satellite flood extent" in spec


def test_impact_page_empty_state(env):
    at = _app("pages/impact.py", "th")
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.code)
    assert "ยังไม่มีข้อมูลรายงานผลกระทบ" in text and "python manage.py import-impact" in text


@pytest.mark.parametrize("lang, text", [("th", "ต้องเข้าสู่ระบบ"), ("en", "Sign in as an officer")])
def test_entry_page_needs_sign_in(env, lang, text):
    at = _app("pages/impact_entry.py", lang)
    assert any(text in w.value for w in at.warning)
    assert not at.get("form")


def _signed_in(engine, username, role, districts=()):
    from store.users import create_user, start_session

    user = create_user(
        engine, SYSTEM, username, username.title(), role, "a-long-enough-pass phrase 42", districts=districts
    )
    return start_session(engine, user, 3600)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_entry_form_review_then_confirm(seeded, lang):
    settings, engine = seeded
    token = _signed_in(engine, "warin", "officer", ("3415",))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.session_state[AUTH_TOKEN] = token
    at.run()
    at.switch_page("pages/impact_entry.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key=keys.FORM_DISTRICT).options == [
        "3415 " + ("วารินชำราบ" if lang == "th" else "Warin Chamrap")
    ]
    people = next(n for n in at.number_input if n.key.startswith(keys.FORM_FIELD_PREFIX + "affected_people_"))
    assert people.value == 1150  # starts from the previous report
    people.set_value(1400)
    at.button(key=keys.FORM_SUBMIT).click().run()
    assert not at.exception, [e.value for e in at.exception]
    diff = at.table[0].value
    assert len(diff) == 1 and list(diff.iloc[0])[1:] == [1150, 1400]
    at.button(key=keys.CONFIRM).click().run()
    assert not at.exception, [e.value for e in at.exception]
    stored = read_impact_reports(engine, "3415")
    assert len(stored) == 2 and stored.iloc[-1]["affected_people"] == 1400 and stored.iloc[-1]["entered_by"] == "warin"
    assert stored.iloc[-1]["source"] == "form"
    assert at.success


@pytest.mark.parametrize("lang, heading", [("th", "ศูนย์พักพิงผู้ประสบภัย"), ("en", "Evacuation centres")])
def test_shelters_page_lists_fullest_first(seeded, lang, heading):
    at = _app("pages/shelters.py", lang)
    assert at.title[0].value == heading
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0])[:2] == ["ศาลาประชาคมวาริน", "โรงเรียนบ้านท่าบ่อ"]  # 105 %, then 90 %
    assert len(table) == 3  # the closed centre is hidden by default
    assert at.get("plotly_chart")
    at.toggle(key=keys.SHELTER_OPEN_ONLY).set_value(False).run()
    assert len(at.dataframe[0].value) == 4


def test_shelters_page_empty_state(env):
    at = _app("pages/shelters.py", "en")
    assert "python manage.py import-shelters" in " ".join(c.value for c in at.code)


def test_figures_with_district_outlines():
    """The map builders on two square 'districts' (what the pages get from geo.display)."""
    import pandas as pd

    from domain.shelters import rank_shelters
    from store.impact import ExtentLayer
    from ui.impact_map import choropleth_figure
    from ui.shelters import shelter_map_figure

    def square(code, x):
        ring = [[x, 15.0], [x + 0.1, 15.0], [x + 0.1, 15.1], [x, 15.1], [x, 15.0]]
        return {
            "type": "Feature",
            "properties": {"district_code": code},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }

    geojson = {"type": "FeatureCollection", "features": [square("3401", 104.8), square("3415", 104.9)]}
    centres = rank_shelters(
        pd.DataFrame(
            {
                "name": ["a"],
                "district_code": ["3401"],
                "lat": [15.05],
                "lon": [104.85],
                "capacity": [100],
                "people_now": [95],
                "closed_on": [None],
                "water": [True],
                "toilets": [True],
                "medical": [False],
                "opened_on": [None],
            }
        ),
        pd.Timestamp("2022-10-01").date(),
    )
    fig = shelter_map_figure(centres, "en", "white-bg", geojson)
    assert [trace.type for trace in fig.data] == ["scattermap", "scattermap"] and fig.data[
        0
    ].mode == "lines"  # outlines under the points
    frame = pd.DataFrame({"district_code": ["3401", "3415"], "name": ["A", "B"], "affected_people": [10.0, None]})
    layer = ExtentLayer("gistda", pd.Timestamp("2022-10-02").date(), '{"type":"FeatureCollection","features":[]}', 0)
    fig = choropleth_figure(frame, geojson, "affected_people", "en", "white-bg", layer)
    assert [trace.type for trace in fig.data] == ["choroplethmap", "choroplethmap"]
    districts = fig.data[0]
    assert list(districts.colorbar.ticktext) == ["no report", "≤ 10"] and list(districts.z) == [
        1,
        0,
    ]  # 3401: 10, 3415: no report
    assert fig.data[-1].name == "Satellite flood extent 2 Oct 2022"


def test_gistda_key_never_reaches_a_page(seeded, monkeypatch):
    """A failed GISTDA poll with a key set: the impact and sources pages show the failure,
    never the key."""
    from dataclasses import replace

    from ingest import IngestContext, run_job
    from ingest import gistda as gistda_job
    from tests.support.replay import Reply, replay_session

    settings, engine = seeded
    key = "PAGEKEY-5d1c07"
    monkeypatch.setenv("GISTDA_API_KEY", key)
    url = settings.gistda_base_url + "1day"
    outcome = run_job(
        IngestContext(
            replace(settings, gistda_api_key=key),
            engine,
            replay_session({url: Reply(status=401, body=f"bad key {key}")}),
        ),
        gistda_job,
    )
    assert not outcome.ok
    for page in ("pages/impact.py", "pages/sources.py"):
        at = _app(page, "en")
        texts = [str(getattr(e, "value", "")) for e in at.main] + [str(getattr(e, "value", "")) for e in at.sidebar]
        shown = "\n".join(texts) + "\n".join(str(e.proto) for e in at.main)
        assert key not in shown, page
        if page == "pages/sources.py":
            assert "HTTP 401" in shown  # the failure itself is on the page


def test_entry_form_refuses_evacuated_above_affected(seeded):
    settings, engine = seeded
    token = _signed_in(engine, "admin2", "admin")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.session_state[AUTH_TOKEN] = token
    at.run()
    at.switch_page("pages/impact_entry.py").run()
    assert len(at.selectbox(key=keys.FORM_DISTRICT).options) == 25  # an admin may write every district
    at.selectbox(key=keys.FORM_DISTRICT).set_value("3404").run()
    evacuated = next(n for n in at.number_input if n.key.startswith(keys.FORM_FIELD_PREFIX + "evacuated_people_"))
    evacuated.set_value(999)
    at.button(key=keys.FORM_SUBMIT).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "999 evacuated is more than the 260 affected" in " ".join(c.value for c in at.code)
    assert keys.PENDING not in at.session_state and not at.table
    assert len(read_impact_reports(engine, "3404")) == 1


def test_impact_page_steps_back_to_an_earlier_report(seeded):
    at = _app("pages/impact.py", "en")
    slider = at.select_slider(key=keys.REPORT_TIME)
    assert slider.options == ["1 Oct 2022 09:00", "3 Oct 2022 09:00"]  # shown formatted
    slider.set_value("2022-10-01T09:00").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params[keys.QP_REPORT] == "2022-10-01T09:00"
    metric = _metric(at, "Affected people")
    assert (
        metric.value == "5,010" and not metric.delta
    )  # 3,600 + 1,150 + 260 at the first report time; nothing before it
    assert any("not the latest" in i.value for i in at.info)


def test_impact_exports_are_built_only_on_click(seeded, monkeypatch):
    """The CSV and XLSX behind the download buttons are not built on a rerun (60-300 ms on the
    bench season); Streamlit runs the callable when a button is clicked."""
    import ops.exports

    built = []
    monkeypatch.setattr(ops.exports, "export_bytes", lambda table, fmt, sheet="data": built.append(fmt) or b"")
    at = _app("pages/impact.py", "en")
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["Download CSV", "Download Excel"]
    assert built == []
