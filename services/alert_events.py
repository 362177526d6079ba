"""Alerts found after each ingest round (issue 19): river readings and forecasts of the key
stations, sources gone stale, checklist items due, overdue or escalated, dam release jumps. ``cli.core`` calls
``raise_round_alerts`` after every round of ``manage.py ingest`` (one-off and the loop).

Writes by people (an item reassigned, an impact report) queue their alerts in their own
transaction (``store.alert_events`` hooks); this is for what only time and the feeds change.
Each station's hysteresis stage and the newest reading it has judged are kept in
``alert_event_state`` and written in the same transaction as the alerts they caused.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from config import Settings
from domain.alert_events import (
    Reading,
    Station,
    dam_release_events,
    forecast_events,
    source_events,
    station_level_events,
)
from domain.alert_response_events import item_time_events
from domain.dams import dam_status, release_jumps, select_basin_dams
from domain.freshness import CADENCE_SOURCES, assess, stations_current_until
from domain.level_forecast import LevelForecast
from domain.stations import station_name
from services.forecast import key_station_forecasts
from store import alert_events as store_events
from store.alerts import AlertSupervisor
from store.checklists import items_frame, open_event_ids
from store.dams import dam_history, key_station_basins
from store.health import read_health
from store.water import station_series
from store.water_situation import latest_situation

log = logging.getLogger(__name__)
FIRST_LOOK = timedelta(hours=48)  # a station never judged: readings this far back set its stage


@dataclass
class RoundAlerts:
    stations: int = 0
    sources: int = 0
    items: int = 0
    dams: int = 0

    @property
    def queued(self) -> int:
        return self.stations + self.sources + self.items + self.dams


def _float(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _station(row: Mapping, province_code: str) -> Station:
    return Station(
        str(row["station_code"]),
        station_name(dict(row), "th", province_code),
        station_name(dict(row), "en", province_code),
        _float(row.get("bank_msl")),
        _float(row.get("ground_msl")),
        _float(row.get("watch_level_msl")),
        str(row["district_code"]) if row.get("district_code") and not pd.isna(row["district_code"]) else None,
    )


def forecasts_now(engine: Engine, settings: Settings, now: datetime) -> dict[str, LevelForecast]:
    """The key stations' level forecasts (issue 18). A fault there costs the forecast alerts of
    this round, never the reading alerts: it is logged and the round goes on without them."""
    try:
        return dict(key_station_forecasts(engine, settings, now))
    except SQLAlchemyError:
        raise
    except Exception:
        log.exception("level forecasts for the alerts failed; this round has no forecast alerts")
        return {}


def station_alerts(
    engine: Engine, settings: Settings, now: datetime, forecasts: Mapping[str, LevelForecast] | None = None
) -> int:
    """Judge each key station's readings since the last round (hysteresis, ``domain.alert_events``)
    and its forecast; queue the alerts and keep the new stage, in one transaction per station."""
    situation = latest_situation(engine, settings.province_code, at=now, stale_after_s=settings.waterlevel_stale_s)
    queued = 0
    for row in situation[situation["is_key"].fillna(False).astype(bool)].to_dict("records"):
        station = _station(row, settings.province_code)
        subject = f"station:{station.code}"
        with Session(engine) as session, session.begin():
            state = store_events.get_state(session, subject) or {}
            last = datetime.fromisoformat(state["last_at"]) if state.get("last_at") else None
            series = station_series(engine, str(row["station_id"]), last or now - FIRST_LOOK, now)
            readings = [
                Reading(t.to_pydatetime(), float(level))
                for t, level in zip(series["observed_at"], series["level_msl"], strict=True)
                if not pd.isna(level) and (last is None or t.to_pydatetime() > last)
            ]
            events, stage = station_level_events(station, readings, state.get("stage"))
            events += forecast_events(station, (forecasts or {}).get(station.code), now, stage)
            queued += store_events.enqueue_events(session, events, now=now)
            newest = max((r.at for r in readings), default=last)
            store_events.put_state(
                session, subject, {"stage": stage, "last_at": newest.isoformat() if newest else None}, now
            )
    return queued


def source_alerts(engine: Engine, settings: Settings, now: datetime) -> int:
    """A source stale or failing past its limit: once per outage. ThaiWater is judged by its
    stations' own cadences (``domain.freshness.assess``), as the pages judge it."""
    situation = latest_situation(engine, settings.province_code, at=now, stale_after_s=settings.waterlevel_stale_s)
    water_until = stations_current_until(situation)
    until = dict.fromkeys(CADENCE_SOURCES, water_until)
    states = (assess(row, settings, now, until.get(row.source)) for row in read_health(engine))
    events = source_events(states, now)
    with Session(engine) as session, session.begin():
        return store_events.enqueue_events(session, events, now=now)


def item_alerts(engine: Engine, settings: Settings, now: datetime) -> int:
    """Open items due soon, overdue, or overdue and not started (escalated to the district's
    supervisors; a province-wide item's go to the supervisors of district ``""``)."""
    with Session(engine) as session:
        supervisors: dict[str, list[str]] = {}
        for row in session.query(AlertSupervisor).all():
            supervisors.setdefault(row.district_code, []).append(row.username)
    queued = 0
    for event_id in open_event_ids(engine, settings.province_code):
        items = items_frame(engine, event_id, now=now)
        records = [
            {k: (None if not isinstance(v, (list, dict)) and pd.isna(v) else v) for k, v in r.items()}
            for r in items[["id", "title_th", "title_en", "district_code", "state", "due_at"]].to_dict("records")
        ]
        for record in records:
            if record["due_at"] is not None:
                record["due_at"] = pd.Timestamp(record["due_at"]).to_pydatetime()
        events = item_time_events(records, now, {k: tuple(v) for k, v in supervisors.items()})
        with Session(engine) as session, session.begin():
            queued += store_events.enqueue_events(session, events, now=now)
    return queued


def dam_alerts(engine: Engine, settings: Settings, now: datetime) -> int:
    """Dams in the key stations' basins whose release jumped on a fresh report
    (``domain.dams.release_jumps``): once per dam and report date, whatever round finds it."""
    basins = key_station_basins(engine, settings.province_code)
    history = select_basin_dams(dam_history(engine, days=8, at=now), basins)
    jumps = release_jumps(dam_status(history, now, settings.dam_stale_s))
    events = dam_release_events(jumps.to_dict("records"))
    with Session(engine) as session, session.begin():
        return store_events.enqueue_events(session, events, now=now)


def raise_round_alerts(
    engine: Engine,
    settings: Settings,
    *,
    now: datetime | None = None,
    forecasts: Mapping[str, LevelForecast] | None = None,
) -> RoundAlerts:
    """Everything ``cli.core`` runs after an ingest round; returns how many alerts were queued.
    ``forecasts``: the round's key-station forecasts when the caller has them (worked out here
    otherwise)."""
    now = now or datetime.now(UTC)
    if forecasts is None:
        forecasts = forecasts_now(engine, settings, now)
    return RoundAlerts(
        stations=station_alerts(engine, settings, now, forecasts),
        sources=source_alerts(engine, settings, now),
        items=item_alerts(engine, settings, now),
        dams=dam_alerts(engine, settings, now),
    )
