"""Rain gauges: 24 h totals per station and time (append-only, idempotent on
(station_id, observed_at)), and the newest reading per station of a province.

    save_rain(engine, df, source, at=None)                  upsert a parsed rain_24h frame
    latest_rain(engine, province_code, stale_after_s, at=None)   newest per station, ``stale``
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import Float, String, Text, and_, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base, UTCDateTime, bulk_time, utc_times, utcnow
from store.bulk import aware_utc, column_batch, read_frame, upsert_batch

DEFAULT_STALE_S = 3 * 3600.0


class RainObservation(Base):
    __tablename__ = "rain_observations"

    station_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    station_code: Mapped[str | None] = mapped_column(String(32))
    name_th: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    province_code: Mapped[str | None] = mapped_column(String(2), index=True)
    amphoe_code: Mapped[str | None] = mapped_column(String(4))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    rain_24h_mm: Mapped[float | None] = mapped_column(Float)
    flags: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(40))
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime())


RAIN_COLUMNS = [
    "station_id",
    "observed_at",
    "station_code",
    "name_th",
    "name_en",
    "province_code",
    "amphoe_code",
    "lat",
    "lon",
    "rain_24h_mm",
    "flags",
]
_VALUES = ("rain_24h_mm", "flags", "name_th", "name_en", "lat", "lon")
LATEST_COLUMNS = RAIN_COLUMNS + ["source", "age_s", "stale"]


def save_rain(engine: Engine, df: pd.DataFrame, source: str, at: datetime | None = None) -> int:
    """Upsert the rows of a parsed ``rain_24h`` frame that have a time, in one transaction
    (all or nothing); a re-poll of the same readings rewrites nothing. Returns the rows given."""
    missing = [c for c in RAIN_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(
            f"rain frame lacks columns {missing}; expected the columns of data_sources.thaiwater_rain.COLUMNS"
        )
    at = at or utcnow()
    rows = df[df["observed_at"].notna()].drop_duplicates(["station_id", "observed_at"], keep="last")
    batch = column_batch(rows, RAIN_COLUMNS, source=source, ingested_at=at)
    with engine.begin() as conn:
        upsert_batch(conn, RainObservation.__table__, batch, ["station_id", "observed_at"], only_changed=_VALUES)
    return len(rows)


def latest_rain(
    engine: Engine, province_code: str, stale_after_s: float = DEFAULT_STALE_S, at: datetime | None = None
) -> pd.DataFrame:
    """The newest reading (observed_at <= ``at``, default now) of each station of the province,
    with ``age_s`` (seconds before ``at``) and ``stale`` (older than ``stale_after_s``)."""
    if stale_after_s <= 0:
        raise ValueError(f"stale_after_s {stale_after_s!r} must be a positive number of seconds")
    at = aware_utc(at)
    r = RainObservation.__table__
    newest = (
        select(r.c.station_id, func.max(r.c.observed_at).label("t"))
        .where(r.c.province_code == str(province_code), r.c.observed_at <= at)
        .group_by(r.c.station_id)
        .subquery()
    )
    cols = [bulk_time(r.c.observed_at, engine.dialect.name) if c == "observed_at" else r.c[c] for c in RAIN_COLUMNS]
    stmt = (
        select(*cols, r.c.source)
        .join(newest, and_(r.c.station_id == newest.c.station_id, r.c.observed_at == newest.c.t))
        .order_by(r.c.station_id)
    )
    with engine.connect() as conn:
        df = read_frame(conn, stmt, RAIN_COLUMNS + ["source"])
    df["observed_at"] = utc_times(df["observed_at"])
    df["rain_24h_mm"] = pd.to_numeric(df["rain_24h_mm"], errors="coerce").astype("float64")
    for col in ("lat", "lon"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    df["age_s"] = (pd.Timestamp(at) - df["observed_at"]).dt.total_seconds().astype("float64")
    df["stale"] = (df["age_s"] > stale_after_s).astype(bool)
    return df[LATEST_COLUMNS].reset_index(drop=True)
