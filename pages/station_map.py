"""Station map: every river station of the province coloured by HII class, with a trend
mark, labels that do not collide (key stations bold), district names, switchable shelter and
flood-extent layers, and a time control that replays the stored observations."""

from datetime import UTC, datetime

import streamlit as st

from briefing.snapshot import datum_duplicates
from i18n import t
from i18n.timefmt import format_datetime, to_bangkok
from ui import context
from ui import water_state as keys
from ui.empty import show_empty_state
from ui.freshness import show_page_stale_banner, show_source_caption
from ui.station_map import (
    layer_switches,
    load_district_points,
    load_extent,
    load_located_shelters,
    show_key_stations,
    station_map_figure,
)
from ui.water import load_outlines, load_situation, load_span, parse_at_param, replay_time, with_display_columns

REFRESH_S = 300  # the live map re-reads the store every 5 minutes (ingest polls every 10)
lang = context.lang()
settings = context.settings()
engine = context.engine()
url = settings.database_url
st.title(t("water.map.heading", lang))
banner = st.container()  # filled once the replay time is known: a replay's staleness is as of then

first, last = load_span(engine, url, settings.province_code)
if last is None:
    with banner:  # nothing to replay: the live banner
        show_page_stale_banner("pages/station_map.py", engine, settings, lang)
    show_empty_state(
        t("water.what.stations", lang),
        t("water.why.no_stations", lang),
        "python manage.py ingest --source thaiwater\n# or, from a saved reply:\npython manage.py ingest --source "
        "thaiwater --from-file waterlevel_load.json",
        lang,
    )
    st.stop()

asked = parse_at_param(st.query_params.get(keys.QP_AT))
modes = {"live": t("water.mode.live", lang), "replay": t("water.mode.replay", lang)}
mode = (
    st.segmented_control(
        t("water.mode.label", lang),
        list(modes),
        format_func=modes.get,
        key=keys.MAP_MODE,
        default="replay" if asked else "live",
        selection_mode="single",
    )
    or "live"
)
at = None
if mode == "replay":
    start = to_bangkok(asked or last)
    left, right = st.columns(2)
    day = left.date_input(t("water.replay.date", lang), value=start.date(), key=keys.MAP_DATE)
    clock = right.time_input(
        t("water.replay.time", lang), value=start.time().replace(second=0, microsecond=0), step=1800, key=keys.MAP_TIME
    )
    at = replay_time(day, clock)
    st.query_params[keys.QP_AT] = to_bangkok(at).strftime("%Y-%m-%dT%H:%M")
    st.caption(t("water.replay.span", lang, first=format_datetime(first, lang), last=format_datetime(last, lang)))
elif keys.QP_AT in st.query_params:
    del st.query_params[keys.QP_AT]
with banner:
    show_page_stale_banner("pages/station_map.py", engine, settings, lang, at)


@st.fragment(run_every=None if at else REFRESH_S)
def render_situation() -> None:
    """Metrics, map and source line; re-run on its own every few minutes when live."""
    with context.database_guard(lang):  # an outage on a timed refresh shows one message, not a traceback
        _render_situation()


def _render_situation() -> None:
    now = at or datetime.now(UTC)
    situation = load_situation(
        engine, url, settings.province_code, at.isoformat() if at else None, settings.waterlevel_stale_s
    )
    situation = situation[~datum_duplicates(situation)]  # M7 beside M.7 is one gauge, not two stations
    df = with_display_columns(situation, lang, now)
    st.info(t("water.replay.showing", lang, time=format_datetime(now, lang)))
    if at is None and df["stale"].all():
        st.warning(t("water.all_stale", lang, time=format_datetime(last, lang)))
    cols = st.columns(5)
    cols[0].metric(t("water.metric.stations", lang), len(df))
    cols[1].metric(t("water.metric.over_bank", lang), int((df["situation_class"] == "over_bank").sum()))
    cols[2].metric(t("water.metric.high", lang), int((df["situation_class"] == "high").sum()))
    cols[3].metric(t("water.metric.rising", lang), int((df["trend"] == "rising").sum()))
    cols[4].metric(t("water.metric.stale", lang), int(df["stale"].sum()))
    outlines = load_outlines(settings, str(settings.data_dir), settings.province_code)
    shelters, extent = load_located_shelters(engine, url), load_extent(engine, url)
    map_column, side = st.columns([5, 2])
    with side:
        layers = layer_switches(lang, has_shelters=not shelters.empty, has_extent=extent is not None)
        show_key_stations(df, lang)
    spec = station_map_figure(
        df,
        lang,
        outlines,
        districts=load_district_points(settings, str(settings.data_dir), settings.province_code),
        shelters=shelters if "shelters" in layers else None,
        extent=extent if "extent" in layers else None,
    )
    map_column.vega_lite_chart(spec, key=keys.MAP_CHART, width="stretch")
    map_column.caption(t("water.map.zoom_hint", lang) + " · " + t("water.map.labels_hint", lang))
    newest = df["observed_at"].dropna().max()
    show_source_caption(
        "thaiwater", None if newest != newest else newest.to_pydatetime(), bool(df["stale"].all()), lang, now
    )
    if outlines is None:
        st.caption(t("water.no_outlines", lang))
    missing = int((df["lat"].isna() | df["lon"].isna()).sum())
    if missing:
        st.caption(t("water.no_coordinates", lang, n=missing))


render_situation()
