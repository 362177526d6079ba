"""Proposing the public summary for the public channel (issue 19): its text and PNG card from
the briefing snapshot, the situation's level, and whether it raises the level of the last
message that went out (then ``store.public_messages`` wants two different admins)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from auth import User, require
from briefing.card import render_card
from config import Settings
from domain.alert_response_events import public_level, raises_level
from domain.summary import public_summary
from ops.files import write_atomic
from store.public_messages import list_public_messages, propose_public_message

CARD_FOLDER = "public_cards"


def last_public_level(engine: Engine) -> str | None:
    """The level of the newest public message approved or sent, or None."""
    return next((m["level"] for m in list_public_messages(engine) if m["state"] in ("approved", "sent")), None)


def snapshot_level(snapshot: dict) -> str:
    """``public_level`` of the snapshot's key stations that are not stale."""
    rows = [s for s in snapshot.get("stations") or [] if s.get("is_key") and not s.get("stale")]
    return public_level(str(s.get("situation_class") or "") for s in rows)


def propose_public_summary(
    engine: Engine, settings: Settings, user: User | None, snapshot: dict, *, card: bool = True
) -> int:
    """Keep the public summary of ``snapshot`` (text, and the card under DATA_DIR) waiting for
    approval; returns its id. ``PermissionDenied`` / ``AlertConfigError`` from the store.

    The public channel speaks the province's language (``DEFAULT_LANGUAGE``, Thai), not the
    proposing admin's page language; the kept text is exactly what LINE and the webhooks get."""
    require(user, "public.propose")  # before the card is drawn and written
    lang = settings.default_language
    level = snapshot_level(snapshot)
    card_path: Path | None = None
    if card:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        folder = Path(settings.data_dir) / CARD_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        card_path = write_atomic(folder / f"summary-{stamp}-{lang}.png", render_card(snapshot, lang))
    return propose_public_message(
        engine,
        user,
        public_summary(snapshot, lang),
        lang=lang,
        card_path=str(card_path) if card_path else None,
        raises_level=raises_level(level, last_public_level(engine)),
        level=level,
    )
