"""Cached loaders and figure builders of the water pages (station map, water levels).

Loaders take the database URL (hashable) and the engine as ``_engine`` (not hashed), so the
cache is per database; filtering and translation happen outside the cache."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from briefing.tables import reading_schedule
from domain.level_forecast import LevelForecast
from domain.situation import HII_COLOURS, SEVERITY, TREND_MARKS
from domain.stations import KeyStation, load_key_stations
from geo.outlines import Outlines, district_outlines
from i18n import t
from i18n.timefmt import BANGKOK, format_age, format_datetime, format_number, time_axis_ticks
from store import water, water_situation
from ui.flags import render_flags
from ui.forecast import add_forecast_layers, forecast_end
from ui.vega_map import Colour, point_map_spec

TTL_S = 60
# The replay control's first/last reading: its ends move by at most one poll, so 10 minutes is plenty.
SPAN_TTL_S = 600


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def load_situation(
    _engine: Engine, database_url: str, province_code: str, at_iso: str | None, stale_after_s: float
) -> pd.DataFrame:
    at = datetime.fromisoformat(at_iso) if at_iso else None
    return water_situation.latest_situation(_engine, province_code, at=at, stale_after_s=stale_after_s)


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def load_series(_engine: Engine, database_url: str, station_id: str, start_iso: str, end_iso: str) -> pd.DataFrame:
    return water.station_series(_engine, station_id, datetime.fromisoformat(start_iso), datetime.fromisoformat(end_iso))


@st.cache_data(ttl=TTL_S, max_entries=64, show_spinner=False)
def load_forecast(_engine: Engine, database_url: str, station_code: str) -> pd.DataFrame:
    return water.latest_forecast(_engine, station_code)


@st.cache_data(ttl=TTL_S, max_entries=16, show_spinner=False)
def load_rain(_engine: Engine, database_url: str, province_code: str) -> pd.DataFrame:
    return water.latest_rain_forecast(_engine, province_code)


@st.cache_data(ttl=SPAN_TTL_S, max_entries=16, show_spinner=False)
def load_span(_engine: Engine, database_url: str, province_code: str) -> tuple[datetime | None, datetime | None]:
    return water.observation_span(_engine, province_code)


def station_label(row, lang: str) -> str:
    name = (row["name_en"] if lang == "en" and row["name_en"] else row["name_th"]) or row["name_th"] or ""
    return f"{row['station_code']} {name}".strip()


def _fmt(value, decimals: int, unit: str = "") -> str:
    text = format_number(None if pd.isna(value) else float(value), decimals)
    return f"{text} {unit}".strip() if text != "–" else text


def with_display_columns(df: pd.DataFrame, lang: str, now: datetime) -> pd.DataFrame:
    """Adds translated class/trend labels, formatted times and ages for hover and table.
    A stale row's class says "stale" (only an old reading is called that)."""
    out = df.copy()
    msl = t("water.unit.msl", lang)
    out["class_label"] = [
        t("water.class.stale" if s and not pd.isna(o) else f"water.class.{c}", lang)
        for c, s, o in zip(
            out["situation_class"], out.get("stale", pd.Series(False, index=out.index)), out["observed_at"], strict=True
        )
    ]
    out["cadence_text"] = [
        reading_schedule({"cadence": c, "cadence_time": tm, "cadence_interval_s": i}, lang)
        for c, tm, i in zip(
            out.get("cadence", pd.Series(None, index=out.index)),
            out.get("cadence_time", pd.Series(None, index=out.index)),
            out.get("cadence_interval_s", pd.Series(None, index=out.index)),
            strict=True,
        )
    ]
    out["trend_label"] = [t(f"water.trend.{c}", lang) for c in out["trend"]]
    out["mark"] = [TREND_MARKS[c] if c != "unknown" else "" for c in out["trend"]]  # no "?" clutter on the map
    out["label"] = [
        station_label({"station_code": c, "name_th": th, "name_en": en}, lang)
        for c, th, en in zip(out["station_code"], out["name_th"], out["name_en"], strict=True)
    ]
    out["observed_text"] = [
        format_datetime(None if pd.isna(v) else v.to_pydatetime(), lang) for v in out["observed_at"]
    ]
    out["age_text"] = [format_age(None if pd.isna(v) else timedelta(seconds=float(v)), lang) for v in out["age_s"]]
    out["level_text"] = [
        f"{_fmt(v, 2, msl)} ({c})" if c and not pd.isna(v) else _fmt(v, 2, msl)
        for v, c in zip(out["level_msl"], out["cadence_text"], strict=True)
    ]
    out["bank_text"] = [_fmt(v, 2, msl) for v in out["bank_msl"]]
    out["pct_text"] = [_fmt(v, 1, "%") for v in out["pct_capacity"]]
    out["severity"] = out["situation_class"].map(SEVERITY)
    out["flags_text"] = [render_flags(f, lang) for f in out["flags"]]
    return out


_CLASSES = ("over_bank", "high", "normal", "low", "critically_low", "unknown", "stale")
_COLOURS = {**HII_COLOURS, "stale": "#C8C8C8"}  # old readings: lighter than "unknown"


def station_map_spec(df: pd.DataFrame, lang: str, outlines: Outlines | None = None) -> dict:
    """The station map as a Vega-Lite spec (``ui.vega_map``): stations coloured by HII class,
    worst drawn on top, the trend mark beside each, a tooltip with both names, level, bank,
    % capacity, trend, observed time and age, and data flags; district outlines when given."""
    points = df.sort_values("severity", ascending=False, kind="stable").copy()
    other = "name_en" if lang == "th" else "name_th"
    points["other_name"] = points[other].fillna("")
    tooltip = [
        ("label", t("water.col.name", lang)),
        ("other_name", t(f"water.hover.{other}", lang)),
        ("class_label", t("water.col.class", lang)),
        ("level_text", t("water.hover.level", lang)),
        ("bank_text", t("water.hover.bank", lang)),
        ("pct_text", t("water.hover.capacity", lang)),
        ("trend_label", t("water.col.trend", lang)),
        ("observed_text", t("water.hover.observed", lang)),
        ("age_text", t("water.hover.age", lang)),
        ("flags_text", t("water.hover.flags", lang)),
    ]
    colour = Colour(
        "class_label",
        [t(f"water.class.{c}", lang) for c in _CLASSES],
        [_COLOURS[c] for c in _CLASSES],
        t("water.legend", lang),
    )
    return point_map_spec(points, colour=colour, tooltip=tooltip, text="mark", outlines=outlines)


def default_station(df: pd.DataFrame, province_code: str) -> str:
    """The station a page opens on: the first key station of config/key_stations.toml that
    has a row (M.7 for Ubon), else the first row's."""
    codes = set(df["station_code"])
    return next((k.code for k in load_key_stations(province_code) if k.code in codes), df["station_code"].iloc[0])


def time_axis(start: datetime, end: datetime, lang: str) -> dict:
    """A plotly x-axis over [start, end] (aware) with Buddhist-era tick labels in Thai: the
    window the person chose, so a single reading is not stretched over 2 milliseconds."""
    values, labels = time_axis_ticks(start, end, lang)
    pad = (end - start) * 0.02  # a reading at either end is drawn whole, not cut by the frame
    local = [to_local(start - pad), to_local(end + pad)]
    return {"range": local, "tickmode": "array", "tickvals": values, "ticktext": labels}


def to_local(value: datetime) -> datetime:
    return value.astimezone(BANGKOK).replace(tzinfo=None)


def hydrograph_figure(
    series: pd.DataFrame,
    station: pd.Series,
    forecast: pd.DataFrame,
    lang: str,
    window: tuple[datetime, datetime] | None = None,
    level_forecast: LevelForecast | None = None,
    key_station: KeyStation | None = None,
    as_of: datetime | None = None,
    stale_after_s: float | None = None,
) -> go.Figure:
    """Observed level (m MSL) with bank, watch and critical lines; the model discharge
    forecast (median and p25–p75) on a second axis; the level forecast, class bands, impact
    levels and historic crests (``ui.forecast``). ``window`` (aware start, end) is the
    x-axis range, widened to the level forecast's last day, with Buddhist-era dates in Thai."""
    fig = go.Figure()
    local = series["observed_at"].dt.tz_convert(BANGKOK).dt.tz_localize(None)
    when = [format_datetime(v.to_pydatetime(), lang) for v in series["observed_at"]]
    fig.add_trace(
        go.Scatter(
            x=local,
            y=series["level_msl"],
            mode="lines+markers",
            name=t("water.chart.observed", lang),
            line={"color": "#1f4e9c"},
            marker={"size": 4 if len(series) > 1 else 9},
            customdata=when,
            hovertemplate="%{customdata}<br>%{y:.2f}<extra></extra>",
        )
    )
    for key, value, colour, dash in (
        ("water.chart.bank", station.get("bank_msl"), "#FF0000", "solid"),
        ("water.chart.watch", station.get("watch_level_msl"), "#FF8C00", "dash"),
        ("water.chart.critical", station.get("critical_level_msl"), "#990000", "dot"),
    ):
        if value is not None and not pd.isna(value):
            fig.add_hline(
                y=float(value),
                line={"color": colour, "dash": dash, "width": 1.5},
                annotation_text=t(key, lang, value=float(value)),
                annotation_position="top left",
            )
    if not forecast.empty and len(series):
        # Only the part of the forecast that belongs on this time axis (an old or far forecast is left out).
        first = local.min().normalize() - pd.Timedelta(days=1)
        dates = pd.to_datetime(forecast["date"])
        forecast = forecast[(dates >= first) & (dates <= local.max() + pd.Timedelta(days=35))]
    if not forecast.empty:
        dates = pd.to_datetime(forecast["date"])
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=forecast["p75"],
                mode="lines",
                line={"width": 0},
                showlegend=False,
                yaxis="y2",
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=forecast["p25"],
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor="rgba(0,150,136,0.15)",
                name=t("water.chart.forecast_band", lang),
                yaxis="y2",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=forecast["discharge"],
                mode="lines",
                line={"color": "#009688", "dash": "dash"},
                name=t("water.chart.forecast", lang),
                yaxis="y2",
            )
        )
    fig.update_layout(
        height=480,
        margin={"l": 70, "r": 80, "t": 30, "b": 90},
        showlegend=True,
        legend={"orientation": "h", "y": -0.28},
        xaxis={"title": {"text": t("water.chart.time_axis", lang), "standoff": 8}},
        yaxis={"title": t("water.chart.level_axis", lang)},
        yaxis2={"title": t("water.chart.discharge_axis", lang), "overlaying": "y", "side": "right", "showgrid": False},
    )
    last = local.max() if len(series) else None
    add_forecast_layers(fig, level_forecast, key_station, station, last, lang, as_of, stale_after_s)
    _fit_level_axis(fig)
    if window is not None:
        end = forecast_end(level_forecast) if level_forecast is not None else None
        fig.update_xaxes(**time_axis(window[0], max(window[1], end) if end else window[1], lang))
    return fig


def _fit_level_axis(fig: go.Figure) -> None:
    """The level axis spans what is drawn on it (lines, labelled levels), not the class bands
    down to the ground: a metre is then tall enough for the labels 1 m apart (bank, watch,
    statements) to stand clear of each other, on a phone too."""
    values = [
        float(v)
        for trace in fig.data
        if getattr(trace, "yaxis", None) in (None, "y") and trace.visible != "legendonly" and trace.y is not None
        for v in trace.y
        if v is not None and not pd.isna(v)
    ]
    values += [float(a.y) for a in fig.layout.annotations or () if a.yref == "y" and a.y is not None]
    if not values:
        return
    low, high = min(values), max(values)
    pad = max(0.3, 0.06 * (high - low))
    fig.update_yaxes(range=[low - pad, high + 2 * pad])


def rain_figure(rain: pd.DataFrame, lang: str) -> go.Figure:
    local = rain["valid_at"].dt.tz_convert(BANGKOK).dt.tz_localize(None)
    when = [format_datetime(v.to_pydatetime(), lang) for v in rain["valid_at"]]
    fig = go.Figure(
        go.Bar(
            x=local,
            y=rain["precipitation_mm"],
            marker_color="#4a90d9",
            name=t("water.rain.axis", lang),
            customdata=when,
            hovertemplate="%{customdata}<br>%{y:.1f}<extra></extra>",
        )
    )
    fig.update_layout(
        height=240, margin={"l": 10, "r": 10, "t": 10, "b": 40}, yaxis={"title": t("water.rain.axis", lang)}
    )
    if len(rain):
        start, end = rain["valid_at"].min().to_pydatetime(), rain["valid_at"].max().to_pydatetime()
        fig.update_xaxes(**time_axis(start - timedelta(hours=1), end + timedelta(hours=1), lang))
    return fig


def station_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The sortable station table with translated headers (numbers stay numbers)."""
    cols = {
        "station_code": "water.col.code",
        "label": "water.col.name",
        "class_label": "water.col.class",
        "level_msl": "water.col.level",
        "cadence_text": "water.col.cadence",
        "bank_msl": "water.col.bank",
        "below_bank_m": "water.col.below_bank",
        "pct_capacity": "water.col.capacity",
        "trend_label": "water.col.trend",
        "trend_3h_cm_h": "water.col.trend_3h",
        "trend_24h_cm_h": "water.col.trend_24h",
        "observed_text": "water.col.observed",
        "age_text": "water.col.age",
        "is_key": "water.col.key",
        "flags_text": "water.col.flags",
    }
    out = df.sort_values(["severity", "station_code"])[list(cols)].rename(
        columns={k: t(v, lang) for k, v in cols.items()}
    )
    for key, digits in _DIGITS:
        out[t(key, lang)] = out[t(key, lang)].astype("float64").round(digits)
    return out


_DIGITS = (
    ("water.col.level", 2),
    ("water.col.bank", 2),
    ("water.col.below_bank", 2),
    ("water.col.capacity", 1),
    ("water.col.trend_3h", 1),
    ("water.col.trend_24h", 1),
)


def station_table_view(table: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict]:
    """``station_table`` for ``st.dataframe``: numbers as right-aligned text with a "–" where
    one is missing (the grid writes "None" for a missing number and ignores a Styler's
    display value there), the key-station flag as a star, and column widths that keep the
    names, times and flags readable. Returns (table, column_config)."""
    table = table.copy()
    key = t("water.col.key", lang)
    table[key] = table[key].map(lambda k: "★" if k == k and bool(k) else "")
    config = {}
    for column_key, digits in _DIGITS:
        column = t(column_key, lang)
        table[column] = [format_number(None if pd.isna(v) else float(v), digits) for v in table[column]]
        config[column] = st.column_config.Column(alignment="right")
    for column, width in (
        (t("water.col.name", lang), "large"),
        (t("water.col.flags", lang), "large"),
        (t("water.col.observed", lang), "medium"),
        (t("water.col.class", lang), "medium"),
        (t("water.col.age", lang), "medium"),
    ):
        config[column] = st.column_config.Column(width=width)
    config[t("water.col.code", lang)] = st.column_config.Column(pinned=True)
    return table, config


def replay_time(date_value, time_value) -> datetime:
    """A Bangkok date and time from the widgets -> aware UTC."""
    return datetime.combine(date_value, time_value).replace(tzinfo=BANGKOK).astimezone(UTC)


REPLAY_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)  # nothing older is recorded; far dates overflow later arithmetic


def replay_at(text: str | None, now: datetime) -> datetime | None:
    """The ``at`` query parameter (ISO, Bangkok when no offset) -> aware UTC. None when absent;
    ``ValueError`` when it is not a time, or not one between 1970 and a day after ``now``."""
    if not text:
        return None
    value = datetime.fromisoformat(text)  # ValueError for 'yesterday'
    try:
        value = (value if value.tzinfo else value.replace(tzinfo=BANGKOK)).astimezone(UTC)
    except OverflowError as exc:  # 0001-01-01T00:00 Bangkok is before year 1 in UTC
        raise ValueError(f"{text!r} is outside the dates a clock can hold") from exc
    if not REPLAY_EARLIEST <= value <= now + timedelta(days=1):
        raise ValueError(f"{text!r} is outside 1970 .. now")
    return value


def parse_at_param(text: str | None) -> datetime | None:
    """``replay_at`` for a page: a bad value shows one warning and gives None (the live view)."""
    try:
        return replay_at(text, datetime.now(UTC))
    except ValueError:
        from ui import context

        st.warning(t("water.at.invalid", context.lang(), value=text))
        return None


@st.cache_data(ttl=600, max_entries=4, show_spinner=False)
def load_outlines(_settings, data_dir: str, province_code: str) -> Outlines | None:
    """District borders of the display layer (``geo.outlines.district_outlines``: each shared
    border once, float32), or None when no boundaries are imported."""
    return district_outlines(_settings)
