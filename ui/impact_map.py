"""The impact page's district map: natural-break classes per indicator, a stepped colour
scale, the choropleth with the flood-extent layer over it, cached per view."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from domain.class_breaks import class_breaks, class_labels, classify
from geo.display import coordinate_lists, map_view, round_coordinates
from i18n import t
from i18n.timefmt import format_date, format_number
from store import impact as store
from ui.impact import NO_REPORT, label, load_districts_geojson

PALETTE = ("#fee8c8", "#fdbb84", "#fc8d59", "#e34a33", "#b30000", "#7f0000")
ZERO_COLOUR, NONE_COLOUR = "#f0f0f0", "#bdbdbd"
EXTENT_COLOUR = "rgba(30, 100, 230, 0.55)"


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
