"""The meeting-room screen and the briefing helpers of the pages: screen CSS, the big
clock, rotating views refreshed in place, cached snapshot loaders (the views on the normal
pages: ``ui.briefing_views``).

Screen mode is stateless on purpose: the URL (``?screen=1&rotate=20&lang=th``) is the
whole configuration, so a wall screen can be set up once and left running."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from html import escape

import pandas as pd
import streamlit as st

from briefing.figures import situation_map
from briefing.snapshot import has_impact, has_progress
from briefing.wall import WALL_CSS, view_html
from domain.changes import compare_snapshots
from geo.display import districts_geojson
from i18n import t
from i18n.timefmt import (
    BE_OFFSET,
    EN_DAYS,
    EN_MONTHS_FULL,
    TH_DAYS,
    TH_MONTHS_FULL,
    to_bangkok,
)
from services.briefing_snapshot import snapshot_with_forecasts
from store.briefings import latest_briefing, list_briefings, load_briefing
from ui import context
from ui.auth import wall_still_allowed
from ui.empty import show_empty_state
from ui.water import parse_at_param
from ui.water_state import QP_AT

# widget and session-state keys (one place)
ROTATION = "briefing_rotation"  # (step, monotonic time of the step) of the screen's rotation
VIEW_SELECT = "briefing_view"  # view picker on the normal page
SAVE_TITLE = "briefing_save_title"
SAVE_BUTTON = "briefing_save"
DECK_FORMAT = "briefing_deck_format"
DECK_BUILD = "briefing_deck_build"
DECK_DOWNLOAD = "briefing_deck_download"
CARD_DOWNLOAD = "briefing_card_download"
SINCE_SELECT = "briefing_since"  # also a query parameter: ?since=<briefing id>
ROTATE_PARAM = "rotate"

VIEWS = ("map", "stations", "dams", "impact", "response", "changes")
DEFAULT_ROTATE_S, MIN_ROTATE_S, MAX_ROTATE_S = 20, 5, 600
SNAPSHOT_TTL_S = 60

SCREEN_CSS = WALL_CSS  # sizes from the viewport (briefing.wall)
VIEW_PARAM = "view"  # ?view=map pins the screen to one view (a second TV, or a test)


# ---- loaders -------------------------------------------------------------------------------


@st.cache_data(ttl=SNAPSHOT_TTL_S, show_spinner=False, max_entries=8)
def load_snapshot(
    _engine, _settings, database_url: str, province_code: str, at: str | None = None, data_version: str = ""
) -> dict:
    """The live situation, or the one at ``at`` (ISO, UTC) in a replay; keyed on the inputs'
    ``data_version`` (``ui.forecast.data_version``) so a new ingest shows at the next rerun,
    the TTL a backstop."""
    return snapshot_with_forecasts(_engine, _settings, datetime.fromisoformat(at) if at else None)


@st.cache_resource(ttl=3600, show_spinner=False, max_entries=4)
def load_geojson(_settings, data_dir: str, province_code: str) -> dict | None:
    """The display districts. A resource: handed out without the copy ``st.cache_data`` makes
    on every call (90 KB on each rotation of the wall screen), so callers must not mutate it."""
    return districts_geojson(_settings)


@st.cache_resource(ttl=2 * SNAPSHOT_TTL_S, show_spinner=False, max_entries=16)
def situation_figure(
    taken_at: str,
    database_url: str,
    lang: str,
    map_style: str,
    height: int,
    data_dir: str,
    province_code: str,
    _snapshot: dict,
    _settings,
):
    """The situation map of one snapshot (keyed on its ``taken_at``), built once and shared by
    every screen and page showing that snapshot of that database; never mutated (``st.plotly_chart``
    serialises a copy). None when there is neither a boundary nor a located station."""
    fig = situation_map(_snapshot, load_geojson(_settings, data_dir, province_code), lang, map_style, 1600, height)
    if fig is not None:
        fig.update_layout(height=height)
    return fig


@st.cache_data(ttl=SNAPSHOT_TTL_S, show_spinner=False, max_entries=8)
def load_briefing_list(_engine, database_url: str, province_code: str) -> pd.DataFrame:
    return list_briefings(_engine, province_code)


@st.cache_data(ttl=SNAPSHOT_TTL_S, show_spinner=False, max_entries=32)
def load_saved(_engine, database_url: str, briefing_id: int | None, province_code: str):
    """A saved briefing by id, or the newest one when ``briefing_id`` is None."""
    return load_briefing(_engine, briefing_id) if briefing_id is not None else latest_briefing(_engine, province_code)


def current_snapshot(at: datetime | None = None) -> dict:
    """The snapshot now, or as of ``at`` (a replay: ``replay_at_param``)."""
    from ui.forecast import data_version

    settings = context.settings()
    engine = context.engine()
    version = data_version(engine)
    return load_snapshot(
        engine, settings, settings.database_url, settings.province_code, at.isoformat() if at else None, version
    )


def replay_at_param() -> datetime | None:
    """``?at=`` of the page, parsed by the station map's parser (one warning for a bad value)."""
    return parse_at_param(st.query_params.get(QP_AT))


def rotate_seconds() -> int:
    """``?rotate=N`` clamped to 5..600 s; 20 s when absent or not a number."""
    try:
        value = int(st.query_params.get(ROTATE_PARAM, DEFAULT_ROTATE_S))
    except ValueError:
        return DEFAULT_ROTATE_S
    return max(MIN_ROTATE_S, min(MAX_ROTATE_S, value))


def available_views(snapshot: dict, saved) -> list[str]:
    """The views that have data: each appears as its data does."""
    has_water = any(s.get("level_msl") is not None for s in snapshot["stations"])
    present = {
        "map": has_water or has_impact(snapshot),
        "stations": bool(snapshot["stations"]),
        "dams": bool(snapshot.get("dams")),
        "impact": has_impact(snapshot),
        "response": has_progress(snapshot),
        "changes": saved is not None,
    }
    return [v for v in VIEWS if present[v]]


# ---- the screen ----------------------------------------------------------------------------

# (date template, day names, month names, year offset, zero-padded day): one format for the server and the browser
CLOCK_DATES = {
    "th": ("วัน{weekday}ที่ {day} {month} {year}", TH_DAYS, TH_MONTHS_FULL, BE_OFFSET, False),
    "en": ("{weekday} {day} {month} {year}", EN_DAYS, EN_MONTHS_FULL, 0, True),
}
BANGKOK_UTC_OFFSET_MS = 7 * 3600 * 1000  # Bangkok keeps UTC+7 all year (no daylight saving)
CLOCK_SKEW_TOLERATED_MS = 60_000  # a display computer off by more than this follows the server's clock

# Ticks the clock in the browser: a server rerun every second per screen cost a full gc.collect()
# (Streamlit's runner.postScriptGC, ~165 ms with the GIL held) each time; 20 screens saturated one
# server process (bench/load_test.py).
CLOCK_SCRIPT = """<script>
(() => {
  const c = %s;
  const now = Date.now(), skew = Math.abs(c.server_ms - now) > c.tolerated_ms ? c.server_ms - now : 0;
  const pad = (n) => String(n).padStart(2, "0");
  const tick = () => {
    const b = new Date(Date.now() + skew + c.offset_ms);
    const clock = `${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}:${pad(b.getUTCSeconds())}`;
    const date = c.template.replace("{weekday}", c.days[(b.getUTCDay() + 6) %% 7])
      .replace("{day}", c.pad_day ? pad(b.getUTCDate()) : String(b.getUTCDate()))
      .replace("{month}", c.months[b.getUTCMonth()]).replace("{year}", String(b.getUTCFullYear() + c.year_offset));
    document.querySelectorAll('[data-testid="fr-clock"]').forEach((e) => { if (e.textContent !== clock) e.textContent \
= clock; });
    document.querySelectorAll('.fr-date').forEach((e) => { if (e.textContent !== date) e.textContent = date; });
  };
  clearInterval(window.__frClockTimer);
  window.__frClockTimer = setInterval(tick, 1000);
  tick();
})();
</script>"""


def thai_clock(now: datetime, lang: str) -> tuple[str, str]:
    """('14:05:09', 'วันพุธที่ 25 พฤศจิกายน 2569') in Bangkok time, Buddhist era in Thai."""
    local = to_bangkok(now)
    template, days, months, year_offset, pad_day = CLOCK_DATES[lang]
    day = f"{local.day:02d}" if pad_day else str(local.day)
    return local.strftime("%H:%M:%S"), template.format(
        weekday=days[local.weekday()], day=day, month=months[local.month - 1], year=local.year + year_offset
    )


def clock_script(lang: str, server_now: datetime) -> str:
    """The ``<script>`` that ticks the screen's clock in the browser, in the language's date
    format; the display computer's own clock unless it is more than a minute off the server's."""
    template, days, months, year_offset, pad_day = CLOCK_DATES[lang]
    config = {
        "template": template,
        "days": days,
        "months": months,
        "year_offset": year_offset,
        "pad_day": pad_day,
        "offset_ms": BANGKOK_UTC_OFFSET_MS,
        "server_ms": int(server_now.timestamp() * 1000),
        "tolerated_ms": CLOCK_SKEW_TOLERATED_MS,
    }
    return CLOCK_SCRIPT % json.dumps(config)  # ASCII-escaped: nothing in it can close the script tag


def render_header(lang: str) -> None:
    """Province, and the clock as the server sees it now; the browser ticks it from then on
    (``clock_script``). One HTML block, so its height is the CSS's, not Streamlit's spacing."""
    now = datetime.now(UTC)
    clock, day = thai_clock(now, lang)
    province = context.settings().province
    name = t("briefing.province", lang, province=province.name_th if lang == "th" else province.name_en)
    st.markdown(
        f'<div class="fr-head"><div class="fr-province">{escape(name)}</div><div><div class="fr-clock" '
        f'data-testid="fr-clock">{clock}</div>'
        f'<div class="fr-date">{day}</div></div></div>',
        unsafe_allow_html=True,
    )
    st.html(clock_script(lang, now), unsafe_allow_javascript=True)


def render_screen(lang: str) -> None:
    """Screen mode: CSS, header with clock, and the rotating view fragment."""
    st.markdown(SCREEN_CSS, unsafe_allow_html=True)
    render_header(lang)
    at = replay_at_param()  # parsed once per page run: the fragment's reruns warn no more than once
    rotating_view = st.fragment(run_every=rotate_seconds())(_rotating_view)
    rotating_view(lang, at)


def advance_rotation(now: float, rotate_s: int) -> int:
    """The rotation step: one more than last time, unless the last step is younger than
    most of a period (a stray extra rerun of the fragment must not skip a view)."""
    step, since = st.session_state.get(ROTATION, (-1, float("-inf")))
    if now - since >= rotate_s * 0.8:
        step, since = step + 1, now
        st.session_state[ROTATION] = (step, since)
    return step


def pinned_views(views: list[str]) -> list[str]:
    """``?view=map`` keeps the screen on that view when it has data; otherwise all views."""
    wanted = st.query_params.get(VIEW_PARAM)
    return [wanted] if wanted in views else views


def _rotating_view(lang: str, at: datetime | None = None) -> None:
    if not wall_still_allowed():  # token revoked or session ended since the page loaded
        st.rerun(scope="app")
    with context.database_guard(lang):  # a database outage shows one message; the next refresh tries again
        snapshot = current_snapshot(at)
        settings = context.settings()
        saved = load_saved(context.engine(), settings.database_url, None, settings.province_code)
        views = pinned_views(available_views(snapshot, saved))
        if not views:
            show_empty_state(
                t("briefing.what.water", lang),
                t("briefing.no_views_why", lang),
                "python manage.py ingest --source thaiwater",
                lang,
            )
            return
        step = advance_rotation(time.monotonic(), rotate_seconds())
        view = views[step % len(views)]
        geojson = load_geojson(settings, str(settings.data_dir), settings.province_code) if view == "map" else None
        changes = compare_snapshots(saved.snapshot, snapshot) if view == "changes" and saved is not None else None
        st.markdown(
            view_html(view, snapshot, geojson, lang, step % len(views) + 1, len(views), step, saved, changes),
            unsafe_allow_html=True,
        )
