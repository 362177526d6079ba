"""ui.vega_map: the map keeps the ground's proportions, borders are one image whose every vertex
lands on its own lon/lat and whose lines stay separate, and a map without a single located point
is refused with a reason."""

from __future__ import annotations

import math
import re
from urllib.parse import unquote

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("streamlit")
from geo.display import axis_view
from geo.outlines import Outlines
from ui.vega_map import GRID_DEG, MAX_WIDTH_PX, PAD, Colour, outline_image, point_map_spec

VIEW = {"max_width_px": MAX_WIDTH_PX, "pad": PAD}  # the station map's own


def test_view_keeps_the_ground_proportions():
    # one degree square at 60 degrees north is half as wide as it is tall on the ground
    view = axis_view(np.array([10.0, 11.0]), np.array([59.5, 60.5]), height_px=600, **VIEW)
    assert view["height"] == 600 and view["width"] == pytest.approx(600 * math.cos(math.radians(60)), abs=1)
    assert view["lon"] == pytest.approx([10.0 - PAD, 11.0 + PAD]) and view["lat"] == pytest.approx(
        [59.5 - PAD, 60.5 + PAD]
    )


def test_a_wide_area_is_capped_in_width_and_shortened():
    view = axis_view(np.array([100.0, 106.0]), np.array([15.0, 15.5]), height_px=620, max_width_px=900, pad=PAD)
    assert view["width"] == 900 and view["height"] < 620
    ratio = (view["lon"][1] - view["lon"][0]) * math.cos(math.radians(15.25)) / (view["lat"][1] - view["lat"][0])
    assert view["width"] / view["height"] == pytest.approx(ratio, rel=0.01)


def test_one_point_gets_a_small_box_around_it():
    view = axis_view(
        np.array([104.8, np.nan]), np.array([15.2, 15.0]), height_px=400, max_width_px=MAX_WIDTH_PX, pad=PAD
    )
    assert view["lon"][0] < 104.8 < view["lon"][1] and view["lat"][0] < 15.2 < view["lat"][1]


def test_no_located_point_is_refused():
    with pytest.raises(ValueError, match="at least one point with both longitude and latitude"):
        axis_view(
            np.array([np.nan, 104.0]), np.array([15.0, np.nan]), height_px=400, max_width_px=MAX_WIDTH_PX, pad=PAD
        )


def _decode(url: str) -> tuple[tuple[int, int], list[list[tuple[int, int]]]]:
    """(view box width, height) and the absolute vertices of each subpath of an outline image."""
    svg = unquote(url.removeprefix("data:image/svg+xml,"))
    box = re.search(r"viewBox='0 0 (\d+) (\d+)'", svg)
    lines = []
    for command, a, b in re.findall(r"([Ml])(-?\d+),(-?\d+)", re.search(r" d='([^']*)'", svg).group(1)):
        if command == "M":
            lines.append([(int(a), int(b))])
        else:
            x, y = lines[-1][-1]
            lines[-1].append((x + int(a), y + int(b)))
    return (int(box.group(1)), int(box.group(2))), lines


def test_outline_image_puts_every_vertex_on_its_lon_lat_and_keeps_lines_apart():
    nan = np.nan
    lon = np.array([104.1, 104.5, 104.5, nan, 105.2, 105.0, 104.8], dtype="float32")
    lat = np.array([14.5, 14.9, 14.9, nan, 15.6, 15.1, 15.3], dtype="float32")
    image = outline_image(Outlines(lon, lat))
    (width, height), lines = _decode(image.url)
    assert len(lines) == 2 and [len(line) for line in lines] == [2, 3]  # the repeated vertex is dropped, the gap kept
    # the image is stretched over [west, east] x [south, north]: one view-box unit is GRID_DEG
    assert (image.east - image.west) == pytest.approx(width * GRID_DEG) and (
        image.north - image.south
    ) == pytest.approx(height * GRID_DEG)
    drawn = [(image.west + x * GRID_DEG, image.north - y * GRID_DEG) for line in lines for x, y in line]
    wanted = [(104.1, 14.5), (104.5, 14.9), (105.2, 15.6), (105.0, 15.1), (104.8, 15.3)]
    assert np.allclose(drawn, wanted, atol=GRID_DEG)
    assert "preserveAspectRatio='none'" in unquote(image.url) and "#" not in image.url  # '#' would end a URL


def test_outlines_without_a_vertex_are_refused():
    with pytest.raises(ValueError, match="no vertex"):
        outline_image(Outlines(np.array([np.nan], dtype="float32"), np.array([np.nan], dtype="float32")))


def test_borders_share_the_points_scales_so_they_zoom_together():
    points = pd.DataFrame({"lon": [104.8], "lat": [15.2], "kind": ["a"]})
    outlines = Outlines(np.array([104.0, 105.5], dtype="float32"), np.array([14.2, 16.0], dtype="float32"))
    spec = point_map_spec(points, colour=Colour("kind", ["a"], ["#f00"], "Kind"), tooltip=[], outlines=outlines)
    borders, circles = spec["layer"]
    assert borders["mark"]["type"] == "image" and borders["mark"]["aspect"] is False and borders["mark"]["clip"] is True
    assert borders["encoding"]["x"]["scale"] == circles["encoding"]["x"]["scale"]
    assert borders["encoding"]["y"]["scale"] == circles["encoding"]["y"]["scale"]
    box = borders["data"]["values"][0]
    assert (box["west"], box["south"]) == pytest.approx((104.0, 14.2), abs=GRID_DEG) and box["north"] == pytest.approx(
        16.0
    )
    lon, lat = circles["encoding"]["x"]["scale"]["domain"], circles["encoding"]["y"]["scale"]["domain"]
    assert lon[0] < 104.0 and lon[1] > 105.5 and lat[0] < 14.2 and lat[1] > 16.0  # the view takes in the borders
    assert list(spec["datasets"]) == ["points"]


def test_points_without_coordinates_are_left_out_and_fields_kept():
    points = pd.DataFrame(
        {
            "lon": [104.8, None, 105.0],
            "lat": [15.2, 15.3, None],
            "kind": ["a", "b", "a"],
            "name": ["x", "y", "z"],
            "extra": [1, 2, 3],
        }
    )
    spec = point_map_spec(
        points, colour=Colour("kind", ["a", "b"], ["#f00", "#00f"], "Kind"), tooltip=[("name", "Name")]
    )
    shown = spec["datasets"]["points"]
    assert shown["name"].tolist() == ["x"] and list(shown.columns) == ["lon", "lat", "kind", "name"]
    assert spec["autosize"] == {"type": "pad"} and [layer["mark"]["type"] for layer in spec["layer"]] == ["circle"]
    assert spec["layer"][0]["params"][0]["bind"] == "scales"  # wheel zoom and drag pan
