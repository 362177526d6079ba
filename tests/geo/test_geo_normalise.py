"""Every schema and file format normalises to the same 25 Ubon districts; bad files fail clearly."""

from __future__ import annotations

import zipfile

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon

from geo.gazetteer import province_districts
from geo.normalise import COLUMNS, BoundaryError, normalise_districts, read_boundary_file
from tests.geo.grid import FIXTURES, square_grid
from tests.support.ci import reference_path

UBON = province_districts("34")["district_code"].tolist()
LOWER = {"ADM2_PCODE": "adm2_pcode", "ADM2_TH": "adm2_name1", "ADM2_EN": "adm2_name", "ADM1_PCODE": "adm1_pcode"}


def _zip_shapefile(gdf: gpd.GeoDataFrame, tmp_path, name: str = "tha_admbnda_adm2_rtsd"):
    folder = tmp_path / "shp"
    folder.mkdir()
    gdf.to_file(folder / f"{name}.shp", engine="pyogrio", encoding="utf-8")
    target = tmp_path / f"{name}.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for part in folder.iterdir():
            archive.write(part, part.name)
    return target


def _check_ubon(result: gpd.GeoDataFrame) -> None:
    assert result["district_code"].tolist() == UBON
    assert list(result.columns) == COLUMNS
    assert result.crs.to_epsg() == 4326
    assert result.is_valid.all()
    assert set(result.geom_type) <= {"Polygon", "MultiPolygon"}
    assert result.loc[result["district_code"] == "3410", "name_en"].item() == "Buntharik"


def _read_and_normalise(path):
    return normalise_districts(read_boundary_file(path), "34", source="test", licence="test")


def test_hdx_upper_case_geojson(reference_districts_path):
    _check_ubon(_read_and_normalise(reference_districts_path))


def test_hdx_lower_case_geopackage(reference_districts, tmp_path):
    lower = reference_districts.rename(columns=LOWER)[list(LOWER.values()) + ["geometry"]]
    lower.to_file(tmp_path / "tha_admin2.gpkg", layer="tha_admin2", driver="GPKG")
    _check_ubon(_read_and_normalise(tmp_path / "tha_admin2.gpkg"))


def test_amp_schema_from_the_second_source():
    path = reference_path("boundaries", "ubon_districts_chingchai.geojson")
    _check_ubon(_read_and_normalise(path))


def test_geoboundaries_names_only_in_a_zipped_shapefile(reference_districts, tmp_path):
    names = reference_districts.rename(columns={"ADM2_EN": "shapeName"})[["shapeName", "geometry"]]
    _check_ubon(_read_and_normalise(_zip_shapefile(names, tmp_path)))


def test_names_only_tolerates_real_variants(tmp_path):
    path = reference_path("boundaries", "ubon_districts_chingchai.geojson")
    named = gpd.read_file(path)[["amp_en", "geometry"]]  # 3410 is spelt "Boontharik" here
    assert "Boontharik" in set(named["amp_en"])
    _check_ubon(normalise_districts(named, "34", source="t", licence="t"))


def test_subdistricts_dissolve_into_their_districts():
    result = _read_and_normalise(reference_path("boundaries", "ubon_subdistricts.geojson"))
    _check_ubon(result)
    assert "219 features dissolved into 25 districts" in result.attrs["notes"]


@pytest.mark.parametrize("schema", ["hdx_upper", "hdx_lower", "amp", "geoboundaries"])
def test_each_schema_of_the_square_grid_gives_the_same_codes(schema, tmp_path):
    grid = square_grid("34", schema)
    grid.to_file(tmp_path / "grid.geojson")
    result = _read_and_normalise(tmp_path / "grid.geojson")
    _check_ubon(result)
    assert result.attrs["source"] == "test"


def test_a_projected_file_is_reprojected_to_wgs84(tmp_path):
    grid = square_grid("34", "amp")
    grid.to_crs(32648).to_file(tmp_path / "utm.gpkg", driver="GPKG")
    result = _read_and_normalise(tmp_path / "utm.gpkg")
    assert result.crs.to_epsg() == 4326
    first = result.geometry.iloc[0].bounds
    assert first == pytest.approx((104.6, 14.6, 104.7, 14.7), abs=1e-6)


def test_invalid_geometry_is_repaired_and_parts_dissolved():
    grid = square_grid("34", "amp")
    grid.loc[0, "geometry"] = Polygon([(104.6, 14.6), (104.7, 14.7), (104.7, 14.6), (104.6, 14.7)])  # a bow-tie
    extra = grid.iloc[[1]].copy()
    extra["geometry"] = [shapely.box(105.5, 14.6, 105.55, 14.65)]  # a second part of 3402
    messy = gpd.GeoDataFrame(gpd.pd.concat([grid, extra], ignore_index=True), crs="EPSG:4326")
    result = normalise_districts(messy, "34", source="t", licence="t")
    _check_ubon(result)
    assert result.geometry.iloc[1].geom_type == "MultiPolygon"
    assert any("repaired" in note for note in result.attrs["notes"])


def test_a_file_for_another_province_fails_naming_the_missing_districts():
    raw = read_boundary_file(FIXTURES / "khon_kaen_three_districts.geojson")
    with pytest.raises(BoundaryError) as info:
        normalise_districts(raw, "34", source="t", licence="t")
    message = str(info.value)
    assert "not for province 34 Ubon Ratchathani" in message and "pro_code values: 40" in message
    assert "missing 25 of 25" in message and "3410 บุณฑริก (Buntharik)" in message


def test_a_names_only_file_for_another_province_fails(tmp_path):
    grid = square_grid("40", "geoboundaries")
    with pytest.raises(BoundaryError, match=r"no feature of the file is a district of province 34.*missing 25 of 25"):
        normalise_districts(grid, "34", source="t", licence="t")


def test_a_file_missing_two_districts_lists_exactly_those():
    grid = square_grid("34", "hdx_upper")
    grid = grid[~grid["ADM2_PCODE"].isin(["TH3410", "TH3433"])]
    with pytest.raises(BoundaryError) as info:
        normalise_districts(grid, "34", source="t", licence="t")
    message = str(info.value)
    assert (
        "missing 2 of 25 districts of province 34 Ubon Ratchathani: 3410 บุณฑริก (Buntharik), 3433 น้ำขุ่น (Nam Khun)"
        in message
    )


def test_the_real_file_missing_two_districts_fails(reference_districts):
    partial = reference_districts[~reference_districts["ADM2_PCODE"].isin(["TH3401", "TH3425"])]
    with pytest.raises(BoundaryError, match=r"missing 2 of 25 .*3401 เมืองอุบลราชธานี.*3425 สิรินธร \(Sirindhorn\)"):
        normalise_districts(partial, "34", source="t", licence="t")


def test_unknown_schema_names_the_expected_columns():
    grid = square_grid("34", "amp").rename(columns={"amp_code": "code", "amp_en": "label", "amp_th": "label_th"})
    with pytest.raises(BoundaryError, match=r"no district code or name column among code.*expected ADM2_PCODE"):
        normalise_districts(grid, "34", source="t", licence="t")


def test_unreadable_inputs_are_refused(tmp_path):
    with pytest.raises(BoundaryError, match="does not exist"):
        read_boundary_file(tmp_path / "nope.geojson")
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(BoundaryError, match="not a readable zip"):
        read_boundary_file(tmp_path / "bad.zip")
    (tmp_path / "cut.geojson").write_text('{"type": "FeatureCollection", "features": [{"type": "Feat')
    with pytest.raises(BoundaryError, match="cannot read cut.geojson"):
        read_boundary_file(tmp_path / "cut.geojson")
    with zipfile.ZipFile(tmp_path / "empty.zip", "w") as archive:
        archive.writestr("readme.txt", "nothing here")
    with pytest.raises(BoundaryError, match="no .shp, .geojson or .gpkg"):
        read_boundary_file(tmp_path / "empty.zip")


def test_a_zip_of_several_levels_reads_the_adm2_one(tmp_path):
    adm2 = square_grid("34", "hdx_lower")
    adm1 = gpd.GeoDataFrame(
        {"adm1_pcode": ["TH34"], "adm1_name": ["Ubon Ratchathani"]}, geometry=[adm2.union_all()], crs="EPSG:4326"
    )
    adm1.to_file(tmp_path / "tha_admin1.geojson")
    adm2.to_file(tmp_path / "tha_admin2.geojson")
    with zipfile.ZipFile(tmp_path / "tha_admin_boundaries.geojson.zip", "w") as archive:
        archive.write(tmp_path / "tha_admin1.geojson", "tha_admin1.geojson")
        archive.write(tmp_path / "tha_admin2.geojson", "tha_admin2.geojson")
    _check_ubon(_read_and_normalise(tmp_path / "tha_admin_boundaries.geojson.zip"))


def test_a_national_file_is_read_for_the_province_only(tmp_path):
    ubon, khon_kaen = square_grid("34", "hdx_lower"), square_grid("40", "hdx_lower")
    khon_kaen["geometry"] = khon_kaen.geometry.translate(-2.0, 1.8)
    national = gpd.GeoDataFrame(gpd.pd.concat([khon_kaen, ubon], ignore_index=True), crs="EPSG:4326")
    national.to_file(tmp_path / "tha_admin2.geojson")
    assert len(read_boundary_file(tmp_path / "tha_admin2.geojson")) == 51
    only_ubon = read_boundary_file(tmp_path / "tha_admin2.geojson", "34")
    assert set(only_ubon["adm1_pcode"]) == {"TH34"} and len(only_ubon) == 25
    _check_ubon(normalise_districts(only_ubon, "34", source="t", licence="t"))
    # asked for a province the file lacks, it is read whole so the error can name what it has
    with pytest.raises(BoundaryError, match=r"its adm1_pcode values: 34, 40"):
        normalise_districts(read_boundary_file(tmp_path / "tha_admin2.geojson", "35"), "35", source="t", licence="t")
