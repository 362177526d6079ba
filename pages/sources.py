"""Data sources: last attempt, success, error, latency, rows and staleness of each.
The table refreshes itself, and keeps trying while the database is unreachable."""

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from i18n import t
from i18n.timefmt import format_age, format_datetime, format_duration, format_number
from ui import context
from ui.empty import show_empty_state
from ui.freshness import assess_sources, source_label, stale_banner_text
from ui.ops import explain_error, fix_command, load_health, source_status, status_counts
from ui.text import plain

REFRESH_S = 30


def _status(fresh, lang: str) -> str:
    if fresh.never:
        return "⚪ " + t("ops.status.never", lang)
    if fresh.stale and fresh.failing:
        return "🔴 " + t("ops.status.stale_failing", lang)
    if fresh.stale:
        return "🟠 " + t("status.stale", lang)
    if fresh.failing:
        return "🟡 " + t("ops.status.failing", lang)
    return "🟢 " + t("status.ok", lang)


def _row(row, fresh, lang: str) -> dict:
    return {
        t("sources.col.source", lang): source_label(row.source, lang),
        t("sources.col.status", lang): _status(fresh, lang),
        t("sources.col.age", lang): format_age(fresh.age, lang),
        t("ops.col.data_time", lang): format_datetime(row.data_time or row.last_success_at, lang),
        t("ops.col.limit", lang): format_duration(fresh.limit.total_seconds(), lang),
        t("sources.col.last_success", lang): format_datetime(row.last_success_at, lang),
        t("sources.col.last_attempt", lang): format_datetime(row.last_attempt_at, lang),
        t("sources.col.rows", lang): format_number(row.rows_received),
        t("sources.col.latency", lang): format_number(row.latency_ms),
    }


def _problems(states, lang: str) -> None:
    """Each source's error and fix under the table, where long texts wrap (as table columns
    they were cut off at the right of a 1600 px screen)."""
    for row, fresh in states:
        if source_status(fresh) == "ok":
            continue
        st.markdown(f"**{plain(source_label(row.source, lang))}** · {plain(_status(fresh, lang))}")
        if fresh.failing:
            when = format_datetime(row.last_error_at, lang)
            reason, technical = explain_error(row.last_error, lang)  # one line in the reader's language
            st.markdown(f"{plain(t('sources.col.error', lang))} ({plain(when)}): {plain(reason)}")
            if technical:
                with st.expander(t("ops.err.technical", lang)):
                    st.code(technical, language=None, wrap_lines=True)
        st.code(fix_command(row.source), language="bash", wrap_lines=True)


@st.fragment(run_every=REFRESH_S)
def render_sources(lang: str) -> None:
    settings = context.settings()
    rows, error = load_health(context.engine())
    if error:
        st.error(t("ops.db_down", lang, error=plain(error), seconds=REFRESH_S))
        return
    if not rows:
        show_empty_state(t("what.sources", lang), t("why.never_ingested", lang), "python manage.py ingest", lang)
        return
    now = datetime.now(UTC)
    states = list(zip(rows, assess_sources(context.engine(), settings, rows, now), strict=True))
    for row, fresh in states:
        if fresh.stale and not fresh.never:
            st.warning(stale_banner_text(row.source, fresh.age, lang), icon="⚠️")
    st.caption(
        t("ops.sources.summary_never", lang, **status_counts([f for _, f in states]))
        + " "
        + t("ops.sources.summary_rule", lang)
    )
    st.dataframe(pd.DataFrame([_row(row, fresh, lang) for row, fresh in states]), hide_index=True, width="stretch")
    _problems(states, lang)


lang = context.lang()
st.title(t("sources.heading", lang))
st.caption(t("ops.sources.intro", lang, seconds=REFRESH_S))
render_sources(lang)
