"""The Data sources page under test: a SQLite database holding some fetch attempts, and the
page opened on it through ``dashboard.py`` in one language (tests/ops/test_ops_sources_*.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from store.db import make_engine, migrate
from store.health import record_attempt
from tests.support.shell import open_at_its_url

ROOT = Path(__file__).resolve().parents[2]


def attempt(source: str, now: datetime, ago: timedelta, **fields: object) -> dict:
    """One ``record_attempt`` row made ``ago`` before ``now``: ok when it has ``rows`` (data
    time ``data_age`` before ``now``, default ``ago``), else failed with ``error``."""
    data_age = fields.pop("data_age", ago)
    ok = "error" not in fields
    row = {"source": source, "ok": ok, "at": now - ago, **fields}
    if ok:
        row["data_time"] = now - data_age  # type: ignore[operator]
    return row


def seed_attempts(engine, attempts: list[dict]) -> None:
    for row in attempts:
        record_attempt(engine, **row)


def sqlite_with_attempts(tmp_path: Path, attempts: list[dict]) -> str:
    """A migrated SQLite database in ``tmp_path`` holding ``attempts``; returns its URL."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    seed_attempts(engine, attempts)
    engine.dispose()
    return url


def open_sources_page(url: str, lang: str, monkeypatch, tmp_path: Path) -> AppTest:
    """The Data sources page on the database at ``url``, in ``lang``, after one run."""
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    open_at_its_url(at, "pages/sources.py")
    at.run()
    return at


def mixed_attempts(now: datetime) -> list[dict]:
    """Four sources in four states: thaiwater failing after a good fetch, open_meteo_flood
    stale, gistda never fetched, open_meteo_rain current."""
    return [
        attempt("thaiwater", now, timedelta(minutes=10), rows=42, latency_ms=812.4, data_age=timedelta(minutes=20)),
        attempt("thaiwater", now, timedelta(minutes=1), latency_ms=20001.0, error="thaiwater: no answer within 20 s"),
        attempt("open_meteo_flood", now, timedelta(days=3), rows=7, latency_ms=300.0),
        attempt("gistda", now, timedelta(hours=1), latency_ms=55.0, error="gistda: HTTP 500 from the server"),
        attempt("open_meteo_rain", now, timedelta(hours=1), rows=240, latency_ms=150.0),
    ]
