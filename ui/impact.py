"""Cached loaders, labels, the report-time slider, tables and totals of the impact, entry and
evacuation-centre pages (the district map: ``ui.impact_map``; file imports: ``ui.impact_imports``;
centres: ``ui.shelters``). Loaders take the database URL (hashed) and the engine as
``_engine`` (not hashed); translation and filtering happen outside the caches."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from auth import PermissionDenied, User, require
from domain.impact import FIELDS, add_indicators, latest_per_district
from i18n import actor_name, source_name, t
from i18n.timefmt import format_date, format_datetime, format_number
from store import impact as store
from ui import impact_state as keys

TTL_S = 30
NO_REPORT = "–"
UNITS = {f.name: f.unit for f in FIELDS} | {"flooded_rai": "rai", "farmland_rai": "rai"}


@st.cache_data(ttl=TTL_S, max_entries=16, show_spinner=False)
def load_reports(_engine: Engine, database_url: str) -> pd.DataFrame:
    return store.read_impact_reports(_engine)


@st.cache_data(ttl=TTL_S, max_entries=16, show_spinner=False)
def load_flood_areas(_engine: Engine, database_url: str) -> pd.DataFrame:
    return store.read_flood_areas(_engine)


@st.cache_data(ttl=TTL_S, max_entries=16, show_spinner=False)
def load_extent_layer(_engine: Engine, database_url: str) -> store.ExtentLayer | None:
    return store.read_latest_extent_layer(_engine)


@st.cache_data(ttl=TTL_S, max_entries=16, show_spinner=False)
def load_shelters(_engine: Engine, database_url: str) -> pd.DataFrame:
    return store.read_shelters(_engine)


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def load_edits(_engine: Engine, database_url: str, district_code: str) -> pd.DataFrame:
    return store.read_report_edits(_engine, district_code)


@st.cache_resource(ttl=600, max_entries=4, show_spinner=False)
def load_districts_geojson(_settings, data_dir: str, province_code: str) -> dict | None:
    """Simplified district polygons (geo.display), or None when boundaries are not imported.
    A resource, not data: handed out without a copy, so callers must not mutate it."""
    from geo.display import districts_geojson

    return districts_geojson(_settings)


def clear_caches() -> None:
    """After a write: the next run reads the new figures."""
    for loader in (load_reports, load_flood_areas, load_extent_layer, load_shelters, load_edits):
        loader.clear()


def district_names(province_code: str, lang: str) -> dict[str, str]:
    from geo.gazetteer import province_districts

    frame = province_districts(province_code)
    return dict(zip(frame["district_code"], frame["name_th" if lang == "th" else "name_en"], strict=True))


def label(name: str, lang: str, unit: bool = True) -> str:
    """'Affected people (people)' / 'ราษฎรที่ได้รับผลกระทบ (คน)'."""
    text = t(f"impact.field.{name}", lang)
    return f"{text} ({t(f'impact.unit.{UNITS[name]}', lang)})" if unit and name in UNITS else text


def may(user: User | None, action: str, district_code: str | None = None) -> bool:
    try:
        require(user, action, district_code=district_code)
    except PermissionDenied:
        return False
    return True


def pick_report_time(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A slider over the report times (shareable as ``?report=YYYY-MM-DDTHH:MM`` Bangkok);
    returns the reports up to the chosen time. The latest time shows everything."""
    from domain.impact import report_times
    from i18n.timefmt import to_bangkok

    times = report_times(history)
    if len(times) < 2:
        return history
    codes = {to_bangkok(tm).strftime("%Y-%m-%dT%H:%M"): tm for tm in times}
    asked = st.query_params.get(keys.QP_REPORT)
    chosen = st.select_slider(
        t("impact.as_of", lang),
        options=list(codes),
        value=asked if asked in codes else list(codes)[-1],
        format_func=lambda c: format_datetime(codes[c], lang),
        key=keys.REPORT_TIME,
    )
    if chosen == list(codes)[-1]:
        st.query_params.pop(keys.QP_REPORT, None)
        return history
    st.query_params[keys.QP_REPORT] = chosen
    st.info(t("impact.as_of_note", lang, time=format_datetime(codes[chosen], lang)))
    return history[history["report_time"] <= codes[chosen]]


def district_frame(history: pd.DataFrame, flooded: pd.DataFrame, province_code: str, lang: str) -> pd.DataFrame:
    """One row per district of the province: its latest report's figures (NaN when it has
    never reported), the indicators, its name and the time of that report."""
    names = district_names(province_code, lang)
    latest = (
        add_indicators(latest_per_district(history), flooded)
        if not history.empty
        else pd.DataFrame(columns=["district_code"])
    )
    base = pd.DataFrame({"district_code": list(names), "name": list(names.values())})
    out = base.merge(latest, on="district_code", how="left")
    if not flooded.empty:
        areas = dict(zip(flooded["district_code"], flooded["area_rai"], strict=True))
        out["flooded_rai"] = [float(areas.get(c, 0.0)) for c in out["district_code"]]
    elif "flooded_rai" not in out:
        out["flooded_rai"] = 0.0
    return out


def history_figure(history: pd.DataFrame, indicators: list[str], lang: str) -> go.Figure:
    """One district's figures report by report (Bangkok time)."""
    fig = go.Figure()
    when = history["report_time"].map(lambda v: format_datetime(v.to_pydatetime(), lang))
    for name in indicators:
        fig.add_trace(go.Scatter(x=when, y=history[name], mode="lines+markers", name=label(name, lang)))
    fig.update_layout(
        height=320,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.3},
        xaxis={"title": t("impact.field.report_time", lang), "type": "category"},
    )
    return fig


def report_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Latest reports with translated headers (numbers stay numbers) for display and export."""
    shown = frame[frame["report_time"].notna()] if "report_time" in frame else frame.iloc[0:0]
    out = pd.DataFrame(
        {
            t("impact.field.district", lang): shown["district_code"] + " " + shown["name"],
            t("impact.field.report_time", lang): [
                format_datetime(v.to_pydatetime(), lang) for v in shown["report_time"]
            ],
        }
    )
    for f in FIELDS:
        out[label(f.name, lang)] = shown[f.name].to_numpy()
    out[label("flooded_rai", lang)] = shown["flooded_rai"].round(1).to_numpy()
    out[t("impact.field.declared_zone_date", lang)] = [
        format_date(d, lang) if isinstance(d, date) else "" for d in shown["declared_zone_date"]
    ]
    out[t("impact.field.source", lang)] = [source_name(s, lang) for s in shown["source"]]
    out[t("impact.field.entered_by", lang)] = [actor_name(a, lang) for a in shown["entered_by"]]
    return out.reset_index(drop=True)


def render_totals(change: pd.DataFrame, lang: str, names: tuple[str, ...]) -> None:
    """Province totals as metrics with the change since the previous report."""
    rows = change.set_index("field")
    columns = st.columns(len(names))
    for column, name in zip(columns, names, strict=False):
        current, delta = rows.loc[name, "current"], rows.loc[name, "change"]
        column.metric(
            label(name, lang, unit=False),
            format_number(current, 0),
            None if pd.isna(delta) else f"{delta:+,.0f}",
            help=label(name, lang),
            delta_color="inverse",
            border=True,
        )


def newest(values) -> datetime | None:
    values = [v for v in values if v is not None and not pd.isna(v)]
    return (
        max(values).to_pydatetime()
        if values and hasattr(max(values), "to_pydatetime")
        else (max(values) if values else None)
    )
