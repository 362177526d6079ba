"""The water-levels page really shows the large dams upstream in Chromium after the recorded
2020 ThaiWater replies (water levels for the key stations' basins, dams) are ingested: the
section, the dams of the Mun and Chi, the report's date and source."""

from __future__ import annotations

import pytest

import ingest.thaiwater as water_job
import ingest.thaiwater_dams as dams_job
from config import load_settings
from ingest import IngestContext, run_job
from store.db import make_engine, migrate
from tests.browser.conftest import wait_for_app
from tests.support.ci import reference_path

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dams_server(streamlit_server_factory, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("browser-dams")
    settings = load_settings({"DATA_DIR": str(data_dir)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    ctx = IngestContext(settings, engine, None)
    path = reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")
    assert run_job(ctx, water_job, from_file=path).ok
    assert run_job(ctx, dams_job, from_file=reference_path("thaiwater", "hii_public_thailand_2020-06-29_dam.json")).ok
    engine.dispose()
    return streamlit_server_factory(data_dir)


def test_water_page_shows_the_dams_upstream(dams_server, page, artifacts_dir):
    lang, heading, date, dam = "en", "Large dams upstream", "29 Jun 2020", "สิรินธร"  # no English names in 2020
    page.goto(dams_server + f"/water_levels?lang={lang}&at=2020-06-29T15:00")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    section = main.get_by_text(heading, exact=True)
    section.wait_for(timeout=30000)
    main.get_by_text(f"daily report of {date}").wait_for(timeout=30000)
    main.get_by_text("Basins of the key stations").wait_for(timeout=10000)
    grid = main.locator('[data-testid="stDataFrame"]').filter(has=page.locator("canvas")).nth(1)
    section.scroll_into_view_if_needed()
    grid.wait_for(timeout=30000)
    page.wait_for_timeout(1500)  # the grid paints its canvas after layout
    page.screenshot(path=str(artifacts_dir / f"water-dams-{lang}.png"), full_page=True)
    grid.screenshot(path=str(artifacts_dir / f"water-dams-table-{lang}.png"))
    cells = page.locator('[data-testid="stDataFrame"] table [role="gridcell"], [data-testid="stDataFrame"] td')
    texts = " ".join(cells.all_inner_texts())
    assert dam in texts and "ลำตะคอง" in texts  # the grid's accessible table holds the cells
    assert "ภูมิพล" not in texts  # a dam of another basin is not shown
