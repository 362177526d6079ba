"""Checklist tables (templates, events, items, append-only history), the columns of the
frames ``store.checklists`` reads, and ``ItemState``: one item as stored now, the version an edit
must quote. ``StaleEdit`` is what ``store.checklist_items.update_item`` raises when that version
has moved on."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base, UTCDateTime


class TemplateRow(Base):
    __tablename__ = "checklist_templates"
    __table_args__ = (UniqueConstraint("name", "digest", name="uq_checklist_templates_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    digest: Mapped[str] = mapped_column(String(64))
    title_th: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    loaded_by: Mapped[str] = mapped_column(String(80))


class EventRow(Base):
    __tablename__ = "checklist_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    province_code: Mapped[str] = mapped_column(String(2))
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_templates.id"))
    districts: Mapped[str] = mapped_column(Text)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    opened_by: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20))


class ItemRow(Base):
    __tablename__ = "checklist_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("checklist_events.id"), index=True)
    item_key: Mapped[str] = mapped_column(String(80))
    phase: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    district_code: Mapped[str | None] = mapped_column(String(4))
    title_th: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    agency: Mapped[str] = mapped_column(String(80))
    agency_th: Mapped[str] = mapped_column(Text)
    agency_en: Mapped[str] = mapped_column(Text)
    networks: Mapped[str] = mapped_column(Text)
    duration_h: Mapped[float | None] = mapped_column(Float)
    trigger: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    owner_agency: Mapped[str | None] = mapped_column(Text)
    owner_person: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text)
    evidence_url: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_by_name: Mapped[str] = mapped_column(String(200))
    triggered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    trigger_reason: Mapped[str | None] = mapped_column(Text)


class HistoryRow(Base):
    __tablename__ = "checklist_history"
    __table_args__ = (UniqueConstraint("item_id", "version", name="uq_checklist_history_item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("checklist_items.id"))
    event_id: Mapped[int] = mapped_column(Integer, index=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    by_username: Mapped[str] = mapped_column(String(80))
    by_name: Mapped[str] = mapped_column(String(200))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    changes: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


ITEM_COLUMNS = [
    "id",
    "event_id",
    "item_key",
    "phase",
    "position",
    "district_code",
    "title_th",
    "title_en",
    "agency",
    "agency_th",
    "agency_en",
    "networks",
    "duration_h",
    "trigger",
    "state",
    "owner_agency",
    "owner_person",
    "due_at",
    "note",
    "evidence_url",
    "version",
    "updated_at",
    "updated_by",
    "updated_by_name",
    "triggered_at",
    "trigger_reason",
]
HISTORY_COLUMNS = [
    "item_id",
    "version",
    "kind",
    "at",
    "by_username",
    "by_name",
    "from_state",
    "to_state",
    "changes",
    "note",
]


@dataclass(frozen=True)
class ItemState:
    """One item as stored now (``version`` is what an edit must quote)."""

    id: int
    event_id: int
    district_code: str | None
    agency: str
    title_th: str
    title_en: str
    state: str
    owner_agency: str | None
    owner_person: str | None
    due_at: datetime | None
    note: str | None
    evidence_url: str | None
    version: int
    updated_at: datetime
    updated_by: str
    updated_by_name: str
    triggered_at: datetime | None
    trigger_reason: dict | None


class StaleEdit(Exception):
    """Someone changed the item after the editor loaded it: ``current`` is the new state."""

    def __init__(self, attempted_version: int, current: ItemState):
        super().__init__(
            f"item {current.id} was changed by {current.updated_by_name} at {current.updated_at.isoformat()} "
            f"(version {current.version}; your edit was based on version {attempted_version})"
        )
        self.attempted_version = attempted_version
        self.current = current


def item_state(row: ItemRow) -> ItemState:
    """The stored row as an ``ItemState`` (``trigger_reason`` decoded from JSON)."""
    return ItemState(
        row.id,
        row.event_id,
        row.district_code,
        row.agency,
        row.title_th,
        row.title_en,
        row.state,
        row.owner_agency,
        row.owner_person,
        row.due_at,
        row.note,
        row.evidence_url,
        row.version,
        row.updated_at,
        row.updated_by,
        row.updated_by_name,
        row.triggered_at,
        json.loads(row.trigger_reason) if row.trigger_reason else None,
    )
