"""Saved briefings on SQLite and PostgreSQL; snapshots from the real stores."""

import json
from datetime import UTC, datetime

import pandas as pd
import pytest

from auth import ANONYMOUS, SYSTEM, PermissionDenied
from briefing.snapshot import build_snapshot, districts_frame, stations_frame
from domain.changes import compare_snapshots
from store.briefings import SnapshotError, latest_briefing, list_briefings, load_briefing, save_briefing
from tests.briefing.briefing_data import (
    FIRST_REPORT,
    OFFICER,
    REPLAY_AT,
    add_first_report,
    add_second_report,
    ingest_water,
    open_checklist,
    tick_list_vulnerable,
)


def test_snapshot_of_replayed_2020_water_and_impact(briefing_engine, settings):
    snap = build_snapshot(briefing_engine, settings, at=REPLAY_AT)
    json.dumps(snap, allow_nan=False)  # plain JSON, no NaN
    assert snap["province_th"] == "อุบลราชธานี"
    stations = stations_frame(snap)
    assert (
        len(stations) > 5
        and stations["situation_class"].isin(["normal", "high", "low", "critically_low", "over_bank"]).any()
    )
    assert stations["is_key"].any()
    districts = districts_frame(snap)
    assert len(districts) == 25
    mueang = districts.set_index("district_code").loc["3401"]
    assert mueang["affected_people"] == 2100 and mueang["declared_zone_date"] == "2020-06-29"
    assert [s["name"] for s in snap["shelters"]] == ["โรงเรียนบ้านท่าบ่อ"]
    sources = {s["source"]: s for s in snap["sources"]}
    # judged as of the replay time: the impact report of 07:00 is 30 min old, not "far beyond the 36 h limit"
    assert "thaiwater" in sources and not sources["impact"]["stale"] and sources["impact"]["age_s"] == 1800
    live = {s["source"]: s for s in build_snapshot(briefing_engine, settings)["sources"]}
    assert live["impact"]["stale"]  # today, the 2020 figures are far beyond the 36 h limit
    assert snap["checklist"]["name"] == "น้ำท่วมลุ่มน้ำมูล มิ.ย. 2563"
    assert (mueang["items_done"], mueang["items_total"], mueang["overdue_items"]) == (1, 15, [])
    khueang = districts.set_index("district_code").loc["3404"]
    assert khueang["overdue_items"] == ["list-vulnerable"] and khueang["pct_done"] == 0


def test_save_list_load_and_compare(engine, settings):
    ingest_water(engine, settings)
    add_first_report(engine)
    event_id = open_checklist(engine)
    first = build_snapshot(engine, settings, at=FIRST_REPORT)
    first_id = save_briefing(engine, OFFICER, first, title="เช้า 28 มิ.ย.")
    add_second_report(engine)
    tick_list_vulnerable(engine, event_id)
    second = build_snapshot(engine, settings, at=REPLAY_AT)
    second_id = save_briefing(engine, SYSTEM, second)
    listed = list_briefings(engine, "34")
    assert listed["id"].tolist() == [second_id, first_id]
    assert listed.iloc[1]["saved_by_name"] == "สมชาย ใจดี" and listed.iloc[1]["title"] == "เช้า 28 มิ.ย."
    loaded = load_briefing(engine, first_id)
    assert loaded.snapshot == first and loaded.taken_at == FIRST_REPORT
    assert latest_briefing(engine, "34").id == second_id
    assert latest_briefing(engine, "34", before=REPLAY_AT).id == first_id
    changes = compare_snapshots(loaded.snapshot, second)
    people = changes[(changes["code"] == "3401") & (changes["measure"] == "people")].iloc[0]
    assert (people["before"], people["after"], people["change"]) == (1500, 2100, 600)
    assert changes.iloc[0]["measure"] in ("declaration", "class")
    by = {(r.code, r.measure): (r.before, r.after, r.change) for r in changes.itertuples()}
    before, after, change = by[("3401", "declaration")]
    assert pd.isna(before) and (after, change) == ("2020-06-29", 1)
    assert by[("3401", "items_done")] == (0, 1, 1)
    assert by[("3404", "newly_overdue")] == (0, 1, 1)
    # province-wide items due before 00:30 on the 29th, none overdue at the first briefing
    assert by[("34", "newly_overdue")][0] == 0 and by[("34", "newly_overdue")][2] >= 1


@pytest.mark.parametrize("user", [None, ANONYMOUS])
def test_viewer_cannot_save(engine, settings, user):
    with pytest.raises(PermissionDenied):
        save_briefing(engine, user, build_snapshot(engine, settings))
    assert list_briefings(engine, "34").empty


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"version": 1}, "lacks keys"),
        (
            {
                "version": 9,
                "province_code": "34",
                "taken_at": "2020-06-29T00:00:00+00:00",
                "stations": [],
                "districts": [],
                "sources": [],
            },
            "version 9",
        ),
        (
            {
                "version": 1,
                "province_code": "34",
                "taken_at": "2020-06-29T00:00:00",
                "stations": [],
                "districts": [],
                "sources": [],
            },
            "no timezone",
        ),
        (
            {
                "version": 1,
                "province_code": "34",
                "taken_at": "2020-06-29T00:00:00+00:00",
                "stations": [{"x": float("nan")}],
                "districts": [],
                "sources": [],
            },
            "not plain JSON",
        ),
    ],
)
def test_bad_snapshot_is_refused_and_nothing_written(engine, bad, message):
    with pytest.raises(SnapshotError, match=message):
        save_briefing(engine, SYSTEM, bad, at=datetime.now(UTC))
    assert list_briefings(engine, "34").empty


def test_migration_0005_goes_down_and_up(tmp_path):
    from alembic import command
    from sqlalchemy import inspect

    from store.db import alembic_config, make_engine, migrate

    url = f"sqlite:///{tmp_path / 'mig.sqlite3'}"
    migrate(url)
    assert "briefings" in inspect(make_engine(url)).get_table_names()
    command.downgrade(alembic_config(url), "0004")
    assert "briefings" not in inspect(make_engine(url)).get_table_names()
    migrate(url)
    assert "briefings" in inspect(make_engine(url)).get_table_names()
