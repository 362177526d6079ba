"""Shared fixtures: settings in a temp folder, a migrated database on SQLite and
PostgreSQL (the ``engine`` fixture runs every store test on both), recorded replies."""

from __future__ import annotations

import functools
import os

import pytest

from config import load_settings
from store.db import make_engine, migrate
from store.schema import load_models
from tests.support.postgres import create_database, drop_database

# Under CI=true a skip in any phase, collection included, is a failure (the hooks' module says how).
from tests.support.skips import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch):
    """Argon2id with small costs for the users the tests create in this process (0.2 s a hash
    with the production costs, about 2 minutes of the suite). Verification reads the costs from
    the stored hash, so sign-in is tested the same way. The product's own parameters are checked
    in tests/checklists/test_users.py, and every Streamlit server and ``manage.py`` subprocess
    the tests start hashes with them."""
    from argon2 import PasswordHasher

    import auth.passwords

    monkeypatch.setattr(auth.passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1))


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once():
    """Streamlit's AppTest scans every installed distribution for v2 component manifests on
    the first run of each AppTest (0.5 s each, several minutes over the suite); nothing is
    installed during a test session, so the scan's answer is kept for the session."""
    from streamlit.components.v2 import manifest_scanner

    original = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.cache(original)
    yield
    manifest_scanner.scan_component_manifests = original


@pytest.fixture
def settings(tmp_path):
    """Settings for a throwaway data folder and SQLite file."""
    return load_settings({"DATA_DIR": str(tmp_path / "data")})


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def migrated_db_url(request, tmp_path_factory):
    """A database migrated to head, once per backend per test session."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        migrate(url)
        yield url
    else:
        url = create_database(f"floodroom_test_{worker}")
        migrate(url)
        yield url
        drop_database(url)


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


@pytest.fixture(scope="session")
def postgres_url():
    """A migrated PostgreSQL database of the session, for tests that are PostgreSQL's alone."""
    url = create_database(f"floodroom_pg_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}")
    migrate(url)
    yield url
    drop_database(url)


@pytest.fixture
def postgres_engine(postgres_url):
    eng = make_engine(postgres_url)
    yield eng
    with eng.begin() as conn:
        for table in reversed(load_models().sorted_tables):
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
