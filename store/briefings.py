"""Briefings: a saved snapshot of what a briefing showed (time, who, the situation as
JSON). Append-only: a briefing is a record of a meeting, never edited.

    save_briefing(engine, user, snapshot, title="") -> int       (checks ``briefing.save``)
    list_briefings(engine, province_code) -> DataFrame           newest first, no snapshot body
    load_briefing(engine, briefing_id) -> SavedBriefing | None
    latest_briefing(engine, province_code, before=None) -> SavedBriefing | None
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Index, Integer, String, Text, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from auth import User, require
from store.base import Base, UTCDateTime, utcnow

SNAPSHOT_VERSION = 1
LIST_COLUMNS = ["id", "taken_at", "saved_at", "saved_by", "saved_by_name", "title"]


class Briefing(Base):
    __tablename__ = "briefings"
    __table_args__ = (Index("ix_briefings_province_code", "province_code", "taken_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saved_by: Mapped[str] = mapped_column(String(80))
    saved_by_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    snapshot: Mapped[str] = mapped_column(Text)


@dataclass(frozen=True)
class SavedBriefing:
    id: int
    province_code: str
    taken_at: datetime
    saved_at: datetime
    saved_by: str
    saved_by_name: str
    title: str
    snapshot: dict


class SnapshotError(ValueError):
    """A snapshot that cannot be saved (missing keys, wrong version, not JSON)."""


def _check_snapshot(snapshot: dict) -> tuple[str, datetime, str]:
    missing = [
        k for k in ("version", "province_code", "taken_at", "stations", "districts", "sources") if k not in snapshot
    ]
    if missing:
        raise SnapshotError(f"snapshot lacks keys {missing}; build it with briefing.snapshot.build_snapshot")
    if snapshot["version"] != SNAPSHOT_VERSION:
        raise SnapshotError(f"snapshot version {snapshot['version']!r} is not supported; allowed: {SNAPSHOT_VERSION}")
    try:
        taken_at = datetime.fromisoformat(snapshot["taken_at"])
    except (TypeError, ValueError) as exc:
        raise SnapshotError(f"snapshot taken_at {snapshot['taken_at']!r} is not an ISO date-time") from exc
    if taken_at.tzinfo is None:
        raise SnapshotError(f"snapshot taken_at {snapshot['taken_at']!r} has no timezone")
    try:
        body = json.dumps(snapshot, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise SnapshotError(f"snapshot is not plain JSON: {exc}") from exc
    return str(snapshot["province_code"]), taken_at.astimezone(UTC), body


def save_briefing(
    engine: Engine, user: User | None, snapshot: dict, title: str = "", at: datetime | None = None
) -> int:
    """Store ``snapshot`` (from ``briefing.snapshot.build_snapshot``) as a briefing saved by
    ``user`` (needs ``briefing.save``); returns its id."""
    user = require(user, "briefing.save")
    province_code, taken_at, body = _check_snapshot(snapshot)
    row = Briefing(
        province_code=province_code,
        taken_at=taken_at,
        saved_at=at or utcnow(),
        saved_by=user.username,
        saved_by_name=user.display_name[:200],
        title=(title or "").strip()[:200],
        snapshot=body,
    )
    with Session(engine) as session, session.begin():
        session.add(row)
        session.flush()
        return int(row.id)


def list_briefings(engine: Engine, province_code: str) -> pd.DataFrame:
    """The saved briefings of a province, newest first (without their snapshots)."""
    b = Briefing.__table__
    stmt = (
        select(*(b.c[c] for c in LIST_COLUMNS))
        .where(b.c.province_code == province_code)
        .order_by(b.c.taken_at.desc(), b.c.id.desc())
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=LIST_COLUMNS)
    for col in ("taken_at", "saved_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True) if len(frame) else pd.Series(dtype="datetime64[us, UTC]")
    return frame


def _saved(row: Briefing) -> SavedBriefing:
    return SavedBriefing(
        row.id,
        row.province_code,
        row.taken_at,
        row.saved_at,
        row.saved_by,
        row.saved_by_name,
        row.title,
        json.loads(row.snapshot),
    )


def load_briefing(engine: Engine, briefing_id: int) -> SavedBriefing | None:
    with Session(engine) as session:
        row = session.get(Briefing, int(briefing_id))
        return None if row is None else _saved(row)


def latest_briefing(engine: Engine, province_code: str, before: datetime | None = None) -> SavedBriefing | None:
    """The newest saved briefing of the province (taken before ``before`` when given)."""
    stmt = select(Briefing).where(Briefing.province_code == province_code)
    if before is not None:
        stmt = stmt.where(Briefing.taken_at < before)
    with Session(engine) as session:
        row = session.scalar(stmt.order_by(Briefing.taken_at.desc(), Briefing.id.desc()).limit(1))
        return None if row is None else _saved(row)
