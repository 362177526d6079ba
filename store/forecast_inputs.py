"""What a level forecast reads (issue 18), as it was stored at a time ``at``: only readings
observed *and* ingested at or before ``at``, only model runs issued at or before it.

    last_observation(engine, station_code, at)           (observed_at, level_msl, source) or None
    daily_observations(engine, station_codes, start, at) Bangkok-day means of level and discharge
    model_issue(engine, station_code, at)                the newest GloFAS run issued by ``at``
    model_past(engine, station_code, start, end, at)     modelled discharge per day (newest run by ``at``)
    station_thresholds(engine, station_code)             bank, ground (registry) for a station code
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Date, cast, func, literal_column, select, text
from sqlalchemy.engine import Engine

from store.base import utc_times
from store.water import WaterForecast, WaterObservation, WaterStation

# GloFAS through Open-Meteo (ingest.open_meteo); bench data sets (bench/forecast_season.py) mark
# their made-up runs SYNTHETIC, as their readings, and are read the same way.
MODEL_SOURCES = ("open_meteo_flood", "SYNTHETIC")


def _bangkok_day(column: ColumnElement[Any], dialect: str) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return func.date(column, "+7 hours")
    return cast(column + text("interval '7 hours'"), Date)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def last_observation(engine: Engine, station_code: str, at: datetime) -> tuple[datetime, float, str] | None:
    """The newest level reading of the station observed and ingested at or before ``at``."""
    o, s = WaterObservation.__table__, WaterStation.__table__
    stmt = (
        select(o.c.observed_at, o.c.level_msl, o.c.source)
        .join(s, s.c.station_id == o.c.station_id)
        .where(
            s.c.station_code == station_code,
            o.c.observed_at <= at,
            o.c.ingested_at <= at,
            o.c.level_msl.is_not(None),
        )
        .order_by(o.c.observed_at.desc())
        .limit(1)
    )
    with engine.connect() as conn:
        row = conn.execute(stmt).first()
    if row is None:
        return None
    return utc_times([row[0]]).iloc[0].to_pydatetime(), float(row[1]), str(row[2])


def daily_observations(engine: Engine, station_codes: list[str], start: datetime, at: datetime) -> pd.DataFrame:
    """station_code, date (Bangkok day), level_msl and discharge (means of the day's readings),
    readings; from ``start`` to ``at``, counting only what was ingested by ``at``."""
    o, s = WaterObservation.__table__, WaterStation.__table__
    day = _bangkok_day(o.c.observed_at, engine.dialect.name).label("day")
    stmt = (
        select(s.c.station_code, day, func.avg(o.c.level_msl), func.avg(o.c.discharge), func.count())
        .join(s, s.c.station_id == o.c.station_id)
        .where(
            s.c.station_code.in_(station_codes),
            o.c.observed_at > start,
            o.c.observed_at <= at,
            o.c.ingested_at <= at,
        )
        .group_by(s.c.station_code, literal_column("day"))
        .order_by(s.c.station_code, literal_column("day"))
    )
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(stmt).all()]
    df = pd.DataFrame(rows, columns=["station_code", "date", "level_msl", "discharge", "readings"])
    df["date"] = [_as_date(v) for v in df["date"]]
    return df.astype({"level_msl": "float64", "discharge": "float64"})


MODEL_COLUMNS = ["date", "discharge", "discharge_median", "p25", "p75", "issued_at", "source"]


def model_issue(engine: Engine, station_code: str, at: datetime) -> pd.DataFrame:
    """The newest GloFAS run for the station issued at or before ``at``: date, discharge,
    discharge_median, p25, p75 (m³/s, model), issued_at (UTC), source; empty when there is none."""
    f = WaterForecast.__table__
    newest = (
        select(func.max(f.c.issued_at))
        .where(f.c.station_code == station_code, f.c.source.in_(MODEL_SOURCES), f.c.issued_at <= at)
        .scalar_subquery()
    )
    stmt = (
        select(f.c.date, f.c.discharge, f.c.discharge_median, f.c.p25, f.c.p75, f.c.issued_at, f.c.source)
        .where(f.c.source.in_(MODEL_SOURCES), f.c.station_code == station_code, f.c.issued_at == newest)
        .order_by(f.c.date, f.c.source)
    )
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(stmt).all()]
    df = pd.DataFrame(rows, columns=MODEL_COLUMNS)
    df["date"] = [_as_date(v) for v in df["date"]]
    df["issued_at"] = utc_times(df["issued_at"])
    return df.astype(dict.fromkeys(("discharge", "discharge_median", "p25", "p75"), "float64"))


def model_past(engine: Engine, station_code: str, start: date, end: date, at: datetime) -> pd.DataFrame:
    """date, model_discharge: for each day from ``start`` to ``end``, the median (else the
    discharge) of the newest run issued by ``at`` that covers the day (for the bias ratio)."""
    f = WaterForecast.__table__
    stmt = select(f.c.date, f.c.issued_at, f.c.discharge_median, f.c.discharge).where(
        f.c.source.in_(MODEL_SOURCES),
        f.c.station_code == station_code,
        f.c.issued_at <= at,
        f.c.date >= start,
        f.c.date <= end,
    )
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(stmt).all()]
    df = pd.DataFrame(rows, columns=["date", "issued_at", "median", "discharge"])
    if df.empty:
        return pd.DataFrame({"date": pd.Series(dtype="object"), "model_discharge": pd.Series(dtype="float64")})
    df["date"] = [_as_date(v) for v in df["date"]]
    df["model_discharge"] = pd.to_numeric(df["median"], errors="coerce").fillna(
        pd.to_numeric(df["discharge"], errors="coerce")
    )
    df = df.sort_values(["date", "issued_at"]).drop_duplicates("date", keep="last")
    return df[["date", "model_discharge"]].reset_index(drop=True)


def station_thresholds(engine: Engine, station_code: str) -> dict[str, float | None]:
    """bank_msl, ground_msl of the station's newest registry row (None when not stored)."""
    s = WaterStation.__table__
    stmt = (
        select(s.c.bank_msl, s.c.ground_msl)
        .where(s.c.station_code == station_code)
        .order_by(s.c.updated_at.desc())
        .limit(1)
    )
    with engine.connect() as conn:
        row = conn.execute(stmt).first()
    return {"bank_msl": row[0] if row else None, "ground_msl": row[1] if row else None}
