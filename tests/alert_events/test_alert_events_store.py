"""Alert events into the outbox, on SQLite and PostgreSQL: who gets each (subscriptions, role and
district defaults, quiet hours), never twice, in the SAME transaction as their cause (a rolled
back cause leaves no alert), the river trigger and reassignment hooks, escalation to the
district supervisor, the station readings after an ingest round, and the two-person rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import SYSTEM, User
from config import load_settings
from domain.alert_events import AlertEvent
from services import alert_events as service
from store import alert_events as store_events
from store import alerts, checklist_items, checklists, impact, public_messages, users
from store.alerts import AlertConfigError
from store.impact import ImpactReport
from store.outbox import AlertOutbox
from tests.checklists.conftest import ADMIN, OFFICER, event, item_id  # noqa: F401 - fixtures

NOON = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # 12:00 Bangkok
NIGHT = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)  # 23:00 Bangkok
LINE_ID = "U" + "0123456789abcdef" * 2
ADMIN2 = User("admin2", "Admin Two", "admin")


def account(engine, username, role, districts=(), *, email=None, line=None, language="th", quiet=None):
    users.create_user(engine, SYSTEM, username, username.title(), role, None, districts=districts)
    alerts.set_contact(
        engine,
        SYSTEM,
        username,
        email=email,
        line_to=line,
        language=language,
        quiet_from_min=quiet[0] if quiet else None,
        quiet_to_min=quiet[1] if quiet else None,
    )


def rows(engine, **where) -> list[AlertOutbox]:
    with Session(engine) as session:
        query = select(AlertOutbox).order_by(AlertOutbox.recipient, AlertOutbox.channel)
        for name, value in where.items():
            query = query.where(getattr(AlertOutbox, name) == value)
        return list(session.scalars(query))


def bank_event(severity="severe", at=NOON) -> AlertEvent:
    return AlertEvent(
        key=f"station_bank|M.7|bank|up|{at.isoformat()}",
        kind="station_bank",
        severity=severity,
        at=at,
        station_code="M.7",
        district_code="3401",
        source="thaiwater",
        link="water_levels?station=M.7",
        params={"level_msl": 112.05, "edge": "bank", "edge_msl": 112.0, "direction": "up", "class_to": "over_bank"},
    )


def test_subscriptions_and_defaults_decide_who_gets_it_once(engine):
    account(engine, "somchai", "officer", ("3401",), email="somchai@example.go.th", line=LINE_ID, language="en")
    account(engine, "malee", "officer", ("3415",), email="malee@example.go.th")
    account(engine, "gov", "viewer", email="gov@example.go.th")
    alerts.subscribe(engine, SYSTEM, "somchai", "line", "station_bank", station_code="M.7")
    alerts.set_default(engine, SYSTEM, "email", "*", role="officer", district_code="3401")
    alerts.set_default(engine, SYSTEM, "email", "station_bank", role="viewer")
    for _ in range(2):  # found twice (a retried round): queued once
        with Session(engine) as session, session.begin():
            store_events.enqueue_events(session, [bank_event()], now=NOON)
    got = [(r.recipient, r.channel, r.lang, r.address) for r in rows(engine)]
    assert got == [
        ("gov", "email", "th", "gov@example.go.th"),
        ("somchai", "email", "en", "somchai@example.go.th"),
        ("somchai", "line", "en", LINE_ID),
    ]
    payload = rows(engine)[0].payload
    assert '"station_code": "M.7"' in payload and '"link": "water_levels?station=M.7"' in payload


def test_quiet_hours_hold_a_warning_but_not_over_the_bank(engine):
    account(engine, "sleeper", "officer", ("3401",), line=LINE_ID, quiet=(22 * 60, 6 * 60))
    alerts.subscribe(engine, SYSTEM, "sleeper", "line", "*")
    warning = AlertEvent(
        key="station_watch|M.7|x",
        kind="station_watch",
        severity="warning",
        at=NIGHT,
        station_code="M.7",
        district_code="3401",
    )
    with Session(engine) as session, session.begin():
        store_events.enqueue_events(session, [warning, bank_event(at=NIGHT)], now=NIGHT)
    held = {r.kind: r.next_attempt_at for r in rows(engine)}
    assert held["station_watch"] == datetime(2026, 11, 25, 23, 0, tzinfo=UTC)  # 06:00 Bangkok
    assert held["station_bank"] == NIGHT


def test_a_rolled_back_cause_leaves_no_alert(engine):
    account(engine, "somchai", "officer", ("3401",), email="somchai@example.go.th")
    alerts.subscribe(engine, SYSTEM, "somchai", "email", "impact_rise")
    good = {"district_code": "3401", "report_time": NOON, "affected_people": 500}
    bad = {"district_code": "3415", "report_time": NOON, "affected_people": "many"}  # fails after the first row
    from domain.impact import FIELD_NAMES

    frame = pd.DataFrame([{**dict.fromkeys(FIELD_NAMES, 0), **r} for r in (good, bad)])
    with pytest.raises(ValueError):
        impact.save_impact_reports(engine, SYSTEM, frame, "test.csv")
    with Session(engine) as session:
        assert session.scalar(select(ImpactReport.id)) is None
    assert rows(engine) == []
    # the control: the same first row alone is saved with its alert, in one transaction
    impact.save_impact_reports(engine, SYSTEM, frame.iloc[:1], "test.csv")
    assert [(r.kind, r.recipient) for r in rows(engine)] == [("impact_rise", "somchai")]
    # a second report raising the figures by under the share: no alert
    later = frame.iloc[:1].assign(report_time=NOON + timedelta(days=1), affected_people=550)
    impact.save_impact_reports(engine, SYSTEM, later, "test.csv")
    assert len(rows(engine)) == 1


def test_a_river_trigger_and_a_reassignment_queue_alerts_with_the_write(event):
    engine, event_id = event
    account(engine, "somchai", "officer", ("3401",), email="somchai@example.go.th")
    account(engine, "chief", "admin", email="chief@example.go.th")
    alerts.set_default(engine, SYSTEM, "email", "item_triggered", role="admin")
    situation = pd.DataFrame(
        [
            {
                "station_code": "M.7",
                "name_th": "M.7",
                "name_en": "M.7",
                "level_msl": 111.9,
                "bank_msl": 112.0,
                "trend_3h_cm_h": 2.0,
                "observed_at": pd.Timestamp(NOON),
                "stale": False,
            }
        ]
    )
    fired = checklist_items.apply_triggers(engine, event_id, situation, actor=SYSTEM, now=NOON)
    assert fired
    triggered = rows(engine, kind="item_triggered")
    assert {r.recipient for r in triggered} == {"chief"} and len(triggered) == len(fired)
    warn = item_id(engine, event_id, "warn-riverside", "3401")
    item = checklists.get_item(engine, warn)
    checklist_items.update_item(engine, ADMIN, warn, item.version, owner_person="Somchai", now=NOON)
    assert [(r.kind, r.recipient) for r in rows(engine, kind="item_reassigned")] == [("item_reassigned", "somchai")]


def test_an_item_due_and_not_started_escalates_to_the_district_supervisor(event):
    engine, event_id = event
    account(engine, "chief.3401", "officer", ("3401",), line=LINE_ID)
    account(engine, "somchai", "officer", ("3401",), email="somchai@example.go.th")
    alerts.set_supervisor(engine, SYSTEM, "3401", "chief.3401")
    alerts.subscribe(engine, SYSTEM, "somchai", "email", "item_overdue", district_code="3401")
    warn = item_id(engine, event_id, "warn-riverside", "3401")
    item = checklists.get_item(engine, warn)
    checklist_items.update_item(engine, ADMIN, warn, item.version, due_at=NOON, now=NOON - timedelta(hours=5))
    settings = load_settings({})
    assert service.item_alerts(engine, settings, NOON + timedelta(hours=1)) >= 1  # overdue, not yet escalated
    mine = lambda kind: [r for r in rows(engine, kind=kind) if r.event_key.startswith(f"{kind}|{warn}|")]  # noqa: E731
    assert mine("item_escalated") == []
    service.item_alerts(engine, settings, NOON + timedelta(hours=3))
    assert [(r.recipient, r.channel) for r in mine("item_escalated")] == [("chief.3401", "line")]
    assert [r.recipient for r in mine("item_overdue")] == ["somchai"]
    # acknowledged (started) items are not escalated
    item = checklists.get_item(engine, warn)
    checklist_items.update_item(
        engine, ADMIN, warn, item.version, state="in_progress", due_at=NOON + timedelta(hours=4)
    )
    service.item_alerts(engine, settings, NOON + timedelta(hours=9))
    assert len(mine("item_escalated")) == 1


def test_two_person_rule_the_same_admin_twice_is_refused(engine):
    message = public_messages.propose_public_message(
        engine, ADMIN, "น้ำล้นตลิ่งที่ M.7", raises_level=True, level="over_bank"
    )
    assert public_messages.approve_public_message(engine, ADMIN, message) is False
    with pytest.raises(AlertConfigError) as twice:
        public_messages.approve_public_message(engine, ADMIN, message)
    assert twice.value.code == "public_twice"
    assert rows(engine) == []
    alerts.set_public_webhooks(engine, ADMIN, ["https://bridge.example.go.th/hook"])
    assert public_messages.approve_public_message(engine, ADMIN2, message) is True
    kept = public_messages.list_public_messages(engine)[0]
    assert [who for who, _ in kept["approvals"]] == ["admin1", "admin2"]
    assert {r.channel for r in rows(engine)} == {"webhook", "line_broadcast"}


def test_an_unchanged_state_is_not_rewritten_so_a_failed_poll_changes_nothing(engine):
    """A round that learnt nothing new leaves ``alert_event_state`` as it was (the fault tests
    check that a failed poll changes no table but source_health); a changed value is kept."""
    first = NOON
    with Session(engine) as session, session.begin():
        store_events.put_state(session, "station:M.7", {"stage": 2, "last_at": None}, first)
    with Session(engine) as session, session.begin():
        store_events.put_state(session, "station:M.7", {"stage": 2, "last_at": None}, first + timedelta(hours=1))
    with Session(engine) as session:
        row = session.get(store_events.AlertEventState, "station:M.7")
        assert row is not None and row.updated_at == first
    with Session(engine) as session, session.begin():
        store_events.put_state(session, "station:M.7", {"stage": 3, "last_at": None}, first + timedelta(hours=2))
    with Session(engine) as session:
        row = session.get(store_events.AlertEventState, "station:M.7")
        assert row is not None and row.updated_at == first + timedelta(hours=2)
        assert store_events.get_state(session, "station:M.7") == {"stage": 3, "last_at": None}
