"""The overview's headline figures, computed from the briefing snapshot (one read of the store)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from briefing.snapshot import districts_frame, stations_frame
from i18n import t
from i18n.timefmt import format_number


def station_counts(snapshot: dict) -> dict[str, int]:
    """Current (non-stale) stations over the bank, high, rising; and stations without a current reading."""
    df = stations_frame(snapshot)
    if df.empty:
        return {"over_bank": 0, "high": 0, "rising": 0, "no_current": 0}
    current = df[~df["stale"].astype(bool)]
    return {
        "over_bank": int((current["situation_class"] == "over_bank").sum()),
        "high": int((current["situation_class"] == "high").sum()),
        "rising": int((current["trend"] == "rising").sum()),
        "no_current": int(df["stale"].astype(bool).sum()),
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
    counts = station_counts(snapshot)
    districts = districts_frame(snapshot)
    hit = districts[pd.to_numeric(districts.get("affected_people"), errors="coerce").fillna(0) > 0] if not districts.empty else districts
    percent, overdue = response_totals(snapshot)
    columns = st.columns(6)
    columns[0].metric(t("overview.over_bank", lang), format_number(counts["over_bank"]))
    columns[1].metric(t("overview.high", lang), format_number(counts["high"]))
    columns[2].metric(t("overview.rising", lang), format_number(counts["rising"]))
    columns[3].metric(t("overview.no_current", lang), format_number(counts["no_current"]))
    columns[4].metric(t("overview.districts_hit", lang), format_number(len(hit)))
    columns[5].metric(t("overview.response", lang), "–" if percent is None else f"{percent:.0f}%",
                      t("overview.overdue", lang, n=overdue) if overdue else None, delta_color="inverse")
