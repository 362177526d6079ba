"""The admin's access panels of the account page: wall-screen links and sign-in throttles."""

from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from auth import PermissionDenied, User
from i18n import t
from i18n.timefmt import format_datetime
from store.screens import create_screen_token, list_screen_tokens, revoke_screen_token
from store.users import clear_throttle, list_throttles
from ui.session_cookie import base_path
from ui.text import plain

SCREEN_FORM = "access_screen_form"
SCREEN_NAME = "access_screen_name"
SCREEN_CREATE = "access_screen_create"
SCREEN_REVOKE_NAME = "access_screen_revoke_name"
SCREEN_REVOKE = "access_screen_revoke"
THROTTLE_USER = "access_throttle_user"
THROTTLE_CLEAR = "access_throttle_clear"


def screen_url(token: str, lang: str) -> str:
    """The wall-screen URL on this server for ``token``."""
    here = urlparse(st.context.url or "")
    origin = f"{here.scheme}://{here.netloc}" if here.netloc else ""
    return f"{origin}{base_path()}briefing?screen=1&rotate=20&lang={lang}&token={token}"


def _when(value, lang: str) -> str:
    return format_datetime(value, lang) if value is not None else "–"


def render_screen_tokens(engine, admin: User, lang: str) -> None:
    st.subheader(t("access.screens_heading", lang))
    st.caption(t("access.screens_note", lang))
    with st.form(SCREEN_FORM, clear_on_submit=True):
        name = st.text_input(t("access.screen_name", lang), key=SCREEN_NAME, max_chars=80)
        made = st.form_submit_button(t("access.screen_create", lang), key=SCREEN_CREATE)
    if made:
        try:
            token = create_screen_token(engine, admin, name)
        except (ValueError, PermissionDenied) as exc:
            st.error(t("access.screen_error", lang, reason=plain(exc)))
        else:
            st.success(t("access.screen_created", lang, name=plain(name.strip())))
            st.code(screen_url(token, lang), language=None)
    tokens = list_screen_tokens(engine)
    if not tokens:
        st.caption(t("access.no_screens", lang))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("access.col.name", lang): row["name"],
                    t("access.col.created", lang): _when(row["created_at"], lang),
                    t("access.col.by", lang): row["created_by"],
                    t("access.col.revoked", lang): _when(row["revoked_at"], lang),
                    t("access.col.last_used", lang): _when(row["last_used_at"], lang),
                }
                for row in tokens
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    live = sorted({row["name"] for row in tokens if row["revoked_at"] is None})
    if live:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        chosen = left.selectbox(t("access.screen_revoke", lang), live, key=SCREEN_REVOKE_NAME)
        if right.button(t("access.screen_revoke_button", lang), key=SCREEN_REVOKE):
            revoke_screen_token(engine, admin, chosen)
            st.success(t("access.screen_revoked", lang, name=plain(chosen)))
            st.rerun()


def render_throttles(engine, admin: User, lang: str) -> None:
    st.subheader(t("access.throttles_heading", lang))
    throttles = list_throttles(engine)
    if not throttles:
        st.caption(t("access.no_throttles", lang))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("access.col.user", lang): row["username"],
                    t("access.col.client", lang): row["client"] or "–",
                    t("access.col.failures", lang): row["failures"],
                    t("access.col.wait", lang): int(row["retry_after_s"]) + 1,
                }
                for row in throttles
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    user = left.selectbox(
        t("access.clear_user", lang), sorted({row["username"] for row in throttles}), key=THROTTLE_USER
    )
    if right.button(t("access.clear_button", lang), key=THROTTLE_CLEAR):
        count = clear_throttle(engine, admin, user)
        st.success(t("access.throttle_cleared", lang, user=plain(user), count=count))
