"""The honest empty state: what is missing, why, and the command that fixes it."""

from __future__ import annotations

import streamlit as st

from i18n import t


def show_empty_state(what: str, why: str, command: str, lang: str) -> None:
    """``what`` and ``why`` are already-translated phrases; ``command`` is shell text."""
    with st.container(border=True):
        st.markdown(f"#### {t('empty.title', lang, what=what)}")
        st.write(t("empty.why", lang, why=why))
        st.caption(t("empty.fix", lang))
        st.code(command, language="bash")
