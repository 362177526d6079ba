"""Checklist templates and events, and reading items: load a template, open an event for
some districts (its items instantiated from the template), list events, one item's state and
history, an event's items, history and progress per district, one officer's items.
Every write checks permissions here (``auth.require``), not in the pages; writing items is
``store.checklist_items``, the tables ``store.checklist_rows``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import geothai
import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from auth import User, require
from domain.checklist_templates import Template, Trigger, instantiate, parse_template
from domain.checklists import district_progress_frame, items_for_user, sort_for_board, with_overdue
from store.base import utcnow
from store.checklist_rows import (
    HISTORY_COLUMNS,
    ITEM_COLUMNS,
    EventRow,
    HistoryRow,
    ItemRow,
    ItemState,
    TemplateRow,
    item_state,
)

# ------------------------------------------------------------------ templates and events


def load_template(engine: Engine, actor: User | None, text: str, source: str = "<template>") -> int:
    """Validate and store a template (``checklist.admin``); loading the same text again
    returns the same id. Raises ``domain.checklist_templates.TemplateError`` before any write."""
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


def open_event_ids(engine: Engine, province_code: str | None = None) -> list[int]:
    """Ids of open events (of ``province_code``), newest first."""
    stmt = select(EventRow.id).where(EventRow.status == "open").order_by(EventRow.id.desc())
    if province_code:
        stmt = stmt.where(EventRow.province_code == province_code)
    with Session(engine) as session:
        return list(session.scalars(stmt))


# ------------------------------------------------------------------ reading items


def get_item(engine: Engine, item_id: int) -> ItemState:
    with Session(engine) as session:
        row = session.get(ItemRow, item_id)
        if row is None:
            raise ValueError(f"no checklist item with id {item_id}")
        return item_state(row)


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
