"""Source and age next to every number: captions and stale banners."""
from __future__ import annotations

from datetime import datetime, timezone

import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from config import Settings
from domain.freshness import SourceFreshness, assess
from i18n import CATALOGUE, t
from i18n.timefmt import format_age, format_datetime
from store.health import read_health


def source_label(source: str, lang: str) -> str:
    key = f"source.name.{source}"
    return t(key, lang) if key in CATALOGUE else source


@st.cache_data(ttl=15, show_spinner=False)
def _health_rows(_engine: Engine, database_url: str):
    return read_health(_engine)


def freshness(engine: Engine, settings: Settings) -> dict[str, SourceFreshness]:
    """Freshness of every source seen in the health table (cached 15 s)."""
    try:
        rows = _health_rows(engine, settings.database_url)
    except SQLAlchemyError:
        return {}
    return {row.source: assess(row, settings, datetime.now(timezone.utc)) for row in rows}


def caption_for(source: str, as_of: datetime | None, stale: bool, lang: str) -> str:
    """'ที่มา: ThaiWater (สสน.) · ข้อมูลเมื่อ 12 ต.ค. 2565 14:00 (5 นาทีที่แล้ว)'."""
    age = format_age(datetime.now(timezone.utc) - as_of, lang) if as_of else "–"
    text = t("fresh.caption", lang, source=source_label(source, lang), time=format_datetime(as_of, lang), age=age)
    return ("⚠️ " + t("fresh.stale_prefix", lang) + " " + text) if stale else text


def show_source_caption(source: str, as_of: datetime | None, stale: bool, lang: str) -> None:
    """A caption under a figure; a visible warning when stale."""
    text = caption_for(source, as_of, stale, lang)
    if stale:
        st.warning(text)
    else:
        st.caption(text)


def show_stale_banner(engine: Engine, settings: Settings, sources: tuple[str, ...], lang: str) -> None:
    """A banner at the top of a page for each of ``sources`` that is stale beyond its limit."""
    states = freshness(engine, settings)
    for source in sources:
        state = states.get(source)
        if state is not None and state.stale:
            st.warning(t("fresh.banner", lang, source=source_label(source, lang), age=format_age(state.age, lang)), icon="⚠️")
