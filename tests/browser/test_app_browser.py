"""The app really starts in a real browser and shows Thai text."""

import re

import pytest

from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser


def test_home_page_serves_thai_empty_state(streamlit_server, page, artifacts_dir):
    page.goto(streamlit_server)
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("ภาพรวมสถานการณ์น้ำท่วม").wait_for(timeout=20000)
    main.get_by_text("python manage.py ingest").wait_for(timeout=20000)
    wait_for_app(page)
    page.screenshot(path=str(artifacts_dir / "home-th.png"), full_page=True)
    # Thai characters really are on screen (not tofu boxes is checked by eye on the screenshot)
    assert re.search("[\u0e00-\u0e7f]", main.inner_text())


def test_language_switch_to_english(streamlit_server, page, artifacts_dir):
    page.goto(streamlit_server + "/?lang=en")
    wait_for_app(page)
    page.get_by_text("Flood situation overview").wait_for(timeout=20000)
    page.screenshot(path=str(artifacts_dir / "home-en.png"), full_page=True)


def test_page_url_on_a_fresh_server_opens_inside_the_shell(streamlit_server_factory, tmp_path, page, artifacts_dir):
    # The first URL a fresh server serves is a page's own: Streamlit's old pages/ mode would
    # run it without navigation or sidebar; it must be routed through dashboard.py.
    from store.db import migrate

    migrate(f"sqlite:///{tmp_path / 'floodroom.sqlite3'}")
    server = streamlit_server_factory(tmp_path)
    page.goto(server + "/sources?lang=en")
    wait_for_app(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_text("Data sources").first.wait_for(timeout=20000)
    page.get_by_text("Data sources and freshness").wait_for(timeout=20000)
    text = nav.inner_text()
    assert "Overview" in text
    assert "water levels" not in text and "station map" not in text and "impact entry" not in text  # file names
    page.screenshot(path=str(artifacts_dir / "direct-url-sources.png"))
