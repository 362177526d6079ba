"""The station map really draws in Chromium with the recorded Ubon reply (2020 HII) replayed over the
reference district boundaries, and the borders zoom with the stations."""

from __future__ import annotations

import pytest

import ingest.thaiwater as job
from auth import SYSTEM
from config import load_settings
from geo.boundaries import import_boundary_file
from ingest import IngestContext
from store.db import make_engine, migrate
from tests.browser.conftest import wait_for_app
from tests.support.ci import reference_path

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ubon_server(streamlit_server_factory, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("browser-water")
    settings = load_settings({"DATA_DIR": str(data_dir)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    job.run(
        IngestContext(settings, engine, None),
        from_file=reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json"),
    )
    engine.dispose()
    import_boundary_file(settings, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM)
    return streamlit_server_factory(data_dir)


def test_station_map_draws_the_recorded_province(ubon_server, page, artifacts_dir):
    page.goto(ubon_server + "/station_map?lang=en&at=2020-06-29T13:10")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("River station map").wait_for(timeout=30000)
    main.get_by_text("Showing the situation at 29 Jun 2020 13:10").wait_for(timeout=30000)
    chart = main.locator('[data-testid="stVegaLiteChart"]')
    chart.locator(".mark-symbol.role-mark path").first.wait_for(timeout=30000)  # a station drawn
    assert chart.locator(".mark-symbol.role-mark path").count() == 13  # the gauge-datum duplicates are not stations
    chart.get_by_text("Mueang Ubon Ratchathani").wait_for(timeout=10000)  # district names drawn
    chart.get_by_text("M.7", exact=True).wait_for(timeout=10000)  # a key station's label
    borders = chart.locator(".mark-image.role-mark image")
    assert borders.count() == 1  # the district borders: one image under the stations
    chart.get_by_text("Normal").first.wait_for(timeout=30000)  # legend entry of HII's class
    chart.screenshot(path=str(artifacts_dir / "water-station-map-chart-en.png"))
    chart.locator(".mark-symbol.role-mark path").first.hover(force=True)
    page.locator("#vg-tooltip-element").get_by_text("Channel capacity").wait_for(timeout=10000)  # the station's tooltip
    page.screenshot(path=str(artifacts_dir / "water-station-map-en.png"), full_page=True)
    box = chart.bounding_box()
    assert box and box["width"] > 550 and box["height"] > 750
    borders.scroll_into_view_if_needed()
    before, box = borders.bounding_box(), chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 300))
    page.mouse.wheel(0, -600)  # zoom in: the borders grow with the stations' scales
    page.wait_for_function(
        'w => document.querySelector(\'[data-testid="stVegaLiteChart"] .mark-image '
        "image').getBoundingClientRect().width > w * 1.2",
        arg=before["width"],
        timeout=10000,
    )
    assert "13" in main.locator('[data-testid="stMetricValue"]').first.inner_text()


def test_station_map_in_thai(ubon_server, page, artifacts_dir):
    page.goto(ubon_server + "/station_map?at=2020-06-29T13:10")
    wait_for_app(page)
    page.locator('[data-testid="stMain"]').get_by_text("แผนที่สถานีวัดระดับน้ำ").wait_for(timeout=30000)
    page.locator('[data-testid="stVegaLiteChart"] .mark-symbol.role-mark path').first.wait_for(timeout=30000)
    page.locator('[data-testid="stVegaLiteChart"]').get_by_text("ล้นตลิ่ง").first.wait_for(timeout=30000)  # Thai legend
    page.locator('[data-testid="stVegaLiteChart"]').get_by_text("เมืองอุบลราชธานี").wait_for(
        timeout=10000
    )  # district names
    page.screenshot(path=str(artifacts_dir / "water-station-map-th.png"), full_page=True)
    page.locator('[data-testid="stVegaLiteChart"]').screenshot(
        path=str(artifacts_dir / "water-station-map-chart-th.png")
    )
