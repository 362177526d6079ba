"""Issue 15's overview: key stations readable (full width, English names where the feed has
them, the age of the readings shown) and no blank column without a map; issue 16's cards."""

from datetime import UTC, datetime

import pytest

from tests.foundation.test_overview import recorded_app  # noqa: F401  (the fixture)
from tests.support.shell import through_shell  # noqa: F401  (a fixture)
from ui import overview

M7 = {"station_code": "M.7", "name_th": "สะพานเสรีประชาธิปไตย", "name_en": None, "district_code": "3401"}
OTHER = {**M7, "station_code": "M.99"}  # not a key station: no English place in config/key_stations.toml


@pytest.mark.parametrize(
    "row, lang, expected",
    [
        ({**M7, "name_en": "Mun 7"}, "en", "Mun 7"),
        (M7, "en", "Mun, Mueang Ubon Ratchathani"),  # a key station: the wall's English name (QA round, issue 18)
        ({**M7, "district_code": None}, "en", "Mun, Mueang Ubon Ratchathani"),
        (OTHER, "en", "Mueang Ubon Ratchathani · สะพานเสรีประชาธิปไตย"),
        ({**OTHER, "district_code": None}, "en", "สะพานเสรีประชาธิปไตย"),
        ({**M7, "name_en": "Mun 7"}, "th", "สะพานเสรีประชาธิปไตย"),
    ],
)
def test_station_names_are_english_where_the_feed_or_the_district_gives_it(row, lang, expected):
    assert overview.station_name(row, lang, "34") == expected


def test_the_age_said_is_the_readings_not_the_fetch():
    six = datetime(2020, 6, 28, 23, 0, tzinfo=UTC)  # 06:00 in Bangkok
    now = datetime(2020, 6, 29, 6, 30, tzinfo=UTC)  # 13:30
    rows = [{"observed": six}, {"observed": six}, {"observed": None}]
    assert overview.readings_age_text(rows, "en", now) == "Key stations read at 29 Jun 2020 06:00 (7 h ago)"
    rows.append({"observed": datetime(2020, 6, 29, 2, 0, tzinfo=UTC)})
    assert overview.readings_age_text(rows, "en", now).startswith(
        "Key stations read between 29 Jun 2020 06:00 and 29 Jun 2020 09:00"
    )
    assert overview.readings_age_text([{"observed": None}], "th", now) == "สถานีหลักยังไม่มีค่าที่อ่านได้"


def _columns(block):
    for child in getattr(block, "children", {}).values():
        if child.type == "column":
            yield child
        yield from _columns(child)


def test_key_stations_on_recorded_data_full_width_with_english_names(recorded_app, through_shell):
    at, engine, settings = recorded_app
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Read at" in d.value.columns)
    assert set(table.columns) >= {
        "Station",
        "Name",
        "Level (m)",
        "Situation",
        "Trend",
        "Forecast peak (m³/s)",
        "Read at",
    }
    names = dict(zip(table["Station"], table["Name"], strict=True))
    assert names["M.7"] == "Mun, Mueang Ubon Ratchathani"  # as the English wall names it
    assert any(c.value.startswith("Key stations read at 29 Jun 2020 06:00") for c in at.caption), [
        c.value for c in at.caption
    ]
    assert not any("Read at" in d.value.columns for col in _columns(at.main) for d in col.get("arrow_data_frame"))
    cards = [h for h in at.get("html") if "fr-card" in h.proto.body]
    assert cards and "M.7 · Mun, Mueang Ubon Ratchathani" in cards[0].proto.body


def test_without_a_map_no_column_is_left_blank(recorded_app, through_shell, monkeypatch):
    import ui.briefing

    real = ui.briefing.available_views
    monkeypatch.setattr(
        ui.briefing, "available_views", lambda snapshot, saved: [v for v in real(snapshot, saved) if v != "map"]
    )
    at, engine, settings = recorded_app
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert all(col.children for col in _columns(at.main)), "an empty column beside the key stations"
    assert any(s.value == "Impact" for s in at.subheader)
