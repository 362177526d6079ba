"""Source and age next to every number: captions and stale banners.

``PAGE_SOURCES`` is the one place that says which outside sources each page's figures come
from; every page of ``dashboard.PAGES`` is a key, and ``show_page_stale_banner(page, ...)``
puts the banner of the sources that are stale beyond their limit at the top of the page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from config import Settings
from domain.freshness import CADENCE_SOURCES, SourceFreshness, assess, stations_current_until
from i18n import CATALOGUE, t
from i18n.timefmt import format_age, format_datetime
from store.health import read_health
from ui.context import is_database_down


def source_label(source: str, lang: str) -> str:
    key = f"source.name.{source}"
    return t(key, lang) if key in CATALOGUE else source


@st.cache_data(ttl=15, show_spinner=False)
def _health_rows(_engine: Engine, database_url: str):
    return read_health(_engine)


@st.cache_data(ttl=60, show_spinner=False, max_entries=8)
def _water_current_until(
    _engine: Engine, database_url: str, province_code: str, ceiling_s: float, at: str | None
) -> datetime | None:
    from store.water_situation import latest_situation

    when = datetime.fromisoformat(at) if at else None
    return stations_current_until(latest_situation(_engine, province_code, at=when, stale_after_s=ceiling_s))


def assess_sources(engine: Engine, settings: Settings, rows, now: datetime, at: datetime | None = None) -> list:
    """``domain.freshness.assess`` of each health row against ``now``; ThaiWater by its stations'
    own cadences as of ``at`` (None: now), the rule the station rows below a banner follow."""
    until = None
    if any(row.source in CADENCE_SOURCES for row in rows):
        until = _water_current_until(
            engine, settings.database_url, settings.province_code, settings.waterlevel_stale_s, at and at.isoformat()
        )
    return [assess(row, settings, now, until if row.source in CADENCE_SOURCES else None) for row in rows]


def freshness(engine: Engine, settings: Settings, at: datetime | None = None) -> dict[str, SourceFreshness]:
    """Freshness of every source seen in the health table (cached 15 s); the district
    boundaries' from their cache (``geo.boundaries.boundary_health``), present or not. Ages
    against ``at`` in a replay (a source fetched after it has a negative age: not stale)."""
    try:
        rows = _health_rows(engine, settings.database_url)
    except SQLAlchemyError as exc:
        if is_database_down(exc):
            raise  # an outage is not "no source yet": ui.context.database_guard says so
        return {}
    now = at or datetime.now(UTC)
    states = {f.source: f for f in assess_sources(engine, settings, rows, now, at)}
    boundaries = _boundary_row(settings, next((r for r in rows if r.source == "boundaries"), None))
    if boundaries is not None and (boundaries.last_success_at or "boundaries" in states):
        states["boundaries"] = assess(boundaries, settings, now)
    return states


def _boundary_row(settings: Settings, row):
    from geo.boundaries import boundary_health

    return boundary_health(settings, row)


def caption_for(source: str, as_of: datetime | None, stale: bool, lang: str, now: datetime | None = None) -> str:
    """'ที่มา: ThaiWater (สสน.) · ข้อมูลเมื่อ 12 ต.ค. 2565 14:00 (5 นาทีที่แล้ว)'; the age against
    ``now`` (a replay's time; the clock when None)."""
    age = format_age((now or datetime.now(UTC)) - as_of, lang) if as_of else "–"
    text = t("fresh.caption", lang, source=source_label(source, lang), time=format_datetime(as_of, lang), age=age)
    return ("⚠️ " + t("fresh.stale_prefix", lang) + " " + text) if stale else text


def show_source_caption(
    source: str, as_of: datetime | None, stale: bool, lang: str, now: datetime | None = None
) -> None:
    """A caption under a figure; a visible warning when stale."""
    text = caption_for(source, as_of, stale, lang, now)
    if stale:
        st.warning(text)
    else:
        st.caption(text)


def show_stale_banner(
    engine: Engine,
    settings: Settings,
    sources: tuple[str, ...],
    lang: str,
    key: str = "fresh.banner",
    at: datetime | None = None,
) -> None:
    """A banner at the top of a page for each of ``sources`` that is stale beyond its limit
    (``key``: the i18n text, with ``{source}`` and ``{age}``), or tried but never fetched
    successfully (there is no age to give: its own text). ``at``: a replay's time, the ages' reference."""
    if not sources:
        return
    states = freshness(engine, settings, at)
    for source in sources:
        state = states.get(source)
        if state is not None and state.never:
            st.warning(t("fresh.banner_never", lang, source=source_label(source, lang)), icon="⚠️")
        elif state is not None and state.stale:
            st.warning(stale_banner_text(source, state.age, lang, key), icon="⚠️")


def stale_banner_text(source: str, age: timedelta | None, lang: str, key: str = "fresh.banner") -> str:
    """'Data from ThaiWater (HII) is stale (last updated 5 h ago); …' in ``lang``."""
    return t(key, lang, source=source_label(source, lang), age=format_age(age, lang))


# Every source in ``source_health``: the ingest jobs' SOURCE names and the impact imports.
ALL_SOURCES = (
    "thaiwater",
    "thaiwater_rain",
    "thaiwater_dams",
    "open_meteo_flood",
    "open_meteo_rain",
    "gistda",
    "impact",
    "boundaries",
)

PAGE_SOURCES: dict[str, tuple[str, ...]] = {
    "pages/overview.py": ("thaiwater", "open_meteo_flood", "impact"),  # stations (with forecast peaks), impact, map
    "pages/station_map.py": ("thaiwater",),
    "pages/water_levels.py": ("thaiwater", "thaiwater_rain", "thaiwater_dams", "open_meteo_flood", "open_meteo_rain"),
    "pages/impact.py": ("impact", "gistda"),  # reports and the satellite flood extent
    "pages/impact_entry.py": ("impact",),  # the previous report beside each field
    "pages/shelters.py": (),
    "pages/checklists.py": ("thaiwater",),  # items fire from river levels (domain.triggers)
    "pages/my_items.py": ("thaiwater",),
    "pages/briefing.py": ("thaiwater", "open_meteo_flood", "impact"),  # the overview's views
    "pages/changes.py": ("thaiwater", "impact"),  # station and district changes since a briefing
    "pages/sources.py": ALL_SOURCES,
    "pages/account.py": (),
    "pages/alerts.py": (),  # the outbox and subscriptions: our own records
}
"""Page file (as in ``dashboard.PAGES``) -> the sources whose staleness gets a banner there.

Left out on purpose:

- ``boundaries`` everywhere but the sources page: district outlines are reference geometry,
  checked once a day, and their age is the download's; the districts do not change when
  they age, so a banner on every map would cry wolf.
- ``pages/shelters.py``: the evacuation centres are entered by officers (import or the
  page's own upload), not polled, so no ``source_health`` row tracks them; the page shows
  the centres' own update time and age instead.
- ``pages/account.py``: sign-in and accounts use no outside source.
- ``gistda`` on the overview: its map shades districts by the people reported affected
  (``impact``), not by the satellite extent, which only the impact page draws.

``pages/sources.py`` shows every source (it draws its banners itself, in its refreshing
fragment, for any stale source of the health table). ``pages/briefing.py`` belongs to the
briefing module and marks stale sources in its own way (a caption per figure, a red box
on the wall screen)."""

# Pages whose banner says what a stale source means for them.
BANNER_KEYS = {
    "pages/checklists.py": "checklists.stale_banner",
    "pages/my_items.py": "checklists.stale_banner",
}


def page_sources(page: str) -> tuple[str, ...]:
    """The sources of ``page`` (a file of ``dashboard.PAGES``, e.g. 'pages/impact.py')."""
    try:
        return PAGE_SOURCES[page]
    except KeyError:
        raise KeyError(
            f"page {page!r} is not in ui.freshness.PAGE_SOURCES; add it there (pages: {', '.join(PAGE_SOURCES)})"
        ) from None


def show_page_stale_banner(
    page: str, engine: Engine, settings: Settings, lang: str, at: datetime | None = None
) -> None:
    """The stale banner of ``page`` for the sources ``PAGE_SOURCES`` gives it, judged as of
    ``at`` in a replay (a 2020 replay is not "2,351 days old")."""
    show_stale_banner(engine, settings, page_sources(page), lang, BANNER_KEYS.get(page, "fresh.banner"), at)
