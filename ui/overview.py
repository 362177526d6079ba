"""The overview's headline figures, computed from the briefing snapshot (one read of the store)."""

from __future__ import annotations

import html
from datetime import datetime

import geothai
import pandas as pd
import streamlit as st

from briefing.snapshot import districts_frame, stations_frame
from briefing.tables import forecast_peak_label
from domain.situation import HII_COLOURS
from domain.stations import station_name as domain_station_name
from i18n import t
from i18n.timefmt import format_age, format_datetime, format_number
from ui.layout import full_table_toggle, narrow_only, wide_only


def station_counts(snapshot: dict) -> dict[str, int | None]:
    """Current (non-stale) stations over the bank, high, rising; and stations without a current
    reading. Unknown is not zero: with no current reading at all the first three are None, and
    with no station at all every count is None (``unknown_reasons`` says why)."""
    df = stations_frame(snapshot)
    if df.empty:
        return {"over_bank": None, "high": None, "rising": None, "no_current": None}
    current = df[~df["stale"].astype(bool)]
    known = not current.empty
    count = lambda mask: int(mask.sum()) if known else None  # noqa: E731
    return {
        "over_bank": count(current["situation_class"] == "over_bank"),
        "high": count(current["situation_class"] == "high"),
        "rising": count(current["trend"] == "rising"),
        "no_current": int(df["stale"].astype(bool).sum()),
    }


def districts_hit(snapshot: dict) -> int | None:
    """Districts with people affected in their latest report; None before any report."""
    df = districts_frame(snapshot)
    if df.empty or "report_time" not in df or not df["report_time"].notna().any():
        return None
    return int((pd.to_numeric(df.get("affected_people"), errors="coerce").fillna(0) > 0).sum())


def unknown_reasons(snapshot: dict) -> dict[str, str]:
    """The i18n key saying why a tile has no number, by tile."""
    df = stations_frame(snapshot)
    water = "overview.unknown.no_water" if df.empty else "overview.unknown.no_current_water"
    return {
        "over_bank": water,
        "high": water,
        "rising": water,
        "no_current": "overview.unknown.no_water",
        "districts_hit": "overview.unknown.no_impact",
    }


def response_totals(snapshot: dict) -> tuple[float | None, int]:
    """(percent done over the open event, overdue items) or (None, 0) without an event."""
    df = districts_frame(snapshot)
    if df.empty or snapshot.get("checklist") is None:
        return None, 0
    total = pd.to_numeric(df["items_total"], errors="coerce").sum()
    done = pd.to_numeric(df["items_done"], errors="coerce").sum()
    return (100.0 * done / total if total else None), int(df["overdue"].sum())


def render_headline(snapshot: dict, lang: str) -> None:
    """Six tiles; one without data shows "–" and the reason, never a 0 that is not known."""
    counts = {**station_counts(snapshot), "districts_hit": districts_hit(snapshot)}
    reasons = unknown_reasons(snapshot)
    percent, overdue = response_totals(snapshot)
    columns = st.columns(6)
    for column, name in zip(columns, ("over_bank", "high", "rising", "no_current", "districts_hit"), strict=False):
        value = counts[name]
        column.metric(t(f"overview.{name}", lang), "–" if value is None else format_number(value))
        if value is None:
            column.caption(t(reasons[name], lang))
    columns[5].metric(
        t("overview.response", lang),
        "–" if percent is None else f"{percent:.0f}%",
        t("overview.overdue", lang, n=overdue) if overdue else None,
        delta_color="inverse",
    )
    if percent is None:
        columns[5].caption(t("overview.unknown.no_event", lang))


# ---- key stations, readable on a desk and on a phone (issues 15 and 16) ----------------------


def station_name(row: dict, lang: str, province_code: str) -> str:
    """The wall's name (``domain.stations.station_name``: the feed's English name, else a key
    station's river and place in English); where neither exists (most Thai gauges), the
    station's district in English with the Thai name after it, so an English page still says where."""
    thai = str(row.get("name_th") or "").strip()
    english = str(row.get("name_en") or "").strip()
    if lang == "th":
        return thai or english
    named = domain_station_name(row, lang, province_code)
    if english or (named and named != thai):
        return named
    district = _district_en(row.get("district_code"), province_code)
    return " · ".join(x for x in (district, thai) if x)


def _district_en(code, province_code: str) -> str:
    if not isinstance(code, str) or not code:
        return ""
    return next((d.name_en for d in geothai.districts(province_code) if d.code == code), "")


def key_station_rows(snapshot: dict, lang: str, province_code: str) -> list[dict]:
    """The key stations as display values (class code kept for colour); level and bank in m MSL."""
    df = stations_frame(snapshot)
    rows = []
    for r in df[df["is_key"].astype(bool)].to_dict("records"):
        cls = r["situation_class"] or "unknown"
        trend = r["trend"] if r["trend"] in ("rising", "steady", "falling") else "unknown"
        observed = r["observed_at"].to_pydatetime() if not pd.isna(r["observed_at"]) else None
        rows.append(
            {
                "code": r["station_code"],
                "name": station_name(r, lang, province_code),
                "class": cls,
                "level": format_number(r["level_msl"], 2),
                "bank": format_number(r["bank_msl"], 2),
                "below_bank": format_number(r["below_bank_m"], 2),
                "class_text": t(f"water.class.{cls}", lang),
                "trend": t(f"water.trend.{trend}", lang),
                "forecast": format_number(r["forecast_peak_m3s"], 0),
                "observed": observed,
                "observed_text": format_datetime(observed, lang),
            }
        )
    return rows


def readings_age_text(rows: list[dict], lang: str, now: datetime) -> str:
    """When the key stations shown were read, and how old that is (not when the feed was fetched)."""
    times = sorted(r["observed"] for r in rows if r["observed"] is not None)
    if not times:
        return t("phone.stations_never", lang)
    if format_datetime(times[0], lang) == format_datetime(times[-1], lang):
        return t(
            "phone.stations_read", lang, time=format_datetime(times[-1], lang), age=format_age(now - times[-1], lang)
        )
    return t(
        "phone.stations_read_span",
        lang,
        first=format_datetime(times[0], lang),
        last=format_datetime(times[-1], lang),
        age=format_age(now - times[-1], lang),
    )


def _stations_table(rows: list[dict], lang: str):
    c = lambda key: t(f"phone.col.{key}", lang)  # noqa: E731
    table = pd.DataFrame(
        [
            {
                c("station"): r["code"],
                c("name"): r["name"],
                c("level"): r["level"],
                c("bank"): r["bank"],
                c("below_bank"): r["below_bank"],
                c("class"): r["class_text"],
                c("trend"): r["trend"],
                c("forecast"): r["forecast"],
                c("observed"): r["observed_text"],
            }
            for r in rows
        ]
    )
    classes = [r["class"] for r in rows]

    def paint(column: pd.Series) -> list[str]:
        return [
            f"background-color: {HII_COLOURS.get(k, HII_COLOURS['unknown'])}; color: "
            f"{'#000000' if k in ('low', 'unknown') else '#FFFFFF'}; "
            "font-weight: 700"
            for k in classes
        ]

    return table.style.apply(paint, subset=[c("class")])


def _station_cards_html(rows: list[dict], lang: str) -> str:
    cards = []
    for r in rows:
        colour = HII_COLOURS.get(r["class"], HII_COLOURS["unknown"])
        ink = "#000000" if r["class"] in ("low", "unknown") else "#FFFFFF"
        cards.append(
            f'<div class="fr-card"><b>{html.escape(str(r["code"]))} · {html.escape(r["name"])}</b>'
            '<span><span class="fr-badge" '
            f'style="background:{colour};color:{ink}">{html.escape(r["class_text"])}</span> '
            f"{html.escape(r['trend'])}</span>"
            f"<span>{html.escape(t('phone.station_level', lang, level=r['level'], bank=r['bank']))}</span>"
            f"<span>{html.escape(t('phone.station_read', lang, time=r['observed_text']))}</span></div>"
        )
    return f'<div class="fr-cards">{"".join(cards)}</div>'


def render_key_stations(snapshot: dict, lang: str, province_code: str) -> None:
    """Key stations: a full-width table on a desk (no header wrapped letter by letter), cards
    on a phone with the table a toggle away, and the age of the readings shown."""
    rows = key_station_rows(snapshot, lang, province_code)
    with narrow_only("station_cards"):
        st.html(_station_cards_html(rows, lang))
    full = full_table_toggle("key_stations", lang)
    with wide_only("key_stations", show_on_narrow=full):
        st.dataframe(_stations_table(rows, lang), hide_index=True, width="stretch")
    st.caption(
        readings_age_text(rows, lang, datetime.fromisoformat(snapshot["taken_at"]))
    )  # a replay's age is against its time
    peak = forecast_peak_label(snapshot, lang)  # the forecast column is a model value: say so, with its issue time
    if peak is not None:
        (st.warning if peak[1] else st.caption)(peak[0])
