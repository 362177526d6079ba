"""The source-health table on SQLite and PostgreSQL, and the freshness rules on it."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, text

from config import load_settings
from domain.freshness import assess, stale_limit
from store.db import schema_status
from store.health import read_health, record_attempt

T0 = datetime(2026, 10, 1, 3, 0, tzinfo=UTC)


def test_schema_is_at_head(engine):
    current, head = schema_status(engine)
    assert current == head
    assert "source_health" in inspect(engine).get_table_names()


def test_success_then_failure_keeps_the_last_good_figures(engine):
    record_attempt(engine, "thaiwater", ok=True, rows=14, latency_ms=350.0, at=T0, data_time=T0 - timedelta(minutes=20))
    record_attempt(engine, "thaiwater", ok=False, error="HTTP 500 from the server", at=T0 + timedelta(minutes=10))
    (row,) = read_health(engine)
    assert row.last_success_at == T0
    assert row.last_attempt_at == T0 + timedelta(minutes=10)
    assert row.rows_received == 14
    assert row.last_error == "HTTP 500 from the server"
    assert row.data_time == T0 - timedelta(minutes=20)
    assert row.last_success_at.tzinfo is not None


def test_times_are_stored_as_utc(engine):
    bangkok = timezone(timedelta(hours=7))
    record_attempt(engine, "x", ok=True, rows=1, at=datetime(2026, 10, 1, 10, 0, tzinfo=bangkok))
    with engine.connect() as conn:
        stored = conn.execute(text("select last_success_at from source_health")).scalar_one()
    assert str(stored).startswith("2026-10-01 03:00")


def test_naive_datetimes_are_refused(engine):
    with pytest.raises(Exception, match="naive datetime"):
        record_attempt(engine, "x", ok=True, at=datetime(2026, 10, 1, 10, 0))
    assert read_health(engine) == []


@pytest.mark.parametrize(
    "minutes_old, stale",
    [(30, False), (179, False), (181, True), (60 * 24 * 400, True)],
)
def test_freshness_against_the_waterlevel_limit(sqlite_engine, minutes_old, stale):
    settings = load_settings({})
    now = T0 + timedelta(days=1)
    record_attempt(sqlite_engine, "thaiwater", ok=True, rows=1, at=now, data_time=now - timedelta(minutes=minutes_old))
    fresh = assess(read_health(sqlite_engine)[0], settings, now)
    assert fresh.stale is stale
    assert fresh.age == timedelta(minutes=minutes_old)


def test_failing_source_is_marked_failing(sqlite_engine):
    record_attempt(sqlite_engine, "thaiwater", ok=True, rows=1, at=T0)
    record_attempt(sqlite_engine, "thaiwater", ok=False, error="timeout", at=T0 + timedelta(minutes=5))
    fresh = assess(read_health(sqlite_engine)[0], load_settings({}), T0 + timedelta(minutes=6))
    assert fresh.failing and not fresh.never and not fresh.stale


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_engine):
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1


def test_boundaries_are_not_stale_after_a_day_but_after_a_year():
    settings = load_settings({})
    assert stale_limit("boundaries", settings) == timedelta(days=366)
    assert stale_limit("thaiwater", settings) == timedelta(hours=3) and stale_limit(
        "unknown_source", settings
    ) == timedelta(days=1)
