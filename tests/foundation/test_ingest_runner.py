"""The ingest runner: health bookkeeping, failures kept apart, switched-off jobs left alone."""

import types

from config import load_settings
from data_sources.errors import SourceUnavailable
from ingest import IngestContext, IngestResult, run_job
from store.health import read_health


def _job(source, run, enabled=None):
    module = types.ModuleType(f"fake_{source}")
    module.SOURCE = source
    module.run = run
    if enabled is not None:
        module.enabled = enabled
    return module


def _ctx(engine):
    return IngestContext(load_settings({}), engine, session=None)


def test_success_records_rows(engine):
    outcome = run_job(_ctx(engine), _job("a", lambda ctx, from_file=None: IngestResult(rows=7)))
    assert outcome.ok and outcome.rows == 7
    (row,) = read_health(engine)
    assert (row.source, row.rows_received, row.last_error) == ("a", 7, None)


def test_source_error_is_recorded_not_raised(engine):
    def fail(ctx, from_file=None):
        raise SourceUnavailable("a", "HTTP 500 from the server", 500)

    outcome = run_job(_ctx(engine), _job("a", fail))
    assert not outcome.ok and "HTTP 500" in outcome.error
    (row,) = read_health(engine)
    assert row.last_success_at is None and "HTTP 500" in row.last_error


def test_switched_off_job_is_not_run_and_leaves_no_health_row(engine):
    def must_not_run(ctx, from_file=None):
        raise AssertionError("a switched-off job ran")

    outcome = run_job(_ctx(engine), _job("gistda_like", must_not_run, enabled=lambda settings: False))
    assert outcome.ok and outcome.rows == 0 and "switched off" in outcome.notes[0]
    assert read_health(engine) == []
