"""Users, sessions and login attempts: the one write path for accounts.

* Passwords are stored only as Argon2id hashes (``auth.passwords``).
* Login attempts are rows in ``login_attempts``; more than ``MAX_FAILURES`` failures for a
  user name (or from one client) within ``FAILURE_WINDOW_S`` refuse further attempts until
  the oldest failure leaves the window, whether or not the password is right.
* A session is a random token handed to the browser; only its SHA-256 is stored, with an
  expiry. ``session_user`` refuses expired or ended sessions.
* Creating or changing accounts requires ``user.admin`` (the CLI acts as ``auth.SYSTEM``).
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Boolean, Integer, String, Text, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from auth import ROLES, User, require
from auth.passwords import hash_password, needs_rehash, verify_password
from store.base import Base, UTCDateTime, utcnow

MAX_FAILURES = 5
FAILURE_WINDOW_S = 15 * 60
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")
_DUMMY_HASH = None  # computed lazily: verifying against it keeps timing similar for unknown users


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    agencies: Mapped[str] = mapped_column(Text, default="")
    districts: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SessionRow(Base):
    __tablename__ = "user_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LoginAttempt(Base):
    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    client: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ok: Mapped[bool] = mapped_column(Boolean)


class LoginRefused(Exception):
    """Wrong user name or password (deliberately not saying which)."""


class TooManyAttempts(LoginRefused):
    """Too many failed attempts; ``retry_after_s`` says when to try again."""

    def __init__(self, retry_after_s: float):
        super().__init__(f"too many failed sign-in attempts; try again in {int(retry_after_s // 60) + 1} min")
        self.retry_after_s = retry_after_s


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(part for part in (text or "").split(",") if part)


def _to_user(row: UserRow) -> User:
    return User(row.username, row.display_name, row.role, _split(row.agencies), _split(row.districts))


def _validate(username: str, role: str, districts: tuple[str, ...]) -> None:
    if not USERNAME.match(username):
        raise ValueError(f"user name {username!r} is not valid; use 2-80 lower-case letters, digits, '.', '_', '@' or '-'")
    if role not in ROLES:
        raise ValueError(f"role {role!r} is not one of {', '.join(ROLES)}")
    for code in districts:
        if not re.fullmatch(r"\d{4}", code):
            raise ValueError(f"district {code!r} is not a four-digit DOPA district code (e.g. 3401)")


def create_user(
    engine: Engine,
    actor: User | None,
    username: str,
    display_name: str,
    role: str,
    password: str | None,
    *,
    agencies: tuple[str, ...] = (),
    districts: tuple[str, ...] = (),
    email: str | None = None,
) -> User:
    """Create an account (``actor`` needs ``user.admin``). ``password`` None = OIDC-only account.

    Raises ``ValueError`` for a bad name/role/district or a user name already taken,
    ``auth.passwords.WeakPassword`` for a weak password, ``auth.PermissionDenied``."""
    require(actor, "user.admin")
    username = username.strip().lower()
    agencies, districts = tuple(agencies), tuple(districts)
    _validate(username, role, districts)
    hashed = hash_password(password) if password is not None else None
    now = utcnow()
    with Session(engine) as session, session.begin():
        if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
            raise ValueError(f"user name {username!r} is already taken")
        row = UserRow(
            username=username, display_name=display_name.strip() or username, role=role,
            agencies=",".join(agencies), districts=",".join(districts), email=email,
            password_hash=hashed, active=True, created_at=now, updated_at=now,
        )
        session.add(row)
        return _to_user(row)


def set_password(engine: Engine, actor: User | None, username: str, password: str) -> None:
    """Replace a password (an admin, or the user themself)."""
    if actor is None or actor.username != username:
        require(actor, "user.admin")
    hashed = hash_password(password)
    with Session(engine) as session, session.begin():
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise ValueError(f"no user named {username!r}")
        row.password_hash, row.updated_at = hashed, utcnow()


def set_active(engine: Engine, actor: User | None, username: str, active: bool) -> None:
    """Disable or re-enable an account; disabling ends its sessions."""
    require(actor, "user.admin")
    now = utcnow()
    with Session(engine) as session, session.begin():
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise ValueError(f"no user named {username!r}")
        row.active, row.updated_at = active, now
        if not active:
            for s in session.scalars(select(SessionRow).where(SessionRow.username == username, SessionRow.ended_at.is_(None))):
                s.ended_at = now


def get_user(engine: Engine, username: str) -> User | None:
    """The active account ``username``, or None."""
    with Session(engine) as session:
        row = session.scalar(select(UserRow).where(UserRow.username == username.strip().lower(), UserRow.active.is_(True)))
        return _to_user(row) if row else None


def get_user_by_email(engine: Engine, email: str) -> User | None:
    """The active account with this e-mail (used to map an OIDC identity to a role)."""
    with Session(engine) as session:
        row = session.scalar(select(UserRow).where(func.lower(UserRow.email) == email.strip().lower(), UserRow.active.is_(True)))
        return _to_user(row) if row else None


def list_users(engine: Engine) -> list[tuple[User, bool]]:
    """Every account with its active flag, by user name."""
    with Session(engine) as session:
        return [(_to_user(r), r.active) for r in session.scalars(select(UserRow).order_by(UserRow.username))]


def _retry_after(session: Session, username: str, client: str | None, now: datetime) -> float:
    since = now - timedelta(seconds=FAILURE_WINDOW_S)
    waits = []
    for column, value in ((LoginAttempt.username, username), (LoginAttempt.client, client)):
        if value is None:
            continue
        times = session.scalars(
            select(LoginAttempt.at).where(column == value, LoginAttempt.ok.is_(False), LoginAttempt.at > since).order_by(LoginAttempt.at.desc()).limit(MAX_FAILURES)
        ).all()
        if len(times) >= MAX_FAILURES:
            waits.append((times[-1] + timedelta(seconds=FAILURE_WINDOW_S) - now).total_seconds())
    return max(waits, default=0.0)


def authenticate(engine: Engine, username: str, password: str, *, client: str | None = None, now: datetime | None = None) -> User:
    """The user if ``password`` is right; raises ``TooManyAttempts`` or ``LoginRefused``.

    Every attempt is recorded (committed before the refusal is raised), including one
    refused by the rate limit, so hammering a locked account keeps it locked."""
    global _DUMMY_HASH
    now = now or utcnow()
    username = username.strip().lower()[:80]
    refusal: LoginRefused | None = None
    user: User | None = None
    with Session(engine) as session, session.begin():
        wait = _retry_after(session, username, client, now)
        row = session.scalar(select(UserRow).where(UserRow.username == username, UserRow.active.is_(True)))
        if wait > 0:
            refusal = TooManyAttempts(wait)
        elif row is None or not row.password_hash:
            if _DUMMY_HASH is None:
                _DUMMY_HASH = hash_password("not-a-real-password")
            verify_password(_DUMMY_HASH, password)
            refusal = LoginRefused("wrong user name or password")
        elif not verify_password(row.password_hash, password):
            refusal = LoginRefused("wrong user name or password")
        else:
            if needs_rehash(row.password_hash):
                row.password_hash = hash_password(password)
            user = _to_user(row)
        session.add(LoginAttempt(username=username, client=client, at=now, ok=refusal is None))
    if refusal is not None:
        raise refusal
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(engine: Engine, user: User, ttl_s: float, *, now: datetime | None = None) -> str:
    """A new session token for ``user`` valid for ``ttl_s`` seconds (only its hash is stored)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        session.add(SessionRow(token_hash=_token_hash(token), username=user.username, created_at=now, expires_at=now + timedelta(seconds=ttl_s)))
    return token


def session_user(engine: Engine, token: str | None, *, now: datetime | None = None) -> User | None:
    """The user of a live session, or None if the token is unknown, ended or expired,
    or the account has been disabled."""
    if not token:
        return None
    now = now or utcnow()
    with Session(engine) as session:
        row = session.get(SessionRow, _token_hash(token))
        if row is None or row.ended_at is not None or row.expires_at <= now:
            return None
    return get_user(engine, row.username)


def end_session(engine: Engine, token: str | None, *, now: datetime | None = None) -> None:
    """Sign out: the session can no longer be used."""
    if not token:
        return
    with Session(engine) as session, session.begin():
        row = session.get(SessionRow, _token_hash(token))
        if row is not None and row.ended_at is None:
            row.ended_at = now or utcnow()
