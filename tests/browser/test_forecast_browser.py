"""The water page's hydrograph with the level forecast really draws in Chromium (the
constructed M.7 season of tests/forecast_ui/stored.py, replayed as of 10 Sep 2022 08:00):
the forecast band after the last observation, the median, the bank, the impact levels and the
model label, in English and Thai. Screenshots in artifacts/screenshots/forecast-*.png."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from config import load_settings
from store.db import make_engine, migrate
from tests.browser.conftest import wait_for_app
from tests.forecast_ui.stored import store_m7_season

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def season_server(streamlit_server_factory, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("browser-forecast")
    settings = load_settings({"DATA_DIR": str(data_dir)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    store_m7_season(engine)
    engine.dispose()
    return streamlit_server_factory(data_dir)


@pytest.mark.parametrize(
    ("lang", "median", "label", "statement"),
    [
        (
            "en",
            "Forecast level (GloFAS model)",
            "issued 10 Sep 2022 07:00 (1 h ago)",  # under "Model forecast", with its age
            "city-side bank overtopped",
        ),
        (
            "th",
            "ระดับน้ำพยากรณ์ (แบบจำลอง GloFAS)",
            "ออกเมื่อ 10 ก.ย. 2565 07:00 (1 ชม. ที่แล้ว)",
            "น้ำล้นตลิ่งฝั่งเมืองอุบลราชธานี",
        ),
    ],
)
def test_the_hydrograph_draws_the_forecast_band(season_server, page, artifacts_dir, lang, median, label, statement):
    page.goto(f"{season_server}/water_levels?lang={lang}&at=2022-09-10T08:00&days=7")
    wait_for_app(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".main-svg").first.wait_for(timeout=30000)
    chart.get_by_text(median).wait_for(timeout=30000)  # the median's legend entry
    chart.get_by_text(label, exact=False).wait_for(timeout=10000)  # the model label with the inputs' issue time
    chart.get_by_text(statement, exact=False).first.wait_for(timeout=10000)  # an impact level
    fills = chart.locator("path.js-fill")
    assert fills.count() >= 1  # the band is drawn as a filled area
    box = fills.first.bounding_box()
    assert box is not None and box["width"] > 50 and box["height"] > 5
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(artifacts_dir / f"forecast-hydrograph-{lang}.png"))
    page.screenshot(path=str(artifacts_dir / f"forecast-water-page-{lang}.png"), full_page=True)


def _boxes_overlap(a: dict, b: dict) -> bool:  # two page boxes share some area
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_phone_chart_label_fits_and_labels_do_not_overlap(season_server, browser, artifacts_dir, lang):
    """390x844: the model label lies inside the chart, clear of the toolbar (which stands
    upright at the right), and the bank and the statement at 112.00 are one label, not two
    printed over each other."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="th-TH", timezone_id="Asia/Bangkok")
    page = context.new_page()
    try:
        page.goto(f"{season_server}/water_levels?lang={lang}&at=2022-09-10T08:00&days=7")
        wait_for_app(page)
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.locator(".main-svg").first.wait_for(timeout=30000)
        head = "Model forecast" if lang == "en" else "ค่าพยากรณ์จากแบบจำลอง"
        label = chart.locator("g.annotation").filter(has_text=head).first
        label.wait_for(timeout=30000)
        chart.scroll_into_view_if_needed()
        chart.hover()  # the toolbar shows on hover
        page.wait_for_timeout(500)
        svg = chart.locator(".main-svg").first.bounding_box()
        box = label.bounding_box()
        assert svg and box and box["x"] >= svg["x"] and box["x"] + box["width"] <= svg["x"] + svg["width"], (svg, box)
        bar = chart.locator(".modebar").first.bounding_box()
        assert bar is None or not _boxes_overlap(box, bar), (box, bar)
        # one label at the bank's level (the bank and the statement at 112.00 were two, printed over each other)
        at_bank = chart.locator("g.annotation").filter(has_text="112.00")
        texts = [at_bank.nth(i).text_content() or "" for i in range(at_bank.count())]
        chart.screenshot(path=str(artifacts_dir / f"forecast-phone-chart-{lang}.png"))
    finally:
        context.close()
    assert len(texts) == 1 and " · " in texts[0], texts


@pytest.fixture(scope="module")
def live_server(streamlit_server_factory, tmp_path_factory):
    """The same season ending an hour ago: the wall shows the live situation."""
    data_dir = tmp_path_factory.mktemp("browser-forecast-live")
    settings = load_settings({"DATA_DIR": str(data_dir)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    store_m7_season(engine, last=LIVE)
    add_other_key_stations(engine, LIVE)
    engine.dispose()
    return streamlit_server_factory(data_dir)


# the other key stations with their recorded names and a reading each: a full stations table on the wall
OTHERS = (
    ("M.11B", "บ้านโพธิ์ตาก", 106.87),
    ("E.98", "บ้านเขื่องใน", 109.10),
    ("M.182", "บ้านสีถาน", 110.59),
    ("M.5", "บ้านเมืองคง", 110.58),
)


def add_other_key_stations(engine, last) -> None:
    from sqlalchemy import update

    from store.water import WaterStation
    from tests.forecast.history import add_readings, add_station

    for code, _, level in OTHERS:
        add_station(engine, code, f"st-{code}", bank=level + 5.0, ground=level - 8.0)
        add_readings(engine, f"st-{code}", [last], [level])
    with engine.begin() as conn:
        conn.execute(
            update(WaterStation).where(WaterStation.station_id == "st-m7").values(name_th="สะพานเสรีประชาธิปไตย")
        )
        for code, name, _ in OTHERS:
            conn.execute(update(WaterStation).where(WaterStation.station_id == f"st-{code}").values(name_th=name))


LIVE = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_the_wall_says_the_forecast_sentences_without_overflow(live_server, browser, artifacts_dir, width, height):
    from tests.browser.test_wall_sizes import MEASURE

    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="th-TH", timezone_id="Asia/Bangkok"
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server}/briefing?screen=1&rotate=600&lang=th&view=stations")
        page.locator('[data-testid="fr-view"][data-view="stations"]').wait_for(timeout=60000)
        wait_for_app(page)
        page.wait_for_timeout(500)
        lines = page.locator('[data-testid="fr-forecast-line"]')
        assert page.locator('[data-testid="fr-body"] tbody tr').count() == 5  # the full key-station table above
        assert lines.count() == 2  # M.7's forecast, and one line for the four stations without a rating
        assert "คาดว่าจะล้นตลิ่ง (112.00 ม.รทก.) วันที่" in lines.first.inner_text()
        assert lines.nth(1).inner_text().startswith("M.11B, E.98, M.182, M.5: ไม่มีการพยากรณ์ระดับน้ำ")
        # the wall's type, not small print: at least the size of the table's cells' labels
        size = float(lines.first.evaluate("e => getComputedStyle(e).fontSize").rstrip("px"))
        assert size >= 0.0279 * height, size
        # Thai broken only between words (briefing.thai_text): a word of the reason is one unbreakable unit
        loose = lines.nth(1).evaluate(
            "e => Array.from(e.childNodes)"
            ".filter(n => n.nodeType === 3 && /[\\u0e00-\\u0e7f]/.test(n.textContent)).length"
        )
        assert lines.nth(1).locator(".fr-w").count() > 5 and loose == 0  # every Thai word in its own unbreakable span
        page.screenshot(path=str(artifacts_dir / f"forecast-wall-stations-{width}x{height}.png"))
        m = page.evaluate(MEASURE)
    finally:
        context.close()
    assert not m["overflow"], m["overflow"]
    assert not m["body_scrolls"] and not m["page_scrolls"]


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_overview_says_the_forecast(season_server, page, artifacts_dir, lang):
    page.goto(f"{season_server}/?lang={lang}&at=2022-09-10T08:00")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    heading = "Level forecast at the key stations" if lang == "en" else "พยากรณ์ระดับน้ำ สถานีหลัก"
    main.get_by_text(heading, exact=True).wait_for(timeout=30000)
    first = main.locator("li").filter(has_text="M.7:").first
    crossing = "expected to cross the bank (112.00 m) on 12 Sep 2022" if lang == "en" else "วันที่ 12 ก.ย. 2565"
    assert crossing in first.inner_text()
    first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / f"forecast-overview-{lang}.png"))
