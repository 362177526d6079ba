"""The display layer: small, valid, shared borders kept, cached once on disk.

Tolerances stated: between simplified districts, overlaps total under 0.05 km² and the union
differs from the full-resolution province by under 0.5% of its area with no holes; each
district's area changes by under 1%."""

from __future__ import annotations

import geopandas as gpd
import plotly.express as px
import pytest
import shapely

from auth import SYSTEM
from geo.boundaries import boundary_dir, import_boundary_file
from geo.display import (
    DEFAULT_TOLERANCE_DEG,
    FEATURE_KEY,
    boundary_attribution,
    display_districts,
    districts_geojson,
    geojson_bytes,
    simplify_districts,
    to_geojson,
)
from tests.geo.grid import square_grid

MAX_OVERLAP_KM2 = 0.05
MAX_UNION_DIFF = 0.005
MAX_DISTRICT_AREA_CHANGE = 0.01


@pytest.fixture(scope="module")
def simplified(normalised_reference):
    return simplify_districts(normalised_reference)


def test_ubon_display_layer_is_under_100_kb(normalised_reference, simplified):
    full = geojson_bytes(to_geojson(normalised_reference))
    small = geojson_bytes(to_geojson(simplified))
    assert len(full) > 40 * len(small)  # 4.4 MB even with coordinates rounded to 1e-5°
    assert len(small) <= 100_000


def test_simplified_layer_keeps_25_valid_polygons(simplified):
    assert len(simplified) == 25 and simplified["district_code"].is_unique
    assert simplified.is_valid.all()
    assert set(simplified.geom_type) <= {"Polygon", "MultiPolygon"}
    assert not simplified.geometry.is_empty.any()


def test_no_gaps_or_overlaps_beyond_the_stated_tolerance(normalised_reference, simplified):
    local = simplified.to_crs(32648)
    union = shapely.union_all(local.geometry.values)
    overlap_km2 = (local.area.sum() - union.area) / 1e6
    assert overlap_km2 < MAX_OVERLAP_KM2
    parts = [union] if union.geom_type == "Polygon" else list(union.geoms)
    assert len(parts) == 1 and len(parts[0].interiors) == 0  # no gap inside the province
    province = shapely.union_all(normalised_reference.to_crs(32648).geometry.values)
    assert union.symmetric_difference(province).area / province.area < MAX_UNION_DIFF


def test_each_district_keeps_its_area(normalised_reference, simplified):
    before = normalised_reference.to_crs(32648).area.to_numpy()
    after = simplified.to_crs(32648).area.to_numpy()
    assert (abs(after - before) / before).max() < MAX_DISTRICT_AREA_CHANGE


def test_shared_borders_stay_shared_on_the_grid():
    grid = square_grid("34", "amp").rename(columns={"amp_code": "district_code"})
    simple = simplify_districts(grid, 0.01)
    areas = shapely.area(simple.geometry.values)
    assert areas.sum() == pytest.approx(shapely.union_all(simple.geometry.values).area, rel=1e-9)
    for before, after in zip(grid.geometry, simple.geometry, strict=False):  # squares have nothing to simplify
        assert before.symmetric_difference(after).area < 1e-12


def test_display_layer_is_computed_once_and_cached(settings, tmp_path):
    assert display_districts(settings) is None and districts_geojson(settings) is None
    square_grid("34", "amp").to_file(tmp_path / "grid.geojson")
    status = import_boundary_file(settings, tmp_path / "grid.geojson", licence="test licence", actor=SYSTEM)
    first = display_districts(settings)
    cached = sorted(boundary_dir(settings).glob("display-*.geojson"))
    assert [p.name for p in cached] == [f"display-{status.sha256[:12]}-{DEFAULT_TOLERANCE_DEG}.geojson"]
    stamp = cached[0].stat().st_mtime_ns
    second = display_districts(settings)
    assert cached[0].stat().st_mtime_ns == stamp
    assert second["district_code"].tolist() == first["district_code"].tolist()
    assert second.attrs["licence"] == "test licence"
    assert second.geometry.iloc[3].equals_exact(first.geometry.iloc[3], 1e-9)
    caption_en, caption_th = boundary_attribution(second, "en"), boundary_attribution(second, "th")
    assert caption_en.startswith("District boundaries: file grid.geojson (licence test licence), as of ")
    assert caption_th.startswith("ขอบเขตอำเภอ: file grid.geojson (สัญญาอนุญาต test licence)")


def test_geojson_is_ready_for_a_choropleth_map(settings, tmp_path):
    square_grid("34", "hdx_lower").to_file(tmp_path / "grid.geojson")
    import_boundary_file(settings, tmp_path / "grid.geojson", actor=SYSTEM)
    geojson = districts_geojson(settings)
    feature = geojson["features"][8]
    assert feature["properties"] == {"district_code": "3410", "name_th": "บุณฑริก", "name_en": "Buntharik"}
    assert feature["id"] == "3410"
    values = gpd.pd.DataFrame({"district_code": ["3401", "3410"], "people": [120, 40]})
    fig = px.choropleth_map(
        values,
        geojson=geojson,
        locations="district_code",
        featureidkey=FEATURE_KEY,
        color="people",
        map_style="white-bg",
    )
    assert list(fig.data[0].locations) == ["3401", "3410"] and fig.data[0].featureidkey == FEATURE_KEY


def test_simplification_refuses_a_projected_layer(normalised_reference):
    with pytest.raises(ValueError, match="needs EPSG:4326"):
        simplify_districts(normalised_reference.to_crs(32648))


def test_simplification_needs_no_topojson(monkeypatch):
    """GEOS's coverage simplifier (shapely >= 2.1) does the work; topojson is no dependency."""
    import importlib
    import sys

    import geo.display

    monkeypatch.setitem(sys.modules, "topojson", None)  # an import of it now fails
    module = importlib.reload(geo.display)
    grid = square_grid("34", "amp").rename(columns={"amp_code": "district_code"})
    assert len(module.simplify_districts(grid, 0.01)) == len(grid)
