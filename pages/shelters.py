"""Evacuation centres: a map of points sized by the people in them, a list sorted by how
full they are, and (for officers) an import from CSV/XLSX."""

from datetime import UTC, datetime

import streamlit as st

from auth import PermissionDenied
from data_sources.errors import SourceFormatError
from domain.shelters import rank_shelters
from geo.outlines import district_outlines
from i18n import t
from i18n.timefmt import BANGKOK, format_age, format_datetime
from ops.uploads import UploadRejected
from services.impact import import_shelters
from ui import context
from ui import impact_state as keys
from ui.auth import current_user
from ui.empty import show_empty_state
from ui.freshness import show_page_stale_banner
from ui.impact import clear_caches, district_names, load_shelters, may
from ui.impact_imports import checked_upload, render_problems, upload_refusal
from ui.shelters import shelter_map_figure, shelter_table
from ui.text import plain

lang = context.lang()
settings = context.settings()
engine = context.engine()
st.title(t("impact.shelters.heading", lang))
show_page_stale_banner("pages/shelters.py", engine, settings, lang)  # none yet: see PAGE_SOURCES
names = district_names(settings.province_code, lang)
now = datetime.now(UTC)
centres = load_shelters(engine, settings.database_url)

if centres.empty:
    show_empty_state(
        t("impact.what.shelters", lang),
        t("impact.why.no_shelters", lang),
        "python manage.py import-shelters centres.csv",
        lang,
    )
else:
    ranked = rank_shelters(centres, now.astimezone(BANGKOK).date())
    open_only = st.toggle(t("impact.shelters.open_only", lang), value=True, key=keys.SHELTER_OPEN_ONLY)
    shown = ranked[ranked["is_open"]] if open_only else ranked
    cols = st.columns(4)
    opened = ranked[ranked["is_open"]]
    cols[0].metric(t("impact.shelters.metric_open", lang), len(opened), border=True)
    cols[1].metric(t("impact.shelters.metric_people", lang), f"{int(opened['people_now'].sum()):,}", border=True)
    cols[2].metric(t("impact.shelters.metric_capacity", lang), f"{int(opened['capacity'].sum()):,}", border=True)
    cols[3].metric(t("impact.shelters.metric_full", lang), int((opened["occupancy"] >= 0.9).sum()), border=True)
    updated = centres["updated_at"].max().to_pydatetime()
    st.caption(
        t("impact.shelters.caption", lang, time=format_datetime(updated, lang), age=format_age(now - updated, lang))
    )
    if shown[["lat", "lon"]].notna().all(axis=1).any():
        outlines = district_outlines(settings)  # computed once per boundary file
        st.plotly_chart(
            shelter_map_figure(shown, lang, settings.map_style, outlines), key=keys.SHELTER_MAP, width="stretch"
        )
    missing = int(shown[["lat", "lon"]].isna().any(axis=1).sum())
    if missing:
        st.caption(t("impact.shelters.no_location", lang, n=missing))
    st.dataframe(
        shelter_table(shown, names, lang),
        key=keys.SHELTER_TABLE,
        hide_index=True,
        width="stretch",
        column_config={
            t("impact.field.occupancy", lang): st.column_config.ProgressColumn(
                format="%d%%", min_value=0, max_value=100
            )
        },
    )

user = current_user()
if may(user, "shelter.write"):
    with st.expander(t("impact.shelters.import", lang)):
        upload = st.file_uploader(t("impact.entry.file", lang), type=["csv", "xlsx"], key=keys.SHELTER_UPLOAD)
        if upload is not None:
            try:
                checked = checked_upload(
                    import_shelters, engine, user, settings, upload.getvalue(), upload.name, keys.SHELTER_CHECKED
                )
            except (SourceFormatError, UploadRejected) as exc:
                st.error(upload_refusal(exc, lang))
                st.stop()
            if not checked.ok:
                render_problems(checked.problems, lang, rows=checked.rows_read)
            elif st.button(
                t("impact.shelters.import_now", lang, n=len(checked.records)), key=keys.SHELTER_IMPORT, type="primary"
            ):
                try:
                    done = import_shelters(engine, user, settings, upload.getvalue(), upload.name)
                except PermissionDenied as exc:
                    st.error(plain(exc))
                    st.stop()
                clear_caches()
                st.success(
                    t(
                        "impact.import.saved",
                        lang,
                        inserted=done.summary.inserted,
                        updated=done.summary.updated,
                        unchanged=done.summary.unchanged,
                    )
                )
