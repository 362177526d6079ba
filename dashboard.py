"""Flood Room: the ``st.navigation`` entry with the shared sidebar."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from i18n import t
from ui import auth, context, state
from ui.checklist_editor import keep_submitted_drafts
from ui.layout import inject_layout_css
from ui.sidebar import render_language_switch, render_sidebar

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
    ("pages/alerts.py", "nav.alerts", ":material/notifications:", "nav.section.response"),
    ("pages/briefing.py", "nav.briefing", ":material/tv:", "nav.section.briefing"),
    ("pages/changes.py", "nav.changes", ":material/difference:", "nav.section.briefing"),
    ("pages/sources.py", "nav.sources", ":material/database:", "nav.section.system"),
    ("pages/account.py", "nav.account", ":material/login:", "nav.section.system"),
]
SCREEN_PAGE = "pages/briefing.py"  # the one page with a wall-screen mode: ?screen=1 on any URL opens it


def build_navigation(lang: str, files: dict[int, str] | None = None) -> dict[str, list]:
    """Sections of translated ``st.Page`` objects for the pages that exist; ``files`` (if
    given) gets each page object's ``PAGES`` file, by ``id``, for the access gate."""
    sections: dict[str, list] = {}
    for path, title_key, icon, section_key in PAGES:
        if (ROOT / path).exists():
            page = st.Page(path, title=t(title_key, lang), icon=icon, default=path == PAGES[0][0])
            sections.setdefault(t(section_key, lang), []).append(page)
            if files is not None:
                files[id(page)] = path
    return sections


def open_pending_page(sections: dict[str, list]) -> None:
    """Open the page a URL asked for before the shell had run (see ``ui.context.ensure_shell``)."""
    wanted = st.session_state.pop(state.PENDING_PAGE, None)
    for page in (p for pages in sections.values() for p in pages):
        if wanted and page.url_path == wanted:
            st.switch_page(page, query_params=st.query_params.to_dict())


st.set_page_config(page_title="Flood Room", page_icon=":material/flood:", layout="wide")
st.session_state[state.SHELL_RAN] = True
inject_layout_css()  # the compact phone layout is CSS by viewport width (the server is not told the width)
lang = context.lang()
settings = context.settings()
screen = context.is_screen_mode()
page_files: dict[int, str] = {}
sections = build_navigation(lang, page_files)
# expanded: with more than 12 pages Streamlit folds the list after 10 behind "View more", which hid the sign-in page
navigation = st.navigation(sections, position="hidden" if screen else "sidebar", expanded=True)
open_pending_page(sections)
if screen and page_files.get(id(navigation)) != SCREEN_PAGE:  # the README's wall URL /?screen=1&rotate=20
    st.switch_page(
        next(p for p, f in ((p, page_files.get(id(p))) for ps in sections.values() for p in ps) if f == SCREEN_PAGE),
        query_params=st.query_params.to_dict(),
    )
keep_submitted_drafts()  # before anything reads the database: an outage must not lose what was typed
auth.render_pending_cookie()
with context.database_guard(lang) as gate_outage:
    auth.refuse_without_secret_key(lang)
    # the one access gate (issue 14): with anonymous viewing off a stranger gets the sign-in prompt only
    allowed = auth.page_allowed(page_files.get(id(navigation), ""), screen=screen)
    full_sidebar = allowed and auth.sidebar_allowed()
if gate_outage.error:  # who this is cannot be told: nothing but the outage message (drafts are kept)
    allowed = full_sidebar = False
if not screen and not full_sidebar:
    with st.sidebar:
        render_language_switch(lang)
if gate_outage.error:
    st.stop()
down = None if screen or not full_sidebar else render_sidebar(settings, lang)
if down:  # said at the top; the page may still show what it has cached
    context.show_database_unavailable(down, lang)
auth.render_session_ended(lang)  # signed out by a new password or SESSION_TTL: say why (typed text is kept)
if allowed:
    with context.database_guard(lang, quiet=bool(down)):
        if not screen:  # a visitor not signed in gets a sign-in link that returns here
            auth.render_sign_in_link(page_files.get(id(navigation), ""), lang)
        navigation.run()
else:
    auth.render_sign_in_prompt(lang)
