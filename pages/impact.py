"""Impact by district: choropleth of a chosen indicator, province totals with the change
since the previous report, declared zones, a district's history, and the table to export."""

from datetime import UTC, datetime

import streamlit as st

from domain.impact import INDICATORS, change_since_previous, declared_zones, latest_per_district
from i18n import actor_name, source_name, t
from i18n.timefmt import format_date, format_datetime
from ops.exports import export_bytes
from ui import context
from ui import impact_state as keys
from ui.empty import show_empty_state
from ui.freshness import show_page_stale_banner, show_source_caption
from ui.impact import (
    district_frame,
    history_figure,
    label,
    load_edits,
    load_extent_layer,
    load_flood_areas,
    load_reports,
    pick_report_time,
    render_totals,
    report_table,
)
from ui.impact_map import choropleth_map
from ui.text import plain

lang = context.lang()
settings = context.settings()
engine = context.engine()
url = settings.database_url
st.title(t("impact.page.heading", lang))
show_page_stale_banner("pages/impact.py", engine, settings, lang)

history = load_reports(engine, url)
flooded = load_flood_areas(engine, url)
extent = load_extent_layer(engine, url)
if history.empty and flooded.empty:
    show_empty_state(
        t("impact.what.reports", lang),
        t("impact.why.no_reports", lang),
        "python manage.py import-impact FILE.xlsx --dry-run\npython manage.py import-impact FILE.xlsx",
        lang,
    )
    st.stop()

now = datetime.now(UTC)
last_report = history["report_time"].max().to_pydatetime() if not history.empty else None
stale = last_report is None or (now - last_report).total_seconds() > settings.impact_stale_s
view = pick_report_time(history, lang)  # the reports as of the chosen report time (all by default)
frame = district_frame(view, flooded, settings.province_code, lang)

if not view.empty:
    st.subheader(t("impact.totals.heading", lang))
    render_totals(
        change_since_previous(view),
        lang,
        ("affected_households", "affected_people", "evacuated_people", "deaths", "people_in_centres"),
    )
    show_source_caption("impact", last_report, stale, lang)

asked = st.query_params.get(keys.QP_INDICATOR)
indicator = (
    st.segmented_control(
        t("impact.indicator", lang),
        INDICATORS,
        format_func=lambda n: label(n, lang, unit=False),
        default=asked if asked in INDICATORS else "affected_households",
        key=keys.INDICATOR,
    )
    or "affected_households"
)
st.query_params[keys.QP_INDICATOR] = indicator

figure = choropleth_map(settings, frame, indicator, lang, extent)  # built once a minute per view, shared
if figure is None:
    st.info(t("impact.map.no_boundaries", lang))
    st.bar_chart(frame.set_index("name")[indicator], horizontal=True)
else:
    st.plotly_chart(figure, key=keys.MAP_CHART, width="stretch")
    st.caption(t("impact.map.breaks", lang))
if extent is not None:
    st.caption(
        t(
            "impact.map.extent_caption",
            lang,
            date=format_date(extent.acquired_on, lang),
            source=plain(source_name(extent.source, lang)),
            n=extent.feature_count,
        )
    )

zones = declared_zones(latest_per_district(view)) if not view.empty else view
st.subheader(t("impact.zones.heading", lang))
if zones.empty:
    st.caption(t("impact.zones.none", lang))
else:
    names = dict(zip(frame["district_code"], frame["name"], strict=True))
    st.markdown(
        "\n".join(
            f"- **{plain(names.get(c, c))}** ({c}): {format_date(d, lang)}"
            for c, d in zip(zones["district_code"], zones["declared_zone_date"], strict=True)
        )
    )

st.subheader(t("impact.detail.heading", lang))
has_reports = set(history["district_code"])
reported = [c for c in frame["district_code"] if c in has_reports]
if reported:
    names = dict(zip(frame["district_code"], frame["name"], strict=True))
    asked_district = st.query_params.get(keys.QP_DISTRICT)
    district = st.selectbox(
        t("impact.field.district", lang),
        reported,
        format_func=lambda c: f"{c} {names[c]}",
        index=reported.index(asked_district) if asked_district in reported else 0,
        key=keys.DISTRICT,
    )
    st.query_params[keys.QP_DISTRICT] = district
    own = history[history["district_code"] == district]
    chosen = [indicator] if indicator in own else ["affected_households", "affected_people"]
    st.plotly_chart(
        history_figure(own, list(dict.fromkeys([*chosen, "evacuated_people"])), lang),
        key=keys.HISTORY_CHART,
        width="stretch",
    )
    latest = own.iloc[-1]
    st.caption(
        t(
            "impact.detail.caption",
            lang,
            time=format_datetime(latest["report_time"].to_pydatetime(), lang),
            source=plain(source_name(latest["source"], lang)),
            who=plain(actor_name(latest["entered_by"], lang)),
            n=len(own),
        )
    )
    edits = load_edits(engine, url, district)
    if not edits.empty:
        st.caption(t("impact.detail.edits", lang, n=len(edits)))

st.subheader(t("impact.table.heading", lang))
table = report_table(frame, lang)
st.dataframe(table, key=keys.TABLE, hide_index=True, width="stretch")
stamp = (last_report or now).strftime("%Y%m%d")
left, right = st.columns(2)
# the files are built only when a button is clicked (Streamlit runs the callable then)
left.download_button(
    t("impact.table.csv", lang),
    lambda: export_bytes(table, "csv"),
    f"impact_{settings.province_code}_{stamp}.csv",
    "text/csv",
    key=keys.DOWNLOAD_CSV,
)
right.download_button(
    t("impact.table.xlsx", lang),
    lambda: export_bytes(table, "xlsx", "impact"),
    f"impact_{settings.province_code}_{stamp}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key=keys.DOWNLOAD_XLSX,
)
