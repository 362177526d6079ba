"""Poll ThaiWater's large dams (``analyst/dam?dam_size=1``), or replay a saved reply with
``--from-file`` (either shape: the 2020 ``public/thailand`` ``dam`` member or ``analyst/dam``),
and store every dam of the reply with its daily report. Which dams a screen shows is decided
when it is read (the basins of the key stations), so the order of the ingest jobs does not
matter. After storing, checklist items with a dam release-jump trigger become due."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from config import Settings
from data_sources.thaiwater_dams import SOURCE, fetch_large_dams, parse_dams
from domain.dams import dam_status, release_jumps, report_time, select_basin_dams
from i18n import count_en
from ingest import IngestContext, IngestResult, read_saved_reply
from store.dams import dam_history, key_station_basins, save_dams

__all__ = ["SOURCE", "interval", "run"]


def interval(settings: Settings) -> float:
    return settings.dam_poll_s


def province_dam_status(ctx: IngestContext, now: datetime) -> tuple[pd.DataFrame, list[str]]:
    """The status of the dams in the key stations' basins (``domain.dams.dam_status``)."""
    basins = key_station_basins(ctx.engine, ctx.settings.province_code)
    history = select_basin_dams(dam_history(ctx.engine, days=8, at=now), basins)
    return dam_status(history, now, ctx.settings.dam_stale_s), basins


def apply_dam_triggers(ctx: IngestContext, now: datetime) -> list[str]:
    """Make checklist items due whose dam release-jump trigger now holds (stale reports never fire)."""
    from auth import SYSTEM
    from store.checklist_items import apply_triggers_to_open_events

    status, _ = province_dam_status(ctx, now)
    jumps = release_jumps(status)
    if jumps.empty:
        return []
    fired = apply_triggers_to_open_events(ctx.engine, ctx.settings.province_code, jumps, actor=SYSTEM, now=now)
    count = sum(len(items) for items in fired.values())
    return [f"{count_en(count, 'checklist item')} became due on dam release jumps"] if count else []


def run(ctx: IngestContext, from_file: Path | None = None) -> IngestResult:
    """Fetch (or read) one reply, upsert all its dams in one transaction."""
    settings = ctx.settings
    now = datetime.now(UTC)
    if from_file is not None:
        payload = read_saved_reply(from_file, SOURCE)
    else:
        payload = fetch_large_dams(ctx.session, settings.thaiwater_dam_url, timeout=settings.http_timeout_s).payload
    rows = parse_dams(payload)
    written = save_dams(ctx.engine, rows, SOURCE, at=now)
    times = [report_time(d) for d in rows["data_date"].dropna().unique()]
    data_time = max((t for t in times if t <= now), default=None)
    status, basins = province_dam_status(ctx, now)
    notes = [
        f"{count_en(len(rows), 'dam report')} in the reply; {count_en(len(status), 'dam')} in the key stations' basins "
        f"({', '.join(basins) or 'no key station stored yet: run python manage.py ingest --source thaiwater'})"
    ]
    if from_file is not None:
        notes.append(f"replayed from {from_file}")
    notes += apply_dam_triggers(ctx, now)
    return IngestResult(rows=written, data_time=data_time.astimezone(UTC) if data_time else None, notes=notes)
