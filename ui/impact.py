"""Cached loaders, figure builders and small renderers of the impact, entry and
evacuation-centre pages. Loaders take the database URL (hashed) and the engine as
``_engine`` (not hashed); translation and filtering happen outside the caches."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from auth import PermissionDenied, User, require
from config import Settings
from data_sources.errors import SourceFormatError
from domain.class_breaks import class_breaks, class_labels, classify
from domain.impact import FIELDS, add_indicators, latest_per_district
from geo.display import coordinate_lists, map_view, round_coordinates
from i18n import actor_name, source_name, t
from i18n.timefmt import format_date, format_datetime, format_number
from ops.uploads import UploadRejected
from services.impact import ImportOutcome
from store import impact as store
from ui import impact_state as keys
from ui.layout import be_date_caption
from ui.text import plain

TTL_S = 30
NO_REPORT = "–"
PALETTE = ("#fee8c8", "#fdbb84", "#fc8d59", "#e34a33", "#b30000", "#7f0000")
ZERO_COLOUR, NONE_COLOUR = "#f0f0f0", "#bdbdbd"
EXTENT_COLOUR = "rgba(30, 100, 230, 0.55)"
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


def store_extent_upload(
    engine: Engine, user: User, settings, filename: str, data: bytes, acquired_on: date | None
) -> dict:
    """An uploaded flood-extent file through the upload limits, into a temporary file
    (the GIS readers want a path), then ``services.impact.import_flood_extent``."""
    import tempfile
    from pathlib import Path

    from ops.uploads import check_upload
    from services.impact import import_flood_extent

    check_upload(filename, data, ("geojson", "shapezip"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(filename).name
        path.write_bytes(data)
        return import_flood_extent(engine, user, settings, path, acquired_on)


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


def slim_geojson(geojson: dict, decimals: int = 4) -> dict:
    """The polygons only (feature ``id`` = district code, no names), coordinates rounded to
    ``decimals`` (4: about 11 m, well under the display layer's ~130 m simplification):
    what the choropleth trace ships to the browser."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": f["properties"]["district_code"],
                "geometry": {
                    "type": f["geometry"]["type"],
                    "coordinates": round_coordinates(f["geometry"]["coordinates"], decimals),
                },
            }
            for f in geojson["features"]
        ],
    }


def district_classes(values: pd.Series, lang: str) -> tuple[list[int], list[str], list[str]]:
    """The colour class of each district: its index into the returned class labels and
    colours. Classes in legend order, only those present: no report (grey), 0, then the
    natural-break classes of the positive values (``domain.class_breaks.class_breaks``: one
    dominant district gets a class of its own), darkest last."""
    breaks = class_breaks(values.dropna())
    labels = class_labels(breaks, 0)
    no_report = t("impact.map.no_report", lang)
    names = [no_report if pd.isna(v) else c for v, c in zip(values, classify(values, breaks, 0), strict=False)]
    colours = {no_report: NONE_COLOUR, "0": ZERO_COLOUR} | {
        lab: PALETTE[min(i + (len(PALETTE) - len(labels)), len(PALETTE) - 1)] for i, lab in enumerate(labels)
    }
    present = set(names)
    order = [c for c in (no_report, "0", *labels) if c in present]
    return [order.index(n) for n in names], order, [colours[c] for c in order]


def stepped_colourscale(colours: list[str]) -> list[list]:
    """A colour scale with one flat band per class (z = class index, zmin -0.5, zmax n-0.5)."""
    n = max(len(colours), 1)
    return [stop for i, c in enumerate(colours) for stop in ([i / n, c], [(i + 1) / n, c])] or [
        [0, NONE_COLOUR],
        [1, NONE_COLOUR],
    ]


def choropleth_figure(
    frame: pd.DataFrame,
    geojson: dict,
    indicator: str,
    lang: str,
    map_style: str,
    extent: store.ExtentLayer | None = None,
) -> go.Figure:
    """Districts coloured by natural-break classes of ``indicator`` (one dominant district
    gets its own class); districts without a report are grey; the satellite extent on top.
    One choropleth trace (class index on a stepped colour scale, the class ranges as the
    colour bar's labels), so the district geometry is sent once."""
    values = frame[indicator] if indicator in frame else pd.Series([None] * len(frame), dtype="float64")
    index, classes, colours = district_classes(values.reset_index(drop=True), lang)
    value_text = [NO_REPORT if pd.isna(v) else format_number(float(v), 0) for v in values]
    centre, zoom = map_view(*coordinate_lists(geojson), height=560)
    n = len(classes)
    fig = go.Figure(
        go.Choroplethmap(
            geojson=slim_geojson(geojson),
            locations=list(frame["district_code"]),
            z=index,
            zmin=-0.5,
            zmax=max(n, 1) - 0.5,
            colorscale=stepped_colourscale(colours),
            marker_opacity=0.8,
            marker_line_width=1,
            marker_line_color="#666",
            hovertext=list(frame["name"]),
            customdata=[[v] for v in value_text],
            showlegend=False,
            hovertemplate="<b>%{hovertext}</b><br>" + label(indicator, lang) + ": %{customdata[0]}<extra></extra>",
            colorbar={
                "title": {"text": label(indicator, lang)},
                "tickvals": list(range(n)),
                "ticktext": classes,
                "ticks": "",
                "len": min(1.0, 0.1 + 0.09 * n),
                "y": 1.0,
                "yanchor": "top",
                "thickness": 18,
                "outlinewidth": 0,
            },
        )
    )
    if extent is not None:
        import json

        fig.add_trace(
            go.Choroplethmap(
                geojson=json.loads(extent.geojson),
                locations=["extent"],
                z=[1],
                featureidkey="properties.id",
                colorscale=[[0, EXTENT_COLOUR], [1, EXTENT_COLOUR]],
                showscale=False,
                marker_line_width=0,
                name=t("impact.map.extent", lang, date=format_date(extent.acquired_on, lang)),
                showlegend=True,
                hovertemplate=t("impact.map.extent", lang, date=format_date(extent.acquired_on, lang))
                + "<extra></extra>",
            )
        )
    fig.update_layout(
        map={"style": map_style, "center": centre, "zoom": zoom},
        height=560,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.7)"},
    )
    return fig


@st.cache_resource(ttl=60, max_entries=32, show_spinner=False)
def _cached_choropleth(
    _settings,
    data_dir: str,
    province_code: str,
    rows: tuple,
    indicator: str,
    lang: str,
    map_style: str,
    extent_key: tuple | None,
    _extent: store.ExtentLayer | None,
) -> go.Figure | None:
    geojson = load_districts_geojson(_settings, data_dir, province_code)
    if geojson is None:
        return None
    frame = pd.DataFrame(list(rows), columns=["district_code", "name", indicator])
    return choropleth_figure(frame, geojson, indicator, lang, map_style, _extent)


def choropleth_map(
    settings, frame: pd.DataFrame, indicator: str, lang: str, extent: store.ExtentLayer | None
) -> go.Figure | None:
    """``choropleth_figure`` built once per (district values, indicator, language, map style,
    extent) for a minute, or None when no boundaries are imported. The figure is shared
    between sessions and never mutated (``st.plotly_chart`` serialises a copy)."""
    values = frame[indicator] if indicator in frame else [None] * len(frame)
    rows = tuple(
        (c, n, None if pd.isna(v) else float(v))
        for c, n, v in zip(frame["district_code"], frame["name"], values, strict=False)
    )
    extent_key = (
        None
        if extent is None
        else (extent.source, str(extent.acquired_on), extent.feature_count, len(extent.geojson), extent.scenes)
    )
    return _cached_choropleth(
        settings,
        str(settings.data_dir),
        settings.province_code,
        rows,
        indicator,
        lang,
        settings.map_style,
        extent_key,
        extent,
    )


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


def checked_upload(importer, engine: Engine, user: User, settings, data: bytes, filename: str, state_key: str):
    """The dry run of ``importer`` (``services.impact.import_impact`` or ``import_shelters``) on
    an uploaded file, run once per file: Streamlit reruns the page on every click while the
    file stays uploaded, and reading a big file again each time is what exhausted the
    server. The outcome (or the refusal) is kept in ``st.session_state[state_key]`` keyed by
    the content's SHA-256, the user and the province; one file per key, so nothing piles up."""
    key = (hashlib.sha256(data).hexdigest(), filename, user.username, settings.province_code, settings.import_max_rows)
    kept = st.session_state.get(state_key)
    if kept is None or kept[0] != key:
        try:
            outcome = importer(engine, user, settings, data, filename, dry_run=True)
        except (SourceFormatError, UploadRejected) as exc:
            outcome = exc
        kept = (key, outcome)
        st.session_state[state_key] = kept
    if isinstance(kept[1], Exception):
        raise kept[1]
    return kept[1]


def upload_refusal(exc: Exception, lang: str) -> str:
    """The one-line reason a file was refused, in ``lang`` where the error can say it so."""
    return exc.describe(lang) if hasattr(exc, "describe") else str(exc)


def render_problems(problems, lang: str, limit: int = 200) -> None:
    st.error(t("impact.import.failed", lang, problems=len(problems), rows="…"))
    st.code("\n".join(p.message(lang) for p in problems[:limit]), language=None)


def shelter_map_figure(centres: pd.DataFrame, lang: str, map_style: str, outlines=None) -> go.Figure:
    """Centres as points sized by people now and coloured by how full they are, over the
    district outlines (``geo.outlines.Outlines``, or a GeoJSON dict to outline) when
    imported, so the points have a place."""
    from geo.outlines import Outlines, outline_coords, outline_trace

    shown = centres[centres["lat"].notna() & centres["lon"].notna()].copy()
    shown["pct"] = (shown["occupancy"] * 100).round(0)
    shown["size"] = shown["people_now"].clip(lower=1)
    if outlines is not None and not isinstance(outlines, Outlines):
        outlines = outline_coords(outlines)
    framed = outlines is not None and len(outlines.lon)
    centre, zoom = map_view(
        *((outlines.lon.tolist(), outlines.lat.tolist()) if framed else (shown["lon"].tolist(), shown["lat"].tolist())),
        height=520,
    )
    fig = px.scatter_map(
        shown,
        lat="lat",
        lon="lon",
        size="size",
        color="pct",
        color_continuous_scale="RdYlGn_r",
        range_color=(0, 120),
        hover_name="name",
        custom_data=["people_now", "capacity", "pct"],
        size_max=24,
        map_style=map_style,
        center=centre,
        zoom=zoom,
        height=520,
    )
    fig.update_traces(
        hovertemplate="<b>%{hovertext}</b><br>"
        + t("impact.field.people_now", lang)
        + ": %{customdata[0]:,}"
        + " / %{customdata[1]:,} (%{customdata[2]}%)<extra></extra>"
    )
    if outlines is not None and len(outlines.lon):
        fig = go.Figure(
            data=[outline_trace(outlines, colour="#777"), *fig.data], layout=fig.layout
        )  # outlines under the points
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, coloraxis_colorbar={"title": t("impact.field.occupancy", lang) + " %"}
    )
    return fig


def shelter_table(ranked: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    yes, no = t("impact.shelters.yes", lang), t("impact.shelters.no", lang)
    return pd.DataFrame(
        {
            t("impact.field.name", lang): ranked["name"],
            t("impact.field.district", lang): [names.get(c, c) for c in ranked["district_code"]],
            t("impact.field.occupancy", lang): (ranked["occupancy"] * 100).round(0),
            t("impact.field.people_now", lang): ranked["people_now"],
            t("impact.field.capacity", lang): ranked["capacity"],
            t("impact.field.status", lang): [
                t("impact.shelters.open" if o else "impact.shelters.closed", lang) for o in ranked["is_open"]
            ],
            t("impact.field.water", lang): [yes if v else no for v in ranked["water"]],
            t("impact.field.toilets", lang): [yes if v else no for v in ranked["toilets"]],
            t("impact.field.medical", lang): [yes if v else no for v in ranked["medical"]],
            t("impact.field.opened_on", lang): [
                format_date(d, lang) if isinstance(d, date) else "" for d in ranked["opened_on"]
            ],
            t("impact.field.closed_on", lang): [
                format_date(d, lang) if isinstance(d, date) else "" for d in ranked["closed_on"]
            ],
        }
    )


def newest(values) -> datetime | None:
    values = [v for v in values if v is not None and not pd.isna(v)]
    return (
        max(values).to_pydatetime()
        if values and hasattr(max(values), "to_pydatetime")
        else (max(values) if values else None)
    )


def render_checked_import(checked: ImportOutcome, names: dict, lang: str) -> None:
    """What a good impact file would write: the count, the rows skipped as another province's,
    and the reports to be written, before the officer presses Import."""
    st.success(
        t(
            "impact.import.checked",
            lang,
            rows=checked.rows_read,
            layout=checked.layout,
            reports=len(checked.records),
        )
    )
    if checked.skipped_other_province:
        st.caption(t("impact.import.skipped", lang, n=checked.skipped_other_province))
    preview = checked.records.assign(district=[names.get(c, c) for c in checked.records["district_code"]])
    st.dataframe(
        preview[
            [
                "district_code",
                "district",
                "report_time",
                "affected_households",
                "affected_people",
                "evacuated_people",
            ]
        ],
        hide_index=True,
    )


def render_extent_import(engine: Engine, user: User | None, settings: Settings, lang: str) -> None:
    """The flood-extent tab: a GeoJSON or zipped Shapefile and its date, stored per district."""
    if not may(user, "flood_extent.write"):
        st.caption(t("impact.entry.sign_in", lang))
    else:
        st.caption(t("impact.entry.extent_help", lang))
        extent_file = st.file_uploader(
            t("impact.entry.file", lang), type=["geojson", "json", "zip"], key=keys.EXTENT_UPLOAD
        )
        extent_day = st.date_input(t("impact.entry.extent_date", lang), value=None, key=keys.EXTENT_DATE)
        be_date_caption(extent_day, lang)
        if extent_file is not None and st.button(
            t("impact.entry.extent_import", lang), key=keys.EXTENT_IMPORT, type="primary"
        ):
            try:
                results = store_extent_upload(
                    engine, user, settings, extent_file.name, extent_file.getvalue(), extent_day
                )
            except (SourceFormatError, UploadRejected, PermissionDenied) as exc:
                st.error(plain(exc))
                st.stop()
            clear_caches()
            st.success(
                "; ".join(
                    t("impact.entry.extent_saved", lang, date=format_date(d, lang), n=s.written + s.unchanged, method=m)
                    for d, (s, m) in sorted(results.items())
                )
            )
