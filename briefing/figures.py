"""Plotly figures of a briefing snapshot, shared by the meeting-room screen (interactive)
and the deck (rendered to PNG server-side with kaleido and Debian's Chromium).

    situation_map(snapshot, geojson, lang, map_style) -> Figure | None        MapLibre, for the screen
    static_situation_map(snapshot, geojson, lang) -> Figure | None           SVG, for the deck
    impact_chart(snapshot, lang) -> Figure | None
    render_images({name: fig}, width, height) -> {name: png bytes}   one browser for all
    check_chart_support() -> browser path, or ChartsUnavailable      before offering the deck
"""

from __future__ import annotations

import math
import os
import threading
import warnings

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from shapely.geometry import shape

from briefing.map_labels import BESIDE, CLASS_SHAPES, ON, Anchor, leader_end, place_labels
from briefing.snapshot import districts_frame, stations_frame
from briefing.wall_map import station_label
from domain.situation import HII_COLOURS
from geo.display import coordinate_lists, map_view, round_coordinates
from geo.outlines import outline_coords, outline_trace
from i18n import t

FONT = "Sarabun, Loma, Garuda, Tlwg Typo, sans-serif"
AFFECTED_SCALE = [[0.0, "#FFF7EC"], [0.5, "#FC8D59"], [1.0, "#B30000"]]
_RENDER_LOCK = threading.Lock()


class ChartsUnavailable(RuntimeError):
    """The deck's maps and charts cannot be drawn here: no Chromium for kaleido to start."""


def check_chart_support() -> str:
    """The Chromium that kaleido will start (the same search as kaleido's: ``BROWSER_PATH``,
    then ``PATH`` and the usual places), or ``ChartsUnavailable``. Without a browser kaleido's
    render thread fails out of sight and the caller waits for ever, so a page asks first."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    if not path or not os.access(path, os.X_OK):
        named = os.environ.get("BROWSER_PATH")
        where = f" (BROWSER_PATH={named!r} is not a program)" if named else ""
        raise ChartsUnavailable(
            f"the deck's maps and charts are drawn by Chromium, which is not installed on this server{where}: "
            "run `make system-deps` (apt-get install chromium)"
        )
    return path


def situation_map(
    snapshot: dict, geojson: dict | None, lang: str, map_style: str = "white-bg", width: int = 1600, height: int = 900
) -> go.Figure | None:
    """Districts shaded by people affected (when boundaries exist; only affected districts
    carry polygons, the other borders are one outline trace) with the stations on top,
    coloured by HII class; None when there is neither a boundary nor a located station."""
    stations = stations_frame(snapshot).dropna(subset=["lat", "lon"])
    if geojson is None and stations.empty:
        return None
    fig = go.Figure()
    if geojson is not None:
        districts = districts_frame(snapshot)
        people = (
            districts["affected_people"].astype("float64").fillna(0.0)
            if not districts.empty
            else pd.Series(dtype="float64")
        )
        # Only the affected districts carry polygons (the shading, outlined by the choropleth);
        # the other borders are one light line trace (geo.outlines: shared borders once,
        # float32), so a quiet night sends a few tens of KB instead of every polygon.
        shaded = districts[people > 0] if not districts.empty else districts
        codes = set(shaded["district_code"]) if not shaded.empty else set()
        if codes:
            fig.add_trace(
                go.Choroplethmap(
                    geojson={
                        "type": "FeatureCollection",
                        "features": [
                            _rounded(f) for f in geojson["features"] if f["properties"]["district_code"] in codes
                        ],
                    },
                    featureidkey="properties.district_code",
                    locations=shaded["district_code"],
                    z=people[people > 0],
                    text=shaded["name_th" if lang == "th" else "name_en"],
                    colorscale=AFFECTED_SCALE,
                    zmin=0,
                    zmax=max(float(people.max()), 1.0),
                    marker_line_color="#333333",
                    marker_line_width=1.2,
                    marker_opacity=0.75,
                    colorbar={"title": {"text": t("briefing.col.people", lang)}, "len": 0.6},
                    hovertemplate="%{text}: %{z:,.0f}<extra></extra>",
                )
            )
        rest = [f for f in geojson["features"] if f["properties"]["district_code"] not in codes]
        if rest:
            fig.add_trace(
                outline_trace(
                    outline_coords({"type": "FeatureCollection", "features": rest}), colour="#333333", width=1.2
                )
            )
    for cls, group in stations.groupby("situation_class", sort=False):
        fig.add_trace(
            go.Scattermap(
                lat=group["lat"],
                lon=group["lon"],
                mode="markers+text",
                text=group["station_code"],
                textposition="top right",
                textfont={"size": 16, "color": "#111111"},
                marker={"size": 20, "color": HII_COLOURS.get(cls, "#9E9E9E")},
                name=t(f"water.class.{cls}", lang),
                hovertemplate="%{text}<extra></extra>",
            )
        )
    lons, lats = coordinate_lists(geojson) if geojson else (stations["lon"].tolist(), stations["lat"].tolist())
    centre, zoom = map_view(lons, lats, width, height)
    fig.update_layout(
        map={"style": map_style, "center": centre, "zoom": zoom},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        font={"family": FONT, "size": 18},
        legend={"bgcolor": "rgba(255,255,255,0.85)", "x": 0.01, "y": 0.99},
    )
    return fig


def _rounded(feature: dict, digits: int = 4) -> dict:
    """The feature with coordinates to ``digits`` decimals (1e-4° is ~11 m, finer than a
    screen pixel at province zoom; shared vertices round alike, so borders stay shared)."""
    geometry = feature["geometry"]
    return {
        **feature,
        "geometry": {"type": geometry["type"], "coordinates": round_coordinates(geometry["coordinates"], digits)},
    }


def _rings(geometry: dict) -> list[list]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [polygon[0] for polygon in polygons]


def static_situation_map(
    snapshot: dict, geojson: dict | None, lang: str, width: int = 1600, height: int = 900
) -> go.Figure | None:
    """The situation map for print: districts filled by people affected and labelled when
    affected, stations by HII class, drawn as plain SVG on lon/lat axes (no WebGL, no
    tiles: fast and identical offline). None without boundaries and located stations."""
    stations = stations_frame(snapshot).dropna(subset=["lat", "lon"])
    if geojson is None and stations.empty:
        return None
    fig = go.Figure()
    areas: list[tuple[float, float, str, str]] = []  # affected districts: lon, lat, name, people
    if geojson is not None:
        frame = districts_frame(snapshot)
        affected = (
            {}
            if frame.empty
            else dict(zip(frame["district_code"], frame["affected_people"].astype("float64").fillna(0.0), strict=True))
        )
        top = max([*affected.values(), 1.0])
        for feature in geojson["features"]:
            code = feature["properties"]["district_code"]
            people = float(affected.get(code, 0.0))
            colour = sample_colorscale(AFFECTED_SCALE, [people / top])[0]
            for ring in _rings(feature["geometry"]):
                fig.add_trace(
                    go.Scatter(
                        x=[c[0] for c in ring],
                        y=[c[1] for c in ring],
                        mode="lines",
                        fill="toself",
                        fillcolor=colour,
                        line={"color": "#333333", "width": 1},
                        hoverinfo="skip",
                        showlegend=False,
                    )
                )
            if people > 0:
                point = shape(feature["geometry"]).representative_point()  # inside the district, unlike a vertex mean
                name = feature["properties"].get("name_th" if lang == "th" else "name_en") or code
                areas.append((point.x, point.y, name, f"{people:,.0f}"))
    _stations_with_labels(fig, stations, geojson, lang, width, height, areas)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(
        width=width,
        height=height,
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"family": FONT, "size": 18},
        legend={"bgcolor": "rgba(255,255,255,0.85)", "x": 0.01, "y": 0.99},
    )
    return fig


DECK_LABEL_PX = 20
AREA_LABEL_PX = 18  # affected district's name and people
_XANCHOR = {"start": "left", "end": "right", "middle": "center"}


def _stations_with_labels(
    fig: go.Figure,
    stations: pd.DataFrame,
    geojson: dict | None,
    lang: str,
    width: int,
    height: int,
    areas: list[tuple[float, float, str, str]] = (),
) -> None:
    """Stations by class (colour and shape), labelled 'code class' where the label collides
    with nothing (key stations always), then each affected district's 'name people' on or
    near its representative point, clear of the station labels and markers (left out when
    there is no room: the impact slide has every figure): the axes get fixed ranges, so pixel
    positions are known and ``briefing.map_labels.place_labels`` lays the labels out in pixels."""
    lons, lats = coordinate_lists(geojson)
    lons, lats = lons + stations["lon"].tolist(), lats + stations["lat"].tolist()
    if not lons:
        return
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    plot_w, plot_h = width - 20, height - 20
    scale = min(plot_w / max((max(lons) - min(lons)) * k, 1e-3), plot_h / max(max(lats) - min(lats), 1e-3)) * 0.96
    x0 = (min(lons) + max(lons)) / 2 - plot_w / (2 * scale * k)
    y1 = (min(lats) + max(lats)) / 2 + plot_h / (2 * scale)
    fig.update_xaxes(range=[x0, x0 + plot_w / (scale * k)])
    fig.update_yaxes(range=[y1 - plot_h / scale, y1])
    stations = stations.assign(situation_class=stations["situation_class"].fillna("unknown")).sort_values(
        "is_key", ascending=False
    )
    for cls, group in stations.groupby("situation_class", sort=False):
        fig.add_trace(
            go.Scatter(
                x=group["lon"],
                y=group["lat"],
                mode="markers",
                name=t(f"water.class.{cls}", lang),
                marker={
                    "size": 16,
                    "symbol": CLASS_SHAPES.get(cls, "circle-open"),
                    "color": HII_COLOURS.get(cls, "#9E9E9E"),
                    "line": {"color": "#000", "width": 1.5},
                },
            )
        )
    anchors = [
        Anchor(
            (r.lon - x0) * scale * k,
            (y1 - r.lat) * scale,
            station_label(r.station_code, r.situation_class, lang),
            10,
            bool(r.is_key),
        )
        for r in stations.itertuples()
    ]
    placed = place_labels(anchors, DECK_LABEL_PX, (0, 0, plot_w, plot_h), pad=3)
    for a, p in zip(anchors, placed, strict=False):
        if p is not None and p.leader:  # set apart from its marker in a crowded town: joined by a line
            ex, ey = leader_end(p.box, a.x, a.y)
            fig.add_shape(
                type="line",
                x0=x0 + a.x / (scale * k),
                y0=y1 - a.y / scale,
                x1=x0 + ex / (scale * k),
                y1=y1 - ey / scale,
                line={"color": "#000000", "width": 1.5},
                name="leader",
            )
        if p is not None:
            fig.add_annotation(
                x=x0 + p.x / (scale * k),
                y=y1 - (p.box[1] + p.box[3]) / 2 / scale,
                text=a.text,
                showarrow=False,
                xanchor=_XANCHOR[p.anchor],
                yanchor="middle",
                font={"size": DECK_LABEL_PX, "color": "#000000"},
                bgcolor="rgba(255,255,255,0.8)",
            )
    taken = [p.box for p in placed if p is not None] + [
        (a.x - a.radius, a.y - a.radius, a.x + a.radius, a.y + a.radius) for a in anchors
    ]
    names = [Anchor((lon - x0) * scale * k, (y1 - lat) * scale, f"{name} {people}") for lon, lat, name, people in areas]
    for (_, _, name, people), _anchor, p in zip(
        areas,
        names,
        place_labels(names, AREA_LABEL_PX, (0, 0, plot_w, plot_h), obstacles=taken, pad=3, candidates=ON + BESIDE),
        strict=False,
    ):
        if p is not None:
            fig.add_annotation(
                x=x0 + p.x / (scale * k),
                y=y1 - (p.box[1] + p.box[3]) / 2 / scale,
                text=f"<b>{name}</b> {people}",
                name="district",
                showarrow=False,
                xanchor=_XANCHOR[p.anchor],
                yanchor="middle",
                font={"size": AREA_LABEL_PX, "color": "#000000"},
                bgcolor="rgba(255,255,255,0.75)",
            )


def impact_chart(snapshot: dict, lang: str) -> go.Figure | None:
    """People affected and evacuated per affected district (horizontal bars); None without reports."""
    districts = districts_frame(snapshot)
    if districts.empty or "affected_people" not in districts:
        return None
    hit = districts[districts["affected_people"].fillna(0) > 0].sort_values("affected_people")
    if hit.empty:
        return None
    names = hit["name_th" if lang == "th" else "name_en"]
    fig = go.Figure(
        [
            go.Bar(
                y=names,
                x=hit["affected_people"],
                orientation="h",
                name=t("briefing.col.people", lang),
                marker_color="#C0392B",
            ),
            go.Bar(
                y=names,
                x=hit["evacuated_people"].fillna(0),
                orientation="h",
                name=t("briefing.col.evacuees", lang),
                marker_color="#2C3E50",
            ),
        ]
    )
    fig.update_layout(
        barmode="group",
        font={"family": FONT, "size": 18},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.12},
        plot_bgcolor="white",
    )
    return fig


def render_images(
    figures: dict[str, go.Figure], width: int = 1600, height: int = 900, scale: float = 1.0
) -> dict[str, bytes]:
    """PNG bytes of each figure, all from one headless Chromium started once for the batch
    (kaleido's sync server), stopped afterwards. Serialised across threads.
    ``ChartsUnavailable`` when there is no Chromium to start."""
    import kaleido

    if not figures:
        return {}
    check_chart_support()
    with _RENDER_LOCK:
        kaleido.start_sync_server(silence_warnings=True)
        try:
            with warnings.catch_warnings():
                # plotly passes per-call browser options that a running server cannot take
                warnings.filterwarnings("ignore", message="The kopts argument is ignored")
                return {
                    name: fig.to_image(format="png", width=width, height=height, scale=scale)
                    for name, fig in figures.items()
                }
        finally:
            kaleido.stop_sync_server(silence_warnings=True)
