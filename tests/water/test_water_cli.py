"""``manage.py situation --format csv|table`` on a database with the recorded Ubon reply."""

from __future__ import annotations

import csv
import io

import pytest

from cli import main
from tests.support.ci import reference_path


@pytest.fixture
def loaded(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["migrate"]) == 0
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


def test_situation_csv_at_replay_time(loaded, capsys):
    capsys.readouterr()
    assert main(["situation", "--format", "csv", "--at", "2020-06-29T13:30"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 16
    assert list(rows[0]) == [
        "station_code",
        "name_th",
        "name_en",
        "level_m_msl",
        "bank_m_msl",
        "pct_capacity",
        "class",
        "trend_cm_h",
        "trend",
        "observed_at_utc",
        "age_s",
        "stale",
        "flags",
        "cadence",
        "cadence_time_bangkok",
    ]
    m7 = next(r for r in rows if r["station_code"] == "M.7")
    assert m7["level_m_msl"] == "107.04" and m7["bank_m_msl"] == "112.0" and m7["pct_capacity"] == "56.6"
    assert m7["observed_at_utc"] == "2020-06-28T23:00:00Z" and m7["age_s"] == "27000.0"
    # issue 15: with the default WATERLEVEL_STALE_AFTER (3 h) M.7's 06:00 daily reading is current at 13:30
    assert (m7["class"], m7["stale"], m7["cadence"], m7["cadence_time_bangkok"]) == (
        "normal",
        "False",
        "daily",
        "06:00",
    )
    mun017 = next(r for r in rows if r["station_code"] == "MUN017")
    assert mun017["class"] == "low" and mun017["stale"] == "False"


def test_situation_table_and_bad_format(loaded, capsys):
    assert main(["situation"]) == 0
    out = capsys.readouterr().out
    assert "M.7" in out and "stale" in out
    assert main(["situation", "--format", "xml"]) == 1
    assert "--format 'xml' is not known; allowed: csv, table" in capsys.readouterr().err
    assert main(["situation", "--at", "yesterday"]) == 1
    assert "is not an ISO date-time" in capsys.readouterr().err


def test_2026_shape_file_for_another_province(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PROVINCE_CODE", "40")  # Khon Kaen: E.22B is in the trimmed 2026 recording
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["migrate"]) == 0
    path = reference_path("thaiwater", "2026", "chanasakch-flood-monitor", "fixtures", "thaiwater-waterlevel.json")
    assert main(["ingest", "--source", "thaiwater", "--from-file", str(path)]) == 0
    assert "50 rows in the reply, 1 kept for province 40" in capsys.readouterr().out
    assert main(["situation", "--format", "csv", "--at", "2026-10-01T17:00"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["station_code"] for r in rows] == ["E.22B"]
    assert (
        rows[0]["level_m_msl"] == "151.62"
        and rows[0]["class"] == "critically_low"
        and rows[0]["pct_capacity"] == "10.0"
    )


def test_from_file_that_is_not_json(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["migrate"]) == 0
    bad = tmp_path / "reply.json"
    bad.write_text("<html>Too Many Requests</html>", encoding="utf-8")
    assert main(["ingest", "--source", "thaiwater", "--from-file", str(bad)]) == 1
    assert "is not a saved JSON reply of thaiwater" in capsys.readouterr().err
