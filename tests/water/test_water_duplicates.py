"""The gauge-datum duplicate rule across the whole 2020 national recording, and the same
station twice at the same time inside one reply (issue 15)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import numpy as np
import pytest

from data_sources.thaiwater import filter_province, normalise_code, parse_waterlevel_load
from store.water import save_waterlevels
from store.water_situation import latest_situation
from tests.support.ci import reference_path
from ui.flags import render_flags

NOW = datetime(2020, 6, 29, 7, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def payload():
    return json.loads(
        reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json").read_text(encoding="utf-8")
    )


@pytest.fixture(scope="module")
def national(payload):
    return parse_waterlevel_load(payload, now=NOW)


def _raw_levels(payload) -> dict[str, float]:
    return {
        str(r["station"]["id"]): float(r["waterlevel_msl"])
        for r in payload["data"]["data"]
        if r["waterlevel_msl"] not in (None, "")
    }


def test_no_plausible_msl_level_is_blanked(national, payload):
    raw = _raw_levels(payload)
    blanked = national[national["flags"].str.contains("@datum_duplicate|", regex=False)]
    assert len(blanked) >= 3
    by_code = national.set_index("station_code")
    for row in blanked.itertuples():
        twin = row.flags.split("@datum_duplicate|twin=")[1].split("|")[0]
        assert twin != row.station_code and normalise_code(twin) == normalise_code(
            row.station_code
        )  # a different twin, named
        twin_row = by_code.loc[[twin]].iloc[0]
        assert twin_row["level_msl"] - raw[row.station_id] > 5  # its level is far under the twin's m MSL level
        assert np.isnan(row.level_msl)
    for code in ("X.40A", "N.39"):  # Yala 13.66 m MSL over a 10.49 m ground; Uttaradit's N.39 has no twin
        row = by_code.loc[code]
        assert row["level_msl"] == pytest.approx(raw[row["station_id"]]) and "duplicate" not in row["flags"], code
    dotted = national[national["station_code"].str.contains(".", regex=False)]
    assert not dotted["flags"].str.contains("@datum_duplicate", regex=False).any()  # never a duplicate of itself


def test_same_station_twice_at_the_same_time_keeps_one_and_flags_the_other(payload, engine):
    changed = copy.deepcopy(payload)
    rows = changed["data"]["data"]
    m7 = next(r for r in rows if r["station"]["tele_station_oldcode"] == "M.7")
    again = copy.deepcopy(m7)
    again["waterlevel_msl"] = "107.30"
    rows.append(again)
    df = parse_waterlevel_load(changed, now=NOW)
    pair = df[df["station_code"] == "M.7"]
    assert len(pair) == 2  # no row is dropped
    kept = pair[~pair["flags"].str.contains("@reply_duplicate|", regex=False)]
    dropped = pair[pair["flags"].str.contains("@reply_duplicate|", regex=False)]
    assert len(kept) == 1 and len(dropped) == 1
    # the rule: the row that comes first in the reply is kept; the other names both levels
    assert kept["level_msl"].item() == pytest.approx(107.04)
    assert "@reply_duplicate|level=107.30|kept=107.04" in dropped["flags"].item()
    assert "@reply_duplicate_kept|other=107.30" in kept["flags"].item()
    # stored: the kept reading (not the last one, as before), its flag saying the reply disagreed
    save_waterlevels(engine, filter_province(df, "34"), "thaiwater", at=NOW)
    m7 = latest_situation(engine, "34", at=NOW).set_index("station_code").loc["M.7"]
    assert m7["level_msl"] == pytest.approx(107.04)
    assert "@reply_duplicate_kept|other=107.30" in m7["flags"] and "@reply_duplicate|" not in m7["flags"]
    assert render_flags(m7["flags"], "en").count("107.30") == 1
    assert "107.30" in render_flags(m7["flags"], "th")


def test_same_station_same_time_same_level_is_not_a_conflict(payload):
    changed = copy.deepcopy(payload)
    rows = changed["data"]["data"]
    rows.append(copy.deepcopy(next(r for r in rows if r["station"]["tele_station_oldcode"] == "M.7")))
    df = parse_waterlevel_load(changed, now=NOW)
    pair = df[df["station_code"] == "M.7"]
    assert (
        pair["flags"].str.contains("@reply_duplicate|", regex=False).sum() == 1
    )  # still one reading kept, the copy flagged
    assert "level=107.04|kept=107.04" in pair["flags"].str.cat()
