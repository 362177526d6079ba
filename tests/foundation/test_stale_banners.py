"""Every page carries a banner while a source it uses is stale beyond its limit (issue 8).

For each page of ``dashboard.PAGES`` the sources come from ``ui.freshness.PAGE_SOURCES``:
on a real SQLite store with every source fresh the page shows no banner; then each of its
sources in turn is made stale (5 days old, beyond every limit) and the page, run from
``dashboard.py`` with AppTest, must show a banner naming that source, and no other."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from config import load_settings
from dashboard import PAGES
from domain.freshness import stale_limit
from i18n import t
from ingest import discover_jobs
from store.db import make_engine, migrate
from store.health import record_attempt
from tests.support.shell import open_at_its_url
from ui.freshness import ALL_SOURCES, BANNER_KEYS, PAGE_SOURCES, _health_rows, page_sources, source_label

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = [path for path, *_ in PAGES]
STALE_AGE = timedelta(
    days=5, hours=1
)  # beyond the limits of the polled sources (3 h water, 36 h forecast and impact, 24 h default)
FRESH_AGE = timedelta(minutes=1)
# The briefing page marks stale sources in its own way (see PAGE_SOURCES' docstring); it is
# not checked for the banner until it shows one.
WITHOUT_BANNER_YET = {"pages/briefing.py"}


def banner_pattern(page: str, lang: str) -> re.Pattern:
    """The page's banner with any source and any age."""
    template = t(BANNER_KEYS.get(page, "fresh.banner"), lang)
    parts = re.split(r"\{source\}|\{age\}", template)
    return re.compile("(.+)".join(re.escape(p) for p in parts))


def banners(at: AppTest, page: str, lang: str) -> list[str]:
    """The source named by each banner in the page's main area."""
    pattern = banner_pattern(page, lang)
    found = []
    for warning in at.main.warning:
        match = pattern.fullmatch(warning.value)
        if match:
            found.append(match.group(1))
    return found


def set_health(engine, stale: str | None) -> None:
    """Every known source fresh, ``stale`` (if any) STALE_AGE old, or a day past its limit if that is longer."""
    now = datetime.now(UTC)
    for source in ALL_SOURCES:
        when = now - (
            max(STALE_AGE, stale_limit(source, load_settings({})) + timedelta(days=1)) if source == stale else FRESH_AGE
        )
        record_attempt(engine, source, ok=True, rows=1, latency_ms=10.0, data_time=when, at=when)
    _health_rows.clear()  # the banner's 15-second cache of the health table


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings({"DATA_DIR": str(tmp_path / "data")})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


def test_every_page_is_mapped_and_every_source_known():
    assert sorted(PAGE_SOURCES) == sorted(PAGE_FILES), (
        "every page of dashboard.PAGES needs an entry in ui.freshness.PAGE_SOURCES"
    )
    polled = set(discover_jobs()) | {"impact"}
    assert polled <= set(ALL_SOURCES), (
        f"sources missing from ui.freshness.ALL_SOURCES: {sorted(polled - set(ALL_SOURCES))}"
    )
    assert set(PAGE_SOURCES["pages/sources.py"]) == set(ALL_SOURCES)
    for page, sources in PAGE_SOURCES.items():
        assert set(sources) <= set(ALL_SOURCES), page


def test_page_sources_names_the_pages_for_an_unknown_one():
    with pytest.raises(KeyError, match="pages/overview.py"):
        page_sources("pages/nowhere.py")


@pytest.mark.parametrize("page", [p for p in PAGE_FILES if p not in WITHOUT_BANNER_YET])
def test_page_shows_a_banner_for_each_stale_source_it_uses(store, page):
    lang = "th" if PAGE_FILES.index(page) % 2 else "en"  # both languages across the pages, one run each
    set_health(store, stale=None)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    open_at_its_url(at, page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert banners(at, page, lang) == [], f"{page}: a banner with every source fresh"
    for source in page_sources(page):
        set_health(store, stale=source)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert banners(at, page, lang) == [source_label(source, lang)], (
            f"{page}: stale {source} should be named by the banner alone"
        )


@pytest.mark.parametrize("page", ["pages/checklists.py", "pages/my_items.py"])
def test_checklist_banner_says_the_triggers_miss_the_river(store, page):
    set_health(store, stale="thaiwater")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    open_at_its_url(at, page)
    at.run()
    text = " ".join(w.value for w in at.main.warning)
    assert "River levels from ThaiWater (HII) are stale (last updated 5 days ago)" in text
    assert "triggers are not seeing the current water" in text


def test_a_source_tried_but_never_fetched_says_so_instead_of_an_age(store):
    now = datetime.now(UTC)
    for source in ALL_SOURCES:
        if source == "gistda":  # a fresh install whose first fetch failed: no success yet
            record_attempt(store, source, ok=False, error="HTTP 503", at=now)
        else:
            record_attempt(store, source, ok=True, rows=1, latency_ms=10.0, data_time=now, at=now)
    _health_rows.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    open_at_its_url(at, "pages/impact.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [w.value for w in at.main.warning]
    assert "GISTDA" in " ".join(texts) and any("has never been fetched successfully" in w for w in texts)
    assert not any("last updated –" in w for w in texts)
