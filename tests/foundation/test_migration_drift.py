"""The migrations and the models describe one schema: after ``upgrade head`` Alembic's
``compare_metadata`` finds no difference from ``Base.metadata``, on SQLite and PostgreSQL.
Generic on purpose: a new migration or model is covered without touching this file."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from store.db import make_engine
from store.schema import load_models


def schema_drift(database_url: str, metadata: sa.MetaData) -> list:
    """Alembic's list of differences between the database at ``database_url`` and ``metadata``
    (tables, columns, types, nullability, indexes, unique and foreign keys)."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(context, metadata)
    finally:
        engine.dispose()


def test_upgrade_head_matches_the_models(migrated_db_url):
    assert schema_drift(migrated_db_url, load_models()) == []


def test_the_comparison_sees_a_column_no_migration_made(migrated_db_url):
    # the check is armed: a model column the migrations never added is reported
    drifted = sa.MetaData()
    for table in load_models().sorted_tables:
        table.to_metadata(drifted)
    first = drifted.sorted_tables[0]
    first.append_column(sa.Column("not_in_any_migration", sa.Integer, nullable=True))
    diff = schema_drift(migrated_db_url, drifted)
    assert [(d[0], d[2], d[3].name) for d in diff] == [("add_column", first.name, "not_in_any_migration")]
