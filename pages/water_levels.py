"""Water levels: a hydrograph per station (observed level, bank and watch lines, model
discharge forecast on a second axis), the sortable station table with flags, CSV download."""

from datetime import UTC, datetime, timedelta

import streamlit as st

from domain.situation import export_table
from domain.stations import key_station_map
from i18n import t
from i18n.timefmt import format_age, format_datetime
from ops.exports import export_bytes
from ui import context
from ui import water_state as keys
from ui.dams import render_dam_section
from ui.empty import show_empty_state
from ui.forecast import data_version, load_level_forecast, station_forecast_sentence
from ui.freshness import caption_for, show_page_stale_banner, source_label
from ui.rain import render_rain_section
from ui.water import (
    default_station,
    hydrograph_figure,
    load_forecast,
    load_rain,
    load_series,
    load_situation,
    parse_at_param,
    rain_figure,
    station_label,
    station_table,
    station_table_view,
    with_display_columns,
)

lang = context.lang()
settings = context.settings()
engine = context.engine()
url = settings.database_url
st.title(t("water.levels.heading", lang))
at = parse_at_param(st.query_params.get(keys.QP_AT))  # a replay time shared from the station map
show_page_stale_banner("pages/water_levels.py", engine, settings, lang, at)
now = at or datetime.now(UTC)
if at:
    st.info(t("water.replay.showing", lang, time=format_datetime(at, lang)))
df = with_display_columns(
    load_situation(engine, url, settings.province_code, at.isoformat() if at else None, settings.waterlevel_stale_s),
    lang,
    now,
)
if df.empty:
    show_empty_state(
        t("water.what.stations", lang),
        t("water.why.no_stations", lang),
        "python manage.py ingest --source thaiwater",
        lang,
    )
    st.stop()

codes = df["station_code"].tolist()
wanted = st.query_params.get(keys.QP_STATION)
labels = dict(
    zip(
        codes,
        (
            station_label(r, lang) + (f" ({t('water.upstream', lang)})" if r["upstream"] else "")
            for _, r in df.iterrows()
        ),
        strict=False,
    )
)
left, right = st.columns([3, 1])
code = left.selectbox(
    t("water.station", lang),
    codes,
    index=codes.index(wanted if wanted in codes else default_station(df, settings.province_code)),
    format_func=labels.get,
    key=keys.LEVELS_STATION,
)
days = right.selectbox(t("water.days", lang), (2, 7, 30, 90), index=1, key=keys.LEVELS_DAYS)
st.query_params[keys.QP_STATION] = code
station = df[df["station_code"] == code].iloc[0]

last_seen = station["observed_at"]
end = (last_seen.to_pydatetime() if last_seen == last_seen else now) + timedelta(minutes=1)
start = end - timedelta(days=days)
series = load_series(engine, url, station["station_id"], start.isoformat(), end.isoformat())
forecast = load_forecast(engine, url, code)
key = key_station_map(settings.province_code).get(code)  # a level forecast exists for key stations only
version = data_version(engine)  # a new ingest shows at the next rerun, not after the cache's TTL
level = load_level_forecast(engine, settings, url, code, at.isoformat() if at else None, version) if key else None
aged = {"as_of": now, "stale_after_s": settings.forecast_stale_s}  # the label's age and stale mark
if series.empty:
    st.info(t("water.chart.no_series", lang))
else:
    figure = hydrograph_figure(
        series, station, forecast, lang, window=(start, end), level_forecast=level, key_station=key, **aged
    )
    st.plotly_chart(figure, key=keys.LEVELS_CHART, width="stretch")
if level is not None:
    st.markdown(station_forecast_sentence(level, key, lang, **aged))
# a caption, not a warning: the banner at the top already says when the feed is stale (one warning, not four)
st.caption(
    caption_for(
        "thaiwater", last_seen.to_pydatetime() if last_seen == last_seen else None, bool(station["stale"]), lang, now
    )
)
if forecast.empty:
    st.caption(t("water.forecast.none", lang))
else:
    issued = forecast["issued_at"].iloc[0].to_pydatetime()
    st.caption(
        t(
            "water.forecast.caption",
            lang,
            source=source_label(forecast["source"].iloc[0], lang),
            time=format_datetime(issued, lang),
            age=format_age(datetime.now(UTC) - issued, lang),
        )
    )

rain = load_rain(engine, url, settings.province_code)
if not rain.empty:
    st.subheader(t("water.rain.heading", lang))
    st.plotly_chart(rain_figure(rain, lang), key=keys.RAIN_CHART, width="stretch")
    issued = rain["issued_at"].iloc[0].to_pydatetime()
    st.caption(
        t(
            "water.forecast.caption",
            lang,
            source=source_label(rain["source"].iloc[0], lang),
            time=format_datetime(issued, lang),
            age=format_age(datetime.now(UTC) - issued, lang),
        )
    )

st.subheader(t("water.table.heading", lang))
shown, columns = station_table_view(station_table(df, lang), lang)
st.dataframe(shown, hide_index=True, width="stretch", column_config=columns, key=keys.TABLE)
newest = df["observed_at"].dropna().max()
st.caption(
    caption_for("thaiwater", None if newest != newest else newest.to_pydatetime(), bool(df["stale"].all()), lang, now)
)  # a replay's age: as of then
st.download_button(
    t("water.table.download", lang),
    export_bytes(export_table(df), "csv"),
    file_name=f"water-situation-{settings.province_code}-{now:%Y%m%dT%H%MZ}.csv",
    mime="text/csv",
    key=keys.LEVELS_DOWNLOAD,
)

render_dam_section(engine, settings, lang, at)
render_rain_section(engine, settings, lang, at)
