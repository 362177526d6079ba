"""Helpers of the operations concern for the pages: source health that survives a
database outage (the page says so and retries by itself instead of failing)."""
from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from store.health import HealthRow, read_health


def load_health(engine: Engine) -> tuple[list[HealthRow] | None, str | None]:
    """(rows, None), or (None, the error's class name) while the database is unreachable."""
    try:
        return read_health(engine), None
    except SQLAlchemyError as exc:
        return None, exc.__class__.__name__
