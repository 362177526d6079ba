"""The district officer's phone (issue 16): a LINE link to an item opened at 390×844, sign-in
from the page itself and back to the link, state, owner, due time and note changed with a
thumb, saved, reloaded, the saved values seen — and no sideways scrolling on the way,
measured in the page. Screenshots: artifacts/screenshots/phone-*.png."""

from __future__ import annotations

import re
from datetime import datetime, time
from pathlib import Path
from time import monotonic, sleep

import pytest

from auth import SYSTEM
from i18n.timefmt import BANGKOK
from store import checklists, users
from store.db import make_engine, migrate
from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
PW = "river-bank-112"
PHONE = {"width": 390, "height": 844}
LINE_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 Safari Line/14.9.0"
)
NOTE = "Sandbags at Ban Pho: 400 of 1,000 <b>laid</b>"
# what a phone shows sideways beyond the screen: the document, and Streamlit's own scroller
OVERFLOW_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {doc: document.scrollingElement.scrollWidth, inner: window.innerWidth,
          main: main ? main.scrollWidth : 0, mainClient: main ? main.clientWidth : 0};
}"""


@pytest.fixture(scope="module")
def phone_app(streamlit_server_factory, tmp_path_factory):
    """A server with an open event and officer somchai (district 3401); his first item's id."""
    data_dir = tmp_path_factory.mktemp("browser-phone")
    url = f"sqlite:///{data_dir / 'floodroom.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    template_id = checklists.load_template(
        engine, SYSTEM, (ROOT / "templates" / "flood_province_default.toml").read_text(encoding="utf-8")
    )
    event_id = checklists.open_event(engine, SYSTEM, "Mun flood (phone)", "34", ["3401", "3415"], template_id)
    officer = users.create_user(engine, SYSTEM, "somchai", "Somchai Local-Gov", "officer", PW, districts=("3401",))
    item_id = int(checklists.my_items(engine, officer, event_id)["id"].iloc[0])
    server = streamlit_server_factory(data_dir, env={"DEFAULT_LANGUAGE": "en"})
    yield server, engine, event_id, item_id
    engine.dispose()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        user_agent=LINE_IPHONE,
        locale="en-US",
        timezone_id="Asia/Bangkok",
    )
    yield context.new_page()
    context.close()


def _no_sideways_scroll(page, step: str) -> None:
    sizes = page.evaluate(OVERFLOW_JS)
    assert sizes["doc"] <= sizes["inner"], f"{step}: the page scrolls sideways ({sizes})"
    assert sizes["main"] <= sizes["mainClient"], f"{step}: the app's scroller scrolls sideways ({sizes})"


def _box(locator) -> dict:
    """The element's box once it is drawn. Signing in reruns the page more than once, so an
    element found a moment ago may be redrawn (and have no box) when it is measured: wait for
    it to be visible again and measure once more, for up to 30 s."""
    deadline = monotonic() + 30
    while True:
        locator.wait_for(state="visible", timeout=30000)
        box = locator.bounding_box()
        if box is not None:
            return box
        if monotonic() > deadline:
            raise AssertionError(f"{locator} was never drawn long enough to be measured")
        sleep(0.2)


def _in_view(locator) -> bool:
    box = _box(locator)
    return box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def _shot(page, artifacts_dir, name: str) -> None:
    page.screenshot(path=str(artifacts_dir / f"phone-{name}.png"))


def _form(main):
    return main.locator('[data-testid="stForm"]')


def _choose(page, form, label: str, option: str, search: bool = False) -> None:
    """Tap the select box (``search``: narrow a long list by typing, it is drawn only in part), tap the option."""
    form.get_by_role("combobox", name=label, exact=True).click()
    if search:
        page.keyboard.type(option)
        page.wait_for_timeout(300)
    page.get_by_role("option", name=option, exact=True).click()


def test_officer_updates_an_item_from_a_line_link_on_a_phone(phone_app, phone, artifacts_dir):
    server, engine, event_id, item_id = phone_app
    page = phone
    # 1. the LINE message's link opens the item's own page, read only for a visitor
    page.goto(f"{server}/checklists?event={event_id}&item={item_id}&view=item&lang=en")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Read only: sign in").wait_for(timeout=30000)
    title = checklists.get_item(engine, item_id).title_en
    main.get_by_text(title).first.wait_for(timeout=30000)
    sign_in = main.get_by_role("link", name="Sign in to update")
    assert _in_view(sign_in), "the sign-in link is at the top, not only in the folded sidebar"
    _no_sideways_scroll(page, "deep link")
    _shot(page, artifacts_dir, "1-deep-link")

    # 2. sign in from the page: back on the same item, the form now first
    sign_in.click()
    wait_for_app(page)
    main.get_by_label("User name").fill("somchai")
    main.get_by_role("textbox", name="Password").fill(PW)
    _no_sideways_scroll(page, "sign-in form")
    _shot(page, artifacts_dir, "2-sign-in")
    main.get_by_role("button", name="Sign in").click()
    _form(main).wait_for(timeout=30000)
    wait_for_app(page)
    assert re.search(rf"[?&]item={item_id}(&|$)", page.url) and "view=item" in page.url, page.url
    history = main.get_by_text("History", exact=True)
    assert _box(_form(main))["y"] < _box(history)["y"], "the form comes before the history"
    _no_sideways_scroll(page, "item page signed in")
    _shot(page, artifacts_dir, "3-item-signed-in")

    # 3. touch: 16 px inputs (iOS zooms under 16), 44 px targets, no keyboard hint
    form = _form(main)
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=stForm] textarea')).fontSize")
        == "16px"
    )
    assert _box(form.get_by_role("button", name="Save"))["height"] >= 44
    assert _box(form.locator('[data-testid="stCheckbox"] label'))["height"] >= 44
    assert _box(form.get_by_role("combobox", name="Time", exact=True))["height"] >= 44

    # 4. change state, owner, due time and note with taps, save
    before = checklists.get_item(engine, item_id)
    _choose(page, form, "Status", "In progress")
    form.get_by_label("Owner agency").fill("Mueang municipality")
    form.get_by_label("Owner (name, phone)").fill("Khun Nok 081-000-0000")
    due_box = form.get_by_role("checkbox", name="Has a due time")
    if not due_box.is_checked():
        form.get_by_text("Has a due time").click()
    due_day = before.due_at.astimezone(BANGKOK).date() if before.due_at else datetime.now(BANGKOK).date()
    _choose(page, form, "Time", "20:30", search=True)
    form.locator("textarea").fill(NOTE)
    assert (
        page.get_by_text("Press Ctrl+Enter to submit form").count() == 0
        or not page.get_by_text("Press Ctrl+Enter").first.is_visible()
    )
    _no_sideways_scroll(page, "form filled")
    _shot(page, artifacts_dir, "4-filled")
    form.get_by_role("button", name="Save").click()
    main.get_by_text("Saved (version 2)").wait_for(timeout=30000)  # under the Save button
    confirmation = page.locator('[data-testid="stToast"]').filter(has_text="Saved")
    confirmation.wait_for(timeout=30000)
    assert _in_view(confirmation), "the save is confirmed where the officer looks"
    _shot(page, artifacts_dir, "5-saved")
    stored = checklists.get_item(engine, item_id)
    due = stored.due_at.astimezone(BANGKOK)
    assert (stored.state, stored.owner_agency, stored.owner_person, stored.note, stored.updated_by) == (
        "in_progress",
        "Mueang municipality",
        "Khun Nok 081-000-0000",
        NOTE,
        "somchai",
    )
    assert (due.date(), due.time()) == (due_day, time(20, 30))

    # 5. reload: still signed in (the cookie), the same item, the saved values in the form
    page.reload()
    wait_for_app(page)
    form = _form(main)
    form.wait_for(timeout=30000)
    assert form.get_by_role("combobox", name="Status").input_value() == "In progress"
    assert form.get_by_label("Owner agency").input_value() == "Mueang municipality"
    assert form.get_by_label("Owner (name, phone)").input_value() == "Khun Nok 081-000-0000"
    assert form.locator("textarea").input_value() == NOTE
    assert form.get_by_role("combobox", name="Time", exact=True).input_value() == "20:30"
    main.get_by_text(NOTE, exact=True).first.wait_for(timeout=30000)  # the note as text, not markup
    _no_sideways_scroll(page, "after reload")
    _shot(page, artifacts_dir, "6-reloaded")

    # 6. the smaller phone (360×740): the item page and the overview fit the width too
    page.set_viewport_size({"width": 360, "height": 740})
    page.wait_for_timeout(500)
    _no_sideways_scroll(page, "item page at 360")
    _shot(page, artifacts_dir, "7-item-360")
    page.goto(f"{server}/?lang=en")
    wait_for_app(page)
    main.get_by_text("Flood situation overview").wait_for(timeout=30000)
    _no_sideways_scroll(page, "overview at 360")
    _shot(page, artifacts_dir, "8-overview-360")
