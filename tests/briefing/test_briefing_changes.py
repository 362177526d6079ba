"""``domain.changes`` on two hand-made snapshots equals the table worked out by hand."""

import pandas as pd
import pytest

from domain.changes import COLUMNS, compare_snapshots, is_worsening


def _station(code, cls, level):
    return {
        "station_code": code,
        "name_th": f"สถานี {code}",
        "name_en": f"Station {code}",
        "situation_class": cls,
        "level_msl": level,
    }


def _district(code, villages=None, households=None, people=None, evac=None, done=None, overdue=(), declared=None):
    return {
        "district_code": code,
        "name_th": f"อำเภอ {code}",
        "name_en": f"District {code}",
        "affected_villages": villages,
        "affected_households": households,
        "affected_people": people,
        "evacuated_people": evac,
        "items_done": done,
        "overdue_items": list(overdue),
        "declared_zone_date": declared,
    }


BEFORE = {
    "province_code": "34",
    "stations": [_station("M.7", "normal", 110.50), _station("M.182", "high", 112.00), _station("M.5", "low", 100.0)],
    "districts": [
        _district("3401", 10, 500, 1500, 100, 3, ["a"]),
        _district("3404"),
        _district("3415", 2, 40, 120, 0, 1),
    ],
}
AFTER = {
    "province_code": "34",
    "stations": [
        _station("M.7", "high", 111.25),
        _station("M.182", "over_bank", 112.40),
        _station("M.5", "low", 100.0),
        _station("M.NEW", "high", 90.0),
    ],
    "districts": [
        _district("3401", 14, 700, 2100, 100, 5, ["a", "b", "c"], "2026-11-20"),
        _district("3404", 1, 30, 90),
        _district("3415", 2, 40, 120, 0, 1),
    ],
}

# Worked out by hand from the weights: class 100/step, level 100/m, declaration 150,
# newly overdue 30/item, villages 5, households 0.2, people 0.05, evacuees 0.1, items done 5.
EXPECTED = [
    ("district", "3401", "declaration", None, "2026-11-20", 1, 150.0),
    ("station", "M.182", "class", "high", "over_bank", 1, 100.0),
    ("station", "M.7", "class", "normal", "high", 1, 100.0),
    ("station", "M.7", "level", 110.5, 111.25, 0.75, 75.0),
    ("district", "3401", "newly_overdue", 1, 3, 2, 60.0),
    ("station", "M.182", "level", 112.0, 112.4, 0.4, 40.0),
    ("district", "3401", "households", 500.0, 700.0, 200.0, 40.0),
    ("district", "3401", "people", 1500.0, 2100.0, 600.0, 30.0),
    ("district", "3401", "villages", 10.0, 14.0, 4.0, 20.0),
    ("district", "3401", "items_done", 3.0, 5.0, 2.0, 10.0),
    ("district", "3404", "households", 0.0, 30.0, 30.0, 6.0),
    ("district", "3404", "villages", 0.0, 1.0, 1.0, 5.0),
    ("district", "3404", "people", 0.0, 90.0, 90.0, 4.5),
]


def test_compare_equals_hand_computed_table():
    got = compare_snapshots(BEFORE, AFTER)
    assert list(got.columns) == COLUMNS
    table = [(r.kind, r.code, r.measure, r.before, r.after, r.change, r.score) for r in got.itertuples()]
    assert len(table) == len(EXPECTED)
    for row, want in zip(table, EXPECTED, strict=False):
        assert row[:3] == want[:3]
        for a, b in zip(row[3:], want[3:], strict=False):
            assert a == pytest.approx(b) if isinstance(b, float) else a == b, (row, want)


def test_same_snapshot_has_no_changes():
    assert compare_snapshots(AFTER, AFTER).empty


def test_other_province_is_refused_with_both_codes():
    with pytest.raises(ValueError, match="'34'.*'40'"):
        compare_snapshots(BEFORE, {**AFTER, "province_code": "40"})


def test_unknown_class_is_not_a_step():
    before = {"province_code": "34", "stations": [_station("X", "unknown", None)], "districts": []}
    after = {"province_code": "34", "stations": [_station("X", "over_bank", 5.0)], "districts": []}
    assert compare_snapshots(before, after).empty


def test_falling_water_and_done_items_are_not_worsening():
    got = compare_snapshots(AFTER, BEFORE)
    m7 = got[(got["code"] == "M.7") & (got["measure"] == "class")].iloc[0]
    assert m7["change"] == -1 and not is_worsening(m7)
    done = pd.Series({"measure": "items_done", "change": 2})
    assert not is_worsening(done)
