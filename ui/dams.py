"""The large dams upstream on the water-levels page: % of normal storage in HII's colours,
inflow, release and spill with their change since the day before, the report date and source."""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from sqlalchemy.engine import Engine

from briefing.dams import dam_records, dams_caption, dams_table
from briefing.map_labels import text_colour
from config import Settings
from i18n import t
from store.dams import key_station_basins
from ui.empty import show_empty_state

TTL_S = 60
TABLE_KEY = "dams_table"


@st.cache_data(ttl=TTL_S, max_entries=16, show_spinner=False)
def load_dam_records(
    _engine: Engine, database_url: str, _settings: Settings, province_code: str, stale_s: float, at: str | None = None
) -> list[dict]:
    """The snapshot's dam records as of ``at`` (ISO, a replay) or now (``province_code`` and
    ``stale_s`` come from ``_settings``; they are arguments so the cache is keyed on them)."""
    return dam_records(_engine, _settings, datetime.fromisoformat(at) if at else None)


@st.cache_data(ttl=TTL_S, max_entries=16, show_spinner=False)
def load_basins(_engine: Engine, database_url: str, province_code: str) -> list[str]:
    return key_station_basins(_engine, province_code)


def render_dam_section(engine: Engine, settings: Settings, lang: str, at: datetime | None = None) -> None:
    """The dams of the key stations' basins, judged as of ``at`` in a replay."""
    st.subheader(t("dams.heading", lang))
    url = settings.database_url
    records = load_dam_records(
        engine, url, settings, settings.province_code, settings.dam_stale_s, at.isoformat() if at else None
    )
    if not records:
        basins = load_basins(engine, url, settings.province_code)
        show_empty_state(
            t("dams.what", lang),
            t("dams.why_no_basin", lang) if not basins else t("dams.why", lang),
            "python manage.py ingest --source thaiwater"
            if not basins
            else "python manage.py ingest --source thaiwater_dams",
            lang,
        )
        return
    basins = sorted({(r["basin_th"] if lang == "th" else (r["basin_en"] or r["basin_th"])) or "" for r in records})
    st.caption(t("dams.basins", lang, basins=", ".join(b for b in basins if b)))
    table = dams_table(records, lang)
    colours = table.pop("_colour")
    pct = t("dams.col.pct", lang)
    styled = table.style.apply(
        lambda col: (
            [f"background-color: {c}; color: {text_colour(c)}" if c else "" for c in colours]
            if col.name == pct
            else [""] * len(col)
        )
    )
    st.dataframe(styled, hide_index=True, width="stretch", key=TABLE_KEY)
    caption, stale = dams_caption(records, lang)
    (st.warning if stale else st.caption)(caption)
    st.caption(t("dams.scale", lang) + " · " + t("dams.jump_rule", lang))
