"""Flags are stored as codes with parameters and worded by the catalogue in Thai and English;
a reason the catalogue does not know (text stored before issue 17) is shown as stored."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import domain.flags as flags_module
from data_sources.thaiwater import parse_waterlevel_load
from data_sources.thaiwater_rain import parse_rain_24h
from domain.flags import coded_flag, parse_flag, split_flags
from domain.situation import assess_stations
from ui.flags import render_flags

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "water" / "ubon_traps_2026_shape.json"
RAIN = Path(__file__).resolve().parents[1] / "fixtures" / "rain" / "rain24h_2026_shape.json"
THAI = re.compile("[\u0e00-\u0e7f]")


def _written_codes() -> set[str]:
    """Every code the code base passes to coded_flag (a literal first argument), from its source."""
    found = set()
    for path in [
        *ROOT.glob("data_sources/*.py"),
        *ROOT.glob("domain/*.py"),
        *ROOT.glob("ingest/*.py"),
        *ROOT.glob("store/*.py"),
    ]:
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'coded_flag\(\s*f?"([a-z_{}]+)"', text))
        found |= {
            getattr(flags_module, name) for name in re.findall(r"coded_flag\(([A-Z_]+)", text)
        }  # a code named by a constant
    return (
        {c.replace("{noun}", n) for c in found for n in ("row", "reading")}
        if any("{noun}" in c for c in found)
        else found
    )


def _both(reason: str) -> tuple[str, str]:
    return render_flags(reason, "en"), render_flags(reason, "th")


def test_the_code_writes_codes_the_catalogue_words():
    codes = _written_codes()
    assert {"datum_duplicate", "stale", "no_reading", "outside", "configured_bank", "not_number"} <= codes
    for code in sorted(codes):
        english, thai = _both(coded_flag(code))
        assert "@" not in english and THAI.search(thai) and not THAI.search(english), code


def test_parameters_appear_in_both_languages():
    reason = coded_flag("datum_duplicate", twin="M.7", level="2.04")
    english, thai = _both(reason)
    assert english == "RID gauge-datum duplicate of M.7 (min_bank 0, level 2.04 m is not m MSL)"
    assert "M.7" in thai and "2.04" in thai


def test_an_age_and_a_class_are_worded_in_the_language():
    english, thai = _both(coded_flag("stale", hours="9600.0", was="high"))
    assert english == "stale: last reading 400.0 days old (was High)"
    assert "400.0 วัน" in thai and "ชม." not in thai and "high" not in thai
    assert render_flags(coded_flag("stale", hours="7.5", was="normal"), "th").count("7.5 ชม.") == 1


@pytest.mark.parametrize(
    "legacy", ["RID gauge-datum duplicate of M.7 (min_bank 0, level 2.04 m is not m MSL)", "something new"]
)
def test_unknown_text_is_shown_as_stored(legacy):
    assert render_flags(f"{legacy}; @no_reading", "th") == f"{legacy}; ไม่มีค่าระดับน้ำ ณ เวลานี้"


def test_a_value_cannot_break_the_list_or_the_flag():
    reason = coded_flag("not_number", field="waterlevel_msl", value="'1|2; 3'")
    assert split_flags(reason) == [reason] and parse_flag(reason) == (
        "not_number",
        {"field": "waterlevel_msl", "value": "'1/2, 3'"},
    )


def test_every_flag_the_parsers_and_the_situation_write_is_coded_and_known():
    water = parse_waterlevel_load(
        json.loads(FIXTURE.read_text(encoding="utf-8")), now=datetime(2026, 10, 1, 10, tzinfo=UTC)
    )
    rain = parse_rain_24h(json.loads(RAIN.read_text(encoding="utf-8")), now=datetime(2026, 10, 1, 9, tzinfo=UTC))
    latest = pd.DataFrame(
        {
            "station_id": ["a", "b"],
            "level_msl": [np.nan, 105.0],
            "bank_msl": [112.0, 112.0],
            "ground_msl": [100.0, 100.0],
            "observed_at": [pd.NaT, pd.Timestamp("2026-09-30T00:00Z")],
            "flags": ["", ""],
        }
    )
    history = pd.DataFrame({"station_id": [], "observed_at": [], "level_msl": []})
    situation = assess_stations(latest, history, datetime(2026, 10, 1, 10, tzinfo=UTC), 3 * 3600)
    reasons = [r for df in (water, rain, situation) for text in df["flags"] for r in split_flags(text)]
    assert len(reasons) > 8
    for reason in reasons:
        english, thai = _both(reason)
        assert reason.startswith("@") and english != reason and THAI.search(thai), reason


def test_cadence_is_shown_beside_the_level_in_both_languages():
    import pandas as pd

    from ui.water import station_table, with_display_columns

    df = pd.DataFrame(
        {
            "station_id": ["1", "2"],
            "station_code": ["M.7", "MUN011"],
            "name_th": ["ก", "ข"],
            "name_en": ["", ""],
            "situation_class": ["normal", "unknown"],
            "trend": ["unknown", "unknown"],
            "stale": [False, True],
            "observed_at": pd.to_datetime(["2020-06-28T23:00Z", "2020-06-28T06:00Z"], utc=True),
            "age_s": [27000.0, 1e5],
            "level_msl": [107.04, 109.0],
            "bank_msl": [112.0, 114.0],
            "pct_capacity": [56.6, float("nan")],
            "below_bank_m": [4.96, 5.0],
            "trend_3h_cm_h": [float("nan")] * 2,
            "trend_24h_cm_h": [float("nan")] * 2,
            "is_key": [True, False],
            "flags": ["", ""],
            "cadence": ["daily", "unknown"],
            "cadence_time": ["06:00", None],
            "cadence_interval_s": [86400.0, float("nan")],
        }
    )
    now = datetime(2020, 6, 29, 6, 30, tzinfo=UTC)
    en = with_display_columns(df, "en", now)
    assert en["cadence_text"].tolist() == ["read daily at 06:00", ""]
    assert en["level_text"].iloc[0] == "107.04 m MSL (read daily at 06:00)"
    assert en["class_label"].tolist() == ["Normal", "Stale"]  # "stale" only for the old reading
    th = with_display_columns(df, "th", now)
    assert th["cadence_text"].iloc[0] == "อ่านค่าวันละครั้ง เวลา 06:00 น." and th["class_label"].iloc[1] == "ข้อมูลเก่า"
    assert "รอบการอ่านค่า" in station_table(th, "th").columns
