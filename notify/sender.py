"""The sender: empties the outbox, one claimed row at a time, with retries and backoff.

Part of the ingest worker: ``manage.py ingest --every`` runs ``run_sender`` in a thread while it
holds the worker lock, and the sender itself holds the ``alerts`` lock (``ops.lock``), so one
sender runs at a time; ``manage.py alerts send`` runs it alone. Each round:

1. ``store.outbox.claim_due`` claims the next due row (state ``sending``, an attempt row
   ``started``), committed before anything is sent; one row at a time, so a crash strands one;
2. the channel sends with the alert's key (LINE's retry key, the webhook's delivery id, the
   e-mail's Message-ID);
3. ``finish_attempt`` records the outcome: sent; failed with the next try at
   ``base * 2^(attempt-1)`` seconds (capped; or the server's ``Retry-After``); dead after
   ``max_attempts`` or a permanent refusal. If the database is down at that moment the record is
   retried until it is back (up to ``record_wait_s``), so a restart does not make a re-send.

Never lost: a row is queued until a channel accepted it. Never twice: a sender killed mid-send
leaves its row in ``sending``; after the lease it is claimed again and re-sent with the same key:
LINE answers 409 (counted delivered), a webhook receiver drops the delivery id it has seen, an
e-mail carries the same Message-ID.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from config import Settings
from notify import DeliveryError, Message, PermanentFailure, Receipt, TemporaryFailure
from notify.text import render_alert
from store.alerts import line_reserve
from store.base import utcnow
from store.outbox import Claimed, claim_due, finish_attempt
from store.public_messages import mark_public_sent

log = logging.getLogger(__name__)
RESTART_S = 10.0  # the sender thread starts again this long after an unexpected error
SETTING_OF = {
    "email": "ALERTS_EMAIL_ENABLED",
    "line": "ALERTS_LINE_ENABLED",
    "line_broadcast": "ALERTS_LINE_ENABLED",
    "webhook": "ALERTS_WEBHOOK_ENABLED",
}


class Channel(Protocol):
    def send(self, message: Message) -> Receipt: ...


@dataclass(frozen=True)
class RetryPolicy:
    base_s: float = 15.0
    cap_s: float = 3600.0
    max_attempts: int = 10
    lease_s: float = 300.0  # a row in 'sending' longer than this was left by a sender that stopped
    held_s: float = 3600.0  # a routine LINE alert held back by the quota reserve waits this long
    record_wait_s: float = 300.0  # how long to keep trying to record an outcome while the database is down

    def delay(self, attempt: int, retry_after_s: float | None = None) -> float:
        backoff = min(self.base_s * 2 ** max(attempt - 1, 0), self.cap_s)
        return max(backoff, min(retry_after_s or 0.0, self.cap_s))


@dataclass
class RoundResult:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    held: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.dead + self.held


def build_channels(settings: Settings) -> dict[str, Channel]:
    """The channels switched on by the settings, by outbox channel name."""
    from notify.checks import channel_problems
    from notify.email import EmailChannel
    from notify.line import LineChannel
    from notify.webhook import WebhookChannel

    incomplete = {channel for channel, _code, _params in channel_problems(settings)}
    channels: dict[str, Channel] = {}
    if settings.alerts_email_enabled and "email" not in incomplete:
        channels["email"] = EmailChannel(settings)
    if settings.alerts_line_enabled and "line" not in incomplete:
        channels["line"] = channels["line_broadcast"] = LineChannel(settings)
    if settings.alerts_webhook_enabled and "webhook" not in incomplete:
        channels["webhook"] = WebhookChannel(settings)
    return channels


def message_for(item: Claimed, settings: Settings) -> Message:
    subject, text = render_alert(
        item.kind, item.payload, item.lang, item.channel, text=item.text, base_url=settings.alerts_base_url
    )
    data = {
        "event_key": item.event_key,
        "kind": item.kind,
        "severity": item.severity,
        "lang": item.lang,
        "payload": item.payload,
    }
    return Message(item.idempotency_key, item.channel, item.address, subject, text, data)


class LineBudget:
    """What is left of the month's LINE quota for routine alerts: read from LINE at most every
    ``refresh_s`` and counted down locally in between."""

    def __init__(self, engine: Engine, channel: Channel | None, refresh_s: float = 60.0):
        self.engine, self.channel, self.refresh_s = engine, channel, refresh_s
        self.left: int | None = None
        self.read_at: float | None = None

    def allows(self, severity: str) -> bool:
        if severity == "severe" or self.channel is None:
            return True
        if self.read_at is None or time.monotonic() - self.read_at >= self.refresh_s:
            self.read_at, self.left = time.monotonic(), None
            try:
                left = self.channel.quota().left()  # type: ignore[attr-defined]  # LINE channels only
                self.left = None if left is None else left - line_reserve(self.engine)
            except DeliveryError as exc:  # an unreadable quota does not silence alerts
                log.warning("LINE quota not read: %s", exc)
        if self.left is None:
            return True
        if self.left <= 0:
            return False
        self.left -= 1
        return True


def _record(engine: Engine, policy: RetryPolicy, item: Claimed, outcome: str, **kw: object) -> None:
    """``finish_attempt``, retried while the database is unreachable (a restart)."""
    deadline = time.monotonic() + policy.record_wait_s
    pause = 0.2
    while True:
        try:
            finish_attempt(engine, item, outcome, **kw)  # type: ignore[arg-type]  # kw holds its keywords
            return
        except (OperationalError, InterfaceError):
            if time.monotonic() >= deadline:
                raise
            log.warning("alert %s: database unavailable while recording %s; retrying", item.id, outcome)
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


def deliver_one(
    engine: Engine,
    settings: Settings,
    channels: dict[str, Channel],
    item: Claimed,
    policy: RetryPolicy,
    budget: LineBudget,
    result: RoundResult,
) -> None:
    channel = channels.get(item.channel)
    if channel is None:
        error = (
            f"the {item.channel} channel is switched off or incomplete ({SETTING_OF.get(item.channel, '?')}; "
            "see python manage.py check)"
        )
        _later(engine, policy, item, "held", error, None, policy.held_s, result)
        return
    if item.channel == "line" and not budget.allows(item.severity):
        error = "line_quota_reserve: the rest of this month's LINE quota is kept for severe alerts"
        _later(engine, policy, item, "held", error, None, policy.held_s, result)
        return
    try:
        receipt = channel.send(message_for(item, settings))
    except PermanentFailure as exc:
        _record(engine, policy, item, "dead", status=exc.status, error=str(exc)[:500], now=utcnow())
        result.dead += 1
        result.errors.append(f"{item.id}: {exc}")
        return
    except TemporaryFailure as exc:
        delay = policy.delay(item.attempt, exc.retry_after_s)
        _later(engine, policy, item, "retry", str(exc)[:500], exc.status, delay, result)
        return
    except Exception as exc:  # a fault of ours (rendering, a channel bug): retried, and logged in full
        log.exception("alert %s: unexpected error", item.id)
        _later(engine, policy, item, "retry", f"{type(exc).__name__}: {exc}"[:500], None, policy.delay(1), result)
        return
    outcome = "duplicate" if receipt.duplicate else "sent"
    # sent_at: when the channel took it
    _record(engine, policy, item, outcome, status=receipt.status, retry_key=receipt.retry_key, now=utcnow())
    result.sent += 1
    if item.public_message_id is not None:
        mark_public_sent(engine, item.public_message_id)


def _later(
    engine: Engine,
    policy: RetryPolicy,
    item: Claimed,
    outcome: str,
    error: str,
    status: str | None,
    delay_s: float,
    result: RoundResult,
) -> None:
    if item.attempt >= policy.max_attempts:
        _record(engine, policy, item, "dead", status=status, error=error, now=utcnow())
        result.dead += 1
    else:
        when: datetime = utcnow() + timedelta(seconds=delay_s)
        _record(engine, policy, item, outcome, status=status, error=error, next_attempt_at=when, now=utcnow())
        if outcome == "held":
            result.held += 1
        else:
            result.failed += 1
    result.errors.append(f"{item.id}: {error}")


def deliver_due(
    engine: Engine,
    settings: Settings,
    channels: dict[str, Channel] | None = None,
    *,
    policy: RetryPolicy | None = None,
    limit: int = 10,
    ids: list[int] | None = None,
    budget: LineBudget | None = None,
) -> RoundResult:
    """One round: claim up to ``limit`` due rows (of ``ids`` only, if given) and deliver each;
    returns the counts."""
    policy = policy or RetryPolicy()
    channels = build_channels(settings) if channels is None else channels
    result = RoundResult()
    budget = budget or LineBudget(engine, channels.get("line"))
    for _ in range(limit):  # one row claimed at a time, just before its send: a crash strands one
        claimed = claim_due(engine, limit=1, lease_s=policy.lease_s, ids=ids)
        if not claimed:
            break
        deliver_one(engine, settings, channels, claimed[0], policy, budget, result)
    return result


def run_sender(
    engine: Engine,
    settings: Settings,
    channels: dict[str, Channel] | None = None,
    *,
    policy: RetryPolicy | None = None,
    idle_s: float = 1.0,
    stop: threading.Event | None = None,
    until_empty: bool = False,
) -> RoundResult:
    """Deliver round after round, pausing ``idle_s`` when nothing was due, until ``stop`` is set
    (or, with ``until_empty``, until a round finds nothing due). A database outage pauses it
    (logged) and it goes on when the database is back. Returns the totals."""
    totals = RoundResult()
    stop = stop or threading.Event()
    channels = build_channels(settings) if channels is None else channels
    budget = LineBudget(engine, channels.get("line"))  # one quota read a minute, not one a round
    while not stop.is_set():
        try:
            result = deliver_due(engine, settings, channels, policy=policy, budget=budget)
        except (OperationalError, InterfaceError) as exc:
            log.error("alert sender: database unavailable (%s); will retry", type(exc).__name__)
            stop.wait(max(idle_s, 1.0))
            continue
        for name in ("sent", "failed", "dead", "held"):
            setattr(totals, name, getattr(totals, name) + getattr(result, name))
        if not result.handled:
            if until_empty:
                break
            stop.wait(idle_s)
    return totals


def start_sender_thread(engine: Engine, settings: Settings, *, idle_s: float = 1.0) -> threading.Event:
    """Run the sender in a daemon thread of the ingest worker, holding the ``alerts`` lock;
    returns the event that stops it."""
    from ops.lock import hold_lock

    stop = threading.Event()

    def body() -> None:
        while not stop.is_set():  # a fault of ours must not silence the alerts for the worker's life
            try:
                with hold_lock(engine, "alerts") as lock:
                    while not stop.is_set():
                        lock.ensure()
                        run_sender(engine, settings, idle_s=idle_s, stop=stop, until_empty=True)
                        stop.wait(idle_s)
            except Exception:
                log.exception("alert sender: unexpected error; starting again in %g s", RESTART_S)
                stop.wait(RESTART_S)

    threading.Thread(target=body, name="alert-sender", daemon=True).start()
    return stop
