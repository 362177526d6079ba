"""Joins on hand-drawn squares (hand-computed answers) and on the real districts."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.joins import (
    CRSMismatchError,
    district_areas,
    points_to_districts,
    polygons_to_districts,
    province_outline,
    utm_epsg,
)
from tests.support.ci import reference_path

KM = 1000.0


@pytest.fixture
def utm_squares() -> gpd.GeoDataFrame:
    """Three 10 km squares drawn in UTM 48N near Ubon, given to the joins in EPSG:4326."""
    x0, y0 = 500_000.0, 1_680_000.0
    squares = {
        "3401": box(x0, y0, x0 + 10 * KM, y0 + 10 * KM),
        "3415": box(x0 + 10 * KM, y0, x0 + 20 * KM, y0 + 10 * KM),
        "3424": box(x0, y0 - 10 * KM, x0 + 10 * KM, y0),
    }
    gdf = gpd.GeoDataFrame({"district_code": list(squares)}, geometry=list(squares.values()), crs=32648)
    return gdf.to_crs(4326)


def test_points_go_to_their_square_and_outside_points_are_flagged(three_districts):
    points = gpd.GeoDataFrame(
        {"station": ["a", "b", "c", "far"]},
        geometry=[Point(104.85, 15.25), Point(104.95, 15.25), Point(104.85, 15.15), Point(100.5, 13.7)],
        crs="EPSG:4326",
    )
    out = points_to_districts(points, three_districts)
    assert out["district_code"].iloc[:3].tolist() == ["3401", "3415", "3424"]
    assert pd.isna(out["district_code"].iloc[3])
    assert out["in_province"].tolist() == [True, True, True, False]
    assert out["station"].tolist() == ["a", "b", "c", "far"]


@pytest.mark.parametrize(
    "point, expected",
    [
        (Point(104.9, 15.25), "3401"),
        (Point(104.9, 15.2), "3401"),
        (Point(104.85, 15.2), "3401"),
        (Point(105.0, 15.25), "3415"),
    ],
)
def test_a_point_on_a_border_goes_to_exactly_one_district(three_districts, point, expected):
    points = gpd.GeoDataFrame({"station": ["border"]}, geometry=[point], crs="EPSG:4326")
    out = points_to_districts(points, three_districts)
    assert len(out) == 1
    assert out["district_code"].tolist() == [expected] and bool(out["in_province"].iloc[0])


def test_crs_problems_are_named(three_districts):
    points = gpd.GeoDataFrame({"s": ["a"]}, geometry=[Point(104.85, 15.25)], crs="EPSG:4326")
    with pytest.raises(CRSMismatchError, match=r"points is in EPSG:32648 but districts is in EPSG:4326"):
        points_to_districts(points.to_crs(32648), three_districts)
    with pytest.raises(CRSMismatchError, match="points has no CRS"):
        points_to_districts(points.set_crs(None, allow_override=True), three_districts)
    with pytest.raises(CRSMismatchError, match=r"extent is in EPSG:32648 but districts is in EPSG:4326"):
        polygons_to_districts(points.to_crs(32648), three_districts)


def test_overlay_areas_equal_the_hand_computed_squares(utm_squares):
    x0, y0 = 500_000.0, 1_680_000.0
    # 6 km x 3 km straddling 3401|3415 (3 km + 3 km wide), and a 2 km x 2 km square half outside 3424.
    flood = gpd.GeoDataFrame(
        geometry=[
            box(x0 + 7 * KM, y0 + 2 * KM, x0 + 13 * KM, y0 + 5 * KM),
            box(x0 - 1 * KM, y0 - 5 * KM, x0 + 1 * KM, y0 - 3 * KM),
            box(x0 + 7 * KM, y0 + 2 * KM, x0 + 8 * KM, y0 + 3 * KM),
        ],  # overlaps the first: counted once
        crs=32648,
    ).to_crs(4326)
    areas = polygons_to_districts(flood, utm_squares).set_index("district_code")
    assert areas["area_km2"].to_dict() == pytest.approx({"3401": 9.0, "3415": 9.0, "3424": 2.0}, rel=1e-6)
    assert areas.loc["3424", "area_rai"] == pytest.approx(2.0 * 1e6 / 1600, rel=1e-6)
    assert list(areas.columns) == ["area_km2", "area_rai"]


def test_no_flood_gives_zero_for_every_district(utm_squares):
    empty = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
    areas = polygons_to_districts(empty, utm_squares)
    assert areas["district_code"].tolist() == ["3401", "3415", "3424"] and (areas["area_km2"] == 0).all()


def test_utm_zone_follows_longitude(utm_squares, three_districts):
    assert utm_epsg(three_districts) == 32648
    west = gpd.GeoDataFrame({"district_code": ["5001"]}, geometry=[box(98.9, 18.7, 99.0, 18.8)], crs="EPSG:4326")
    assert utm_epsg(west) == 32647


def test_a_whole_district_as_extent_gives_its_own_area(normalised_reference):
    buntharik = normalised_reference[normalised_reference["district_code"] == "3410"]
    areas = polygons_to_districts(buntharik[["geometry"]], normalised_reference).set_index("district_code")
    own = district_areas(normalised_reference).set_index("district_code")
    assert areas.loc["3410", "area_km2"] == pytest.approx(own.loc["3410", "area_km2"], rel=0.005)
    assert own.loc["3410", "area_km2"] == pytest.approx(1463.8, rel=0.005)  # PROVENANCE table, EPSG:32648
    neighbours = areas.drop(index="3410")["area_km2"]
    assert neighbours.max() < 0.01  # shared borders only touch


def test_province_outline_is_the_union(normalised_reference):
    outline = province_outline(normalised_reference)
    assert len(outline) == 1 and outline["district_count"].item() == 25
    reference = gpd.read_file(reference_path("boundaries", "ubon_province.geojson"))
    ours, theirs = outline.to_crs(32648).area.item(), reference.to_crs(32648).area.item()
    assert ours / 1e6 == pytest.approx(15_470.8, rel=0.001)
    assert ours == pytest.approx(theirs, rel=1e-4)


def test_outline_of_the_hand_squares(three_districts):
    outline = province_outline(three_districts).geometry.item()
    assert outline.area == pytest.approx(0.03) and outline.bounds == pytest.approx((104.8, 15.1, 105.0, 15.3))
