"""Province filter checked against the district polygons when boundaries are imported."""

from __future__ import annotations

import json

import pytest

from auth import SYSTEM
from data_sources.thaiwater import filter_province, parse_waterlevel_load
from ingest.thaiwater import check_districts
from tests.support.ci import reference_path

geo_boundaries = pytest.importorskip("geo.boundaries")


@pytest.fixture(scope="module")
def ubon_rows():
    payload = json.loads(
        reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json").read_text(encoding="utf-8")
    )
    return filter_province(parse_waterlevel_load(payload), "34", ("M.182", "M.5"))


def test_without_boundaries_the_geocode_is_used_and_said(settings, ubon_rows):
    out, note = check_districts(ubon_rows, settings, "34")
    assert out is ubon_rows and "not imported" in note


def test_points_checked_against_imported_districts(settings, ubon_rows):
    geo_boundaries.import_boundary_file(
        settings, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM
    )
    moved = ubon_rows.copy()
    moved.loc[moved["station_code"] == "WEI091", ["lat", "lon"]] = (13.75, 100.5)  # Bangkok: outside the province
    out, note = check_districts(moved, settings, "34")
    rows = out.set_index("station_code")
    assert "@outside" in rows.loc["WEI091", "flags"]
    assert rows.loc["M7", "district_code"] == "3401" and "@district_fixed|geo=3415|map=3401" in rows.loc["M7", "flags"]
    assert rows.loc["M.7", "district_code"] == "3401" and "@district_fixed" not in rows.loc["M.7", "flags"]
    assert "@outside" not in rows.loc["M.182", "flags"]  # upstream key station in Si Sa Ket: not checked
    assert len(out) == len(moved)  # nothing dropped
    assert note.startswith("1 station outside")
