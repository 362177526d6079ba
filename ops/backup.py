"""Backups of the whole database and their restore.

* SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent
  snapshot while the app and the ingest loop keep writing; restore copies the file back
  into the live database the same way (one step, readers never see half a database).
* PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --single-transaction``
  (all or nothing). The password goes to the tools through ``PGPASSWORD``, never on
  their command line.

Every backup is written to a temp file beside the target and renamed when complete,
so a full disk leaves no half backup (``ops.files.WriteFailed``). ``BackupError`` is
the one-line failure the CLI shows.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from i18n.diagnostic import coded
from ops.files import WriteFailed, atomic_path

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
TOOL_TIMEOUT_S = 3600


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    backend: str
    bytes: int


def _backend(database_url: str) -> tuple[str, URL]:
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"cannot back up a {backend} database; supported: sqlite, postgresql")
    return backend, url


def backup_database(database_url: str, out: str | os.PathLike) -> BackupResult:
    """Write a complete backup of ``database_url`` to ``out`` (SQLite file or pg_dump archive)."""
    backend, url = _backend(database_url)
    out = Path(out)
    tmp = None
    try:
        with atomic_path(out) as tmp:
            if backend == "sqlite":
                _sqlite_copy(_sqlite_file(url, must_exist=True), tmp)
            else:
                _run_tool(
                    [
                        "pg_dump",
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        "--file",
                        str(tmp),
                        _libpq_url(url),
                    ],
                    url,
                )
    except WriteFailed as exc:
        raise BackupError(str(exc)) from exc
    finally:
        if tmp is not None:  # SQLite's rollback journal of the temp copy (left when the disk filled up mid-copy)
            for suffix in ("-journal", "-wal", "-shm"):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    return BackupResult(out, backend, out.stat().st_size)


def restore_database(database_url: str, backup: str | os.PathLike) -> str:
    """Replace the contents of ``database_url`` with ``backup``; returns the backend name.

    The file's kind is checked first: an SQLite file only into SQLite, a pg_dump archive
    only into PostgreSQL."""
    backend, url = _backend(database_url)
    backup = Path(backup)
    if not backup.is_file():
        raise coded(BackupError, "backup.not_found", path=backup)
    kind = backup_kind(backup)
    if kind != backend:
        raise coded(
            BackupError, "backup.wrong_kind" if kind else "backup.not_ours", path=backup, kind=kind, backend=backend
        )
    if backend == "sqlite":
        _sqlite_restore(backup, _sqlite_file(url, must_exist=False))
    else:
        _run_tool(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                _libpq_url(url),
                str(backup),
            ],
            url,
        )
    return backend


def backup_kind(path: Path) -> str | None:
    """'sqlite', 'postgresql' or None, from the file's first bytes."""
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    return None


def _sqlite_file(url: URL, *, must_exist: bool) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    path = Path(url.database)
    if must_exist and not path.is_file():
        raise BackupError(f"database file not found: {path} (run python manage.py migrate first)")
    return path


def _sqlite_copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=15)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=1024)
    except sqlite3.Error as exc:
        dst.close()
        if "full" in str(exc).lower() or "disk" in str(exc).lower() or "I/O" in str(exc):
            raise OSError(
                errno.ENOSPC, f"the disk is full or the file size limit was reached while writing the backup ({exc})"
            ) from exc
        raise BackupError(f"SQLite backup of {source} failed: {exc}") from exc
    finally:
        src.close()
    dst.close()


def _check_sqlite_whole(backup: Path) -> None:
    """Refuse a truncated copy before anything is restored: the header's page size times its
    page count must fit in the file, and SQLite's own ``quick_check`` must pass."""
    size = backup.stat().st_size
    with open(backup, "rb") as fh:
        header = fh.read(100)
    page_size = int.from_bytes(header[16:18], "big") if len(header) == 100 else 0
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big") if len(header) == 100 else 0
    if not page_size or size < page_size * max(pages, 1):
        raise coded(
            BackupError, "backup.truncated_size", path=backup, size=f"{size:,}", expected=f"{page_size * pages:,}"
        )
    try:
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            verdict = src.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        verdict = str(exc)
    if verdict != "ok":
        raise coded(BackupError, "backup.truncated", path=backup, detail=" ".join(str(verdict).split())[:200])


def _sqlite_restore(backup: Path, live: Path) -> None:
    _check_sqlite_whole(backup)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in src.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            raise coded(BackupError, "backup.not_floodroom_sqlite", path=backup)
        live.parent.mkdir(parents=True, exist_ok=True)
        dst = sqlite3.connect(live, timeout=15)
        try:
            src.backup(dst)
        except sqlite3.Error as exc:
            raise coded(BackupError, "backup.restore_failed", path=backup, live=live, error=exc) from exc
        finally:
            dst.close()
    finally:
        src.close()


def _libpq_url(url: URL) -> str:
    """postgresql://user@host:port/db without the password (it goes in PGPASSWORD)."""
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False)


def _run_tool(argv: list[str], url: URL) -> None:
    if shutil.which(argv[0]) is None:
        raise BackupError(f"{argv[0]} is not installed: install postgresql-client (make system-deps)")
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"{argv[0]} did not finish within {TOOL_TIMEOUT_S} s") from exc
    if done.returncode == -signal.SIGXFSZ:
        raise OSError(errno.EFBIG, f"{argv[0]} stopped: the file size limit was reached")
    if done.returncode != 0:
        message = " ".join(done.stderr.split())[:500] or f"exit status {done.returncode}"
        if url.password:
            message = message.replace(str(url.password), "***")
        if "No space left" in message:
            raise OSError(errno.ENOSPC, f"{argv[0]}: {message}")
        if "File too large" in message:
            raise OSError(errno.EFBIG, f"{argv[0]}: {message}")
        raise BackupError(f"{argv[0]} failed: {message}")
