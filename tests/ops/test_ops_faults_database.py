"""The database unavailable for a while: a private PostgreSQL is stopped and started
during an ingest loop and during officers' checklist edits. Nothing crashes, nothing
is half-written, every accepted edit is in the history, and work resumes by itself."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from auth import SYSTEM, User
from ops.retry import DatabaseUnavailable, with_db_retry
from store import checklists
from store.db import make_engine, migrate
from store.health import read_health
from tests.ops.fakeapi import FakeApi
from tests.ops.privatepg import PrivatePostgres, wait_until

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "flood_province_default.toml"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def private_pg():
    pg = PrivatePostgres.create()
    migrate(pg.url())
    yield pg
    pg.destroy()


def _thaiwater(engine):
    return {h.source: h for h in read_health(engine)}.get("thaiwater")


def test_ingest_loop_survives_a_database_outage(private_pg, tmp_path):
    url = private_pg.url()
    engine = make_engine(url)
    env = {**os.environ, "DATABASE_URL": url, "DATA_DIR": str(tmp_path), "HTTP_TIMEOUT": "2", "WATERLEVEL_POLL": "1s"}
    with FakeApi() as api:
        env["THAIWATER_BASE_URL"] = api.url
        loop = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "ingest", "--source", "thaiwater", "--every", "1s"],
                                env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            wait_until(lambda: _thaiwater(engine) and _thaiwater(engine).last_success_at, 40, "a first successful poll")
            private_pg.stop("immediate")
            hits_when_down = api.polls()
            time.sleep(5)
            assert loop.poll() is None, "the ingest loop died while the database was down"
            private_pg.start()
            restarted = datetime.now(timezone.utc)
            wait_until(lambda: _thaiwater(engine).last_success_at > restarted, 40, "a successful poll after the restart")
            assert loop.poll() is None
        finally:
            loop.send_signal(signal.SIGTERM)
            loop.wait(timeout=15)
        errors = loop.stderr.read()
    assert "Traceback" not in errors
    assert "database unavailable" in errors, errors
    assert api.polls() - hits_when_down <= 6, "while the database was down the loop waited instead of hammering the API"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM water_stations")).scalar() == 3
        assert conn.execute(text("SELECT count(*) FROM water_observations")).scalar() == 3
    engine.dispose()


def test_one_off_ingest_with_the_database_down_is_one_line(private_pg, tmp_path):
    private_pg.stop("fast")
    try:
        with FakeApi() as api:
            env = {**os.environ, "DATABASE_URL": private_pg.url(), "DATA_DIR": str(tmp_path), "THAIWATER_BASE_URL": api.url}
            done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "ingest", "--source", "thaiwater"],
                                  env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        private_pg.start()
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [done.stderr.strip()], done.stderr
    assert done.stderr.startswith("error: database unavailable (")


OFFICERS = 5


def test_checklist_edits_across_a_database_outage(private_pg, caplog):
    caplog.set_level("WARNING", logger="floodroom.ops")
    engine = make_engine(private_pg.url())
    admin = User("ops.admin", "Ops admin", "admin")
    template_id = checklists.load_template(engine, SYSTEM, TEMPLATE.read_text(encoding="utf-8"), str(TEMPLATE))
    event_id = checklists.open_event(engine, admin, "Outage drill", "34", ["3401"], template_id)
    item_ids = [int(i) for i in checklists.items_frame(engine, event_id)["id"].head(OFFICERS)]

    accepted: list[tuple[int, str]] = []     # (item, note) the officer was told was saved
    in_doubt: list[tuple[int, str]] = []     # the connection broke: the officer was told to retry
    lock = threading.Lock()
    stop = threading.Event()
    crashes: list[BaseException] = []

    def officer(n: int) -> None:
        user = User(f"officer{n}", f"Officer {n}", "admin")
        item = item_ids[n]
        j = 0
        try:
            while not stop.is_set():
                note = f"o{n}-{j}"
                j += 1
                try:
                    seen = with_db_retry(lambda: checklists.get_item(engine, item), attempts=8, wait_s=0.5)
                    with_db_retry(lambda: checklists.update_item(engine, user, item, seen.version,
                                                                 state="in_progress" if j % 2 else "blocked", note=note), attempts=8, wait_s=0.5)
                except checklists.StaleEdit:
                    with lock:
                        in_doubt.append((item, note))  # a retry after a commit that did land: seen as stale, not doubled
                except DatabaseUnavailable:
                    with lock:
                        in_doubt.append((item, note))
                else:
                    with lock:
                        accepted.append((item, note))
                time.sleep(0.05)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread
            crashes.append(exc)

    threads = [threading.Thread(target=officer, args=(n,)) for n in range(OFFICERS)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(2)
        private_pg.stop("immediate")
        time.sleep(3)
        private_pg.start()
        time.sleep(3)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert not crashes, crashes
    assert len(accepted) > 10 * OFFICERS
    retries = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert len(retries) >= OFFICERS, "the outage should have hit the officers' edits"
    print(f"\n{len(accepted)} edits accepted, {len(in_doubt)} in doubt, {len(retries)} retries during the outage")

    history = checklists.event_history(engine, event_id)
    updates = history[history["kind"] == "update"]
    notes = set(zip(updates["item_id"].astype(int), updates["note"]))
    missing = [a for a in accepted if a not in notes]
    assert not missing, f"{len(missing)} accepted edit(s) are not in the history: {missing[:5]}"
    unexplained = notes - set(accepted) - set(in_doubt)
    assert not unexplained, f"history rows no officer made: {sorted(unexplained)[:5]}"
    assert updates.duplicated(["item_id", "note"]).sum() == 0, "an edit was written twice"
    for item in item_ids:
        state = checklists.get_item(engine, item)
        versions = sorted(history.loc[history["item_id"] == item, "version"].astype(int))
        assert versions == list(range(1, state.version + 1)), f"item {item}: versions {versions[:3]}... not 1..{state.version}"
    engine.dispose()
