"""The ingest loop stops on Ctrl-C or SIGTERM: when it was started with SIGINT ignored (CI
saw ``ingest --every`` outlive a SIGINT: a process started from an xdist worker, or with
``&`` from a script, inherits the ignored SIGINT and Python then sets no handler), and when
the KeyboardInterrupt its signal raises is swallowed on the way (an exception raised inside
a ``__del__`` or a callback is only printed, never propagated)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time

import pytest

from cli import core
from data_sources.http import build_session
from ingest import IngestContext
from store.db import migrate
from tests.support.ingest_loop import start_ingest_loop


class Worker:
    def ensure(self) -> bool:
        return True


def _run_loop(settings, engine, stop) -> threading.Thread:
    ctx = IngestContext(settings, engine, build_session())
    loop = threading.Thread(target=core._ingest_loop, args=(ctx, {"thaiwater": object()}, 600, Worker(), None, stop))
    loop.start()
    return loop


def test_a_swallowed_stop_still_ends_the_loop_at_once(settings, sqlite_engine, monkeypatch):
    stop = core.LoopStop()
    rounds = []

    def round_that_swallows(ctx, due, from_file, log_path=None):
        rounds.append(time.monotonic())
        with contextlib.suppress(KeyboardInterrupt):  # lost, as inside a finaliser
            stop(signal.SIGINT, None)  # what the handler does when the signal comes mid-round
        return []

    monkeypatch.setattr(core, "_ingest_round", round_that_swallows)
    started = time.monotonic()
    loop = _run_loop(settings, sqlite_engine, stop)
    loop.join(timeout=10)
    assert not loop.is_alive(), "the loop slept on after its stop signal"
    assert len(rounds) == 1 and time.monotonic() - started < 5
    assert stop.signal == "SIGINT"


def test_a_stop_during_the_pause_ends_it_within_a_second(settings, sqlite_engine, monkeypatch):
    stop = core.LoopStop()
    rounds = []
    monkeypatch.setattr(core, "_ingest_round", lambda ctx, due, from_file, log_path=None: rounds.append(1) or [])
    loop = _run_loop(settings, sqlite_engine, stop)
    time.sleep(0.5)  # the round is done: the loop pauses for up to 60 s
    assert loop.is_alive() and rounds == [1]
    with contextlib.suppress(KeyboardInterrupt):  # raised here, in the test's thread; the loop sees only the flag
        stop(signal.SIGTERM, None)
    started = time.monotonic()
    loop.join(timeout=5)
    assert not loop.is_alive() and time.monotonic() - started < 1.5
    assert stop.signal == "SIGTERM"


def test_a_second_signal_does_not_interrupt_the_clean_up():
    stop = core.LoopStop()
    with contextlib.suppress(KeyboardInterrupt):
        stop(signal.SIGINT, None)
    stop(signal.SIGTERM, None)  # no exception: the first one's clean-up runs to its end
    assert stop.signal == "SIGTERM"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_the_loop_started_with_sigint_ignored_still_stops_on_a_signal(tmp_path, signum):
    url = f"sqlite:///{tmp_path / 'loop.sqlite3'}"
    migrate(url)
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": url,
        "THAIWATER_BASE_URL": "http://127.0.0.1:1/",
    }
    loop = start_ingest_loop(
        env,
        "10m",
        stdout=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # as `... &` in a script does
    )
    try:
        assert "polling every 10m" in loop.stderr.readline()
        time.sleep(1)  # into its first round
        loop.send_signal(signum)
        assert loop.wait(timeout=15) == 130
    finally:
        if loop.poll() is None:
            loop.kill()
            loop.wait()
