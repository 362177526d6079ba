"""Issue 15: a station with a level but no class is "unknown" on the English wall map and deck
map, as in Thai ("ไม่ทราบ"); "no data" said it had no reading."""

import pytest

from briefing.wall_map import station_label
from i18n import t


@pytest.mark.parametrize("lang, word", [("th", "ไม่ทราบ"), ("en", "unknown")])
def test_unknown_class_label_says_unknown_not_no_data(lang, word):
    label = station_label("M.7", "unknown", lang)
    assert label == f"M.7 {word}"
    assert "no data" not in label
    assert word.lower() in t("water.class.unknown", lang).lower()  # the map's word is the tables' word
