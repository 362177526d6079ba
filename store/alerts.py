"""Who is told what, and where: per-account contact addresses (e-mail, LINE id, webhook URL,
language, quiet hours), subscriptions, an admin's defaults per role and district, supervisors per
district (escalation) and the alert settings (the LINE quota reserve, the public webhooks).

Every write validates first and refuses with ``AlertConfigError``: a code (worded in Thai and
English by the catalogue's ``alerts.refused.<code>``), its parameters, and an English one-line
reason. What gets sent lives in ``store.outbox``; the public summary in ``store.public_messages``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from urllib.parse import urlparse

from sqlalchemy import Integer, String, Text, UniqueConstraint, delete, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from auth import User, require
from store.base import Base, UTCDateTime, utcnow

T = TypeVar("T")
CHANNELS = ("email", "line", "webhook")  # what an account can subscribe to
ANY = ""  # a subscription's or default's station/district scope that matches everything
ALL_KINDS = "*"
LANGUAGES = ("th", "en")
LINE_RESERVE_KEY = "line_quota_reserve"
PUBLIC_WEBHOOKS_KEY = "public_webhooks"
DEFAULT_LINE_RESERVE = 50
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
LINE_TO = re.compile(r"^[UCR][0-9a-f]{32}$")  # a user (U), group (C) or multi-person chat (R) id
KIND = re.compile(r"^(\*|[a-z][a-z0-9_.]{0,59})$")


class AlertConfigError(ValueError):
    """A contact, subscription or setting that cannot be saved: ``code`` and ``params`` for the
    catalogue (``alerts.refused.<code>``), the English reason as the message."""

    def __init__(self, code: str, reason: str, **params: object):
        super().__init__(reason)
        self.code, self.params = code, params


def email_problem(address: str) -> AlertConfigError | None:
    if len(address) > 254 or not EMAIL.match(address):
        return AlertConfigError(
            "email", f"e-mail address {address!r} is not valid; use name@example.go.th", value=address
        )
    return None


def line_to_problem(line_to: str) -> AlertConfigError | None:
    if not LINE_TO.match(line_to):
        return AlertConfigError(
            "line_to",
            f"LINE id {line_to!r} is not valid; a user id is U followed by 32 hex digits (C for a group, R for a room)",
            value=line_to,
        )
    return None


def webhook_problem(url: str) -> AlertConfigError | None:
    """None if ``url`` is an https:// URL with a host, or http:// on 127.0.0.1 (a bridge on the
    same machine); else the refusal."""
    parsed = urlparse(url)
    local = parsed.scheme == "http" and parsed.hostname == "127.0.0.1"
    if len(url) > 500 or not parsed.hostname or not (parsed.scheme == "https" or local):
        return AlertConfigError(
            "webhook_url", f"webhook URL {url!r} is not allowed; use https:// (http:// only for 127.0.0.1)", value=url
        )
    return None


class AlertContact(Base):
    __tablename__ = "alert_contacts"

    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254))
    line_to: Mapped[str | None] = mapped_column(String(33))
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    language: Mapped[str] = mapped_column(String(2))
    quiet_from_min: Mapped[int | None] = mapped_column(Integer)  # minutes after midnight, Bangkok time
    quiet_to_min: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(80))


class AlertSubscription(Base):
    __tablename__ = "alert_subscriptions"
    __table_args__ = (
        UniqueConstraint(
            "username", "channel", "kind", "station_code", "district_code", name="uq_alert_subscriptions_username"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(60))  # an event kind, or "*" for all
    station_code: Mapped[str] = mapped_column(String(40))  # "" = any station
    district_code: Mapped[str] = mapped_column(String(4))  # "" = any district
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(80))


class AlertDefault(Base):
    __tablename__ = "alert_defaults"
    __table_args__ = (UniqueConstraint("role", "district_code", "channel", "kind", name="uq_alert_defaults_role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(20))  # "" = every role
    district_code: Mapped[str] = mapped_column(String(4))  # "" = every district
    channel: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(80))


class AlertSupervisor(Base):
    __tablename__ = "alert_supervisors"

    district_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(80))


class AlertSetting(Base):
    __tablename__ = "alert_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(80))


@dataclass(frozen=True)
class Contact:
    username: str
    email: str | None
    line_to: str | None
    webhook_url: str | None
    language: str
    quiet_from_min: int | None
    quiet_to_min: int | None

    def address(self, channel: str) -> str | None:
        """The address of ``channel`` ('email', 'line', 'webhook'), or None if not given."""
        return {"email": self.email, "line": self.line_to, "webhook": self.webhook_url}.get(channel)


def _read(bind: Engine | Connection | Session, read: Callable[[Session], T]) -> T:
    """``read`` in the caller's Session, or in a new one on ``bind`` (an Engine or Connection)."""
    if isinstance(bind, Session):
        return read(bind)
    with Session(bind) as session:
        return read(session)


def _may_edit(actor: User | None, username: str) -> User:
    """Anyone signed in edits their own alerts; an admin edits anyone's."""
    if actor is not None and actor.username == username:
        return actor
    return require(actor, "alerts.admin")


def _minutes(name: str, value: int | None) -> int | None:
    if value is not None and not 0 <= value < 24 * 60:
        raise AlertConfigError("quiet_hours", f"{name}={value} is not a time of day in minutes (0-1439)", value=value)
    return value


def set_contact(
    engine: Engine,
    actor: User | None,
    username: str,
    *,
    email: str | None = None,
    line_to: str | None = None,
    webhook_url: str | None = None,
    language: str = "th",
    quiet_from_min: int | None = None,
    quiet_to_min: int | None = None,
    now: datetime | None = None,
) -> Contact:
    """Save ``username``'s addresses (an empty one is removed), language and quiet hours
    (Bangkok minutes after midnight; both or neither). Refuses an invalid e-mail address,
    LINE id or webhook URL, an unknown language (``AlertConfigError``); ``PermissionDenied``."""
    actor = _may_edit(actor, username)
    email, line_to, webhook_url = ((v or "").strip() or None for v in (email, line_to, webhook_url))
    for value, check in ((email, email_problem), (line_to, line_to_problem), (webhook_url, webhook_problem)):
        problem = check(value) if value else None
        if problem:
            raise problem
    if language not in LANGUAGES:
        raise AlertConfigError("language", f"language {language!r} is not one of th, en", value=language)
    if (quiet_from_min is None) != (quiet_to_min is None):
        raise AlertConfigError("quiet_hours", "quiet hours need both a start and an end", value="")
    _minutes("quiet_from", quiet_from_min)
    _minutes("quiet_to", quiet_to_min)
    values: dict[str, object] = dict(
        email=email,
        line_to=line_to,
        webhook_url=webhook_url,
        language=language,
        quiet_from_min=quiet_from_min,
        quiet_to_min=quiet_to_min,
    )
    with Session(engine) as session, session.begin():
        row = session.get(AlertContact, username)
        if row is None:
            row = AlertContact(username=username)
            session.add(row)
        for attr, new in values.items():
            setattr(row, attr, new)
        row.updated_at, row.updated_by = now or utcnow(), actor.username
    return Contact(username, **values)  # type: ignore[arg-type]  # values are Contact's fields


def _contact(row: AlertContact) -> Contact:
    return Contact(
        row.username, row.email, row.line_to, row.webhook_url, row.language, row.quiet_from_min, row.quiet_to_min
    )


def get_contact(bind: Engine | Connection | Session, username: str) -> Contact | None:
    """``username``'s contact record, or None; ``bind`` may be the caller's open transaction."""
    row = _read(bind, lambda session: session.get(AlertContact, username))
    return _contact(row) if row else None


def list_contacts(engine: Engine) -> list[Contact]:
    with Session(engine) as session:
        return [_contact(r) for r in session.scalars(select(AlertContact).order_by(AlertContact.username))]


def _scope(channel: str, kind: str, station_code: str, district_code: str) -> None:
    if channel not in CHANNELS:
        raise AlertConfigError("channel", f"channel {channel!r} is not one of {', '.join(CHANNELS)}", value=channel)
    if not KIND.match(kind):
        raise AlertConfigError("kind", f"event kind {kind!r} is not valid; use '*' or a lower-case name", value=kind)
    if district_code and not re.fullmatch(r"\d{4}", district_code):
        raise AlertConfigError(
            "district", f"district {district_code!r} is not a 4-digit DOPA code", value=district_code
        )
    if len(station_code) > 40:
        raise AlertConfigError("station", "station code is longer than 40 characters", value=station_code[:40])


def subscribe(
    engine: Engine,
    actor: User | None,
    username: str,
    channel: str,
    kind: str = ALL_KINDS,
    *,
    station_code: str = ANY,
    district_code: str = ANY,
    now: datetime | None = None,
) -> bool:
    """Subscribe ``username`` to ``kind`` events (``'*'`` all) on ``channel``, limited to a station
    and/or a district (``''`` any). True if new, False if it already existed."""
    actor = _may_edit(actor, username)
    _scope(channel, kind, station_code, district_code)
    with Session(engine) as session, session.begin():
        exists = session.scalar(
            select(AlertSubscription.id).where(
                AlertSubscription.username == username,
                AlertSubscription.channel == channel,
                AlertSubscription.kind == kind,
                AlertSubscription.station_code == station_code,
                AlertSubscription.district_code == district_code,
            )
        )
        if exists is not None:
            return False
        session.add(
            AlertSubscription(
                username=username,
                channel=channel,
                kind=kind,
                station_code=station_code,
                district_code=district_code,
                created_at=now or utcnow(),
                created_by=actor.username,
            )
        )
    return True


def unsubscribe(engine: Engine, actor: User | None, username: str, subscription_id: int) -> int:
    """Remove one of ``username``'s subscriptions; returns how many were removed (0 or 1)."""
    _may_edit(actor, username)
    with Session(engine) as session, session.begin():
        result = session.execute(
            delete(AlertSubscription).where(
                AlertSubscription.id == subscription_id, AlertSubscription.username == username
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)


def list_subscriptions(bind: Engine | Connection | Session, username: str | None = None) -> list[dict]:
    """Subscriptions (of ``username``, or all) as dicts: id, username, channel, kind,
    station_code, district_code."""
    query = select(AlertSubscription).order_by(AlertSubscription.username, AlertSubscription.id)
    if username is not None:
        query = query.where(AlertSubscription.username == username)
    cols = ("id", "username", "channel", "kind", "station_code", "district_code")
    return _read(bind, lambda session: [{c: getattr(r, c) for c in cols} for r in session.scalars(query)])


def set_default(
    engine: Engine,
    actor: User | None,
    channel: str,
    kind: str = ALL_KINDS,
    *,
    role: str = ANY,
    district_code: str = ANY,
    now: datetime | None = None,
) -> bool:
    """An admin's default: accounts of ``role`` (``''`` all) in ``district_code`` (``''`` all) get
    ``kind`` on ``channel`` unless they chose otherwise. True if new."""
    from auth import ROLES

    actor = require(actor, "alerts.admin")
    _scope(channel, kind, ANY, district_code)
    if role and role not in ROLES:
        raise AlertConfigError("role", f"role {role!r} is not one of {', '.join(ROLES)}", value=role)
    with Session(engine) as session, session.begin():
        key = (AlertDefault.role == role, AlertDefault.district_code == district_code)
        if session.scalar(
            select(AlertDefault.id).where(*key, AlertDefault.channel == channel, AlertDefault.kind == kind)
        ):
            return False
        session.add(
            AlertDefault(
                role=role,
                district_code=district_code,
                channel=channel,
                kind=kind,
                created_at=now or utcnow(),
                created_by=actor.username,
            )
        )
    return True


def remove_default(engine: Engine, actor: User | None, default_id: int) -> int:
    require(actor, "alerts.admin")
    with Session(engine) as session, session.begin():
        return int(getattr(session.execute(delete(AlertDefault).where(AlertDefault.id == default_id)), "rowcount", 0))


def list_defaults(bind: Engine | Connection | Session) -> list[dict]:
    cols = ("id", "role", "district_code", "channel", "kind")
    query = select(AlertDefault).order_by(AlertDefault.id)
    return _read(bind, lambda session: [{c: getattr(r, c) for c in cols} for r in session.scalars(query)])


def set_supervisor(
    engine: Engine, actor: User | None, district_code: str, username: str, *, now: datetime | None = None
) -> bool:
    """Make ``username`` a supervisor of ``district_code`` (escalations go to them). True if new."""
    actor = require(actor, "alerts.admin")
    _scope("email", ALL_KINDS, ANY, district_code)
    with Session(engine) as session, session.begin():
        if session.get(AlertSupervisor, (district_code, username)) is not None:
            return False
        session.add(
            AlertSupervisor(
                district_code=district_code, username=username, created_at=now or utcnow(), created_by=actor.username
            )
        )
    return True


def remove_supervisor(engine: Engine, actor: User | None, district_code: str, username: str) -> int:
    require(actor, "alerts.admin")
    with Session(engine) as session, session.begin():
        result = session.execute(
            delete(AlertSupervisor).where(
                AlertSupervisor.district_code == district_code, AlertSupervisor.username == username
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)


def supervisors_for(bind: Engine | Connection | Session, district_code: str) -> list[str]:
    """User names of ``district_code``'s supervisors, sorted."""
    query = (
        select(AlertSupervisor.username)
        .where(AlertSupervisor.district_code == district_code)
        .order_by(AlertSupervisor.username)
    )
    return _read(bind, lambda session: list(session.scalars(query)))


def _get_setting(engine: Engine, key: str, default: object) -> object:
    with Session(engine) as session:
        row = session.get(AlertSetting, key)
        return default if row is None else json.loads(row.value)


def _put_setting(engine: Engine, actor: User, key: str, value: object, now: datetime | None) -> None:
    with Session(engine) as session, session.begin():
        row = session.get(AlertSetting, key) or AlertSetting(key=key)
        row.value, row.updated_at, row.updated_by = json.dumps(value), now or utcnow(), actor.username
        session.add(row)


def line_reserve(engine: Engine) -> int:
    """Messages of the monthly LINE quota that routine alerts may not spend (severe ones may)."""
    return int(_get_setting(engine, LINE_RESERVE_KEY, DEFAULT_LINE_RESERVE))  # type: ignore[call-overload]  # stored JSON


def set_line_reserve(engine: Engine, actor: User | None, reserve: int, *, now: datetime | None = None) -> None:
    actor = require(actor, "alerts.admin")
    if not 0 <= int(reserve) <= 1_000_000:
        raise AlertConfigError("reserve", f"LINE quota reserve {reserve} is not 0 to 1,000,000", value=reserve)
    _put_setting(engine, actor, LINE_RESERVE_KEY, int(reserve), now)


def public_webhooks(engine: Engine) -> list[str]:
    """Webhook URLs the approved public summary goes to."""
    return list(_get_setting(engine, PUBLIC_WEBHOOKS_KEY, []))  # type: ignore[call-overload]  # stored JSON list


def set_public_webhooks(engine: Engine, actor: User | None, urls: list[str], *, now: datetime | None = None) -> None:
    actor = require(actor, "alerts.admin")
    urls = [u.strip() for u in urls if u.strip()]
    for url in urls:
        problem = webhook_problem(url)
        if problem:
            raise problem
    _put_setting(engine, actor, PUBLIC_WEBHOOKS_KEY, urls, now)
