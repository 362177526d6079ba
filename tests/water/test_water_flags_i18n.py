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
