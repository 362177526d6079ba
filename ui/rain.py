"""The 24-hour rainfall table (ThaiWater rain_24h) on the water-levels page."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from config import Settings
from data_sources.thaiwater_rain import rain_class
from i18n import t
from i18n.timefmt import format_age, format_datetime, format_number
from store.rain import latest_rain
from ui.empty import show_empty_state
from ui.flags import render_flags
from ui.freshness import caption_for

TTL_S = 60
TABLE_KEY = "rain_24h_table"


@st.cache_data(ttl=TTL_S, max_entries=16, show_spinner=False)
def load_rain_24h(
    _engine: Engine, database_url: str, province_code: str, stale_after_s: float, at: str | None = None
) -> pd.DataFrame:
    """The newest 24 h rain per station, as of ``at`` (ISO, a replay) or now; stale against that time."""
    return latest_rain(
        _engine, province_code, stale_after_s=stale_after_s, at=datetime.fromisoformat(at) if at else None
    )


def rain_table(df: pd.DataFrame, lang: str, now: datetime) -> pd.DataFrame:
    """Display rows, wettest first: station, name, mm in 24 h, status, observed time, age, flags.
    A stale reading keeps its value but says so; it is never shown as current."""
    rows = []
    for r in df.sort_values("rain_24h_mm", ascending=False, na_position="last").to_dict("records"):
        observed = r["observed_at"].to_pydatetime() if pd.notna(r["observed_at"]) else None
        rows.append(
            {
                t("rain.col.station", lang): r["station_code"] or r["station_id"],
                t("rain.col.name", lang): r["name_th"] if lang == "th" else (r["name_en"] or r["name_th"]),
                t("rain.col.mm", lang): format_number(r["rain_24h_mm"], 1),
                t("rain.col.status", lang): t("status.stale", lang) if r["stale"] else t("status.ok", lang),
                t("rain.col.observed", lang): format_datetime(observed, lang),
                t("rain.col.age", lang): format_age(now - observed if observed else None, lang),
                t("rain.col.flags", lang): render_flags(r.get("flags"), lang),
                "_colour": rain_class(r["rain_24h_mm"])[1] if not r["stale"] else None,
            }
        )
    return pd.DataFrame(rows)


def render_rain_section(engine: Engine, settings: Settings, lang: str, at: datetime | None = None) -> None:
    """The table as of ``at`` in a replay (the page's ``?at=``): readings and ages as of then."""
    st.subheader(t("rain.heading", lang))
    df = load_rain_24h(
        engine,
        settings.database_url,
        settings.province_code,
        settings.waterlevel_stale_s,
        at.isoformat() if at else None,
    )
    if df.empty:
        show_empty_state(
            t("rain.what", lang), t("rain.why", lang), "python manage.py ingest --source thaiwater_rain", lang
        )
        return
    now = at or datetime.now(UTC)
    table = rain_table(df, lang, now)
    colours = table.pop("_colour")
    mm = t("rain.col.mm", lang)
    styled = table.style.apply(
        lambda col: [f"background-color: {c}" if c else "" for c in colours] if col.name == mm else [""] * len(col)
    )
    st.dataframe(styled, hide_index=True, width="stretch", key=TABLE_KEY)
    newest = df["observed_at"].max()
    # a caption: the page's banner already warns when the rain feed is stale (one warning per source)
    st.caption(
        caption_for(
            "thaiwater_rain", None if pd.isna(newest) else newest.to_pydatetime(), bool(df["stale"].all()), lang, now
        )
    )
