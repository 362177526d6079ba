"""Checklist items due on the level forecast ("forecast over bank within 72 h").

``apply_forecast_triggers`` joins the key stations' level forecasts to the water situation
(``domain.forecast_triggers.with_level_forecasts``) and runs the checklist triggers of every
open event on it: an item whose trigger has ``model_forecast_h`` becomes due when the
forecast crosses its threshold in time, with the forecast that fired it (issue time, crossing
date, level) in its history. Run after each ingest round by ``manage.py ingest``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import pandas as pd
from sqlalchemy.engine import Engine

from auth import SYSTEM
from config import Settings
from domain.forecast_triggers import with_level_forecasts
from domain.level_forecast import LevelForecast
from domain.triggers import Firing
from services.briefing_snapshot import key_forecasts


def situation_with_forecasts(
    engine: Engine, settings: Settings, situation: pd.DataFrame, at: datetime | None = None
) -> pd.DataFrame:
    """``situation`` (``store.water_situation.latest_situation``) with the key stations' forecasts as of ``at``."""
    return with_level_forecasts(situation, key_forecasts(engine, settings, at))


def apply_forecast_triggers(
    engine: Engine,
    settings: Settings,
    now: datetime | None = None,
    forecasts: Mapping[str, LevelForecast] | None = None,
) -> dict[int, dict[int, Firing]]:
    """Every open event's triggers on the situation with its forecasts: event id -> fired items.
    ``forecasts``: the round's key-station forecasts when the caller has them (worked out here
    otherwise, and only when an event is open)."""
    from store.checklist_items import apply_triggers_to_open_events
    from store.checklists import open_event_ids
    from store.water_situation import latest_situation

    if not open_event_ids(engine, settings.province_code):
        return {}  # nothing to make due: no forecast worked out
    situation = latest_situation(engine, settings.province_code, stale_after_s=settings.waterlevel_stale_s)
    if situation.empty:
        return {}
    if forecasts is None:
        situation = situation_with_forecasts(engine, settings, situation)
    else:
        situation = with_level_forecasts(situation, dict(forecasts))
    return apply_triggers_to_open_events(engine, settings.province_code, situation, actor=SYSTEM, now=now)
