"""Large dams: the registry (one row per dam) and daily observations (one row per dam and
data date, idempotent: a re-poll of the same day rewrites nothing unless a value changed).

    save_dams(engine, df, source, at=None)          upsert a ``parse_dams`` frame (all or nothing)
    dam_history(engine, days=8, at=None)            the last ``days`` data dates, registry joined
    key_station_basins(engine, province_code)       the Thai basin names of the key stations
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import Date, Float, String, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from domain.stations import key_station_map
from i18n.timefmt import BANGKOK
from store.base import Base, UTCDateTime, utcnow
from store.bulk import aware_utc, column_batch, read_frame, upsert_batch
from store.water import WaterStation


class Dam(Base):
    __tablename__ = "dams"

    dam_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    dam_code: Mapped[str | None] = mapped_column(String(32))
    name_th: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    agency: Mapped[str | None] = mapped_column(String(40))
    basin_id: Mapped[str | None] = mapped_column(String(16))
    basin_th: Mapped[str | None] = mapped_column(String(200))
    basin_en: Mapped[str | None] = mapped_column(String(200))
    province_code: Mapped[str | None] = mapped_column(String(2))
    province_th: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    normal_storage_mcm: Mapped[float | None] = mapped_column(Float)
    max_storage_mcm: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DamObservation(Base):
    __tablename__ = "dam_observations"

    dam_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    data_date: Mapped[date] = mapped_column(Date, primary_key=True)
    storage_mcm: Mapped[float | None] = mapped_column(Float)
    storage_pct: Mapped[float | None] = mapped_column(Float)
    inflow_mcm: Mapped[float | None] = mapped_column(Float)
    released_mcm: Mapped[float | None] = mapped_column(Float)
    spilled_mcm: Mapped[float | None] = mapped_column(Float)
    level_msl: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(40))
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime())


DAM_COLUMNS = [
    "dam_id",
    "dam_code",
    "name_th",
    "name_en",
    "agency",
    "basin_id",
    "basin_th",
    "basin_en",
    "province_code",
    "province_th",
    "lat",
    "lon",
    "normal_storage_mcm",
    "max_storage_mcm",
]
OBSERVATION_COLUMNS = [
    "dam_id",
    "data_date",
    "storage_mcm",
    "storage_pct",
    "inflow_mcm",
    "released_mcm",
    "spilled_mcm",
    "level_msl",
]
_VALUES = tuple(OBSERVATION_COLUMNS[2:])
_NUMBERS = _VALUES + ("lat", "lon", "normal_storage_mcm", "max_storage_mcm")
HISTORY_COLUMNS = OBSERVATION_COLUMNS + [c for c in DAM_COLUMNS if c != "dam_id"] + ["source", "ingested_at"]


def save_dams(engine: Engine, df: pd.DataFrame, source: str, at: datetime | None = None) -> int:
    """Upsert the dams of a parsed dam frame and their daily observations in one transaction
    (all or nothing). The registry takes the newest row of each dam. Returns the rows given."""
    missing = [c for c in DAM_COLUMNS + OBSERVATION_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(
            f"dam frame lacks columns {sorted(set(missing))}; expected data_sources.thaiwater_dams.COLUMNS"
        )
    at = at or utcnow()
    rows = df[df["data_date"].notna()].drop_duplicates(["dam_id", "data_date"], keep="last")
    dams = rows.sort_values("data_date").drop_duplicates("dam_id", keep="last")
    with engine.begin() as conn:
        upsert_batch(conn, Dam.__table__, column_batch(dams, DAM_COLUMNS, source=source, updated_at=at), ["dam_id"])
        upsert_batch(
            conn,
            DamObservation.__table__,
            column_batch(rows, OBSERVATION_COLUMNS, source=source, ingested_at=at),
            ["dam_id", "data_date"],
            only_changed=_VALUES,
        )
    return len(rows)


def _bangkok_date(at: datetime | None) -> date:
    return aware_utc(at).astimezone(BANGKOK).date()


def dam_history(engine: Engine, days: int = 8, at: datetime | None = None) -> pd.DataFrame:
    """Observations of the ``days`` data dates up to the newest one on or before ``at``'s
    Bangkok date (default now), one row per dam and date with the dam's registry columns
    (``HISTORY_COLUMNS``; ``data_date`` as dates). Old reports are returned, not dropped: the
    reader shows them as stale (``domain.dams.dam_status``)."""
    if days < 1:
        raise ValueError(f"days {days!r} must be at least 1")
    o, d = DamObservation.__table__, Dam.__table__
    with engine.connect() as conn:
        newest = conn.execute(select(func.max(o.c.data_date)).where(o.c.data_date <= _bangkok_date(at))).scalar()
        if newest is None:
            return pd.DataFrame(columns=HISTORY_COLUMNS)
        newest = pd.Timestamp(newest).date()
        registry = [d.c[c] for c in DAM_COLUMNS if c != "dam_id"]
        stmt = (
            select(*(o.c[c] for c in OBSERVATION_COLUMNS), *registry, o.c.source, o.c.ingested_at)
            .join(d, d.c.dam_id == o.c.dam_id)
            .where(o.c.data_date >= newest - timedelta(days=days - 1), o.c.data_date <= newest)
            .order_by(o.c.dam_id, o.c.data_date)
        )
        df = read_frame(conn, stmt, HISTORY_COLUMNS)
    df["data_date"] = pd.to_datetime(df["data_date"]).dt.date
    for col in _NUMBERS:
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    return df


def key_station_basins(engine: Engine, province_code: str) -> list[str]:
    """The Thai basin names (as the water-level feed writes them, e.g. 'ลุ่มน้ำมูล') of the
    province's configured key stations that are in the station registry; sorted, unique."""
    codes = list(key_station_map(province_code))
    if not codes:
        return []
    s = WaterStation.__table__
    stmt = select(s.c.basin_th).where(s.c.station_code.in_(codes), s.c.basin_th.is_not(None)).distinct()
    with engine.connect() as conn:
        names = {str(r[0]).strip() for r in conn.execute(stmt).all()}
    return sorted(n for n in names if n)
