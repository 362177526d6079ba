"""ThaiWater parser: both recorded shapes, the province filter, and every known data trap."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from data_sources.errors import MissingFieldError, SourceFormatError
from data_sources.thaiwater import (
    COLUMNS,
    filter_province,
    hii_scale,
    parse_local_time,
    parse_waterlevel_graph,
    parse_waterlevel_load,
)
from domain.situation import HII_COLOURS
from tests.support.ci import reference_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "water"
NOW_2020 = datetime(2020, 6, 29, 7, 0, tzinfo=UTC)  # 14:00 Bangkok, after the recording
NOW_2026 = datetime(2026, 10, 1, 10, 0, tzinfo=UTC)  # 17:00 Bangkok


@pytest.fixture(scope="module")
def national_2020():
    return json.loads(
        reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json").read_text(encoding="utf-8")
    )


@pytest.fixture(scope="module")
def trimmed_2026():
    return json.loads(
        reference_path(
            "thaiwater", "2026", "chanasakch-flood-monitor", "fixtures", "thaiwater-waterlevel.json"
        ).read_text(encoding="utf-8")
    )


@pytest.fixture(scope="module")
def traps():
    return json.loads((FIXTURES / "ubon_traps_2026_shape.json").read_text(encoding="utf-8"))


def by_code(df):
    return df.set_index("station_code")


def test_2020_shape_all_rows_and_ubon(national_2020):
    df = parse_waterlevel_load(national_2020, now=NOW_2020)
    assert len(df) == 1230
    assert dict(df.dtypes.astype(str)) == {k: str(pd.Series(dtype=v).dtype) for k, v in COLUMNS.items()}
    ubon = filter_province(df, "34")
    assert len(ubon) == 14
    assert set(ubon["station_code"]) >= {"M.7", "M.11B", "E.98", "M7", "M179A", "E98", "MUN011", "CHI011"}
    m7 = by_code(ubon).loc["M.7"]
    assert m7["station_id"] == "2752" and m7["level_msl"] == pytest.approx(107.04) and m7["bank_msl"] == 112.0
    assert m7["ground_msl"] == pytest.approx(100.57) and m7["storage_percent"] == pytest.approx(56.61)
    assert m7["observed_at"] == datetime(2020, 6, 28, 23, 0, tzinfo=UTC)  # 06:00 Bangkok
    assert m7["district_code"] == "3401" and m7["name_th"] == "สะพานเสรีประชาธิปไตย"
    assert (m7["lat"], m7["lon"]) == (15.22355, 104.859154)


def test_upstream_key_stations_are_kept_from_another_province(national_2020):
    df = parse_waterlevel_load(national_2020, now=NOW_2020)
    kept = filter_province(df, "34", ("M.182", "M.5"))
    assert len(kept) == 16
    assert set(kept.loc[kept["province_code"] == "33", "station_code"]) == {"M.182", "M.5"}


def test_2026_shape_rows_situation_and_scale(trimmed_2026):
    df = parse_waterlevel_load(trimmed_2026, now=NOW_2026)
    assert len(df) == 50
    assert filter_province(df, "34").empty  # the trimmed 2026 file has no Ubon row
    e22b = by_code(df).loc["E.22B"]
    assert e22b["level_msl"] == pytest.approx(151.62) and e22b["discharge"] == pytest.approx(11.16)
    assert e22b["hii_situation_level"] == 1 and e22b["province_code"] == "40"
    assert df["hii_situation_level"].isna().sum() == 3
    scale = {row["term"] + row["operator"]: row["color"] for row in hii_scale(trimmed_2026)}
    assert scale["100>"] == HII_COLOURS["over_bank"] and scale["10<="] == HII_COLOURS["critically_low"]


def test_local_times_become_utc():
    assert parse_local_time("2026-10-01 16:00") == datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def test_trap_rid_duplicate_is_flagged_and_its_level_blanked(national_2020):
    ubon = by_code(filter_province(parse_waterlevel_load(national_2020, now=NOW_2020), "34"))
    for dup, twin in (("M7", "M.7"), ("E98", "E.98"), ("M179A", "M.179A")):
        assert f"@datum_duplicate|twin={twin}|" in ubon.loc[dup, "flags"]
        assert pd.isna(ubon.loc[dup, "level_msl"])
    assert "duplicate" not in ubon.loc["M.7", "flags"]


def test_trap_relative_banks_use_min_bank(traps):
    m7 = by_code(parse_waterlevel_load(traps, now=NOW_2026)).loc["M.7"]
    assert m7["bank_msl"] == 112.0 and m7["left_bank"] == pytest.approx(15.53)
    assert "@relative_bank|left=15.53|right=12.48|bank=112" in m7["flags"]


def test_trap_numbers_as_strings_and_junk(traps):
    df = by_code(parse_waterlevel_load(traps, now=NOW_2026))
    assert df.loc["M.7", "level_msl"] == pytest.approx(110.95)
    assert (
        pd.isna(df.loc["E.98", "level_msl"])
        and "@not_number|field=waterlevel_msl|value='n/a'" in df.loc["E.98", "flags"]
    )


def test_trap_old_row_and_future_timestamp(traps):
    df = by_code(parse_waterlevel_load(traps, now=NOW_2026))
    assert "@old_row|days=2830.4" in df.loc["MUN011", "flags"]
    assert df.loc["CHI011", "observed_at"] == datetime(2026, 10, 2, 9, 0, tzinfo=UTC)
    assert "@future|time=2026-10-02 09:00" in df.loc["CHI011", "flags"]
    assert "future" not in df.loc["M.7", "flags"]


def test_trap_null_or_absent_situation_level(traps):
    df = by_code(parse_waterlevel_load(traps, now=NOW_2026))
    for code in ("M.11B", "E.98"):
        assert pd.isna(df.loc[code, "hii_situation_level"])
        assert "@no_situation" in df.loc[code, "flags"]
    assert df.loc["M.7", "hii_situation_level"] == 4
    assert "@no_ground" in df.loc["M.11B", "flags"] and pd.isna(df.loc["M.11B", "ground_msl"])


def test_no_row_is_dropped(traps):
    df = parse_waterlevel_load(traps, now=NOW_2026)
    assert len(df) == len(traps["waterlevel_data"]["data"])
    assert list(filter_province(df, "34")["station_code"]) == ["M.7", "M7", "M.11B", "MUN011", "CHI011", "E.98"]


@pytest.mark.parametrize("field, where", [("waterlevel_datetime", "row"), ("waterlevel_msl", "row"), ("id", "station")])
def test_renamed_field_names_the_field(traps, field, where):
    payload = copy.deepcopy(traps)
    target = payload["waterlevel_data"]["data"][2]
    if where == "station":
        target = target["station"]
    target[field + "_renamed"] = target.pop(field)
    with pytest.raises(MissingFieldError, match=f"field '(station\\.)?{field}' is missing") as info:
        parse_waterlevel_load(payload, now=NOW_2026)
    assert info.value.field.endswith(field)


def test_unknown_shape_names_the_expected_key():
    with pytest.raises(MissingFieldError, match="waterlevel_data"):
        parse_waterlevel_load({"water": []})
    with pytest.raises(SourceFormatError, match="expected a JSON object"):
        parse_waterlevel_load([1, 2])


def test_graph_reply_parsed():
    payload = json.loads(
        reference_path(
            "thaiwater", "2026", "chanasakch-flood-monitor", "fixtures", "thaiwater-waterlevel-graph.json"
        ).read_text(encoding="utf-8")
    )
    g = parse_waterlevel_graph(payload)
    assert len(g) == 42
    assert g["observed_at"].iloc[1] == datetime(2026, 9, 29, 18, 0, tzinfo=UTC)
    assert pd.isna(g["level_msl"].iloc[0]) and g["level_msl"].iloc[1] == pytest.approx(52.9)
    del payload["data"]["graph_data"]
    with pytest.raises(MissingFieldError, match="data.graph_data"):
        parse_waterlevel_graph(payload)


def test_each_reason_is_one_item_of_the_flags_list(traps, national_2020):
    for payload, now in ((traps, NOW_2026), (national_2020, NOW_2020)):
        for flags in parse_waterlevel_load(payload, now=now)["flags"]:
            for reason in flags.split("; ") if flags else []:
                assert reason and reason == reason.strip() and ";" not in reason
