"""The checklist board: progress per district, items by phase, district or agency with
overdue items first (filters in the URL), and one item's update form and history; with
``view=item`` in the URL (an item's own link) the item's page alone, its form first."""

from datetime import UTC, datetime

import streamlit as st

from domain.checklists import district_progress_frame
from i18n import actor_name, t
from i18n.timefmt import format_datetime
from ui import checklists_state as keys
from ui import context
from ui.auth import current_user
from ui.checklist_editor import render_item_page, render_item_section
from ui.checklist_item import pick_item
from ui.checklists import (
    filter_items,
    item_url,
    load_events,
    load_items,
    pick_event,
    render_admin_tools,
    render_board,
    render_progress,
)
from ui.empty import show_empty_state
from ui.freshness import show_page_stale_banner
from ui.text import plain

lang = context.lang()
settings = context.settings()
engine = context.engine()
user = current_user()
st.title(t("checklists.heading", lang))
show_page_stale_banner("pages/checklists.py", engine, settings, lang)  # river triggers read ThaiWater
if user is None:
    st.warning(t("auth.anonymous_off", lang))
    st.page_link("pages/account.py", label=t("auth.sign_in", lang), icon=":material/login:")
    st.stop()

events = load_events(engine, settings.database_url)
if events.empty:
    render_admin_tools(engine, user, settings.province_code, settings.waterlevel_stale_s, lang, None)
    show_empty_state(
        t("checklists.what", lang), t("checklists.why_no_event", lang), t("checklists.fix_command", lang), lang
    )
    st.stop()
if st.query_params.get(keys.Q_VIEW) == keys.VIEW_ITEM:
    render_item_page(engine, settings.database_url, events, user, lang)
    st.stop()
event = pick_event(events, lang)
now = datetime.now(UTC)
st.caption(
    t(
        "checklists.event_caption",
        lang,
        time=format_datetime(event["opened_at"], lang),
        who=plain(actor_name(event["opened_by"], lang)),
        now=format_datetime(now, lang),
    )
)
items = load_items(engine, settings.database_url, int(event["id"]))
province = event["province_code"]
render_admin_tools(engine, user, province, settings.waterlevel_stale_s, lang, int(event["id"]))

with st.expander(t("checklists.progress_heading", lang), expanded=True):
    render_progress(district_progress_frame(items, province, now), province, lang)

groups = ("phase", "district", "agency")
if keys.GROUP_BY not in st.session_state:
    st.session_state[keys.GROUP_BY] = (
        st.query_params.get("group") if st.query_params.get("group") in groups else "phase"
    )
group_by = (
    st.segmented_control(
        t("checklists.group_by", lang),
        groups,
        format_func=lambda g: t(f"checklists.group.{g}", lang),
        key=keys.GROUP_BY,
        selection_mode="single",
    )
    or "phase"
)
st.query_params["group"] = group_by
shown = filter_items(items, province, lang)
if shown.empty:
    st.info(t("checklists.none_match", lang))
    st.stop()
render_board(shown, group_by, province, lang)

st.divider()
st.subheader(t("checklists.item_heading", lang))
row = pick_item(shown, province, lang)
st.markdown(f"[{t('phone.item_link', lang)}]({item_url(int(row['id']), int(event['id']), lang)})")
render_item_section(row, engine, settings.database_url, user, province, lang)
