"""Issue 14 in a real browser: with ALLOW_ANONYMOUS_VIEWER=false a stranger crawling every page
of dashboard.PAGES finds no data and no download (finding 3); a screen token opens the wall
and nothing else; a sign-in survives a reload, a second tab and a browser restart, and ends at
the next click once the password is reset elsewhere (finding 4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ingest.thaiwater as job
from auth import SYSTEM
from auth.cookies import COOKIE_NAME
from config import load_settings
from dashboard import PAGES
from geo.boundaries import import_boundary_file
from ingest import IngestContext
from store import checklists, screens, users
from store.db import make_engine, migrate
from tests.browser.conftest import sign_in, wait_for_app
from tests.support.ci import reference_path

pytestmark = pytest.mark.browser
TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "flood_province_default.toml"
PASSWORD = "river-bank-112"
PROMPT = "The administrator requires sign-in to view this page"
DATA_SELECTORS = (
    '[data-testid="stDataFrame"]',
    '[data-testid="stTable"]',
    '[data-testid="stMetric"]',
    '[data-testid="stDownloadButton"]',
    '[data-testid="stVegaLiteChart"]',
    '[data-testid="stPlotlyChart"]',
    '[data-testid="stDeckGlJsonChart"]',
)


@pytest.fixture(scope="module")
def locked_server(streamlit_server_factory, tmp_path_factory):
    """(URL, engine, screen token, a station name) of a server with recorded data, an event,
    an officer and an admin, and anonymous viewing off."""
    data_dir = tmp_path_factory.mktemp("browser-access")
    settings = load_settings({"DATA_DIR": str(data_dir)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    job.run(
        IngestContext(settings, engine, None),
        from_file=reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json"),
    )
    import_boundary_file(settings, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM)
    template_id = checklists.load_template(engine, SYSTEM, TEMPLATE.read_text(encoding="utf-8"))
    checklists.open_event(engine, SYSTEM, "Mun flood 2026", "34", ["3401", "3415"], template_id)
    users.create_user(engine, SYSTEM, "somchai", "Somchai Local-Gov", "officer", PASSWORD, districts=("3401",))
    users.create_user(engine, SYSTEM, "admin1", "Admin One", "admin", PASSWORD)
    token = screens.create_screen_token(engine, SYSTEM, "Meeting room 1")
    with engine.connect() as conn:
        station = conn.exec_driver_sql(
            "SELECT name_th FROM water_stations WHERE province_code = '34' AND name_th <> '' LIMIT 1"
        ).scalar()
    url = streamlit_server_factory(data_dir, env={"ALLOW_ANONYMOUS_VIEWER": "false"})
    yield url, engine, token, station
    engine.dispose()


def _url_path(page_file: str) -> str:
    return "" if page_file == PAGES[0][0] else Path(page_file).stem


def _assert_locked(page, where: str) -> None:
    page.get_by_text(PROMPT).first.wait_for(timeout=30000)
    wait_for_app(page)
    for selector in DATA_SELECTORS:
        assert page.locator(selector).count() == 0, (where, selector)
    assert page.locator('[data-testid="stSidebar"] [data-testid="stCaptionContainer"]').count() == 0, (
        where
    )  # no freshness lines


def test_a_stranger_crawling_every_page_finds_no_data_and_no_download(locked_server, page, artifacts_dir):
    server, _, _, station = locked_server
    assert station
    for page_file, *_ in PAGES:
        if page_file == "pages/account.py":
            continue
        page.goto(f"{server}/{_url_path(page_file)}?lang=en")
        _assert_locked(page, page_file)
        assert station not in page.content(), page_file
        # the form follows the prompt in the same run, but may reach the browser a moment later
        password = page.get_by_role("textbox", name="Password")
        password.wait_for(timeout=30000)
        assert password.count() == 1, page_file
        page.screenshot(path=str(artifacts_dir / f"access-locked-{Path(page_file).stem}.png"))


def test_a_screen_token_opens_the_wall_only_and_a_revoked_one_nothing(locked_server, page, artifacts_dir):
    server, engine, token, _ = locked_server
    page.goto(f"{server}/briefing?screen=1&rotate=600&lang=en&token={token}")
    wait_for_app(page)
    page.locator('[data-testid="fr-view"]').first.wait_for(timeout=30000)
    assert page.locator('[data-testid="stDownloadButton"]').count() == 0
    page.screenshot(path=str(artifacts_dir / "access-wall-token.png"))
    for path in ("briefing", "", "station_map", "impact"):  # not the briefing page, not another page
        page.goto(f"{server}/{path}?lang=en&token={token}")
        _assert_locked(page, path)
    page.goto(
        f"{server}/station_map?screen=1&lang=en&token={token}"
    )  # ?screen=1 on any URL is the wall: that, and nothing more
    page.locator('[data-testid="fr-view"]').first.wait_for(timeout=30000)
    assert (
        page.locator(
            '[data-testid="stDownloadButton"], [data-testid="stDataFrame"], [data-testid="stVegaLiteChart"]'
        ).count()
        == 0
    )
    other = screens.create_screen_token(engine, SYSTEM, "Lobby")
    screens.revoke_screen_token(engine, SYSTEM, "Lobby")
    page.goto(f"{server}/briefing?screen=1&lang=en&token={other}")
    page.get_by_text(PROMPT).first.wait_for(timeout=30000)
    assert page.locator('[data-testid="fr-view"]').count() == 0


def _wait_for_cookie(context) -> dict:
    for _ in range(50):
        found = [c for c in context.cookies() if c["name"] == COOKIE_NAME]
        if found:
            return found[0]
        context.pages[0].wait_for_timeout(100)
    raise AssertionError("the session cookie was never set")


def test_sign_in_survives_reload_new_tab_and_restart_and_ends_with_a_new_password(
    locked_server, browser, artifacts_dir
):
    server, engine, _, _ = locked_server
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
    page = context.new_page()
    sign_in(page, f"{server}/account?lang=en", "somchai", PASSWORD, by_nav=False)
    cookie = _wait_for_cookie(context)
    assert (
        cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["expires"] > 0
    )  # kept across a browser restart
    assert COOKIE_NAME not in page.evaluate("document.cookie")  # the page's scripts cannot read it
    page.reload()
    page.get_by_text("Signed in as Somchai Local-Gov").wait_for(timeout=30000)
    second = context.new_page()
    second.goto(f"{server}/checklists?lang=en")
    wait_for_app(second)
    second.get_by_text("Signed in: Somchai Local-Gov (officer)").wait_for(timeout=30000)
    second.screenshot(path=str(artifacts_dir / "access-second-tab.png"))
    restarted = browser.new_context(
        storage_state=context.storage_state(), viewport={"width": 1400, "height": 900}, locale="en-US"
    )
    again = restarted.new_page()
    again.goto(f"{server}/checklists?lang=en")
    again.get_by_text("Signed in: Somchai Local-Gov (officer)").wait_for(timeout=30000)
    restarted.close()
    users.set_password(engine, SYSTEM, "somchai", "a-new-password-2")  # reset elsewhere (CLI, admin)
    second.locator('[data-testid="stSidebarNav"]').get_by_text("Overview", exact=True).click()
    second.get_by_text(PROMPT).first.wait_for(timeout=30000)
    second.screenshot(path=str(artifacts_dir / "access-signed-out-after-reset.png"))
    context.close()


def test_an_admin_signs_in_and_sees_screen_links_and_throttles(locked_server, browser, artifacts_dir):
    server, _, _, _ = locked_server
    context = browser.new_context(viewport={"width": 1400, "height": 1400}, locale="en-US")
    page = context.new_page()
    sign_in(page, f"{server}/account?lang=en", "admin1", PASSWORD, by_nav=False)
    page.get_by_text("Wall-screen links").wait_for(timeout=30000)
    page.get_by_text("Sign-in throttles").wait_for(timeout=30000)
    page.get_by_role("textbox", name="Screen name").fill("Governor office")
    page.get_by_role("button", name="Make a screen link").click()
    page.get_by_text(re.compile(r"briefing\?screen=1&rotate=20&lang=en&token=[\w-]{43}")).first.wait_for(timeout=30000)
    page.reload()
    page.get_by_text("Signed in as Admin One").wait_for(timeout=30000)
    page.screenshot(path=str(artifacts_dir / "access-admin.png"), full_page=True)
    context.close()
