"""Flood Room: the ``st.navigation`` entry with the shared sidebar."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from i18n import t
from ui import context
from ui.sidebar import render_sidebar

ROOT = Path(__file__).resolve().parent

# (file, title key, icon, section key): a listed file that does not exist yet is left out.
PAGES = [
    ("pages/overview.py", "nav.overview", ":material/dashboard:", "nav.section.situation"),
    ("pages/station_map.py", "nav.station_map", ":material/map:", "nav.section.situation"),
    ("pages/water_levels.py", "nav.water_levels", ":material/water:", "nav.section.situation"),
    ("pages/impact.py", "nav.impact", ":material/flood:", "nav.section.impact"),
    ("pages/impact_entry.py", "nav.impact_entry", ":material/edit_note:", "nav.section.impact"),
    ("pages/shelters.py", "nav.shelters", ":material/home_health:", "nav.section.impact"),
    ("pages/checklists.py", "nav.checklists", ":material/checklist:", "nav.section.response"),
    ("pages/my_items.py", "nav.my_items", ":material/assignment_ind:", "nav.section.response"),
    ("pages/briefing.py", "nav.briefing", ":material/tv:", "nav.section.briefing"),
    ("pages/changes.py", "nav.changes", ":material/difference:", "nav.section.briefing"),
    ("pages/sources.py", "nav.sources", ":material/database:", "nav.section.system"),
    ("pages/account.py", "nav.account", ":material/login:", "nav.section.system"),
]


def build_navigation(lang: str) -> dict[str, list]:
    sections: dict[str, list] = {}
    for path, title_key, icon, section_key in PAGES:
        if (ROOT / path).exists():
            page = st.Page(path, title=t(title_key, lang), icon=icon, default=path == PAGES[0][0])
            sections.setdefault(t(section_key, lang), []).append(page)
    return sections


st.set_page_config(page_title="Flood Room", page_icon=":material/flood:", layout="wide")
lang = context.lang()
settings = context.settings()
screen = context.is_screen_mode()
navigation = st.navigation(build_navigation(lang), position="hidden" if screen else "sidebar")
if not screen:
    render_sidebar(settings, lang)
navigation.run()
