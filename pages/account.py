"""Sign in and out: local accounts (Argon2, throttled per client, expiring sessions kept in
an HttpOnly cookie) or the organisation's identity provider through st.login when configured;
for admins also the accounts, the wall-screen links and the sign-in throttles."""

import pandas as pd
import streamlit as st

from i18n import actor_name, t
from store.users import list_users
from ui import context
from ui.access import render_screen_tokens, render_throttles
from ui.auth import oidc_configured, render_oidc_button, render_sign_in_form, role_label, sign_out, signed_in_user
from ui.checklists_state import LOGOUT_PAGE
from ui.text import plain

lang = context.lang()
settings = context.settings()
engine = context.engine()
st.title(t("auth.heading", lang))
user = signed_in_user()
if user is None:
    if render_sign_in_form(lang) is not None:
        st.rerun()
    if oidc_configured():
        render_oidc_button(lang)
    st.caption(t("auth.session_note", lang, hours=round(settings.session_ttl_s / 3600)))
    st.stop()

st.success(t("auth.welcome", lang, name=plain(user.display_name)), icon=":material/verified_user:")
st.text(f"{user.display_name} · {user.username} · {role_label(user, lang)}")
st.text(t("auth.agencies", lang, agencies=", ".join(user.agencies) or t("auth.all", lang)))
st.text(t("auth.districts", lang, districts=", ".join(user.districts) or t("auth.all", lang)))
if st.button(t("auth.sign_out", lang), key=LOGOUT_PAGE):
    sign_out()
    st.rerun()
if user.role == "admin":
    st.subheader(t("auth.users_heading", lang))
    accounts = list_users(engine)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("auth.username", lang): u.username,
                    t("auth.col.name", lang): actor_name(u.display_name, lang),
                    t("auth.col.role", lang): role_label(u, lang),
                    t("auth.col.agencies", lang): ", ".join(u.agencies) or t("auth.all", lang),
                    t("auth.col.districts", lang): ", ".join(u.districts) or t("auth.all", lang),
                    t("auth.col.active", lang): active,
                }
                for u, active in accounts
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    render_screen_tokens(engine, user, lang)
    render_throttles(engine, user, lang)
