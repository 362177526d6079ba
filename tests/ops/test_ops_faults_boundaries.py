"""A corrupt boundary file: ``manage.py import-boundaries`` refuses it on one line and the
boundaries imported before stay exactly as they were (files byte for byte)."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cli import main
from tests.geo.grid import geojson_body, square_grid

ROOT = Path(__file__).resolve().parents[2]


def manage(args, data: Path) -> subprocess.CompletedProcess:
    env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=180
    )


def manage_here(args, data: Path, monkeypatch, capsys) -> tuple[int, str, str]:
    """The same command line, in this process (faster than a subprocess per case)."""
    monkeypatch.setenv("DATA_DIR", str(data))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith((".sqlite3", ".sqlite3-wal", ".sqlite3-shm"))
    }


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, Path, bytes]:
    """A data folder with Ubon's 25 districts imported from a good file."""
    data = tmp_path_factory.mktemp("bdata")
    good = tmp_path_factory.mktemp("bfiles") / "ubon_districts.geojson"
    body = geojson_body(square_grid("34", "hdx_upper"))
    good.write_bytes(body)
    done = manage(["import-boundaries", str(good)], data)
    assert done.returncode == 0, done.stderr
    assert "imported 25 districts" in done.stdout
    return data, good, body


def corrupt_files(body: bytes) -> dict[str, bytes]:
    return {
        "truncated.geojson": body[: len(body) // 2],
        "empty.geojson": b"",
        "binary.geojson": os.urandom(4096),
        "not_geo.geojson": b'{"hello": "world"}',
        "junk_shapefile.zip": zipped(
            {"districts.shp": os.urandom(2048), "districts.shx": os.urandom(256), "districts.dbf": os.urandom(512)}
        ),
        "broken.zip": b"PK\x03\x04" + os.urandom(1000),
    }


@pytest.mark.parametrize("name", list(corrupt_files(b"{}")))
def test_corrupt_boundary_file_is_refused_and_the_old_boundaries_stay(name, imported, tmp_path, monkeypatch, capsys):
    data, _good, body = imported
    before = tree_digest(data)
    bad = tmp_path / name
    bad.write_bytes(corrupt_files(body)[name])
    code, _out, err = manage_here(["import-boundaries", str(bad)], data, monkeypatch, capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: nothing imported:") and name in lines[0], err
    assert tree_digest(data) == before
    code, out, _err = manage_here(["boundaries-status"], data, monkeypatch, capsys)
    assert code == 0 and "25" in out


def test_corrupt_file_through_the_real_command_line(imported, tmp_path):
    data, _good, body = imported
    bad = tmp_path / "truncated.geojson"
    bad.write_bytes(body[: len(body) // 3])
    done = manage(["import-boundaries", str(bad)], data)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
