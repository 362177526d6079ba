"""Water: station registry, observations (append-only, idempotent on station + time),
model forecasts; and the read functions the pages and briefing use (the situation per station
is ``store.water_situation.latest_situation``).

    station_series(engine, station_id, start, end)     a hydrograph
    latest_forecast(engine, station_code)              the newest model discharge forecast
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from domain.stations import key_station_map
from store.base import Base, UTCDateTime, bulk_time, utc_times, utcnow
from store.bulk import aware_utc, column_batch, read_frame, upsert_batch

REPLY_DUPLICATE = "@reply_duplicate|"  # data_sources.thaiwater.flag_reply_duplicates


class WaterStation(Base):
    __tablename__ = "water_stations"

    station_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(32), index=True)
    name_th: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    agency: Mapped[str | None] = mapped_column(String(40))
    basin_th: Mapped[str | None] = mapped_column(String(200))
    province_code: Mapped[str | None] = mapped_column(String(2), index=True)
    district_code: Mapped[str | None] = mapped_column(String(4))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    bank_msl: Mapped[float | None] = mapped_column(Float)
    ground_msl: Mapped[float | None] = mapped_column(Float)
    left_bank: Mapped[float | None] = mapped_column(Float)
    right_bank: Mapped[float | None] = mapped_column(Float)
    critical_level_msl: Mapped[float | None] = mapped_column(Float)
    qmax: Mapped[float | None] = mapped_column(Float)
    flags: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WaterObservation(Base):
    __tablename__ = "water_observations"

    station_id: Mapped[str] = mapped_column(String(32), ForeignKey("water_stations.station_id"), primary_key=True)
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    level_msl: Mapped[float | None] = mapped_column(Float)
    discharge: Mapped[float | None] = mapped_column(Float)
    storage_percent: Mapped[float | None] = mapped_column(Float)
    hii_situation_level: Mapped[int | None] = mapped_column(Integer)
    flags: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(40))
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WaterForecast(Base):
    __tablename__ = "water_forecasts"
    __table_args__ = (Index("ix_water_forecasts_station_code", "station_code", "issued_at"),)

    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    discharge: Mapped[float | None] = mapped_column(Float)
    discharge_median: Mapped[float | None] = mapped_column(Float)
    p25: Mapped[float | None] = mapped_column(Float)
    p75: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)


class RainForecast(Base):
    __tablename__ = "rain_forecasts"

    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    valid_at: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    precipitation_mm: Mapped[float | None] = mapped_column(Float)
    probability_pct: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)


# --- writing -------------------------------------------------------------------------


STATION_COLUMNS = [
    "station_id",
    "station_code",
    "name_th",
    "name_en",
    "agency",
    "basin_th",
    "province_code",
    "district_code",
    "lat",
    "lon",
    "bank_msl",
    "ground_msl",
    "left_bank",
    "right_bank",
    "critical_level_msl",
    "qmax",
    "flags",
]
_OBS_VALUES = ("level_msl", "discharge", "storage_percent", "hii_situation_level", "flags")
OBSERVATION_COLUMNS = [
    "station_id",
    "observed_at",
    "level_msl",
    "discharge",
    "storage_percent",
    "hii_situation_level",
    "flags",
]


def save_waterlevels(engine: Engine, df: pd.DataFrame, source: str, at: datetime | None = None) -> int:
    """Upsert the stations of a parsed ``waterlevel_load`` frame and their readings, in one
    transaction (all or nothing). Rows without a time are kept as station registry entries
    only. Returns the number of observations written (inserted or updated)."""
    missing = [c for c in set(STATION_COLUMNS) | set(OBSERVATION_COLUMNS) if c not in df.columns]
    if missing:
        raise ValueError(
            f"waterlevel frame lacks columns {sorted(missing)}; expected the columns of data_sources.thaiwater.COLUMNS"
        )
    at = at or utcnow()
    # A reply's second copy of a station at the same time is flagged by the parser and left out.
    df = df[~df["flags"].fillna("").str.contains(REPLY_DUPLICATE, regex=False)]
    stations = df.sort_values("observed_at").drop_duplicates("station_id", keep="last")
    station_rows = column_batch(stations, STATION_COLUMNS, source=source, updated_at=at)
    obs = df[df["observed_at"].notna()].drop_duplicates(["station_id", "observed_at"], keep="last")
    obs_rows = column_batch(obs, OBSERVATION_COLUMNS, source=source, ingested_at=at)
    with engine.begin() as conn:
        upsert_batch(conn, WaterStation.__table__, station_rows, ["station_id"])
        upsert_batch(
            conn, WaterObservation.__table__, obs_rows, ["station_id", "observed_at"], only_changed=_OBS_VALUES
        )
    return len(obs)


def save_series(engine: Engine, station_id: str, series: pd.DataFrame, source: str, at: datetime | None = None) -> int:
    """Upsert one station's series (observed_at, level_msl, discharge) for a known station."""
    at = at or utcnow()
    df = (
        series[series["observed_at"].notna()]
        .drop_duplicates("observed_at", keep="last")
        .assign(station_id=str(station_id))
    )
    rows = column_batch(df, ["station_id", "observed_at", "level_msl", "discharge"], source=source, ingested_at=at)
    with engine.begin() as conn:
        upsert_batch(
            conn,
            WaterObservation.__table__,
            rows,
            ["station_id", "observed_at"],
            only_changed=("level_msl", "discharge"),
        )
    return rows["__len__"]


def save_forecasts(engine: Engine, df: pd.DataFrame, source: str, issued_at: datetime) -> int:
    """Upsert a discharge forecast frame (station_code, date, discharge, discharge_median,
    p25, p75, lat, lon) issued at ``issued_at``."""
    cols = ["station_code", "date", "discharge", "discharge_median", "p25", "p75", "lat", "lon"]
    df = df.drop_duplicates(["station_code", "date"], keep="last")
    rows = column_batch(df, cols, source=source, issued_at=issued_at)
    with engine.begin() as conn:
        upsert_batch(conn, WaterForecast.__table__, rows, ["source", "station_code", "issued_at", "date"])
    return rows["__len__"]


def save_rain_forecast(engine: Engine, df: pd.DataFrame, source: str, province_code: str, issued_at: datetime) -> int:
    """Upsert an hourly precipitation forecast (valid_at, precipitation_mm, probability_pct, lat, lon)."""
    cols = ["valid_at", "precipitation_mm", "probability_pct", "lat", "lon"]
    df = df.drop_duplicates("valid_at", keep="last")
    rows = column_batch(df, cols, source=source, province_code=province_code, issued_at=issued_at)
    with engine.begin() as conn:
        upsert_batch(conn, RainForecast.__table__, rows, ["source", "province_code", "issued_at", "valid_at"])
    return rows["__len__"]


# --- reading -------------------------------------------------------------------------


def _times(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, utc=True)


def province_stations(engine: Engine, province_code: str) -> pd.DataFrame:
    """The registry rows of the province plus its configured key stations elsewhere."""
    keys = list(key_station_map(province_code))
    s = WaterStation.__table__
    cols = [c.name for c in s.columns]
    stmt = select(s).where((s.c.province_code == province_code) | s.c.station_code.in_(keys)).order_by(s.c.station_code)
    with engine.connect() as conn:
        return read_frame(conn, stmt, cols)


def station_series(engine: Engine, station_id: str, start: datetime, end: datetime) -> pd.DataFrame:
    """Readings of one station with start <= observed_at <= end (aware datetimes), by time:
    observed_at (UTC), level_msl (m MSL), discharge (m³/s)."""
    o = WaterObservation.__table__
    # Read the stored UTC column as is and convert the whole column at once (the hydrograph path).
    stmt = (
        select(bulk_time(o.c.observed_at, engine.dialect.name), o.c.level_msl, o.c.discharge)
        .where(
            o.c.station_id == str(station_id), o.c.observed_at >= aware_utc(start), o.c.observed_at <= aware_utc(end)
        )
        .order_by(o.c.observed_at)
    )
    with engine.connect() as conn:
        df = read_frame(conn, stmt, ["observed_at", "level_msl", "discharge"])
    df["observed_at"] = utc_times(df["observed_at"])
    return df.astype({"level_msl": "float64", "discharge": "float64"})


def latest_forecast(engine: Engine, station_code: str) -> pd.DataFrame:
    """The newest-issued discharge forecast for a station: date (local date), discharge,
    discharge_median, p25, p75 (m³/s, model values), issued_at (UTC), source."""
    f = WaterForecast.__table__
    newest = select(func.max(f.c.issued_at)).where(f.c.station_code == station_code).scalar_subquery()
    stmt = (
        select(f.c.date, f.c.discharge, f.c.discharge_median, f.c.p25, f.c.p75, f.c.issued_at, f.c.source)
        .where(f.c.station_code == station_code, f.c.issued_at == newest)
        .order_by(f.c.date)
    )
    cols = ["date", "discharge", "discharge_median", "p25", "p75", "issued_at", "source"]
    with engine.connect() as conn:
        df = read_frame(conn, stmt, cols)
    df["issued_at"] = _times(df["issued_at"]) if len(df) else pd.Series(dtype="datetime64[us, UTC]")
    return df


def latest_rain_forecast(engine: Engine, province_code: str) -> pd.DataFrame:
    """The newest-issued hourly precipitation forecast for the province."""
    r = RainForecast.__table__
    newest = select(func.max(r.c.issued_at)).where(r.c.province_code == province_code).scalar_subquery()
    stmt = (
        select(r.c.valid_at, r.c.precipitation_mm, r.c.probability_pct, r.c.issued_at, r.c.source)
        .where(r.c.province_code == province_code, r.c.issued_at == newest)
        .order_by(r.c.valid_at)
    )
    with engine.connect() as conn:
        df = read_frame(conn, stmt, ["valid_at", "precipitation_mm", "probability_pct", "issued_at", "source"])
    for col in ("valid_at", "issued_at"):
        df[col] = _times(df[col]) if len(df) else pd.Series(dtype="datetime64[us, UTC]")
    return df


def observation_span(engine: Engine, province_code: str) -> tuple[datetime | None, datetime | None]:
    """(first, last) reading time of the province's stations, for the replay control."""
    stations = province_stations(engine, province_code)
    if stations.empty:
        return None, None
    o, st = WaterObservation.__table__, WaterStation.__table__
    # Two primary-key seeks per station (min and max over its (station_id, observed_at) key),
    # not a scan of every reading of the province.
    first = select(func.min(o.c.observed_at)).where(o.c.station_id == st.c.station_id).correlate(st).scalar_subquery()
    last = select(func.max(o.c.observed_at)).where(o.c.station_id == st.c.station_id).correlate(st).scalar_subquery()
    stmt = select(first, last).where(st.c.station_id.in_(stations["station_id"].tolist()))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    firsts = [r[0] for r in rows if r[0] is not None]
    lasts = [r[1] for r in rows if r[1] is not None]

    def asaware_utc(t: datetime) -> datetime:
        return t.astimezone(UTC) if t.tzinfo else t.replace(tzinfo=UTC)

    return (asaware_utc(min(firsts)) if firsts else None), (asaware_utc(max(lasts)) if lasts else None)


def inputs_version(engine: Engine) -> str:
    """A cheap fingerprint of what the forecast and the briefing are computed from: the newest
    model issue time (water_forecasts) and the newest successful ingest (source_health). A new
    GloFAS run or a new reading changes it, so a cache keyed on it is fresh at the next rerun."""
    from store.health import SourceHealth

    with engine.connect() as conn:
        issued = conn.execute(select(func.max(WaterForecast.issued_at))).scalar()
        success = conn.execute(select(func.max(SourceHealth.last_success_at))).scalar()
    return f"{issued}|{success}"
