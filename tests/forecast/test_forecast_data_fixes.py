"""QA findings on the forecast's data (GloFAS replies, published ratings, stale readings, a closed
stdout, bad-file messages, Thai refusals), each through the real parser, store and ``cli.main``
on SQLite and PostgreSQL (the ``engine`` fixture)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from cli import main
from domain.level_forecast import REASONS
from i18n import t
from services.forecast import forecast_for_station
from store.db import migrate
from store.water import WaterForecast, latest_forecast, save_forecasts
from tests.forecast.history import (
    T0,
    add_linear_rating,
    add_model_run,
    add_readings,
    add_station,
    build_rising_history,
    truth,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "forecast"
GLOFAS = FIXTURES / "glofas_key_stations_6_days.json"


@pytest.fixture
def cli_db(engine, tmp_path, monkeypatch):
    """``cli.main`` on the ``engine`` fixture's database (SQLite, then PostgreSQL), Thai default."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.delenv("DEFAULT_LANGUAGE", raising=False)
    return engine


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _forecast_rows(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(WaterForecast)).scalar_one()


def _broken(tmp_path: Path, change) -> Path:
    reply = json.loads(GLOFAS.read_text(encoding="utf-8"))
    change(reply)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(reply), encoding="utf-8")
    return path


def _set(station: int, variable: str, day: int, value):
    def change(reply):
        reply[station]["daily"][variable][day] = value

    return change


# 1. a negative or non-numeric discharge refuses the whole reply; the last good forecast is kept


@pytest.mark.parametrize(
    "change, words",
    [
        (
            _set(0, "river_discharge_median", 3, "abc"),
            "river_discharge_median for M.7 on 2026-12-07 is 'abc', not a number; nothing stored",
        ),
        (
            _set(0, "river_discharge", 3, -50),
            "river_discharge for M.7 on 2026-12-07 is -50 m³/s, below 0 (a discharge cannot be negative)",
        ),
        (_set(2, "river_discharge_p75", 1, "NaN"), "river_discharge_p75 for E.98 on 2026-12-05 is 'NaN', not a number"),
        (
            _set(1, "river_discharge_p25", 4, 5000.0),
            "river_discharge_p25 for M.11B on 2026-12-08 is 5000 m³/s, above river_discharge_median",
        ),
    ],
)
def test_a_bad_glofas_value_refuses_the_reply_and_keeps_the_last_good_forecast(cli_db, capsys, tmp_path, change, words):
    code, out, err = _run(capsys, ["ingest", "--source", "open_meteo_flood", "--from-file", str(GLOFAS)])
    assert code == 0, err
    good = latest_forecast(cli_db, "M.7")
    assert len(good) == 6 and _forecast_rows(cli_db) == 30
    code, out, err = _run(
        capsys, ["ingest", "--source", "open_meteo_flood", "--from-file", str(_broken(tmp_path, change))]
    )
    assert code == 1 and words in out + err
    assert _forecast_rows(cli_db) == 30  # nothing written
    kept = latest_forecast(cli_db, "M.7")
    assert kept["discharge"].tolist() == good["discharge"].tolist() and (kept["discharge"] > 0).all()


def test_a_stored_negative_or_missing_discharge_is_a_gap_never_a_level(engine):
    build_rising_history(engine, days=14)
    at = T0 + timedelta(days=10, hours=1)
    before = forecast_for_station(engine, _settings(), "M.7", at)
    assert before.available and len(before.days) == 12
    # a newer run (as stored before the parser refused such values) whose day 3 is -50 with no median
    issued = T0 + timedelta(days=10)
    days = [(T0 + timedelta(days=10, hours=7)).date() + timedelta(days=i) for i in range(-1, 8)]
    medians = [100.0 * (truth(10 + i) - 100.0) for i in range(-1, 8)]
    df = pd.DataFrame(
        {"station_code": "M.7", "date": days, "discharge": medians, "discharge_median": medians,
         "p25": [m * 0.9 for m in medians], "p75": [m * 1.1 for m in medians], "lat": 15.2, "lon": 104.9}
    )  # fmt: skip
    df.loc[3, ["discharge", "discharge_median"]] = [-50.0, None]
    df.loc[6, "p25"] = -1.0
    save_forecasts(engine, df, "open_meteo_flood", issued)
    cut = forecast_for_station(engine, _settings(), "M.7", at)
    # anchored on 11 Sep: 12 Sep is kept; 13 Sep (-50, no median) is a gap, so nothing from it on
    assert cut.available and [d.isoformat() for d in cut.days["date"]] == ["2022-09-12"]
    assert (cut.days["level_m_msl"] < 112.0).all() and (cut.days["high_m_msl"] > cut.days["low_m_msl"]).all()
    df.loc[2, "discharge_median"] = float("nan")  # now 12 Sep, the first day ahead, too
    df.loc[2, "discharge"] = -50.0
    save_forecasts(engine, df, "open_meteo_flood", issued + timedelta(minutes=5))
    refused = forecast_for_station(engine, _settings(), "M.7", at)
    assert not refused.available and refused.reason == "gappy_model_forecast"


def _settings():
    from config import load_settings

    return load_settings({"DATA_DIR": "/nonexistent-not-used"})


# 2. a published rating imported after the period serves a replay of it


def _history_without_rating(engine, days: int = 14) -> None:
    add_station(engine, "M.7", "100", bank=112.0)
    times = [T0 + timedelta(days=d) for d in range(days)]
    add_readings(engine, "100", times, [truth(d) for d in range(days)])
    for issue in range(days):
        medians = [100.0 * (truth(issue + offset) - 100.0) for offset in range(-1, 13)]
        add_model_run(
            engine, "M.7", T0 + timedelta(days=issue, hours=-1), (T0 + timedelta(days=issue - 1)).date(), medians
        )


def test_a_published_rating_imported_later_serves_a_replay_before_its_import(cli_db, capsys):
    _history_without_rating(cli_db)
    at = ["--station", "M.7", "--at", "2022-09-11T08:00", "--lang", "en"]
    code, out, err = _run(capsys, ["forecast", *at])
    assert code == 1 and "no forecast for M.7: no stage–discharge rating" in err
    code, out, err = _run(capsys, ["import-rating", str(FIXTURES / "m7_rating_small.csv"), "--lang", "en"])
    assert code == 0 and "imported 6 level–discharge pairs" in out  # stored now (2026), after the period
    code, out, err = _run(capsys, ["forecast", *at, "--format", "csv"])
    assert code == 0, err
    first = next(csv.reader(io.StringIO(out.splitlines()[1])))
    assert first[0] == "2022-09-12" and float(first[1]) == pytest.approx(truth(11), abs=0.02)
    code, out, err = _run(
        capsys, ["backtest-forecast", "--station", "M.7", "--from", "2022-09-03", "--to", "2022-09-08", "--lang", "en"]
    )
    assert code == 0 and "(6 issued)" in out, err


# 3. a reading too old to anchor on is named with its date


def test_a_stale_reading_is_named_with_its_date(cli_db, capsys):
    add_station(cli_db, "M.7", "100")
    add_linear_rating(cli_db, at=datetime(2020, 6, 1, tzinfo=UTC))
    add_readings(cli_db, "100", [datetime(2020, 6, 29, 0, tzinfo=UTC)], [110.0])
    add_model_run(cli_db, "M.7", datetime(2020, 7, 4, tzinfo=UTC), date(2020, 7, 4), [1000.0] * 10)
    forecast = forecast_for_station(cli_db, _settings(), "M.7", datetime(2020, 7, 5, tzinfo=UTC))
    assert forecast.reason == "stale_observation" and "stale_observation" in REASONS
    assert forecast.anchor_at == datetime(2020, 6, 29, 0, tzinfo=UTC) and forecast.anchor_level_msl == 110.0
    argv = ["forecast", "--station", "M.7", "--at", "2020-07-05T08:00"]
    code, out, err = _run(capsys, [*argv, "--lang", "en"])
    assert code == 1 and "no forecast for M.7: the latest reading (29 Jun 2020) is too old to anchor on" in err
    assert "no observed water level" not in err
    code, out, err = _run(capsys, argv)
    assert code == 1 and "ค่าระดับน้ำล่าสุด (29 มิ.ย. 2563) เก่าเกินกว่าจะใช้เป็นจุดเริ่มต้นของการคาดการณ์" in err


# 4. a closed stdout ends any command quietly


@pytest.fixture(scope="module")
def rising_history_db(tmp_path_factory) -> Path:
    """Two weeks of rising M.7 history in a migrated SQLite file, built once; tests copy it."""
    from store.db import make_engine

    path = tmp_path_factory.mktemp("rising") / "db.sqlite3"
    migrate(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    build_rising_history(engine, days=14)
    engine.dispose()
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["forecast", "--station", "M.7", "--at", "2022-09-11T08:00", "--format", "csv"],
        ["forecast", "--station", "M.7", "--at", "2022-09-11T08:00"],
        ["backtest-forecast", "--station", "M.7", "--from", "2022-09-03", "--to", "2022-09-08"],
        ["situation", "--format", "csv", "--at", "2022-09-11T08:00"],
    ],
)
def test_a_closed_stdout_ends_the_command_quietly(rising_history_db, tmp_path, argv):
    shutil.copy(rising_history_db, tmp_path / "db.sqlite3")
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("DEFAULT_LANGUAGE", None)
    read, write = os.pipe()
    os.close(read)  # the reader left before the first line (what `| head -2` does a little later)
    done = subprocess.run(
        [sys.executable, "manage.py", *argv], cwd=ROOT, env=env, stdout=write, stderr=subprocess.PIPE, text=True
    )
    os.close(write)
    assert done.returncode == 141 and done.stderr == ""


# 5. bad GloFAS files say what is wrong; reasons in the order the inputs are gathered


@pytest.mark.parametrize(
    "payload, words",
    [
        ({"foo": 1}, "not an Open-Meteo flood reply: the reply lacks 'latitude', 'longitude', 'daily'"),
        ("not a reply", "not an Open-Meteo flood reply: the reply is str, not a JSON object"),
        ([{"latitude": 15.2, "longitude": 104.9, "daily": {"time": []}}] * 5, "lacks 'daily.river_discharge'"),
    ],
)
def test_a_file_that_is_no_flood_reply_says_so(cli_db, capsys, tmp_path, payload, words):
    path = tmp_path / "glofas.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    code, out, err = _run(capsys, ["ingest", "--source", "open_meteo_flood", "--from-file", str(path)])
    assert code == 1 and words in out + err and "nan N" not in out + err
    assert _forecast_rows(cli_db) == 0


@pytest.mark.parametrize("count, words", [(1, "the reply has 1 location;"), (2, "the reply has 2 locations;")])
def test_a_reply_with_the_wrong_count_says_it_in_plural_forms(cli_db, capsys, tmp_path, count, words):
    reply = json.loads(GLOFAS.read_text(encoding="utf-8"))[:count]
    path = tmp_path / "glofas.json"
    path.write_text(json.dumps(reply), encoding="utf-8")
    code, out, err = _run(capsys, ["ingest", "--source", "open_meteo_flood", "--from-file", str(path)])
    assert code == 1 and words in out + err and "location(s)" not in out + err


def test_the_reasons_read_well_for_several_stations():
    from briefing.forecast_lines import compact_lines

    entries = [{"station_code": c, "reason": "no_rating"} for c in ("M.7", "M.11B", "E.98", "M.182")]
    line = compact_lines({"forecasts": entries}, "en")[0]
    assert "M.7, M.11B, E.98, M.182" in line and "this station" not in line
    for reason in REASONS:
        assert "this station" not in t(f"forecast.reason.{reason}", "en")
        assert "สถานีนี้" not in t(f"forecast.reason.{reason}", "th")


def test_the_first_missing_input_is_named(cli_db, capsys):
    argv = ["forecast", "--station", "M.7", "--at", "2022-09-11T08:00", "--lang", "en"]
    code, out, err = _run(capsys, argv)  # an empty database: nothing was ever fetched
    assert code == 1 and "no observed water level to anchor the forecast on" in err
    add_station(cli_db, "M.7", "100")
    add_readings(cli_db, "100", [T0 + timedelta(days=10)], [111.0])
    code, out, err = _run(capsys, argv)
    assert code == 1 and "no model discharge forecast (GloFAS) is stored yet" in err
    add_model_run(cli_db, "M.7", T0 + timedelta(days=10), (T0 + timedelta(days=10)).date(), [1100.0] * 8)
    code, out, err = _run(capsys, argv)
    assert code == 1 and "no stage–discharge rating" in err


# 6. import-rating refuses in the chosen language, with the line


@pytest.mark.parametrize(
    "text, thai, english",
    [
        (
            "station,level_m_msl,discharge_m3s\nM.7,111.3,500\nM.7,112,abc\nM.7,113,1500\nM.7,114,2500\n",
            "บรรทัด 3: discharge_m3s 'abc' ไม่ใช่ตัวเลข ไม่ได้นำเข้าข้อมูลใดๆ",
            "line 3: discharge_m3s 'abc' is not a number; nothing was imported",
        ),
        (
            "station,level_m_msl,discharge_m3s\nM.7,111.3,-500\nM.7,112,900\n",
            "บรรทัด 2: discharge_m3s -500 ต้องมากกว่า 0",
            "line 2: discharge_m3s -500 must be above 0",
        ),
        (
            "station,level_m_msl,discharge_m3s\nM.7,111.3,500\nM.7,112,900\nM.7,113,1500\n",
            "สถานี M.7: มีเพียง 3 คู่ โค้งต้องมีอย่างน้อย 4 คู่",
            "station M.7: only 3 pairs; a rating needs at least 4",
        ),
        (
            "station,level_m_msl,discharge_m3s\nM.7,113,500\nM.7,112,900\nM.7,111,1500\nM.7,114,200\n",
            "สถานี M.7: เลขชี้กำลังที่ได้คือ -",
            "station M.7: the fitted exponent is -",
        ),
        (
            "station,level_m_msl,discharge_m3s\nX.99,111.3,500\n",
            "ไม่รู้จักสถานี X.99",
            "unknown station X.99: not in the stored stations",
        ),
        ("station,level,discharge_m3s\nM.7,111,400\n", "ไม่มีคอลัมน์ level_m_msl", "is missing level_m_msl"),
    ],
)
def test_import_rating_refuses_in_thai_and_english(cli_db, capsys, tmp_path, text, thai, english):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, ["import-rating", str(path)])
    assert code == 1 and thai in err and "nothing" not in err
    code, out, err = _run(capsys, ["import-rating", str(path), "--lang", "en"])
    assert code == 1 and english in err and "; nothing was imported" in err
    code, out, err = _run(capsys, ["import-rating", str(tmp_path / "missing.csv")])
    assert code == 1 and "ไม่พบไฟล์" in err
