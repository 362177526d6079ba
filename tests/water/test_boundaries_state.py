"""Boundaries imported = boundaries present: one notion of their state (the cached manifest),
read by the sidebar, the Data sources page and the deck (source_health) and ThaiWater's ingest
alike (issue 15). SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from auth import SYSTEM
from config import load_settings
from domain.freshness import assess
from geo.boundaries import boundary_health, import_boundary_file
from ingest import IngestContext
from store.health import read_health, record_attempt
from tests.support.ci import reference_path


@pytest.fixture
def shared(tmp_path, engine):
    """Settings whose database is the test's migrated one (so the import and the readers meet)."""
    return load_settings(
        {"DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    )


def test_an_import_after_a_failed_download_is_what_every_reader_sees(shared, engine):
    record_attempt(
        engine,
        "boundaries",
        ok=False,
        error="boundaries: cannot reach geoboundaries.org",
        at=datetime(2026, 12, 1, tzinfo=UTC),
    )  # the offline loop tried first
    status = import_boundary_file(
        shared, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM
    )
    now = datetime.now(UTC)
    row = next(r for r in read_health(engine) if r.source == "boundaries")  # Data sources page, deck
    fresh = assess(row, shared, now)
    assert not fresh.never and not fresh.stale and not fresh.failing
    assert row.data_time == status.fetched_at and row.rows_received == 25
    derived = assess(boundary_health(shared, row), shared, now)  # sidebar
    assert (derived.never, derived.stale, derived.failing) == (False, False, False)
    import ingest.thaiwater as job

    result = job.run(
        IngestContext(shared, engine, None),
        from_file=reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json"),
    )
    assert not any("not imported" in note for note in result.notes)
    assert any("outside the district boundaries" in note for note in result.notes)


def test_boundaries_present_without_a_health_row_are_present(shared, engine, tmp_path):
    import_boundary_file(shared, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM)
    with engine.begin() as conn:  # an installation whose boundaries came before the health row was written
        conn.exec_driver_sql("DELETE FROM source_health")
    derived = boundary_health(shared, None)
    assert derived.last_success_at is not None and not assess(derived, shared, datetime.now(UTC)).never


def test_no_boundaries_and_a_failure_is_never(settings):
    from store.health import HealthRow

    failed = HealthRow(
        "boundaries",
        datetime(2026, 12, 1, tzinfo=UTC),
        None,
        "offline",
        datetime(2026, 12, 1, tzinfo=UTC),
        None,
        None,
        None,
    )
    state = assess(boundary_health(settings, failed), settings, datetime.now(UTC))
    assert state.never and state.failing and state.last_error == "offline"
