"""Boundaries in the wrong coordinates are refused, naming the cause and the bounds found
and expected (issue 14, finding 10); a declared CRS is reprojected. The fixtures are the
reference districts transformed here, never copied."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely

from auth import SYSTEM
from config import load_settings
from geo.boundaries import import_boundary_file
from geo.normalise import BoundaryError, expected_extent
from tests.support.ci import reference_path


@pytest.fixture(scope="module")
def ubon() -> gpd.GeoDataFrame:
    return gpd.read_file(reference_path("boundaries", "ubon_districts_simplified.geojson"))


def write_geojson(path, gdf: gpd.GeoDataFrame, crs_member: str | None = None):
    payload = json.loads(gdf.to_json(drop_id=True))
    payload.pop("crs", None)
    if crs_member:
        payload["crs"] = {"type": "name", "properties": {"name": crs_member}}
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def try_import(tmp_path, path):
    return import_boundary_file(load_settings({"DATA_DIR": str(tmp_path / "data")}), path, actor=SYSTEM)


def test_utm_without_a_crs_member_is_refused_as_projected_metres(tmp_path, ubon):
    path = write_geojson(tmp_path / "utm.geojson", ubon.to_crs("EPSG:32648"))
    with pytest.raises(BoundaryError) as info:
        try_import(tmp_path, path)
    message = str(info.value)
    assert "projected metres" in message and "declares no CRS" in message
    assert "bounds found" in message and "expected within 104.12, 13.96 to 105.89, 16.35" in message


def test_utm_with_its_crs_declared_is_reprojected(tmp_path, ubon):
    path = write_geojson(tmp_path / "utm_declared.geojson", ubon.to_crs("EPSG:32648"), "urn:ogc:def:crs:EPSG::32648")
    status = try_import(tmp_path, path)
    assert status.district_count == 25


def test_swapped_latitude_and_longitude_are_refused_as_swapped(tmp_path, ubon):
    swapped = ubon.set_geometry(shapely.transform(ubon.geometry.values, lambda xy: xy[:, ::-1]))
    path = write_geojson(tmp_path / "swapped.geojson", swapped)
    with pytest.raises(BoundaryError, match="latitude and longitude are swapped") as info:
        try_import(tmp_path, path)
    assert "bounds found 14.21, 104.37 to 16.10, 105.64" in str(info.value)


def test_a_layer_elsewhere_is_refused_as_elsewhere(tmp_path, ubon):
    moved = ubon.set_geometry(ubon.geometry.translate(xoff=-4.0, yoff=3.0))  # Ubon's shapes over northern Thailand
    with pytest.raises(BoundaryError, match="lies elsewhere"):
        try_import(tmp_path, write_geojson(tmp_path / "moved.geojson", moved))


def test_the_right_place_still_imports(tmp_path):
    assert try_import(tmp_path, reference_path("boundaries", "ubon_districts_simplified.geojson")).district_count == 25


def test_a_province_without_its_own_box_falls_back_to_thailand():
    west, south, east, north = expected_extent("40")
    assert (west, south, east, north) == pytest.approx((97.09, 5.36, 105.89, 20.71))
