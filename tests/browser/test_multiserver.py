"""Past one machine: two Streamlit servers on different ports against one PostgreSQL
database. An officer signs in on server A and updates a checklist item; a viewer on
server B sees the change after a reload (within the pages' 10 s cache), and the history
on B names the officer. Sign-in, roles and session expiry are checked on the way."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from auth import SYSTEM
from store import checklists, users
from store.base import utcnow
from store.db import make_engine, migrate
from store.users import SessionRow
from tests.browser.conftest import wait_for_app
from tests.support.postgres import create_database, drop_database

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "flood_province_default.toml"
PASSWORD = "Ubon-flood-2026!"
NOTE = "Sandbags delivered to Warin market (from server A)"


@pytest.fixture(scope="module")
def shared_db():
    """A PostgreSQL database of this module's own, migrated, with an officer, a viewer
    and an open event."""
    url = create_database("floodroom_multi")
    migrate(url)
    engine = make_engine(url)
    users.create_user(engine, SYSTEM, "somchai", "Somchai (provincial officer)", "officer", PASSWORD)
    users.create_user(engine, SYSTEM, "governor.office", "Governor's office", "viewer", PASSWORD)
    template_id = checklists.load_template(engine, SYSTEM, TEMPLATE.read_text(encoding="utf-8"), str(TEMPLATE))
    event_id = checklists.open_event(engine, SYSTEM, "Mun flood drill", "34", ["3401", "3415"], template_id)
    yield url, engine, event_id
    engine.dispose()
    drop_database(url)


@pytest.fixture(scope="module")
def two_servers(shared_db, streamlit_server_factory, tmp_path_factory):
    url = shared_db[0]
    # English by default: the app's navigation drops ?lang= when switching pages (see the ops report)
    env = {"DATABASE_URL": url, "ALLOW_ANONYMOUS_VIEWER": "true", "DEFAULT_LANGUAGE": "en"}
    a = streamlit_server_factory(tmp_path_factory.mktemp("server-a"), env)
    b = streamlit_server_factory(tmp_path_factory.mktemp("server-b"), env)
    assert a != b
    return a, b


def via_navigation(page, server: str, label: str) -> None:
    """Open the app at its root and go to a page through the app's own navigation: a new
    URL would start a new Streamlit session (without the sign-in), and a deep link such as
    /account currently runs the page file without dashboard.py (see the ops report)."""
    page.goto(server + "/?lang=en")
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text(label, exact=True).click()
    wait_for_app(page)


def sign_in(page, server: str, username: str) -> None:
    via_navigation(page, server, "Sign in")
    page.get_by_role("textbox", name="User name").fill(username)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(re.compile("Signed in as")).first.wait_for(timeout=30000)


def open_checklists_in_session(page) -> None:
    """Go to the checklist board through the app's own navigation (a new URL would start a
    new Streamlit session, without the sign-in)."""
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Response checklists", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]item=\d+"), timeout=30000)
    wait_for_app(page)


def test_change_on_server_a_appears_on_server_b(two_servers, shared_db, browser, artifacts_dir):
    server_a, server_b = two_servers
    url, engine, event_id = shared_db
    officer = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    viewer = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page_a, page_b = officer.new_page(), viewer.new_page()
    try:
        sign_in(page_a, server_a, "somchai")
        open_checklists_in_session(page_a)
        item_id = int(re.search(r"[?&]item=(\d+)", page_a.url).group(1))
        before = checklists.get_item(engine, item_id)

        # server B, anonymous viewer: the same item, read only, no note yet
        via_navigation(page_b, server_b, "Response checklists")
        page_b.get_by_text("Read only").first.wait_for(timeout=30000)
        page_b.wait_for_url(re.compile(r"[?&]item=\d+"), timeout=30000)
        assert int(re.search(r"[?&]item=(\d+)", page_b.url).group(1)) == item_id
        assert page_b.get_by_text(NOTE).count() == 0

        # server A: the officer writes a note and saves
        page_a.get_by_label("Note").fill(NOTE)
        page_a.get_by_role("button", name="Save").click()
        page_a.get_by_text(f"Saved (version {before.version + 1})").wait_for(timeout=30000)
        page_a.screenshot(path=str(artifacts_dir / "multiserver-a-saved.png"), full_page=True)
        after = checklists.get_item(engine, item_id)
        assert after.note == NOTE and after.updated_by == "somchai"

        # server B: reload until the change shows (its own cache of the items lasts 10 s)
        saved_at = time.monotonic()
        while True:
            via_navigation(page_b, server_b, "Response checklists")
            page_b.get_by_text("Read only").first.wait_for(timeout=30000)
            if page_b.get_by_text(NOTE).count():
                break
            assert time.monotonic() - saved_at < 40, "server B did not show server A's change within 40 s"
            page_b.wait_for_timeout(2000)
        delay = time.monotonic() - saved_at
        # the history table (a canvas grid: its cells are in the DOM, not "visible") names the officer
        page_b.get_by_text("Somchai (provincial officer)").first.wait_for(state="attached", timeout=20000)
        page_b.screenshot(path=str(artifacts_dir / "multiserver-b-sees-change.png"), full_page=True)
        print(f"\nchange on A visible on B after {delay:.1f} s")
        history = checklists.item_history(engine, item_id)
        assert list(history["version"].astype(int)) == list(range(1, after.version + 1))
    finally:
        officer.close()
        viewer.close()


def test_viewer_cannot_edit_and_an_expired_session_signs_out(two_servers, shared_db, browser):
    server_a, _server_b = two_servers
    url, engine, _event_id = shared_db
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    try:
        sign_in(page, server_a, "governor.office")
        open_checklists_in_session(page)
        page.get_by_text("Read only").first.wait_for(timeout=30000)
        assert page.get_by_role("button", name="Save").count() == 0

        # end of shift: the session expires in the database; the next run signs the viewer out
        with Session(engine) as session, session.begin():
            session.execute(
                update(SessionRow)
                .where(SessionRow.username == "governor.office")
                .values(expires_at=utcnow() - timedelta(seconds=1))
            )
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Sign in", exact=True).click()
        page.get_by_role("textbox", name="User name").wait_for(timeout=30000)
        assert page.get_by_text("Signed in as").count() == 0
    finally:
        context.close()
