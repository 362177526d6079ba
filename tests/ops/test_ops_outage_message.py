"""Round 2, findings 2 and 3: the outage message is honest (the text is kept in this tab,
not across a reload) and shows the kept text; it comes back by itself when the database
answers; the technical detail is for the administrator, apart from the plain sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from store import checklists, users
from store.db import make_engine
from store.health import database_answers
from tests.checklists.test_pages import app_db  # noqa: F401 - a fixture
from tests.support.shell import (
    open_at_its_url,
    through_shell,  # noqa: F401 - a fixture
)
from ui import context

pytestmark = pytest.mark.usefixtures("through_shell")
ROOT = Path(__file__).resolve().parents[2]
TYPED = "boats sent to Ban Pho, 40 families moved"


def _down(*_args, **_kwargs):
    raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))


def _officer_typing(engine, lang):
    iid = int(
        checklists.items_frame(engine, 1).query("district_code == '3401' and agency == 'local_gov'")["id"].iloc[0]
    )
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.session_state["auth_session_token"] = users.start_session(engine, users.get_user(engine, "somchai"), 3600)
    open_at_its_url(at, "pages/my_items.py")
    at.query_params["item"] = str(iid)
    at.run()
    at.text_area(key=f"cl_edit_note_{iid}").input(TYPED)
    return at, iid


@pytest.mark.parametrize(
    "lang, kept", [("en", "do not reload or close it until it is saved"), ("th", "อย่าโหลดหน้าใหม่หรือปิดแท็บ")]
)
def test_the_outage_message_is_honest_shows_the_kept_text_and_keeps_the_detail_apart(app_db, monkeypatch, lang, kept):
    engine, _event = app_db
    at, iid = _officer_typing(engine, lang)
    monkeypatch.setattr(users, "session_user", _down)  # the database goes away as Save is pressed
    at.button(key=f"cl_edit_save_{iid}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    plain = at.error[0].value
    assert kept in plain
    assert "OperationalError" not in plain and "manage.py" not in plain  # nothing an officer cannot act on
    assert TYPED in [x.value for x in at.text]  # shown as plain text, to see and copy
    detail = at.expander[0]
    assert (
        "OperationalError" in " ".join(c.value for c in detail.caption)
        and "python manage.py check" in detail.code[0].value
    )


def test_the_page_comes_back_by_itself_when_the_database_answers(app_db, monkeypatch):
    engine, _event = app_db
    at, iid = _officer_typing(engine, "en")
    real = users.session_user
    monkeypatch.setattr(users, "session_user", _down)
    at.button(key=f"cl_edit_save_{iid}").click().run()
    assert at.error and "do not reload" in at.error[0].value

    def back(eng):  # the next probe finds the database answering again
        monkeypatch.setattr(users, "session_user", real)
        return database_answers(eng)

    monkeypatch.setattr(context, "database_answers", back)
    monkeypatch.setattr(context, "PROBE_AFTER_S", -1.0)  # probe in this run rather than on the timer's next tick
    at.run()  # the timer's run of the probe; it reruns the whole page
    assert not at.exception, [e.value for e in at.exception]
    assert not any("do not reload" in e.value for e in at.error)
    assert at.text_area(key=f"cl_edit_note_{iid}").value == TYPED  # and the kept text is in the form


def test_database_answers_is_true_for_a_live_database_and_false_for_a_closed_port(engine):
    assert database_answers(engine) is True
    gone = make_engine("postgresql+psycopg://postgres@127.0.0.1:9/nowhere")
    assert database_answers(gone) is False
    gone.dispose()
