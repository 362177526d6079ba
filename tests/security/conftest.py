"""Fixtures of the security suite: the app in AppTest routed through dashboard.py as a real
server routes it, on a database that has data to leak, with anonymous viewing off."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from auth import SYSTEM
from store import checklists, users
from store.db import make_engine, migrate
from tests.support.shell import open_at_its_url, through_shell  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "flood_province_default.toml"
PASSWORD = "river-bank-112"
KEY = "test-only-secret-key-of-the-security-suite-0123456789"


@pytest.fixture(autouse=True)
def routed_by_navigation(through_shell):
    """Every AppTest run goes through dashboard.py's ``st.navigation`` (and so its gate)."""


def seed_app_store(folder: Path) -> None:
    """A migrated SQLite database in ``folder`` with an open event, an officer and an admin."""
    url = f"sqlite:///{folder / 'floodroom.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    template_id = checklists.load_template(engine, SYSTEM, TEMPLATE.read_text(encoding="utf-8"))
    checklists.open_event(engine, SYSTEM, "Mun flood 2026", "34", ["3401", "3415"], template_id)
    users.create_user(
        engine,
        SYSTEM,
        "somchai",
        "Somchai Local-Gov",
        "officer",
        PASSWORD,
        agencies=("local_gov",),
        districts=("3401",),
    )
    users.create_user(engine, SYSTEM, "admin1", "Admin One", "admin", PASSWORD)
    engine.dispose()


@pytest.fixture(scope="session")
def app_store_template(tmp_path_factory) -> Path:
    """The seeded folder, built once per worker; each test gets a copy of its own."""
    folder = tmp_path_factory.mktemp("app-store")
    seed_app_store(folder)
    return folder


def use_app_store(template: Path, folder: Path, monkeypatch) -> Engine:
    """A copy of ``template`` in ``folder``, and the settings of a locked-down server pointing at it."""
    shutil.copytree(template, folder, dirs_exist_ok=True)
    monkeypatch.setenv("DATA_DIR", str(folder))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SECRET_KEY", KEY)
    monkeypatch.setenv("ALLOW_ANONYMOUS_VIEWER", "false")
    return make_engine(f"sqlite:///{folder / 'floodroom.sqlite3'}")


@pytest.fixture
def app_env(app_store_template, tmp_path, monkeypatch):
    """A migrated SQLite database with an open event, an officer and an admin; anonymous off."""
    engine = use_app_store(app_store_template, tmp_path, monkeypatch)
    yield engine
    engine.dispose()


def open_page(page: str, *, lang: str = "en", token: str | None = None, query: dict | None = None) -> AppTest:
    """``page`` (a file of dashboard.PAGES) opened through dashboard.py, optionally signed in."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    if token:
        at.session_state["auth_session_token"] = token
    open_at_its_url(at, page)
    at.query_params.update(query or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def element_types(block) -> list[str]:
    """The type of every element under an AppTest block, depth first."""
    found = []
    for child in getattr(block, "children", {}).values():
        found.append(child.type)
        found.extend(element_types(child))
    return found
