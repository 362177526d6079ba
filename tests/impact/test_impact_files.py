"""Impact and evacuation-centre files in each layout, CSV and XLSX, read and rolled up to
district reports; figures checked against sums done by hand from the fixture rows."""

from datetime import UTC, date, datetime

import pytest

from data_sources.errors import SourceFormatError
from data_sources.impact_files import DISTRICT_COLUMNS, EN_COLUMNS, GD027_COLUMNS, read_impact_file, read_shelter_file
from data_sources.spreadsheets import read_table
from domain.impact import FIELD_NAMES
from domain.impact_validation import validate_impact_rows
from domain.shelters import validate_shelter_rows
from tests.impact.conftest import FIXTURES, NOW
from tests.support.ci import reference_path


def _records(name):
    parsed = read_impact_file(FIXTURES / name)
    checked = validate_impact_rows(parsed.rows, parsed.level, "34", NOW)
    assert checked.ok, checked.messages("en")
    return parsed, checked.records.set_index(["district_code", "report_time"])


@pytest.mark.parametrize("name", ["en_district.csv", "en_district.xlsx"])
def test_english_layout(name):
    parsed, rec = _records(name)
    assert (parsed.layout, parsed.level) == ("en", "district")
    first = rec.loc[("3401", datetime(2022, 10, 1, 2, 0, tzinfo=UTC))]  # 09:00 Bangkok
    assert first["affected_households"] == 1200  # "1,200" with a thousands separator
    assert first["farm_rice_rai"] == pytest.approx(1500.5)
    assert first["declared_zone_date"] == date(2022, 9, 28)
    # Warin Chamrap given by English name, Khueang Nai by Thai name
    assert rec.loc[("3415", datetime(2022, 10, 1, 2, 0, tzinfo=UTC))]["affected_people"] == 1150
    assert rec.loc[("3404", datetime(2022, 10, 1, 2, 0, tzinfo=UTC))]["farm_horticulture_rai"] == 10
    assert len(rec) == 4


@pytest.mark.parametrize("name", ["ddpm_district.csv", "ddpm_district.xlsx"])
def test_ddpm_2020_2022_district_layout(name):
    parsed, rec = _records(name)
    assert (parsed.layout, parsed.level) == ("ddpm_district", "district")
    when = datetime(2022, 9, 11, 17, 0, tzinfo=UTC)  # 12/09/2565 is 12 Sep 2022, 00:00 Bangkok
    mueang = rec.loc[("3401", when)]
    assert mueang["affected_subdistricts"] == 7 and mueang["affected_villages"] == 45
    assert mueang["affected_people"] == 5200 and mueang["affected_households"] == 1730
    assert mueang["evacuated_people"] == 610 and mueang["evacuated_households"] == 205
    assert mueang["houses_destroyed"] == 3 and mueang["houses_damaged"] == 160
    assert mueang["fish_ponds"] == 20 + 3  # บ่อปลา + บ่อกุ้ง
    assert (mueang["roads_damaged"], mueang["bridges_damaged"], mueang["weirs_damaged"]) == (11, 2, 3)
    assert mueang["livestock_head"] == 640
    assert "กระชังปลา(แห่ง)" in parsed.ignored and "โรงเรียน" in parsed.ignored
    assert set(rec.index.get_level_values(0)) == {"3401", "3415", "3419"}


@pytest.mark.parametrize("name", ["gd027_village.csv", "gd027_village.xlsx"])
def test_gd027_village_rows_roll_up_to_districts(name):
    parsed, rec = _records(name)
    assert (parsed.layout, parsed.level) == ("gd027", "village")
    when = datetime(2023, 9, 19, 17, 0, tzinfo=UTC)
    mueang = rec.loc[("3401", when)]
    assert mueang["affected_people"] == 320 + 210 + 150
    assert mueang["affected_households"] == 110 + 70 + 48
    assert mueang["evacuated_people"] == 40
    assert mueang["affected_subdistricts"] == 2  # 340101 and 340104
    assert mueang["affected_villages"] == 3
    assert mueang["farm_other_rai"] == 25 + 180
    assert mueang["houses_damaged"] == 15 + 6 + 2
    assert mueang["declared_zone_date"] == date(2023, 9, 21)  # earliest of the villages' dates
    warin = rec.loc[("3415", when)]
    assert (warin["affected_people"], warin["affected_villages"], warin["declared_zone_date"]) == (95, 1, None)


def test_gd027_repeated_bare_headers_take_dictionary_units():
    parsed, rec = _records("gd027_bare_headers.csv")
    row = rec.iloc[0]
    assert parsed.layout == "gd027"
    assert (row["affected_people"], row["affected_households"]) == (260, 85)
    assert (row["evacuated_people"], row["evacuated_households"]) == (12, 4)
    assert (row["affected_subdistricts"], row["affected_villages"]) == (2, 3)


def test_thai_windows_encoding_is_read(tmp_path):
    path = tmp_path / "tis620.csv"
    path.write_bytes((FIXTURES / "ddpm_district.csv").read_text(encoding="utf-8").encode("cp874"))
    parsed = read_impact_file(path)
    assert parsed.layout == "ddpm_district" and len(parsed.rows) == 3


def test_unknown_layout_names_the_expected_headers():
    with pytest.raises(SourceFormatError) as err:
        read_impact_file(FIXTURES / "unknown_layout.csv")
    text = str(err.value)
    assert "ราษฎร(คน)" in text and "district, report_time" in text and "name, value" in text


def test_a_layout_without_district_column_is_refused(tmp_path):
    path = tmp_path / "no_district.csv"
    path.write_text("วันที่เกิดภัย,ราษฎร(คน)\n2022-10-01,5\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="district"):
        read_impact_file(path)


def test_empty_and_garbage_files_are_refused(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"\n\n")
    with pytest.raises(SourceFormatError, match="empty"):
        read_table(tmp_path / "empty.csv")
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SourceFormatError, match="cannot read"):
        read_table(tmp_path / "bad.xlsx")


def test_every_mapping_targets_a_known_column():
    known = set(FIELD_NAMES) | {
        "district",
        "district_name",
        "province",
        "province_name",
        "report_time",
        "declared_zone_date",
        "subdistrict",
        "subdistrict_name",
        "village",
        "moo",
        "municipality",
        "municipality_code",
        "community",
    }
    for table in (GD027_COLUMNS, DISTRICT_COLUMNS, EN_COLUMNS):
        assert set(table.values()) <= known, set(table.values()) - known


def test_gd027_mapping_covers_the_dictionary_figures():
    """Every people figure of DDPM's GD027 dictionary is read (the reference column list)."""
    import csv

    path = reference_path("impact", "ddpm_gd027_flood_columns.csv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    people = [f"{r['column_th']}({r['unit_th']})" for r in rows if r["group"] == "people"]
    assert people and all(name in GD027_COLUMNS for name in people), [p for p in people if p not in GD027_COLUMNS]
    for must in ("รหัสอำเภอ", "อำเภอ", "วันที่เกิดภัย", "วันที่ประกาศเขตช่วยเหลือ", "ตำบล", "หมู่ที่", "รหัสหมู่บ้าน"):
        assert must in GD027_COLUMNS and any(r["column_th"] == must for r in rows)


def test_every_reference_district_resolves_by_code_and_both_names():
    import csv

    from geo.gazetteer import resolve_district

    path = reference_path("impact", "ubon_districts_dopa.csv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 25
    for r in rows:
        assert resolve_district(r["amp_code"], "34") == r["amp_code"]
        assert resolve_district(r["name_th"], "34") == r["amp_code"]
        assert resolve_district(r["name_en"], "34") == r["amp_code"]


def test_shelter_file_good_and_bad():
    good = validate_shelter_rows(read_shelter_file(FIXTURES / "shelters.csv"), "34", NOW)
    assert good.ok, good.messages("en")
    rec = good.records.set_index("name")
    assert rec.loc["วัดหนองบัว", "district_code"] == "3401"
    assert rec.loc["ศาลาประชาคมวาริน", "district_code"] == "3415" and bool(rec.loc["ศาลาประชาคมวาริน", "medical"])
    assert rec.loc["อบต.ธาตุ", "closed_on"] == date(2022, 9, 25)
    bad = validate_shelter_rows(read_shelter_file(FIXTURES / "shelters_bad.csv"), "34", NOW)
    codes = [(p.row, p.column, p.code) for p in bad.problems]
    assert codes == [
        (2, "people_now", "negative"),
        (3, "district", "unknown_district"),
        (4, "lat", "out_of_range"),
        (4, "water", "not_flag"),
        (5, "closed_on", "closed_before_opened"),
        (7, "name", "duplicate"),
    ]
    assert bad.records.empty


def test_shelter_file_without_required_columns(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("name,district\nA,3401\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="capacity"):
        read_shelter_file(path)


def test_national_file_rows_of_other_provinces_are_skipped_not_refused():
    parsed = read_impact_file(FIXTURES / "gd027_national.csv")
    checked = validate_impact_rows(parsed.rows, parsed.level, "34", NOW)
    assert checked.skipped_other_province == 2  # Yasothon and Si Sa Ket rows
    # a row labelled Ubon whose district is Yasothon's is still an error
    assert [(p.row, p.code) for p in checked.problems] == [(5, "wrong_province")]
    fixed = parsed.rows[parsed.rows["row"] != 5]
    ok = validate_impact_rows(fixed, parsed.level, "34", NOW)
    assert ok.ok and list(ok.records["district_code"]) == ["3401"] and ok.records.iloc[0]["affected_people"] == 320
