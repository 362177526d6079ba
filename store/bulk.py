"""Bulk upserts and reads for the time-series stores (water, rain): a frame turned into
column batches, one ``INSERT ... ON CONFLICT`` for SQLite and PostgreSQL (PostgreSQL through
COPY into a temporary table), a query read into a frame, and aware times checked.

    with engine.begin() as conn:
        upsertcolumn_batch(conn, table, columncolumn_batch(df, columns, source=...), keys=[...])
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Table, or_
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Executable

from store.base import utcnow


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


def column_batch(df: pd.DataFrame, columns: list[str], **constants: object) -> dict[str, Any]:
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


def upsert_batch(
    conn: Connection, table: Table, batch: dict, keys: list[str], only_changed: tuple[str, ...] = ()
) -> None:
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


def aware_utc(at: datetime | None) -> datetime:
    if at is None:
        return utcnow()
    if at.tzinfo is None:
        raise ValueError(f"naive datetime {at!r}; give an aware (UTC) time")
    return at.astimezone(UTC)


def read_frame(conn: Connection, stmt: Executable, columns: list[str]) -> pd.DataFrame:
    # Plain tuples: a list of Row makes pandas probe every row (each probe raises and is
    # caught inside SQLAlchemy), which cost more than the query itself (issue 9).
    return pd.DataFrame([tuple(row) for row in conn.execute(stmt).all()], columns=columns)
