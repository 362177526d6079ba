"""Poll ThaiWater ``rain_24h`` (or replay a saved reply with ``--from-file``) and store the
24 h rainfall of the configured province's gauges (kept by ``geocode.province_code``)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from config import Settings
from data_sources.thaiwater_rain import SOURCE, fetch_rain_24h, filter_province, parse_rain_24h
from i18n import count_en
from ingest import IngestContext, IngestResult, read_saved_reply
from ingest.thaiwater import require_readings
from store.rain import save_rain

__all__ = ["SOURCE", "interval", "run"]


def interval(settings: Settings) -> float:
    return settings.waterlevel_poll_s


def run(ctx: IngestContext, from_file: Path | None = None) -> IngestResult:
    """Fetch (or read) one reply, keep the province's gauges, upsert in one transaction."""
    settings = ctx.settings
    now = datetime.now(UTC)
    if from_file is not None:
        payload = read_saved_reply(from_file, SOURCE)
    else:
        payload = fetch_rain_24h(ctx.session, settings.thaiwater_base_url, timeout=settings.http_timeout_s).payload
    national = parse_rain_24h(payload, now=now)
    rows = filter_province(national, settings.province_code)
    require_readings(rows, len(national), settings.province_code, ("rain_24h_mm", "a 24 h rainfall"), SOURCE)
    written = save_rain(ctx.engine, rows, SOURCE, at=now)
    fresh = rows.loc[rows["observed_at"].notna() & (rows["observed_at"] <= now), "observed_at"]
    flagged = int((rows["flags"].fillna("") != "").sum())
    notes = [
        f"{len(national):,} rows in the reply, {len(rows)} kept for province {settings.province_code}",
        f"{count_en(flagged, 'row')} flagged",
    ]
    if from_file is not None:
        notes.append(f"replayed from {from_file}")
    return IngestResult(rows=written, data_time=fresh.max().to_pydatetime() if len(fresh) else None, notes=notes)
