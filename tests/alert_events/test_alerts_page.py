"""The Alerts page in AppTest through dashboard.py: a stranger sees nothing of anyone's alerts
(even with anonymous viewing on), an officer sees and edits their own part (a bad e-mail is
refused with its reason, nothing saved), an admin also sees the outbox, what failed and why,
and resends."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from auth import SYSTEM
from domain.alert_events import AlertEvent
from domain.alert_text import alert_payload
from store import alerts, outbox, public_messages, users
from store.outbox import AlertDraft, AlertOutbox
from tests.security.conftest import PASSWORD, app_env, app_store_template, open_page  # noqa: F401 - fixtures

PAGE = "pages/alerts.py"
LINE_ID = "U" + "0123456789abcdef" * 2


@pytest.fixture
def queued(app_env):
    """Two alerts for the officer, one of them given up after a 500."""
    drafts = []
    for hour in (1, 2):
        event = AlertEvent(
            key=f"station_bank|M.7|bank|up|2026-11-25T0{hour}:00:00+00:00",
            kind="station_bank",
            severity="severe",
            at=datetime(2026, 11, 25, hour, tzinfo=UTC),
            station_code="M.7",
            district_code="3401",
            source="thaiwater",
            link="water_levels?station=M.7",
            params={"level_msl": 112.05, "edge": "bank", "edge_msl": 112.0, "direction": "up", "class_to": "over_bank"},
        )
        drafts.append(
            AlertDraft(
                event.key,
                event.kind,
                event.severity,
                "email",
                "somchai@example.go.th",
                recipient="somchai",
                payload=alert_payload(event),
            )
        )
    with Session(app_env) as session, session.begin():
        outbox.enqueue_alerts(session, drafts, now=datetime(2026, 11, 25, 3, tzinfo=UTC))
        session.execute(
            update(AlertOutbox)
            .where(AlertOutbox.event_key == drafts[1].event_key)
            .values(state="dead", attempts=5, last_error="HTTP 500 from the SMTP relay")
        )
    return app_env


def signed_in(engine, username: str) -> str:
    return users.start_session(engine, users.get_user(engine, username), 3600)


def test_a_stranger_sees_nothing_even_with_anonymous_viewing_on(queued, monkeypatch):
    monkeypatch.setenv("ALLOW_ANONYMOUS_VIEWER", "true")
    at = open_page(PAGE)
    assert at.title[0].value == "Alerts"
    assert "Sign in to see and set up your alerts" in at.info[0].value
    assert not at.tabs and not at.dataframe and not at.text_input and not at.metric


def test_an_officer_sees_their_own_part_and_no_outbox(queued):
    at = open_page(PAGE, token=signed_in(queued, "somchai"))
    assert [tab.label for tab in at.tabs] == ["My alerts", "Public channel"]
    assert not at.metric  # the outbox counts are the admin's
    history = at.dataframe[-1].value
    assert len(history) == 2 and "Given up" in history["State"].tolist()
    # the words as sent: in the recipient's language (Thai, the default), naming station, reading and class
    assert history["Message"].str.contains("M.7 (เมืองอุบลราชธานี): ระดับน้ำ 112.05 ม.รทก.", regex=False).all()
    assert history["Message"].str.contains("http://localhost:8501/water_levels?station=M.7", regex=False).all()
    assert history["Message"].str.contains("น้ำล้นตลิ่ง").all()
    assert history["Message"].str.contains("water_levels\\?station=M.7").all()


def test_an_invalid_email_is_refused_with_its_reason_and_nothing_saved(queued):
    at = open_page(PAGE, token=signed_in(queued, "somchai"))
    at.text_input(key="al_email").input("somchai at example")
    at.button(key="al_contact_form_save").click().run()
    assert any("somchai at example" in e.value for e in at.error), [e.value for e in at.error]
    assert alerts.get_contact(queued, "somchai") is None
    at.text_input(key="al_email").input("somchai@example.go.th")
    at.text_input(key="al_line_to").input(LINE_ID)
    at.radio(key="al_language").set_value("en")
    at.button(key="al_contact_form_save").click().run()
    assert not at.error
    contact = alerts.get_contact(queued, "somchai")
    assert contact is not None and contact.line_to == LINE_ID and contact.language == "en"


def test_an_officer_subscribes_to_a_station(queued):
    at = open_page(PAGE, token=signed_in(queued, "somchai"))
    at.selectbox(key="al_sub_channel").set_value("line")
    at.selectbox(key="al_sub_kind").set_value("station_bank")
    at.selectbox(key="al_sub_station").set_value("M.7")
    at.button(key="al_sub_form_add").click().run()
    assert [(r["channel"], r["kind"], r["station_code"]) for r in alerts.list_subscriptions(queued, "somchai")] == [
        ("line", "station_bank", "M.7")
    ]
    assert at.success and "Added" in at.success[0].value


def test_an_admin_sees_the_outbox_what_failed_and_why_and_resends(queued):
    at = open_page(PAGE, token=signed_in(queued, "admin1"), lang="th")
    assert [tab.label for tab in at.tabs] == [
        "การแจ้งเตือนของฉัน",
        "ช่องทางสาธารณะ",
        "กล่องขาออก",
        "ค่าเริ่มต้นและผู้บังคับบัญชา",
    ]
    counts = {m.label: m.value for m in at.metric}
    assert counts["รอส่ง"] == "1" and counts["เลิกส่ง"] == "1"
    at.segmented_control(key="al_outbox_state").set_value("dead").run()
    table = at.dataframe[-1].value
    assert table["ผู้รับ"].tolist() == ["somchai"] and table["สาเหตุที่ล้มเหลว"].tolist() == ["HTTP 500 from the SMTP relay"]
    at.button(key="al_resend").click().run()
    assert outbox.outbox_counts(queued).get("queued") == 2
    assert at.success and "เข้าคิวส่งใหม่แล้ว" in at.success[0].value


def test_an_admin_sets_a_default_and_a_supervisor(queued):
    at = open_page(PAGE, token=signed_in(queued, "admin1"))
    at.selectbox(key="al_def_role").set_value("officer")
    at.selectbox(key="al_def_district").set_value("3401")
    at.selectbox(key="al_def_kind").set_value("item_overdue")
    at.button(key="al_default_form_add").click().run()
    assert [(d["role"], d["district_code"], d["kind"]) for d in alerts.list_defaults(queued)] == [
        ("officer", "3401", "item_overdue")
    ]
    at.selectbox(key="al_sup_district").set_value("3401")
    at.text_input(key="al_sup_user").input("somchai")
    at.button(key="al_sup_form_add").click().run()
    assert alerts.supervisors_for(queued, "3401") == ["somchai"]
    assert SYSTEM  # the store checked the admin's right (alerts.admin), not the page


def test_an_officer_proposes_the_public_summary_and_an_admin_approves_it(queued):
    at = open_page(PAGE, token=signed_in(queued, "somchai"))
    at.button(key="al_public_propose").click().run()
    assert at.success and "waiting for approval" in at.success[0].value
    assert "al_public_approve" not in [b.key for b in at.button]  # officers propose; admins approve
    kept = public_messages.list_public_messages(queued)
    assert [(m["proposed_by"], m["state"], m["level"]) for m in kept] == [("somchai", "proposed", "normal")]
    admin = open_page(PAGE, token=signed_in(queued, "admin1"))
    assert any("as the public will get it" in c.value for c in admin.caption)  # the admin sees what they approve
    assert Path(kept[0]["card_path"]).is_file(), kept[0]["card_path"]
    assert kept[0]["text"] in [x.value for x in admin.text]
    assert "image" in [e.type for e in admin.main]  # and the PNG card
    admin.button(key="al_public_approve").click().run()
    assert admin.success and "Approved and queued" in admin.success[0].value
    assert public_messages.list_public_messages(queued)[0]["approvals"][0][0] == "admin1"
    assert outbox.outbox_counts(queued)["queued"] == 2  # the officer's queued alert and the LINE broadcast


def test_an_admin_sets_their_own_webhook_on_the_page_with_the_same_validation(queued):
    # QA: a webhook URL could only be set through the CLI.
    at = open_page(PAGE, token=signed_in(queued, "admin1"))
    at.text_input(key="al_webhook").input("http://example.com/hook")
    at.button(key="al_contact_form_save").click().run()
    assert any("example.com" in e.value for e in at.error), [e.value for e in at.error]
    at.text_input(key="al_webhook").input("https://hooks.example.go.th/floodroom")
    at.button(key="al_contact_form_save").click().run()
    assert not at.error
    contact = alerts.get_contact(queued, "admin1")
    assert contact is not None and contact.webhook_url == "https://hooks.example.go.th/floodroom"
