"""Overview: which stations are rising or over the bank, which districts are hit, how the
response is going — or an honest account of what is missing."""
import streamlit as st

from i18n import t
from ui import context
from ui.briefing import available_views, current_snapshot, render_view
from ui.empty import show_empty_state
from ui.freshness import show_page_stale_banner
from ui.overview import render_headline

lang = context.lang()
settings = context.settings()
province = settings.province
st.title(t("overview.heading", lang))
st.caption(t("app.subtitle", lang, province=province.name_th if lang == "th" else province.name_en))
show_page_stale_banner("pages/overview.py", context.engine(), settings, lang)

snapshot = current_snapshot()
if not snapshot["sources"] and not snapshot["stations"]:
    show_empty_state(t("what.sources", lang), t("why.never_ingested", lang), "python manage.py ingest", lang)
    st.stop()

render_headline(snapshot, lang)
views = available_views(snapshot, None)
left, right = st.columns([3, 2])
with left:
    if "map" in views:
        render_view("map", snapshot, None, lang, height=560)
with right:
    st.subheader(t("overview.key_stations", lang))
    if "stations" in views:
        render_view("stations", snapshot, None, lang)
    else:
        st.info(t("overview.no_stations", lang))
st.subheader(t("overview.impact", lang))
if "impact" in views:
    render_view("impact", snapshot, None, lang)
else:
    show_empty_state(t("overview.what_impact", lang), t("overview.why_impact", lang), "python manage.py import-impact FILE", lang)
st.subheader(t("overview.response_heading", lang))
if "response" in views:
    render_view("response", snapshot, None, lang)
else:
    show_empty_state(t("overview.what_event", lang), t("overview.why_event", lang), "python manage.py open-event --help", lang)
