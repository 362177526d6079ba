"""The station map page's parts: cached loaders for its extra layers (district name points,
shelters, the latest flood extent), the layer switches kept in the URL, and the spec that puts
them together over ``ui.water.station_map_spec``.

    layers = layer_switches(lang, has_shelters=..., has_extent=...)   {"shelters", "extent"} subset
    spec = station_map_figure(df, lang, outlines, districts=..., shelters=..., extent=...)
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import shapely
import streamlit as st
from sqlalchemy.engine import Engine

from domain.flags import parse_flag, split_flags
from geo.outlines import Outlines
from i18n import t
from i18n.timefmt import format_date, format_number
from ui import water_state as keys
from ui.flags import render_flag
from ui.text import plain
from ui.vega_layers import extent_layer, extent_outlines, label_layers, shelter_layer, with_layers
from ui.water import station_map_spec

LAYERS = ("shelters", "extent")


@st.cache_data(ttl=600, max_entries=4, show_spinner=False)
def load_district_points(_settings, data_dir: str, province_code: str) -> pd.DataFrame | None:
    """Each district's label point (a representative point: inside the polygon even for a
    crescent-shaped district) with name_th and name_en, smallest district first (the order
    names are placed in); None without imported boundaries."""
    from geo.display import display_districts

    districts = display_districts(_settings)
    if districts is None or districts.empty:
        return None
    points = districts.geometry.representative_point()
    # the smallest districts first: their names have the least room, the big ones can move
    order = shapely.area(districts.geometry.to_numpy()).argsort(
        kind="stable"
    )  # in square degrees: only the order counts
    return (
        pd.DataFrame(
            {
                "district_code": districts["district_code"].astype(str),
                "name_th": districts["name_th"],
                "name_en": districts["name_en"],
                "lon": points.x.to_numpy(),
                "lat": points.y.to_numpy(),
            }
        )
        .iloc[order]
        .reset_index(drop=True)
    )


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_extent(_engine: Engine, database_url: str) -> tuple[str, Outlines] | None:
    """The latest stored flood extent: (acquisition date ISO, simplified rings), or None."""
    from store.impact import read_latest_extent_layer

    layer = read_latest_extent_layer(_engine)
    if layer is None:
        return None
    rings = extent_outlines(json.loads(layer.geojson))
    return (layer.acquired_on.isoformat(), rings) if len(rings.lon) else None


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_located_shelters(_engine: Engine, database_url: str) -> pd.DataFrame:
    """Open shelters with coordinates: name, lon, lat, capacity, people_now."""
    from store.impact import read_shelters

    centres = read_shelters(_engine)
    if centres.empty:
        return pd.DataFrame(columns=["name", "lon", "lat", "capacity", "people_now"])
    today = pd.Timestamp.now(tz="Asia/Bangkok").date()
    open_now = [c is None or pd.isna(c) or c > today for c in centres["closed_on"]]
    return (
        centres.loc[open_now, ["name", "lon", "lat", "capacity", "people_now"]]
        .dropna(subset=["lon", "lat"])
        .reset_index(drop=True)
    )


def layer_switches(lang: str, *, has_shelters: bool, has_extent: bool) -> set[str]:
    """Two toggles (explicit keys) whose first state comes from ``?layers=`` (absent: both on)
    and whose state is written back there, so a URL reproduces the view. A layer without data
    is switched off and says why."""
    asked = st.query_params.get(keys.QP_LAYERS)
    wanted = set(LAYERS) if asked is None else {x for x in asked.split(",") if x in LAYERS}
    st.markdown(f"**{t('water.map.layers', lang)}**")
    on = set()
    for name, key, present in (("shelters", keys.MAP_SHELTERS, has_shelters), ("extent", keys.MAP_EXTENT, has_extent)):
        if st.toggle(
            t(f"water.map.layer.{name}", lang), value=present and name in wanted, key=key, disabled=not present
        ):
            on.add(name)
        if not present:
            st.caption(t(f"water.map.layer.no_{name}", lang))
    st.query_params[keys.QP_LAYERS] = ",".join(x for x in LAYERS if x in on) or "none"
    return {x for x in on if (x == "shelters" and has_shelters) or (x == "extent" and has_extent)}


# The coded flags that say why a reading with a level has no class (domain.situation, the parser).
CLASS_REASON_CODES = ("no_class_bank", "no_class_ground", "no_class_depth", "no_bank", "no_ground")


def unknown_reason(flags, level, lang: str) -> str:
    """Why a station is "unknown": its first no-class flag worded (ui.flags), or that no level came."""
    if level is None or pd.isna(level):
        return t("water.map.reason.no_level", lang)
    reason = next((r for r in split_flags(flags) if parse_flag(r)[0] in CLASS_REASON_CODES), None)
    return render_flag(reason, lang) if reason else ""


def with_unknown_reasons(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``class_reason`` for the unknown rows; the tooltip's capacity line carries it ("– (no ground level …)")."""
    out = df.copy()
    unknown = out["situation_class"].fillna("unknown") == "unknown"
    out["class_reason"] = [
        unknown_reason(f, lv, lang) if u else ""
        for f, lv, u in zip(out.get("flags", pd.Series(None, index=out.index)), out["level_msl"], unknown, strict=False)
    ]
    out["pct_text"] = [f"{p} ({r})" if r else p for p, r in zip(out["pct_text"], out["class_reason"], strict=True)]
    return out


def station_map_figure(
    df: pd.DataFrame,
    lang: str,
    outlines: Outlines | None,
    *,
    districts: pd.DataFrame | None = None,
    shelters: pd.DataFrame | None = None,
    extent: tuple[str, Outlines] | None = None,
) -> dict:
    """The station map spec with district names, station codes placed without collisions (key
    stations bold; names are in the tooltip and the key-station panel), and the shelter and
    flood-extent layers when given."""
    df = with_unknown_reasons(df, lang)
    spec = station_map_spec(df, lang, outlines)
    labels = pd.DataFrame(
        {
            "lon": df["lon"],
            "lat": df["lat"],
            "is_key": df["is_key"].fillna(False).astype(bool),
            "text": df["station_code"],
        }
    )
    names = (
        None
        if districts is None
        else districts.assign(name=districts["name_th" if lang == "th" else "name_en"].fillna(districts["name_th"]))
    )
    below = (
        [
            extent_layer(
                spec,
                extent[1],
                t("water.map.layer.extent_dated", lang, date=format_date(date.fromisoformat(extent[0]), lang)),
            )
        ]
        if extent
        else []
    )
    above = []
    if shelters is not None and len(shelters):
        shown = shelters.assign(
            people=[
                f"{format_number(p, 0)} / {format_number(c, 0)}"
                for p, c in zip(shelters["people_now"], shelters["capacity"], strict=True)
            ]
        )
        above.append(
            shelter_layer(
                spec,
                shown,
                [("name", t("water.map.shelter.name", lang)), ("people", t("water.map.shelter.people", lang))],
            )
        )
    return with_layers(spec, below=below, above=[*above, *label_layers(spec, labels, names)])


def show_key_stations(df: pd.DataFrame, lang: str) -> None:
    """The key stations beside the map, one short block each (a narrow column wraps text, a
    table would cut it): code and name in bold, class, level with its reading schedule, age."""
    st.markdown(f"**{t('water.map.key_stations', lang)}**")
    key = with_unknown_reasons(df[df["is_key"].fillna(False).astype(bool)], lang)
    if key.empty:
        st.caption(t("water.map.no_key_stations", lang))
        return
    for row in key.to_dict("records"):
        why = (
            f"  \n{plain(row['class_reason'])}" if row["class_reason"] else ""
        )  # "unknown" never stands without its reason
        st.markdown(
            f"**{plain(row['label'])}**  \n{plain(row['class_label'])} · {plain(row['level_text'])} · "
            f"{plain(row['age_text'])}{why}"
        )
