"""manage.py backup / restore: a round trip that compares every table, on SQLite and
PostgreSQL; wrong files are refused with a clear message and the database untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from ops.backup import BackupError, backup_database, backup_kind, restore_database
from tests.ops.dbfill import ROWS_PER_TABLE, empty_every_table, fill_every_table, snapshot

ROOT = Path(__file__).resolve().parents[2]


def manage(args: list[str], database_url: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


@pytest.fixture
def db(engine):
    """``engine`` (SQLite, then PostgreSQL), with every reflected table emptied afterwards
    (the shared fixture empties only the tables whose models are imported)."""
    yield engine
    empty_every_table(engine)


def test_round_trip_compares_every_table(db, tmp_path):
    engine = db
    url = engine.url.render_as_string(hide_password=False)
    counts = fill_every_table(engine)
    assert len(counts) >= 10 and set(counts.values()) == {ROWS_PER_TABLE}
    before = snapshot(engine)

    out = tmp_path / "floodroom.backup"
    done = manage(["backup", "--out", str(out)], url, tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.is_file() and backup_kind(out) == engine.dialect.name
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]

    # damage the live database after the backup: one table emptied, one row changed
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM water_observations"))
        conn.execute(text("UPDATE users SET role = 'admin'"))
    assert snapshot(engine) != before
    engine.dispose()

    done = manage(["restore", str(out)], url, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "schema revision" in done.stdout
    after = snapshot(engine)
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], f"table {table} differs after restore"


def test_restore_refuses_a_file_of_the_wrong_kind(db, tmp_path):
    engine = db
    url = engine.url.render_as_string(hide_password=False)
    fill_every_table(engine)
    before = snapshot(engine)
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup")
    with pytest.raises(BackupError, match="not a Flood Room backup"):
        restore_database(url, bogus)
    other = tmp_path / "other.backup"
    other.write_bytes(b"PGDMP" + b"\0" * 64 if engine.dialect.name == "sqlite" else b"SQLite format 3\x00" + b"\0" * 84)
    with pytest.raises(BackupError, match="backup; the database is"):
        restore_database(url, other)
    assert snapshot(engine) == before


def test_restore_refuses_a_foreign_sqlite_file(sqlite_engine, tmp_path):
    import sqlite3

    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(BackupError, match="no alembic_version table"):
        restore_database(str(sqlite_engine.url), foreign)


def test_backup_cli_errors_are_one_line(tmp_path):
    missing = manage(["restore", str(tmp_path / "nope.backup")], f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [
        "error: กู้คืนไม่สำเร็จ: ไม่พบไฟล์สำรอง: " + str(tmp_path / "nope.backup")
    ]  # DEFAULT_LANGUAGE th
    no_folder = manage(
        ["backup", "--out", str(tmp_path / "no" / "such" / "x.backup")],
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        tmp_path,
    )
    assert no_folder.returncode == 1 and len(no_folder.stderr.strip().splitlines()) == 1


def test_sqlite_backup_is_consistent_while_writers_continue(sqlite_engine, tmp_path):
    """The online backup API copies a consistent snapshot while another connection writes."""
    import threading

    fill_every_table(sqlite_engine)
    stop = threading.Event()

    def write():
        n = 0
        while not stop.is_set():
            with sqlite_engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO login_attempts (username, client, at, ok) "
                        "VALUES (:u, NULL, '2026-10-01 00:00:00', 0)"
                    ),
                    {"u": f"w{n}"},
                )
            n += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        results = [backup_database(str(sqlite_engine.url), tmp_path / f"b{i}.sqlite3") for i in range(3)]
    finally:
        stop.set()
        writer.join()
    for result in results:
        import sqlite3

        conn = sqlite3.connect(result.path)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM users").fetchone() == (ROWS_PER_TABLE,)
        conn.close()
