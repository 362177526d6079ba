"""The QA round on the forecast screens (issue 18): the forecast's age and stale mark on every
label (sentence, chart, wall, deck), a horizon not called a crest, the chart's label short
enough for a phone and the toolbar out of its way, one label per level, no discharge axis for a
hidden line, the forecast peak column labelled as a model value, and English key-station names
on the English overview."""

from __future__ import annotations

import re
from datetime import timedelta

import pandas as pd
import pytest

from briefing.deck import deck_content
from briefing.forecast_lines import forecast_entries, forecast_html, forecast_lines, forecast_table
from briefing.tables import forecast_peak_label
from domain.forecast_text import forecast_sentence, forecast_summary
from domain.stations import key_station_map, load_key_stations
from domain.stations import station_name as wall_name
from i18n import t
from tests.forecast_ui.values import ANCHOR, ISSUED, forecast
from ui.overview import station_name as overview_name
from ui.water import hydrograph_figure

M7 = key_station_map("34")["M.7"]
STALE_AFTER = 36 * 3600.0  # config.settings' FORECAST_STALE_AFTER default
OLD = ISSUED + timedelta(hours=82)  # the QA's case: a run 82 h old
STATION = pd.Series({"station_code": "M.7", "bank_msl": 112.0, "watch_level_msl": 111.0, "ground_msl": 100.57})
AGE = {"th": "3 วันที่แล้ว", "en": "3 days ago"}


def observed() -> pd.DataFrame:
    times = [ANCHOR - timedelta(hours=6 * i) for i in range(12)][::-1]
    return pd.DataFrame(
        {"observed_at": pd.to_datetime(times, utc=True), "level_msl": [114.0 + 0.08 * i for i in range(12)]}
    )


def discharge() -> pd.DataFrame:
    dates = [ANCHOR.date() + timedelta(days=i) for i in range(4)]
    return pd.DataFrame({"date": dates, "discharge": [900.0] * 4, "p25": [800.0] * 4, "p75": [1000.0] * 4})


def figure(lang: str, fc, as_of=None, flow: pd.DataFrame | None = None):
    span = (ANCHOR - timedelta(days=3), ANCHOR + timedelta(minutes=1))
    flows = pd.DataFrame() if flow is None else flow
    return hydrograph_figure(
        observed(), STATION, flows, lang, span, fc, M7, as_of=as_of, stale_after_s=STALE_AFTER if as_of else None
    )


def snapshot(as_of, **extra) -> dict:
    fc = forecast([115.5, 116.4, 116.0])
    return {
        "province_code": "34",
        "taken_at": as_of.isoformat(),
        "stations": [],
        "districts": [],
        "shelters": [],
        "checklist": None,
        "sources": [],
        "forecasts": forecast_entries({"M.7": fc}, "34", as_of=as_of, stale_after_s=STALE_AFTER),
        **extra,
    }


# ---- 1. the age and the stale mark ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
def test_an_82_hour_old_forecast_says_its_age_and_is_marked_stale(lang):
    summary = forecast_summary(forecast([115.5, 116.4, 116.0]), M7, as_of=OLD, stale_after_s=STALE_AFTER)
    assert summary["stale"] is True
    text = forecast_sentence(summary, lang)
    assert text.startswith(t("forecast.stale", lang, hours="36"))  # first, where it cannot be missed
    assert (
        t("forecast.issued_age", lang, time="7 ต.ค. 2565 07:00" if lang == "th" else "7 Oct 2022 07:00", age=AGE[lang])
        in text
    )
    assert text.count("⚠") == 1


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_fresh_forecast_says_its_age_without_a_stale_mark(lang):
    summary = forecast_summary(
        forecast([115.5, 116.4, 116.0]), M7, as_of=ISSUED + timedelta(hours=3), stale_after_s=STALE_AFTER
    )
    text = forecast_sentence(summary, lang)
    assert summary["stale"] is False and "⚠" not in text
    assert ("3 ชม. ที่แล้ว" if lang == "th" else "3 h ago") in text


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_chart_label_carries_the_age_and_the_stale_mark(lang):
    fig = figure(lang, forecast([115.5, 116.4, 116.0]), as_of=OLD)
    label = next(a for a in fig.layout.annotations if a.name == "model_label")
    assert AGE[lang] in label.text
    assert label.text.startswith("⚠") and label.font.color == "#B00020"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_wall_and_the_deck_mark_a_stale_forecast(lang):
    snap = snapshot(OLD)
    mark = t("forecast.stale", lang, hours="36")
    assert forecast_lines(snap, lang)[0].startswith(mark)
    wall = re.sub(r"<[^>]+>", "", forecast_html(snap, lang))
    assert mark.strip() in wall and AGE[lang] in wall
    deck = forecast_table(snap, lang).iloc[0, 1]
    assert deck.startswith(mark) and AGE[lang] in deck


def test_a_snapshot_saved_before_the_age_is_aged_at_its_own_time():
    snap = snapshot(OLD)
    snap["forecasts"] = [
        {k: v for k, v in e.items() if k not in ("as_of", "stale", "stale_after_s")} for e in snap["forecasts"]
    ]
    assert AGE["en"] in forecast_lines(snap, "en")[0]  # against taken_at, not the time it is read again


# ---- 2. a horizon is not a crest; a falling river ---------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_level_still_rising_on_the_last_day_is_not_called_a_crest(lang):
    summary = forecast_summary(forecast([108.0, 109.0, 109.9, 110.5], now=107.5), M7)
    assert summary["rising_at_end"] is True
    text = forecast_sentence(summary, lang)
    when = "11 ต.ค. 2565" if lang == "th" else "11 Oct 2022"
    assert t("forecast.rising_at_end", lang, date=when, level="110.5", low="110.1", high="110.9") in text
    assert t("forecast.crest", lang, level="X", low="", high="", date="").split("X")[0] not in text


def test_a_crest_before_the_last_day_is_still_a_crest():
    summary = forecast_summary(forecast([115.5, 116.4, 116.0]), M7)
    assert summary["rising_at_end"] is False
    assert "forecast to crest 116.4 m" in forecast_sentence(summary, "en")


def test_a_level_flat_into_the_last_day_is_not_rising_at_the_end():
    summary = forecast_summary(forecast([115.5, 116.4, 116.4]), M7)  # the first highest day is not the last
    assert summary["rising_at_end"] is False


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_wall_says_still_rising_too(lang):
    snap = snapshot(OLD)
    snap["forecasts"] = forecast_entries({"M.7": forecast([115.0, 115.5, 116.0], now=114.5)}, "34", as_of=OLD)
    assert (
        t("forecast.rising_at_end", lang, date="X", level="", low="", high="").split("X")[0]
        in forecast_lines(snap, lang)[0]
    )


# ---- 4 and 7. the chart on a phone; the hidden discharge axis ----------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_chart_label_is_short_lines_at_the_left_with_the_toolbar_upright(lang):
    fig = figure(lang, forecast([115.5, 116.4, 116.0]), as_of=OLD)
    label = next(a for a in fig.layout.annotations if a.name == "model_label")
    assert (label.x, label.xanchor, label.yanchor) == (0.0, "left", "bottom")
    assert max(len(line) for line in label.text.split("<br>")) <= 48  # fits 290 px of a 390 px phone at 12 px
    assert fig.layout.modebar.orientation == "v"
    assert fig.layout.margin.t >= 16 * len(label.text.split("<br>"))


def test_a_statement_at_the_bank_joins_the_bank_label():
    fig = figure("en", forecast([115.5, 116.4, 116.0]))
    at_bank = [a.text for a in fig.layout.annotations if a.yref == "y" and a.y is not None and abs(a.y - 112.0) < 0.005]
    assert at_bank == ["Bank 112.00 · Warin Chamrap side bank overtopped"]


def test_the_discharge_axis_is_hidden_with_its_line():
    fig = figure("en", forecast([115.5, 116.4, 116.0]), flow=discharge())
    hidden = [tr for tr in fig.data if tr.yaxis == "y2" and tr.showlegend is not False]
    assert hidden and all(tr.visible == "legendonly" for tr in hidden)
    assert fig.layout.yaxis2.visible is False
    plain = figure("en", None, flow=discharge())  # without a level forecast the discharge is drawn, with its axis
    assert plain.layout.yaxis2.visible is not False


# ---- 5. the forecast peak column is a model value ----------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_forecast_peak_column_carries_the_model_label(lang):
    stations = [
        {"station_code": "M.7", "is_key": True, "forecast_peak_m3s": 1450.0, "forecast_issued_at": ISSUED.isoformat()}
    ]
    label, stale = forecast_peak_label(snapshot(OLD, stations=stations), lang)
    assert stale is True and label.startswith("⚠")
    assert "GloFAS" in label and AGE[lang] in label
    assert t("briefing.col.forecast", lang) in label
    label, stale = forecast_peak_label(snapshot(ISSUED + timedelta(hours=2), stations=stations), lang)
    assert stale is False and not label.startswith("⚠")
    assert forecast_peak_label(snapshot(OLD), lang) is None  # no peak, no label


def test_the_deck_key_station_slide_carries_the_peak_label():
    stations = [
        {
            "station_code": "M.7",
            "name_th": "สะพานเสรีประชาธิปไตย",
            "is_key": True,
            "situation_class": "normal",
            "trend": "steady",
            "level_msl": 110.0,
            "bank_msl": 112.0,
            "below_bank_m": 2.0,
            "observed_at": ANCHOR.isoformat(),
            "stale": False,
            "forecast_peak_m3s": 1450.0,
            "forecast_issued_at": ISSUED.isoformat(),
        }
    ]
    snap = snapshot(OLD, stations=stations, province_th="อุบลราชธานี", province_en="Ubon Ratchathani")
    slide = next(s for s in deck_content(snap, None, None, "en", {}) if s.name == "stations")
    assert (forecast_peak_label(snap, "en")[0], True) in slide.captions


# ---- 8. English names on the English overview --------------------------------------------------


def test_the_english_overview_names_key_stations_as_the_wall_does():
    for key in load_key_stations("34"):
        row = {"station_code": key.code, "name_th": "บ้านทดสอบ", "name_en": "", "district_code": None}
        name = overview_name(row, "en", "34")
        assert name == wall_name(row, "en", "34")
        if key.place_en:
            assert not re.search("[\u0e00-\u0e7f]", name), name
