"""Overview: which stations are rising or over the bank, which districts are hit, how the
response is going — or an honest account of what is missing."""

import streamlit as st

from i18n import t
from i18n.timefmt import format_datetime
from ui import context
from ui.briefing import available_views, current_snapshot, replay_at_param
from ui.briefing_views import render_view
from ui.empty import show_empty_state
from ui.forecast import render_forecast_sentences
from ui.freshness import show_page_stale_banner
from ui.overview import render_headline, render_key_stations

lang = context.lang()
settings = context.settings()
province = settings.province
st.title(t("overview.heading", lang))
st.caption(t("app.subtitle", lang, province=province.name_th if lang == "th" else province.name_en))
at = replay_at_param()  # ?at=2020-06-29T13:30 replays the store as of then, as the station map does
show_page_stale_banner("pages/overview.py", context.engine(), settings, lang, at)
if at:
    st.info(t("water.replay.showing", lang, time=format_datetime(at, lang)))

snapshot = current_snapshot(at)
if not snapshot["sources"] and not snapshot["stations"]:
    show_empty_state(t("what.sources", lang), t("why.never_ingested", lang), "python manage.py ingest", lang)
    st.stop()

render_headline(snapshot, lang)
views = available_views(snapshot, None)
st.subheader(t("overview.key_stations", lang))  # full width: nine columns never fit beside a map
if "stations" in views:
    render_key_stations(snapshot, lang, settings.province_code)
else:
    st.info(t("overview.no_stations", lang))
render_forecast_sentences(snapshot, lang)  # one sentence per key station
# without a map the impact takes the whole width instead of leaving a blank column beside it
map_box, impact_box = st.columns([3, 2]) if "map" in views else (None, st.container())
if map_box is not None:
    with map_box:
        render_view("map", snapshot, None, lang, height=560)
with impact_box:
    st.subheader(t("overview.impact", lang))
    if "impact" in views:
        render_view("impact", snapshot, None, lang)
    else:
        show_empty_state(
            t("overview.what_impact", lang), t("overview.why_impact", lang), "python manage.py import-impact FILE", lang
        )
st.subheader(t("overview.response_heading", lang))
if "response" in views:
    render_view("response", snapshot, None, lang)
else:
    show_empty_state(
        t("overview.what_event", lang), t("overview.why_event", lang), "python manage.py open-event --help", lang
    )
