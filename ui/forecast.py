"""The level forecast on screen: its layers on the hydrograph, its cached loaders, and the
one sentence per key station (worded by ``domain.forecast_text``).

The hydrograph layers (``add_forecast_layers``): HII's class bands (from the station's ground
and bank), the impact statement levels and historic crests of ``config/key_stations.toml``,
the forecast band (p25–p75 through the rating) and median after the last observation, the
upstream estimate beside it when both methods exist, and the label "model forecast, issued
…, from …" (the inputs' issue time, never the draw time)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from briefing.forecast_lines import compact_lines
from domain.forecast_text import forecast_sentence, forecast_summary, issued_text, stale_mark
from domain.level_forecast import LevelForecast
from domain.situation import HII_COLOURS
from domain.stations import KeyStation
from i18n import t
from i18n.timefmt import BANGKOK

TTL_S = 300  # a backstop only: the loaders are keyed on ``data_version`` (store.water.inputs_version)
# HII's class edges on % capacity, lowest first (domain.situation's scale), as bands between them.
_BANDS = ((0.0, 10.0, "critically_low"), (10.0, 30.0, "low"), (30.0, 70.0, "normal"), (70.0, 100.0, "high"))
_MEDIAN, _BAND, _UPSTREAM, _STALE = "#6A1B9A", "rgba(106,27,154,0.18)", "#00838F", "#B00020"


@st.cache_data(ttl=TTL_S, max_entries=32, show_spinner=False)
def load_level_forecast(
    _engine: Engine, _settings, database_url: str, station_code: str, at_iso: str | None, data_version: str = ""
) -> LevelForecast:
    """The station's level forecast from what is stored (as of ``at_iso`` in a replay);
    ``data_version`` (``data_version(engine)``) makes a new ingest show at the next rerun."""
    from services.forecast import forecast_for_station

    return forecast_for_station(_engine, _settings, station_code, datetime.fromisoformat(at_iso) if at_iso else None)


def data_version(engine: Engine) -> str:
    """The inputs' fingerprint for the cache keys (one cheap query; '' when it cannot be read,
    and the TTL is then the only expiry)."""
    from sqlalchemy.exc import SQLAlchemyError

    from store.water import inputs_version

    try:
        return inputs_version(engine)
    except SQLAlchemyError:
        return ""


def _x(days: pd.Series) -> pd.Series:
    """Forecast days (Bangkok calendar dates) as naive Bangkok times at noon, the chart's x."""
    return pd.to_datetime(days.astype(str)) + pd.Timedelta(hours=12)


def forecast_end(forecast: LevelForecast | None) -> datetime | None:
    """The aware time of the last forecast day on the chart's x, to widen its window."""
    if forecast is None or not forecast.available:
        return None
    return _x(forecast.days["date"]).max().to_pydatetime().replace(tzinfo=BANGKOK)


def _after(rows: pd.DataFrame, forecast: LevelForecast, last_local: pd.Timestamp | None) -> pd.DataFrame:
    """The rows after the last observation, starting from the observation they were anchored on."""
    rows = rows.assign(x=_x(rows["date"]))
    if last_local is not None:
        rows = rows[rows["x"] > last_local]
    if forecast.anchor_at is not None and forecast.anchor_level_msl is not None and not rows.empty:
        anchor = pd.Timestamp(forecast.anchor_at).tz_convert(BANGKOK).tz_localize(None)
        level = float(forecast.anchor_level_msl)
        start = pd.DataFrame({"x": [anchor], "level_m_msl": [level], "low_m_msl": [level], "high_m_msl": [level]})
        rows = pd.concat([start, rows[["x", "level_m_msl", "low_m_msl", "high_m_msl"]]], ignore_index=True)
    return rows


def _hline(fig: go.Figure, level: float, text: str, colour: str, dash: str, position: str) -> None:
    fig.add_hline(
        y=level,
        line={"color": colour, "dash": dash, "width": 1},
        annotation_text=text,
        annotation_position=position,
        annotation_font={"size": 11, "color": colour},
    )


def add_class_bands(fig: go.Figure, station: pd.Series, lang: str) -> None:
    """HII's classes as faint horizontal bands between ground and bank (when both are known)."""
    ground, bank = station.get("ground_msl"), station.get("bank_msl")
    if ground is None or bank is None or pd.isna(ground) or pd.isna(bank) or float(bank) <= float(ground):
        return
    depth = float(bank) - float(ground)
    for low, high, cls in _BANDS:
        fig.add_hrect(
            y0=float(ground) + depth * low / 100,
            y1=float(ground) + depth * high / 100,
            fillcolor=HII_COLOURS[cls],
            opacity=0.07,
            line_width=0,
            layer="below",
            name=t(f"water.class.{cls}", lang),
        )


def _merge_label(fig: go.Figure, level: float, text: str) -> bool:
    """Append ``text`` to a line label already drawn at ``level`` (the bank at 112.00 and the
    statement at 112.00 would print over each other on a phone); False when there is none."""
    for annotation in fig.layout.annotations or ():
        if annotation.yref == "y" and annotation.y is not None and abs(float(annotation.y) - level) < 0.005:
            annotation.text = f"{annotation.text} · {text}"
            return True
    return False


def add_station_levels(fig: go.Figure, key: KeyStation | None, lang: str) -> None:
    """The key station's impact statement levels and historic crests as labelled lines; a
    statement at the level of a line already drawn (the bank) joins that line's label."""
    if key is None:
        return
    for statement in key.impacts:
        if _merge_label(fig, statement.level_msl, statement.text(lang)):
            continue
        text = t("forecast.chart.impact", lang, level=statement.level_msl, text=statement.text(lang))
        _hline(fig, statement.level_msl, text, "#5D4037", "dot", "top right")  # bank and watch: top left
    for crest in key.historic_crests:
        year = crest.year + 543 if lang == "th" else crest.year
        _hline(
            fig,
            crest.level_msl,
            t("forecast.chart.crest", lang, year=year, level=crest.level_msl),
            "#37474F",
            "dashdot",
            "top right",
        )


def add_forecast_layers(
    fig: go.Figure,
    forecast: LevelForecast | None,
    key: KeyStation | None,
    station: pd.Series,
    last_observed: pd.Timestamp | None,
    lang: str,
    as_of: datetime | None = None,
    stale_after_s: float | None = None,
) -> None:
    """The forecast band and median (and the upstream estimate) after ``last_observed`` (naive
    Bangkok), the class bands, the station's impact levels and crests, and the model label
    with its age at ``as_of`` (marked stale past ``stale_after_s``)."""
    add_class_bands(fig, station, lang)
    add_station_levels(fig, key, lang)
    if forecast is None or not forecast.available:
        return
    glofas = _after(forecast.of_method("glofas_rating"), forecast, last_observed)
    if not glofas.empty:
        # the model discharge (right axis) stays one click away in the legend: two bands on one chart read as one
        hidden = list(fig.select_traces(selector=lambda trace: trace.yaxis == "y2"))
        for trace in hidden:
            if trace.showlegend is not False:
                trace.update(visible="legendonly")
        if hidden:  # no ticks for a line that is not drawn (its values show on hover once it is)
            fig.update_layout(yaxis2={"visible": False})
        fig.add_trace(
            go.Scatter(
                x=glofas["x"],
                y=glofas["high_m_msl"],
                mode="lines",
                line={"width": 0},
                showlegend=False,
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=glofas["x"],
                y=glofas["low_m_msl"],
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=_BAND,
                name=t("forecast.chart.band", lang),
                hovertemplate="%{y:.2f}<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=glofas["x"],
                y=glofas["level_m_msl"],
                mode="lines+markers",
                line={"color": _MEDIAN, "dash": "dash", "width": 2},
                marker={"size": 5},
                name=t("forecast.chart.median", lang),
                hovertemplate="%{y:.2f}<extra></extra>",
            )
        )
    upstream = _after(forecast.of_method("upstream_lag"), forecast, last_observed)
    if not upstream.empty:
        fig.add_trace(
            go.Scatter(
                x=upstream["x"],
                y=upstream["level_m_msl"],
                mode="lines+markers",
                line={"color": _UPSTREAM, "dash": "dot", "width": 2},
                marker={"size": 5, "symbol": "diamond"},
                name=t("forecast.chart.upstream", lang),
                hovertemplate="%{y:.2f}<extra></extra>",
            )
        )
    if forecast.extrapolated_above is not None:
        _hline(
            fig,
            forecast.extrapolated_above,
            t("forecast.chart.extrapolated", lang, level=forecast.extrapolated_above),
            "#9E9E9E",
            "longdash",
            "bottom right",
        )
    summary = forecast_summary(forecast, key, as_of=as_of, stale_after_s=stale_after_s)
    lines = [t("forecast.chart.label_head", lang), issued_text(summary, lang)]
    if summary["stale"]:
        lines.insert(0, stale_mark(summary, lang).strip().rstrip(":"))
    # short lines at the top left, above the plot: the full label (with sources) is the sentence
    # under the chart; the toolbar stands vertically at the right so it covers nothing
    fig.add_annotation(
        text="<br>".join(lines),
        name="model_label",
        xref="paper",
        yref="paper",
        x=0.0,
        y=1.0,
        xanchor="left",
        yanchor="bottom",
        align="left",
        showarrow=False,
        font={"size": 12, "color": _STALE if summary["stale"] else _MEDIAN},
    )
    fig.update_layout(margin={"t": 20 + 16 * len(lines)}, modebar={"orientation": "v"})


def render_forecast_sentences(snapshot: dict, lang: str) -> None:
    """The snapshot's level forecasts under a heading: a sentence per station with one, and one
    line per reason for those without (``briefing.forecast_lines.compact_lines``)."""
    lines = compact_lines(snapshot, lang)
    if lines:
        st.markdown(f"**{t('forecast.heading', lang)}**")
        st.markdown("\n".join(f"- {line}" for line in lines))


def station_forecast_sentence(
    forecast: LevelForecast,
    key: KeyStation | None,
    lang: str,
    as_of: datetime | None = None,
    stale_after_s: float | None = None,
) -> str:
    """The sentence under the chart: the full model label, with its age at ``as_of``."""
    return forecast_sentence(forecast_summary(forecast, key, as_of=as_of, stale_after_s=stale_after_s), lang)
