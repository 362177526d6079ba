"""Round 2, finding 9: the command line says its refusals in one language, DEFAULT_LANGUAGE
(Thai by default): a .csv that is not text, a header-only impact file ("no data rows", not
"1 problem in 0 rows"), boundaries in the wrong place, a damaged backup."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from geo.normalise import BoundaryError, check_extent, expected_extent
from i18n.diagnostic import say
from ops.backup import BackupError, restore_database
from store.db import migrate
from tests.ops.test_ops_one_line_failures import ROOT, manage, one_line


def _has_thai(text: str) -> bool:
    return any("\u0e00" <= c <= "\u0e7f" for c in text)


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    migrate(url)
    return {"DATABASE_URL": url}


def _header_only(tmp_path):
    path = tmp_path / "header_only.csv"
    path.write_text(
        (ROOT / "tests" / "fixtures" / "impact" / "en_district.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("lang, said", [("th", "ไม่มีแถวข้อมูล"), ("en", "has no data rows")])
def test_a_header_only_impact_file_says_it_has_no_data_rows(tmp_path, db, lang, said):
    line = one_line(manage(["import-impact", str(_header_only(tmp_path))], {**db, "DEFAULT_LANGUAGE": lang}, tmp_path))
    assert said in line and "header_only.csv" in line
    assert "0 แถว" not in line and "0 row" not in line


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_csv_that_is_not_text_is_refused_in_the_clis_language(tmp_path, db, lang):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"PK\x03\x04 not text")
    line = one_line(manage(["import-impact", str(bad)], {**db, "DEFAULT_LANGUAGE": lang}, tmp_path))
    assert "bad.csv" in line
    assert _has_thai(line) == (lang == "th"), line
    assert ("is named .csv but is not a text file" in line) == (lang == "en")


def test_the_lang_option_still_wins(tmp_path, db):
    line = one_line(
        manage(
            ["import-impact", str(_header_only(tmp_path)), "--lang", "en"], {**db, "DEFAULT_LANGUAGE": "th"}, tmp_path
        )
    )
    assert "has no data rows" in line


def _layer(west, south, east, north):
    return gpd.GeoDataFrame({"district_code": ["3401"]}, geometry=[box(west, south, east, north)], crs="EPSG:4326")


@pytest.mark.parametrize("how", ["swapped", "projected", "elsewhere"])
def test_boundary_extent_refusals_are_said_in_thai_and_english(how):
    w, s, _e, _n = expected_extent("34")
    layer = {
        "swapped": _layer(s + 0.1, w + 0.1, s + 0.2, w + 0.2),
        "projected": _layer(500000, 1600000, 510000, 1610000),
        "elsewhere": _layer(100.4, 13.6, 100.6, 13.8),
    }[how]
    with pytest.raises(BoundaryError) as info:
        check_extent(layer, "34")
    thai, english = say(info.value, "th"), say(info.value, "en")
    assert _has_thai(thai) and english == str(info.value)
    assert {"swapped": "สลับกัน", "projected": "UTM", "elsewhere": "อยู่ที่อื่น"}[how] in thai


def test_a_damaged_backup_is_refused_in_the_clis_language(tmp_path, db):
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    with pytest.raises(BackupError) as info:
        restore_database(db["DATABASE_URL"], damaged)
    assert "truncated or damaged" in str(info.value) and "ไม่ครบหรือเสียหาย" in say(info.value, "th")
    line = one_line(manage(["restore", str(damaged)], {**db, "DEFAULT_LANGUAGE": "th"}, tmp_path))
    assert line.startswith("error: กู้คืนไม่สำเร็จ: ") and "ไม่ครบหรือเสียหาย" in line
