"""Row-by-row validation messages, dates, class breaks, totals and change, safe exports."""

import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pandas as pd
import pytest

from data_sources.impact_files import read_impact_file
from domain.class_breaks import class_breaks, classify
from domain.impact import (
    FIELD_NAMES,
    add_indicators,
    change_since_previous,
    changes,
    declared_zones,
    latest_per_district,
    validate_form,
)
from domain.impact_cells import CellError, parse_count, parse_flag, parse_report_time
from domain.impact_validation import validate_impact_rows
from domain.shelters import rank_shelters
from ops.exports import export_bytes, neutralise_formulas
from tests.impact.conftest import FIXTURES, NOW

EXPECTED_BAD = [  # (row, column, code, English message fragment, Thai message fragment)
    (3, "district", "unknown_district", "unknown district 'Atlantis' in province 34", "ไม่รู้จักอำเภอ 'Atlantis'"),
    (4, "district", "wrong_province", "'3501' is a district of province 35, not of province 34", "เป็นอำเภอของจังหวัด 35"),
    (5, "affected_households", "negative", "Affected households: '-5' is negative", "ติดลบ"),
    (6, "affected_people", "not_number", "Affected people: 'many' is not a number", "ไม่ใช่ตัวเลข"),
    (
        7,
        "evacuated_people",
        "evacuated_gt_affected",
        "500 evacuated is more than the 300 affected",
        "มากกว่าผู้ได้รับผลกระทบ 300",
    ),
    (8, "district", "duplicate", "duplicates row 2", "ซ้ำกับแถว 2"),
    (9, "report_time", "future", "'2099-01-01 09:00' is in the future", "อยู่ในอนาคต"),
    (10, "report_time", "not_date", "'not a date' is not a date", "ไม่ใช่วันที่"),
]


def test_each_kind_of_bad_row_is_reported_in_both_languages():
    parsed = read_impact_file(FIXTURES / "bad_rows.csv")
    checked = validate_impact_rows(parsed.rows, parsed.level, "34", NOW)
    assert not checked.ok
    assert checked.records.empty  # nothing to write when any row is bad
    got = [(p.row, p.column, p.code) for p in checked.problems]
    assert got == [(r, c, k) for r, c, k, _, _ in EXPECTED_BAD]
    for problem, (row, _, _, english, thai) in zip(checked.problems, EXPECTED_BAD, strict=False):
        assert problem.message("en").startswith(f"Row {row}: ") and english in problem.message("en")
        assert problem.message("th").startswith(f"แถว {row}: ") and thai in problem.message("th")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2022-10-12", datetime(2022, 10, 11, 17, 0, tzinfo=UTC)),
        ("2022-10-12 14:30", datetime(2022, 10, 12, 7, 30, tzinfo=UTC)),
        ("2022-10-12T14:30:00+00:00", datetime(2022, 10, 12, 14, 30, tzinfo=UTC)),
        ("12/10/2565", datetime(2022, 10, 11, 17, 0, tzinfo=UTC)),
        ("12/10/2022 08:00", datetime(2022, 10, 12, 1, 0, tzinfo=UTC)),
        ("12 ต.ค. 2565", datetime(2022, 10, 11, 17, 0, tzinfo=UTC)),
        ("2022-10-12 00:00:00", datetime(2022, 10, 11, 17, 0, tzinfo=UTC)),  # an XLSX date cell as text
        ("44846", datetime(2022, 10, 11, 17, 0, tzinfo=UTC)),  # an Excel serial day
        ("44846.375", datetime(2022, 10, 12, 2, 0, tzinfo=UTC)),  # ... with 09:00
        ("๑๒/๑๐/๒๕๖๕", datetime(2022, 10, 11, 17, 0, tzinfo=UTC)),  # Thai digits
    ],
)
def test_report_time_formats(text, expected):
    assert parse_report_time(text) == expected


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "no_date"),
        ("31/02/2565", "not_date"),
        ("12 XYZ 2565", "not_date"),
        ("soon", "not_date"),
        ("12345", "not_date"),
    ],
)
def test_bad_report_times(text, code):
    with pytest.raises(CellError) as err:
        parse_report_time(text)
    assert err.value.code == code


@pytest.mark.parametrize(
    "text, is_float, expected",
    [
        ("", False, 0),
        ("1,234", False, 1234),
        ("12.0", False, 12),
        ("2.5", True, 2.5),
        ("-", False, 0),
        ("๑,๒๓๔", False, 1234),
    ],
)
def test_counts(text, is_float, expected):
    assert parse_count(text, is_float) == expected


@pytest.mark.parametrize(
    "text, code", [("-1", "negative"), ("abc", "not_number"), ("2.5", "not_whole"), ("inf", "not_number")]
)
def test_bad_counts(text, code):
    with pytest.raises(CellError) as err:
        parse_count(text)
    assert err.value.code == code


@pytest.mark.parametrize(
    "text, expected", [("yes", True), ("มี", True), ("1", True), ("", False), ("ไม่มี", False), ("no", False)]
)
def test_flags(text, expected):
    assert parse_flag(text) is expected


def test_class_breaks_keep_small_districts_apart_when_one_dominates():
    values = [0, 5, 8, 12, 20, 35, 50, 80, 120, 200, 50_000]
    breaks = class_breaks(values, k=5)
    assert breaks[-1] == 50_000 and breaks[-2] < 50_000  # the giant sits alone in the top class
    labels = classify(values, breaks)
    assert labels[0] == "0"
    assert len(set(labels[1:-1])) >= 3  # the ten small districts use several colours, not one
    # equal intervals would have put all ten small values in the first class
    assert all(v <= 10_000 for v in values[1:-1])


def test_class_breaks_with_few_distinct_values():
    assert class_breaks([0, 3, 3, 7]) == [3, 7]
    assert classify([0, 3, 7, None], [3, 7]) == ["0", "≤ 3", "3 – 7", "0"]
    assert class_breaks([0, 0]) == []


def test_jenks_finds_the_obvious_groups():
    assert class_breaks([1, 2, 3, 101, 102, 103, 1001, 1002], k=3) == [3, 103, 1002]


def _history():
    t1 = datetime(2022, 10, 1, 2, tzinfo=UTC)
    t2 = datetime(2022, 10, 3, 2, tzinfo=UTC)
    rows = []
    for code, when, people, zone in (
        ("3401", t1, 3600, date(2022, 9, 28)),
        ("3415", t1, 1150, None),
        ("3401", t2, 4500, date(2022, 9, 28)),
    ):
        row = dict.fromkeys(FIELD_NAMES, 0)
        row.update(
            district_code=code,
            report_time=when,
            affected_people=people,
            farm_rice_rai=10.0,
            farm_other_rai=2.5,
            declared_zone_date=zone,
        )
        rows.append(row)
    return pd.DataFrame(rows), t1, t2


def test_totals_and_change_since_previous_report_carry_unreported_districts_forward():
    history, t1, t2 = _history()
    change = change_since_previous(history).set_index("field")
    # now: 3401 at t2 (4500) + 3415 still at its t1 report (1150); before: both at t1
    assert change.loc["affected_people", "current"] == 4500 + 1150
    assert change.loc["affected_people", "previous"] == 3600 + 1150
    assert change.loc["affected_people", "change"] == 900
    latest = latest_per_district(history)
    assert list(latest["report_time"]) == [t2, t1]
    assert list(declared_zones(latest)["district_code"]) == ["3401"]


def test_change_with_a_single_report_has_no_previous():
    history, t1, _ = _history()
    change = change_since_previous(history[history["report_time"] == t1]).set_index("field")
    assert pd.isna(change.loc["affected_people", "previous"]) and change.loc["affected_people", "current"] == 4750


def test_indicators():
    history, _, _ = _history()
    flooded = pd.DataFrame({"district_code": ["3401"], "area_rai": [625.0]})
    out = add_indicators(history, flooded)
    assert list(out["farmland_rai"]) == [12.5, 12.5, 12.5]
    assert list(out["flooded_rai"]) == [625.0, 0.0, 625.0]


def test_form_checks_and_changes():
    values = dict.fromkeys(FIELD_NAMES, 0) | {
        "affected_people": 10,
        "evacuated_people": 12,
        "report_time": NOW + timedelta(days=1),
    }
    codes = [p.code for p in validate_form(values, NOW)]
    assert codes == ["evacuated_gt_affected", "future"]
    previous = dict.fromkeys(FIELD_NAMES, 0) | {"affected_people": 8, "declared_zone_date": None}
    diff = changes(previous, values | {"declared_zone_date": date(2022, 10, 1)})
    assert ("affected_people", 8, 10) in diff and ("evacuated_people", 0, 12) in diff
    assert ("declared_zone_date", None, date(2022, 10, 1)) in diff
    assert len(diff) == 3


def test_formula_injection_is_neutralised_in_csv_and_xlsx():
    frame = pd.DataFrame(
        {
            "name": ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "ok", "\t=1", "a\r=cmd|' /C calc'!A0"],
            "n": [-5, 1, 2, 3, 4, 5, 6],
        }
    )
    safe = neutralise_formulas(frame)
    assert list(safe["name"])[:6] == ['\'=HYPERLINK("http://x")', "'+1", "'-2+3", "'@SUM(A1)", "ok", "'\t=1"]
    assert list(safe["n"]) == [-5, 1, 2, 3, 4, 5, 6]  # numbers stay numbers
    back = pd.read_csv(io.BytesIO(export_bytes(frame, "csv")), encoding="utf-8-sig", dtype=str)
    assert list(back["name"]) == list(safe["name"]) and len(back) == 7  # the CR stays inside its quoted cell
    sheet = openpyxl.load_workbook(io.BytesIO(export_bytes(frame, "xlsx"))).active
    cells = [sheet.cell(row=r, column=1).value for r in range(2, 9)]
    assert all(not str(c).startswith(("=", "+", "-", "@")) for c in cells)
    assert sheet.cell(row=2, column=1).data_type == "s" and sheet.cell(row=2, column=2).value == -5


def test_shelters_ranked_by_how_full_open_first():
    centres = pd.DataFrame(
        {
            "name": ["a", "b", "c", "d"],
            "capacity": [100, 200, 0, 50],
            "people_now": [50, 190, 10, 60],
            "closed_on": [None, None, None, date(2022, 9, 1)],
        }
    )
    ranked = rank_shelters(centres, date(2022, 10, 1))
    assert list(ranked["name"]) == ["b", "a", "c", "d"]  # 95 %, 50 %, unknown capacity, then the closed one
    assert ranked.loc[0, "occupancy"] == pytest.approx(0.95)
    assert list(ranked["is_open"]) == [True, True, True, False]
