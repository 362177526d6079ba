"""Checklist templates, events, items and their append-only history: the one write path.

* Every write checks permissions here (``auth.require``), not in the pages.
* Items carry a ``version``. ``update_item`` writes only if the caller saw the current
  version (``UPDATE ... WHERE version = expected``); otherwise it raises ``StaleEdit``
  holding the newer state and who made it. Each accepted change appends exactly one
  ``checklist_history`` row (unique on item and version) in the same transaction;
  nothing is overwritten or deleted.
* A river trigger makes an item due (``apply_triggers``); it never closes one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse

import geothai
import pandas as pd
from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from auth import User, require, require_scope
from domain.checklists import (
    Template,
    Trigger,
    check_transition,
    district_progress_frame,
    instantiate,
    items_for_user,
    parse_template,
    sort_for_board,
    with_overdue,
)
from domain.triggers import Firing, evaluate_items
from store import alert_events
from store.base import Base, UTCDateTime, utcnow


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


EDITABLE = ("state", "owner_agency", "owner_person", "due_at", "note", "evidence_url")
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
_UNSET = object()


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


def _to_state(row: ItemRow) -> ItemState:
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


# ------------------------------------------------------------------ templates and events


def load_template(engine: Engine, actor: User | None, text: str, source: str = "<template>") -> int:
    """Validate and store a template (``checklist.admin``); loading the same text again
    returns the same id. Raises ``domain.checklists.TemplateError`` before any write."""
    actor = require(actor, "checklist.admin")
    template = parse_template(text, source)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with Session(engine) as session, session.begin():
        existing = session.scalar(
            select(TemplateRow.id).where(TemplateRow.name == template.name, TemplateRow.digest == digest)
        )
        if existing is not None:
            return existing
        row = TemplateRow(
            name=template.name,
            digest=digest,
            title_th=template.title_th,
            title_en=template.title_en,
            content=text,
            loaded_at=utcnow(),
            loaded_by=actor.username,
        )
        session.add(row)
        session.flush()
        return row.id


def latest_template_id(engine: Engine, name: str | None = None) -> int | None:
    """The newest stored template (of ``name``), or None."""
    stmt = select(TemplateRow.id).order_by(TemplateRow.id.desc()).limit(1)
    if name:
        stmt = stmt.where(TemplateRow.name == name)
    with Session(engine) as session:
        return session.scalar(stmt)


def get_template(engine: Engine, template_id: int) -> Template:
    with Session(engine) as session:
        row = session.get(TemplateRow, template_id)
        if row is None:
            raise ValueError(f"no checklist template with id {template_id}")
        return parse_template(row.content, f"template {row.name} (id {row.id})")


def _check_districts(province_code: str, district_codes: list[str]) -> list[str]:
    known = {d.code: d for d in geothai.districts(province_code)}
    codes = list(dict.fromkeys(str(c).strip() for c in district_codes))
    for code in codes:
        if code not in known:
            raise ValueError(
                f"district {code!r} is not a district of province {province_code}; known: {', '.join(sorted(known))}"
            )
    return codes


def open_event(
    engine: Engine,
    actor: User | None,
    name: str,
    province_code: str,
    district_codes: list[str],
    template_id: int | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """Open an event (``checklist.admin``): the template's items for the province and for
    each affected district, all in one transaction. Returns the event id."""
    actor = require(actor, "checklist.admin")
    if not name.strip():
        raise ValueError("an event needs a name, e.g. 'Mun river flood Oct 2026'")
    if geothai.province(province_code) is None:
        raise ValueError(f"province {province_code!r} is not a DOPA province code (10-96)")
    codes = _check_districts(province_code, district_codes)
    template_id = template_id or latest_template_id(engine)
    if template_id is None:
        raise ValueError(
            "no checklist template is loaded; run: python manage.py load-template templates/flood_province_default.toml"
        )
    template = get_template(engine, template_id)
    now = now or utcnow()
    with Session(engine) as session, session.begin():
        event = EventRow(
            name=name.strip(),
            province_code=province_code,
            template_id=template_id,
            districts=",".join(codes),
            opened_at=now,
            opened_by=actor.username,
            status="open",
        )
        session.add(event)
        session.flush()
        for spec in instantiate(template, province_code, codes, now):
            trigger: Trigger | None = spec.pop("trigger")
            item = ItemRow(
                event_id=event.id,
                trigger=json.dumps(trigger.to_dict()) if trigger else None,
                version=1,
                updated_at=now,
                updated_by=actor.username,
                updated_by_name=actor.display_name,
                **spec,
            )
            session.add(item)
            session.flush()
            session.add(
                HistoryRow(
                    item_id=item.id,
                    event_id=event.id,
                    version=1,
                    kind="created",
                    at=now,
                    by_username=actor.username,
                    by_name=actor.display_name,
                    from_state=None,
                    to_state=item.state,
                    changes="{}",
                    note=None,
                )
            )
        return event.id


def list_events(engine: Engine) -> pd.DataFrame:
    """Events, newest first: id, name, province_code, districts (list), opened_at, opened_by, status."""
    with Session(engine) as session:
        rows = session.scalars(select(EventRow).order_by(EventRow.id.desc())).all()
        data = [
            {
                "id": r.id,
                "name": r.name,
                "province_code": r.province_code,
                "districts": r.districts.split(",") if r.districts else [],
                "opened_at": r.opened_at,
                "opened_by": r.opened_by,
                "status": r.status,
                "template_id": r.template_id,
            }
            for r in rows
        ]
    return pd.DataFrame(
        data, columns=["id", "name", "province_code", "districts", "opened_at", "opened_by", "status", "template_id"]
    )


# ------------------------------------------------------------------ reading items


def get_item(engine: Engine, item_id: int) -> ItemState:
    with Session(engine) as session:
        row = session.get(ItemRow, item_id)
        if row is None:
            raise ValueError(f"no checklist item with id {item_id}")
        return _to_state(row)


def items_frame(engine: Engine, event_id: int, *, now: datetime | None = None) -> pd.DataFrame:
    """All items of an event (``ITEM_COLUMNS`` plus ``overdue``); ``trigger`` as a ``Trigger``,
    ``trigger_reason`` as a dict; times are aware UTC."""
    with Session(engine) as session:
        rows = session.scalars(
            select(ItemRow).where(ItemRow.event_id == event_id).order_by(ItemRow.position, ItemRow.district_code)
        ).all()
        data = [{c: getattr(r, c) for c in ITEM_COLUMNS} for r in rows]
    for row in data:
        row["trigger"] = Trigger.from_dict(json.loads(row["trigger"])) if row["trigger"] else None
        row["trigger_reason"] = json.loads(row["trigger_reason"]) if row["trigger_reason"] else None
    frame = pd.DataFrame(data, columns=ITEM_COLUMNS)
    for column in (
        "trigger",
        "trigger_reason",
        "due_at",
        "triggered_at",
        "district_code",
        "note",
        "owner_agency",
        "owner_person",
        "evidence_url",
    ):
        frame[column] = pd.Series([row[column] for row in data], index=frame.index, dtype="object")
    return with_overdue(frame, now or utcnow())


def item_history(engine: Engine, item_id: int) -> pd.DataFrame:
    """The item's history, oldest first: ``HISTORY_COLUMNS``; ``changes`` as {field: [old, new]}."""
    with Session(engine) as session:
        rows = session.scalars(
            select(HistoryRow).where(HistoryRow.item_id == item_id).order_by(HistoryRow.version)
        ).all()
        data = [{c: getattr(r, c) for c in HISTORY_COLUMNS} for r in rows]
    return _history_frame(data)


def _history_frame(data: list[dict]) -> pd.DataFrame:
    for row in data:
        row["changes"] = json.loads(row["changes"])
    frame = pd.DataFrame(data, columns=HISTORY_COLUMNS)
    for column in ("changes", "from_state", "note"):
        frame[column] = pd.Series([row[column] for row in data], index=frame.index, dtype="object")
    return frame


def event_history(engine: Engine, event_id: int, since: datetime | None = None) -> pd.DataFrame:
    """Every change of an event's items (``HISTORY_COLUMNS``), newest first; for 'what changed'."""
    stmt = (
        select(HistoryRow).where(HistoryRow.event_id == event_id).order_by(HistoryRow.at.desc(), HistoryRow.id.desc())
    )
    if since is not None:
        stmt = stmt.where(HistoryRow.at >= since)
    with Session(engine) as session:
        data = [{c: getattr(r, c) for c in HISTORY_COLUMNS} for r in session.scalars(stmt)]
    return _history_frame(data)


def district_progress(engine: Engine, event_id: int, *, now: datetime | None = None) -> pd.DataFrame:
    """Per district of the event: district_code, items, done, not_applicable, blocked,
    in_progress, overdue, percent_done (0-100). Province-wide items are under the province
    code. For the map and the briefing."""
    with Session(engine) as session:
        event = session.get(EventRow, event_id)
        if event is None:
            raise ValueError(f"no checklist event with id {event_id}")
        province = event.province_code
    return district_progress_frame(items_frame(engine, event_id, now=now), province, now or utcnow())


def my_items(engine: Engine, user: User, event_id: int, *, now: datetime | None = None) -> pd.DataFrame:
    """Items ``user`` may update (their agencies and districts; admins: all), overdue first."""
    frame = items_frame(engine, event_id, now=now)
    return sort_for_board(items_for_user(frame, user.role, user.agencies, user.districts))


# ------------------------------------------------------------------ writing items


def _check_url(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"evidence link {url!r} is not valid; use an http:// or https:// address")
    return url.strip()


def _clean_text(value: str | None, name: str, limit: int) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    if len(value) > limit:
        raise ValueError(f"{name} has {len(value)} characters; at most {limit} are allowed")
    return value or None


def _jsonable(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def update_item(
    engine: Engine,
    user: User | None,
    item_id: int,
    expected_version: int,
    *,
    state: Any = _UNSET,
    owner_agency: Any = _UNSET,
    owner_person: Any = _UNSET,
    due_at: Any = _UNSET,
    note: Any = _UNSET,
    evidence_url: Any = _UNSET,
    now: datetime | None = None,
) -> ItemState:
    """Change an item if ``expected_version`` is still current; returns the new state.

    Raises ``auth.PermissionDenied`` (not an officer of the item's agency/district),
    ``domain.checklists.InvalidTransition``, ``ValueError`` (bad link, text too long,
    naive time) or ``StaleEdit`` (someone else changed it first: nothing written)."""
    before = get_item(engine, item_id)  # agency and district never change, so this read may be outside the write
    user = require_scope(
        user, "checklist.update", district_code=before.district_code, agency=before.agency
    )  # None: province-wide
    if before.version != expected_version:
        raise StaleEdit(expected_version, before)
    wanted = {
        "state": state,
        "owner_agency": owner_agency,
        "owner_person": owner_person,
        "due_at": due_at,
        "note": note,
        "evidence_url": evidence_url,
    }
    wanted = {k: v for k, v in wanted.items() if v is not _UNSET}
    if "state" in wanted:
        check_transition(before.state, wanted["state"], wanted.get("note"))
    if "evidence_url" in wanted:
        wanted["evidence_url"] = _check_url(wanted["evidence_url"])
    for name, limit in (("owner_agency", 200), ("owner_person", 200), ("note", 4000)):
        if name in wanted:
            wanted[name] = _clean_text(wanted[name], name, limit)
    if wanted.get("due_at") is not None and wanted["due_at"].tzinfo is None:
        raise ValueError(f"due time {wanted['due_at']!r} has no timezone")
    changes = {k: [_jsonable(getattr(before, k)), _jsonable(v)] for k, v in wanted.items() if getattr(before, k) != v}
    if not changes:  # nothing to record: no new version, no history entry
        return before
    now = now or utcnow()
    new_version = expected_version + 1
    with Session(engine) as session, session.begin():
        # the conditional UPDATE is the first statement: on SQLite it takes the write lock
        # at once, on PostgreSQL it waits for a concurrent writer and re-checks the version
        result = session.execute(
            update(ItemRow)
            .where(ItemRow.id == item_id, ItemRow.version == expected_version)
            .values(
                version=new_version,
                updated_at=now,
                updated_by=user.username,
                updated_by_name=user.display_name,
                **wanted,
            )
            .execution_options(synchronize_session=False)
        )
        accepted = result.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
        if accepted:
            session.add(
                HistoryRow(
                    item_id=item_id,
                    event_id=before.event_id,
                    version=new_version,
                    kind="update",
                    at=now,
                    by_username=user.username,
                    by_name=user.display_name,
                    from_state=before.state,
                    to_state=wanted.get("state", before.state),
                    changes=json.dumps(changes, ensure_ascii=False),
                    note=wanted.get("note"),
                )
            )
            session.flush()
            row = session.get(ItemRow, item_id, populate_existing=True)  # our row, still locked by us
            assert row is not None, item_id  # the UPDATE above just matched it
            written = _to_state(row)
            alert_events.item_written(session, before, written, now=now)  # in this transaction (issue 19)
    if not accepted:
        raise StaleEdit(expected_version, get_item(engine, item_id))
    return written


def apply_triggers(
    engine: Engine, event_id: int, situation: pd.DataFrame, *, actor: User | None, now: datetime | None = None
) -> dict[int, Firing]:
    """Evaluate the event's river triggers on ``situation`` (``store.water.latest_situation``);
    each item whose condition holds becomes due ``deadline_h`` (or its duration) from now,
    records why, and gets a history entry. Its state is left alone. Returns item id -> Firing.
    ``actor`` has no default: the ingest loop passes ``auth.SYSTEM``, a page the signed-in user."""
    actor = require(actor, "checklist.admin")
    now = now or utcnow()
    frame = items_frame(engine, event_id, now=now)
    fired = evaluate_items(frame, situation)
    applied: dict[int, Firing] = {}
    for item_id, firing in fired.items():
        row = frame[frame["id"] == item_id].iloc[0]
        trigger: Trigger = row["trigger"]
        hours = trigger.deadline_h or row["duration_h"] or 24.0
        due = now + timedelta(hours=float(hours))
        current_due = row["due_at"] if row["due_at"] is not None and not pd.isna(row["due_at"]) else None
        new_due = min(due, current_due) if current_due else due
        with Session(engine) as session, session.begin():
            result = session.execute(
                update(ItemRow)
                .where(ItemRow.id == item_id, ItemRow.triggered_at.is_(None))
                .values(
                    version=ItemRow.version + 1,
                    triggered_at=now,
                    trigger_reason=json.dumps(firing.to_dict(), ensure_ascii=False),
                    due_at=new_due,
                    updated_at=now,
                    updated_by=actor.username,
                    updated_by_name=actor.display_name,
                )
                .returning(ItemRow.version, ItemRow.state)
            )
            written = result.one_or_none()
            if written is None:  # triggered meanwhile by another run
                continue
            version, state = written
            session.add(
                HistoryRow(
                    item_id=item_id,
                    event_id=event_id,
                    version=version,
                    kind="trigger",
                    at=now,
                    by_username=actor.username,
                    by_name=actor.display_name,
                    from_state=state,
                    to_state=state,
                    changes=json.dumps({"due_at": [_jsonable(current_due), new_due.isoformat()]}),
                    note=json.dumps(firing.to_dict(), ensure_ascii=False),
                )
            )
            session.flush()
            triggered = _to_state(session.get(ItemRow, item_id, populate_existing=True))  # type: ignore[arg-type]
            alert_events.item_written(session, {"triggered_at": None}, triggered, now=now)  # issue 19
        applied[item_id] = firing
    return applied


def open_event_ids(engine: Engine, province_code: str | None = None) -> list[int]:
    """Ids of open events (of ``province_code``), newest first."""
    stmt = select(EventRow.id).where(EventRow.status == "open").order_by(EventRow.id.desc())
    if province_code:
        stmt = stmt.where(EventRow.province_code == province_code)
    with Session(engine) as session:
        return list(session.scalars(stmt))


def apply_triggers_to_open_events(
    engine: Engine, province_code: str, situation: pd.DataFrame, *, actor: User | None, now: datetime | None = None
) -> dict[int, dict[int, Firing]]:
    """``apply_triggers`` for every open event of the province: event id -> fired items.
    Meant to run after each water-level ingest (stale readings never fire)."""
    return {
        event_id: apply_triggers(engine, event_id, situation, actor=actor, now=now)
        for event_id in open_event_ids(engine, province_code)
    }
