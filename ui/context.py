"""Settings, engine and language for the pages.

Settings are rebuilt from the environment and ``st.secrets`` on each run (cheap, and
a test can change the environment); the engine is cached per database URL.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlparse

import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from config import LANGUAGES, Settings, SettingsError, load_settings
from config.settings import SETTING_NAMES
from i18n import t
from ops.retry import DatabaseUnavailable, is_database_down
from store.db import make_engine, schema_status
from store.health import database_answers, ping_database
from ui import state
from ui.drafts import kept_texts


def _secrets() -> dict:
    try:
        return {key: st.secrets[key] for key in SETTING_NAMES if key in st.secrets}
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}


def ensure_shell() -> None:
    """Streamlit runs a page of the ``pages/`` folder on its own (old multipage mode, no
    navigation, no sidebar) when its URL is the first one a fresh server process serves.
    Such a run is sent through dashboard.py, which then opens the page that was asked for."""
    if st.session_state.get(state.SHELL_RAN):
        return
    st.session_state[state.PENDING_PAGE] = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
    st.switch_page("dashboard.py", query_params=st.query_params.to_dict())


def settings() -> Settings:
    """The effective settings; an invalid one stops the page with its message."""
    ensure_shell()
    try:
        return load_settings(os.environ, _secrets())
    except SettingsError as exc:
        st.error(t("error.settings", lang(), error=str(exc)))
        st.stop()


@st.cache_resource(max_entries=4)
def _engine(database_url: str) -> Engine:
    return make_engine(database_url)


_SCHEMA_CHECKED: set[str] = set()


def engine() -> Engine:
    """The engine of the configured database; stops the page with the fixing command
    when the database cannot be reached or its schema is behind the code."""
    url = settings().database_url
    eng = _engine(url)
    if url not in _SCHEMA_CHECKED:
        try:
            current, head = schema_status(eng)
        except SQLAlchemyError as exc:
            if is_database_down(exc):
                raise  # database_guard says so, on every page alike
            st.error(t("error.database", lang(), error=str(exc.__class__.__name__)))
            st.code("python manage.py check", language="bash")
            st.stop()
        if current != head:
            st.error(t("error.schema", lang(), current=current or "–", head=head))
            st.code("python manage.py migrate", language="bash")
            st.stop()
        _SCHEMA_CHECKED.add(url)
    return eng


def require_database() -> None:
    """One ``SELECT 1`` a run: raises when the database is down, so a page drawn from cached
    loaders (a snapshot of a minute ago) still says so instead of looking current."""
    ping_database(engine())


def lang() -> str:
    """'th' or 'en': the query parameter wins (so a URL fixes it), then the language chosen
    earlier in this session (navigation drops query parameters), then the default.
    The choice is written back to the URL so the view stays shareable."""
    chosen = st.query_params.get(state.LANG)
    if chosen not in LANGUAGES:
        chosen = st.session_state.get(state.LANG)
        if chosen in LANGUAGES:
            st.query_params[state.LANG] = chosen
    if chosen in LANGUAGES:
        return chosen
    try:
        return load_settings(os.environ, _secrets()).default_language
    except SettingsError:
        return "th"


def is_screen_mode() -> bool:
    return st.query_params.get(state.SCREEN) == "1"


PROBE_EVERY_S = 7  # the outage message asks the database this often whether it is back
PROBE_AFTER_S = 3.0  # ...but not in the run that has just found it down
OUTAGE_SEEN_AT = "outage_seen_at"  # time.monotonic() of the last run that showed the outage message


def show_database_unavailable(error: str, lang: str, *, short: bool = False) -> None:
    """The outage message: in plain words, what typed text is kept (in this tab only: a reload
    loses it; said only when a draft is kept) and that the page comes back by itself; the
    kept text itself, to see and copy; the error class and the command for the administrator
    apart. ``short`` for the sidebar."""
    kept = kept_texts()  # "your text is kept" only to someone whose text is kept
    if short:
        st.error(t("outage.sidebar" if kept else "outage.sidebar_no_draft", lang), icon=":material/cloud_off:")
        return
    st.error(t("outage.page_plain" if kept else "outage.page_no_draft", lang), icon=":material/cloud_off:")
    for text in kept:
        st.caption(t("outage.kept_text", lang))
        st.text(text)
    with st.expander(t("outage.admin_detail", lang)):
        st.caption(t("outage.admin_error", lang, error=error))
        st.code("python manage.py check", language="bash")
    st.session_state[OUTAGE_SEEN_AT] = time.monotonic()
    _rerun_when_database_answers()


@st.fragment(run_every=PROBE_EVERY_S)
def _rerun_when_database_answers() -> None:
    """Every few seconds while the outage message is up: once the database answers a
    ``SELECT 1``, run the whole page again, so it comes back without a reload (which would
    lose the kept text)."""
    if time.monotonic() - st.session_state.get(OUTAGE_SEEN_AT, 0.0) < PROBE_AFTER_S:
        return
    if database_answers(_engine(settings().database_url)):
        st.rerun(scope="app")


@dataclass
class Outage:
    """What ``database_guard`` saw: ``error`` is the class name of the failure, if any."""

    error: str | None = None


@contextmanager
def database_guard(lang: str, *, short: bool = False, quiet: bool = False) -> Iterator[Outage]:
    """Run a block; if the database is down, show the outage message (``quiet``: the page
    already shows it) instead of Streamlit's error page. dashboard.py wraps the sidebar and
    every page in one."""
    outage = Outage()
    try:
        yield outage
    except (SQLAlchemyError, DatabaseUnavailable) as exc:
        if not is_database_down(exc):
            raise
        outage.error = exc.__class__.__name__
        if not quiet:
            show_database_unavailable(outage.error, lang, short=short)
