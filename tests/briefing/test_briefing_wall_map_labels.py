"""The wall screen's SVG map with the real 2020 stations (the ones around Mueang stand a few
hundred metres apart): no two labels overprint ("E.98M.7ไม่ทราบ" was drawn as one), and every
station label is unambiguous: nearer its own marker than any other station's, or joined to it
by a leader line."""

import itertools
import math
import re
from html import unescape

import pytest

from briefing.map_labels import text_width
from briefing.snapshot import build_snapshot
from briefing.wall_map import wall_map_svg
from geo.display import districts_geojson
from tests.briefing.briefing_data import REPLAY_AT, replay_store

TEXT = re.compile(
    r'<text class="(?P<cls>[^"]+)"[^>]* x="(?P<x>[\d.-]+)" y="(?P<y>[\d.-]+)" text-anchor="(?P<a>\w+)" '
    r'font-size="(?P<f>[\d.]+)"[^>]*>(?P<t>[^<]*)</text>'
)
MARKER = re.compile(r'data-station="(?P<code>[^"]+)" data-x="(?P<x>[\d.-]+)" data-y="(?P<y>[\d.-]+)"')
LEADER = re.compile(r'<line class="fr-leader" data-station="(?P<code>[^"]+)"')


def _box(m):
    x, y, f = float(m["x"]), float(m["y"]), float(m["f"])
    w = text_width(unescape(m["t"]), f)
    left = {"start": x, "end": x - w, "middle": x - w / 2}[m["a"]]
    return left, y - 0.8 * f, left + w, y + 0.2 * f


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _distance(box, x, y):
    dx = max(box[0] - x, 0, x - box[2])
    dy = max(box[1] - y, 0, y - box[3])
    return math.hypot(dx, dy)


@pytest.fixture
def svg(settings, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    engine = replay_store(settings)
    return wall_map_svg(build_snapshot(engine, settings, at=REPLAY_AT), districts_geojson(settings), "th")


def test_wall_map_labels_do_not_overprint(svg):
    labels = list(TEXT.finditer(svg))
    codes = {m["t"].split()[0] for m in labels if m["cls"] == "fr-station-label"}
    assert {"E.98", "M.7"} <= codes
    boxes = [(m["t"], _box(m)) for m in labels]
    clashes = [(a[0], b[0]) for a, b in itertools.combinations(boxes, 2) if _overlap(a[1], b[1])]
    assert clashes == []


def test_every_station_label_is_nearest_its_own_marker_or_has_a_leader(svg):
    markers = {m["code"]: (float(m["x"]), float(m["y"])) for m in MARKER.finditer(svg)}
    leaders = {m["code"] for m in LEADER.finditer(svg)}
    assert {"E.98", "M.7", "M.11B"} <= set(markers)
    ambiguous = []
    for m in TEXT.finditer(svg):
        if m["cls"] != "fr-station-label":
            continue
        code, box = unescape(m["t"]).split()[0], _box(m)
        own = _distance(box, *markers[code])
        nearer = [c for c, xy in markers.items() if c != code and _distance(box, *xy) < own]
        if nearer and code not in leaders:
            ambiguous.append((code, nearer))
    assert ambiguous == []
