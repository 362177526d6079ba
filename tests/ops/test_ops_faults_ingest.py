"""Faults of the water-level API, end to end through ``manage.py ingest``: each one
fails the run with a one-line reason, records the failure in source health, and keeps
the last good data exactly as it was (nothing lost, nothing half-written)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from store.db import make_engine
from store.health import read_health
from tests.ops.dbfill import snapshot
from tests.ops.fakeapi import FakeApi

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 1.0
# the retries are tried as in production (three), only without its 0 + 2 + 4 s of waiting
FAST = {"HTTP_TIMEOUT": str(TIMEOUT_S), "HTTP_RETRY_BACKOFF": "0.05"}


def manage(args, env: dict) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env={**full, **env},
        cwd=ROOT,
        timeout=180,
    )


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nothing listens there


@pytest.fixture(scope="module")
def api():
    with FakeApi(slow_s=TIMEOUT_S * 3) as server:
        yield server


@pytest.fixture(scope="module")
def good_data_dir(tmp_path_factory, api):
    """A data folder whose database holds one good ingest from the fake API."""
    data = tmp_path_factory.mktemp("good")
    env = {"DATA_DIR": str(data), "THAIWATER_BASE_URL": api.url, **FAST}
    assert manage(["migrate"], env).returncode == 0
    api.mode = "ok"
    done = manage(["ingest", "--source", "thaiwater"], env)
    assert done.returncode == 0, done.stderr
    assert "thaiwater: ok, 3 rows" in done.stdout
    return data


FAULTS = [
    # (mode, what the operator reads)
    ("down", "cannot connect"),
    # after urllib3's retries a read timeout arrives wrapped in a ConnectionError: still a timeout
    ("slow", f"no answer within {TIMEOUT_S:g} s"),
    ("http429", "rate limited (HTTP 429)"),
    ("http500", "HTTP 500"),
    ("html", "expected JSON but got an HTML page"),
    ("truncated", "invalid or truncated JSON"),
    ("empty", "invalid or truncated JSON"),
    ("renamed", "field 'waterlevel_msl' is missing"),
]


@pytest.mark.parametrize("mode, message", FAULTS, ids=[f[0] for f in FAULTS])
def test_api_fault_keeps_last_good_data_and_records_health(mode, message, api, good_data_dir, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(good_data_dir, data)
    engine = make_engine(f"sqlite:///{data / 'floodroom.sqlite3'}")
    before = snapshot(engine)
    health_before = {h.source: h for h in read_health(engine)}["thaiwater"]

    url = f"http://127.0.0.1:{closed_port()}/" if mode == "down" else api.url
    api.mode = "ok" if mode == "down" else mode
    done = manage(
        ["ingest", "--source", "thaiwater"],
        {"DATA_DIR": str(data), "THAIWATER_BASE_URL": url, **FAST},
    )
    api.mode = "ok"

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert message in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "error: 1 source failed: thaiwater (last good data kept)"
    after = snapshot(engine)
    for table in before:
        if table != "source_health":
            assert after[table] == before[table], f"{mode}: table {table} changed although the poll failed"
    health = {h.source: h for h in read_health(engine)}["thaiwater"]
    assert message in health.last_error
    assert health.last_success_at == health_before.last_success_at
    assert health.rows_received == health_before.rows_received == 3
    assert health.last_attempt_at > health_before.last_attempt_at
    assert health.latency_ms is not None and health.latency_ms >= 0
    engine.dispose()


def test_source_recovers_after_the_fault(api, good_data_dir, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(good_data_dir, data)
    env = {"DATA_DIR": str(data), "THAIWATER_BASE_URL": api.url, **FAST}
    api.mode = "http500"
    assert manage(["ingest", "--source", "thaiwater"], env).returncode == 1
    api.mode = "ok"
    done = manage(["ingest", "--source", "thaiwater"], env)
    assert done.returncode == 0, done.stderr
    engine = make_engine(f"sqlite:///{data / 'floodroom.sqlite3'}")
    health = {h.source: h for h in read_health(engine)}["thaiwater"]
    assert health.last_success_at > health.last_error_at
    engine.dispose()


def test_the_number_of_retries_is_a_setting(api, good_data_dir, tmp_path):
    """HTTP_RETRIES reaches the session of ``manage.py ingest``: none, then two (a 429 is retried)."""
    data = tmp_path / "data"
    shutil.copytree(good_data_dir, data)
    api.mode = "http429"
    try:
        for retries in (0, 2):
            before = api.polls()
            env = {"DATA_DIR": str(data), "THAIWATER_BASE_URL": api.url, **FAST, "HTTP_RETRIES": str(retries)}
            done = manage(["ingest", "--source", "thaiwater"], env)
            assert done.returncode == 1 and "rate limited (HTTP 429)" in done.stderr, done.stderr
            assert api.polls() - before == 1 + retries
    finally:
        api.mode = "ok"
