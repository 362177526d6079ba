"""What changed since a chosen briefing: per district and station, biggest first."""

import streamlit as st

from i18n import actor_name, t
from i18n.timefmt import format_datetime
from ui import briefing as ui
from ui import briefing_views, context
from ui.empty import show_empty_state
from ui.freshness import show_page_stale_banner

lang = context.lang()
settings = context.settings()
engine = context.engine()
st.title(t("briefing.changes_heading", lang))
show_page_stale_banner("pages/changes.py", engine, settings, lang)

saved_list = ui.load_briefing_list(engine, settings.database_url, settings.province_code)
if saved_list.empty:
    show_empty_state(
        t("briefing.what.briefings", lang), t("briefing.why.briefings", lang), "python manage.py save-briefing", lang
    )
    st.stop()

ids = saved_list["id"].astype(int).tolist()
labels = {
    int(r.id): t(
        "briefing.option",
        lang,
        time=format_datetime(r.taken_at.to_pydatetime(), lang),
        who=actor_name(r.saved_by_name, lang),
        title=f"· {r.title}" if r.title else "",
    )
    for r in saved_list.itertuples()
}
try:
    wanted = int(st.query_params.get(ui.SINCE_SELECT, ids[0]))
except ValueError:
    wanted = ids[0]
chosen = st.selectbox(
    t("briefing.choose", lang),
    ids,
    index=ids.index(wanted) if wanted in ids else 0,
    format_func=labels.get,
    key=ui.SINCE_SELECT,
)
st.query_params[ui.SINCE_SELECT] = str(chosen)

saved = ui.load_saved(engine, settings.database_url, chosen, settings.province_code)
briefing_views.render_changes(ui.current_snapshot(), saved, lang, limit=50)
