"""Water: station registry, observations (append-only, idempotent on station + time),
model forecasts; and the read functions the pages, briefing and triggers use.

    latest_situation(engine, province_code, at=None)   one row per station at ``at``
    station_series(engine, station_id, start, end)     a hydrograph
    latest_forecast(engine, station_code)              the newest model discharge forecast
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Table, Text, and_, func, or_, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql import Executable

from domain.flags import coded_flag
from domain.freshness import CADENCE_WINDOW, station_cadence
from domain.situation import assess_stations
from domain.stations import key_station_map
from store.base import Base, UTCDateTime, bulk_time, epoch_seconds, utc_from_epoch, utc_times, utcnow

REPLY_DUPLICATE = "@reply_duplicate|"  # data_sources.thaiwater.flag_reply_duplicates
HISTORY_WINDOW = timedelta(hours=26)  # enough readings for a 24 h trend
TREND_HOURS = (3, 24)  # the trends domain.situation.assess_stations computes
NEAR = timedelta(minutes=30)  # readings kept around each trend's wanted time (see _trend_history)
DEFAULT_STALE_S = 3 * 3600.0


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


def _clean(value: object) -> object:
    """NaN/NA/NaT -> None; numpy scalars -> Python; Timestamps -> datetimes."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value


def _column_values(series: pd.Series) -> list | np.ndarray:
    """A column for the bulk path: aware datetimes -> numpy datetime64[us] naive UTC (NaT kept);
    floats -> list with None for NaN; others -> Python values with None for missing."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
    if pd.api.types.is_float_dtype(series.dtype):
        arr = series.to_numpy(dtype="float64", na_value=np.nan)
        return [None if v != v else v for v in arr.tolist()]
    return [_clean(v) for v in series.astype(object).tolist()]


def _batch(df: pd.DataFrame, columns: list[str], **constants: object) -> dict[str, Any]:
    """Column-oriented rows: {name: list | datetime64 array} plus constants (one value for all)."""
    out: dict[str, Any] = {c: _column_values(df[c]) for c in columns}
    out.update({name: _Const(value) for name, value in constants.items()})
    out["__len__"] = len(df)
    return out


class _Const:
    def __init__(self, value: object) -> None:
        self.value = value


def _convert(values: Any, n: int, for_driver: str) -> list:
    """One column as the driver wants it: 'sqlite' (SQLAlchemy's text formats), 'copy'
    (naive UTC datetimes), 'sqlalchemy' (aware datetimes, through the column types)."""
    if isinstance(values, _Const):
        value = values.value
        if for_driver == "sqlite":
            value = _sqlite_value(value)
        elif for_driver == "copy":
            value = _naive_utc(value)
        return [value] * n
    if isinstance(values, np.ndarray):
        if for_driver == "sqlite":
            text_values = np.datetime_as_string(values, unit="us").tolist()
            return [None if v == "NaT" else v.replace("T", " ") for v in text_values]
        naive = values.astype("datetime64[us]").tolist()
        return naive if for_driver == "copy" else [None if v is None else v.replace(tzinfo=UTC) for v in naive]
    if not any(isinstance(v, date) for v in values if v is not None):
        return values
    if for_driver == "sqlite":
        return [_sqlite_value(v) for v in values]
    return [_naive_utc(v) for v in values] if for_driver == "copy" else values  # 'sqlalchemy': UTCDateTime checks


def _upsert(conn: Connection, table: Table, batch: dict, keys: list[str], only_changed: tuple[str, ...] = ()) -> None:
    """INSERT ... ON CONFLICT (keys) DO UPDATE for SQLite and PostgreSQL. With ``only_changed``,
    a conflicting row is rewritten only when one of those columns differs (a re-poll of the
    same readings writes nothing, and keeps the first ``ingested_at``). Keys must be unique."""
    n = batch["__len__"]
    if not n:
        return
    columns = [c.name for c in table.columns if c.name in batch]
    if conn.dialect.name == "sqlite":
        rows = list(zip(*(_convert(batch[c], n, "sqlite") for c in columns), strict=True))
        sql = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
            + _conflict_sql(table, columns, keys, only_changed).replace("IS DISTINCT FROM", "IS NOT")
        )
        conn.exec_driver_sql(sql, rows)
    elif conn.dialect.driver == "psycopg":
        _pg_copy_upsert(
            conn,
            table,
            columns,
            zip(*(_convert(batch[c], n, "copy") for c in columns), strict=True),
            keys,
            only_changed,
        )
    else:
        records = [
            dict(zip(columns, r, strict=True))
            for r in zip(*(_convert(batch[c], n, "sqlalchemy") for c in columns), strict=True)
        ]
        stmt = postgresql.insert(table)
        update = {c: stmt.excluded[c] for c in columns if c not in keys}
        where = or_(*(table.c[c].is_distinct_from(stmt.excluded[c]) for c in only_changed)) if only_changed else None
        conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=update, where=where), records)


def _naive_utc(value: Any) -> Any:  # a datetime made naive UTC; other values as they are
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given to the store; attach a timezone first")
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _sqlite_value(value: Any) -> Any:  # a cell as SQLite stores it
    """As SQLAlchemy's SQLite types store them: 'YYYY-MM-DD HH:MM:SS.ffffff' (naive UTC), 'YYYY-MM-DD'."""
    if isinstance(value, datetime):
        return _naive_utc(value).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _conflict_sql(table: Table, columns: list[str], keys: list[str], only_changed: tuple[str, ...]) -> str:
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys)
    where = (
        (" WHERE " + " OR ".join(f"{table.name}.{c} IS DISTINCT FROM excluded.{c}" for c in only_changed))
        if only_changed
        else ""
    )
    return f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}{where}"


def _pg_copy_upsert(
    conn: Connection,
    table: Table,
    columns: list[str],
    rows: Iterable[Sequence[object]],
    keys: list[str],
    only_changed: tuple[str, ...],
) -> None:
    """PostgreSQL bulk path: COPY into a temporary table, then one INSERT ... SELECT ...
    ON CONFLICT with the same semantics as the portable path (times stored as naive UTC)."""
    temp = f"tmp_upsert_{table.name}"
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {temp}")
    conn.exec_driver_sql(f"CREATE TEMP TABLE {temp} (LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DROP")
    driver = conn.connection.driver_connection
    assert driver is not None  # an open connection has its psycopg connection
    cursor = driver.cursor()
    with cursor.copy(f"COPY {temp} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    conn.exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM {temp} "
        + _conflict_sql(table, columns, keys, only_changed)
    )
    conn.exec_driver_sql(f"DROP TABLE {temp}")


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
    station_rows = _batch(stations, STATION_COLUMNS, source=source, updated_at=at)
    obs = df[df["observed_at"].notna()].drop_duplicates(["station_id", "observed_at"], keep="last")
    obs_rows = _batch(obs, OBSERVATION_COLUMNS, source=source, ingested_at=at)
    with engine.begin() as conn:
        _upsert(conn, WaterStation.__table__, station_rows, ["station_id"])
        _upsert(conn, WaterObservation.__table__, obs_rows, ["station_id", "observed_at"], only_changed=_OBS_VALUES)
    return len(obs)


def save_series(engine: Engine, station_id: str, series: pd.DataFrame, source: str, at: datetime | None = None) -> int:
    """Upsert one station's series (observed_at, level_msl, discharge) for a known station."""
    at = at or utcnow()
    df = (
        series[series["observed_at"].notna()]
        .drop_duplicates("observed_at", keep="last")
        .assign(station_id=str(station_id))
    )
    rows = _batch(df, ["station_id", "observed_at", "level_msl", "discharge"], source=source, ingested_at=at)
    with engine.begin() as conn:
        _upsert(
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
    rows = _batch(df, cols, source=source, issued_at=issued_at)
    with engine.begin() as conn:
        _upsert(conn, WaterForecast.__table__, rows, ["source", "station_code", "issued_at", "date"])
    return rows["__len__"]


def save_rain_forecast(engine: Engine, df: pd.DataFrame, source: str, province_code: str, issued_at: datetime) -> int:
    """Upsert an hourly precipitation forecast (valid_at, precipitation_mm, probability_pct, lat, lon)."""
    cols = ["valid_at", "precipitation_mm", "probability_pct", "lat", "lon"]
    df = df.drop_duplicates("valid_at", keep="last")
    rows = _batch(df, cols, source=source, province_code=province_code, issued_at=issued_at)
    with engine.begin() as conn:
        _upsert(conn, RainForecast.__table__, rows, ["source", "province_code", "issued_at", "valid_at"])
    return rows["__len__"]


# --- reading -------------------------------------------------------------------------


def _utc(at: datetime | None) -> datetime:
    if at is None:
        return utcnow()
    if at.tzinfo is None:
        raise ValueError(f"naive datetime {at!r}; give an aware (UTC) time")
    return at.astimezone(UTC)


def _frame(conn: Connection, stmt: Executable, columns: list[str]) -> pd.DataFrame:
    # Plain tuples: a list of Row makes pandas probe every row (each probe raises and is
    # caught inside SQLAlchemy), which cost more than the query itself (issue 9).
    return pd.DataFrame([tuple(row) for row in conn.execute(stmt).all()], columns=columns)


def _times(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, utc=True)


def province_stations(engine: Engine, province_code: str) -> pd.DataFrame:
    """The registry rows of the province plus its configured key stations elsewhere."""
    keys = list(key_station_map(province_code))
    s = WaterStation.__table__
    cols = [c.name for c in s.columns]
    stmt = select(s).where((s.c.province_code == province_code) | s.c.station_code.in_(keys)).order_by(s.c.station_code)
    with engine.connect() as conn:
        return _frame(conn, stmt, cols)


SITUATION_COLUMNS = [
    "station_id",
    "station_code",
    "name_th",
    "name_en",
    "district_code",
    "lat",
    "lon",
    "level_msl",
    "bank_msl",
    "ground_msl",
    "pct_capacity",
    "situation_class",
    "below_bank_m",
    "trend_3h_cm_h",
    "trend_24h_cm_h",
    "trend",
    "observed_at",
    "age_s",
    "stale",
    "flags",
    "is_key",
    "watch_level_msl",
    # extras
    "province_code",
    "agency",
    "discharge",
    "hii_situation_level",
    "reading_class",
    "upstream",
    # how the station reports (domain.freshness.station_cadence): code and parameters, worded by i18n
    "cadence",
    "cadence_interval_s",
    "cadence_time",
    "stale_after_s",
]


def latest_situation(
    engine: Engine, province_code: str, at: datetime | None = None, stale_after_s: float = DEFAULT_STALE_S
) -> pd.DataFrame:
    """One row per station of the province (and its upstream key stations) as it stood at
    ``at`` (aware; None = now): the newest reading at or before ``at``, its % capacity and
    HII class, metres below bank, 3 h / 24 h trends, age and staleness, flags. A reading
    older than ``stale_after_s`` gets situation_class 'unknown' (its class stays in
    reading_class) so an old reading is never shown as current. ``stale_after_s`` is the ceiling
    for telemetry: each station is stale when overdue for its own cadence, learnt from its
    stored history (a daily 06:00 reading stays current until the next one is missed; see
    ``domain.freshness.station_cadence``). Sorted key stations first."""
    at = _utc(at)
    stations = province_stations(engine, province_code)
    if stations.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in SITUATION_COLUMNS})
    o = WaterObservation.__table__
    ids = stations["station_id"].tolist()
    # One index seek per station (max over the (station_id, observed_at) key), not a scan of its history.
    st = WaterStation.__table__
    newest = (
        select(func.max(o.c.observed_at))
        .where(o.c.station_id == st.c.station_id, o.c.observed_at <= at)
        .correlate(st)
        .scalar_subquery()
    )
    latest_t = select(st.c.station_id, newest.label("t")).where(st.c.station_id.in_(ids)).subquery()
    obs_cols = ["station_id", "observed_at", "level_msl", "discharge", "hii_situation_level", "obs_flags"]
    observed = bulk_time(o.c.observed_at, engine.dialect.name)  # converted per column below, not per row
    latest_stmt = select(
        o.c.station_id, observed, o.c.level_msl, o.c.discharge, o.c.hii_situation_level, o.c.flags
    ).join(latest_t, and_(o.c.station_id == latest_t.c.station_id, o.c.observed_at == latest_t.c.t))
    with engine.connect() as conn:
        latest = _frame(conn, latest_stmt, obs_cols)
        history = _trend_history(conn, engine.dialect.name, ids, at)
        cadence_stats = _cadence_history(conn, engine.dialect.name, ids, at)
    latest["observed_at"] = utc_times(latest["observed_at"])
    merged = stations.rename(columns={"flags": "station_flags"}).merge(latest, on="station_id", how="left")
    merged = _apply_key_stations(merged, province_code)
    merged["flags"] = _join_flags(merged["obs_flags"], merged["station_flags"], merged["key_flags"])
    for col in ("level_msl", "bank_msl", "ground_msl", "lat", "lon", "discharge", "watch_level_msl"):
        merged[col] = pd.to_numeric(merged[col], errors="coerce").astype("float64")
    merged = merged.merge(cadence_stats, on="station_id", how="left")
    merged = merged.join(station_cadence(merged, stale_after_s))
    out = assess_stations(merged, history, at, merged["stale_after_s"].to_numpy(dtype="float64"))
    out["station_id"] = out["station_id"].astype(str)
    out["_order"] = (~out["is_key"]).astype(int)
    out = out.sort_values(["_order", "station_code"]).reset_index(drop=True)
    return out[SITUATION_COLUMNS]


def _cadence_history(conn: Connection, dialect: str, ids: list[str], at: datetime) -> pd.DataFrame:
    """Per station: how many readings it has in the ``CADENCE_WINDOW`` up to
    ``at``, and the first and last of them (epoch seconds), for its reporting interval.
    One grouped read over the (station_id, observed_at) key; min/max of the stored column
    (not of a per-row conversion), so only one time per station is converted."""
    o = WaterObservation.__table__
    stmt = (
        select(o.c.station_id, func.count(), func.min(o.c.observed_at), func.max(o.c.observed_at))
        .where(o.c.station_id.in_(ids), o.c.observed_at <= at, o.c.observed_at > at - CADENCE_WINDOW)
        .group_by(o.c.station_id)
    )  # every report counts, with a level or not: the key alone answers (no row reads)
    df = _frame(conn, stmt, ["station_id", "history_n", "first", "last"])
    seconds = lambda col: pd.to_datetime(df[col], utc=True).map(lambda t: t.timestamp()).astype("float64")  # noqa: E731
    return pd.DataFrame(
        {
            "station_id": df["station_id"].astype(object),
            "history_n": df["history_n"].astype("float64"),
            "history_first_s": seconds("first") if len(df) else pd.Series(dtype="float64"),
            "history_last_s": seconds("last") if len(df) else pd.Series(dtype="float64"),
        }
    )


def _trend_history(conn: Connection, dialect: str, ids: list[str], at: datetime) -> pd.DataFrame:
    """The readings with a level that the 3 h and 24 h trends can pick out of each station's
    26 h window (~150 a station): its newest, and those within ``NEAR`` of newest - 3 h and of
    newest - 24 h. A trend takes the reading nearest its wanted time, so when one lies within
    ``NEAR`` the nearest (and any tie) is among these; a station with an empty slot (a gap) gets
    its whole window, so the trends are exactly those of the whole window (a test compares).
    Times come from the database as epoch seconds: floats, not datetimes made one by one."""
    o = WaterObservation.__table__
    columns = ["station_id", "observed_at", "level_msl"]
    lo = at - HISTORY_WINDOW
    in_window = and_(o.c.observed_at <= at, o.c.observed_at >= lo, o.c.level_msl.is_not(None))
    reading = select(o.c.station_id, epoch_seconds(o.c.observed_at, dialect), o.c.level_msl)
    newest: dict[datetime, list[str]] = {}  # stations by their newest reading's time: mostly one time for all
    for station, last in conn.execute(
        select(o.c.station_id, func.max(o.c.observed_at))
        .where(o.c.station_id.in_(ids), in_window)
        .group_by(o.c.station_id)
    ):
        newest.setdefault(last, []).append(station)
    if not newest:
        return pd.DataFrame(
            {
                "station_id": pd.Series(dtype="object"),
                "observed_at": utc_from_epoch([]),
                "level_msl": pd.Series(dtype="float64"),
            }
        )
    slots = [
        and_(
            o.c.station_id.in_(stations),
            or_(
                o.c.observed_at == last,
                *(
                    and_(
                        o.c.observed_at >= last - timedelta(hours=h) - NEAR,
                        o.c.observed_at <= last - timedelta(hours=h) + NEAR,
                    )
                    for h in TREND_HOURS
                ),
            ),
        )  # in_window keeps >= lo
        for last, stations in newest.items()
    ]
    near = _frame(conn, reading.where(in_window, or_(*slots)), columns)
    seconds = np.rint(near["observed_at"].to_numpy(dtype="float64")).astype("int64")
    near["observed_at"] = utc_from_epoch(seconds)
    station_of = near["station_id"].to_numpy()
    gaps = []
    for last, stations in newest.items():
        last_s = int(pd.Timestamp(last).timestamp())
        for station in stations:
            mine = seconds[station_of == station]
            earlier = mine[mine < last_s]
            if any(not (np.abs(earlier - (last_s - h * 3600)) <= NEAR.total_seconds()).any() for h in TREND_HOURS):
                gaps.append(station)
    if not gaps:
        return near
    whole = _frame(conn, reading.where(in_window, o.c.station_id.in_(gaps)), columns)
    whole["observed_at"] = utc_from_epoch(whole["observed_at"])
    return pd.concat([near[~near["station_id"].isin(gaps)], whole], ignore_index=True)


def _apply_key_stations(df: pd.DataFrame, province_code: str) -> pd.DataFrame:
    """is_key, upstream, configured bank (wins over the feed, with a flag when they differ)
    and watch level. RID's dot-less duplicates never match a key code."""
    keys = key_station_map(province_code)
    feed_bank = pd.to_numeric(df["bank_msl"], errors="coerce").to_numpy(dtype="float64")
    codes = df["station_code"].tolist()
    is_key = np.array([c in keys for c in codes], dtype=bool)
    upstream = [False] * len(df)
    watch = np.full(len(df), math.nan)
    banks = feed_bank.copy()
    flags: list[list[str]] = [[] for _ in range(len(df))]
    # Only the few configured key stations need a look of their own; the rest keep the feed's bank.
    for i in np.flatnonzero(is_key):
        key = keys[codes[i]]
        bank = None if math.isnan(feed_bank[i]) else float(feed_bank[i])
        if key.bank_msl is not None:
            if bank is not None and abs(bank - key.bank_msl) > 0.05:
                flags[i].append(coded_flag("configured_bank", conf=f"{key.bank_msl:.2f}", feed=f"{bank:.2f}"))
            bank = key.bank_msl
        upstream[i] = bool(key.upstream)
        watch[i] = key.watch_level(bank)
        banks[i] = bank if bank is not None else math.nan
    return df.assign(is_key=is_key, upstream=upstream, watch_level_msl=watch, key_flags=flags, bank_msl=banks)  # type: ignore[arg-type]  # pandas-stubs: a list of lists is a valid object column


def _join_flags(obs_flags: pd.Series, station_flags: pd.Series, key_flags: pd.Series) -> list[str]:
    """The reading's flags (else the station's) plus the key-station notes, "; "-joined."""
    out = []
    for obs, station, extra in zip(obs_flags.tolist(), station_flags.tolist(), key_flags.tolist(), strict=True):
        text = obs if isinstance(obs, str) else (station if isinstance(station, str) else "")
        out.append("; ".join(f for f in text.split("; ") + extra if f))
    return out


def station_series(engine: Engine, station_id: str, start: datetime, end: datetime) -> pd.DataFrame:
    """Readings of one station with start <= observed_at <= end (aware datetimes), by time:
    observed_at (UTC), level_msl (m MSL), discharge (m³/s)."""
    o = WaterObservation.__table__
    # Read the stored UTC column as is and convert the whole column at once (the hydrograph path).
    stmt = (
        select(bulk_time(o.c.observed_at, engine.dialect.name), o.c.level_msl, o.c.discharge)
        .where(o.c.station_id == str(station_id), o.c.observed_at >= _utc(start), o.c.observed_at <= _utc(end))
        .order_by(o.c.observed_at)
    )
    with engine.connect() as conn:
        df = _frame(conn, stmt, ["observed_at", "level_msl", "discharge"])
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
        df = _frame(conn, stmt, cols)
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
        df = _frame(conn, stmt, ["valid_at", "precipitation_mm", "probability_pct", "issued_at", "source"])
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

    def as_utc(t: datetime) -> datetime:
        return t.astimezone(UTC) if t.tzinfo else t.replace(tzinfo=UTC)

    return (as_utc(min(firsts)) if firsts else None), (as_utc(max(lasts)) if lasts else None)
