"""AppTest of the station map and water levels pages, from dashboard.py, in Thai and English,
with the recorded 2020 Ubon reply ingested into a temp database (plus a synthetic, clearly
labelled M.7 series and the recorded GloFAS Ubon cell as M.7's forecast)."""

from __future__ import annotations

import base64
import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ingest.thaiwater as job
from auth import SYSTEM, User
from config import load_settings
from data_sources.open_meteo import parse_flood
from ingest import IngestContext
from store.db import make_engine, migrate
from store.water import save_forecasts, save_series
from tests.impact.conftest import FIXTURES
from tests.support.ci import reference_path
from tests.support.shell import open_at_its_url
from tests.support.vega import chart_parts, payload_bytes

LANGS = ("th", "en")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_db(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings({"DATA_DIR": str(tmp_path / "data")})
    migrate(settings.database_url)
    return settings


def _fill_ubon(settings) -> None:
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    job.run(
        IngestContext(settings, engine, None),
        from_file=reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json"),
    )
    # SYNTHETIC: 48 hourly M.7 levels rising 2 cm/h up to the recorded 107.04 at 06:00 Bangkok
    end = datetime(2020, 6, 28, 23, 0, tzinfo=UTC)
    times = [end - timedelta(hours=h) for h in range(48, 0, -1)]
    save_series(
        engine,
        "2752",
        pd.DataFrame(
            {"observed_at": times, "level_msl": [107.04 - 0.02 * h for h in range(48, 0, -1)], "discharge": [None] * 48}
        ),
        "synthetic-test",
    )
    glofas = json.loads(
        reference_path(
            "thaiwater",
            "2026",
            "dizconnectz-fontokmai",
            "pipeline",
            "tests",
            "fixtures",
            "open_meteo",
            "glofas_14_points.json",
        ).read_text(encoding="utf-8")
    )
    # the recorded GloFAS Ubon cell, its dates SHIFTED from 2026-09-20.. to 2020-06-22.. to sit on the 2020 axis
    forecast = parse_flood([glofas[11]], ["M.7"])
    forecast["date"] = [d - (date(2026, 9, 20) - date(2020, 6, 22)) for d in forecast["date"]]
    save_forecasts(engine, forecast, "open_meteo_flood", datetime(2020, 6, 29, 1, 0, tzinfo=UTC))
    engine.dispose()


@pytest.fixture(scope="session")
def ubon_template(tmp_path_factory) -> Path:
    """The recorded 2020 levels, a synthetic M.7 rise and a GloFAS run, built once per worker."""
    folder = tmp_path_factory.mktemp("ubon") / "data"
    _fill_ubon(load_settings({"DATA_DIR": str(folder)}))
    return folder


@pytest.fixture
def ubon_db(ubon_template, empty_db):
    """A copy of the template in the test's own data folder."""
    shutil.copytree(ubon_template, empty_db.data_dir, dirs_exist_ok=True)
    return empty_db


def open_page(page: str, lang: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    for key, value in (params or {}).items():
        at.query_params[key] = value
    open_at_its_url(at, page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def values(array) -> list:
    """Plotly's JSON arrays may be typed binary ({dtype, bdata}); decode either form."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


def metrics(at) -> list:
    return [m.value for m in at.metric]


@pytest.mark.parametrize("lang", LANGS)
def test_station_map_renders_recorded_province(ubon_db, lang):
    at = open_page("pages/station_map.py", lang)
    assert at.title[0].value == ("แผนที่สถานีวัดระดับน้ำ" if lang == "th" else "River station map")
    assert (
        metrics(at) == ["13", "0", "0", "0", "13"]
        # 16 rows less the gauge-datum duplicates M7, E98, M179A; live: every 2020 reading is stale, none shown as
        # current
    )
    assert any(("2563" if lang == "th" else "2020") in w.value for w in at.warning)
    assert at.get("vega_lite_chart")
    at.segmented_control(key="water_map_mode").set_value("replay").run()
    assert not at.exception
    assert at.query_params["at"] == "2020-06-29T13:10"
    # RID's 06:00 daily readings are current at 13:10 (issue 15); only M.7 is overdue: its
    # SYNTHETIC history above is hourly, so a 7 h silence is more than its cadence allows
    assert metrics(at) == ["13", "0", "0", "0", "1"]  # gauge-datum duplicates are not stations


def test_station_map_replay_from_url_and_chart_content(ubon_db):
    at = open_page("pages/station_map.py", "en", {"at": "2020-06-29T06:30"})
    assert at.segmented_control(key="water_map_mode").value == "replay"
    assert (
        metrics(at)[4] == "5"
    )  # RID 06:00 rows fresh; of the 8 rows of 13:00/13:10 not yet read, 3 are gauge-datum duplicates (not stations)
    _, datasets = chart_parts(at.get("vega_lite_chart")[0].proto)
    points = datasets["points"].set_index("label")
    classes = set(points["class_label"])
    assert {"Normal", "Unknown"} <= classes and "Low" not in classes  # MUN017 (low) reads at 13:10
    assert points.filter(like="M.7", axis=0)["class_label"].tolist() == ["Normal"]


@pytest.mark.parametrize("lang", LANGS)
def test_water_levels_page_hydrograph_table_and_csv(ubon_db, lang):
    at = open_page("pages/water_levels.py", lang)
    assert (
        at.selectbox(key="water_levels_station").value == "M.7"
    )  # the first key station of config/key_stations.toml (issue 15)
    at.selectbox(key="water_levels_station").set_value("M.7").run()
    assert not at.exception and at.query_params["station"] == "M.7"
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    observed = figure["data"][0]
    levels = values(observed["y"])
    assert len(levels) == 49 and levels[-1] == pytest.approx(
        107.04
    )  # 48 synthetic + the recorded 06:00 reading (7 days back)
    assert any(tr.get("yaxis") == "y2" for tr in figure["data"])  # forecast discharge on a second axis
    shapes = [s["y0"] for s in figure["layout"]["shapes"]]
    assert 112.0 in shapes and 111.0 in shapes  # bank and watch level
    table = at.dataframe[0].value
    assert len(table) == 16
    assert any(("ซ้ำกับ M.7" if lang == "th" else "duplicate of M.7") in f for f in table.iloc[:, -1])
    assert at.get("download_button")
    assert any(("แบบจำลอง" if lang == "th" else "Model forecast") in c.value for c in at.caption)


@pytest.mark.parametrize("page", ["pages/station_map.py", "pages/water_levels.py"])
@pytest.mark.parametrize("lang", LANGS)
def test_empty_state_is_honest(empty_db, page, lang):
    at = open_page(page, lang)
    assert any("manage.py ingest --source thaiwater" in c.value for c in at.code)
    assert not at.get("plotly_chart") and not at.get("vega_lite_chart")


def test_station_map_draws_district_outlines_when_imported(ubon_db):
    geo_boundaries = pytest.importorskip("geo.boundaries")
    geo_boundaries.import_boundary_file(
        ubon_db, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM
    )
    at = open_page("pages/station_map.py", "th", {"at": "2020-06-29T13:10"})
    chart = at.get("vega_lite_chart")[0].proto
    spec, datasets = chart_parts(chart)
    borders = spec["layer"][0]
    assert borders["mark"]["type"] == "image" and borders["mark"]["url"].startswith("data:image/svg+xml,")
    assert borders["mark"]["url"].count("M") > 25  # the borders, each shared one once, one subpath a line
    box = borders["data"]["values"][0]
    assert 14.0 < box["south"] < box["north"] < 16.5 and 104.0 < box["west"] < box["east"] < 106.0
    assert [layer["data"].get("name") for layer in spec["layer"][1:3]] == ["points", "points"] and list(datasets) == [
        "points"
    ]
    assert payload_bytes(chart) <= 100_000  # district geometry plus points
    assert not any("ยังไม่ได้นำเข้าขอบเขตอำเภอ" in c.value for c in at.caption)


def test_water_levels_page_replays_the_shared_time(ubon_db):
    at = open_page("pages/water_levels.py", "en", {"at": "2020-06-29T13:30", "station": "MUN017"})
    assert at.selectbox(key="water_levels_station").value == "MUN017"
    assert any("29 Jun 2020 13:30" in i.value for i in at.info)
    table = at.dataframe[0].value.set_index("Code")
    assert (
        table.loc["MUN017", "Situation"] == "Low" and table.loc["MUN017", "% capacity"] == "16.4"
    )  # shown as text: "–" where missing (issue 15)
    assert table.loc["CHI011", "Situation"] == "Normal"


# --- the station map given the page (issue 15): names, labels, key stations, switchable layers ---
ADMIN = User("admin1", "Admin One", "admin")


@pytest.fixture
def ubon_full(ubon_db):
    """The recorded province with boundaries, two located shelters and a GISTDA flood extent."""
    from cli.impact import import_shelters
    from geo.boundaries import import_boundary_file, load_districts
    from ingest.gistda import read_saved_extent, store_flood_extent

    import_boundary_file(ubon_db, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM)
    engine = make_engine(ubon_db.database_url)
    assert import_shelters(engine, ADMIN, ubon_db, FIXTURES / "shelters.csv", "shelters.csv").ok
    store_flood_extent(
        engine,
        SYSTEM,
        read_saved_extent(FIXTURES / "gistda_page1.json"),
        load_districts(ubon_db),
        "34",
        source="gistda",
    )
    engine.dispose()
    return ubon_db


def map_layers(at) -> tuple[dict, dict]:
    chart = at.get("vega_lite_chart")[0].proto
    spec, datasets = chart_parts(chart)
    return {layer.get("name", layer["data"].get("name", "")): layer for layer in spec["layer"]} | {"": None}, datasets


def named(spec_layers: dict, prefix: str) -> list[dict]:
    return [
        v
        for layer in spec_layers.values()
        if layer and layer.get("name", "").startswith(prefix)
        for v in layer["data"]["values"]
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_station_map_names_every_district_at_its_label_point(ubon_full, lang):
    at = open_page("pages/station_map.py", lang, {"at": "2020-06-29T13:30"})
    layers, _ = map_layers(at)
    names = [v["text"] for v in named(layers, "district_names")]
    everyone = set(
        pd.read_csv(reference_path("impact", "ubon_districts_dopa.csv"))["name_th" if lang == "th" else "name_en"]
    )
    assert len(names) == 25 and set(names) == everyone, everyone - set(names)
    assert ("เมืองอุบลราชธานี" if lang == "th" else "Mueang Ubon Ratchathani") in names


def test_station_map_labels_do_not_overlap_and_key_stations_stand_out(ubon_full):
    at = open_page("pages/station_map.py", "en", {"at": "2020-06-29T13:30"})
    layers, datasets = map_layers(at)
    labels = named(layers, "station_labels") + named(layers, "district_names")
    boxes = [v["box"] for v in labels]
    assert len(boxes) > 25
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    key_texts = [
        v["text"]
        for layer in layers.values()
        if layer and layer.get("name", "").endswith("_key")
        for v in layer["data"]["values"]
    ]
    assert "M.7" in key_texts and "E.98" in key_texts  # in bold
    assert all(layers[n]["mark"]["fontWeight"] == "bold" for n in layers if n.endswith("_key"))
    points = datasets["points"]
    assert points.loc[points["label"].str.startswith("M.7 "), "is_key"].all() and points["is_key"].sum() >= 3
    spec, _ = chart_parts(at.get("vega_lite_chart")[0].proto)
    size = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "circle")["encoding"]["size"]
    assert (
        size["condition"]["test"] == {"field": "is_key", "equal": True} and size["condition"]["value"] > size["value"]
    )


def test_station_map_layers_switch_and_the_url_keeps_them(ubon_full):
    at = open_page("pages/station_map.py", "en", {"at": "2020-06-29T13:30"})
    layers, _ = map_layers(at)
    assert "shelters" in layers and "flood_extent" in layers and len(layers["shelters"]["data"]["values"]) >= 2
    assert payload_bytes(at.get("vega_lite_chart")[0].proto) <= 100_000  # borders, extent, shelters, labels and points
    at.toggle(key="water_map_shelters").set_value(False).run()
    layers, _ = map_layers(at)
    assert "shelters" not in layers and "flood_extent" in layers and at.query_params["layers"] in ("extent", ["extent"])
    at.toggle(key="water_map_extent").set_value(False).run()
    layers, _ = map_layers(at)
    assert "flood_extent" not in layers and at.query_params["layers"] in ("none", ["none"])
    again = open_page("pages/station_map.py", "en", {"at": "2020-06-29T13:30", "layers": "shelters"})
    layers, _ = map_layers(again)
    assert "shelters" in layers and "flood_extent" not in layers
    assert again.toggle(key="water_map_extent").value is False


def test_station_map_layers_without_data_say_why(ubon_db):
    at = open_page("pages/station_map.py", "th", {"at": "2020-06-29T13:30"})
    assert at.toggle(key="water_map_shelters").disabled and at.toggle(key="water_map_extent").disabled
    assert any("ยังไม่มีศูนย์พักพิงที่มีพิกัด" in c.value for c in at.caption)
