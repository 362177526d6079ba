"""Fill every table of a migrated database with a few synthetic rows, and snapshot
every table, so a backup round trip can be compared table by table.

Tables are reflected from the database (not the models), so a table added by a later
migration is covered without touching this file."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import MetaData, select, types
from sqlalchemy.engine import Engine

ROWS_PER_TABLE = 3
BASE_TIME = datetime(2026, 10, 1, 9, 30, 15)
TRICKY_TEXT = "น้ำท่วม 'quoted' \"double\" ; -- =SUM(A1) ✓"


def reflect(engine: Engine) -> MetaData:
    metadata = MetaData()
    metadata.reflect(engine)
    return metadata


def _value(column, i: int, parents: dict):
    for fk in column.foreign_keys:
        rows = parents.get(fk.column.table.name) or []
        if rows:
            return rows[i % len(rows)][fk.column.name]
    kind = column.type
    if isinstance(kind, types.Boolean):
        return i % 2 == 0
    if isinstance(kind, (types.Integer,)):
        return i + 1 if column.primary_key else 1000 * (i + 1) + len(column.name)
    if isinstance(kind, (types.Float, types.Numeric)):
        return 12.5 * (i + 1) + 0.25
    if isinstance(kind, types.DateTime):
        return BASE_TIME + timedelta(hours=i, minutes=len(column.name))
    if isinstance(kind, types.Date):
        return date(2026, 10, 1) + timedelta(days=i)
    if isinstance(kind, types.String):
        limit = getattr(kind, "length", None) or 400
        text = f"{column.name[:6]}{i}" if limit < 40 else f"{column.table.name}.{column.name}#{i} {TRICKY_TEXT}"
        return text[:limit]
    if isinstance(kind, types.JSON):
        return {"i": i, "text": TRICKY_TEXT}
    raise TypeError(f"no synthetic value for {column.table.name}.{column.name} of type {kind!r}")


def fill_every_table(engine: Engine) -> dict[str, int]:
    """Insert ROWS_PER_TABLE rows into every table but alembic_version; returns counts."""
    metadata = reflect(engine)
    inserted: dict[str, list[dict]] = {}
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [{c.name: _value(c, i, inserted) for c in table.columns} for i in range(ROWS_PER_TABLE)]
            conn.execute(table.insert(), rows)
            inserted[table.name] = rows
    return {name: len(rows) for name, rows in inserted.items()}


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every table's rows (as sorted tuples of text), including alembic_version."""
    metadata = reflect(engine)
    out = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            rows = conn.execute(select(table)).all()
            out[table.name] = sorted(tuple(repr(v) for v in row) for row in rows)
    return out


def empty_every_table(engine: Engine) -> None:
    """Delete every row but alembic_version's (children first)."""
    metadata = reflect(engine)
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            if table.name != "alembic_version":
                conn.execute(table.delete())
