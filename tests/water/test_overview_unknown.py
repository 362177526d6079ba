"""Unknown is not zero: the overview's tiles say "–" and why when there is no water or impact
data, never "0 stations over the bank" (issue 15)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.foundation.test_overview import _station as station
from ui.overview import districts_hit, station_counts


def _station(cls, stale):
    return station(cls, "rising", stale)


def test_counts_are_unknown_without_current_water_data():
    assert station_counts({"stations": []}) == {"over_bank": None, "high": None, "rising": None, "no_current": None}
    assert station_counts({"stations": [_station("unknown", True)]}) == {
        "over_bank": None,
        "high": None,
        "rising": None,
        "no_current": 1,
    }
    assert station_counts({"stations": [_station("normal", False)]})["over_bank"] == 0  # a current reading: 0 is known


def test_districts_hit_is_unknown_before_any_report():
    empty = {
        "district_code": "3401",
        "report_time": None,
        "affected_people": None,
        "items_total": 0,
        "items_done": 0,
        "overdue_items": [],
    }
    assert districts_hit({"districts": [empty]}) is None
    assert districts_hit({"districts": [dict(empty, report_time="2026-10-01T00:00:00+00:00", affected_people=0)]}) == 0


def _headline(snapshot, lang):
    from ui.overview import render_headline

    render_headline(snapshot, lang)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_tiles_show_a_dash_and_the_reason(lang):
    snapshot = {
        "stations": [],
        "districts": [
            {
                "district_code": "3401",
                "report_time": None,
                "affected_people": None,
                "items_total": 0,
                "items_done": 0,
                "overdue_items": [],
            }
        ],
        "checklist": None,
    }
    at = AppTest.from_function(_headline, args=(snapshot, lang)).run()
    assert not at.exception
    assert [m.value for m in at.metric] == ["–"] * 6
    captions = [c.value for c in at.caption]
    expected = {
        "th": ("ยังไม่มีข้อมูลระดับน้ำ", "ยังไม่มีรายงานผลกระทบ"),
        "en": ("no water-level data yet", "no impact report yet"),
    }[lang]
    assert all(text in captions for text in expected)
