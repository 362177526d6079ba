"""Station ratings (issue 18): published (level, discharge) pairs an office imported, and the
ratings fitted from them or from the stored readings. Ratings are append-only: each import or
refit adds a row. A fitted rating is the readings' of a moment: the newest one fitted at or
before a time is the one in force then. A published rating describes the station, not a
moment: the newest one imported is in force at any time, also before its import (so a
backtest of 2020 can use a rating published and imported in 2022).

    save_published_rating(engine, pairs, ratings, file_name, by, at)   one import, one transaction
    save_fitted_rating(engine, rating, by, at)                          one refit from stored readings
    current_rating(engine, station_code, at=None)                       published wins over fitted
    observed_pairs(engine, station_code, at=None)                       readings with both values
    refit_ratings(engine, station_codes, at, by)                        the ingest's (at most daily) refit
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Float, Integer, String, Text, and_, insert, select
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.orm import Mapped, mapped_column

from domain.rating import Rating, RatingError, fit_rating
from store.base import Base, UTCDateTime, utcnow
from store.water import WaterObservation, WaterStation

PAIRS_WINDOW = timedelta(days=365)  # a fitted rating uses the last year of readings (ratings drift)
REFIT_EVERY = timedelta(hours=20)  # the ingest refits a station at most about once a day


class RatingPair(Base):
    __tablename__ = "rating_pairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    station_code: Mapped[str] = mapped_column(String(32), index=True)
    level_msl: Mapped[float] = mapped_column(Float)
    discharge: Mapped[float] = mapped_column(Float)
    file_name: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[str] = mapped_column(String(80))


class StationRating(Base):
    __tablename__ = "station_ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    station_code: Mapped[str] = mapped_column(String(32), index=True)
    source: Mapped[str] = mapped_column(String(20))  # published | fitted
    kind: Mapped[str] = mapped_column(String(10))  # power | table
    a: Mapped[float | None] = mapped_column(Float)
    b: Mapped[float | None] = mapped_column(Float)
    h0: Mapped[float | None] = mapped_column(Float)
    table_json: Mapped[str | None] = mapped_column(Text)
    level_min: Mapped[float] = mapped_column(Float)
    level_max: Mapped[float] = mapped_column(Float)
    rmse_log_q: Mapped[float] = mapped_column(Float)
    level_spread_m: Mapped[float] = mapped_column(Float)
    rmse_level_m: Mapped[float] = mapped_column(Float)
    n_pairs: Mapped[int] = mapped_column(Integer)
    fitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    fitted_by: Mapped[str] = mapped_column(String(80))
    file_name: Mapped[str | None] = mapped_column(String(255))


def _rating_row(rating: Rating, by: str, at: datetime, file_name: str | None) -> dict:
    return {
        "station_code": rating.station_code,
        "source": rating.source,
        "kind": rating.kind,
        "a": rating.a,
        "b": rating.b,
        "h0": rating.h0,
        "table_json": rating.table_json(),
        "level_min": rating.level_min,
        "level_max": rating.level_max,
        "rmse_log_q": rating.rmse_log_q,
        "level_spread_m": rating.level_spread_m,
        "rmse_level_m": rating.rmse_level_m,
        "n_pairs": rating.n_pairs,
        "fitted_at": at,
        "fitted_by": by[:80],
        "file_name": file_name,
    }


def save_published_rating(
    engine: Engine, pairs: pd.DataFrame, ratings: Iterable[Rating], file_name: str, by: str, at: datetime | None = None
) -> int:
    """Store an imported file's pairs (station_code, level_msl, discharge) and the ratings fitted
    from them (source 'published') in one transaction; returns the number of pairs stored."""
    at = at or utcnow()
    rows = [
        {
            "station_code": str(code),
            "level_msl": float(level),
            "discharge": float(discharge),
            "file_name": file_name[:255],
            "imported_at": at,
            "imported_by": by[:80],
        }
        for code, level, discharge in zip(
            pairs["station_code"].tolist(), pairs["level_msl"].tolist(), pairs["discharge"].tolist(), strict=True
        )
    ]
    with engine.begin() as conn:
        conn.execute(insert(RatingPair), rows)
        conn.execute(insert(StationRating), [_rating_row(r, by, at, file_name[:255]) for r in ratings])
    return len(rows)


def save_fitted_rating(engine: Engine, rating: Rating, by: str, at: datetime | None = None) -> None:
    """Store one rating fitted from the stored readings (source 'fitted')."""
    with engine.begin() as conn:
        conn.execute(insert(StationRating), [_rating_row(rating, by, at or utcnow(), None)])


def _to_rating(row: Row[Any]) -> Rating:
    table = json.loads(row.table_json) if row.table_json else {"levels": [], "discharges": []}
    return Rating(
        station_code=row.station_code,
        kind=row.kind,
        level_min=row.level_min,
        level_max=row.level_max,
        n_pairs=row.n_pairs,
        rmse_log_q=row.rmse_log_q,
        level_spread_m=row.level_spread_m,
        rmse_level_m=row.rmse_level_m,
        a=row.a,
        b=row.b,
        h0=row.h0,
        table_levels=tuple(table["levels"]),
        table_discharges=tuple(table["discharges"]),
        source=row.source,
    )


def _newest(conn: Connection, station_code: str, source: str, at: datetime | None) -> Row[Any] | None:
    r = StationRating.__table__
    cond = and_(r.c.station_code == station_code, r.c.source == source)
    if at is not None:
        cond = and_(cond, r.c.fitted_at <= at)
    return conn.execute(select(r).where(cond).order_by(r.c.fitted_at.desc(), r.c.id.desc()).limit(1)).first()


def current_rating(engine: Engine, station_code: str, at: datetime | None = None) -> Rating | None:
    """The rating in force at ``at`` (None = now): the newest published one (whenever it was
    imported: see the module docstring), else the newest fitted one stored by ``at``; None
    when neither exists."""
    with engine.connect() as conn:
        row = _newest(conn, station_code, "published", None) or _newest(conn, station_code, "fitted", at)
    return _to_rating(row) if row is not None else None


def rating_fitted_at(engine: Engine, station_code: str, source: str) -> datetime | None:
    with engine.connect() as conn:
        row = _newest(conn, station_code, source, None)
    return row.fitted_at if row is not None else None


def observed_pairs(engine: Engine, station_code: str, at: datetime | None = None) -> pd.DataFrame:
    """level_msl, discharge of the station's stored readings that have both, observed and
    ingested at or before ``at`` (None = now), within ``PAIRS_WINDOW`` before it."""
    at = at or utcnow()
    o, s = WaterObservation.__table__, WaterStation.__table__
    stmt = (
        select(o.c.level_msl, o.c.discharge)
        .join(s, s.c.station_id == o.c.station_id)
        .where(
            s.c.station_code == station_code,
            o.c.level_msl.is_not(None),
            o.c.discharge.is_not(None),
            o.c.observed_at <= at,
            o.c.observed_at > at - PAIRS_WINDOW,
            o.c.ingested_at <= at,
        )
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["level_msl", "discharge"], dtype="float64")


def refit_ratings(
    engine: Engine, station_codes: Iterable[str], by: str, at: datetime | None = None, every: timedelta = REFIT_EVERY
) -> list[str]:
    """Refit each station's rating from its stored readings, at most once per ``every``;
    a station whose pairs give no rating keeps its last one. Returns notes for the ingest log."""
    at = at or utcnow()
    notes = []
    for code in station_codes:
        last = rating_fitted_at(engine, code, "fitted")
        if last is not None and at - last < every:
            continue
        pairs = observed_pairs(engine, code, at)
        if pairs.empty:
            continue
        try:
            rating = fit_rating(code, pairs["level_msl"], pairs["discharge"])
        except RatingError as exc:
            notes.append(f"rating of {code} not refitted: {exc}")
            continue
        save_fitted_rating(engine, rating, by, at)
        notes.append(f"rating of {code} refitted on {rating.n_pairs} pairs (RMSE log Q {rating.rmse_log_q:.3f})")
    return notes
