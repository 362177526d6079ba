"""Issue 16, the officer's phone, in AppTest from dashboard.py: an item's own link, sign-in
that returns to the link, item cards, the touch time list and the BE date beside the date."""

from __future__ import annotations

from datetime import time

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from i18n.timefmt import TH_MONTHS_FULL
from store import users
from tests.checklists.test_pages import PW, ROOT, _item, app_db  # noqa: F401  (the fixture)
from tests.support.shell import (
    open_at_its_url,
    through_shell,  # noqa: F401  (a fixture)
)
from ui import checklist_editor
from ui.auth import return_page
from ui.checklists import item_cards_html


def _open(lang: str, page: str, params: dict, token: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    if token:
        at.session_state["auth_session_token"] = token
    open_at_its_url(at, page)
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def shell_db(app_db, through_shell):
    """The app database, every run going through dashboard.py (its sign-in link and gate)."""
    return app_db


def _link(event_id: int, item_id: int) -> dict:
    return {"event": str(event_id), "item": str(item_id), "view": "item"}


def _sign_in(at: AppTest) -> AppTest:
    at.text_input(key="auth_login_username").input("somchai")
    at.text_input(key="auth_login_password").input(PW)
    at.button(key="auth_login_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_an_items_link_opens_the_item_with_its_form_before_its_history(shell_db):
    engine, event_id = shell_db
    iid = _item(engine, event_id, "open-evacuation-centres", "3401")
    token = users.start_session(engine, users.get_user(engine, "somchai"), 3600)
    at = _open("en", "pages/checklists.py", _link(event_id, iid), token)
    assert at.get("form"), "the update form is on the item's page"
    assert [d.value.columns[0] for d in at.dataframe] == ["Version"], "the item's history only: no board, no progress"
    assert not at.subheader  # no board groups
    assert at.selectbox(key=f"cl_edit_state_{iid}").value == "not_started"
    assert at.button(key="cl_item_page_back")


def test_a_link_to_a_missing_item_says_so(shell_db):
    engine, event_id = shell_db
    at = _open("en", "pages/checklists.py", _link(event_id, 999999))
    assert any("Item #999999 was not found" in w.value and "you may not see it" in w.value for w in at.warning)


def test_back_from_an_items_page_opens_the_board_on_that_item(shell_db):
    engine, event_id = shell_db
    iid = _item(engine, event_id, "open-evacuation-centres", "3415")
    at = _open("en", "pages/checklists.py", _link(event_id, iid))
    at.button(key="cl_item_page_back").click().run()
    assert not at.exception
    assert (
        "view" not in at.query_params
        and at.query_params["item"] == [str(iid)]
        or at.query_params.get("item") == str(iid)
    )
    assert any(s.value.startswith("Preparedness") for s in at.subheader)  # the board is back
    assert at.selectbox(key="cl_history_item").value == iid


@pytest.mark.parametrize("lang", ["th", "en"])
def test_signing_in_from_an_items_link_returns_to_the_item(shell_db, lang):
    engine, event_id = shell_db
    iid = _item(engine, event_id, "open-evacuation-centres", "3401")
    at = _open(lang, "pages/checklists.py", _link(event_id, iid))
    assert not at.get("form")  # a visitor reads only
    links = [p for p in at.get("page_link") if p.proto.label in ("Sign in to update", "เข้าสู่ระบบเพื่อแก้ไข")]
    assert len(links) == 1, "a sign-in link at the top of the page"
    # the link opens the sign-in page with the link's parameters and next=<page>
    at = _open(lang, "pages/account.py", {**_link(event_id, iid), "next": "checklists"})
    _sign_in(at)
    assert at.get("form") and at.selectbox(key=f"cl_edit_state_{iid}").value == "not_started", (
        "back on the item, signed in"
    )
    assert at.query_params.get("item") in (str(iid), [str(iid)]) and "next" not in at.query_params


def test_a_stranger_on_a_link_is_told_and_signing_in_opens_the_link(shell_db, monkeypatch):
    monkeypatch.setenv("ALLOW_ANONYMOUS_VIEWER", "false")
    engine, event_id = shell_db
    iid = _item(engine, event_id, "open-evacuation-centres", "3401")
    at = _open("en", "pages/checklists.py", _link(event_id, iid))
    assert any("you may not see this page until you sign in; then this link opens" in i.value for i in at.info)
    assert not at.dataframe
    _sign_in(at)
    assert at.selectbox(key=f"cl_edit_state_{iid}").value == "not_started"


@pytest.mark.parametrize(
    "params, expected",
    [
        (
            {"next": "checklists", "item": "5", "view": "item", "lang": "th"},
            ("pages/checklists.py", {"item": "5", "view": "item", "lang": "th"}),
        ),
        ({"next": "water_levels", "station": "M.7"}, ("pages/water_levels.py", {"station": "M.7"})),
        ({"next": "../dashboard"}, None),
        ({"next": "no_such_page"}, None),
        ({"next": "https://evil.example/"}, None),
        ({}, None),
    ],
)
def test_return_page_names_only_a_page_of_the_app(params, expected):
    assert return_page(params) == expected


def test_item_cards_are_links_with_escaped_text():
    items = pd.DataFrame(
        [
            {
                "id": 7,
                "event_id": 2,
                "title_en": "<img src=x onerror=alert(1)> pumps",
                "title_th": "x",
                "district_code": "3401",
                "state": "blocked",
                "due_at": pd.Timestamp("2026-10-03T11:00Z"),
                "overdue": True,
            }
        ]
    )
    html = item_cards_html(items, "34", "en")
    assert "<img" not in html and "&lt;img src=x" in html
    assert 'href="/checklists?event=2&amp;item=7&amp;view=item&amp;lang=en"' in html
    assert "Mueang Ubon Ratchathani · Blocked" in html and "due 3 Oct 2026 18:00" in html and "overdue" in html


def test_due_times_are_a_list_to_tap_that_keeps_an_off_grid_time():
    grid = checklist_editor.due_time_options(None)
    assert len(grid) == 48 and grid[0] == time(0, 0) and grid[-1] == time(23, 30)
    kept = checklist_editor.due_time_options(time(18, 17))
    assert len(kept) == 49 and kept.index(time(18, 17)) == kept.index(time(18, 30)) - 1


def test_the_due_date_is_also_given_in_the_buddhist_era(shell_db):
    engine, event_id = shell_db
    iid = _item(engine, event_id, "open-evacuation-centres", "3401")
    token = users.start_session(engine, users.get_user(engine, "somchai"), 3600)
    at = _open("th", "pages/checklists.py", _link(event_id, iid), token)
    shown = at.date_input(key=f"cl_edit_due_date_{iid}").value
    expected = f"วันที่ {shown.day} {TH_MONTHS_FULL[shown.month - 1]} {shown.year + 543}"
    assert expected in [c.value for c in at.caption], [c.value for c in at.caption]
