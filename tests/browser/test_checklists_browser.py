"""An officer's checklist change survives a reload and appears in a second browser session."""

from __future__ import annotations

from pathlib import Path

import pytest

from auth import SYSTEM
from config import load_settings
from store import checklists, users
from store.db import make_engine, migrate
from tests.browser.conftest import sign_in, wait_for_app

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
PW = "river-bank-112"


@pytest.fixture(scope="module")
def checklist_server(streamlit_server_factory, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("browser-checklists")
    settings = load_settings({"DATA_DIR": str(data_dir)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    text = (ROOT / "templates" / "flood_province_default.toml").read_text(encoding="utf-8")
    template_id = checklists.load_template(engine, SYSTEM, text)
    event_id = checklists.open_event(engine, SYSTEM, "Mun flood (browser test)", "34", ["3401", "3415"], template_id)
    users.create_user(engine, SYSTEM, "nok", "Nok Duty Officer", "officer", PW)
    first = int(checklists.items_frame(engine, event_id)["id"].iloc[0])
    engine.dispose()
    # English by default: query parameters (lang) do not survive a page switch
    return streamlit_server_factory(data_dir, env={"DEFAULT_LANGUAGE": "en"}), settings, first


def test_officer_change_survives_reload_and_reaches_a_second_session(checklist_server, page, browser, artifacts_dir):
    url, settings, item_id = checklist_server
    sign_in(page, url + "/?lang=en", "nok", PW)
    nav = page.locator('[data-testid="stSidebarNav"]')
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Signed in as Nok Duty Officer").wait_for(timeout=30000)
    # client-side navigation keeps the signed-in session
    nav.get_by_text("Response checklists").click()
    wait_for_app(page)
    main.get_by_text("Update the item").wait_for(timeout=30000)
    note = "Pump 3 running at Warin bridge <b>not bold</b>"
    main.get_by_label("Owner (name, phone)").fill("Khun Nok 081-000-0000")
    main.get_by_label("Note").fill(note)
    main.get_by_role("button", name="Save").click()
    main.get_by_text("Saved (version 2)").wait_for(timeout=30000)
    page.screenshot(path=str(artifacts_dir / "checklists-saved-en.png"), full_page=True)
    saved = checklists.get_item(make_engine(settings.database_url), item_id)
    assert (saved.note, saved.owner_person, saved.updated_by) == (note, "Khun Nok 081-000-0000", "nok")

    # a reload starts a new Streamlit session: the change is still there, and so is the sign-in (issue 14, finding 4)
    page.reload()
    wait_for_app(page)
    main.get_by_text(note, exact=True).first.wait_for(timeout=30000)  # in the form and as text: still signed in
    page.locator('[data-testid="stSidebar"]').get_by_text("Signed in: Nok Duty Officer").wait_for(timeout=30000)
    assert main.get_by_text("Read only: sign in as an officer").count() == 0

    # another browser (the meeting-room screen) sees it too, in Thai
    other = browser.new_context(viewport={"width": 1400, "height": 900}, locale="th-TH")
    second = other.new_page()
    second.goto(url + f"/checklists?lang=th&item={item_id}")
    wait_for_app(second)
    screen = second.locator('[data-testid="stMain"]')
    screen.get_by_text(note, exact=True).wait_for(timeout=30000)
    screen.get_by_text("รายการเผชิญเหตุอุทกภัย").first.wait_for(timeout=30000)
    second.screenshot(path=str(artifacts_dir / "checklists-second-session-th.png"), full_page=True)
    other.close()
