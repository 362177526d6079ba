"""Never lost, never twice, when things break (issue 19):

* ``kill -9`` of the sender (``manage.py alerts send``, a real process) in the middle of a send,
  on each channel, then a new sender (``alerts send --once``, in this process): every alert is
  delivered, and LINE executes each once (the re-send carries the same retry key and gets 409),
  the webhook receiver sees the same delivery id (it keeps one), the e-mail stalled before the
  server accepted it arrives once;
* the database restarting (PostgreSQL: new connections refused and every connection of the
  database terminated) while a message is on its way: the outcome is recorded when it is back,
  with no re-send.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from notify.line import LineChannel
from notify.sender import RetryPolicy, run_sender
from store import outbox
from store.db import make_engine, migrate
from store.outbox import AlertDraft
from tests.alerts.conftest import alert_env
from tests.support.cli_main import run_main
from tests.support.ingest_loop import start_ingest_loop
from tests.support.postgres import PG_ADMIN_URL, create_database, drop_database

ROOT = Path(__file__).resolve().parents[2]
LINE_ID = "U" + "0123456789abcdef" * 2


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
        migrate(url)
        yield url
    else:
        url = create_database("floodroom_alert_crash")
        migrate(url)
        yield url
        drop_database(url)


def _sender(env: dict, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "alerts", "send", "--lang", "en", *extra],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _send_once(env: dict, monkeypatch, capsys, *extra: str) -> tuple[int, str]:
    """The new sender after the crash, ``manage.py alerts send --once``, run by ``cli.main`` in
    this process (the killed sender is a real process); its exit status and stderr."""
    done = run_main(["alerts", "send", "--once", "--lease", "2", *extra], env, monkeypatch, capsys)
    return done.returncode, done.stderr


def _wait(condition, timeout: float = 30, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _queue(url: str, drafts: list[AlertDraft]) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        outbox.enqueue_alerts(conn, drafts)
    engine.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("channel", ["line", "webhook", "email"])
def test_kill_9_in_the_middle_of_a_send_loses_nothing_and_sends_nothing_twice(
    db_url, tmp_path, certificate, smtp, line, hook, channel, monkeypatch, capsys
):
    address = {"line": LINE_ID, "webhook": hook.url, "email": "somchai@example.go.th"}[channel]
    drafts = [
        AlertDraft(f"crash:{channel}:{i}", "water.bank", "warning", channel, address, "somchai", "th", {"text": str(i)})
        for i in range(6)
    ]
    _queue(db_url, drafts)
    env = {
        **alert_env(tmp_path, smtp.port, line.url),
        "DATABASE_URL": db_url,
        "SSL_CERT_FILE": str(certificate[0]),  # the sender trusts the test certificate like a system CA
    }
    line.stall_s = hook.stall_s = 60  # received (LINE: accepted), then no answer
    smtp.stall_rcpt_s = 60  # the e-mail is stopped before the server accepted it
    received = {
        "line": lambda: line.requests >= 1,
        "webhook": lambda: sum(hook.deliveries.values()) >= 1,
        "email": lambda: smtp.rcpt_seen >= 1,
    }[channel]
    sender = _sender(env, "--every", "0.2", "--lease", "2", "--backoff", "0.2")
    try:
        _wait(received, what=f"the first {channel} request")
        time.sleep(0.3)
        sender.send_signal(signal.SIGKILL)
        sender.wait(10)
    finally:
        if sender.poll() is None:
            sender.kill()
    assert sender.returncode == -signal.SIGKILL
    engine = make_engine(db_url)
    assert outbox.outbox_counts(engine)["sending"] >= 1  # the killed send is left claimed
    line.stall_s = hook.stall_s = 0
    smtp.stall_rcpt_s = 0
    time.sleep(2.2)  # the lease of the killed attempt runs out
    code, err = _send_once(env, monkeypatch, capsys, "--lang", "en")
    assert code == 0, err
    counts = outbox.outbox_counts(engine)
    assert counts["sent"] == len(drafts) and sum(counts.values()) == len(drafts), counts
    interrupted = [
        a
        for r in outbox.list_outbox(engine)
        for a in outbox.list_attempts(engine, r["id"])
        if a["outcome"] == "interrupted"
    ]
    assert len(interrupted) == 1
    if channel == "line":
        keys = [m["key"] for m in line.accepted]
        assert len(keys) == len(set(keys)) == len(drafts)  # LINE executed each alert once
        assert line.conflicts == 1  # the killed one was re-sent with its retry key and refused as a repeat
    elif channel == "webhook":
        assert len(hook.deliveries) == len(drafts)  # every delivery id arrived
        assert sorted(hook.deliveries.values()) == [1] * (len(drafts) - 1) + [2]  # the killed one twice, same id
    else:
        ids = smtp.message_ids()
        assert len(ids) == len(drafts) and set(ids.values()) == {1}  # each message once
    engine.dispose()


@pytest.mark.slow
def test_the_one_window_smtp_cannot_close_resends_with_the_same_message_id(
    tmp_path, certificate, smtp, monkeypatch, capsys
):
    """What the e-mail channel cannot rule out, shown rather than hidden: the server has taken the
    message and the sender is killed before its 250 arrives. SMTP has no retry key; the re-send
    carries the same Message-ID, by which mail systems show it once."""
    url = f"sqlite:///{tmp_path / 'smtp.sqlite3'}"
    migrate(url)
    _queue(url, [AlertDraft("smtp:1", "water.bank", "warning", "email", "somchai@example.go.th", "somchai")])
    env = {**alert_env(tmp_path, smtp.port), "DATABASE_URL": url, "SSL_CERT_FILE": str(certificate[0])}
    smtp.stall_data_s = 60
    sender = _sender(env, "--every", "0.2", "--lease", "2")
    try:
        _wait(lambda: len(smtp.messages) == 1, what="the message at the server")
        sender.send_signal(signal.SIGKILL)
        sender.wait(10)
    finally:
        if sender.poll() is None:
            sender.kill()
    smtp.stall_data_s = 0
    time.sleep(2.2)
    code, err = _send_once(env, monkeypatch, capsys)
    assert code == 0, err
    ids = smtp.message_ids()
    assert list(ids.values()) == [2]  # twice at the server, one Message-ID
    engine = make_engine(url)
    assert outbox.outbox_counts(engine)["sent"] == 1
    engine.dispose()


@pytest.fixture
def pg_url():
    url = create_database("floodroom_alert_restart")
    migrate(url)
    yield url
    drop_database(url)


def _database_down(name: str, seconds: float) -> None:
    """Refuse new connections to ``name``, end every open one, and allow them again after
    ``seconds``: what the sender sees of a restart of its database."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            time.sleep(seconds)
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    finally:
        admin.dispose()


def test_a_database_restart_during_a_send_neither_loses_nor_repeats(pg_url, tmp_path, line, caplog):
    import logging

    from config import load_settings

    caplog.set_level(logging.WARNING, logger="notify.sender")

    settings = load_settings({**alert_env(tmp_path, line_url=line.url), "DATABASE_URL": pg_url})
    _queue(pg_url, [AlertDraft(f"restart:{i}", "water.bank", "warning", "line", LINE_ID) for i in range(5)])
    engine = make_engine(pg_url)
    line.stall_s = 1.5  # the first message is on its way when the database goes
    stop = threading.Event()
    policy = RetryPolicy(base_s=0.2, cap_s=1, lease_s=60, record_wait_s=30)
    worker = threading.Thread(
        target=run_sender,
        args=(engine, settings, {"line": LineChannel(settings)}),
        kwargs={"policy": policy, "idle_s": 0.2, "stop": stop},
    )
    worker.start()
    try:
        _wait(lambda: line.requests >= 1, what="the first LINE request")
        _database_down(pg_url.rsplit("/", 1)[1], 3)
        line.stall_s = 0
        _wait(lambda: outbox.outbox_counts(engine)["sent"] == 5, timeout=60, what="all five sent")
    finally:
        stop.set()
        worker.join(30)
    keys = [m["key"] for m in line.accepted]
    assert len(keys) == len(set(keys)) == 5 and line.conflicts == 0  # recorded after the restart: no re-send
    assert "database unavailable while recording sent" in caplog.text  # the outage did hit the record
    engine.dispose()


@pytest.mark.slow
def test_the_ingest_worker_runs_the_sender(tmp_path, line):
    """``manage.py ingest --every`` (its source pointed at a closed port) delivers a queued alert
    within seconds: the sender is part of the worker."""
    url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    migrate(url)
    env = {
        **alert_env(tmp_path, line_url=line.url),
        "DATABASE_URL": url,
        "THAIWATER_BASE_URL": "http://127.0.0.1:1/",
    }
    output = tmp_path / "worker.out"  # what the worker printed, shown if it does not stop
    worker = start_ingest_loop({**os.environ, **env}, "10m", stdout=output.open("w"), stderr=subprocess.STDOUT)
    try:
        _queue(url, [AlertDraft("worker:1", "water.bank", "severe", "line", LINE_ID, "somchai", "en", {"text": "M.7"})])
        engine = make_engine(url)
        _wait(lambda: outbox.outbox_counts(engine)["sent"] == 1, timeout=30, what="the worker's sender")
        engine.dispose()
        assert len(line.accepted) == 1 and line.accepted[0]["messages"][0]["text"] == "M.7"
        assert Path(str(tmp_path / "worker.sqlite3") + ".alerts.lock").exists()  # the sender holds its lock
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
            ingest_log = tmp_path / "data" / "ingest.log"
            logged = ingest_log.read_text()[-3000:] if ingest_log.exists() else "(no ingest.log)"
            printed = output.read_text()[-3000:]
            raise AssertionError(f"the worker outlived its SIGINT by 30 s:\n{printed}\n{logged}") from None
