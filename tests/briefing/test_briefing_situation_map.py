"""The screen's situation map: only affected districts carry polygons, every border is one
light outline trace, and the figure stays under the 100 KB map budget."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest
import shapely

from auth import SYSTEM
from briefing.figures import situation_map
from briefing.snapshot import build_snapshot
from geo.boundaries import import_boundary_file
from geo.display import districts_geojson
from tests.briefing.briefing_data import FIRST_REPORT
from tests.support.ci import reference_path


def _lines(trace) -> shapely.MultiLineString:
    xy = np.column_stack([np.asarray(trace.lon, dtype="float64"), np.asarray(trace.lat, dtype="float64")])
    return shapely.multilinestrings(
        [shapely.linestrings(p[~np.isnan(p[:, 0])]) for p in np.split(xy, np.flatnonzero(np.isnan(xy[:, 0])))]
    )


def _borders(features):
    return shapely.union_all([shapely.geometry.shape(f["geometry"]).boundary for f in features])


@pytest.fixture
def snapshot_and_geojson(briefing_engine, settings):
    import_boundary_file(settings, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM)
    return build_snapshot(briefing_engine, settings, at=FIRST_REPORT), districts_geojson(settings)


def test_only_affected_districts_are_shaded_and_every_border_is_outlined(snapshot_and_geojson):
    snapshot, geojson = snapshot_and_geojson
    fig = situation_map(snapshot, geojson, "th")
    shaded = [tr for tr in fig.data if isinstance(tr, go.Choroplethmap)]
    assert len(shaded) == 1
    affected = {
        d["district_code"]: d["affected_people"] for d in snapshot["districts"] if (d.get("affected_people") or 0) > 0
    }
    assert (
        set(shaded[0].locations)
        == set(affected)
        == {f["properties"]["district_code"] for f in shaded[0].geojson["features"]}
    )
    assert dict(zip(shaded[0].locations, shaded[0].z, strict=False)) == pytest.approx(affected)
    outline = [tr for tr in fig.data if isinstance(tr, go.Scattermap) and tr.mode == "lines"]
    assert len(outline) == 1 and outline[0].showlegend is False
    drawn = _lines(outline[0])
    assert len(geojson["features"]) == 25
    rest = [f for f in geojson["features"] if f["properties"]["district_code"] not in affected]
    assert (
        _borders(rest).hausdorff_distance(drawn) < 2e-5
    )  # the unaffected districts' borders (float32: ~1 m), nothing else
    everything = shapely.union_all(
        [drawn, _borders([f for f in geojson["features"] if f["properties"]["district_code"] in affected])]
    )
    assert _borders(geojson["features"]).hausdorff_distance(everything) < 2e-5  # with the shaded ones, every border
    coords = shapely.get_coordinates(shapely.geometry.shape(shaded[0].geojson["features"][0]["geometry"]))
    assert np.allclose(coords, np.round(coords, 4)) and shaded[0].marker.line.width == 1.2
    stations = [tr for tr in fig.data if isinstance(tr, go.Scattermap) and tr.mode == "markers+text"]
    assert stations and fig.data.index(outline[0]) < fig.data.index(stations[0])  # borders under the stations


def test_screen_map_is_under_the_map_budget(snapshot_and_geojson):
    snapshot, geojson = snapshot_and_geojson
    fig = situation_map(snapshot, geojson, "en")
    assert len(fig.to_json()) <= 100_000
    assert len(fig.to_json()) < len(json.dumps(geojson))  # less than the district polygons alone


def test_every_district_affected_means_no_extra_outline_and_still_in_budget(snapshot_and_geojson):
    snapshot, geojson = snapshot_and_geojson
    flooded = {
        **snapshot,
        "districts": [{**d, "affected_people": 100 + i} for i, d in enumerate(snapshot["districts"])],
    }
    assert len(flooded["districts"]) == 25
    fig = situation_map(flooded, geojson, "th")
    assert len([tr for tr in fig.data if isinstance(tr, go.Choroplethmap)][0].geojson["features"]) == 25
    assert not [tr for tr in fig.data if isinstance(tr, go.Scattermap) and tr.mode == "lines"]
    assert len(fig.to_json()) <= 100_000


def test_no_affected_district_means_outlines_only(snapshot_and_geojson):
    snapshot, geojson = snapshot_and_geojson
    quiet = {**snapshot, "districts": [{**d, "affected_people": 0} for d in snapshot["districts"]]}
    fig = situation_map(quiet, geojson, "th")
    assert not [tr for tr in fig.data if isinstance(tr, go.Choroplethmap)]
    assert [tr for tr in fig.data if isinstance(tr, go.Scattermap) and tr.mode == "lines"]
