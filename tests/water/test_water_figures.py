"""Figure builders: the hydrograph keeps a forecast only on its own time axis; the map
colours stations by HII class."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest

pytest.importorskip("streamlit")
from auth import SYSTEM
from domain.situation import HII_COLOURS
from ui.water import hydrograph_figure, station_map_spec, with_display_columns

END = datetime(2026, 10, 1, 9, tzinfo=UTC)
SERIES = pd.DataFrame(
    {
        "observed_at": pd.to_datetime([END - timedelta(hours=h) for h in range(24, -1, -1)], utc=True),
        "level_msl": [110.0 + 0.01 * i for i in range(25)],
        "discharge": [float("nan")] * 25,
    }
)
STATION = pd.Series({"bank_msl": 112.0, "watch_level_msl": 111.0, "critical_level_msl": float("nan")})


def forecast(first: date) -> pd.DataFrame:
    days = [first + timedelta(days=i) for i in range(37)]
    return pd.DataFrame(
        {
            "date": days,
            "discharge": 3000.0,
            "discharge_median": 3000.0,
            "p25": 2900.0,
            "p75": 3100.0,
            "issued_at": END,
            "source": "open_meteo_flood",
        }
    )


def test_forecast_on_the_axis_is_drawn_on_y2():
    fig = hydrograph_figure(SERIES, STATION, forecast(date(2026, 9, 24)), "en")
    y2 = [tr for tr in fig.data if tr.yaxis == "y2"]
    assert len(y2) == 3 and min(y2[-1].x) >= pd.Timestamp(
        "2026-09-29"
    )  # trimmed to the window (1 day before the series)
    assert {s.y0 for s in fig.layout.shapes} == {112.0, 111.0}


def test_forecast_of_another_year_is_left_out():
    fig = hydrograph_figure(SERIES, STATION, forecast(date(2020, 6, 22)), "th")
    assert not [tr for tr in fig.data if tr.yaxis == "y2"]


def _layer(spec: dict, mark: str) -> dict:
    return next(layer for layer in spec["layer"] if layer["mark"]["type"] == mark)


def test_map_colours_by_class():
    df = pd.DataFrame(
        {
            "station_id": ["1", "2"],
            "station_code": ["M.7", "X.1"],
            "name_th": ["ก", "ข"],
            "name_en": ["", ""],
            "lat": [15.2, 15.3],
            "lon": [104.8, 104.9],
            "level_msl": [112.5, 100.0],
            "bank_msl": [112.0, 112.0],
            "pct_capacity": [104.0, float("nan")],
            "situation_class": ["over_bank", "unknown"],
            "trend": ["rising", "unknown"],
            "observed_at": pd.to_datetime([END, END], utc=True),
            "age_s": [60.0, 60.0],
            "flags": ["", "@no_reading"],
        }
    )
    spec = station_map_spec(with_display_columns(df, "en", END), "en")
    scale = _layer(spec, "circle")["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True))["Over bank"] == HII_COLOURS["over_bank"]
    assert dict(zip(scale["domain"], scale["range"], strict=True))["Unknown"] == HII_COLOURS["unknown"]
    assert (
        dict(zip(scale["domain"], scale["range"], strict=True))["Stale"] != HII_COLOURS["unknown"]
    )  # old is not the same as unknown
    points = spec["datasets"]["points"]
    # the worst class is drawn last (on top); its trend mark goes beside it
    assert points["class_label"].tolist() == ["Unknown", "Over bank"] and points["mark"].tolist() == ["", "▲"]
    assert "outlines" not in spec["datasets"] and len(spec["layer"]) == 2


def _stations(n: int) -> pd.DataFrame:
    classes = ["over_bank", "high", "normal", "low", "critically_low", "unknown"]
    return pd.DataFrame(
        {
            "station_id": [str(900 + i) for i in range(n)],
            "station_code": [f"S.{i}" for i in range(n)],
            "name_th": [f"สถานีสังเคราะห์ {i:02d}" for i in range(n)],
            "name_en": [f"Synthetic station {i:02d}" for i in range(n)],
            "lat": [14.6 + 0.02 * i for i in range(n)],
            "lon": [104.4 + 0.025 * i for i in range(n)],
            "level_msl": 110.0,
            "bank_msl": 112.0,
            "pct_capacity": 80.0,
            "situation_class": [classes[i % 6] for i in range(n)],
            "trend": ["rising", "steady", "falling", "unknown"] * (n // 4),
            "observed_at": pd.to_datetime([END] * n, utc=True),
            "age_s": 600.0,
            "flags": "",
        }
    )


@pytest.mark.parametrize("lang", ["th", "en"])
def test_map_with_reference_outlines_and_60_stations_is_under_100_kb(settings, lang):
    from streamlit.dataframe_util import convert_anything_to_arrow_bytes

    from geo.boundaries import import_boundary_file
    from geo.outlines import district_outlines
    from tests.support.ci import reference_path

    import_boundary_file(settings, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM)
    outlines = district_outlines(settings)
    spec = station_map_spec(with_display_columns(_stations(60), lang, END), lang, outlines)
    datasets = spec.pop("datasets")
    sent = len(json.dumps(spec)) + sum(len(convert_anything_to_arrow_bytes(df)) for df in datasets.values())
    assert sent <= 100_000  # district geometry plus points (issue 9 budget), as Streamlit sends it
    scale = _layer(spec, "circle")["encoding"]["color"]["scale"]
    assert scale["range"][:6] == [
        HII_COLOURS[c] for c in ("over_bank", "high", "normal", "low", "critically_low", "unknown")
    ]
    assert len(datasets["points"]) == 60 and len(_layer(spec, "circle")["encoding"]["tooltip"]) == 10
    assert (
        _layer(spec, "image")["mark"]["url"].count("M") == outlines.lines
    )  # every border line drawn, each its own subpath
    assert (
        spec["height"] == 820 and 400 < spec["width"] < 820
    )  # Ubon is taller than it is wide (the page height, ui.vega_map.MAP_HEIGHT_PX)


def test_map_tooltip_carries_both_names():
    spec = station_map_spec(with_display_columns(_stations(4), "en", END), "en")
    titles = [f["title"] for f in _layer(spec, "circle")["encoding"]["tooltip"]]
    assert titles[:2] == ["Station", "Thai name"]
    points = spec["datasets"]["points"].set_index("label")
    assert points.loc["S.0 Synthetic station 00", "other_name"] == "สถานีสังเคราะห์ 00"
    assert points.loc["S.0 Synthetic station 00", "mark"] == "▲"
    th = station_map_spec(with_display_columns(_stations(4), "th", END), "th")["datasets"]["points"]
    assert "S.1 สถานีสังเคราะห์ 01" in th["label"].tolist() and "Synthetic station 01" in th["other_name"].tolist()
