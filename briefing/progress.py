"""Response progress per district from the checklist store (issue 6), read through its
public functions only. Until that store offers them, progress is absent (None, {}), and
the screen and deck say so instead of showing zeros."""
from __future__ import annotations

from types import ModuleType

import pandas as pd
from sqlalchemy.engine import Engine

from briefing.snapshot import plain


def _open_event(module: ModuleType, engine: Engine, province_code: str) -> dict | None:
    lister = getattr(module, "list_events", None)
    if lister is None:
        return None
    events = lister(engine)
    if isinstance(events, pd.DataFrame):
        events = events.to_dict("records")
    events = [e if isinstance(e, dict) else vars(e) for e in events]
    live = [e for e in events if str(e.get("province_code", province_code)) == province_code and e.get("status") in ("open", "active", None)]
    if not live:
        return None
    newest = max(live, key=lambda e: (str(e.get("opened_at")), e.get("id", 0)))
    return {"event_id": int(newest["id"]), "name": str(newest.get("name", ""))}


def read_progress(module: ModuleType, engine: Engine, province_code: str) -> tuple[dict | None, dict[str, dict]]:
    """(event, {district_code: {items_total, items_done, overdue_items}}) of the newest open event."""
    progress_fn = getattr(module, "district_progress", None)
    if progress_fn is None:
        return None, {}
    event = _open_event(module, engine, province_code)
    if event is None:
        return None, {}
    frame = progress_fn(engine, event["event_id"])
    overdue = _overdue_keys(module, engine, event["event_id"])
    out = {}
    for row in frame.to_dict("records"):
        code = row.get("district_code")
        if code is None or (isinstance(code, float) and pd.isna(code)):
            continue
        out[str(code)] = {"items_total": plain(row.get("total", row.get("items_total"))),
                          "items_done": plain(row.get("done", row.get("items_done"))),
                          "overdue_items": sorted(overdue.get(str(code), []))}
    return event, out


def _overdue_keys(module: ModuleType, engine: Engine, event_id: int) -> dict[str, list[str]]:
    fn = getattr(module, "overdue_items", None)
    if fn is None:
        return {}
    frame = fn(engine, event_id)
    out: dict[str, list[str]] = {}
    for row in frame.to_dict("records"):
        code = row.get("district_code")
        out.setdefault(str(code) if code else "province", []).append(str(row.get("item_key", row.get("id"))))
    return out
