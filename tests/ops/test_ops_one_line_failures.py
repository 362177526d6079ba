"""Every command ends in a one-line reason, never a traceback (issue 14, findings 12 and 16):
the database gone during ``import-impact``, a restore of a truncated SQLite backup, a full
disk while backing up (a real tiny tmpfs: no ``*.part-journal`` is left), an impossible
``--at``, and any unexpected exception in a command (the top-level handler; the traceback
only on request)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

import cli
from ops.backup import BackupError, backup_database, restore_database
from store.db import make_engine, migrate
from tests.ops.dbfill import fill_every_table, snapshot
from tests.support.ci import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pw-do-not-show"
CLOSED_PORT_DB = "postgresql+psycopg://postgres:" + PASSWORD + "@127.0.0.1:9/floodroom"  # nothing listens on port 9


def manage(args: list[str], env_extra: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), **env_extra}
    env.pop("FLOODROOM_DEBUG", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


def one_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_import_impact_with_the_database_gone_is_one_line(tmp_path):
    done = manage(
        ["import-impact", str(ROOT / "tests" / "fixtures" / "impact" / "en_district.csv"), "--lang", "en"],
        {"DATABASE_URL": CLOSED_PORT_DB},
        tmp_path,
    )
    line = one_line(done)
    assert "database unavailable" in line and "nothing was imported" in line and PASSWORD not in done.stderr


def test_import_shelters_and_extent_with_the_database_gone_are_one_line(tmp_path):
    fixtures = ROOT / "tests" / "fixtures" / "impact"
    for args in (
        ["import-shelters", str(fixtures / "shelters.csv")],
        ["import-flood-extent", str(fixtures / "gistda_page1.json")],
    ):
        assert "database unavailable" in one_line(manage(args, {"DATABASE_URL": CLOSED_PORT_DB}, tmp_path))


@pytest.fixture
def sqlite_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    fill_every_table(engine)
    yield url, engine
    engine.dispose()


@pytest.mark.parametrize("keep", ["first 20 KB", "half", "all but the last page", "header only"])
def test_restore_of_a_truncated_sqlite_backup_is_refused_in_one_line(sqlite_db, tmp_path, keep):
    url, engine = sqlite_db
    backup = backup_database(url, tmp_path / "full.sqlite3").path
    body = backup.read_bytes()
    cut = {
        "first 20 KB": 20_000,
        "half": len(body) // 2,
        "all but the last page": len(body) - 4096,
        "header only": 100,
    }[keep]
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(body[:cut])
    with engine.begin() as conn:
        conn.execute(text("UPDATE users SET display_name = 'changed after the backup'"))
    before = snapshot(engine)
    engine.dispose()

    with pytest.raises(BackupError, match="truncated or damaged"):
        restore_database(url, truncated)
    line = one_line(manage(["restore", str(truncated)], {"DATABASE_URL": url, "DEFAULT_LANGUAGE": "en"}, tmp_path))
    assert line.startswith("error: restore failed: ") and "truncated or damaged" in line
    assert snapshot(engine) == before  # the live database is untouched


@pytest.fixture
def tiny_disk():
    """A real 64 KB tmpfs: the SQLite backup's rollback journal fills it (root only)."""
    if os.geteuid() != 0:
        skip_or_fail("mounting a tmpfs needs root")
    where = Path(tempfile.mkdtemp(prefix="floodroom-tiny-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        where.rmdir()
        skip_or_fail(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield where
    subprocess.run(["umount", str(where)], check=True)
    where.rmdir()


def test_full_disk_backup_leaves_no_journal_and_says_one_line(sqlite_db, tiny_disk, tmp_path):
    url, engine = sqlite_db
    with engine.begin() as conn:  # ~2.5 MB: the backup's journal, not only its pages, meets the full disk
        conn.execute(
            text("INSERT INTO source_health (source, last_error) VALUES (:s, :e)"),
            [{"s": f"big{i}", "e": "x" * 4000} for i in range(600)],
        )
    (tiny_disk / "kept.txt").write_bytes(b"an earlier file")
    with pytest.raises(BackupError, match="the disk is full"):
        backup_database(url, tiny_disk / "db.backup")
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["kept.txt"]
    line = one_line(manage(["backup", "--out", str(tiny_disk / "db.backup")], {"DATABASE_URL": url}, tmp_path))
    assert "the disk is full" in line and "nothing was written" in line
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["kept.txt"]


def test_an_impossible_at_is_one_line(sqlite_db, tmp_path):
    url, _engine = sqlite_db
    for value in ("0001-01-01T00:00", "9999-12-31T23:59-12:00"):
        line = one_line(manage(["situation", "--at", value], {"DATABASE_URL": url}, tmp_path))
        assert value in line


def _broken_command(monkeypatch, exc: BaseException):
    """The real parser, with ``check`` replaced by a command that raises ``exc``."""

    def boom(args, settings):
        raise exc

    parser = cli.build_parser()
    parser._subparsers._group_actions[0].choices["check"].set_defaults(func=boom)
    monkeypatch.setattr(cli, "build_parser", lambda: parser)


def test_an_unexpected_exception_in_a_command_is_one_line_with_a_hint(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FLOODROOM_DEBUG", raising=False)
    _broken_command(monkeypatch, KeyError("station_code\nmore detail"))
    assert cli.main(["check", "--offline"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: unexpected KeyError: 'station_code")
    assert "FLOODROOM_DEBUG=1" in err[0]


def test_the_traceback_is_there_on_request(monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FLOODROOM_DEBUG", "1")
    _broken_command(monkeypatch, ZeroDivisionError("division by zero"))
    with pytest.raises(ZeroDivisionError):
        cli.main(["check", "--offline"])


def test_the_database_gone_in_any_command_is_one_line(monkeypatch, tmp_path, capsys):
    from sqlalchemy.exc import OperationalError

    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FLOODROOM_DEBUG", raising=False)
    _broken_command(
        monkeypatch,
        OperationalError(
            "SELECT 1", {}, sqlite3.OperationalError("server closed the connection unexpectedly\nThis probably means")
        ),
    )
    assert cli.main(["check", "--offline"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "error: database unavailable (server closed the connection unexpectedly); nothing more was written, run the "
        "command again when it is back"
    ]
