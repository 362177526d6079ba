"""Who is using the app: local sign-in (Argon2 passwords, expiring DB sessions carried in
an HttpOnly cookie, see ``ui.session_cookie``), OIDC through ``st.login`` when ``[auth]`` is
configured in secrets, or the anonymous viewer of a trusted screen when
``settings.allow_anonymous_viewer`` is on.

``current_user()`` is what the other pages call; the write functions in ``store``
check permissions again, so nothing here is the only guard. ``page_allowed()`` is the one
access gate ``dashboard.py`` asks before running a page (``auth.gate`` decides).
"""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from auth import ANONYMOUS, User, gate
from auth.clients import client_address
from auth.cookies import COOKIE_NAME, read_session_cookie
from i18n import t
from store import users as user_store
from store.screens import screen_for_token
from ui import state
from ui.checklists_state import (
    AUTH_TOKEN,
    LOGIN_FORM,
    LOGIN_PASSWORD,
    LOGIN_SUBMIT,
    LOGIN_USERNAME,
    LOGOUT,
    OIDC_LOGIN,
)
from ui.context import engine, settings
from ui.session_cookie import cookie_script

COOKIE_PENDING = "auth_cookie_pending"  # ("POST", code) after sign-in, ("DELETE", None) after sign-out
SESSION_ENDED = (
    "auth_session_ended"  # why this tab's session stopped signing anyone in (store.users.session_end_reason)
)
SCREEN_TOKEN = "token"  # query parameter of a wall screen: /briefing?screen=1&token=...
NEXT_PARAM = "next"  # query parameter of the sign-in page: the page to go back to
ACCOUNT_PAGE = "pages/account.py"
PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"
MAKE_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


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
    return account or User(
        str(email or st.user.get("sub", "oidc")).lower()[:80], str(st.user.get("name") or email or "OIDC"), "viewer"
    )


def _cookie_token() -> str | None:
    """The session token of this browser's signed cookie (None if absent or not ours)."""
    return read_session_cookie(st.context.cookies.get(COOKIE_NAME), settings().secret_key)


def signed_in_user() -> User | None:
    """The user of a live local session (this tab's, else the browser's cookie) or OIDC
    login, or None (no anonymous fallback). Each run asks the database, so a session ended
    elsewhere (sign-out, new password, disabled account) is refused at the next click."""
    token = st.session_state.get(AUTH_TOKEN)
    user = user_store.session_user(engine(), token) if token else None
    if token and user is None:  # expired, ended or disabled: forget it, and say why
        st.session_state.pop(AUTH_TOKEN, None)
        st.session_state[SESSION_ENDED] = user_store.session_end_reason(engine(), token)
    cookie_token = None if user else _cookie_token()
    if cookie_token and cookie_token != token:
        user = user_store.session_user(engine(), cookie_token)
        if user is not None:
            st.session_state[AUTH_TOKEN] = cookie_token
        else:  # a reload with the cookie of an ended session: say why once, and drop the cookie
            st.session_state[SESSION_ENDED] = user_store.session_end_reason(engine(), cookie_token)
            st.session_state[COOKIE_PENDING] = ("DELETE", None)
    user = user or _oidc_user()
    if user is not None:
        st.session_state.pop(SESSION_ENDED, None)
    st.session_state[state.USER] = user
    return user


def current_user() -> User | None:
    """The signed-in user; else the anonymous viewer if the admin allows it; else None."""
    user = signed_in_user()
    if user is None and settings().allow_anonymous_viewer:
        return ANONYMOUS
    return user


def _client() -> str | None:
    """The browser's address (behind a proxy, as the proxy forwards it); None when unknown
    (a test harness hands a stand-in object, which must not become a client of its own each run)."""
    ip = getattr(st.context, "ip_address", None)
    return client_address(ip) if isinstance(ip, str) else None  # ::ffff:a.b.c.d and a.b.c.d are one client


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
        st.error(throttle_message(exc.retry_after_s, lang))
        return None
    except user_store.LoginRefused:
        st.error(t("auth.refused", lang))
        return None
    token = user_store.start_session(engine(), user, settings().session_ttl_s)
    st.session_state[AUTH_TOKEN] = token
    st.session_state[state.USER] = user
    if settings().secret_key:  # the next run hands the browser a one-time code for its cookie
        st.session_state[COOKIE_PENDING] = ("POST", user_store.create_exchange_code(engine(), token))
    return_to_link()
    return user


def return_page(params: dict) -> tuple[str, dict] | None:
    """The page file and query parameters a sign-in link asked to go back to (its ``next``),
    or None when it names no page of this app."""
    wanted = str(params.get(NEXT_PARAM) or "")
    if not re.fullmatch(r"[a-z_]{1,40}", wanted) or not (PAGES_DIR / f"{wanted}.py").is_file():
        return None
    return f"pages/{wanted}.py", {k: v for k, v in params.items() if k != NEXT_PARAM}


def return_to_link() -> None:
    """After a sign-in reached through a link's sign-in button: open that link again."""
    target = return_page(st.query_params.to_dict())
    if target is not None:
        st.switch_page(target[0], query_params=target[1])


def render_sign_in_link(page: str, lang: str) -> None:
    """At the top of a page, for a visitor who is not signed in (on a phone the sidebar is
    folded away): a sign-in link that comes back to this page with its query parameters."""
    if page in ("", ACCOUNT_PAGE) or signed_in_user() is not None:
        return
    params = {**st.query_params.to_dict(), NEXT_PARAM: Path(page).stem}
    st.page_link(ACCOUNT_PAGE, label=t("phone.sign_in_link", lang), icon=":material/login:", query_params=params)


def throttle_message(retry_after_s: float, lang: str) -> str:
    if retry_after_s < 120:
        return t("auth.throttled_s", lang, seconds=int(retry_after_s) + 1)
    return t("auth.throttled_min", lang, minutes=int(retry_after_s // 60) + 1)


def render_pending_cookie() -> None:
    """Run the one-off script that sets (after sign-in) or clears (after sign-out) the
    browser's HttpOnly session cookie through ``/_floodroom/session``."""
    pending = st.session_state.pop(COOKIE_PENDING, None)
    if pending:
        st.html(cookie_script(*pending), unsafe_allow_javascript=True)


def sign_out() -> None:
    """End the local session, in this tab and in the browser's cookie (and the OIDC login)."""
    for token in {st.session_state.pop(AUTH_TOKEN, None), _cookie_token()} - {None}:
        user_store.end_session(engine(), token)
    st.session_state[COOKIE_PENDING] = ("DELETE", None)
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


def _screen_token_ok() -> bool:
    return screen_for_token(engine(), st.query_params.get(SCREEN_TOKEN)) is not None


def page_allowed(page: str, *, screen: bool) -> bool:
    """May this visitor see ``page`` (a file of ``dashboard.PAGES``)? See ``auth.gate``.
    The database is asked only when the settings alone do not open the page."""
    anonymous_allowed = settings().allow_anonymous_viewer
    if gate.may_open(page, signed_in=False, anonymous_allowed=anonymous_allowed, screen=screen, screen_token_ok=False):
        return True
    signed_in = signed_in_user() is not None
    token_ok = screen and page == gate.WALL_PAGE and not signed_in and _screen_token_ok()
    return gate.may_open(
        page, signed_in=signed_in, anonymous_allowed=anonymous_allowed, screen=screen, screen_token_ok=token_ok
    )


def sidebar_allowed() -> bool:
    """The sidebar's province and freshness lines are data too: a stranger gets them only
    where anonymous viewing is on (the language switch is always there)."""
    return settings().allow_anonymous_viewer or signed_in_user() is not None


def wall_still_allowed() -> bool:
    """For the wall screen's refreshing fragment: a revoked token or an ended session stops
    the views at the next refresh, not only at the next page load."""
    return page_allowed(gate.WALL_PAGE, screen=True)


def render_session_ended(lang: str) -> None:
    """Why this tab was signed out (a new password, a disabled account, SESSION_TTL), while
    nobody is signed in; kept text (``ui.checklist_editor``) comes back after the same user signs in."""
    reason = st.session_state.get(SESSION_ENDED)
    if not reason or st.session_state.get(state.USER) is not None:
        return
    from ui.checklist_editor import (
        drafts_kept,  # the editor imports this module's neighbours
    )

    message = t(f"auth.session_ended.{reason}", lang)
    if drafts_kept():
        message += t("auth.session_ended.text_kept", lang)
    st.warning(message, icon=":material/logout:")


def render_sign_in_prompt(lang: str) -> None:
    """All a visitor who is not signed in sees when anonymous viewing is off."""
    st.title(t("auth.heading", lang))
    if st.query_params.get(SCREEN_TOKEN) and not _screen_token_ok():  # a revoked or mistyped screen link
        st.error(t("auth.screen_token_invalid", lang), icon=":material/link_off:")
    # a deep link opened by a stranger: the same URL (query parameters and all) opens after sign-in
    st.info(f"{t('auth.anonymous_off', lang)} — {t('phone.gate_link', lang)}", icon=":material/lock:")
    if render_sign_in_form(lang) is not None:
        st.rerun()
    render_oidc_button(lang)


def refuse_without_secret_key(lang: str) -> None:
    """Local accounts and no ``SECRET_KEY``: stop every page and say how to make one."""
    if settings().secret_key:
        return
    try:
        needed = user_store.local_accounts_exist(engine())
    except SQLAlchemyError:  # no database, no accounts to protect yet: the page says what is wrong
        return
    if not needed:
        return
    st.error(t("auth.no_secret_key", lang))
    st.code(MAKE_KEY, language="bash")
    st.stop()
