"""Round 3, finding 4: the overview's six tiles at 1366 px (and 1920 px) show every label
whole, in Thai and English: a label wraps instead of ending in "…" ("Stations without a
cu…"), measured in Chromium."""

from __future__ import annotations

import pytest

from config import load_settings
from store.db import make_engine, migrate
from tests.browser.conftest import wait_for_app
from tests.water.daily_morning import NOW_PARAM, seed_daily_morning

pytestmark = pytest.mark.browser

# every metric label and whether its text is wider than its box (Streamlit ends it in "…")
MEASURE = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')].map((label) => {
  const cut = [label, ...label.querySelectorAll('*')].some((el) => el.scrollWidth > el.clientWidth + 1);
  return {text: label.innerText.trim(), cut};
})"""


@pytest.fixture(scope="module")
def overview_server(streamlit_server_factory, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("browser-overview-labels")
    settings = load_settings({"DATA_DIR": str(data_dir)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    seed_daily_morning(engine)
    engine.dispose()
    return streamlit_server_factory(data_dir)


@pytest.mark.parametrize("width", [1366, 1920])
@pytest.mark.parametrize(("lang", "label"), [("en", "Stations without a current reading"), ("th", "สถานีไม่มีข้อมูลปัจจุบัน")])
def test_every_tile_label_is_shown_whole(overview_server, page, artifacts_dir, width, lang, label):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{overview_server}/?lang={lang}&at={NOW_PARAM}")
    wait_for_app(page, 60000)
    page.locator('[data-testid="stMetricLabel"]').first.wait_for(timeout=30000)
    labels = page.evaluate(MEASURE)
    page.screenshot(path=str(artifacts_dir / f"overview-labels-{lang}-{width}.png"))
    assert len(labels) == 6, labels
    assert label in [x["text"] for x in labels], labels
    assert not [x["text"] for x in labels if x["cut"]], labels
