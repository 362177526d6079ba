"""The forecast in the briefing: "what changed" says when a forecast bank crossing moved by a
day or more; the snapshot keeps one summary per key station (from the stored season through
services.forecast), and the wall and the deck say its sentence in Thai and English."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from briefing.deck import deck_content
from briefing.forecast_lines import forecast_entries, forecast_lines
from briefing.tables import changes_table
from briefing.wall import view_html
from domain.changes import compare_snapshots, is_worsening
from domain.forecast_text import forecast_summary
from domain.stations import key_station_map
from i18n import t
from tests.forecast_ui.stored import LAST, store_m7_season
from tests.forecast_ui.values import forecast, refused

M7 = key_station_map("34")["M.7"]
STATIONS = [{"station_code": "M.7", "name_th": "สะพานเสรีประชาธิปไตย", "name_en": None}]


def snapshot(*summaries) -> dict:
    return {"province_code": "34", "stations": STATIONS, "districts": [], "forecasts": list(summaries)}


def crossing_on(day: int) -> dict:
    """M.7 at 110.6 m, its forecast above the 112.00 m bank from ``day`` Oct 2022."""
    levels = [111.0] * (day - 8) + [112.4, 112.8]
    return forecast_summary(forecast(levels, now=110.6), M7)


def test_a_crossing_two_days_sooner_is_a_worsening_change():
    changes = compare_snapshots(snapshot(crossing_on(12)), snapshot(crossing_on(10)))
    row = changes[changes["measure"] == "forecast_crossing"].iloc[0]
    assert (row["code"], row["before"], row["after"], row["change"]) == ("M.7", "2022-10-12", "2022-10-10", -2)
    assert is_worsening(row) and row["score"] == 80.0
    later = compare_snapshots(snapshot(crossing_on(10)), snapshot(crossing_on(11)))
    assert not is_worsening(later.iloc[0]) and later.iloc[0]["change"] == 1


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_changes_table_words_the_move(lang):
    table = changes_table(compare_snapshots(snapshot(crossing_on(12)), snapshot(crossing_on(10))), lang)
    row = table.iloc[0].tolist()
    assert t("briefing.measure.forecast_crossing", lang) in row
    assert ("12 ต.ค. 2565" if lang == "th" else "12 Oct 2022") in row
    assert ("10 ต.ค. 2565" if lang == "th" else "10 Oct 2022") in row
    assert t("briefing.change_days", lang, n=-2) in row


def test_the_same_day_or_no_crossing_on_one_side_is_no_change():
    assert compare_snapshots(snapshot(crossing_on(10)), snapshot(crossing_on(10))).empty
    assert compare_snapshots(snapshot(), snapshot(crossing_on(10))).empty  # nothing to compare with
    gone = forecast_summary(refused("no_model_forecast", code="M.7"), M7)
    assert compare_snapshots(snapshot(crossing_on(10)), snapshot(gone)).empty


def test_the_snapshot_keeps_the_stored_forecast(engine, settings):
    from services.briefing_snapshot import snapshot_with_forecasts

    store_m7_season(engine)
    snap = snapshot_with_forecasts(engine, settings, LAST + timedelta(hours=1))
    entries = {e["station_code"]: e for e in snap["forecasts"]}
    assert list(entries) == list(key_station_map("34"))  # every key station, in the file's order
    m7 = entries["M.7"]
    assert m7["reason"] is None and m7["crossing_date"] == "2022-09-12"
    assert m7["issued_at"] == "2022-09-10T00:00:00+00:00"
    assert entries["M.11B"]["reason"] == "no_observation"  # nothing stored for it: the first input missing
    lines = forecast_lines(snap, "en")
    assert lines[0].startswith("M.7: 110.90 m now, expected to cross the bank (112.00 m) on 12 Sep 2022")
    assert "Model forecast, issued 10 Sep 2022 07:00 (" in lines[0]  # with its age at the snapshot's time
    assert lines[0].endswith("from Open-Meteo GloFAS (discharge forecast) and ThaiWater (HII).")


def _empty_snapshot() -> dict:
    """A briefing snapshot of province 34 with nothing in it (the fields every snapshot has)."""
    return {
        "province_code": "34",
        "province_th": "อุบลราชธานี",
        "province_en": "Ubon Ratchathani",
        "taken_at": "2022-10-07T04:00:00+00:00",
        "stations": [],
        "districts": [],
        "shelters": [],
        "checklist": None,
        "sources": [],
    }


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_wall_and_the_deck_carry_one_sentence_per_key_station(lang):
    forecasts = {"M.7": forecast([115.5, 116.4, 116.0]), "M.11B": refused("no_rating")}
    snap = {**_empty_snapshot(), "forecasts": forecast_entries(forecasts, "34")}
    lines = forecast_lines(snap, lang)
    assert [line.split(":")[0] for line in lines] == ["M.7", "M.11B"]
    assert t("forecast.reason.no_rating", lang) in lines[1]
    html = view_html("stations", snap, None, lang, 2, 5)
    assert html.count('data-testid="fr-forecast-line"') == 2  # M.7's sentence; M.11B's reason
    text = re.sub(r"<[^>]+>", "", html)  # the wall breaks Thai between words with tags
    assert "116.4" in text and t("forecast.reason.no_rating", lang) in text
    slides = {s.name: s for s in deck_content(snap, None, None, lang, {})}
    table = slides["forecast"].table
    assert table.iloc[:, 1].tolist() == lines


def test_a_briefing_saved_before_forecasts_has_no_forecast_slide():
    snap = _empty_snapshot()
    assert "forecast" not in {s.name for s in deck_content(snap, None, None, "en", {})}
    assert "fr-forecast" not in view_html("stations", snap, None, "en", 2, 5)


def test_the_wall_groups_the_stations_without_a_forecast_by_reason():
    from briefing.forecast_lines import compact_lines

    forecasts = {
        "M.7": forecast([115.5, 116.4, 116.0]),
        "M.11B": refused("no_rating"),
        "E.98": refused("no_rating", code="E.98"),
        "M.5": refused("no_observation", code="M.5"),
    }
    lines = compact_lines({"forecasts": forecast_entries(forecasts, "34")}, "en")
    assert lines[0].startswith("M.7: 114.90 m now, forecast to crest 116.4 m")
    assert lines[1:] == [
        "M.11B, E.98: no level forecast — " + t("forecast.reason.no_rating", "en"),
        "M.5: no level forecast — " + t("forecast.reason.no_observation", "en"),
    ]
