"""Declarative base with a constraint naming convention, and a UTC timestamp type."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, DateTime, Float, MetaData, String, Table, cast, func, type_coerce
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    __table__: ClassVar[Table]  # every model maps one Table (SQLAlchemy's base says only FromClause)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC in the database; hands back timezone-aware UTC datetimes.

    A naive datetime given to it is refused: every time entering the store must say
    which zone it is in (ThaiWater's local times are converted by the parser)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given to the store; attach a timezone first")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def bulk_time(column: ColumnElement[Any], dialect_name: str) -> ColumnElement[Any]:
    """``column`` (a ``UTCDateTime``) for a bulk read, without the per-row conversion of
    ``UTCDateTime.process_result_value``: on SQLite the stored ISO text as is, elsewhere the
    driver's naive UTC datetime. Turn the fetched values into a column with ``utc_times``."""
    return type_coerce(column, String() if dialect_name == "sqlite" else DateTime())


def epoch_seconds(column: ColumnElement[Any], dialect_name: str) -> ColumnElement[Any]:
    """``column`` (a ``UTCDateTime``, stored naive UTC) as float seconds since 1970 UTC, computed
    by the database: a bulk read then moves floats, not datetimes the driver builds one by one
    (``utc_from_epoch`` makes them a column). Whole seconds are exact; sub-second parts are not
    kept to the microsecond on SQLite (julian-day arithmetic)."""
    if dialect_name == "sqlite":
        return (func.julianday(column) - 2440587.5) * 86400.0
    return cast(func.extract("epoch", column), Float)  # PostgreSQL's extract() is numeric: Decimals, slow


def utc_from_epoch(values: Iterable[float | None]) -> pd.Series:
    """Float epoch seconds (``epoch_seconds``) as an aware UTC ``datetime64[us, UTC]`` column,
    rounded to the second."""
    seconds = np.rint(np.asarray(values, dtype="float64"))
    return pd.Series(pd.to_datetime(seconds, unit="s", utc=True)).astype("datetime64[us, UTC]")


def utc_times(values: Iterable[object]) -> pd.Series:
    """Values fetched through ``bulk_time`` (ISO text or naive UTC datetimes; None for
    missing) as one aware UTC ``datetime64[us, UTC]`` column, converted at once."""
    series = pd.Series(values, dtype="object") if not isinstance(values, pd.Series) else values
    if not len(series):
        return pd.Series(series.to_numpy(), index=series.index, dtype="datetime64[us, UTC]")
    present = series[series.notna()]
    text = len(present) and isinstance(present.iloc[0], str)
    parsed = pd.to_datetime(series, format="ISO8601") if text else pd.to_datetime(series)
    if parsed.dt.tz is None:
        parsed = parsed.dt.tz_localize("UTC")
    return parsed.dt.tz_convert("UTC").astype("datetime64[us, UTC]")


def utcnow() -> datetime:
    return datetime.now(UTC)
