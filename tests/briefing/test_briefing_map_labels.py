"""Map labels: readable text on every HII class colour, labels laid out without collisions,
and the deck's map labelled with the same layout (it used to pile 'M77', 'MUNB11' up)."""

import itertools

from briefing.figures import DECK_LABEL_PX, static_situation_map
from briefing.map_labels import Anchor, contrast, place_labels, text_colour, text_width
from briefing.snapshot import build_snapshot, stations_frame
from domain.situation import HII_COLOURS
from geo.display import districts_geojson
from tests.briefing.briefing_data import REPLAY_AT, replay_store


def test_text_on_every_class_colour_reads_at_4_5_to_1():
    assert contrast("#FFFFFF", HII_COLOURS["normal"]) < 4.5  # the white on HII green
    for colour in HII_COLOURS.values():
        assert contrast(text_colour(colour), colour) >= 4.5, colour


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_crowded_labels_do_not_collide():
    anchors = [Anchor(500 + 12 * (i % 3), 500 + 10 * (i // 3), f"M.{i} น้ำปกติ", 8, i < 4) for i in range(9)]
    placed = place_labels(anchors, 30, (0, 0, 1200, 1000))
    boxes = [p.box for p in placed if p is not None]
    assert all(p is not None for p in placed[:4])  # the key ones always
    assert not any(_overlap(a, b) for a, b in itertools.combinations(boxes, 2))


def test_deck_map_labels_do_not_collide(settings, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    engine = replay_store(settings)
    fig = static_situation_map(build_snapshot(engine, settings, at=REPLAY_AT), districts_geojson(settings), "th")
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    sx, sy = (1600 - 20) / (x1 - x0), (900 - 20) / (y1 - y0)
    labels = [
        a for a in fig.layout.annotations if "<br>" not in a.text and a.name != "district"
    ]  # stations (districts: below)
    assert {a.text.split()[0] for a in labels} >= {"E.98", "M.11B", "M.182", "M.5", "M.7"}
    boxes = []
    for a in labels:
        w, x = text_width(a.text, DECK_LABEL_PX), (a.x - x0) * sx
        left = x if a.xanchor == "left" else x - w if a.xanchor == "right" else x - w / 2
        top = (y1 - a.y) * sy - DECK_LABEL_PX / 2
        boxes.append((left, top, left + w, top + DECK_LABEL_PX))
    assert not any(_overlap(a, b) for a, b in itertools.combinations(boxes, 2))


def test_deck_map_district_names_and_counts_do_not_collide_with_station_labels(settings, monkeypatch):
    from briefing.figures import AREA_LABEL_PX

    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    engine = replay_store(settings)
    fig = static_situation_map(build_snapshot(engine, settings, at=REPLAY_AT), districts_geojson(settings), "th")
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    sx, sy = (1600 - 20) / (x1 - x0), (900 - 20) / (y1 - y0)
    areas = [a for a in fig.layout.annotations if a.name == "district"]
    assert any(a.text.startswith("<b>เมืองอุบลราชธานี</b> ") for a in areas)  # name and count on one line
    boxes = []
    for a in fig.layout.annotations:
        font = AREA_LABEL_PX if a.name == "district" else DECK_LABEL_PX
        text = a.text.replace("<b>", "").replace("</b>", "")
        w, x = text_width(text, font), (a.x - x0) * sx
        left = x if a.xanchor == "left" else x - w if a.xanchor == "right" else x - w / 2
        top = (y1 - a.y) * sy - font / 2
        boxes.append((left, top, left + w, top + font))
    assert not any(_overlap(a, b) for a, b in itertools.combinations(boxes, 2))


def test_deck_map_station_label_is_nearest_its_own_marker_or_has_a_leader(settings, monkeypatch):
    """'M.11B ไม่ทราบ' sat against MUN011's marker: a label read as another station's."""
    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    engine = replay_store(settings)
    snapshot = build_snapshot(engine, settings, at=REPLAY_AT)
    fig = static_situation_map(snapshot, districts_geojson(settings), "th")
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    sx, sy = (1600 - 20) / (x1 - x0), (900 - 20) / (y1 - y0)
    stations = stations_frame(snapshot).dropna(subset=["lat", "lon"])
    markers = {r.station_code: ((r.lon - x0) * sx, (y1 - r.lat) * sy) for r in stations.itertuples()}
    leaders = [(sh.x0, sh.y0) for sh in fig.layout.shapes if sh.name == "leader"]
    ambiguous = []
    for a in fig.layout.annotations:
        if a.name == "district" or "<br>" in a.text:
            continue
        code, w, x = a.text.split()[0], text_width(a.text, DECK_LABEL_PX), (a.x - x0) * sx
        left = x if a.xanchor == "left" else x - w if a.xanchor == "right" else x - w / 2
        top = (y1 - a.y) * sy - DECK_LABEL_PX / 2
        box = (left, top, left + w, top + DECK_LABEL_PX)
        own = _distance(box, *markers[code])
        nearer = [
            c for c, (mx, my) in markers.items() if (mx, my) != markers[code] and _distance(box, mx, my) < own - 0.5
        ]
        has_leader = any(
            abs((lx - x0) * sx - markers[code][0]) < 1 and abs((y1 - ly) * sy - markers[code][1]) < 1
            for lx, ly in leaders
        )
        if nearer and not has_leader:
            ambiguous.append((code, nearer))
    assert ambiguous == []


def _distance(box, x, y):
    return (max(box[0] - x, 0, x - box[2]) ** 2 + max(box[1] - y, 0, y - box[3]) ** 2) ** 0.5
