"""The one sentence per key station (domain.forecast_text), in Thai and English: the crest with
its band and date, the bank crossing, the impact statement and historic crest the crest reaches,
the extrapolated rating, the upstream estimate, and why a station has no forecast. Always the
model label with the inputs' issue time (never the time it was worded)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.forecast_text import forecast_sentence, forecast_summary
from domain.level_forecast import REASONS
from domain.stations import key_station_map
from i18n import t
from tests.forecast_ui.values import forecast, refused

M7 = key_station_map("34")["M.7"]
LABEL = {
    "en": "Model forecast, issued 7 Oct 2022 07:00, from Open-Meteo GloFAS (discharge forecast) and ThaiWater (HII).",
    "th": "ค่าพยากรณ์จากแบบจำลอง ออกเมื่อ 7 ต.ค. 2565 07:00 จาก Open-Meteo GloFAS (พยากรณ์น้ำท่า) และ ThaiWater (สสน.)",
}


def sentence(fc, lang: str) -> str:
    return forecast_sentence(forecast_summary(fc, M7), lang)


def test_crest_above_the_2019_crest_overtops_the_city_side_bank_in_english():
    text = sentence(forecast([115.5, 116.0, 116.4, 116.2, 115.8]), "en")
    assert text == (
        "M.7: 114.90 m now, forecast to crest 116.4 m (116.0–116.8) around 10 Oct 2022: above the 2019 crest; "
        "city-side bank overtopped. " + LABEL["en"]
    )


def test_crest_above_the_2019_crest_overtops_the_city_side_bank_in_thai():
    text = sentence(forecast([115.5, 116.0, 116.4, 116.2, 115.8]), "th")
    assert text.startswith("M.7: ขณะนี้ 114.90 ม.รทก. คาดว่าจะขึ้นสูงสุด 116.4 ม.รทก. (116.0–116.8) ราววันที่ 10 ต.ค. 2565")
    assert "สูงกว่ายอดน้ำปี 2562" in text  # 2019 in the Buddhist era
    assert "น้ำล้นตลิ่งฝั่งเมืองอุบลราชธานี" in text
    assert text.endswith(LABEL["th"])
    assert "2022" not in text and "Oct" not in text


@pytest.mark.parametrize("lang", ["th", "en"])
def test_below_the_bank_it_says_when_the_bank_is_crossed(lang):
    fc = forecast([111.2, 111.8, 112.3, 112.9, 112.6], now=110.6)
    summary = forecast_summary(fc, M7)
    assert summary["crossing_date"] == "2022-10-10"
    text = forecast_sentence(summary, lang)
    when = "10 ต.ค. 2565" if lang == "th" else "10 Oct 2022"
    assert t("forecast.crossing", lang, bank="112.00", date=when) in text
    # the crest (112.9) reaches the Warin Chamrap side statement (112.00), not the city side one (113.00)
    assert M7.impacts[0].text(lang) in text and M7.impacts[1].text(lang) not in text
    assert t("forecast.above_crest", lang, year=2562 if lang == "th" else 2019) not in text


def test_the_highest_historic_crest_passed_is_named():
    text = sentence(forecast([117.0, 117.9, 117.5]), "en")
    assert "above the 1978 crest" in text and "2019" not in text


@pytest.mark.parametrize("lang", ["th", "en"])
def test_an_extrapolated_rating_is_said(lang):
    fc = forecast([115.5, 116.4, 116.0], rating_range=(105.0, 114.97))
    text = sentence(fc, lang)
    assert t("forecast.extrapolated", lang, level="114.97") in text
    within = sentence(forecast([115.5, 116.4, 116.0]), lang)
    assert "114.97" not in within and t("forecast.extrapolated", lang, level="118.00") not in within


@pytest.mark.parametrize("lang", ["th", "en"])
def test_both_methods_are_named(lang):
    fc = forecast([115.5, 116.4, 116.0], upstream=[115.2, 115.9, 116.1])
    text = sentence(fc, lang)
    when = "10 ต.ค. 2565" if lang == "th" else "10 Oct 2022"
    assert t("forecast.upstream", lang, level="116.1", date=when) in text
    assert (
        t(
            "forecast.crest",
            lang,
            level="116.4",
            low="116.0",
            high="116.8",
            date="9 ต.ค. 2565" if lang == "th" else "9 Oct 2022",
        )
        in text
    )


def test_a_falling_river_is_not_called_a_crest():
    text = sentence(forecast([114.5, 114.0, 113.5], now=114.9), "en")
    # the crest is now: it says where the level goes by the last forecast day
    assert "forecast to fall to 113.5 m by 10 Oct 2022 (highest ahead 114.5 m on 8 Oct 2022)" in text
    assert "crest 114.5" not in text and "still rising" not in text


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("reason", REASONS)
def test_a_station_without_a_forecast_says_why(reason, lang):
    text = forecast_sentence(forecast_summary(refused(reason), None), lang)
    assert text.startswith("M.11B: ")
    assert t(f"forecast.reason.{reason}", lang) in text
    assert "110.20" in text
    assert t("forecast.label", lang, issued="", sources="")[:10] not in text  # no model label without a model value


def test_the_summary_is_plain_data_a_snapshot_can_keep():
    import json

    summary = forecast_summary(forecast([115.5, 116.4, 116.0]), M7)
    assert json.loads(json.dumps(summary)) == summary
    assert summary["issued_at"] == "2022-10-07T00:00:00+00:00"
    assert summary["crest_date"] == date(2022, 10, 9).isoformat()
