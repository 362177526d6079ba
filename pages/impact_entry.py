"""Enter or import impact figures: a form per district and report time with the previous
report beside each field and a confirmation of what will change; or a CSV/XLSX import that
checks every row first and writes all or nothing."""

from datetime import UTC, datetime, time

import pandas as pd
import streamlit as st

from auth import PermissionDenied
from data_sources.errors import SourceFormatError
from domain.impact import FIELDS, changes, latest_per_district, validate_form
from i18n import source_name, t
from i18n.timefmt import BANGKOK, format_datetime, format_number
from ops.uploads import UploadRejected
from services.impact import import_impact, save_form_report
from ui import context
from ui import impact_state as keys
from ui.auth import current_user
from ui.freshness import show_page_stale_banner
from ui.impact import clear_caches, district_names, label, load_reports, may
from ui.impact_imports import (
    checked_upload,
    render_checked_import,
    render_extent_import,
    render_problems,
    upload_refusal,
)
from ui.layout import be_date_caption
from ui.text import plain

lang = context.lang()
settings = context.settings()
engine = context.engine()
st.title(t("impact.entry.heading", lang))
show_page_stale_banner("pages/impact_entry.py", engine, settings, lang)
user = current_user()
if not may(user, "impact.write"):
    st.warning(t("impact.entry.sign_in", lang))
    st.stop()

names = district_names(settings.province_code, lang)
allowed = [c for c in names if may(user, "impact.write", c)]
st.caption(t("impact.entry.as_user", lang, user=plain(user.display_name), n=len(allowed)))
if message := st.session_state.pop(keys.LAST_RESULT, None):
    st.success(message)
form_tab, import_tab, extent_tab = st.tabs(
    [t("impact.entry.tab_form", lang), t("impact.entry.tab_import", lang), t("impact.entry.tab_extent", lang)]
)

with form_tab:
    top = st.columns(3)
    district = top[0].selectbox(
        t("impact.field.district", lang), allowed, format_func=lambda c: f"{c} {names[c]}", key=keys.FORM_DISTRICT
    )
    local_now = datetime.now(BANGKOK)
    with top[1]:
        day = st.date_input(t("impact.entry.date", lang), value=local_now.date(), key=keys.FORM_DATE)
        be_date_caption(day, lang)  # Streamlit writes the date Gregorian ("2026/12/07")
    clock = top[2].time_input(
        t("impact.entry.time", lang),
        value=time(local_now.hour, 30 if local_now.minute >= 30 else 0),
        step=1800,
        key=keys.FORM_TIME,
    )
    report_time = datetime.combine(day, clock, BANGKOK).astimezone(UTC)
    history = load_reports(engine, settings.database_url)
    own = history[history["district_code"] == district]
    before = latest_per_district(own, report_time)
    previous = before.iloc[0].to_dict() if not before.empty else None
    if previous:
        st.info(
            t(
                "impact.entry.previous",
                lang,
                time=format_datetime(previous["report_time"].to_pydatetime(), lang),
                source=plain(source_name(previous["source"], lang)),
            )
        )
    suffix = f"{district}_{report_time:%Y%m%d%H%M}"
    with st.form(keys.FORM):
        values = {}
        columns = st.columns(3)
        for i, f in enumerate(FIELDS):
            old = previous[f.name] if previous else 0
            values[f.name] = columns[i % 3].number_input(
                label(f.name, lang),
                min_value=0.0 if f.is_float else 0,
                value=float(old) if f.is_float else int(old),
                step=0.5 if f.is_float else 1,
                key=f"{keys.FORM_FIELD_PREFIX}{f.name}_{suffix}",
                help=t("impact.entry.previous_value", lang, value=format_number(old, 1 if f.is_float else 0))
                if previous
                else None,
            )
        old_zone = previous.get("declared_zone_date") if previous else None
        zone = st.checkbox(
            t("impact.field.declared_zone_date", lang), value=old_zone is not None, key=f"{keys.FORM_ZONE}_{suffix}"
        )
        zone_day = st.date_input(
            t("impact.entry.zone_date", lang), value=old_zone or day, key=f"{keys.FORM_ZONE_DATE}_{suffix}"
        )
        be_date_caption(zone_day, lang)
        submitted = st.form_submit_button(t("impact.entry.review", lang), key=keys.FORM_SUBMIT)
    if submitted:
        record = {
            "district_code": district,
            "report_time": report_time,
            **values,
            "declared_zone_date": zone_day if zone else None,
        }
        problems = validate_form(record, datetime.now(UTC))
        if problems:
            render_problems(problems, lang)
        else:
            st.session_state[keys.PENDING] = record
    pending = st.session_state.get(keys.PENDING)
    if pending and pending["district_code"] == district and pending["report_time"] == report_time:
        diff = changes(previous, pending)
        when = format_datetime(report_time, lang)
        heading = t("impact.entry.confirm_heading", lang, district=plain(names[district]), time=when)
        st.markdown(f"**{heading}**")
        if diff:
            st.table(
                pd.DataFrame(
                    [(label(n, lang), "–" if a is None else a, b) for n, a, b in diff],
                    columns=[
                        t("impact.entry.col.field", lang),
                        t("impact.entry.col.before", lang),
                        t("impact.entry.col.after", lang),
                    ],
                )
            )
        else:
            st.caption(t("impact.entry.no_change", lang))
        ok, cancel = st.columns(2)
        if ok.button(t("impact.entry.confirm", lang), key=keys.CONFIRM, type="primary"):
            try:
                summary = save_form_report(engine, user, pending)
            except PermissionDenied as exc:
                st.error(plain(exc))
                st.stop()
            st.session_state.pop(keys.PENDING, None)
            clear_caches()
            st.session_state[keys.LAST_RESULT] = t(
                "impact.import.saved",
                lang,
                inserted=summary.inserted,
                updated=summary.updated,
                unchanged=summary.unchanged,
            )
            st.rerun()
        if cancel.button(t("impact.entry.cancel", lang), key=keys.CANCEL):
            st.session_state.pop(keys.PENDING, None)
            st.rerun()

with import_tab:
    st.caption(t("impact.entry.import_help", lang))
    upload = st.file_uploader(t("impact.entry.file", lang), type=["csv", "xlsx"], key=keys.UPLOAD)
    if upload is not None:
        data = upload.getvalue()
        try:
            checked = checked_upload(import_impact, engine, user, settings, data, upload.name, keys.UPLOAD_CHECKED)
        except (SourceFormatError, UploadRejected) as exc:
            st.error(upload_refusal(exc, lang))
            st.stop()
        refused = sorted({c for c in checked.records["district_code"] if not may(user, "impact.write", c)})
        if not checked.ok:
            render_problems(checked.problems, lang, rows=checked.rows_read)
        elif refused:
            st.error(
                t(
                    "impact.entry.not_your_districts",
                    lang,
                    districts=plain(", ".join(f"{c} {names.get(c, c)}" for c in refused)),
                )
            )
        else:
            render_checked_import(checked, names, lang)
            if st.button(
                t("impact.entry.import_now", lang, n=len(checked.records)), key=keys.UPLOAD_IMPORT, type="primary"
            ):
                done = import_impact(engine, user, settings, data, upload.name)
                clear_caches()
                st.session_state[keys.LAST_RESULT] = t(
                    "impact.import.saved",
                    lang,
                    inserted=done.summary.inserted,
                    updated=done.summary.updated,
                    unchanged=done.summary.unchanged,
                )
                st.rerun()

with extent_tab:
    render_extent_import(engine, user, settings, lang)
