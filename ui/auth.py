"""Who is using the app: local sign-in (Argon2 passwords, expiring DB sessions),
OIDC through ``st.login`` when ``[auth]`` is configured in secrets, or the anonymous
viewer of a trusted screen when ``settings.allow_anonymous_viewer`` is on.

``current_user()`` is what the other pages call; the write functions in ``store``
check permissions again, so nothing here is the only guard.
"""
from __future__ import annotations

import streamlit as st

from auth import ANONYMOUS, User
from i18n import t
from store import users as user_store
from ui import state
from ui.checklists_state import AUTH_TOKEN, LOGIN_FORM, LOGIN_PASSWORD, LOGIN_SUBMIT, LOGIN_USERNAME, LOGOUT, OIDC_LOGIN
from ui.context import engine, settings


def oidc_configured() -> bool:
    """True when ``.streamlit/secrets.toml`` has an ``[auth]`` section for ``st.login``."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False


def _oidc_user() -> User | None:
    if not oidc_configured() or not getattr(st.user, "is_logged_in", False):
        return None
    email = st.user.get("email")
    account = user_store.get_user_by_email(engine(), email) if email else None
    # an identity without a local account may only read
    return account or User(str(email or st.user.get("sub", "oidc")).lower()[:80], str(st.user.get("name") or email or "OIDC"), "viewer")


def signed_in_user() -> User | None:
    """The user of a live local session or OIDC login, or None (no anonymous fallback)."""
    token = st.session_state.get(AUTH_TOKEN)
    user = user_store.session_user(engine(), token) if token else None
    if token and user is None:  # expired, ended or disabled: forget it
        st.session_state.pop(AUTH_TOKEN, None)
    user = user or _oidc_user()
    st.session_state[state.USER] = user
    return user


def current_user() -> User | None:
    """The signed-in user; else the anonymous viewer if the admin allows it; else None."""
    user = signed_in_user()
    if user is None and settings().allow_anonymous_viewer:
        return ANONYMOUS
    return user


def _client() -> str | None:
    ip = getattr(st.context, "ip_address", None)
    return str(ip)[:100] if ip else None


def render_sign_in_form(lang: str) -> User | None:
    """The user name / password form; returns the user after a successful sign-in."""
    with st.form(LOGIN_FORM):
        username = st.text_input(t("auth.username", lang), key=LOGIN_USERNAME)
        password = st.text_input(t("auth.password", lang), type="password", key=LOGIN_PASSWORD)
        submitted = st.form_submit_button(t("auth.sign_in", lang), key=LOGIN_SUBMIT)
    if not submitted:
        return None
    try:
        user = user_store.authenticate(engine(), username, password, client=_client())
    except user_store.TooManyAttempts as exc:
        st.error(t("auth.too_many", lang, minutes=int(exc.retry_after_s // 60) + 1))
        return None
    except user_store.LoginRefused:
        st.error(t("auth.refused", lang))
        return None
    st.session_state[AUTH_TOKEN] = user_store.start_session(engine(), user, settings().session_ttl_s)
    st.session_state[state.USER] = user
    return user


def sign_out() -> None:
    """End the local session (and the OIDC login, if any)."""
    user_store.end_session(engine(), st.session_state.pop(AUTH_TOKEN, None))
    st.session_state[state.USER] = None
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        st.logout()


def render_oidc_button(lang: str) -> None:
    if oidc_configured() and st.button(t("auth.sign_in_oidc", lang), key=OIDC_LOGIN):
        st.login()


def role_label(user: User, lang: str) -> str:
    return t(f"auth.role.{user.role}", lang)


def render_auth_status(lang: str) -> None:
    """One line in the sidebar: who is signed in (as plain text) and a sign-out button."""
    user = current_user()
    with st.sidebar:
        if user is None or user is ANONYMOUS:
            st.caption(t("auth.not_signed_in", lang))
            return
        st.text(t("auth.signed_in_as", lang, name=user.display_name, role=role_label(user, lang)))
        if st.button(t("auth.sign_out", lang), key=LOGOUT):
            sign_out()
            st.rerun()
