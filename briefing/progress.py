"""Response progress from the checklist store (issue 6), read through its public functions:
the newest open event of the province, per district items that apply, items done and the
keys of overdue items; province-wide items under the province."""

from __future__ import annotations

from datetime import datetime
from types import ModuleType

from sqlalchemy.engine import Engine


def _entry(progress_row: dict | None, overdue: list[str]) -> dict:
    if progress_row is None:
        return {"items_total": 0, "items_done": 0, "overdue_items": sorted(overdue)}
    applicable = int(progress_row["items"]) - int(progress_row["not_applicable"])
    return {"items_total": applicable, "items_done": int(progress_row["done"]), "overdue_items": sorted(overdue)}


def read_progress(
    module: ModuleType, engine: Engine, province_code: str, at: datetime | None = None
) -> tuple[dict | None, dict[str, dict]]:
    """(event, {district_code: {items_total, items_done, overdue_items}}) of the newest open
    event of the province, with overdue judged at ``at`` (None = now). ``event`` is
    {event_id, name, province: {...same keys for province-wide items}} or None."""
    ids = module.open_event_ids(engine, province_code)
    if not ids:
        return None, {}
    event_id = ids[0]
    events = module.list_events(engine)
    name = str(events.loc[events["id"] == event_id, "name"].iloc[0]) if (events["id"] == event_id).any() else ""
    items = module.items_frame(engine, event_id, now=at)
    overdue: dict[str, list[str]] = {}
    for row in items[items["overdue"]].to_dict("records"):
        code = row["district_code"] if isinstance(row["district_code"], str) and row["district_code"] else province_code
        overdue.setdefault(code, []).append(str(row["item_key"]))
    progress = {
        str(r["district_code"]): r for r in module.district_progress(engine, event_id, now=at).to_dict("records")
    }
    districts = {code: _entry(row, overdue.get(code, [])) for code, row in progress.items() if code != province_code}
    province = _entry(progress.get(province_code), overdue.get(province_code, []))
    return {"event_id": int(event_id), "name": name, "province": province}, districts
