"""Screen tokens: read-only access of one wall screen to the briefing's screen mode.

With ``ALLOW_ANONYMOUS_VIEWER=false`` a wall screen needs a signed-in viewer, or the URL
``/briefing?screen=1&token=...`` with a token an admin made here (``manage.py
create-screen-token NAME`` or the account page). Only the token's SHA-256 is stored (like
sessions); a revoked token opens nothing; the token is shown once, when it is made.
Making and revoking tokens requires ``user.admin``.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import Integer, String, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from auth import User, require
from store.base import Base, UTCDateTime, utcnow

NAME_MAX = 80
NAME_PUNCTUATION = " ._-"


def valid_screen_name(name: str) -> bool:
    """1-80 characters of letters of any script with their marks (Thai vowels and tone marks),
    digits, spaces, '.', '_' and '-', starting with a letter or digit: no control or format
    characters (which could hide or reorder the name shown to the admin), no markup."""
    if not 0 < len(name) <= NAME_MAX or unicodedata.category(name[0])[0] not in "LN":
        return False
    return all(unicodedata.category(c)[0] in "LMN" or c in NAME_PUNCTUATION for c in name)


LAST_USED_EVERY_S = 300  # a wall screen reruns often; note its use at most this often
LOG = logging.getLogger(__name__)


class ScreenToken(Base):
    __tablename__ = "screen_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(80))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by: Mapped[str | None] = mapped_column(String(80))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_screen_token(engine: Engine, actor: User | None, name: str, *, now: datetime | None = None) -> str:
    """A new token for the screen ``name`` (returned once; only its hash is kept).

    Raises ``ValueError`` for a bad name or one a live token already has, ``PermissionDenied``."""
    actor = require(actor, "user.admin")
    name = unicodedata.normalize("NFC", name.strip())
    if not valid_screen_name(name):
        raise ValueError(
            f"screen name {name!r} is not valid; use 1-80 letters (any language), digits, spaces, '.', '_' or '-'"
        )
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        if (
            session.scalar(select(ScreenToken.id).where(ScreenToken.name == name, ScreenToken.revoked_at.is_(None)))
            is not None
        ):
            raise ValueError(f"screen {name!r} already has a live token; revoke it first")
        session.add(ScreenToken(name=name, token_hash=_hash(token), created_at=now, created_by=actor.username))
    LOG.warning("screen token created: name=%r by=%s", name, actor.username)
    return token


def revoke_screen_token(engine: Engine, actor: User | None, name: str, *, now: datetime | None = None) -> int:
    """Revoke the live token of screen ``name``; returns how many were revoked (0 or 1)."""
    actor = require(actor, "user.admin")
    now = now or utcnow()
    with Session(engine) as session, session.begin():
        rows = session.scalars(
            select(ScreenToken).where(
                ScreenToken.name == unicodedata.normalize("NFC", name.strip()), ScreenToken.revoked_at.is_(None)
            )
        ).all()
        for row in rows:
            row.revoked_at, row.revoked_by = now, actor.username
    LOG.warning("screen token revoked: name=%r by=%s count=%d", name, actor.username, len(rows))
    return len(rows)


def list_screen_tokens(engine: Engine) -> list[dict]:
    """Every token ever made (never the token itself), newest first."""
    with Session(engine) as session:
        rows = session.scalars(select(ScreenToken).order_by(ScreenToken.created_at.desc(), ScreenToken.id.desc())).all()
        return [
            {
                "name": r.name,
                "created_at": r.created_at,
                "created_by": r.created_by,
                "revoked_at": r.revoked_at,
                "revoked_by": r.revoked_by,
                "last_used_at": r.last_used_at,
            }
            for r in rows
        ]


def screen_for_token(engine: Engine, token: str | None, *, now: datetime | None = None) -> str | None:
    """The name of the screen whose live token this is, or None (unknown or revoked)."""
    if not token:
        return None
    now = now or utcnow()
    with Session(engine) as session, session.begin():
        row = session.scalar(
            select(ScreenToken).where(ScreenToken.token_hash == _hash(token), ScreenToken.revoked_at.is_(None))
        )
        if row is None:
            return None
        if row.last_used_at is None or now - row.last_used_at >= timedelta(seconds=LAST_USED_EVERY_S):
            row.last_used_at = now
        return row.name
