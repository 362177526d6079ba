"""The alert store on SQLite and PostgreSQL: contacts refuse bad addresses with a reason,
subscriptions and defaults, the outbox written inside the caller's transaction (rolled back with
it), idempotency keys, claiming, leases, and the two-person rule of the public channel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from auth import PermissionDenied, User
from store import alerts, outbox, public_messages
from store.alerts import AlertConfigError
from store.outbox import AlertDraft, OutboxError

ADMIN = User("admin1", "Admin One", "admin")
ADMIN2 = User("admin2", "Admin Two", "admin")
OFFICER = User("somchai", "Somchai", "officer", districts=("3401",))
NOW = datetime(2026, 10, 1, 3, 0, tzinfo=UTC)
LINE_ID = "U" + "0123456789abcdef" * 2


def draft(event="water.bank:M.7:2026-10-01T03:00", **kw) -> AlertDraft:
    base = dict(
        event_key=event,
        kind="water.bank",
        severity="warning",
        channel="email",
        address="somchai@example.go.th",
        recipient="somchai",
        payload={"station": "M.7"},
    )
    return AlertDraft(**{**base, **kw})


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": "a@b"}, "email"),
        ({"email": "two words@example.com"}, "email"),
        ({"line_to": "U123"}, "line_to"),
        ({"line_to": "X" + "0" * 32}, "line_to"),
        ({"webhook_url": "http://example.com/hook"}, "webhook_url"),
        ({"webhook_url": "ftp://example.com/hook"}, "webhook_url"),
        ({"webhook_url": "http://localhost/hook"}, "webhook_url"),
        ({"language": "fr"}, "language"),
        ({"quiet_from_min": 22 * 60}, "quiet_hours"),
        ({"quiet_from_min": 1500, "quiet_to_min": 60}, "quiet_hours"),
    ],
)
def test_a_bad_contact_is_refused_with_a_reason_and_nothing_saved(engine, kwargs, code):
    with pytest.raises(AlertConfigError) as caught:
        alerts.set_contact(engine, OFFICER, "somchai", **kwargs)
    assert caught.value.code == code
    assert str(caught.value)  # the one-line reason
    assert alerts.get_contact(engine, "somchai") is None


def test_a_good_contact_is_saved_and_read_back(engine):
    alerts.set_contact(
        engine,
        OFFICER,
        "somchai",
        email="somchai@example.go.th",
        line_to=LINE_ID,
        webhook_url="http://127.0.0.1:9000/hook",
        language="en",
        quiet_from_min=22 * 60,
        quiet_to_min=6 * 60,
        now=NOW,
    )
    contact = alerts.get_contact(engine, "somchai")
    assert contact is not None
    assert (contact.email, contact.line_to, contact.language) == ("somchai@example.go.th", LINE_ID, "en")
    assert contact.address("webhook") == "http://127.0.0.1:9000/hook"
    assert (contact.quiet_from_min, contact.quiet_to_min) == (1320, 360)


def test_only_the_account_itself_or_an_admin_edits_its_alerts(engine):
    with pytest.raises(PermissionDenied):
        alerts.set_contact(engine, OFFICER, "someone.else", email="x@example.com")
    with pytest.raises(PermissionDenied):
        alerts.subscribe(engine, None, "somchai", "email")
    alerts.set_contact(engine, ADMIN, "someone.else", email="x@example.com")
    with pytest.raises(PermissionDenied):
        alerts.set_line_reserve(engine, OFFICER, 10)


def test_subscriptions_defaults_and_supervisors(engine):
    assert alerts.subscribe(engine, OFFICER, "somchai", "line", "water.bank", station_code="M.7")
    assert not alerts.subscribe(engine, OFFICER, "somchai", "line", "water.bank", station_code="M.7")
    assert alerts.subscribe(engine, OFFICER, "somchai", "email", district_code="3401")
    subs = alerts.list_subscriptions(engine, "somchai")
    assert [(s["channel"], s["kind"], s["station_code"], s["district_code"]) for s in subs] == [
        ("line", "water.bank", "M.7", ""),
        ("email", "*", "", "3401"),
    ]
    with pytest.raises(AlertConfigError) as caught:
        alerts.subscribe(engine, OFFICER, "somchai", "fax")
    assert caught.value.code == "channel"
    with pytest.raises(AlertConfigError):
        alerts.subscribe(engine, OFFICER, "somchai", "email", district_code="34")
    assert alerts.unsubscribe(engine, OFFICER, "somchai", subs[0]["id"]) == 1
    assert alerts.set_default(engine, ADMIN, "email", "water.bank", role="officer", district_code="3401")
    assert alerts.list_defaults(engine)[0]["role"] == "officer"
    with pytest.raises(AlertConfigError):
        alerts.set_default(engine, ADMIN, "email", role="boss")
    assert alerts.set_supervisor(engine, ADMIN, "3401", "wit")
    assert alerts.supervisors_for(engine, "3401") == ["wit"]
    assert alerts.remove_supervisor(engine, ADMIN, "3401", "wit") == 1


def test_line_reserve_and_public_webhooks_settings(engine):
    assert alerts.line_reserve(engine) == alerts.DEFAULT_LINE_RESERVE
    alerts.set_line_reserve(engine, ADMIN, 120)
    assert alerts.line_reserve(engine) == 120
    with pytest.raises(AlertConfigError):
        alerts.set_public_webhooks(engine, ADMIN, ["http://example.com/x"])
    alerts.set_public_webhooks(engine, ADMIN, ["https://hooks.example.com/a", "http://127.0.0.1:8080/b"])
    assert alerts.public_webhooks(engine) == ["https://hooks.example.com/a", "http://127.0.0.1:8080/b"]


def test_alerts_commit_and_roll_back_with_their_cause(engine):
    with engine.begin() as conn:
        assert outbox.enqueue_alerts(conn, [draft(), draft(channel="line", address=LINE_ID)], now=NOW) == 2
    with pytest.raises(RuntimeError), engine.begin() as conn:
        outbox.enqueue_alerts(conn, [draft(event="other")], now=NOW)
        raise RuntimeError("the cause failed after its alerts were written")
    with Session(engine) as session, session.begin():  # a Session works too
        assert outbox.enqueue_alerts(session, [draft(event="third")], now=NOW) == 1
    assert outbox.outbox_counts(engine)["queued"] == 3
    assert {r["event_key"] for r in outbox.list_outbox(engine)} == {"water.bank:M.7:2026-10-01T03:00", "third"}


def test_the_same_alert_for_the_same_recipient_is_queued_once(engine):
    with engine.begin() as conn:
        assert outbox.enqueue_alerts(conn, [draft(), draft()], now=NOW) == 1
    with engine.begin() as conn:
        assert outbox.enqueue_alerts(conn, [draft()], now=NOW) == 0
        assert outbox.enqueue_alerts(conn, [draft(recipient="malee", address="malee@example.go.th")], now=NOW) == 1
    assert sum(outbox.outbox_counts(engine).values()) == 2


@pytest.mark.parametrize(
    "bad",
    [
        {"channel": "fax"},
        {"severity": "panic"},
        {"lang": "fr"},
        {"address": " "},
        {"channel": "line", "text": "x" * 5001},
    ],
)
def test_a_bad_draft_writes_nothing(engine, bad):
    with pytest.raises(OutboxError), engine.begin() as conn:
        outbox.enqueue_alerts(conn, [draft(event="good"), draft(**bad)], now=NOW)
    assert sum(outbox.outbox_counts(engine).values()) == 0


def test_claim_finish_retry_and_lease(engine):
    with engine.begin() as conn:
        outbox.enqueue_alerts(conn, [draft(), draft(event="b")], now=NOW)
    first = outbox.claim_due(engine, now=NOW, limit=10)
    assert len(first) == 2 and all(c.attempt == 1 and not c.recovered for c in first)
    assert outbox.claim_due(engine, now=NOW + timedelta(seconds=10), lease_s=60) == []  # leased
    outbox.finish_attempt(engine, first[0], "sent", status="250", now=NOW)
    outbox.finish_attempt(
        engine, first[1], "retry", status="500", error="HTTP 500", next_attempt_at=NOW + timedelta(seconds=30)
    )
    assert outbox.outbox_counts(engine) == {"queued": 0, "sending": 0, "sent": 1, "failed": 1, "dead": 0}
    assert outbox.claim_due(engine, now=NOW + timedelta(seconds=5)) == []  # not yet due
    again = outbox.claim_due(engine, now=NOW + timedelta(seconds=31), lease_s=60)
    assert [c.attempt for c in again] == [2]
    # the sender died: the lease runs out and the row is claimed again, marked recovered
    recovered = outbox.claim_due(engine, now=NOW + timedelta(seconds=200), lease_s=60)
    assert [(c.attempt, c.recovered) for c in recovered] == [(3, True)]
    attempts = outbox.list_attempts(engine, recovered[0].id)
    assert [a["outcome"] for a in attempts] == ["retry", "interrupted", "started"]
    # a late finish of the interrupted attempt does not move the row the new attempt owns
    outbox.finish_attempt(engine, again[0], "sent", now=NOW)
    assert outbox.outbox_counts(engine)["sending"] == 1
    outbox.finish_attempt(engine, recovered[0], "dead", error="refused")
    assert outbox.resend(engine, ADMIN, recovered[0].id)
    with pytest.raises(PermissionDenied):
        outbox.resend(engine, OFFICER, recovered[0].id)
    assert outbox.outbox_counts(engine)["queued"] == 1


def test_public_message_needs_a_second_admin_when_it_raises_the_level(engine):
    alerts.set_public_webhooks(engine, ADMIN, ["http://127.0.0.1:8080/public"])
    with pytest.raises(AlertConfigError):
        public_messages.propose_public_message(engine, OFFICER, "x" * 5001)
    with pytest.raises(PermissionDenied):
        public_messages.propose_public_message(engine, User("gov", "Gov", "viewer"), "text")
    mid = public_messages.propose_public_message(engine, OFFICER, "ระดับน้ำสูงขึ้น", raises_level=True, now=NOW)
    with pytest.raises(PermissionDenied):
        public_messages.approve_public_message(engine, OFFICER, mid)
    assert not public_messages.approve_public_message(engine, ADMIN, mid, now=NOW)
    assert sum(outbox.outbox_counts(engine).values()) == 0  # one approval is not enough
    with pytest.raises(AlertConfigError) as caught:
        public_messages.approve_public_message(engine, ADMIN, mid)
    assert caught.value.code == "public_twice"
    assert public_messages.approve_public_message(engine, ADMIN2, mid, now=NOW)
    rows = outbox.list_outbox(engine)
    assert sorted(r["channel"] for r in rows) == ["line_broadcast", "webhook"]
    listed = public_messages.list_public_messages(engine)[0]
    assert listed["state"] == "approved" and [a[0] for a in listed["approvals"]] == ["admin1", "admin2"]
    simple = public_messages.propose_public_message(engine, OFFICER, "ปกติ", raises_level=False)
    assert public_messages.approve_public_message(engine, ADMIN, simple)


def test_outbox_idempotency_key_is_unique_in_the_database(engine):
    with engine.begin() as conn:
        outbox.enqueue_alerts(conn, [draft()], now=NOW)
    key = outbox.idempotency_key(draft().event_key, "somchai", "email", "somchai@example.go.th")
    with pytest.raises(Exception), engine.begin() as conn:  # noqa: B017 (IntegrityError of either driver)
        conn.execute(
            text(
                "INSERT INTO alert_outbox (idempotency_key, event_key, kind, severity, channel, address, lang, "
                "payload, state, attempts, next_attempt_at, created_at) VALUES (:k, 'e', 'k', 'info', 'email', "
                "'a', 'th', '{}', 'queued', 0, :t, :t)"
            ),
            {"k": key, "t": NOW.replace(tzinfo=None)},
        )


def test_not_before_and_cancel_for_quiet_hours_and_escalations(engine):
    later = NOW + timedelta(hours=2)
    with engine.begin() as conn:
        outbox.enqueue_alerts(conn, [draft(event="esc:1", not_before=later), draft(event="now")], now=NOW)
    claimed = outbox.claim_due(engine, now=NOW + timedelta(minutes=5))
    assert [c.event_key for c in claimed] == ["now"]
    outbox.finish_attempt(engine, claimed[0], "sent")
    with engine.begin() as conn:  # the item was acknowledged: the escalation is not sent
        assert outbox.cancel_queued(conn, "esc:1", "acknowledged by somchai") == 1
    assert outbox.claim_due(engine, now=later + timedelta(minutes=1)) == []
    row = outbox.list_outbox(engine, state="dead")[0]
    assert row["last_error"] == "cancelled: acknowledged by somchai"
