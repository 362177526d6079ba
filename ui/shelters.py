"""Evacuation centres on screen: the map of centres sized by people and coloured by how full
they are, over the district outlines, and the centre table."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from geo.display import map_view
from i18n import t
from i18n.timefmt import format_date


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
