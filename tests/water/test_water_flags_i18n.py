"""Every flag reason the code writes has a Thai rendering; English shows the stored text."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from data_sources.thaiwater import parse_waterlevel_load  # noqa: E402
from ui.water import translate_flags  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "water" / "ubon_traps_2026_shape.json"
REASONS = [
    "no bank level (min_bank 0)",
    "no ground level (ground_level 0): % capacity not computed",
    "left/right bank (15.53/12.48) not in m MSL, using min_bank 112",
    "RID gauge-datum duplicate of M.7 (min_bank 0, level 2.04 m is not m MSL)",
    "RID gauge-datum duplicate (min_bank 0, level 2.04 m is not m MSL)",
    "timestamp 2026-10-02 09:00 UTC is in the future",
    "old row: 2,830.4 days older than the newest in the reply",
    "HII situation_level missing, class computed from bank and ground",
    "waterlevel_msl 'n/a' is not a number",
    "min_bank '999999' is a no-data value",
    "no water level in the reply",
    "no coordinates: not on the map",
    "stale: last reading 7.5 h old (was normal)",
    "no reading at this time",
    "configured bank 112.00 m used instead of the feed's 111.50 m",
    "point outside the province's district boundaries",
    "geocode district 3415 differs from the map (3401), using the map",
]


@pytest.mark.parametrize("reason", REASONS)
def test_reason_translates_to_thai_and_round_trips_in_english(reason):
    assert translate_flags(reason, "en") == reason
    thai = translate_flags(reason, "th")
    assert thai != reason and any("\u0e00" <= ch <= "\u0e7f" for ch in thai)


def test_parser_flags_all_known():
    df = parse_waterlevel_load(json.loads(FIXTURE.read_text(encoding="utf-8")), now=datetime(2026, 10, 1, 10, tzinfo=timezone.utc))
    for flags in df["flags"]:
        for reason in filter(None, flags.split("; ")):
            assert translate_flags(reason, "th") != reason, reason


def test_unknown_reason_is_kept_as_is():
    assert translate_flags("something new; no reading at this time", "th") == "something new; ไม่มีค่าระดับน้ำ ณ เวลานี้"


CODED = ["@no_class_bank", "@no_class_ground|below=1.97", "@no_class_depth|ground=100.00|bank=99.00"]


@pytest.mark.parametrize("reason", CODED)
def test_coded_flags_are_worded_by_the_catalogue_in_both_languages(reason):
    english, thai = translate_flags(reason, "en"), translate_flags(reason, "th")
    assert "@" not in english and "@" not in thai and "{" not in english + thai
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in thai) and not any("\u0e00" <= ch <= "\u0e7f" for ch in english)
    for value in (p.split("=", 1)[1] for p in reason.split("|")[1:]):
        assert value in english and value in thai


def test_cadence_is_shown_beside_the_level_in_both_languages():
    import pandas as pd

    from ui.water import station_table, with_display_columns

    df = pd.DataFrame({"station_id": ["1", "2"], "station_code": ["M.7", "MUN011"], "name_th": ["ก", "ข"], "name_en": ["", ""],
                       "situation_class": ["normal", "unknown"], "trend": ["unknown", "unknown"], "stale": [False, True],
                       "observed_at": pd.to_datetime(["2020-06-28T23:00Z", "2020-06-28T06:00Z"], utc=True), "age_s": [27000.0, 1e5],
                       "level_msl": [107.04, 109.0], "bank_msl": [112.0, 114.0], "pct_capacity": [56.6, float("nan")], "below_bank_m": [4.96, 5.0],
                       "trend_3h_cm_h": [float("nan")] * 2, "trend_24h_cm_h": [float("nan")] * 2, "is_key": [True, False], "flags": ["", ""],
                       "cadence": ["daily", "unknown"], "cadence_time": ["06:00", None], "cadence_interval_s": [86400.0, float("nan")]})
    now = datetime(2020, 6, 29, 6, 30, tzinfo=timezone.utc)
    en = with_display_columns(df, "en", now)
    assert en["cadence_text"].tolist() == ["read daily at 06:00", ""]
    assert en["level_text"].iloc[0] == "107.04 m MSL (read daily at 06:00)"
    assert en["class_label"].tolist() == ["Normal", "Stale"]   # "stale" only for the old reading
    th = with_display_columns(df, "th", now)
    assert th["cadence_text"].iloc[0] == "อ่านค่าวันละครั้ง เวลา 06:00 น." and th["class_label"].iloc[1] == "ข้อมูลเก่า"
    assert "รอบการอ่านค่า" in station_table(th, "th").columns
