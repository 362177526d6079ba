"""Bad input to the impact and evacuation-centre imports (issue 14, findings 8, 9, 11):
a header with no rows is a failure with a reason; '1,2,3' is not 123 and 'nan' is not 0;
figures above a plausible ceiling are refused row by row, the same on SQLite and
PostgreSQL; a file over IMPORT_MAX_ROWS is refused while it is read, before the rest."""

from __future__ import annotations

import io

import openpyxl
import pytest

import data_sources.spreadsheets as spreadsheets
from auth import User
from config import load_settings
from data_sources.impact_files import read_impact_file
from data_sources.spreadsheets import TooManyRows, read_table
from domain.impact import CEILINGS, validate_form
from domain.impact_cells import CellError, parse_count
from domain.impact_validation import validate_impact_rows
from services.impact import import_impact, import_shelters
from store.impact import read_impact_reports
from tests.impact.conftest import NOW

ADMIN = User("admin1", "Admin One", "admin")
HEADER = "district,report_time,affected_households,affected_people,evacuated_people,fish_ponds\n"


def check(text: str, province: str = "34"):
    parsed = read_impact_file(text.encode("utf-8"), "report.csv")
    return validate_impact_rows(parsed.rows, parsed.level, province, NOW)


@pytest.mark.parametrize(
    "cell, value", [("1,234", 1234), ("๑,๒๓๔", 1234), ("12,345,678", 12345678), ("", 0), ("-", 0), ("7", 7)]
)
def test_counts_as_written(cell, value):
    assert parse_count(cell) == value


@pytest.mark.parametrize("cell", ["1,2,3", "12,34", "1,2345", "nan", "NaN", "None", "inf", "1e400", "abc", "1 234"])
def test_what_is_not_a_count(cell):
    with pytest.raises(CellError) as info:
        parse_count(cell)
    assert info.value.code == "not_number"


@pytest.mark.parametrize("cell, shown", [("1,2,3", "'1,2,3' is not a number"), ("nan", "'nan' is not a number")])
def test_a_slipped_figure_is_refused_with_its_row(cell, shown):
    checked = check(HEADER + f'3401,2022-10-01 09:00,100,"{cell}",0,0\n')
    assert not checked.ok
    assert checked.messages("en") == [f"Row 2: Affected people: {shown}"] or shown in checked.messages("en")[0]
    assert checked.messages("en")[0].startswith("Row 2:")


def test_summed_columns_do_not_read_a_slip_as_a_number():
    # DDPM 2020-2022 adds fish and shrimp ponds: '1,2,3' + 4 must be reported, not 127
    text = 'อำเภอ,วันที่เกิดภัย,ราษฎร(คน),บ่อปลา(บ่อ),บ่อกุ้ง(บ่อ)\nเมืองอุบลราชธานี,2022-10-01,10,"1,2,3",4\n'
    checked = check(text)
    assert [p.code for p in checked.problems] == ["not_number"] and checked.problems[0].value == "1,2,3"


@pytest.mark.parametrize("lang, text", [("en", "headers but no data rows"), ("th", "ไม่มีแถวข้อมูล")])
def test_a_header_without_rows_is_a_failure_with_a_reason(lang, text):
    checked = check(HEADER)
    assert not checked.ok and checked.rows_read == 0
    assert text in checked.messages(lang)[0]


def test_a_national_file_without_a_row_of_the_province_is_a_failure():
    checked = check("province," + HEADER + "40,4001,2022-10-01 09:00,1,1,0,0\n")
    assert not checked.ok and checked.skipped_other_province == 1
    assert "no row is of this province" in checked.messages("en")[0]


@pytest.mark.parametrize("cell", ["3000000000", "1e20", "10,000,001"])
def test_people_above_the_ceiling_are_refused_with_the_row(cell):
    checked = check(HEADER + "3401,2022-10-01 09:00,100,100,0,0\n" + f'3415,2022-10-01 09:00,100,"{cell}",0,0\n')
    assert [(p.row, p.column, p.code) for p in checked.problems] == [(3, "affected_people", "too_large")]
    assert "at most 10,000,000" in checked.messages("en")[0] and checked.messages("en")[0].startswith("Row 3:")


def test_village_rows_may_not_add_up_beyond_the_ceiling():
    rows = "".join(f"3401,2022-10-01 09:00,1,6000000,0,0,{v}\n" for v in ("v1", "v2"))
    checked = check(HEADER.rstrip("\n") + ",village\n" + rows)
    assert [(p.row, p.code) for p in checked.problems] == [(3, "total_too_large")]


def test_the_form_refuses_figures_above_the_ceiling():
    problems = validate_form({"affected_people": 3_000_000_000, "affected_households": 1}, NOW)
    assert ("affected_people", "too_large") in [(p.column, p.code) for p in problems]
    assert "3000000000" in problems[0].message("en") and not problems[0].message("en").startswith("Row 0")


def test_ceilings_fit_the_integer_columns_of_both_databases():
    assert max(CEILINGS.values()) < 2**31 - 1


@pytest.mark.parametrize("cell", ["3000000000", "1e20"])
def test_huge_figures_are_refused_alike_on_both_databases(engine, tmp_path, cell):
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    data = (HEADER + f"3401,2022-10-01 09:00,100,{cell},0,0\n").encode()
    outcome = import_impact(engine, ADMIN, settings, data, "huge.csv", now=NOW)
    assert not outcome.ok and [p.code for p in outcome.problems] == ["too_large"]
    assert read_impact_reports(engine).empty


def test_an_empty_shelter_file_is_a_failure(tmp_path, sqlite_engine):
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    outcome = import_shelters(
        sqlite_engine, ADMIN, settings, b"name,district,capacity,people_now\n", "centres.csv", now=NOW
    )
    assert not outcome.ok and "no data rows" in outcome.problems[0].message("en")


# ---- row limit --------------------------------------------------------------------------


def report_time(i: int) -> str:
    return f"2022-10-{1 + i % 28:02d} {i // 28 % 24:02d}:00"  # distinct for up to 672 rows


def csv_bytes(rows: int) -> bytes:
    return (HEADER + "".join(f"3401,{report_time(i)},{i},{i},0,0\n" for i in range(rows))).encode()


def xlsx_bytes(rows: int) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("impact")
    sheet.append(HEADER.strip().split(","))
    for i in range(rows):
        sheet.append(["3401", report_time(i), i, i, 0, 0])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "make, name, reader", [(csv_bytes, "big.csv", "_csv_rows"), (xlsx_bytes, "big.xlsx", "_xlsx_rows")]
)
def test_a_file_over_the_row_limit_is_refused_while_it_is_read(monkeypatch, make, name, reader):
    pulled = []
    real = getattr(spreadsheets, reader)

    def counting(data):
        for row in real(data):
            pulled.append(row)
            yield row

    monkeypatch.setattr(spreadsheets, reader, counting)
    with pytest.raises(TooManyRows) as info:
        read_table(make(5000), name, max_rows=10)
    assert len(pulled) <= 12  # at most the header, ten data rows and the one that crossed the limit
    assert "more than 10 data rows" in str(info.value) and "IMPORT_MAX_ROWS" in info.value.describe("th")


@pytest.mark.parametrize("make, name", [(csv_bytes, "ok.csv"), (xlsx_bytes, "ok.xlsx")])
def test_a_file_at_the_row_limit_is_read(make, name):
    assert len(read_table(make(10), name, max_rows=10)) == 11


def test_the_import_uses_the_setting(tmp_path, sqlite_engine):
    settings = load_settings({"DATA_DIR": str(tmp_path), "IMPORT_MAX_ROWS": "3"})
    assert settings.import_max_rows == 3
    with pytest.raises(TooManyRows):
        import_impact(sqlite_engine, ADMIN, settings, csv_bytes(4), "four.csv", dry_run=True, now=NOW)
    assert import_impact(sqlite_engine, ADMIN, settings, csv_bytes(3), "three.csv", dry_run=True, now=NOW).ok


# ---- the entry page: one dry run per uploaded file -----------------------------------------


def entry_page(tmp_path, monkeypatch, max_rows: str = "50000"):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from auth import SYSTEM
    from store.db import make_engine, migrate
    from store.users import create_user, start_session
    from ui.checklists_state import AUTH_TOKEN

    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("IMPORT_MAX_ROWS", max_rows)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    user = create_user(
        engine, SYSTEM, "mueang", "Mueang", "officer", "a-long-enough-pass phrase 42", districts=("3401",)
    )
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.session_state[AUTH_TOKEN] = start_session(engine, user, 3600)
    engine.dispose()
    at.run()
    at.switch_page("pages/impact_entry.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_entry_page_checks_an_uploaded_file_once(tmp_path, monkeypatch):
    import services.impact

    reads = []
    real = services.impact.read_impact_file
    monkeypatch.setattr(services.impact, "read_impact_file", lambda *a, **k: reads.append(a[1]) or real(*a, **k))
    at = entry_page(tmp_path, monkeypatch)
    from ui import impact_state as keys

    at.file_uploader(key=keys.UPLOAD).set_value(("week.csv", csv_bytes(3), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Checked 3 rows" in s.value for s in at.success)
    at.run()
    at.selectbox(key=keys.FORM_DISTRICT).set_value("3401").run()  # unrelated reruns, file still uploaded
    assert reads == ["week.csv"]
    at.file_uploader(key=keys.UPLOAD).set_value(("week2.csv", csv_bytes(4), "text/csv")).run()
    assert reads == ["week.csv", "week2.csv"]  # another file is checked again


def test_the_entry_page_refuses_a_file_over_the_limit_in_one_line(tmp_path, monkeypatch):
    at = entry_page(tmp_path, monkeypatch, max_rows="5")
    from ui import impact_state as keys

    at.file_uploader(key=keys.UPLOAD).set_value(
        ("big.xlsx", xlsx_bytes(100), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [
        "big.xlsx has more than 5 data rows (the limit, setting IMPORT_MAX_ROWS), so it was not read further; "
        "split it, or import the district totals"
    ]
