"""``manage.py import-impact / import-shelters / import-flood-extent`` end to end on SQLite."""

import pytest

from cli import main
from store.db import make_engine, migrate
from store.impact import read_flood_areas, read_impact_reports, read_shelters
from tests.impact.conftest import FIXTURES


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("GISTDA_API_KEY", raising=False)
    url = f"sqlite:///{tmp_path / 'floodroom.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_import_then_reimport(db, capsys):
    assert main(["import-impact", str(FIXTURES / "ddpm_district.xlsx"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "layout ddpm_district" in out and "3 new, 0 changed, 0 unchanged" in out
    assert main(["import-impact", str(FIXTURES / "ddpm_district.csv"), "--lang", "en"]) == 0
    assert "0 new, 0 changed, 3 unchanged" in capsys.readouterr().out
    assert len(read_impact_reports(db)) == 3
    assert set(read_impact_reports(db)["entered_by"]) == {f"cli:{__import__('getpass').getuser()}"}


def test_bad_file_reports_rows_in_thai_and_exits_1(db, capsys):
    assert main(["import-impact", str(FIXTURES / "bad_rows.csv")]) == 1
    captured = capsys.readouterr()
    assert "แถว 3: ไม่รู้จักอำเภอ 'Atlantis'" in captured.out
    assert "ไม่มีการบันทึกข้อมูลใด ๆ" in captured.err
    assert read_impact_reports(db).empty


def test_dry_run_and_unknown_user(db, capsys):
    assert main(["import-impact", str(FIXTURES / "gd027_village.csv"), "--dry-run", "--lang", "en"]) == 0
    assert "Dry run" in capsys.readouterr().out and read_impact_reports(db).empty
    assert main(["import-impact", str(FIXTURES / "gd027_village.csv"), "--user", "nobody"]) == 1
    assert "no user 'nobody'" in capsys.readouterr().err
    assert main(["import-impact", str(FIXTURES / "missing.csv")]) == 1


def test_import_shelters_and_flood_extent(db, capsys, tmp_path):
    assert main(["import-shelters", str(FIXTURES / "shelters.csv"), "--lang", "en"]) == 0
    assert len(read_shelters(db)) == 4
    assert main(["import-flood-extent", str(FIXTURES / "gistda_page2.json")]) == 0
    assert "2022-10-02: 1 district areas written" in capsys.readouterr().out
    assert list(read_flood_areas(db)["district_code"]) == ["3415"]
    assert main(["import-flood-extent", str(FIXTURES / "gistda_page2.json"), "--date", "02-10-2022"]) == 1
    assert "is not a date" in capsys.readouterr().err
