"""``manage.py forecast``, ``backtest-forecast``, ``import-rating`` and ``fit-rating`` through
``cli.main`` on a migrated SQLite database, in Thai and English."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main
from config import load_settings
from store.db import make_engine
from store.ratings import current_rating
from tests.forecast.history import build_rising_history
from tests.support.ci import reference_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DEFAULT_LANGUAGE", raising=False)
    assert main(["migrate"]) == 0
    engine = make_engine(load_settings(os.environ).database_url)
    yield engine
    engine.dispose()


def test_forecast_csv_one_row_per_day(db, capsys):
    build_rising_history(db, days=14, model_error_m=0.15)
    capsys.readouterr()
    assert main(["forecast", "--station", "M.7", "--at", "2022-09-11T08:00", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["date", "level_m_msl", "low_m_msl", "high_m_msl", "class", "method"]
    assert [r["date"] for r in rows[:2]] == ["2022-09-12", "2022-09-13"] and len(rows) == 12
    # anchor 111.02 m on 11 Sep; the model is 15 cm high from the next day on
    assert [float(r["level_m_msl"]) for r in rows[:2]] == [111.27, 111.37]
    assert {r["method"] for r in rows} == {"glofas_rating"}
    assert rows[9]["class"] == "over_bank" and rows[0]["class"] == "high"


def test_forecast_table_in_english_and_thai(db, capsys):
    build_rising_history(db, days=14)
    capsys.readouterr()
    assert main(["forecast", "--station", "M.7", "--at", "2022-09-11T08:00", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Model level forecast for M.7, issued 11 Sep 2022 06:00, from the reading 111.02 m MSL" in out
    assert "Rating: published (imported), levels 105.00–115.00 m MSL" in out
    assert "glofas_rating: GloFAS model through the rating" in out.splitlines()
    assert "extrapolated" not in out  # 111.02-112.22 m lie inside the rating's 105-115 m
    assert "level (m MSL)" in out and "12 Sep 2022" in out and "2022-09-12" not in out


def test_forecast_says_when_it_leaves_the_rating(db, capsys):
    build_rising_history(db, days=14)
    from domain.rating import Rating
    from store.ratings import save_fitted_rating
    from tests.forecast.history import T0

    narrow = Rating("M.7", "power", 111.5, 112.0, 10, 0.0, 0.0, 0.0, a=100.0, b=1.0, h0=100.0, source="published")
    save_fitted_rating(db, narrow, "test", T0)
    capsys.readouterr()
    assert main(["forecast", "--station", "M.7", "--at", "2022-09-11T08:00", "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "some days lie outside the rating: extrapolated above 112.00 m MSL" in lines
    assert "some days lie below the rating: extrapolated below 111.50 m MSL" in lines
    assert main(["forecast", "--station", "M.7", "--at", "2022-09-11T08:00"]) == 0
    thai = capsys.readouterr().out
    assert "การคาดการณ์ระดับน้ำ (แบบจำลอง) สถานี M.7 ออกเมื่อ 11 ก.ย. 2565 06:00" in thai
    # the table's headers in Thai and its dates in the Buddhist era (the CSV keeps ISO dates)
    assert "ระดับน้ำ (ม.รทก.)" in thai and "12 ก.ย. 2565" in thai and "2022-09-12" not in thai


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--station", "M.7"], "no forecast for M.7: no observed water level to anchor the forecast on"),
        (["--station", "M.7", "--format", "xml"], "--format 'xml' is not known; allowed: csv, table"),
        (["--station", "M.7", "--at", "yesterday"], "--at 'yesterday' is not an ISO date-time"),
    ],
)
def test_forecast_refuses_with_one_line(db, capsys, argv, words):
    assert main(["forecast", *argv, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_backtest_prints_the_table_and_no_skill(db, capsys):
    build_rising_history(db, days=40, model_error_m=0.15)
    capsys.readouterr()
    assert (
        main(["backtest-forecast", "--station", "M.7", "--from", "2022-09-06", "--to", "2022-09-20", "--lang", "en"])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Backtest of M.7: a forecast issued every day from 6 Sep 2022 to 20 Sep 2022 (15 issued)"
    assert lines[1] == "GloFAS model through the rating"
    by_lead = {line.split()[0]: line.split() for line in lines[3:8]}
    assert (
        by_lead["1"][1:5] == ["15", "0.150", "0.150", "0.100"] and " ".join(by_lead["1"][5:]) == "no skill at this lead"
    )
    assert by_lead["3"][1:] == ["15", "0.150", "0.150", "0.300", "0.50"]
    assert by_lead["10"][1:] == ["15", "0.150", "0.150", "1.000", "0.85"]
    assert "  crossed the bank on 21 Sep 2022:" in lines
    assert "    forecast issued 1 day before: on the day" in lines
    assert "    forecast issued 7 days before: 1 day early" in lines
    assert main(["backtest-forecast", "--station", "M.7", "--from", "2022-09-06", "--to", "2022-09-20"]) == 0
    assert "ไม่มีทักษะที่ระยะนี้" in capsys.readouterr().out


def test_backtest_refuses_a_backward_period_and_no_data(db, capsys):
    assert main(["backtest-forecast", "--station", "M.7", "--from", "2022-09-06", "--to", "2022-09-01"]) == 1
    assert "--to 2022-09-01 is before --from 2022-09-06" in capsys.readouterr().err
    assert (
        main(["backtest-forecast", "--station", "M.7", "--from", "2022-09-01", "--to", "2022-09-03", "--lang", "en"])
        == 1
    )
    assert "no forecast for M.7: no observed water level to anchor the forecast on" in capsys.readouterr().err


def test_import_rating_from_the_published_m7_file(db, capsys):
    path = reference_path("ratings", "m7_stage_discharge_2022_rising.csv")
    assert main(["import-rating", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "imported 7 level–discharge pairs from m7_stage_discharge_2022_rising.csv"
    assert out[1].startswith("M.7: Q = ") and "levels 111.30–114.97 m MSL, 7 pairs" in out[1]
    rating = current_rating(db, "M.7")
    assert rating is not None and rating.source == "published"


def test_import_rating_refuses_a_bad_file_through_manage_py(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("station,level_m_msl,discharge_m3s\nM.7,111.3,1890\nM.7,111.7,2120\nM.7,112.3,2480\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "import-rating", str(bad)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1
    # the refusal is worded in DEFAULT_LANGUAGE (Thai), as the success line is
    assert done.stderr == "error: สถานี M.7: มีเพียง 3 คู่ โค้งต้องมีอย่างน้อย 4 คู่ ไม่ได้นำเข้าข้อมูลใดๆ\n"
    assert current_rating(db, "M.7") is None
