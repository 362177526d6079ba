"""The checklist editor in a real browser (issue 14, findings 1 and 2): after a page switch,
an item switch and a database-outage page the form shows what is stored, a note-only save
changes only the note, and a note saved while the database is down is kept until it goes
through. The app runs on a private PostgreSQL that the test stops and starts."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from auth import SYSTEM, User
from store import checklist_items, checklists, users
from store.db import make_engine, migrate
from tests.browser.conftest import sign_in, wait_for_app
from tests.ops.privatepg import PrivatePostgres

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
PW = "river-bank-112"
DUE = datetime(2026, 10, 3, 11, 0, tzinfo=UTC)  # 18:00 in Bangkok
STORED = {
    "Owner agency": "Mueang municipality",
    "Owner (name, phone)": "Khun Nok",
    "Note": "centre opened",
    "Evidence link (http/https)": "https://example.org/photos/c1",
}


@pytest.fixture(scope="module")
def editor_app(streamlit_server_factory, tmp_path_factory):
    """A server on a private PostgreSQL; officer somchai (local government, 3401) and his
    first two items, the first in progress with an owner, a due time, a note and evidence."""
    pg = PrivatePostgres.create()
    url = pg.url()
    migrate(url)
    engine = make_engine(url)
    template_id = checklists.load_template(
        engine, SYSTEM, (ROOT / "templates" / "flood_province_default.toml").read_text(encoding="utf-8")
    )
    event_id = checklists.open_event(
        engine, User("admin1", "Admin One", "admin"), "Mun flood (editor)", "34", ["3401"], template_id
    )
    officer = users.create_user(
        engine, SYSTEM, "somchai", "Somchai Local-Gov", "officer", PW, agencies=("local_gov",), districts=("3401",)
    )
    first, second = (int(i) for i in checklists.my_items(engine, officer, event_id)["id"].head(2))
    checklist_items.update_item(
        engine,
        User("admin1", "Admin One", "admin"),
        first,
        1,
        state="in_progress",
        owner_agency=STORED["Owner agency"],
        owner_person=STORED["Owner (name, phone)"],
        due_at=DUE,
        note=STORED["Note"],
        evidence_url=STORED["Evidence link (http/https)"],
    )
    server = streamlit_server_factory(
        tmp_path_factory.mktemp("browser-editor"), env={"DATABASE_URL": url, "DEFAULT_LANGUAGE": "en"}
    )
    yield server, pg, engine, first, second
    engine.dispose()
    pg.destroy()


def _sign_in_and_open_my_items(page, url):
    sign_in(page, url + "/?lang=en", "somchai", PW)
    nav = page.locator('[data-testid="stSidebarNav"]')
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Signed in as Somchai").wait_for(timeout=30000)
    _go(page, "My items")
    main.locator('[data-testid="stForm"] textarea').wait_for(timeout=30000)
    return nav, main


def _go(page, title):
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    wait_for_app(page)


def _expect_form(main, expected: dict) -> None:
    """The form shows ``expected`` (retried for a while: a click's rerun may not have begun
    when the app last looked idle)."""
    form = main.locator('[data-testid="stForm"]')
    for label, value in expected.items():
        if label == "Note":
            field = form.locator("textarea")
        elif label == "Status":
            field = form.get_by_role("combobox", name="Status")
        else:
            field = form.get_by_label(label, exact=True)
        expect(field).to_have_value(value, timeout=20000)


def _pick_item(page, main, item_id):
    """Pick ``item_id`` and wait until the app has taken it (the URL's ``item``): the app-idle
    marker can be seen before the pick's rerun starts, and a second pick made then is lost."""
    main.get_by_role("combobox", name="Choose an item to see its history or update it").click()
    page.get_by_role("option", name=re.compile(rf"^#{item_id} ")).click()
    page.wait_for_url(re.compile(rf"[?&]item={item_id}(&|$)"), timeout=30000)
    wait_for_app(page)


def _save_note(page, main, note):
    main.locator('[data-testid="stForm"] textarea').fill(note)
    main.get_by_role("button", name="Save", exact=True).click()
    wait_for_app(page)


def _assert_only_note_changed(engine, item_id, note):
    stored = checklists.get_item(engine, item_id)
    assert (
        stored.state,
        stored.owner_agency,
        stored.owner_person,
        stored.due_at,
        stored.evidence_url,
        stored.note,
    ) == (
        "in_progress",
        STORED["Owner agency"],
        STORED["Owner (name, phone)"],
        DUE,
        STORED["Evidence link (http/https)"],
        note,
    )
    assert set(checklists.item_history(engine, item_id).iloc[-1]["changes"]) == {"note"}


def test_editor_shows_the_stored_item_after_page_and_item_switch_and_an_outage(editor_app, page, artifacts_dir):
    url, pg, engine, first, second = editor_app
    expected = {**STORED, "Status": "In progress"}
    nav, main = _sign_in_and_open_my_items(page, url)
    _expect_form(main, expected)

    _go(page, "Overview")  # page switch and back
    _go(page, "My items")
    _expect_form(main, expected)
    page.screenshot(path=str(artifacts_dir / "editor-after-page-switch.png"), full_page=True)

    _pick_item(page, main, second)  # item switch and back
    _pick_item(page, main, first)
    _expect_form(main, expected)
    _save_note(page, main, "second centre opened")
    main.get_by_text("Saved (version 3)").wait_for(timeout=30000)
    _assert_only_note_changed(engine, first, "second centre opened")
    expected["Note"] = "second centre opened"

    pg.stop("immediate")  # the database-outage page, then back
    try:
        _go(page, "Overview")
        main.get_by_text("The database is not answering").first.wait_for(timeout=30000)
        page.locator('[data-testid="stSidebar"]').get_by_text(  # the note was saved: no text is kept
            "Database unavailable — this page comes back by itself when it answers"
        ).wait_for(timeout=30000)
        page.screenshot(path=str(artifacts_dir / "editor-outage-page.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        pg.start()
    _go(page, "My items")
    _expect_form(main, expected)


def test_a_note_saved_during_an_outage_is_kept_and_saved_alone_when_the_database_is_back(
    editor_app, page, artifacts_dir
):
    url, pg, engine, first, _ = editor_app
    nav, main = _sign_in_and_open_my_items(page, url)
    before = checklists.get_item(engine, first)
    note = "sandbags at Ban Pho: 400 of 1,000"
    pg.stop("immediate")
    try:
        _save_note(page, main, note)
        main.get_by_text("The database is not answering").first.wait_for(timeout=30000)
        main.get_by_text("Your text is kept in this tab").first.wait_for(timeout=30000)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(artifacts_dir / "editor-save-during-outage.png"), full_page=True)
        _go(page, "Overview")  # the officer looks elsewhere meanwhile
    finally:
        pg.start()
    _go(page, "My items")
    _expect_form(main, {"Note": note})
    main.get_by_text("The form shows your changes that are not saved yet").wait_for(timeout=30000)
    page.screenshot(path=str(artifacts_dir / "editor-draft-kept.png"), full_page=True)
    main.get_by_role("button", name="Save", exact=True).click()
    main.get_by_text(f"Saved (version {before.version + 1})").wait_for(timeout=30000)
    _assert_only_note_changed(engine, first, note)
    page.screenshot(path=str(artifacts_dir / "editor-saved-after-outage.png"), full_page=True)
