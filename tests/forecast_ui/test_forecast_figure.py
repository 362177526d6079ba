"""The hydrograph with the level forecast (ui.forecast via ui.water.hydrograph_figure): band and
median after the last observation, the upstream estimate told apart, the bank, watch level and
HII class bands, the impact levels and historic crests, and the model label with the inputs'
issue time and sources."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from domain.stations import key_station_map
from i18n import t
from tests.forecast_ui.values import ANCHOR, forecast
from ui.water import hydrograph_figure

M7 = key_station_map("34")["M.7"]
STATION = pd.Series({"station_code": "M.7", "bank_msl": 112.0, "watch_level_msl": 111.0, "ground_msl": 100.57})


def observed() -> pd.DataFrame:
    times = [ANCHOR - timedelta(hours=6 * i) for i in range(12)][::-1]
    return pd.DataFrame(
        {"observed_at": pd.to_datetime(times, utc=True), "level_msl": [114.0 + 0.08 * i for i in range(12)]}
    )


def figure(lang: str, fc=None, window=True):
    span = (ANCHOR - timedelta(days=3), ANCHOR + timedelta(minutes=1)) if window else None
    return hydrograph_figure(observed(), STATION, pd.DataFrame(), lang, window=span, level_forecast=fc, key_station=M7)


def traces(fig) -> dict[str, object]:
    return {trace.name: trace for trace in fig.data if trace.name}


def texts(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_band_and_median_follow_the_last_observation(lang):
    fig = figure(lang, forecast([115.5, 116.0, 116.4, 116.2]))
    named = traces(fig)
    median, band = named[t("forecast.chart.median", lang)], named[t("forecast.chart.band", lang)]
    assert band.fill == "tonexty"
    last = pd.Timestamp(ANCHOR).tz_convert("Asia/Bangkok").tz_localize(None)
    xs = [pd.Timestamp(x) for x in median.x]
    assert xs[0] == last and all(x > last for x in xs[1:])  # starts at the anchor, then only after it
    assert list(median.y) == [114.9, 115.5, 116.0, 116.4, 116.2]
    upper = next(tr for tr in fig.data if tr.showlegend is False and list(tr.x) == list(band.x))
    assert list(upper.y)[1:] == pytest.approx([115.9, 116.4, 116.8, 116.6]) and list(band.y)[1:] == pytest.approx(
        [115.1, 115.6, 116.0, 115.8]
    )
    # the x-axis runs to the last forecast day
    end = pd.Timestamp(fig.layout.xaxis.range[1])
    assert end >= xs[-1]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_model_label_carries_issue_time_and_sources(lang):
    fig = figure(lang, forecast([115.5, 116.4]))
    label = next(a for a in texts(fig) if a.startswith(t("forecast.chart.label_head", lang)))
    assert ("7 ต.ค. 2565 07:00" if lang == "th" else "7 Oct 2022 07:00") in label  # issued_at, not the draw time
    # the sources are in the sentence under the chart (the chart's label is short enough for a phone)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_bank_watch_impact_levels_crests_and_class_bands(lang):
    fig = figure(lang, forecast([115.5, 116.4]))
    words = texts(fig)
    # the statement at the bank's level joins the bank's label (no two labels printed over each other)
    assert f"{t('water.chart.bank', lang, value=112.0)} · {M7.impacts[0].text(lang)}" in words
    assert t("water.chart.watch", lang, value=111.0) in words
    for statement in M7.impacts[1:]:
        assert t("forecast.chart.impact", lang, level=statement.level_msl, text=statement.text(lang)) in words
    for crest, year in ((117.76, 1978), (115.97, 2019)):
        shown = year + 543 if lang == "th" else year
        assert t("forecast.chart.crest", lang, year=shown, level=crest) in words
    bands = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(bands) == 4  # critically low, low, normal, high between ground and bank
    assert bands[-1].y1 == pytest.approx(112.0) and bands[0].y0 == pytest.approx(100.57)


def test_both_methods_are_told_apart():
    fig = figure("en", forecast([115.5, 116.4, 116.0], upstream=[115.2, 115.9, 116.1]))
    named = traces(fig)
    median, upstream = named["Forecast level (GloFAS model)"], named["Estimate from upstream gauges"]
    assert median.line.dash != upstream.line.dash and median.line.color != upstream.line.color
    assert list(upstream.y)[1:] == [115.2, 115.9, 116.1]


def test_an_extrapolated_rating_is_marked_on_the_chart():
    fig = figure("en", forecast([115.5, 116.4], rating_range=(105.0, 114.97)))
    assert "above 114.97: rating extrapolated" in texts(fig)


def test_without_a_forecast_no_model_layer_is_drawn():
    fig = figure("en", None)
    assert "Forecast level (GloFAS model)" not in traces(fig)
    assert not any(a.startswith("Model forecast") for a in texts(fig))
    assert "city-side bank overtopped" in " ".join(texts(fig))  # the station's levels are drawn all the same


def test_the_model_discharge_steps_back_to_the_legend_when_levels_are_forecast():
    discharge = pd.DataFrame(
        {
            "date": [ANCHOR.date() + timedelta(days=i) for i in range(3)],
            "discharge": [900.0, 1000.0, 1100.0],
            "p25": [800.0, 900.0, 1000.0],
            "p75": [1000.0, 1100.0, 1200.0],
        }
    )
    span = (ANCHOR - timedelta(days=3), ANCHOR + timedelta(minutes=1))
    with_levels = hydrograph_figure(observed(), STATION, discharge, "en", span, forecast([115.5, 116.4]), M7)
    named = traces(with_levels)
    assert named["Discharge forecast (GloFAS model, right axis)"].visible == "legendonly"
    assert named["p25–p75 range"].visible == "legendonly"
    assert named["Forecast level (GloFAS model)"].visible is None  # drawn
    alone = traces(hydrograph_figure(observed(), STATION, discharge, "en", span, None, M7))
    assert alone["Discharge forecast (GloFAS model, right axis)"].visible is None
