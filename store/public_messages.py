"""The public channel: the public summary (text + the PNG card) goes to the LINE Official
Account's broadcast and to the configured public webhooks only after an admin approves it, and
after a second, different admin approves it when it raises the situation's level (two-person
rule). Every message is kept with who proposed and who approved it, and when.

States: ``proposed`` -> ``approved`` (queued in the outbox in the same transaction as the last
approval) -> ``sent`` (``mark_public_sent``, by the sender) | ``withdrawn``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from auth import User, require
from store.alerts import AlertConfigError, public_webhooks
from store.base import Base, UTCDateTime, utcnow
from store.outbox import TEXT_LIMITS, AlertDraft, enqueue_alerts

PUBLIC_STATES = ("proposed", "approved", "sent", "withdrawn")
BROADCAST_ADDRESS = "broadcast"  # the outbox address of a LINE broadcast (every friend of the account)


class PublicMessage(Base):
    __tablename__ = "public_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    card_path: Mapped[str | None] = mapped_column(String(500))
    lang: Mapped[str] = mapped_column(String(2))
    raises_level: Mapped[bool] = mapped_column(Boolean)
    level: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(12))
    proposed_by: Mapped[str] = mapped_column(String(80))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PublicMessageApproval(Base):
    __tablename__ = "public_message_approvals"

    message_id: Mapped[int] = mapped_column(Integer, ForeignKey("public_messages.id"), primary_key=True)
    approved_by: Mapped[str] = mapped_column(String(80), primary_key=True)
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime())


def approvals_needed(raises_level: bool) -> int:
    return 2 if raises_level else 1


def propose_public_message(
    engine: Engine,
    actor: User | None,
    text: str,
    *,
    lang: str = "th",
    card_path: str | None = None,
    raises_level: bool = False,
    level: str | None = None,
    now: datetime | None = None,
) -> int:
    """Keep a public summary waiting for approval; returns its id. Refuses empty text or text
    over LINE's 5,000 characters (``AlertConfigError``)."""
    actor = require(actor, "public.propose")
    text = text.strip()
    limit = TEXT_LIMITS["line_broadcast"]
    if not text or len(text) > limit:
        raise AlertConfigError(
            "public_text", f"public message of {len(text):,} characters; it must be 1 to {limit:,}", n=len(text)
        )
    if lang not in ("th", "en"):
        raise AlertConfigError("language", f"language {lang!r} is not one of th, en", value=lang)
    with Session(engine) as session, session.begin():
        row = PublicMessage(
            text=text,
            card_path=card_path,
            lang=lang,
            raises_level=raises_level,
            level=level,
            state="proposed",
            proposed_by=actor.username,
            proposed_at=now or utcnow(),
        )
        session.add(row)
        session.flush()
        return row.id


def approve_public_message(
    engine: Engine, actor: User | None, message_id: int, *, line_broadcast: bool = True, now: datetime | None = None
) -> bool:
    """Record ``actor``'s approval. When the message has enough approvals (one; two different
    admins when it raises the level) it is queued to the LINE broadcast (``line_broadcast``)
    and every public webhook in the same transaction; returns True then. An admin approving
    twice, or a message no longer waiting, is refused (``AlertConfigError``)."""
    actor = require(actor, "public.approve")
    now = now or utcnow()
    webhooks = public_webhooks(engine)
    with Session(engine) as session, session.begin():
        row = session.get(PublicMessage, message_id)
        if row is None or row.state != "proposed":
            raise AlertConfigError(
                "public_state", f"public message {message_id} is not waiting for approval", value=message_id
            )
        if session.get(PublicMessageApproval, (message_id, actor.username)) is not None:
            raise AlertConfigError(
                "public_twice",
                f"{actor.username} has already approved public message {message_id}; a second admin must approve it",
            )
        session.add(PublicMessageApproval(message_id=message_id, approved_by=actor.username, approved_at=now))
        session.flush()
        count = len(
            session.scalars(select(PublicMessageApproval).where(PublicMessageApproval.message_id == message_id)).all()
        )
        if count < approvals_needed(row.raises_level):
            return False
        row.state, row.approved_at = "approved", now
        drafts = [
            AlertDraft(
                f"public:{message_id}",
                "public_summary",
                "severe",
                "webhook",
                url,
                None,
                row.lang,
                {"card_path": row.card_path or "", "level": row.level or ""},
                row.text,
                message_id,
            )
            for url in webhooks
        ]
        if line_broadcast:
            drafts.append(
                AlertDraft(
                    f"public:{message_id}",
                    "public_summary",
                    "severe",
                    "line_broadcast",
                    BROADCAST_ADDRESS,
                    None,
                    row.lang,
                    {"level": row.level or ""},
                    row.text,
                    message_id,
                )
            )
        enqueue_alerts(session, drafts, now=now)
        return True


def withdraw_public_message(engine: Engine, actor: User | None, message_id: int) -> bool:
    """Withdraw a message still waiting for approval; True if it was."""
    require(actor, "public.propose")
    with Session(engine) as session, session.begin():
        row = session.get(PublicMessage, message_id)
        if row is None or row.state != "proposed":
            return False
        row.state = "withdrawn"
        return True


def mark_public_sent(engine: Engine, message_id: int, *, now: datetime | None = None) -> None:
    """The sender's note that the message went out (its first channel delivered)."""
    with Session(engine) as session, session.begin():
        row = session.get(PublicMessage, message_id)
        if row is not None and row.state == "approved":
            row.state, row.sent_at = "sent", now or utcnow()


def list_public_messages(engine: Engine, limit: int = 100) -> list[dict]:
    """Public messages, newest first, each with its approvals [(who, when)]."""
    with Session(engine) as session:
        rows = session.scalars(select(PublicMessage).order_by(PublicMessage.id.desc()).limit(limit)).all()
        out = []
        for r in rows:
            approvals = session.execute(
                select(PublicMessageApproval.approved_by, PublicMessageApproval.approved_at)
                .where(PublicMessageApproval.message_id == r.id)
                .order_by(PublicMessageApproval.approved_at)
            ).all()
            out.append(
                {
                    "id": r.id,
                    "text": r.text,
                    "card_path": r.card_path,
                    "lang": r.lang,
                    "raises_level": r.raises_level,
                    "level": r.level,
                    "state": r.state,
                    "proposed_by": r.proposed_by,
                    "proposed_at": r.proposed_at,
                    "approved_at": r.approved_at,
                    "sent_at": r.sent_at,
                    "approvals": [tuple(a) for a in approvals],
                }
            )
        return out
