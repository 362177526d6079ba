"""Round 3, finding 1: a database that is down is raised by the briefing snapshot and the key
stations' forecasts, never turned into "no stations yet" / "no forecast" (which a cached loader
would then keep serving for a minute after the database is back). A fault of the query or the
schema still costs only its part."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError, ProgrammingError

from briefing.snapshot import build_snapshot
from ops.retry import DatabaseUnavailable, is_database_down
from services.briefing_snapshot import key_forecasts, snapshot_with_forecasts
from store.db import make_engine

CLOSED = "postgresql+psycopg://postgres@127.0.0.1:9/nowhere"  # nothing listens on port 9


@pytest.fixture
def gone():
    engine = make_engine(CLOSED)
    yield engine
    engine.dispose()


def test_the_forecasts_raise_an_outage_instead_of_giving_none(settings, gone):
    with pytest.raises(OperationalError):
        key_forecasts(gone, settings)


def test_the_dams_raise_an_outage_instead_of_giving_none(settings, gone):
    from briefing.dams import dam_records

    with pytest.raises(OperationalError):
        dam_records(gone, settings)


def test_the_snapshot_raises_an_outage(settings, gone):
    with pytest.raises(OperationalError):
        build_snapshot(gone, settings)
    with pytest.raises(OperationalError):
        snapshot_with_forecasts(gone, settings)


def test_a_fault_of_the_query_still_costs_only_the_forecasts(settings, engine, monkeypatch):
    import services.forecast

    def bad_query(*_args, **_kwargs):
        raise ProgrammingError("SELECT nothing", {}, Exception("column does not exist"))

    monkeypatch.setattr(services.forecast, "key_station_forecasts", bad_query)
    assert key_forecasts(engine, settings) is None
    assert snapshot_with_forecasts(engine, settings)["forecasts"] == []


def test_is_database_down_tells_an_outage_from_a_query_fault():
    assert is_database_down(OperationalError("SELECT 1", {}, ConnectionRefusedError()))
    assert is_database_down(DatabaseUnavailable("after 5 attempts"))
    assert not is_database_down(ValueError("not a database error"))
