"""District outlines for a line trace: each shared border once, float32 with NaN gaps, cached
per boundary file."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import plotly.graph_objects as go
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, box

from auth import SYSTEM
from geo.boundaries import import_boundary_file
from geo.display import simplify_districts, to_geojson
from geo.outlines import clear_cache, district_outlines, outline_coords, outline_trace
from tests.geo.grid import square_grid


def _lines(outlines) -> list[np.ndarray]:
    """The NaN-separated lines as (n, 2) arrays."""
    xy = np.column_stack([outlines.lon, outlines.lat]).astype("float64")
    breaks = np.flatnonzero(np.isnan(xy[:, 0]))
    return [part[~np.isnan(part[:, 0])] for part in np.split(xy, breaks)]


def _length(outlines) -> float:
    return sum(float(np.hypot(*np.diff(line, axis=0).T).sum()) for line in _lines(outlines))


def _frame(*geoms) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"district_code": [f"34{i:02d}" for i in range(1, len(geoms) + 1)]}, geometry=list(geoms), crs="EPSG:4326"
    )


def test_a_shared_border_is_drawn_once():
    clear_cache()
    two = _frame(box(104.0, 15.0, 104.5, 15.5), box(104.5, 15.0, 105.0, 15.5))
    out = outline_coords(two)
    assert out.lon.dtype == np.float32 and out.lat.dtype == np.float32 and len(out.lon) == len(out.lat)
    # 7 half-degree edges; drawing both squares' rings would give 8
    assert _length(out) == pytest.approx(3.5, abs=1e-4)
    corners = {
        (round(float(x), 4), round(float(y), 4)) for x, y in zip(out.lon, out.lat, strict=True) if not np.isnan(x)
    }
    assert corners == {(104.0, 15.0), (104.5, 15.0), (105.0, 15.0), (104.0, 15.5), (104.5, 15.5), (105.0, 15.5)}


def test_separate_districts_are_separate_lines():
    apart = _frame(
        box(104.0, 15.0, 104.1, 15.1), MultiPolygon([box(105.0, 15.0, 105.1, 15.1), box(105.5, 15.0, 105.6, 15.1)])
    )
    out = outline_coords(apart)
    assert out.lines == 3 and int(np.isnan(out.lat).sum()) == 2
    assert not np.isnan(out.lon[0]) and not np.isnan(out.lon[-1])
    for line in _lines(out):  # each a closed square ring
        assert np.allclose(line[0], line[-1]) and len(line) == 5


def test_geojson_dict_and_geodataframe_give_the_same_outlines(three_districts):
    from_frame = outline_coords(three_districts)
    from_dict = outline_coords(json.loads(three_districts.to_json()))
    assert np.array_equal(from_frame.lon, from_dict.lon, equal_nan=True)
    assert np.array_equal(from_frame.lat, from_dict.lat, equal_nan=True)
    assert outline_coords(three_districts) is from_frame  # cached on the geometry
    assert not from_frame.lon.flags.writeable


def test_holes_are_outlined_too():
    ring = _frame(box(104.0, 15.0, 105.0, 16.0).difference(box(104.4, 15.4, 104.6, 15.6)))
    assert _length(outline_coords(ring)) == pytest.approx(4.0 + 0.8, abs=1e-4)


def test_bad_geometry_is_refused_by_name():
    with pytest.raises(ValueError, match=r"Polygon or MultiPolygon, got \['Point'\]"):
        outline_coords(_frame(Point(104.0, 15.0)))
    with pytest.raises(ValueError, match="FeatureCollection"):
        outline_coords({"type": "Feature", "geometry": None})


def test_empty_source_gives_empty_arrays():
    out = outline_coords(_frame(None))
    assert len(out.lon) == 0 and out.lines == 0


def test_outline_trace_is_a_quiet_line_trace():
    trace = outline_trace(outline_coords(_frame(box(104.0, 15.0, 104.5, 15.5))), colour="#777")
    assert (
        isinstance(trace, go.Scattermap)
        and trace.mode == "lines"
        and trace.hoverinfo == "skip"
        and trace.showlegend is False
    )
    spec = json.loads(go.Figure(trace).to_json())["data"][0]
    assert spec["lon"]["dtype"] == "f4" and spec["line"]["color"] == "#777"


def test_district_outlines_are_computed_once_per_boundary_file(settings, tmp_path):
    clear_cache()
    assert district_outlines(settings) is None
    square_grid("34", "amp").to_file(tmp_path / "grid.geojson")
    import_boundary_file(settings, tmp_path / "grid.geojson", actor=SYSTEM)
    first = district_outlines(settings)
    assert district_outlines(settings) is first
    # 25 districts in a 5x5 grid of 0.1° squares: 6 + 6 grid lines of 0.5°, each drawn once
    assert _length(first) == pytest.approx(6.0, abs=1e-3)
    moved = square_grid("34", "amp")
    moved["geometry"] = moved.geometry.translate(0.05, 0.0)
    moved.to_file(tmp_path / "moved.geojson")
    import_boundary_file(settings, tmp_path / "moved.geojson", actor=SYSTEM)
    second = district_outlines(settings)
    assert second is not first
    assert float(np.nanmin(second.lon)) == pytest.approx(float(np.nanmin(first.lon)) + 0.05, abs=1e-4)


def test_reference_outlines_cover_every_border_and_stay_small(normalised_reference):
    simple = simplify_districts(normalised_reference)
    out = outline_coords(simple)
    lines = shapely.multilinestrings([shapely.linestrings(line) for line in _lines(out)])
    borders = shapely.union_all(shapely.boundary(simple.geometry.values))
    # every border within ~1 m (float32), and nothing drawn that is not a border
    assert borders.hausdorff_distance(lines) < 2e-5
    old_style = sum(len(shapely.get_coordinates(shapely.boundary(g))) for g in simple.geometry)
    assert len(out.lon) < 0.75 * old_style
    figure_json = go.Figure(outline_trace(out)).to_json()
    assert len(figure_json) <= 45_000
    assert len(json.dumps(to_geojson(simple))) > 2 * len(figure_json)
