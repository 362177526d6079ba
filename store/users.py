"""Users, sessions and login attempts: the one write path for accounts.

* Passwords are stored only as Argon2id hashes (``auth.passwords``).
* Every sign-in attempt is a row in ``login_attempts`` with its reason (audit), and every
  refusal is logged on ``floodroom.auth``. Failures slow down the (user name, client) pair
  that made them, and many failures under any user names slow down the client that made them
  (``auth.throttle``: growing waits), never the same user elsewhere; an admin can clear a
  throttle (``clear_throttle``).
* A session is a random token handed to the browser; only its SHA-256 is stored, with an
  expiry. ``session_user`` refuses expired or ended sessions; a new password or a disabled
  account ends every session of that user.
* A sign-in exchange code (``create_exchange_code``) lets the server route of
  ``ui.session_cookie`` put a session's token in an HttpOnly cookie (``auth.cookies``).
* Creating or changing accounts requires ``user.admin`` (the CLI acts as ``auth.SYSTEM``).
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Boolean, ColumnElement, Integer, String, Text, and_, delete, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from auth import ROLES, User, require
from auth.cookies import seal_token, unseal_token
from auth.passwords import hash_password, needs_rehash, verify_password
from auth.throttle import FREE_FAILURES, WINDOW_S, client_delay_after, delay_after
from store.base import Base, UTCDateTime, utcnow

MAX_FAILURES = FREE_FAILURES  # failures a (user name, client) pair makes before it has to wait
EXCHANGE_TTL_S = 60  # a sign-in exchange code is used by the same page within seconds
LOG = logging.getLogger(__name__)
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
    client: Mapped[str | None] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ok: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(
        String(20)
    )  # ok, wrong_password, unknown_user, disabled, no_password, throttled, client_throttled
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # an admin cleared the throttle


class ExchangeCode(Base):
    """A one-time code for the cookie route: the session token sealed under the code."""

    __tablename__ = "session_exchange_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    sealed_token: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LoginRefused(Exception):
    """Wrong user name or password (deliberately not saying which)."""


class TooManyAttempts(LoginRefused):
    """Too many failed attempts from this client; ``retry_after_s`` says when to try again."""

    def __init__(self, retry_after_s: float):
        super().__init__(f"too many failed sign-in attempts from this client; try again in {int(retry_after_s) + 1} s")
        self.retry_after_s = retry_after_s


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(part for part in (text or "").split(",") if part)


def _to_user(row: UserRow) -> User:
    return User(row.username, row.display_name, row.role, _split(row.agencies), _split(row.districts))


def _validate(username: str, role: str, districts: tuple[str, ...]) -> None:
    if not USERNAME.match(username):
        raise ValueError(
            f"user name {username!r} is not valid; use 2-80 lower-case letters, digits, '.', '_', '@' or '-'"
        )
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
    actor = require(actor, "user.admin")
    username = username.strip().lower()
    agencies, districts = tuple(agencies), tuple(districts)
    _validate(username, role, districts)
    hashed = hash_password(password) if password is not None else None
    now = utcnow()
    with Session(engine) as session, session.begin():
        if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
            raise ValueError(f"user name {username!r} is already taken")
        row = UserRow(
            username=username,
            display_name=display_name.strip() or username,
            role=role,
            agencies=",".join(agencies),
            districts=",".join(districts),
            email=email,
            password_hash=hashed,
            active=True,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        return _to_user(row)


def set_password(engine: Engine, actor: User | None, username: str, password: str) -> None:
    """Replace a password (an admin, or the user themself); every session of the user ends,
    so a browser signed in with the old password is signed out at its next click."""
    if actor is None or actor.username != username:
        actor = require(actor, "user.admin")
    hashed = hash_password(password)
    now = utcnow()
    with Session(engine) as session, session.begin():
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise ValueError(f"no user named {username!r}")
        row.password_hash, row.updated_at = hashed, now
        _end_sessions_of(session, username, now)


def _end_sessions_of(session: Session, username: str, now: datetime) -> None:
    for s in session.scalars(select(SessionRow).where(SessionRow.username == username, SessionRow.ended_at.is_(None))):
        s.ended_at = now


def set_active(engine: Engine, actor: User | None, username: str, active: bool) -> None:
    """Disable or re-enable an account; disabling ends its sessions."""
    actor = require(actor, "user.admin")
    now = utcnow()
    with Session(engine) as session, session.begin():
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise ValueError(f"no user named {username!r}")
        row.active, row.updated_at = active, now
        if not active:
            _end_sessions_of(session, username, now)


def get_user(engine: Engine, username: str) -> User | None:
    """The active account ``username``, or None."""
    with Session(engine) as session:
        row = session.scalar(
            select(UserRow).where(UserRow.username == username.strip().lower(), UserRow.active.is_(True))
        )
        return _to_user(row) if row else None


def get_user_by_email(engine: Engine, email: str) -> User | None:
    """The active account with this e-mail (used to map an OIDC identity to a role)."""
    with Session(engine) as session:
        row = session.scalar(
            select(UserRow).where(func.lower(UserRow.email) == email.strip().lower(), UserRow.active.is_(True))
        )
        return _to_user(row) if row else None


def list_users(engine: Engine) -> list[tuple[User, bool]]:
    """Every account with its active flag, by user name."""
    with Session(engine) as session:
        return [(_to_user(r), r.active) for r in session.scalars(select(UserRow).order_by(UserRow.username))]


THROTTLED = ("throttled", "client_throttled")  # refused unchecked: (user name, client) or the client as a whole


def _verified_failure() -> ColumnElement[bool]:
    """A failed attempt whose password was checked (rows from before 0007 have no reason)."""
    return and_(LoginAttempt.ok.is_(False), or_(LoginAttempt.reason.is_(None), LoginAttempt.reason.not_in(THROTTLED)))


def _same_client(client: str | None) -> ColumnElement[bool]:
    return LoginAttempt.client.is_(None) if client is None else LoginAttempt.client == client


def _retry_after(session: Session, username: str, client: str | None, now: datetime) -> float:
    """Seconds this (user name, client) pair still has to wait (0: it may try now)."""
    pair = (LoginAttempt.username == username, _same_client(client))
    since = now - timedelta(seconds=WINDOW_S)
    last_ok = session.scalar(select(func.max(LoginAttempt.at)).where(*pair, LoginAttempt.ok.is_(True)))
    if last_ok is not None and last_ok > since:
        since = last_ok
    counted = (*pair, _verified_failure(), LoginAttempt.cleared_at.is_(None), LoginAttempt.at > since)
    failures, last = session.execute(select(func.count(), func.max(LoginAttempt.at)).where(*counted)).one()
    if not failures:
        return 0.0
    return max(0.0, (last + timedelta(seconds=delay_after(failures)) - now).total_seconds())


def _client_retry_after(session: Session, client: str | None, now: datetime) -> float:
    """Seconds this client still has to wait for its failures under any user names (0: none).

    A success does not reset it: a sprayer with one account of its own could reset it at will."""
    counted = (
        _same_client(client),
        _verified_failure(),
        LoginAttempt.cleared_at.is_(None),
        LoginAttempt.at > now - timedelta(seconds=WINDOW_S),
    )
    failures, last = session.execute(select(func.count(), func.max(LoginAttempt.at)).where(*counted)).one()
    if not failures:
        return 0.0
    return max(0.0, (last + timedelta(seconds=client_delay_after(failures)) - now).total_seconds())


def _check_password(row: UserRow | None, password: str) -> str:
    """The reason of the attempt: ``ok`` or why it fails (verified even for an unknown user,
    so the time taken does not tell which user names exist)."""
    global _DUMMY_HASH
    if row is None or not row.active or not row.password_hash:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_password("not-a-real-password")
        verify_password(_DUMMY_HASH, password)
        return "unknown_user" if row is None else ("disabled" if not row.active else "no_password")
    return "ok" if verify_password(row.password_hash, password) else "wrong_password"


def authenticate(
    engine: Engine, username: str, password: str, *, client: str | None = None, now: datetime | None = None
) -> User:
    """The user if ``password`` is right; raises ``TooManyAttempts`` (this client must wait)
    or ``LoginRefused``.

    Every attempt is recorded with its reason (committed before the refusal is raised) and
    every refusal logged; an attempt refused by the throttle is recorded but does not make
    the wait longer, and the throttle of one client never refuses another."""
    now = now or utcnow()
    username = username.strip().lower()[:80]
    client = client[:100] if client else None
    user: User | None = None
    with Session(engine) as session, session.begin():
        wait, client_wait = _retry_after(session, username, client, now), _client_retry_after(session, client, now)
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        reason = "throttled" if wait > 0 else "client_throttled" if client_wait > 0 else _check_password(row, password)
        if reason == "ok" and row is not None and row.password_hash:  # "ok" is only said of a row with a password
            if needs_rehash(row.password_hash):
                row.password_hash = hash_password(password)
            user = _to_user(row)
        session.add(LoginAttempt(username=username, client=client, at=now, ok=reason == "ok", reason=reason))
    if user is not None:
        return user
    LOG.warning("sign-in refused: user=%r client=%r reason=%s", username, client, reason)
    if reason in THROTTLED:
        raise TooManyAttempts(max(wait, client_wait))
    raise LoginRefused("wrong user name or password")


def clear_throttle(
    engine: Engine, actor: User | None, username: str, *, client: str | None = None, now: datetime | None = None
) -> int:
    """An admin lets ``username`` (from every client, or from ``client`` only) try again at
    once; returns how many counted failures were cleared. The rows stay for the audit."""
    actor = require(actor, "user.admin")
    now = now or utcnow()
    username = username.strip().lower()
    with Session(engine) as session, session.begin():
        where = [LoginAttempt.username == username, _verified_failure(), LoginAttempt.cleared_at.is_(None)]
        if client is not None:
            where.append(LoginAttempt.client == client)
        rows = session.scalars(select(LoginAttempt).where(*where)).all()
        for row in rows:
            row.cleared_at = now
    LOG.warning(
        "sign-in throttle cleared: user=%r client=%r by=%s failures=%d", username, client, actor.username, len(rows)
    )
    return len(rows)


def list_throttles(engine: Engine, *, now: datetime | None = None) -> list[dict]:
    """The (user name, client) pairs that have to wait now: failures counted and seconds left."""
    now = now or utcnow()
    since = now - timedelta(seconds=WINDOW_S)
    with Session(engine) as session:
        pairs = session.execute(
            select(LoginAttempt.username, LoginAttempt.client, func.count())
            .where(
                _verified_failure(),
                LoginAttempt.cleared_at.is_(None),
                LoginAttempt.at > since,
            )
            .group_by(LoginAttempt.username, LoginAttempt.client)
            .order_by(LoginAttempt.username)
        ).all()
        out = []
        for username, client, failures in pairs:
            wait = _retry_after(session, username, client, now) if failures >= FREE_FAILURES else 0.0
            if wait > 0:
                out.append({"username": username, "client": client, "failures": failures, "retry_after_s": wait})
    return out


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(engine: Engine, user: User, ttl_s: float, *, now: datetime | None = None) -> str:
    """A new session token for ``user`` valid for ``ttl_s`` seconds (only its hash is stored)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        session.add(
            SessionRow(
                token_hash=_token_hash(token),
                username=user.username,
                created_at=now,
                expires_at=now + timedelta(seconds=ttl_s),
            )
        )
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


def create_exchange_code(engine: Engine, token: str, *, now: datetime | None = None) -> str:
    """A one-time code, valid ``EXCHANGE_TTL_S`` seconds, that the cookie route exchanges for
    ``token``; only the code's hash and the token sealed under the code are stored."""
    now = now or utcnow()
    code = secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        session.execute(delete(ExchangeCode).where(ExchangeCode.expires_at <= now))
        session.add(
            ExchangeCode(
                code_hash=_token_hash(code),
                sealed_token=seal_token(token, code),
                created_at=now,
                expires_at=now + timedelta(seconds=EXCHANGE_TTL_S),
            )
        )
    return code


def redeem_exchange_code(
    engine: Engine, code: str | None, *, now: datetime | None = None
) -> tuple[str, datetime] | None:
    """(session token, session expiry) for a code used for the first time, in time, whose
    session is still live; None otherwise. The code is gone afterwards either way."""
    if not code:
        return None
    now = now or utcnow()
    with Session(engine) as session, session.begin():
        # DELETE ... RETURNING: two requests with the same code cannot both get the token
        found = session.execute(
            delete(ExchangeCode)
            .where(ExchangeCode.code_hash == _token_hash(code))
            .returning(ExchangeCode.sealed_token, ExchangeCode.expires_at)
        ).first()
    if found is None or found.expires_at <= now:
        return None
    token = unseal_token(found.sealed_token, code)
    if token is None or session_user(engine, token, now=now) is None:
        return None
    with Session(engine) as session:
        row = session.get(SessionRow, _token_hash(token))
    return None if row is None else (token, row.expires_at)  # signed out in between: no session


def local_accounts_exist(engine: Engine) -> bool:
    """True if an active account signs in with a password here (then SECRET_KEY is required)."""
    with Session(engine) as session:
        return (
            session.scalar(
                select(UserRow.id).where(UserRow.active.is_(True), UserRow.password_hash.is_not(None)).limit(1)
            )
            is not None
        )


def session_end_reason(engine: Engine, token: str | None, *, now: datetime | None = None) -> str | None:
    """Why ``token`` no longer signs anyone in, to tell the person: ``"disabled"`` (the account),
    ``"password"`` (a new password ended it), ``"signed_out"`` (ended another way: sign-out in
    another tab), ``"expired"`` (``SESSION_TTL``), ``"unknown"``; None while it is live."""
    if not token:
        return "unknown"
    now = now or utcnow()
    with Session(engine) as session:
        row = session.get(SessionRow, _token_hash(token))
        if row is None:
            return "unknown"
        account = session.scalar(select(UserRow).where(UserRow.username == row.username))
        if account is None:
            return "unknown"
        if not account.active:
            return "disabled"
        if row.ended_at is not None:  # set_password ends the sessions at the very time it stores the hash
            return "password" if row.ended_at == account.updated_at else "signed_out"
        return "expired" if row.expires_at <= now else None
