"""ui.vega_map: the map keeps the ground's proportions, borders stay separate lines, and a map
without a single located point is refused with a reason."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("streamlit")
from geo.outlines import Outlines  # noqa: E402
from ui.vega_map import PAD, Colour, map_view, outline_frame, point_map_spec  # noqa: E402


def test_view_keeps_the_ground_proportions():
    # one degree square at 60 degrees north is half as wide as it is tall on the ground
    view = map_view(np.array([10.0, 11.0]), np.array([59.5, 60.5]), height_px=600)
    assert view["height"] == 600 and view["width"] == pytest.approx(600 * math.cos(math.radians(60)), abs=1)
    assert view["lon"] == pytest.approx([10.0 - PAD, 11.0 + PAD]) and view["lat"] == pytest.approx([59.5 - PAD, 60.5 + PAD])


def test_a_wide_area_is_capped_in_width_and_shortened():
    view = map_view(np.array([100.0, 106.0]), np.array([15.0, 15.5]), height_px=620, max_width_px=900)
    assert view["width"] == 900 and view["height"] < 620
    ratio = (view["lon"][1] - view["lon"][0]) * math.cos(math.radians(15.25)) / (view["lat"][1] - view["lat"][0])
    assert view["width"] / view["height"] == pytest.approx(ratio, rel=0.01)


def test_one_point_gets_a_small_box_around_it():
    view = map_view(np.array([104.8, np.nan]), np.array([15.2, 15.0]), height_px=400)
    assert view["lon"][0] < 104.8 < view["lon"][1] and view["lat"][0] < 15.2 < view["lat"][1]


def test_no_located_point_is_refused():
    with pytest.raises(ValueError, match="at least one point with both longitude and latitude"):
        map_view(np.array([np.nan, 104.0]), np.array([15.0, np.nan]), height_px=400)


def test_outline_lines_keep_their_own_ids_and_drop_the_gaps():
    nan = np.nan
    out = Outlines(np.array([1, 2, nan, 3, 4, 5], dtype="float32"), np.array([1, 1, nan, 2, 2, 2], dtype="float32"))
    frame = outline_frame(out)
    assert frame["line"].tolist() == [0, 0, 1, 1, 1] and frame["lon"].tolist() == [1, 2, 3, 4, 5]
    assert frame["lon"].dtype == "float32" and out.lines == 2


def test_points_without_coordinates_are_left_out_and_fields_kept():
    points = pd.DataFrame({"lon": [104.8, None, 105.0], "lat": [15.2, 15.3, None], "kind": ["a", "b", "a"],
                           "name": ["x", "y", "z"], "extra": [1, 2, 3]})
    spec = point_map_spec(points, colour=Colour("kind", ["a", "b"], ["#f00", "#00f"], "Kind"), tooltip=[("name", "Name")])
    shown = spec["datasets"]["points"]
    assert shown["name"].tolist() == ["x"] and list(shown.columns) == ["lon", "lat", "kind", "name"]
    assert spec["autosize"] == {"type": "pad"} and [layer["mark"]["type"] for layer in spec["layer"]] == ["circle"]
    assert spec["layer"][0]["params"][0]["bind"] == "scales"  # wheel zoom and drag pan
