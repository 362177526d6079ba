"""The alert outbox: one row per alert x recipient x channel, written in the same transaction
as the event that caused it (``enqueue_alerts`` takes the caller's Connection or Session), and
every delivery attempt (``alert_attempts``).

States: ``queued`` -> ``sending`` (claimed by the sender) -> ``sent`` | ``failed`` (to be retried
at ``next_attempt_at``) | ``dead`` (given up, or refused for good). A row left in ``sending``
by a sender that died is claimed again once its lease has run out.

The idempotency key is SHA-256 of (event key, recipient, channel, address) in hex: the same event
for the same recipient and channel is queued once (``INSERT ... ON CONFLICT DO NOTHING``), and the
channels send it with a key derived from it (LINE's ``X-Line-Retry-Key``, the webhook's
``X-FloodRoom-Delivery``, the e-mail's ``Message-ID``), so a retry is recognised as one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from auth import User, require
from store.base import Base, UTCDateTime, utcnow

OUTBOX_CHANNELS = ("email", "line", "webhook", "line_broadcast")
SEVERITIES = ("info", "watch", "warning", "severe")  # "severe" may spend the LINE reserve, overrides quiet hours
STATES = ("queued", "sending", "sent", "failed", "dead")
TEXT_LIMITS = {"email": 100_000, "line": 5000, "line_broadcast": 5000, "webhook": 50_000}  # characters
LANGS = ("th", "en")


class OutboxError(ValueError):
    """A draft that cannot be queued (unknown channel, severity, language; empty address; text
    over the channel's limit)."""


class AlertOutbox(Base):
    __tablename__ = "alert_outbox"
    __table_args__ = (Index("ix_alert_outbox_state", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    event_key: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str | None] = mapped_column(String(80), index=True)  # None: the public, a system webhook
    channel: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(500))
    lang: Mapped[str] = mapped_column(String(2))
    payload: Mapped[str] = mapped_column(Text)  # JSON: the event's parameters (codes and values, not words)
    text: Mapped[str | None] = mapped_column(Text)  # a finished text (test message, public summary)
    public_message_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("public_messages.id"))
    state: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)


class AlertAttempt(Base):
    __tablename__ = "alert_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outbox_id: Mapped[int] = mapped_column(Integer, ForeignKey("alert_outbox.id"), index=True)
    attempt: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(String(20))  # started, sent, duplicate, retry, dead, interrupted, held
    status: Mapped[str | None] = mapped_column(String(40))  # HTTP status or SMTP code
    error: Mapped[str | None] = mapped_column(Text)
    retry_key: Mapped[str | None] = mapped_column(String(64))


@dataclass(frozen=True)
class AlertDraft:
    """One alert for one recipient on one channel, before it is queued. ``payload`` holds the
    event's parameters (station, reading, time, source, class, link...); the words come from the
    catalogue at send time in ``lang``. ``text`` is for an already finished message."""

    event_key: str
    kind: str
    severity: str
    channel: str
    address: str
    recipient: str | None = None
    lang: str = "th"
    payload: dict[str, Any] = field(default_factory=dict)
    text: str | None = None
    public_message_id: int | None = None
    not_before: datetime | None = None  # not sent before this time (quiet hours, an escalation's deadline)


def idempotency_key(event_key: str, recipient: str | None, channel: str, address: str) -> str:
    return hashlib.sha256(f"{event_key}\x1f{recipient or ''}\x1f{channel}\x1f{address}".encode()).hexdigest()


def _check(draft: AlertDraft) -> None:
    if draft.channel not in OUTBOX_CHANNELS:
        raise OutboxError(f"channel {draft.channel!r} is not one of {', '.join(OUTBOX_CHANNELS)}")
    if draft.severity not in SEVERITIES:
        raise OutboxError(f"severity {draft.severity!r} is not one of {', '.join(SEVERITIES)}")
    if draft.lang not in LANGS:
        raise OutboxError(f"language {draft.lang!r} is not one of th, en")
    if not draft.address.strip() or not draft.event_key.strip() or len(draft.event_key) > 300:
        raise OutboxError("an alert needs an address and an event key of 1-300 characters")
    if draft.text is not None and len(draft.text) > TEXT_LIMITS[draft.channel]:
        raise OutboxError(
            f"text of {len(draft.text):,} characters is over the {draft.channel} limit of "
            f"{TEXT_LIMITS[draft.channel]:,}"
        )


def enqueue_alerts(bind: Connection | Session, drafts: list[AlertDraft], *, now: datetime | None = None) -> int:
    """Queue ``drafts`` inside the caller's open transaction (``bind``: a Connection or Session),
    so the event and its alerts commit or roll back together. A draft whose idempotency key is
    already queued is skipped. Returns how many rows were added. Raises ``OutboxError`` for a
    bad draft before writing any."""
    for draft in drafts:
        _check(draft)
    if not drafts:
        return 0
    now = now or utcnow()
    rows = [
        {
            "idempotency_key": idempotency_key(d.event_key, d.recipient, d.channel, d.address),
            "event_key": d.event_key,
            "kind": d.kind,
            "severity": d.severity,
            "recipient": d.recipient,
            "channel": d.channel,
            "address": d.address,
            "lang": d.lang,
            "payload": json.dumps(d.payload, ensure_ascii=False, default=str, sort_keys=True),
            "text": d.text,
            "public_message_id": d.public_message_id,
            "state": "queued",
            "attempts": 0,
            "next_attempt_at": max(now, d.not_before) if d.not_before else now,
            "created_at": now,
        }
        for d in drafts
    ]
    dialect = bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    added = 0
    for row in rows:  # one by one, RETURNING: a driver's rowcount of ON CONFLICT DO NOTHING is not portable
        stmt = insert(AlertOutbox).values(**row).on_conflict_do_nothing(index_elements=["idempotency_key"])
        added += len(bind.execute(stmt.returning(AlertOutbox.id)).all())
    return added


@dataclass(frozen=True)
class Claimed:
    """An outbox row claimed for one attempt."""

    id: int
    idempotency_key: str
    event_key: str
    kind: str
    severity: str
    recipient: str | None
    channel: str
    address: str
    lang: str
    payload: dict[str, Any]
    text: str | None
    attempt: int
    attempt_id: int
    recovered: bool  # it was left in 'sending' by a sender that stopped: this may be a re-send
    public_message_id: int | None = None


def claim_due(
    engine: Engine,
    *,
    now: datetime | None = None,
    limit: int = 50,
    lease_s: float = 120,
    ids: list[int] | None = None,
) -> list[Claimed]:
    """Claim up to ``limit`` due rows (queued or failed whose time has come, or sending whose
    lease ran out) for one attempt each: state ``sending``, ``attempts`` + 1 and an attempt row
    ``started``, committed before anything is sent. A row another sender claimed first is skipped.
    ``ids``: only these rows (``manage.py alerts test`` sends its own message at once)."""
    now = now or utcnow()
    stale = now - timedelta(seconds=lease_s)
    claimed = []
    with Session(engine) as session:
        query = select(AlertOutbox.id, AlertOutbox.state, AlertOutbox.claimed_at)
        if ids is not None:
            query = query.where(AlertOutbox.id.in_(ids))
        due = session.execute(
            query.where(
                or_(
                    (AlertOutbox.state.in_(("queued", "failed"))) & (AlertOutbox.next_attempt_at <= now),
                    (AlertOutbox.state == "sending") & (AlertOutbox.claimed_at < stale),
                )
            )
            .order_by(AlertOutbox.next_attempt_at, AlertOutbox.id)
            .limit(limit)
        ).all()
    for row_id, state, claimed_at in due:
        with Session(engine) as session, session.begin():
            cond = [AlertOutbox.id == row_id, AlertOutbox.state == state]
            if state == "sending":
                cond.append(AlertOutbox.claimed_at == claimed_at)
            result = session.execute(
                update(AlertOutbox)
                .where(*cond)
                .values(state="sending", claimed_at=now, attempts=AlertOutbox.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            if getattr(result, "rowcount", 0) != 1:
                continue  # another sender took it
            row = session.get_one(AlertOutbox, row_id)
            if state == "sending":  # the previous attempt never finished: say so in its record
                session.execute(
                    update(AlertAttempt)
                    .where(AlertAttempt.outbox_id == row_id, AlertAttempt.outcome == "started")
                    .values(outcome="interrupted", finished_at=now, error="sender stopped during the attempt")
                )
            attempt = AlertAttempt(outbox_id=row_id, attempt=row.attempts, started_at=now, outcome="started")
            session.add(attempt)
            session.flush()
            claimed.append(
                Claimed(
                    row.id,
                    row.idempotency_key,
                    row.event_key,
                    row.kind,
                    row.severity,
                    row.recipient,
                    row.channel,
                    row.address,
                    row.lang,
                    json.loads(row.payload),
                    row.text,
                    row.attempts,
                    attempt.id,
                    state == "sending",
                    row.public_message_id,
                )
            )
    return claimed


def finish_attempt(
    engine: Engine,
    item: Claimed,
    outcome: str,
    *,
    status: str | None = None,
    error: str | None = None,
    retry_key: str | None = None,
    next_attempt_at: datetime | None = None,
    now: datetime | None = None,
) -> None:
    """Record how an attempt ended and move the row: ``sent``/``duplicate`` -> sent, ``retry``/
    ``held`` -> failed (again at ``next_attempt_at``), ``dead`` -> dead. Only a row still claimed
    by this attempt is moved (a row recovered by another sender is left to it)."""
    now = now or utcnow()
    state = {"sent": "sent", "duplicate": "sent", "retry": "failed", "held": "failed", "dead": "dead"}[outcome]
    values: dict[str, Any] = {"state": state, "last_error": error}
    if state == "sent":
        values["sent_at"] = now
    if state == "failed":
        values["next_attempt_at"] = next_attempt_at or now
    with Session(engine) as session, session.begin():
        session.execute(
            update(AlertAttempt)
            .where(AlertAttempt.id == item.attempt_id)
            .values(outcome=outcome, status=status, error=error, retry_key=retry_key, finished_at=now)
        )
        session.execute(
            update(AlertOutbox)
            .where(AlertOutbox.id == item.id, AlertOutbox.state == "sending", AlertOutbox.attempts == item.attempt)
            .values(**values)
        )


def cancel_queued(bind: Connection | Session, event_key: str, reason: str, *, now: datetime | None = None) -> int:
    """Give up the alerts of ``event_key`` not yet sent (queued or failed), inside the caller's
    transaction: e.g. an escalation whose item was acknowledged before its time. They become
    ``dead`` with ``cancelled: <reason>`` as their last error. Returns how many."""
    result = bind.execute(
        update(AlertOutbox)
        .where(AlertOutbox.event_key == event_key, AlertOutbox.state.in_(("queued", "failed")))
        .values(state="dead", last_error=f"cancelled: {reason}"[:500])
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def outbox_id(engine: Engine, key: str) -> int | None:
    """The id of the outbox row with idempotency key ``key``, or None."""
    with Session(engine) as session:
        return session.scalar(select(AlertOutbox.id).where(AlertOutbox.idempotency_key == key))


def outbox_counts(engine: Engine) -> dict[str, int]:
    """Rows per state, every state present (0 when none)."""
    with Session(engine) as session:
        found = dict(session.execute(select(AlertOutbox.state, func.count()).group_by(AlertOutbox.state)).all())
    return {state: int(found.get(state, 0)) for state in STATES}


_LIST_COLS = (
    "id",
    "event_key",
    "kind",
    "severity",
    "recipient",
    "channel",
    "address",
    "lang",
    "payload",
    "text",
    "state",
    "attempts",
    "next_attempt_at",
    "created_at",
    "sent_at",
    "last_error",
)


def list_outbox(
    engine: Engine, *, state: str | None = None, recipient: str | None = None, limit: int = 200
) -> list[dict]:
    """Outbox rows, newest first (optionally of one state or recipient), as dicts, with what their
    words are made of (``payload`` parsed, ``text``): a person's history or the admin's view."""
    query = select(AlertOutbox).order_by(AlertOutbox.created_at.desc(), AlertOutbox.id.desc()).limit(limit)
    if state is not None:
        query = query.where(AlertOutbox.state == state)
    if recipient is not None:
        query = query.where(AlertOutbox.recipient == recipient)
    with Session(engine) as session:
        rows = [{c: getattr(r, c) for c in _LIST_COLS} for r in session.scalars(query)]
    for row in rows:
        row["payload"] = json.loads(row["payload"] or "{}")
    return rows


def list_attempts(engine: Engine, outbox_id: int) -> list[dict]:
    """Every attempt of one outbox row, oldest first."""
    cols = ("attempt", "started_at", "finished_at", "outcome", "status", "error", "retry_key")
    with Session(engine) as session:
        rows = session.scalars(
            select(AlertAttempt).where(AlertAttempt.outbox_id == outbox_id).order_by(AlertAttempt.id)
        )
        return [{c: getattr(r, c) for c in cols} for r in rows]


def resend(engine: Engine, actor: User | None, outbox_id: int, *, now: datetime | None = None) -> bool:
    """An admin sends a ``dead`` or ``failed`` row again now (same idempotency key: LINE still
    refuses a message it already accepted). True if the row was re-queued."""
    require(actor, "alerts.admin")
    with Session(engine) as session, session.begin():
        result = session.execute(
            update(AlertOutbox)
            .where(AlertOutbox.id == outbox_id, AlertOutbox.state.in_(("dead", "failed")))
            .values(state="queued", next_attempt_at=now or utcnow())
        )
        return getattr(result, "rowcount", 0) == 1
