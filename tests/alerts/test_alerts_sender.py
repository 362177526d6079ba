"""The sender against the real local servers, on SQLite and PostgreSQL: every alert delivered
once, every attempt recorded; a 500, a 429 and a timeout retried with backoff and no double
(LINE's retry key); a permanent refusal given up; the LINE quota reserve; a channel switched off."""

from __future__ import annotations

import time

import pytest

from notify.email import EmailChannel
from notify.line import LineChannel
from notify.sender import RetryPolicy, build_channels, deliver_due
from notify.webhook import WebhookChannel
from store import alerts, outbox
from store.outbox import AlertDraft

LINE_ID = "U" + "0123456789abcdef" * 2
FAST = RetryPolicy(base_s=0.05, cap_s=0.2, max_attempts=4, lease_s=30, held_s=30)


@pytest.fixture
def channels(alert_settings, client_tls):
    line = LineChannel(alert_settings)
    return {
        "email": EmailChannel(alert_settings, ssl_context=client_tls),
        "line": line,
        "line_broadcast": line,
        "webhook": WebhookChannel(alert_settings),
    }


def queue(engine, *drafts: AlertDraft) -> None:
    with engine.begin() as conn:
        outbox.enqueue_alerts(conn, list(drafts))


def alert(event: str, channel: str, address: str, severity: str = "warning") -> AlertDraft:
    return AlertDraft(
        event, "water.bank", severity, channel, address, "somchai", "th", {"station": "M.7", "text": f"ทดสอบ {event}"}
    )


def drain(engine, settings, channels, policy=FAST, *, until=lambda c: c["queued"] + c["failed"] == 0, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        deliver_due(engine, settings, channels, policy=policy)
        counts = outbox.outbox_counts(engine)
        if until(counts):
            return counts
        time.sleep(0.05)
    raise AssertionError(f"outbox not drained: {outbox.outbox_counts(engine)}")


def test_each_channel_delivers_once_and_every_attempt_is_recorded(engine, alert_settings, channels, smtp, line, hook):
    queue(
        engine,
        alert("a", "email", "somchai@example.go.th"),
        alert("a", "line", LINE_ID),
        alert("a", "webhook", hook.url),
    )
    counts = drain(engine, alert_settings, channels)
    assert counts["sent"] == 3
    assert len(smtp.messages) == 1 and len(line.accepted) == 1 and sum(hook.deliveries.values()) == 1
    for row in outbox.list_outbox(engine):
        attempts = outbox.list_attempts(engine, row["id"])
        assert [a["outcome"] for a in attempts] == ["sent"] and attempts[0]["finished_at"] is not None
    assert "ทดสอบ a" in smtp.messages[0][2].get_payload(decode=True).decode("utf-8")


def test_a_500_then_a_429_are_retried_with_backoff_and_sent_once(engine, alert_settings, channels, line):
    line.script = [500, 429]
    queue(engine, alert("b", "line", LINE_ID))
    policy = RetryPolicy(base_s=0.05, cap_s=5, max_attempts=5, lease_s=30)
    first = deliver_due(engine, alert_settings, channels, policy=policy)
    assert first.failed == 1
    row = outbox.list_outbox(engine)[0]
    assert row["state"] == "failed" and "500" in row["last_error"]
    started = time.monotonic()
    counts = drain(engine, alert_settings, channels, policy)
    assert counts["sent"] == 1
    assert time.monotonic() - started >= 0.9  # the 429's Retry-After: 1 was honoured
    attempts = outbox.list_attempts(engine, row["id"])
    assert [(a["outcome"], a["status"]) for a in attempts] == [("retry", "500"), ("retry", "429"), ("sent", "200")]
    assert len(line.accepted) == 1


def test_a_timeout_after_line_accepted_is_not_sent_twice(engine, tmp_path, smtp, line):
    from config import load_settings
    from tests.alerts.conftest import alert_env

    settings = load_settings(alert_env(tmp_path, smtp.port, line.url, ALERTS_SEND_TIMEOUT="1"))
    line.stall_s = 2  # LINE accepts, then answers too late
    queue(engine, alert("c", "line", LINE_ID))
    channels = {"line": LineChannel(settings)}
    first = deliver_due(engine, settings, channels, policy=FAST)
    assert first.failed == 1 and len(line.accepted) == 1
    line.stall_s = 0
    counts = drain(engine, settings, channels)
    assert counts["sent"] == 1
    assert len(line.accepted) == 1 and line.conflicts == 1  # the retry key made the re-send a 409
    attempts = outbox.list_attempts(engine, outbox.list_outbox(engine)[0]["id"])
    assert [a["outcome"] for a in attempts] == ["retry", "duplicate"]


def test_a_refused_recipient_is_given_up_and_a_failing_channel_dies_after_max_attempts(
    engine, alert_settings, channels, smtp, hook
):
    smtp.refuse.add("gone@example.go.th")
    hook.script = [500] * 10
    queue(engine, alert("d", "email", "gone@example.go.th"), alert("d", "webhook", hook.url))
    counts = drain(engine, alert_settings, channels, until=lambda c: c["dead"] == 2)
    assert counts["dead"] == 2 and counts["sent"] == 0
    by_channel = {r["channel"]: r for r in outbox.list_outbox(engine)}
    assert by_channel["email"]["attempts"] == 1 and "550" in by_channel["email"]["last_error"]
    assert by_channel["webhook"]["attempts"] == FAST.max_attempts


def test_routine_line_alerts_leave_the_reserve_to_severe_ones(engine, alert_settings, channels, line):
    from auth import SYSTEM

    line.quota_limit = 10
    alerts.set_line_reserve(engine, SYSTEM, 8)  # 2 messages for routine alerts, 8 kept
    queue(engine, *(alert(f"r{i}", "line", LINE_ID, "watch") for i in range(4)))
    queue(engine, alert("severe", "line", LINE_ID, "severe"))
    result = deliver_due(engine, alert_settings, channels, policy=FAST)
    assert (result.sent, result.held) == (3, 2)
    texts = [m["messages"][0]["text"] for m in line.accepted]
    assert sum("severe" in t for t in texts) == 1
    held = outbox.list_outbox(engine, state="failed")
    assert all(r["last_error"].startswith("line_quota_reserve") for r in held)


def test_a_channel_switched_off_holds_its_alerts(engine, alert_settings, hook):
    queue(engine, alert("e", "webhook", hook.url))
    result = deliver_due(engine, alert_settings, {}, policy=FAST)
    assert result.held == 1 and not hook.deliveries
    row = outbox.list_outbox(engine)[0]
    assert row["state"] == "failed" and "switched off" in row["last_error"]


def test_channels_with_a_missing_secret_are_not_built(tmp_path):
    from config import load_settings
    from tests.alerts.conftest import alert_env

    settings = load_settings(alert_env(tmp_path, LINE_CHANNEL_TOKEN="", WEBHOOK_SECRET=""))
    assert set(build_channels(settings)) == {"email"}


def test_the_public_summary_is_broadcast_once_approved(engine, alert_settings, channels, line, hook):
    from auth import User
    from store import public_messages

    alerts.set_public_webhooks(engine, User("a", "A", "admin"), [hook.url])
    mid = public_messages.propose_public_message(engine, User("o", "O", "officer"), "ประกาศ: ระดับน้ำ M.7")
    public_messages.approve_public_message(engine, User("a", "A", "admin"), mid)
    counts = drain(engine, alert_settings, channels)
    assert counts["sent"] == 2
    assert line.accepted[0]["path"] == "/v2/bot/message/broadcast"
    assert hook.posts[0]["text"] == "ประกาศ: ระดับน้ำ M.7"
    assert public_messages.list_public_messages(engine)[0]["state"] == "sent"


def test_a_hostile_station_name_arrives_as_plain_text_in_the_json_and_raw_as_data(
    engine, alert_settings, channels, hook, line
):
    hostile = "<script>x</script> *M.7* @everyone"
    queue(
        engine,
        AlertDraft("h", "unknown.kind", "warning", "webhook", hook.url, "somchai", "en", {"station": hostile}),
        AlertDraft("h", "unknown.kind", "warning", "line", LINE_ID, "somchai", "en", {"station": hostile}),
    )
    drain(engine, alert_settings, channels)
    # QA: the webhook's subject and text carried Markdown backslashes ("\\[Info\\]"). A JSON
    # payload is data: plain text, JSON encoding is its escaping, no backslash added of ours.
    text, subject = hook.posts[0]["text"], hook.posts[0]["subject"]
    assert hostile in text and "\\" not in text + subject and "&lt;" not in text
    assert hook.posts[0]["payload"]["station"] == hostile  # the data as it came, for the receiver's own escaping
    assert hostile in line.accepted[0]["messages"][0]["text"]  # LINE text renders no markup: shown as typed


def test_the_worker_thread_survives_a_fault_of_ours(tmp_path, monkeypatch, alert_settings, line):
    import notify.sender as sender
    from store.db import make_engine, migrate

    url = f"sqlite:///{tmp_path / 'thread.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    real, calls = sender.run_sender, []

    def faulty_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a bug in a round")
        return real(*args, **kwargs)

    monkeypatch.setattr(sender, "run_sender", faulty_once)
    monkeypatch.setattr(sender, "RESTART_S", 0.1)
    queue(engine, alert("t", "line", LINE_ID))
    stop = sender.start_sender_thread(engine, alert_settings, idle_s=0.1)
    try:
        deadline = time.monotonic() + 20
        while outbox.outbox_counts(engine)["sent"] != 1 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        stop.set()
    assert outbox.outbox_counts(engine)["sent"] == 1 and len(line.accepted) == 1 and len(calls) >= 2
    engine.dispose()


def test_the_public_summary_goes_out_in_thai_whatever_the_proposing_admins_page_language(
    engine, alert_settings, channels, line, hook
):
    # QA: an admin on the English page proposed; the LINE broadcast went out in English only.
    # The public channel speaks the province's default language (Thai), and the approval view
    # (list_public_messages' text) is exactly what goes out.
    from auth import User
    from domain.summary import public_summary
    from services.public_summary import propose_public_summary
    from store import public_messages
    from tests.alert_events.test_public_summary import snapshot

    admin = User("a", "A", "admin")
    alerts.set_public_webhooks(engine, admin, [hook.url])
    mid = propose_public_summary(engine, alert_settings, admin, snapshot("high"), card=False)
    shown = public_messages.list_public_messages(engine)[0]
    assert shown["lang"] == "th" and shown["text"] == public_summary(snapshot("high"), "th")
    public_messages.approve_public_message(engine, admin, mid)  # it raises the level: two admins
    assert public_messages.approve_public_message(engine, User("b", "B", "admin"), mid) is True
    drain(engine, alert_settings, channels)
    assert line.accepted[0]["messages"][0]["text"] == shown["text"]
    assert hook.posts[0]["text"] == shown["text"]
