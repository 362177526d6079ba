"""Overview: the province at a glance, or an honest account of what is missing."""
import streamlit as st

from i18n import t
from ui import context
from ui.empty import show_empty_state
from ui.freshness import freshness, source_label
from i18n.timefmt import format_age

lang = context.lang()
settings = context.settings()
province = settings.province
st.title(t("overview.heading", lang))
st.caption(t("app.subtitle", lang, province=province.name_th if lang == "th" else province.name_en))

states = freshness(context.engine(), settings)
if not states:
    show_empty_state(t("what.sources", lang), t("why.never_ingested", lang), "python manage.py ingest", lang)
else:
    st.subheader(t("overview.sources_heading", lang))
    columns = st.columns(min(len(states), 4))
    for column, (source, fresh) in zip(columns * 4, states.items()):
        status = t("status.never" if fresh.never else ("status.stale" if fresh.stale else "status.ok"), lang)
        column.metric(source_label(source, lang), status, format_age(fresh.age, lang), delta_color="off")
