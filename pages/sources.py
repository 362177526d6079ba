"""Data sources: last attempt, success, error, latency, rows and staleness of each."""
from datetime import datetime, timezone

import pandas as pd
import streamlit as st

from i18n import t
from i18n.timefmt import format_age, format_datetime, format_number
from store.health import read_health
from domain.freshness import assess
from ui import context
from ui.empty import show_empty_state
from ui.freshness import source_label

lang = context.lang()
settings = context.settings()
st.title(t("sources.heading", lang))
rows = read_health(context.engine())
if not rows:
    show_empty_state(t("what.sources", lang), t("why.never_ingested", lang), "python manage.py ingest", lang)
    st.stop()
now = datetime.now(timezone.utc)
table = []
for row in rows:
    fresh = assess(row, settings, now)
    table.append({
        t("sources.col.source", lang): source_label(row.source, lang),
        t("sources.col.status", lang): t("status.never" if fresh.never else ("status.stale" if fresh.stale else "status.ok"), lang),
        t("sources.col.age", lang): format_age(fresh.age, lang),
        t("sources.col.last_success", lang): format_datetime(row.last_success_at, lang),
        t("sources.col.last_attempt", lang): format_datetime(row.last_attempt_at, lang),
        t("sources.col.rows", lang): format_number(row.rows_received),
        t("sources.col.latency", lang): format_number(row.latency_ms),
        t("sources.col.error", lang): (row.last_error or "") if fresh.failing else "",
    })
st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
