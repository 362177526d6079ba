"""The command line: each command exits non-zero with a one-line reason on failure."""

import subprocess
import sys
from pathlib import Path

import pytest

from cli import main

ROOT = Path(__file__).resolve().parents[2]


def run_cli(args, env_extra, tmp_path):
    import os

    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), **env_extra}
    env.pop("DATABASE_URL", None) if "DATABASE_URL" not in env_extra else None
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )


def test_migrate_then_check_offline(tmp_path):
    migrated = run_cli(["migrate"], {}, tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert "at revision" in migrated.stdout
    checked = run_cli(["check", "--offline"], {"GISTDA_API_KEY": "topsecret"}, tmp_path)
    assert "database: ok" in checked.stdout
    assert "topsecret" not in checked.stdout + checked.stderr
    assert "gistda_api_key = *** (set)" in checked.stdout


def test_check_reports_an_unmigrated_database(tmp_path):
    result = run_cli(["check", "--offline"], {}, tmp_path)
    assert result.returncode == 1
    assert "NOT MIGRATED" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "manage.py migrate" in lines[0]


def test_invalid_setting_stops_with_one_line(tmp_path):
    result = run_cli(["migrate"], {"PROVINCE_CODE": "99"}, tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "PROVINCE_CODE" in result.stderr and "allowed" in result.stderr


def test_unreachable_database_is_one_line(tmp_path):
    result = run_cli(["migrate"], {"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}, tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot migrate" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["ingest", "--source", "nosuch"], "unknown source 'nosuch'"),
        (["ingest", "--from-file", "x.json"], "--from-file needs --source"),
    ],
)
def test_ingest_argument_errors(args, message, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(args) == 1
    assert message in capsys.readouterr().err
