"""The briefing screen, the briefing page and 'what changed' in AppTest, from dashboard.py,
in Thai and English, on the 2020 replay."""

import re
from datetime import UTC
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from auth import SYSTEM
from store.briefings import list_briefings
from store.users import create_user, start_session
from tests.briefing.briefing_data import replay_store
from ui.briefing import DECK_BUILD, ROTATION, SAVE_BUTTON, SAVE_TITLE, SINCE_SELECT, VIEW_SELECT
from ui.checklists_state import AUTH_TOKEN

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def replay_app(settings, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    engine = replay_store(settings)
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.engine = engine
    return app


def _open(app, page, **params):
    app.query_params.update(params)
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _html(app) -> str:
    return "\n".join(m.value for m in app.markdown)


@pytest.mark.parametrize(
    "lang, province, year", [("th", "จังหวัดอุบลราชธานี", r"25\d\d"), ("en", "Ubon Ratchathani province", r"20\d\d")]
)
def test_screen_mode_shows_clock_and_rotates(replay_app, lang, province, year):
    app = _open(replay_app, "pages/briefing.py", screen="1", rotate="5", lang=lang)
    html = _html(app)
    assert "stToolbar" in html and "3.2vh" in html  # the screen CSS, sized by the viewport
    assert province in html
    assert re.search(r"fr-clock[^>]*>\d\d:\d\d:\d\d<", html)
    assert re.search(rf'fr-date">[^<]*{year}<', html)
    assert any("__frClockTimer" in h.value for h in app.html)  # ticked by the browser, not a rerun per second
    first = re.search(r'data-view="(\w+)"', html).group(1)
    app.run()  # a stray rerun at once: same view
    assert re.search(r'data-view="(\w+)"', _html(app)).group(1) == first and app.session_state[ROTATION][0] == 0
    app.session_state[ROTATION] = (0, 0.0)  # the last step is long past
    app.run()
    second = re.search(r'data-view="(\w+)"', _html(app)).group(1)
    assert first != second and app.session_state[ROTATION][0] == 1


def test_screen_mode_on_an_empty_store_says_what_is_missing(settings, monkeypatch):
    from store.db import migrate

    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    migrate(settings.database_url)
    app = _open(
        AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60),
        "pages/briefing.py",
        screen="1",
        rotate="x",
        lang="en",
    )
    assert "python manage.py ingest --source thaiwater" in " ".join(c.value for c in app.code)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_briefing_page_views_summary_and_card(replay_app, lang):
    app = _open(replay_app, "pages/briefing.py", lang=lang)
    assert app.get("download_button")  # the summary card
    summary = " ".join(c.value for c in app.code)
    assert "1784" in summary and ("อุบลราชธานี" if lang == "th" else "Ubon Ratchathani") in summary
    app.segmented_control(key=VIEW_SELECT).set_value("stations").run()
    assert not app.exception
    table = app.table[0].value
    assert "M.7" in table.index
    app.segmented_control(key=VIEW_SELECT).set_value("response").run()
    assert "เขื่องใน" in app.table[0].value.to_string() or "Khueang Nai" in app.table[0].value.to_string()


def test_officer_saves_a_briefing(replay_app):
    create_user(replay_app.engine, SYSTEM, "somsri", "สมศรี รักดี", "officer", "a-long-enough-password-1")
    token = start_session(replay_app.engine, SYSTEM.__class__("somsri", "สมศรี รักดี", "officer"), 3600)
    replay_app.session_state[AUTH_TOKEN] = token
    app = _open(replay_app, "pages/briefing.py", lang="th")
    app.text_input(key=SAVE_TITLE).set_value("บ่าย 29 มิ.ย.")
    app.button(key=SAVE_BUTTON).click().run()
    assert not app.exception
    saved = list_briefings(replay_app.engine, "34")
    assert len(saved) == 2 and saved.iloc[0]["saved_by_name"] == "สมศรี รักดี" and saved.iloc[0]["title"] == "บ่าย 29 มิ.ย."


def test_viewer_sees_no_save_button(replay_app):
    app = _open(replay_app, "pages/briefing.py", lang="th")
    assert not [b for b in app.button if b.key == SAVE_BUTTON]


@pytest.mark.parametrize("lang, declared", [("th", "ประกาศเขตการให้ความช่วยเหลือ"), ("en", "Disaster zone declared")])
def test_changes_page_ranks_changes_since_the_chosen_briefing(replay_app, lang, declared):
    app = _open(replay_app, "pages/changes.py", lang=lang)
    assert app.selectbox(key=SINCE_SELECT).value == int(list_briefings(replay_app.engine, "34")["id"].iloc[0])
    table = app.table[0].value
    assert declared in table.iloc[:, 0].tolist()
    assert "สมชาย ใจดี" in _html(app)


def test_changes_page_without_briefings_names_the_command(settings, monkeypatch):
    from store.db import migrate

    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    migrate(settings.database_url)
    app = _open(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60), "pages/changes.py", lang="th")
    assert "python manage.py save-briefing" in " ".join(c.value for c in app.code)


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("th", ("00:05:09", "วันพฤหัสบดีที่ 26 พฤศจิกายน 2569")),
        ("en", ("00:05:09", "Thursday 26 November 2026")),
    ],
)
def test_clock_is_bangkok_time_with_buddhist_era_in_thai(lang, expected):
    from datetime import datetime

    from ui.briefing import thai_clock

    assert thai_clock(datetime(2026, 11, 25, 17, 5, 9, tzinfo=UTC), lang) == expected


def test_card_is_drawn_only_on_click(replay_app, monkeypatch):
    """The summary card PNG (0.4-0.8 s to draw and encode) is not built on a rerun of the
    briefing page; the download button carries a callable that Streamlit runs on a click."""
    import briefing.card

    drawn = []
    monkeypatch.setattr(briefing.card, "render_card", lambda snapshot, lang="th": drawn.append(lang) or b"")
    app = _open(replay_app, "pages/briefing.py", lang="en")
    assert [b.proto.label for b in app.get("download_button")] == ["Download summary card (PNG)"]
    assert drawn == []


@pytest.mark.parametrize("lang, says", [("th", "ยังไม่ได้ติดตั้ง"), ("en", "Chromium, which is not installed")])
def test_briefing_page_says_the_deck_needs_chromium_instead_of_hanging(replay_app, monkeypatch, tmp_path, lang, says):
    """Found on a fresh machine: with no Chromium, kaleido's render thread died out of sight
    and 'Build the briefing deck' spun for ever. The page now says why, before the click."""
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium-here"))
    app = _open(replay_app, "pages/briefing.py", lang=lang)
    assert any(says in e.value and "make system-deps" in e.value for e in app.error), [e.value for e in app.error]
    assert not [b for b in app.button if b.key == DECK_BUILD]
    assert app.get("download_button")  # the summary card does not need Chromium: still offered
