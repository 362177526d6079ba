"""Exactly one ingest worker: the database lock makes a second one wait, and a standby
takes over when the first stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from ops.lock import IngestLock, LockTimeout, hold_lock, lock_free
from store.db import make_engine
from store.health import read_health
from tests.ops.fakeapi import FakeApi
from tests.support.ingest_loop import start_ingest_loop

ROOT = Path(__file__).resolve().parents[2]


def test_second_holder_waits_until_the_first_releases(engine, tmp_path):
    waits = []
    with hold_lock(engine, "worker"):
        second = IngestLock(
            make_engine(engine.url.render_as_string(hide_password=False)), "worker", poll_s=0.1, on_wait=waits.append
        )
        started = time.monotonic()
        with pytest.raises(LockTimeout, match="the worker lock was not free within 0.5 s"):
            second.acquire(timeout_s=0.5)
        assert time.monotonic() - started >= 0.5
        assert len(waits) == 1 and "another ingest worker holds the worker lock" in waits[0]
        # a different lock name is independent
        with hold_lock(engine, "poll", timeout_s=1):
            pass
    second.acquire(timeout_s=2)
    assert second.ensure(timeout_s=1) is True
    second.release()


def test_unknown_lock_name_is_refused(engine):
    with pytest.raises(ValueError, match="lock name 'other' is not one of worker, poll"):
        IngestLock(engine, "other")


def test_postgres_lock_dropped_with_its_connection_is_taken_again(postgres_engine):
    # advisory locks are PostgreSQL's; SQLite's file lock dies with the process
    engine = postgres_engine
    lock = IngestLock(engine, "worker", poll_s=0.1)
    lock.acquire(timeout_s=2)
    with engine.connect() as conn:
        assert not lock_free(conn, "worker")
        pid = lock._impl.conn.execute(text("SELECT pg_backend_pid()")).scalar()
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        conn.commit()
        deadline = time.monotonic() + 5
        while not lock_free(conn, "worker") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert lock_free(conn, "worker"), "the server should drop the lock of a dead connection"
    assert lock.ensure(timeout_s=5) is False  # it was lost and has been taken again
    with engine.connect() as conn:
        assert not lock_free(conn, "worker")
    lock.release()


def _start_loop(data: Path, api_url: str, **popen) -> subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DATA_DIR": str(data),
        "THAIWATER_BASE_URL": api_url,
        "HTTP_TIMEOUT": "2",
        "WATERLEVEL_POLL": "1s",
    }
    return start_ingest_loop(env, **popen)


def _wait_for(predicate, timeout_s: float, what: str):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")


def test_second_ingest_loop_waits_as_standby_and_takes_over(tmp_path):
    data = tmp_path / "data"
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate"],
        env={**os.environ, "DATA_DIR": str(data)},
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    engine = make_engine(f"sqlite:///{data / 'floodroom.sqlite3'}")
    out, err = tmp_path / "second.out", tmp_path / "second.err"
    with FakeApi() as api, out.open("w") as out_file, err.open("w") as err_file:
        first = _start_loop(data, api.url)
        second = None
        try:
            _wait_for(lambda: api.polls() >= 2, 30, "the first loop to poll twice")
            second = _start_loop(data, api.url, stdout=out_file, stderr=err_file)
            # the standby says so, however long it took to start on a loaded machine ...
            _wait_for(
                lambda: "ingest: another ingest worker holds the worker lock" in err.read_text(),
                60,
                "the second loop to say it waits for the lock",
            )
            # ... and runs no round while the first polls on
            polls_before = api.polls()
            _wait_for(lambda: api.polls() >= polls_before + 3, 30, "the first loop to poll three more times")
            assert second.poll() is None
            assert "thaiwater:" not in out.read_text(), "the standby ran a round while the first held the lock"
            first.send_signal(signal.SIGTERM)
            first.wait(timeout=10)
            _wait_for(lambda: "thaiwater: ok, 3 rows" in out.read_text(), 30, "the standby to take over and poll")
        finally:
            for proc in (first, second):
                if proc is not None and proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
                    proc.wait(timeout=10)
    assert {h.source for h in read_health(engine)} == {"thaiwater"}
    engine.dispose()
