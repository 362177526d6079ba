"""The situation a briefing shows, as plain JSON-able data.

``build_snapshot(engine, settings, at=None) -> dict`` reads the store once:

    version, province_code, province_th, province_en, taken_at (ISO, UTC)
    stations   [{station_code, name_th, name_en, district_code, lat, lon, level_msl, bank_msl,
                 pct_capacity, situation_class, below_bank_m, trend, trend_3h_cm_h,
                 observed_at, stale, is_key, cadence, cadence_time, cadence_interval_s,
                 stale_after_s, forecast_peak_m3s, forecast_peak_date,
                 forecast_issued_at}]
    districts  [{district_code, name_th, name_en, report_time, affected_villages,
                 affected_households, affected_people, evacuated_people, centres_open,
                 people_in_centres, declared_zone_date, previous_people (the district's
                 report before its latest one), items_total, items_done,
                 overdue_items [keys]}]            (all districts of the province)
    shelters   [{district_code, name, capacity, people_now}]      open centres
    checklist  {event_id, name, province: {items_total, items_done, overdue_items}} or None
    dams       [{dam_id, dam_code, name_th, name_en, basin_th, basin_en, data_date, storage_mcm,
                 storage_pct, inflow_mcm, released_mcm, spilled_mcm, previous_released_mcm,
                 released_change_mcm, spilled_change_mcm, release_jump, colour, stale}]
                 the large dams of the key stations' basins (``briefing.dams``)
    sources    [{source, as_of, age_s (against taken_at), stale, failing, newer (fetched after
                 taken_at: a replay), never (no success yet)}]
    forecasts  [level forecast per key station: ``briefing.forecast_lines.forecast_entries``]
               (empty unless the caller passes ``forecasts``: the use case lives in services/)

A part whose store module or data is missing is empty, never invented. The same dict is
what ``store.briefings.save_briefing`` keeps and ``domain.changes`` compares.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from briefing.dams import dam_records
from briefing.forecast_lines import forecast_entries
from config import Settings
from domain.flags import DATUM_DUPLICATE, has_flag
from domain.freshness import CADENCE_SOURCES, assess, stale_limit, stations_current_until
from domain.level_forecast import LevelForecast
from geo.gazetteer import province_districts
from ops.retry import is_database_down
from store.briefings import SNAPSHOT_VERSION
from store.health import read_health

IMPACT_FIELDS = (
    "affected_villages",
    "affected_households",
    "affected_people",
    "evacuated_people",
    "centres_open",
    "people_in_centres",
)
STATION_FIELDS = (
    "station_code",
    "name_th",
    "name_en",
    "district_code",
    "lat",
    "lon",
    "level_msl",
    "bank_msl",
    "pct_capacity",
    "situation_class",
    "below_bank_m",
    "trend",
    "trend_3h_cm_h",
    "observed_at",
    "stale",
    "is_key",
    # how the station reports (domain.freshness.station_cadence): 'daily' with its Bangkok time, 'scheduled' every n s,
    # or telemetry
    "cadence",
    "cadence_time",
    "cadence_interval_s",
    "stale_after_s",
)


def plain(value):
    """A JSON-safe scalar: NaN/NA -> None, numpy -> Python, datetimes -> ISO (UTC), dates -> ISO."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _stations(engine: Engine, settings: Settings, at: datetime | None) -> list[dict]:
    from store.water import latest_forecast
    from store.water_situation import latest_situation

    df = latest_situation(engine, settings.province_code, at=at, stale_after_s=settings.waterlevel_stale_s)
    df = df[~datum_duplicates(df)]
    out = []
    for row in df.to_dict("records"):
        item = {k: plain(row.get(k)) for k in STATION_FIELDS}
        item["stale"] = bool(row.get("stale")) if row.get("stale") is not None else True
        item["is_key"] = bool(row.get("is_key"))
        item.update(forecast_peak_m3s=None, forecast_peak_date=None, forecast_issued_at=None)
        if item["is_key"]:
            fc = latest_forecast(engine, str(row["station_code"]))
            if not fc.empty and fc["discharge"].notna().any():
                peak = fc.loc[fc["discharge"].idxmax()]
                item.update(
                    forecast_peak_m3s=plain(peak["discharge"]),
                    forecast_peak_date=plain(peak["date"]),
                    forecast_issued_at=plain(peak["issued_at"]),
                )
        out.append(item)
    return out


def datum_duplicates(df: pd.DataFrame) -> pd.Series:
    """True for RID's gauge-datum duplicate rows (M7 beside M.7, E98, M179A): the same gauge
    read against its own datum, not a station of its own, so maps, counts and tables leave
    them out. From the store's ``duplicate_of`` column when it has one, else from the flag
    code the ThaiWater parser writes (``@datum_duplicate|twin=M.7|...``), or its English
    sentence in readings stored before flags were coded (issue 17; no migration rewrote them)."""
    if "duplicate_of" in df.columns:
        return df["duplicate_of"].fillna("").astype(str).str.strip() != ""
    if "flags" not in df.columns:
        return pd.Series(False, index=df.index)
    legacy = df["flags"].fillna("").astype(str).str.contains("gauge-datum duplicate", regex=False)
    return has_flag(df["flags"], DATUM_DUPLICATE) | legacy


def _impact(engine: Engine, at: datetime | None) -> tuple[dict[str, dict], list[dict], datetime | None]:
    from domain.impact import latest_per_district
    from domain.shelters import rank_shelters
    from store.impact import read_impact_reports, read_shelters

    history = read_impact_reports(engine)
    latest = latest_per_district(history, at) if not history.empty else history
    rows = {}
    for r in latest.to_dict("records") if not latest.empty else []:
        earlier = history[
            (history["district_code"] == r["district_code"]) & (history["report_time"] < r["report_time"])
        ]
        previous = plain(earlier.sort_values("report_time").iloc[-1]["affected_people"]) if len(earlier) else None
        rows[str(r["district_code"])] = {
            "report_time": plain(r["report_time"]),
            "declared_zone_date": plain(r.get("declared_zone_date")),
            **{f: plain(r[f]) for f in IMPACT_FIELDS},
            "previous_people": previous,
        }
    newest = max(latest["report_time"]) if not latest.empty else None
    today = (at or datetime.now(UTC)).date()
    centres = rank_shelters(read_shelters(engine), today)
    shelters = [
        {
            "district_code": str(c["district_code"]),
            "name": c["name"],
            "capacity": plain(c["capacity"]),
            "people_now": plain(c["people_now"]),
        }
        for c in centres.to_dict("records")
        if c.get("is_open") and (c.get("opened_on") is None or pd.isna(c["opened_on"]) or c["opened_on"] <= today)
    ]
    return rows, shelters, newest


def _checklists(engine: Engine, province_code: str, at: datetime | None) -> tuple[dict | None, dict[str, dict]]:
    """Progress of the open checklist event (issue 6)."""
    from briefing.progress import read_progress
    from store import checklists

    return read_progress(checklists, engine, province_code, at)


def _sources(
    engine: Engine, settings: Settings, reference: datetime, impact_time: datetime | None, stations: list[dict]
) -> list[dict]:
    """Each source's data time and age measured against ``reference`` (the snapshot's time: a
    replay is judged as of its own time); ThaiWater is stale only when none of ``stations`` is
    current by its own cadence (``domain.freshness.assess``). A source fetched after a replay time is ``newer``
    (no age, not stale): it is not older than the replay, it did not exist yet. ``never``: no
    success at all, so there is no time to give."""
    water_until = stations_current_until(pd.DataFrame(stations, columns=["observed_at", "stale_after_s"]))
    out = []
    for row in read_health(engine):
        fresh = assess(row, settings, reference, water_until if row.source in CADENCE_SOURCES else None)
        as_of = row.data_time or row.last_success_at
        newer = as_of is not None and as_of > reference
        out.append(
            {
                "source": row.source,
                "as_of": plain(as_of),
                "age_s": None if fresh.age is None or newer else round(fresh.age.total_seconds()),
                "stale": bool(fresh.stale) and not newer,
                "failing": bool(fresh.failing),
                "newer": newer,
                "never": bool(fresh.never),
            }
        )
    if impact_time is not None and not any(s["source"] == "impact" for s in out):
        age = (reference - impact_time).total_seconds()
        out.append(
            {
                "source": "impact",
                "as_of": plain(impact_time),
                "age_s": round(age),
                "newer": False,
                "never": False,
                "stale": age > stale_limit("impact", settings).total_seconds(),
                "failing": False,
            }
        )
    return sorted(out, key=lambda s: s["source"])


def build_snapshot(
    engine: Engine,
    settings: Settings,
    at: datetime | None = None,
    forecasts: Mapping[str, LevelForecast] | None = None,
) -> dict:
    """The situation now (or as of ``at``, aware) as a JSON-able dict (see module doc);
    ``forecasts``: the key stations' level forecasts (``services.forecast.key_station_forecasts``)."""
    now = datetime.now(UTC)
    taken = (at or now).astimezone(UTC)
    province = settings.province
    try:
        stations = _stations(engine, settings, at)
    except SQLAlchemyError as exc:
        if is_database_down(exc):
            raise  # an outage is not "no station yet": the page says the database is down
        stations = []
    impact, shelters, impact_time = _impact(engine, at)
    event, progress = _checklists(engine, settings.province_code, at)
    districts = []
    for d in province_districts(settings.province_code).to_dict("records"):
        code = d["district_code"]
        row = {
            "district_code": code,
            "name_th": d["name_th"],
            "name_en": d["name_en"],
            "report_time": None,
            "declared_zone_date": None,
            **dict.fromkeys(IMPACT_FIELDS),
            "previous_people": None,
            "items_total": None,
            "items_done": None,
            "overdue_items": [],
        }
        row.update(impact.get(code, {}))
        row.update(progress.get(code, {}))
        districts.append(row)
    return {
        "version": SNAPSHOT_VERSION,
        "province_code": settings.province_code,
        "province_th": province.name_th,
        "province_en": province.name_en,
        "taken_at": taken.isoformat(),
        "stations": stations,
        "districts": districts,
        "shelters": shelters,
        "checklist": event,
        "dams": dam_records(engine, settings, at),
        "sources": _sources(engine, settings, taken, impact_time, stations),
        "forecasts": forecast_entries(
            forecasts, settings.province_code, as_of=taken, stale_after_s=settings.forecast_stale_s
        ),
    }


def stations_frame(snapshot: dict) -> pd.DataFrame:
    """The snapshot's stations as a DataFrame (times parsed, UTC)."""
    df = pd.DataFrame(
        snapshot.get("stations") or [],
        columns=[*STATION_FIELDS, "forecast_peak_m3s", "forecast_peak_date", "forecast_issued_at"],
    )
    df["observed_at"] = pd.to_datetime(df["observed_at"], utc=True)
    return df


def districts_frame(snapshot: dict) -> pd.DataFrame:
    """The snapshot's districts as a DataFrame, with ``overdue`` (count) and ``pct_done``."""
    df = pd.DataFrame(snapshot.get("districts") or [])
    if df.empty:
        return df
    df["report_time"] = pd.to_datetime(df["report_time"], utc=True)
    df["overdue"] = df["overdue_items"].map(lambda items: len(items or []))
    total = pd.to_numeric(df["items_total"], errors="coerce")
    df["pct_done"] = (pd.to_numeric(df["items_done"], errors="coerce") / total.where(total > 0) * 100).round(0)
    return df


def has_impact(snapshot: dict) -> bool:
    return any(d.get("report_time") for d in snapshot.get("districts") or [])


def has_progress(snapshot: dict) -> bool:
    return snapshot.get("checklist") is not None
