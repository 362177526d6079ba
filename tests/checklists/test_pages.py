"""Checklist board, my items and sign-in in AppTest, from dashboard.py, in Thai and English."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from auth import SYSTEM
from store import checklist_items, checklists, users
from store.db import make_engine, migrate
from tests.checklists.conftest import ADMIN, TEMPLATE

ROOT = Path(__file__).resolve().parents[2]
PW = "river-bank-112"
EVIL = "<script>alert('x')</script> ![boom](http://evil.example/x.png) **bold**"


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    """A migrated SQLite app database with the default template, an event and two officers."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("ALLOW_ANONYMOUS_VIEWER", raising=False)
    url = f"sqlite:///{tmp_path / 'floodroom.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    template_id = checklists.load_template(engine, SYSTEM, TEMPLATE.read_text(encoding="utf-8"))
    event_id = checklists.open_event(engine, ADMIN, "Mun flood 2026", "34", ["3401", "3415"], template_id)
    users.create_user(
        engine, SYSTEM, "somchai", "Somchai Local-Gov", "officer", PW, agencies=("local_gov",), districts=("3401",)
    )
    yield engine, event_id
    engine.dispose()


def _app(lang: str, page: str, token: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    if token:
        at.session_state["auth_session_token"] = token
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _item(engine, event_id, key, district):
    frame = checklists.items_frame(engine, event_id)
    return int(frame[(frame["item_key"] == key) & (frame["district_code"] == district)]["id"].iloc[0])


@pytest.mark.parametrize(
    "lang, heading, phase",
    [("th", "รายการเผชิญเหตุอุทกภัย", "เตรียมการ"), ("en", "Flood response checklists", "Preparedness")],
)
def test_board_for_the_anonymous_viewer(app_db, lang, heading, phase):
    at = _app(lang, "pages/checklists.py")
    assert at.title[0].value == heading
    assert any(s.value.startswith(phase) for s in at.subheader)
    assert len(at.dataframe) >= 5  # progress + one table per phase
    assert not at.get("form")  # read only: no update form
    assert any("Read only" in i.value or "ดูได้อย่างเดียว" in i.value for i in at.info)


def test_board_filters_come_from_the_url(app_db):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/checklists.py")
    at.query_params.update({"district": "3415", "phase": "response", "group": "district"})
    at.run()
    assert not at.exception
    assert [s.value.split(" (")[0] for s in at.subheader][:1] == ["Warin Chamrap"]
    board = at.dataframe[1].value
    assert set(board["District"]) == {"Warin Chamrap"} and set(board["Phase"]) == {"Response"}


def test_anonymous_viewing_can_be_switched_off(app_db, monkeypatch):
    monkeypatch.setenv("ALLOW_ANONYMOUS_VIEWER", "false")
    at = _app("en", "pages/checklists.py")
    assert any("requires sign-in" in w.value for w in at.warning)
    assert not at.dataframe


def test_officer_update_conflict_and_plain_text_note(app_db):
    engine, event_id = app_db
    token = users.start_session(engine, users.get_user(engine, "somchai"), 3600)
    iid = _item(engine, event_id, "open-evacuation-centres", "3401")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.session_state["auth_session_token"] = token
    at.run()
    at.switch_page("pages/checklists.py")
    at.query_params["item"] = str(iid)
    at.run()
    assert not at.exception
    at.selectbox(key=f"cl_edit_state_{iid}").set_value("in_progress")
    at.text_area(key=f"cl_edit_note_{iid}").input(EVIL)
    at.button(key=f"cl_edit_save_{iid}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    stored = checklists.get_item(engine, iid)
    assert (stored.state, stored.note, stored.version, stored.updated_by) == ("in_progress", EVIL, 2, "somchai")
    assert any(s.value == "Saved (version 2)" for s in at.success)
    # the note shows as text, never as markup
    assert any(EVIL in x.value for x in at.text)
    assert not any("evil.example" in m.value for m in at.markdown)
    # someone else changes the item; this officer's unsaved text is kept and the new state is shown
    checklist_items.update_item(engine, ADMIN, iid, 2, owner_person="Khun Nok", note="centre at Wat Nong Bua")
    at.text_input(key=f"cl_edit_owner_agency_{iid}").input("Mueang municipality")
    at.text_area(key=f"cl_edit_note_{iid}").input("my unsaved words")
    at.button(key=f"cl_edit_save_{iid}").click().run()
    assert not at.exception
    assert any("Changed by Admin One at" in w.value for w in at.warning)
    assert any(x.value == "centre at Wat Nong Bua" for x in at.text)
    assert at.text_area(key=f"cl_edit_note_{iid}").value == "my unsaved words"
    assert at.text_input(key=f"cl_edit_owner_person_{iid}").value == "Khun Nok"  # untouched field follows the new state
    assert checklists.get_item(engine, iid).version == 3
    # saving again applies the kept text on top of the new state
    at.button(key=f"cl_edit_save_{iid}").click().run()
    final = checklists.get_item(engine, iid)
    assert (final.version, final.note, final.owner_person, final.owner_agency) == (
        4,
        "my unsaved words",
        "Khun Nok",
        "Mueang municipality",
    )


@pytest.mark.parametrize("lang", ["th", "en"])
def test_my_items_and_account(app_db, lang):
    engine, event_id = app_db
    at = _app(lang, "pages/my_items.py")
    assert at.info and not at.dataframe  # not signed in
    token = users.start_session(engine, users.get_user(engine, "somchai"), 3600)
    at = _app(lang, "pages/my_items.py", token)
    table = at.dataframe[0].value
    assert len(table) == len(checklists.my_items(engine, users.get_user(engine, "somchai"), event_id)) > 0
    at = _app(lang, "pages/account.py", token)
    assert any("Somchai Local-Gov" in x.value for x in at.text)


def test_sign_in_form_and_rate_limit(app_db):
    at = _app("en", "pages/account.py")
    at.text_input(key="auth_login_username").input("somchai")
    at.text_input(key="auth_login_password").input("wrong-password")
    at.button(key="auth_login_submit").click().run()
    assert any("Wrong user name or password" in e.value for e in at.error)
    at.text_input(key="auth_login_password").input(PW)
    at.button(key="auth_login_submit").click().run()
    assert not at.exception
    assert any(s.value.startswith("Signed in as Somchai") for s in at.success), [s.value for s in at.success]
    assert any(x.value == "Somchai Local-Gov · somchai · officer" for x in at.text)


def test_sign_in_page_is_rate_limited(app_db):
    at = _app("en", "pages/account.py")
    for i in range(users.MAX_FAILURES):
        at.text_input(key="auth_login_username").input("somchai")
        at.text_input(key="auth_login_password").input(f"wrong-{i}")
        at.button(key="auth_login_submit").click().run()
    at.text_input(key="auth_login_password").input(PW)
    at.button(key="auth_login_submit").click().run()
    assert any("Too many failed attempts" in e.value for e in at.error)
    assert not at.success


def test_admin_opens_an_event_and_checks_triggers_from_the_board(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'floodroom.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    checklists.load_template(engine, SYSTEM, TEMPLATE.read_text(encoding="utf-8"))
    admin = users.create_user(engine, SYSTEM, "admin1", "Admin One", "admin", PW)
    at = _app("en", "pages/checklists.py", users.start_session(engine, admin, 3600))
    assert any("python manage.py open-event" in c.value for c in at.code)  # the empty state still says how
    at.text_input(key="cl_open_event_name").input("Mun flood, Oct")
    at.multiselect(key="cl_open_event_districts").set_value(["3401", "3419"])
    at.button(key="cl_open_event_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    events = checklists.list_events(engine)
    assert list(events["name"]) == ["Mun flood, Oct"] and events["districts"].iloc[0] == ["3401", "3419"]
    assert any(s.value.startswith("Preparedness") for s in at.subheader)
    at.button(key="cl_evaluate_triggers").click().run()
    assert any(i.value.startswith("0 items became due") for i in at.info)
    engine.dispose()


def _status_script():
    from ui.auth import render_auth_status

    render_auth_status("en")


def test_sidebar_status_and_sign_out(app_db):
    engine, _ = app_db
    token = users.start_session(engine, users.get_user(engine, "somchai"), 3600)
    at = AppTest.from_function(_status_script, default_timeout=60)
    at.session_state["auth_session_token"] = token
    at.session_state["shell_ran"] = True  # ui.context would otherwise send this lone script to dashboard.py
    at.run()
    assert not at.exception
    assert [x.value for x in at.sidebar.text] == ["Signed in: Somchai Local-Gov (officer)"]
    at.sidebar.button(key="auth_logout").click().run()
    assert not at.exception
    assert users.session_user(engine, token) is None
    assert any("Not signed in" in c.value for c in at.sidebar.caption)


def test_oidc_button_only_when_configured(app_db):
    at = _app("en", "pages/account.py")
    assert "auth_oidc_login" not in [b.key for b in at.button]
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "floodroom",
        "client_secret": "s",
        "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
    }
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/account.py").run()
    assert not at.exception
    assert "auth_oidc_login" in [b.key for b in at.button]
