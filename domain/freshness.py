"""Whether a source's data is current: pure, from a health row and the settings."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from config import Settings

# source -> name of the Settings field holding its stale limit (seconds)
STALE_LIMIT_FIELDS = {
    "thaiwater": "waterlevel_stale_s",
    "thaiwater_rain": "waterlevel_stale_s",
    "open_meteo_flood": "forecast_stale_s",
    "open_meteo_rain": "forecast_stale_s",
    "gistda": "impact_stale_s",
    "impact": "impact_stale_s",
}
DEFAULT_STALE_S = 24 * 3600.0
# District boundaries change by decree, a few times a decade; the daily job only re-checks the
# cache, so their age is the download's. A year is when to look for a newer edition.
FIXED_LIMITS_S = {"boundaries": 366 * 24 * 3600.0}


@dataclass(frozen=True)
class SourceFreshness:
    source: str
    last_success_at: datetime | None
    age: timedelta | None
    limit: timedelta
    stale: bool
    never: bool
    last_error: str | None
    failing: bool


def stale_limit(source: str, settings: Settings) -> timedelta:
    field = STALE_LIMIT_FIELDS.get(source)
    return timedelta(seconds=getattr(settings, field) if field else FIXED_LIMITS_S.get(source, DEFAULT_STALE_S))


def assess(row, settings: Settings, now: datetime) -> SourceFreshness:
    """Age is measured from the data's own time when known, else from the last success.
    ``failing`` means the last attempt failed (the data shown is the last good one)."""
    as_of = row.data_time or row.last_success_at
    limit = stale_limit(row.source, settings)
    age = (now - as_of) if as_of else None
    failing = bool(row.last_error_at and (row.last_success_at is None or row.last_error_at > row.last_success_at))
    return SourceFreshness(
        source=row.source,
        last_success_at=row.last_success_at,
        age=age,
        limit=limit,
        stale=age is None or age > limit,
        never=row.last_success_at is None,
        last_error=row.last_error,
        failing=failing,
    )
