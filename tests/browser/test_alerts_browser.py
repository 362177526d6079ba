"""The Alerts page in a real browser: an admin signs in, refuses a bad e-mail with its reason,
sees the outbox with what failed and why, in English and in Thai (screenshots)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from auth import SYSTEM
from config import load_settings
from domain.alert_events import AlertEvent
from domain.alert_text import alert_payload
from store import alerts, outbox, users
from store.db import make_engine, migrate
from store.outbox import AlertDraft, AlertOutbox
from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser
PW = "river-bank-112"


def _event(hour: int) -> AlertEvent:
    """M.7 over its bank, as domain.alert_events finds it, with a station name from the feed."""
    return AlertEvent(
        key=f"station_bank|M.7|bank|up|2026-11-25T0{hour}:00:00+00:00",
        kind="station_bank",
        severity="severe",
        at=datetime(2026, 11, 25, hour, tzinfo=UTC),
        station_code="M.7",
        district_code="3401",
        source="thaiwater",
        link="water_levels?station=M.7",
        params={
            "name_th": "แม่น้ำมูล สะพานเสรีประชาธิปไตย",
            "name_en": "Mun, Seri Prachathipatai bridge",
            "level_msl": 112.05,
            "edge": "bank",
            "edge_msl": 112.0,
            "direction": "up",
            "class_from": "high",
            "class_to": "over_bank",
        },
    )


@pytest.fixture(scope="module")
def alerts_server(streamlit_server_factory, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("browser-alerts")
    settings = load_settings({"DATA_DIR": str(data_dir)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    users.create_user(engine, SYSTEM, "duty", "Duty Admin", "admin", PW)
    alerts.set_contact(engine, SYSTEM, "duty", email="duty@example.go.th", language="en")
    alerts.subscribe(engine, SYSTEM, "duty", "email", "station_bank", station_code="M.7")
    drafts = [
        AlertDraft(
            _event(hour).key,
            "station_bank",
            "severe",
            "email",
            "duty@example.go.th",
            recipient="duty",
            lang=lang,
            payload=alert_payload(_event(hour)),
        )
        for hour, lang in ((1, "en"), (2, "th"))
    ]
    with Session(engine) as session, session.begin():
        outbox.enqueue_alerts(session, drafts, now=datetime(2026, 11, 25, 3, tzinfo=UTC))
        session.execute(
            update(AlertOutbox)
            .where(AlertOutbox.event_key == drafts[1].event_key)
            .values(state="dead", attempts=5, last_error="SMTP 451 from relay.example.go.th")
        )
    engine.dispose()
    return streamlit_server_factory(data_dir, env={"DEFAULT_LANGUAGE": "en"}), settings


def test_the_alerts_page_in_english_and_thai(alerts_server, page, artifacts_dir):
    url, settings = alerts_server
    page.goto(url + "/?lang=en")
    wait_for_app(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_text("Sign in").click()
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_label("User name").fill("duty")
    main.get_by_role("textbox", name="Password").fill(PW)
    main.get_by_role("button", name="Sign in").click()
    main.get_by_text("Signed in as Duty Admin").wait_for(timeout=30000)
    nav.get_by_text("Alerts").click()
    wait_for_app(page)
    main.get_by_text("Where to reach me").wait_for(timeout=30000)

    main.get_by_label("E-mail").fill("duty at example")
    main.get_by_role("button", name="Save").click()
    wait_for_app(page)
    main.get_by_text("is not valid").first.wait_for(timeout=30000)
    page.screenshot(path=str(artifacts_dir / "alerts-own-en.png"), full_page=True)
    contact = alerts.get_contact(make_engine(settings.database_url), "duty")
    assert contact is not None and contact.email == "duty@example.go.th"  # the bad address was not saved

    main.get_by_role("tab", name="Outbox").click()
    main.get_by_text("Given up").first.wait_for(timeout=30000)
    main.locator('[data-testid="stButtonGroup"]').get_by_text("Given up").click()
    wait_for_app(page)
    # the filter reran the page: the Outbox tab is still the one shown (st.tabs key, on_change="rerun")
    assert main.get_by_role("tab", name="Outbox").get_attribute("aria-selected") == "true"
    main.locator('[data-testid="stDataFrame"]:visible').first.wait_for(
        timeout=30000
    )  # a canvas: the words are in the image
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts_dir / "alerts-outbox-en.png"), full_page=True)

    page.goto(url + "/alerts?lang=th")  # a new session: the cookie keeps the sign-in
    wait_for_app(page)
    main.get_by_text("ช่องทางติดต่อ").wait_for(timeout=30000)
    main.get_by_label("อีเมล").wait_for(timeout=30000)
    wait_for_app(page)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(artifacts_dir / "alerts-own-th.png"), full_page=True)
    main.get_by_role("tab", name="กล่องขาออก").click()
    main.locator('[data-testid="stDataFrame"]:visible').first.wait_for(timeout=30000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts_dir / "alerts-outbox-th.png"), full_page=True)
