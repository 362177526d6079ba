"""Shared fixtures: settings in a temp folder, a migrated database on SQLite and
PostgreSQL (the ``engine`` fixture runs every store test on both), recorded replies."""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from config import load_settings
from store.db import make_engine, migrate
from store.schema import load_models
from tests.support.ci import in_ci, skip_or_fail

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def settings(tmp_path):
    """Settings for a throwaway data folder and SQLite file."""
    return load_settings({"DATA_DIR": str(tmp_path / "data")})


def _postgres_database(worker: str) -> str:
    name = f"floodroom_test_{worker}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure means PostgreSQL is not usable here
        admin.dispose()
        skip_or_fail(f"PostgreSQL at {PG_ADMIN_URL} is not reachable: {exc.__class__.__name__}: {exc}")
    admin.dispose()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def _drop_postgres_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def migrated_db_url(request, tmp_path_factory):
    """A database migrated to head, once per backend per test session."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        migrate(url)
        yield url
    else:
        url = _postgres_database(worker)
        migrate(url)
        yield url
        _drop_postgres_database(url)


@pytest.fixture
def engine(migrated_db_url):
    """An engine on a migrated database (SQLite, then PostgreSQL); emptied after each test."""
    eng = make_engine(migrated_db_url)
    yield eng
    metadata = load_models()
    with eng.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
    eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    """A migrated SQLite engine of its own (for tests that need one backend only)."""
    url = f"sqlite:///{tmp_path / 'own.sqlite3'}"
    migrate(url)
    eng = make_engine(url)
    yield eng
    eng.dispose()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true nothing may be skipped silently: a skip becomes a failure."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and in_ci() and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"skipped under CI=true, which counts as a failure: {reason}"
