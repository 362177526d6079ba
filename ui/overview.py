"""The overview's headline figures, computed from the briefing snapshot (one read of the store)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from briefing.snapshot import districts_frame, stations_frame
from i18n import t
from i18n.timefmt import format_number


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
    return {"over_bank": water, "high": water, "rising": water, "no_current": "overview.unknown.no_water",
            "districts_hit": "overview.unknown.no_impact"}


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
    for column, name in zip(columns, ("over_bank", "high", "rising", "no_current", "districts_hit")):
        value = counts[name]
        column.metric(t(f"overview.{name}", lang), "–" if value is None else format_number(value))
        if value is None:
            column.caption(t(reasons[name], lang))
    columns[5].metric(t("overview.response", lang), "–" if percent is None else f"{percent:.0f}%",
                      t("overview.overdue", lang, n=overdue) if overdue else None, delta_color="inverse")
    if percent is None:
        columns[5].caption(t("overview.unknown.no_event", lang))
