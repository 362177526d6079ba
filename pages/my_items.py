"""An officer's own items (their agencies and districts), overdue first, with the update form."""

import streamlit as st

from domain.checklists import items_for_user, sort_for_board
from i18n import t
from ui import context
from ui.auth import signed_in_user
from ui.checklist_editor import render_item_section
from ui.checklist_item import pick_item
from ui.checklists import load_events, load_items, pick_event, render_items_compact
from ui.empty import show_empty_state
from ui.freshness import show_page_stale_banner

lang = context.lang()
settings = context.settings()
engine = context.engine()
user = signed_in_user()
st.title(t("checklists.my_heading", lang))
show_page_stale_banner("pages/my_items.py", engine, settings, lang)  # river triggers read ThaiWater
if user is None or user.role == "viewer":
    st.info(t("checklists.sign_in_for_mine", lang))
    st.page_link("pages/account.py", label=t("auth.sign_in", lang), icon=":material/login:")
    st.stop()

events = load_events(engine, settings.database_url)
if events.empty:
    show_empty_state(
        t("checklists.what", lang), t("checklists.why_no_event", lang), t("checklists.fix_command", lang), lang
    )
    st.stop()
event = pick_event(events, lang)
province = event["province_code"]
items = load_items(engine, settings.database_url, int(event["id"]))
mine = sort_for_board(items_for_user(items, user.role, user.agencies, user.districts))
if mine.empty:
    st.info(t("checklists.no_my_items", lang))
    st.stop()
overdue = int(mine["overdue"].sum())
if overdue:
    st.warning(t("checklists.overdue_count", lang, n=overdue), icon="⚠️")
render_items_compact(mine, province, lang, "mine")
row = pick_item(mine, province, lang)
render_item_section(row, engine, settings.database_url, user, province, lang)
