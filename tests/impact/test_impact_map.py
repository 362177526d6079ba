"""The impact choropleth on Ubon's reference district boundaries: one trace (the geometry is
sent once), a figure within the 100 KB map budget, the class colour of each district, the
shared figure cache; the page builds its export files only on a click."""

import json

import pandas as pd
import pytest

from auth import SYSTEM
from config import load_settings
from geo.display import districts_geojson
from tests.support.ci import reference_path
from ui.impact_map import (
    NONE_COLOUR,
    PALETTE,
    ZERO_COLOUR,
    choropleth_figure,
    choropleth_map,
    district_classes,
    slim_geojson,
)

MAP_BUDGET = 100 * 1024


@pytest.fixture(scope="module")
def ubon(tmp_path_factory):
    from geo.boundaries import import_boundary_file

    folder = tmp_path_factory.mktemp("ubon")
    settings = load_settings({"DATA_DIR": str(folder), "MAP_STYLE": "white-bg"})
    import_boundary_file(settings, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM)
    geojson = districts_geojson(settings)
    assert geojson is not None and len(geojson["features"]) == 25
    return settings, geojson


def _frame(geojson) -> pd.DataFrame:
    """25 districts: one dominant (40,000 people), one without a report, one at zero, the rest
    spread from 100 to 2,200."""
    codes = sorted(f["properties"]["district_code"] for f in geojson["features"])
    values = [100.0 * (i + 1) for i in range(len(codes))]
    values[0], values[1], values[2] = 40_000.0, None, 0.0
    return pd.DataFrame({"district_code": codes, "name": [f"D{c}" for c in codes], "affected_people": values})


def _colour_of(trace, index: int) -> str:
    """The colour the stepped scale gives class ``index`` (both stops of its band agree)."""
    scale = [c for _, c in trace.colorscale]
    assert scale[2 * index] == scale[2 * index + 1]
    return scale[2 * index]


def test_one_trace_within_the_map_budget(ubon):
    _, geojson = ubon
    fig = choropleth_figure(_frame(geojson), geojson, "affected_people", "en", "white-bg")
    assert [trace.type for trace in fig.data] == ["choroplethmap"]
    spec = fig.to_json()
    assert len(spec) <= MAP_BUDGET, f"{len(spec) / 1024:.1f} KB of figure JSON"
    assert spec.count('"coordinates"') == 25  # each district's geometry once
    # the geometry the browser gets still covers the same districts, 4 decimals
    slim = slim_geojson(geojson)
    assert sorted(f["id"] for f in slim["features"]) == sorted(_frame(geojson)["district_code"])
    ring = slim["features"][0]["geometry"]["coordinates"][0]
    point = ring[0] if isinstance(ring[0][0], float) else ring[0][0]
    assert all(round(v, 4) == v for v in point)


def test_each_district_gets_its_class_colour(ubon):
    _, geojson = ubon
    frame = _frame(geojson)
    trace = choropleth_figure(frame, geojson, "affected_people", "en", "white-bg").data[0]
    colour = dict(zip(trace.locations, (_colour_of(trace, z) for z in trace.z), strict=False))
    ticks = list(trace.colorbar.ticktext)
    by_class = dict(zip(trace.locations, (ticks[z] for z in trace.z), strict=False))
    dominant, blank, zero = frame["district_code"][:3]
    assert colour[blank] == NONE_COLOUR and by_class[blank] == "no report"
    assert colour[zero] == ZERO_COLOUR and by_class[zero] == "0"
    assert (
        colour[dominant] == PALETTE[-1] and list(by_class.values()).count(by_class[dominant]) == 1
    )  # a class of its own
    rest = {by_class[c] for c in frame["district_code"][3:]}
    assert len(rest) == 4  # the other 22 districts are still told apart (natural breaks), not squeezed into one colour
    assert ticks[0] == "no report" and ticks[1] == "0" and ticks[-1].endswith("40,000")
    assert trace.zmin == -0.5 and trace.zmax == len(ticks) - 0.5


def test_classes_absent_from_the_data_are_not_in_the_legend():
    index, classes, colours = district_classes(pd.Series([5.0, 50.0, 500.0]), "th")
    assert "ไม่มีรายงาน" not in classes and "0" not in classes
    assert index == [0, 1, 2] and colours == list(PALETTE[-3:])


def test_figure_is_built_once_per_view_and_shared(ubon):
    settings, geojson = ubon
    frame = _frame(geojson)
    first = choropleth_map(settings, frame, "affected_people", "en", None)
    assert choropleth_map(settings, frame.copy(), "affected_people", "en", None) is first
    assert choropleth_map(settings, frame, "affected_people", "th", None) is not first
    changed = frame.assign(affected_people=frame["affected_people"].where(frame.index != 5, 9_999.0))
    again = choropleth_map(settings, changed, "affected_people", "en", None)
    assert again is not first
    assert json.loads(first.to_json())["data"][0]["customdata"][5] == ["600"]
    assert json.loads(again.to_json())["data"][0]["customdata"][5] == ["9,999"]


def test_no_boundaries_no_figure(tmp_path):
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    frame = pd.DataFrame({"district_code": ["3401"], "name": ["A"], "affected_people": [1.0]})
    assert choropleth_map(settings, frame, "affected_people", "en", None) is None
