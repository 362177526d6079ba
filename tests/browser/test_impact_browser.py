"""The impact map really draws in Chromium: Ubon's districts coloured by a DDPM-style
import, the satellite extent on top, and the evacuation-centre map."""

from __future__ import annotations

import time
from io import BytesIO

import pytest
from PIL import Image

from auth import SYSTEM, User
from config import load_settings
from geo.boundaries import import_boundary_file, load_districts
from ingest.gistda import read_saved_extent, store_flood_extent
from services.impact import import_impact, import_shelters
from store.db import make_engine, migrate
from tests.browser.conftest import wait_for_app
from tests.impact.conftest import FIXTURES
from tests.support.ci import reference_path

pytestmark = pytest.mark.browser
ADMIN = User("admin1", "Admin", "admin")


def drawn_share(canvas) -> float:
    """The share of the map canvas's pixels that are not its white background."""
    image = Image.open(BytesIO(canvas.screenshot())).convert("L")
    histogram = image.histogram()
    return 1 - sum(histogram[245:]) / (image.width * image.height)


def wait_until_drawn(chart, share: float = 0.1, timeout_s: float = 30) -> float:
    """Wait until MapLibre has drawn the districts (WebGL on the CPU) over at least ``share`` of
    the canvas; a map whose WebGL failed stays white and fails here."""
    canvas = chart.locator("canvas.maplibregl-canvas").first
    canvas.wait_for(timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    drawn = drawn_share(canvas)
    while drawn < share and time.monotonic() < deadline:
        time.sleep(0.5)
        drawn = drawn_share(canvas)
    assert drawn >= share, f"the map canvas is {drawn:.0%} drawn after {timeout_s:g} s"
    return drawn


@pytest.fixture(scope="module")
def impact_server(streamlit_server_factory, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("browser-impact")
    settings = load_settings({"DATA_DIR": str(data_dir)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    import_boundary_file(settings, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM)
    assert import_impact(engine, ADMIN, settings, FIXTURES / "ddpm_district.xlsx", "ddpm_district.xlsx").ok
    assert import_impact(engine, ADMIN, settings, FIXTURES / "en_district.csv", "en_district.csv").ok
    assert import_shelters(engine, ADMIN, settings, FIXTURES / "shelters.csv", "shelters.csv").ok
    extent = read_saved_extent(FIXTURES / "gistda_page1.json")
    store_flood_extent(engine, SYSTEM, extent, load_districts(settings), "34", source="gistda")
    engine.dispose()
    return streamlit_server_factory(data_dir)


def test_impact_map_draws(impact_server, page, artifacts_dir):
    page.goto(impact_server + "/impact?lang=en")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Flood impact by district").wait_for(timeout=30000)
    chart = main.locator('[data-testid="stPlotlyChart"]').first
    chart.get_by_text("no report").first.wait_for(timeout=30000)  # legend: districts without a report
    chart.get_by_text("Satellite flood extent").first.wait_for(timeout=30000)
    wait_until_drawn(chart)
    page.screenshot(path=str(artifacts_dir / "impact-map-en.png"), full_page=True)
    box = chart.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 400
    assert main.locator('[data-testid="stMetricValue"]').first.inner_text().strip() != ""


def test_impact_page_in_thai_and_shelters(impact_server, page, artifacts_dir):
    page.goto(impact_server + "/impact?indicator=flooded_rai")
    wait_for_app(page)
    page.locator('[data-testid="stMain"]').get_by_text("ผลกระทบจากอุทกภัยรายอำเภอ").wait_for(timeout=30000)
    wait_until_drawn(page.locator('[data-testid="stPlotlyChart"]').first)
    page.screenshot(path=str(artifacts_dir / "impact-map-th-flooded.png"), full_page=True)
    page.goto(impact_server + "/shelters?lang=en")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Evacuation centres").first.wait_for(timeout=30000)
    wait_until_drawn(main.locator('[data-testid="stPlotlyChart"]').first, share=0.02)  # points on an outline
    page.screenshot(path=str(artifacts_dir / "shelters-en.png"), full_page=True)
