"""Exactly one ingest worker: a lock held in the database's own terms.

* PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) on a connection
  kept open for as long as the lock is held. The server drops it when that connection
  dies (worker killed, network gone), so a crashed worker never blocks its successor.
* SQLite: an exclusive ``flock`` on ``<database file>.<name>.lock``; the kernel drops it
  when the process dies.

Two locks are used by ``manage.py ingest``: ``worker`` is held for the whole life of an
``--every`` loop (a second loop waits as a standby and takes over when the first stops);
``poll`` is held around each round of polls, by the loop and by one-off ingests, so two
rounds never interleave their writes. ``alerts`` is held by the alert sender
(``notify.sender``), so one sender delivers at a time.

    with hold_lock(engine, "worker", on_wait=print) as lock:
        ...
        lock.ensure()   # after a database outage: re-take it (waiting) if it was lost
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

NAMES = ("worker", "poll", "alerts")
LOCK_NAMESPACE = 0x466C6F6F  # "Floo": the first key of the two-key advisory lock


class LockTimeout(Exception):
    """The lock was not free within the time allowed."""


def lock_key(name: str) -> int:
    """A stable 31-bit key for ``name`` (the second key of the advisory lock)."""
    return int.from_bytes(hashlib.sha256(f"floodroom.{name}".encode()).digest()[:4], "big") & 0x7FFFFFFF


class _PostgresLock:
    def __init__(self, engine: Engine, name: str):
        self.engine, self.key = engine, lock_key(name)
        self.conn: Connection | None = None

    def try_acquire(self) -> bool:
        if self.conn is None:
            self.conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        got = self.conn.execute(
            text("SELECT pg_try_advisory_lock(:a, :b)"), {"a": LOCK_NAMESPACE, "b": self.key}
        ).scalar()
        return bool(got)

    def held(self) -> bool:
        if self.conn is None:
            return False
        try:
            count = self.conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
                    "AND classid = :a AND objid = :b AND granted"
                ),
                {"a": LOCK_NAMESPACE, "b": self.key},
            ).scalar()
        except SQLAlchemyError:
            self.forget()
            return False
        return count == 1

    def release(self) -> None:
        if self.conn is None:
            return
        with contextlib.suppress(SQLAlchemyError):  # the connection is gone, and the lock with it
            self.conn.execute(text("SELECT pg_advisory_unlock(:a, :b)"), {"a": LOCK_NAMESPACE, "b": self.key})
        self.forget()

    def forget(self) -> None:
        if self.conn is not None:
            try:
                self.conn.invalidate()
                self.conn.close()
            except SQLAlchemyError:
                pass
        self.conn = None


class _FileLock:
    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def try_acquire(self) -> bool:
        if self.fd is None:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        os.ftruncate(self.fd, 0)
        os.write(self.fd, f"{os.getpid()}\n".encode())
        return True

    def held(self) -> bool:
        return self.fd is not None

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    forget = release


class IngestLock:
    """A held lock; ``ensure()`` re-takes it if a database restart dropped it."""

    def __init__(
        self,
        engine: Engine,
        name: str,
        *,
        poll_s: float = 2.0,
        on_wait: Callable[[str], None] | None = None,
        wait_for_database: bool = True,
    ):
        self.wait_for_database = wait_for_database
        if name not in NAMES:
            raise ValueError(f"lock name {name!r} is not one of {', '.join(NAMES)}")
        self.name, self.poll_s, self.on_wait = name, poll_s, on_wait
        if engine.dialect.name == "postgresql":
            self._impl: _PostgresLock | _FileLock = _PostgresLock(engine, name)
            self.where = (
                f"advisory lock ({LOCK_NAMESPACE}, {lock_key(name)}) in "
                f"{engine.url.render_as_string(hide_password=True)}"
            )
        elif engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            path = Path(engine.url.database).with_name(Path(engine.url.database).name + f".{name}.lock")
            self._impl = _FileLock(path)
            self.where = f"lock file {path}"
        else:
            raise ValueError(
                f"no ingest lock for {engine.dialect.name} database {engine.url.database!r}; use a file or "
                "PostgreSQL database"
            )

    def acquire(self, timeout_s: float | None = None) -> None:
        """Take the lock, waiting (``on_wait`` told once) up to ``timeout_s`` (None = forever).
        A database that is down counts as 'not yet' (the wait goes on) when
        ``wait_for_database``; otherwise its error is raised at once."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        told = False
        while True:
            try:
                if self._impl.try_acquire():
                    return
                reason = f"another ingest worker holds the {self.name} lock ({self.where}); waiting"
            except SQLAlchemyError as exc:
                self._impl.forget()
                if not self.wait_for_database:
                    raise
                reason = f"database unavailable while taking the {self.name} lock ({exc.__class__.__name__}); retrying"
            if not told and self.on_wait:
                self.on_wait(reason)
                told = True
            if deadline is not None and time.monotonic() >= deadline:
                raise LockTimeout(f"the {self.name} lock was not free within {timeout_s:g} s ({self.where})")
            time.sleep(self.poll_s if deadline is None else max(0.05, min(self.poll_s, deadline - time.monotonic())))

    def ensure(self, timeout_s: float | None = None) -> bool:
        """True if still held; else re-take it (waiting) and return False."""
        if self._impl.held():
            return True
        self._impl.forget()
        self.acquire(timeout_s)
        return False

    def release(self) -> None:
        self._impl.release()


@contextmanager
def hold_lock(
    engine: Engine,
    name: str,
    *,
    timeout_s: float | None = None,
    poll_s: float = 2.0,
    on_wait: Callable[[str], None] | None = None,
    wait_for_database: bool = True,
) -> Iterator[IngestLock]:
    """Hold the ``name`` lock for the body of the ``with`` (waiting for it first)."""
    lock = IngestLock(engine, name, poll_s=poll_s, on_wait=on_wait, wait_for_database=wait_for_database)
    lock.acquire(timeout_s)
    try:
        yield lock
    finally:
        lock.release()


def lock_free(conn: Connection, name: str) -> bool:
    """PostgreSQL only: True if no session holds the ``name`` lock (for tests and `check`)."""
    count = conn.execute(
        text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = :a AND objid = :b AND granted"),
        {"a": LOCK_NAMESPACE, "b": lock_key(name)},
    ).scalar()
    return count == 0
