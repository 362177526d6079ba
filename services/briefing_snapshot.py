"""The briefing snapshot with the key stations' level forecasts: what the overview, the wall,
the deck and ``manage.py export-briefing`` all show (``briefing.snapshot`` cannot reach the forecast
use case itself: briefing sits below services)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from briefing.snapshot import build_snapshot
from config import Settings
from domain.level_forecast import LevelForecast
from ops.retry import is_database_down

log = logging.getLogger(__name__)


def key_forecasts(engine: Engine, settings: Settings, at: datetime | None = None) -> dict[str, LevelForecast] | None:
    """The key stations' level forecasts as of ``at``, or None when the store cannot be read
    (the snapshot then carries no forecast rather than failing the whole briefing); a
    database that is down is raised, never turned into "no forecast"."""
    from services.forecast import key_station_forecasts

    try:
        return key_station_forecasts(engine, settings, at)
    except SQLAlchemyError as exc:
        if is_database_down(exc):
            raise  # an outage is said by the page (ui.context.database_guard), not hidden as "no forecast"
        log.warning("level forecasts left out of the briefing: %s", exc.__class__.__name__)
        return None


def snapshot_with_forecasts(engine: Engine, settings: Settings, at: datetime | None = None) -> dict:
    """``briefing.snapshot.build_snapshot`` with ``forecasts`` filled in."""
    return build_snapshot(engine, settings, at, forecasts=key_forecasts(engine, settings, at))
