"""The shared sidebar: language switch, province, one freshness line per source."""

from __future__ import annotations

import streamlit as st

from config import LANGUAGES, Settings
from i18n import t
from i18n.timefmt import format_age, format_datetime
from ui import state
from ui.auth import render_auth_status
from ui.context import database_guard, engine, require_database
from ui.freshness import freshness, source_label
from ui.ops import explain_error
from ui.text import plain

_LANG_LABELS = {"th": "ไทย", "en": "English"}


def _on_language_change() -> None:
    st.query_params[state.LANG] = st.session_state[state.LANG]


def render_language_switch(lang: str) -> None:
    st.session_state.setdefault(state.LANG, lang)
    if st.session_state[state.LANG] != lang:
        st.session_state[state.LANG] = lang
    st.segmented_control(
        t("sidebar.language", lang),
        LANGUAGES,
        format_func=_LANG_LABELS.get,
        key=state.LANG,
        on_change=_on_language_change,
        selection_mode="single",
    )


def render_freshness(settings: Settings, lang: str) -> None:
    st.markdown(f"**{t('sidebar.freshness', lang)}**")
    states = freshness(engine(), settings)
    if not states:
        st.caption(t("sidebar.no_sources", lang))
        return
    for source, fresh in states.items():
        name = source_label(source, lang)
        if fresh.never:
            st.caption("⚪ " + t("fresh.never", lang, source=name))
            continue
        age = format_age(fresh.age, lang)
        line = t("fresh.stale" if fresh.stale else "fresh.ok", lang, source=name, age=age)
        icon = "🟠" if fresh.stale else ("🟡" if fresh.failing else "🟢")
        st.caption(
            f"{icon} {line}",
            help=format_datetime(fresh.last_success_at, lang)
            + (
                "\n\n" + t("fresh.error", lang, error=plain(explain_error(fresh.last_error, lang)[0]))
                if fresh.failing and fresh.last_error
                else ""
            ),
        )


def render_sidebar(settings: Settings, lang: str) -> str | None:
    """Draw the sidebar; returns the error's class name when the database is down (the
    sidebar then says so in one line and the page goes on)."""
    with st.sidebar:
        render_language_switch(lang)
        province = settings.province
        st.markdown(
            f"**{t('sidebar.province', lang)}:** {province.name_th if lang == 'th' else province.name_en} "
            f"({province.code})"
        )
        with database_guard(lang, short=True) as outage:
            require_database()  # the freshness lines below may come from a cache
            render_freshness(settings, lang)
            render_auth_status(lang)
    return outage.error
