"""Writing checklist items: the one write path of an item's fields, and river triggers.

* Every write checks permissions here (``auth.require``), not in the pages.
* Items carry a ``version``. ``update_item`` writes only if the caller saw the current
  version (``UPDATE ... WHERE version = expected``); otherwise it raises ``StaleEdit``
  holding the newer state and who made it. Each accepted change appends exactly one
  ``checklist_history`` row (unique on item and version) in the same transaction;
  nothing is overwritten or deleted.
* A river trigger makes an item due (``apply_triggers``); it never closes one.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse

import pandas as pd
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from auth import User, require, require_scope
from domain.checklist_templates import Trigger
from domain.checklists import check_transition
from domain.triggers import Firing, evaluate_items
from store import alert_events
from store.base import utcnow
from store.checklist_rows import HistoryRow, ItemRow, ItemState, StaleEdit, item_state
from store.checklists import get_item, items_frame, open_event_ids

EDITABLE = ("state", "owner_agency", "owner_person", "due_at", "note", "evidence_url")
_UNSET = object()


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
            written = item_state(row)
            alert_events.item_written(session, before, written, now=now)  # in this transaction (issue 19)
    if not accepted:
        raise StaleEdit(expected_version, get_item(engine, item_id))
    return written


def apply_triggers(
    engine: Engine, event_id: int, situation: pd.DataFrame, *, actor: User | None, now: datetime | None = None
) -> dict[int, Firing]:
    """Evaluate the event's river triggers on ``situation`` (``store.water_situation.latest_situation``);
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
            triggered = item_state(session.get(ItemRow, item_id, populate_existing=True))  # type: ignore[arg-type]  # row exists
            alert_events.item_written(session, {"triggered_at": None}, triggered, now=now)  # issue 19
        applied[item_id] = firing
    return applied


def apply_triggers_to_open_events(
    engine: Engine, province_code: str, situation: pd.DataFrame, *, actor: User | None, now: datetime | None = None
) -> dict[int, dict[int, Firing]]:
    """``apply_triggers`` for every open event of the province: event id -> fired items.
    Meant to run after each water-level ingest (stale readings never fire)."""
    return {
        event_id: apply_triggers(engine, event_id, situation, actor=actor, now=now)
        for event_id in open_event_ids(engine, province_code)
    }
