"""Alert events into the outbox: who gets each, in the caller's transaction (issue 19).

``enqueue_events(session, events)`` reads the accounts, their contacts, subscriptions and the
admin's defaults *in the caller's session*, decides the deliveries (``domain.alert_recipients``)
and queues them with ``store.outbox.enqueue_alerts``: the event's cause and its alerts commit or
roll back together, and the idempotency key (event key, person, channel, address) keeps a
re-found event from being queued twice. A delivery held by quiet hours is queued with
``not_before`` at the end of them.

The hooks the write paths call: ``item_written`` (``store.checklists``: a river trigger, a new
owner) and ``impact_saved`` (``store.impact``). ``alert_event_state`` keeps what the ingest-side
checks need between runs (a station's hysteresis stage and the last reading seen).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from domain.alert_events import AlertEvent
from domain.alert_recipients import Person, default_rule, deliveries, subscription_rule
from domain.alert_response_events import impact_rise_event, item_change_events
from domain.alert_text import alert_payload
from store.alerts import AlertContact, list_defaults, list_subscriptions
from store.base import Base, UTCDateTime, utcnow
from store.outbox import AlertDraft, enqueue_alerts
from store.users import UserRow


class AlertEventState(Base):
    __tablename__ = "alert_event_state"

    subject: Mapped[str] = mapped_column(String(120), primary_key=True)  # e.g. "station:M.7"
    value: Mapped[str] = mapped_column(Text)  # JSON
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


def get_state(session: Session, subject: str) -> dict[str, Any] | None:
    row = session.get(AlertEventState, subject)
    return None if row is None else json.loads(row.value)


def put_state(session: Session, subject: str, value: Mapping[str, Any], now: datetime | None = None) -> None:
    """Keep ``value`` for ``subject``; an unchanged value is not rewritten (a round that learnt
    nothing, e.g. a failed poll, leaves the table as it was)."""
    text = json.dumps(dict(value), default=str)
    row = session.get(AlertEventState, subject)
    if row is not None and row.value == text:
        return
    row = row or AlertEventState(subject=subject)
    row.value, row.updated_at = text, now or utcnow()
    session.add(row)


def people(session: Session) -> list[Person]:
    """Every account with its alert contact (an account without one has no address yet)."""
    contacts = {c.username: c for c in session.scalars(select(AlertContact))}
    out = []
    for user in session.scalars(select(UserRow).order_by(UserRow.username)):
        contact = contacts.get(user.username)
        out.append(
            Person(
                user.username,
                user.role,
                tuple(d for d in (user.districts or "").split(",") if d),
                contact.language if contact else "th",
                {"email": contact.email, "line": contact.line_to, "webhook": contact.webhook_url} if contact else {},
                contact.quiet_from_min if contact else None,
                contact.quiet_to_min if contact else None,
                bool(user.active),
            )
        )
    return out


def payload_of(event: AlertEvent) -> dict[str, Any]:
    """What the words need (``domain.alert_text.alert_payload``): values and names, never sentences."""
    return alert_payload(event)


def enqueue_events(session: Session, events: Iterable[AlertEvent], *, now: datetime | None = None) -> int:
    """Queue every delivery of ``events`` inside ``session``'s transaction; returns rows added."""
    events = list(events)
    if not events:
        return 0
    now = now or utcnow()
    persons = people(session)
    rules = [subscription_rule(r) for r in list_subscriptions(session)] + [
        default_rule(r) for r in list_defaults(session)
    ]
    added = 0
    for event in events:
        found = deliveries(event, persons, rules, now)
        drafts = [
            AlertDraft(
                event.key,
                event.kind,
                event.severity,
                d.channel,
                d.address,
                recipient=d.username,
                lang=d.lang,
                payload=payload_of(event),
                not_before=d.not_before if d.not_before > now else None,  # quiet hours: held, never dropped
            )
            for d in found
        ]
        added += enqueue_alerts(session, drafts, now=now)
    return added


def _fields(item: object) -> dict[str, Any]:
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return dataclasses.asdict(item)
    return dict(item)  # type: ignore[call-overload]  # a Mapping


def accounts_named(session: Session, text: str | None) -> tuple[str, ...]:
    """Active accounts an owner text stands for: its user name, or its display name exactly."""
    text = (text or "").strip()
    if not text:
        return ()
    rows = session.scalars(
        select(UserRow.username).where(
            UserRow.active.is_(True),
            (func.lower(UserRow.username) == text.lower()) | (func.lower(UserRow.display_name) == text.lower()),
        )
    )
    return tuple(rows)


def item_written(session: Session, before: object, after: object, *, now: datetime | None = None) -> int:
    """The hook of an accepted checklist item write (``store.checklists``), inside its
    transaction: a river trigger, a new owner. ``before``/``after``: ``ItemState`` or mappings."""
    a = _fields(after)
    events = item_change_events(_fields(before), a, accounts_named(session, a.get("owner_person")))
    return enqueue_events(session, events, now=now)


def impact_saved(
    session: Session,
    district_code: str,
    report_time: datetime,
    content_hash: str,
    previous: Mapping[str, float] | None,
    figures: Mapping[str, float],
    source: str,
    *,
    now: datetime | None = None,
) -> int:
    """The hook of a saved impact report (``store.impact``), inside its transaction."""
    event = impact_rise_event(district_code, report_time, content_hash, previous, figures, at=now)
    if event is None:
        return 0
    return enqueue_events(session, [dataclasses.replace(event, source=source[:80] or None)], now=now)
