"""The checklist editor always shows what is stored, and a save changes only what the
officer changed: after a page switch, an item switch or an error page (issue 14, finding 1)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import checklist_items, checklists, users
from tests.checklists.conftest import ADMIN
from tests.checklists.test_pages import app_db  # noqa: F401 - a fixture
from tests.support.shell import (
    open_at_its_url,
    through_shell,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.usefixtures("through_shell")  # every run goes through dashboard.py, as when served

ROOT = Path(__file__).resolve().parents[2]
DUE = datetime(2026, 10, 3, 11, 0, tzinfo=UTC)  # 18:00 in Bangkok
EVIDENCE = "https://example.org/photos/centre-1"


def _items(engine, event_id):
    frame = checklists.items_frame(engine, event_id)
    mine = frame[(frame["district_code"] == "3401") & (frame["agency"] == "local_gov")]
    return [int(i) for i in mine["id"]]


def _fill(engine, iid):
    """An item in progress with an owner, a due time, a note and evidence (as issue 14 found it)."""
    return checklist_items.update_item(
        engine,
        ADMIN,
        iid,
        checklists.get_item(engine, iid).version,
        state="in_progress",
        owner_agency="Mueang municipality",
        owner_person="Khun Nok",
        due_at=DUE,
        note="centre opened",
        evidence_url=EVIDENCE,
    )


def _signed_in(engine, page="pages/my_items.py", item=None) -> AppTest:
    token = users.start_session(engine, users.get_user(engine, "somchai"), 3600)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.session_state["auth_session_token"] = token
    open_at_its_url(at, page)
    if item is not None:
        at.query_params["item"] = str(item)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _form(at, iid) -> dict:
    return {
        "state": at.selectbox(key=f"cl_edit_state_{iid}").value,
        "owner_agency": at.text_input(key=f"cl_edit_owner_agency_{iid}").value,
        "owner_person": at.text_input(key=f"cl_edit_owner_person_{iid}").value,
        "has_due": at.checkbox(key=f"cl_edit_has_due_{iid}").value,
        "evidence_url": at.text_input(key=f"cl_edit_evidence_url_{iid}").value,
        "note": at.text_area(key=f"cl_edit_note_{iid}").value,
    }


STORED = {
    "state": "in_progress",
    "owner_agency": "Mueang municipality",
    "owner_person": "Khun Nok",
    "has_due": True,
    "evidence_url": EVIDENCE,
    "note": "centre opened",
}


def _save_note(at, engine, iid, note):
    at.text_area(key=f"cl_edit_note_{iid}").input(note)
    at.button(key=f"cl_edit_save_{iid}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    stored = checklists.get_item(engine, iid)
    assert (
        stored.state,
        stored.owner_agency,
        stored.owner_person,
        stored.due_at,
        stored.evidence_url,
        stored.note,
    ) == ("in_progress", "Mueang municipality", "Khun Nok", DUE, EVIDENCE, note)
    last = checklists.item_history(engine, iid).iloc[-1]
    assert set(last["changes"]) == {"note"}, last["changes"]


def test_page_switch_and_back_shows_the_stored_item_and_saves_only_the_note(app_db):
    engine, event_id = app_db
    at = _signed_in(engine)
    iid = int(
        at.selectbox(key="cl_history_item").options[1].split()[0].lstrip("#")
    )  # not the item a fresh page opens on
    _fill(engine, iid)
    at.selectbox(key="cl_history_item").set_value(iid).run()
    assert _form(at, iid) == STORED
    at.switch_page("pages/overview.py").run()
    at.query_params.clear()  # a browser's page switch drops the query parameters too
    at.switch_page("pages/my_items.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="cl_history_item").value == iid  # the item picked before, not the first one
    assert _form(at, iid) == STORED
    _save_note(at, engine, iid, "second centre opened")


def test_item_switch_and_back_shows_the_stored_item_and_saves_only_the_note(app_db):
    engine, event_id = app_db
    first, second = _items(engine, event_id)[:2]
    _fill(engine, first)
    at = _signed_in(engine, item=first)
    assert _form(at, first) == STORED
    at.selectbox(key="cl_history_item").set_value(second).run()
    assert not at.exception
    at.selectbox(key="cl_history_item").set_value(first).run()
    assert _form(at, first) == STORED
    _save_note(at, engine, first, "pump 2 running")


def test_submitted_but_refused_text_survives_a_page_switch_and_saves_alone(app_db):
    engine, event_id = app_db
    iid = _items(engine, event_id)[0]
    _fill(engine, iid)
    at = _signed_in(engine, item=iid)
    at.text_area(key=f"cl_edit_note_{iid}").input("boats sent to Ban Pho")
    at.text_input(key=f"cl_edit_evidence_url_{iid}").input("photos on the shared drive")  # not a link: refused
    at.button(key=f"cl_edit_save_{iid}").click().run()
    assert any("evidence link" in e.value for e in at.error)
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/my_items.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = _form(at, iid)
    assert shown == {**STORED, "note": "boats sent to Ban Pho", "evidence_url": "photos on the shared drive"}
    assert any("not saved yet" in i.value for i in at.info)
    at.text_input(key=f"cl_edit_evidence_url_{iid}").input("https://example.org/boats")
    at.button(key=f"cl_edit_save_{iid}").click().run()
    stored = checklists.get_item(engine, iid)
    assert (stored.note, stored.evidence_url, stored.state, stored.owner_person, stored.due_at) == (
        "boats sent to Ban Pho",
        "https://example.org/boats",
        "in_progress",
        "Khun Nok",
        DUE,
    )
    assert set(checklists.item_history(engine, iid).iloc[-1]["changes"]) == {"note", "evidence_url"}
    assert not any("not saved yet" in i.value for i in at.info)


def test_discarding_the_draft_shows_the_stored_item_again(app_db):
    engine, event_id = app_db
    iid = _items(engine, event_id)[0]
    _fill(engine, iid)
    at = _signed_in(engine, item=iid)
    at.text_input(key=f"cl_edit_evidence_url_{iid}").input("not a link")
    at.button(key=f"cl_edit_save_{iid}").click().run()
    at.button(key=f"cl_edit_discard_{iid}").click().run()
    assert not at.exception
    assert _form(at, iid) == STORED


def test_a_due_time_change_alone_is_sent_alone(app_db):
    engine, event_id = app_db
    iid = _items(engine, event_id)[0]
    _fill(engine, iid)
    at = _signed_in(engine, item=iid)
    at.selectbox(key=f"cl_edit_due_time_{iid}").set_value(time(20, 0))
    at.button(key=f"cl_edit_save_{iid}").click().run()
    stored = checklists.get_item(engine, iid)
    assert stored.due_at == datetime(2026, 10, 3, 13, 0, tzinfo=UTC)
    assert set(checklists.item_history(engine, iid).iloc[-1]["changes"]) == {"due_at"}


# Round 2, finding 1: the session ends while the officer is typing (a new password set
# elsewhere, or SESSION_TTL): the submitted text is kept for them, and for nobody else.


def _sign_in_again(at, username):
    at.switch_page("pages/account.py").run()
    at.text_input(key="auth_login_username").input(username)
    at.text_input(key="auth_login_password").input(NEW_PASSWORD if username == "somchai" else "warin-officer-pw-9")
    at.button(key="auth_login_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("pages/my_items.py").run()
    assert not at.exception, [e.value for e in at.exception]


NEW_PASSWORD = "another-river-pw-77"


def _end_by(engine, how):
    from sqlalchemy import text

    if how == "password":
        users.set_password(engine, ADMIN, "somchai", NEW_PASSWORD)
    else:  # SESSION_TTL passed
        with engine.begin() as conn:
            conn.execute(text("UPDATE user_sessions SET expires_at = '2000-01-01 00:00:00' WHERE username = 'somchai'"))
        users.set_password(engine, ADMIN, "somchai", NEW_PASSWORD)  # the test signs in again with a known password
        with engine.begin() as conn:  # ...without that change ending the session a second way
            conn.execute(text("UPDATE user_sessions SET ended_at = NULL WHERE username = 'somchai'"))


@pytest.mark.parametrize("how, why", [("password", "password was changed"), ("expired", "expired")])
def test_text_typed_when_the_session_ends_is_kept_for_the_same_officer(app_db, how, why):
    engine, event_id = app_db
    iid = _items(engine, event_id)[0]
    _fill(engine, iid)
    at = _signed_in(engine, item=iid)
    at.text_area(key=f"cl_edit_note_{iid}").input("boats sent to Ban Pho")
    _end_by(engine, how)
    at.button(key=f"cl_edit_save_{iid}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    said = " ".join(w.value for w in at.warning)
    assert "session ended" in said and why in said and "sign in again" in said and "your text is kept" in said, said
    assert checklists.get_item(engine, iid).note == "centre opened"  # nothing was saved
    _sign_in_again(at, "somchai")
    assert _form(at, iid) == {**STORED, "note": "boats sent to Ban Pho"}
    assert not any("session ended" in w.value for w in at.warning)
    at.button(key=f"cl_edit_save_{iid}").click().run()
    assert checklists.get_item(engine, iid).note == "boats sent to Ban Pho"
    assert set(checklists.item_history(engine, iid).iloc[-1]["changes"]) == {"note"}


def test_text_kept_after_a_session_end_is_never_shown_to_another_officer(app_db):
    from auth import SYSTEM

    engine, event_id = app_db
    users.create_user(
        engine,
        SYSTEM,
        "nok",
        "Nok Local-Gov",
        "officer",
        "warin-officer-pw-9",
        agencies=("local_gov",),
        districts=("3401",),
    )
    iid = _items(engine, event_id)[0]
    _fill(engine, iid)
    at = _signed_in(engine, item=iid)
    at.text_area(key=f"cl_edit_note_{iid}").input("somchai's private remark")
    _end_by(engine, "password")
    at.button(key=f"cl_edit_save_{iid}").click().run()
    _sign_in_again(at, "nok")
    assert _form(at, iid) == STORED
    assert not any("not saved yet" in i.value for i in at.info)
    assert "somchai's private remark" not in repr(at.main)


# Round 2, finding 8: a note-only save is not "in progress → in progress" in the history.


def test_the_history_lists_only_what_changed(app_db):
    engine, event_id = app_db
    iid = _items(engine, event_id)[0]
    _fill(engine, iid)
    at = _signed_in(engine, item=iid)
    _save_note(at, engine, iid, "pump 2 running")
    history = at.dataframe[-1].value
    last, filled = history.iloc[-1], history.iloc[-2]
    assert "→" not in last["Status: from → to"] and "In progress" not in last["Status: from → to"], last.to_dict()
    assert last["What changed"] == "Note"
    assert "→ In progress" in filled["Status: from → to"]
    assert filled["What changed"] == "Status, Owner agency, Owner (name, phone), Due, Note, Evidence link (http/https)"
