"""The briefing's views on the normal pages (map, stations, impact, response, what changed),
rendered from a snapshot, each with its sources' captions (``ui.briefing`` holds the loaders
and the wall screen)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from briefing import tables
from briefing.dams import dams_caption, dams_table
from briefing.snapshot import districts_frame, has_impact
from domain.changes import compare_snapshots
from domain.situation import HII_COLOURS
from i18n import actor_name, t
from i18n.timefmt import (
    format_datetime,
    format_number,
)
from ui import context
from ui.briefing import situation_figure
from ui.empty import show_empty_state
from ui.freshness import caption_for, show_source_caption
from ui.text import plain, plain_table


def _caption(snapshot: dict, source: str, lang: str) -> None:
    """Source and age under a figure; on the wall screen a stale source is a red box (a
    yellow one washes out on a projector)."""
    entry = next((s for s in snapshot["sources"] if s["source"] == source), None)
    as_of = datetime.fromisoformat(entry["as_of"]) if entry and entry.get("as_of") else None
    stale = True if entry is None else entry["stale"]
    taken = datetime.fromisoformat(snapshot["taken_at"])  # a replay's ages are against its own time
    if stale and context.is_screen_mode():
        st.error(caption_for(source, as_of, True, lang, now=taken))
    else:
        show_source_caption(source, as_of, stale, lang, now=taken)


def render_view(view: str, snapshot: dict, saved, lang: str, height: int = 600) -> None:
    """One briefing view from a snapshot (``saved``: the briefing 'what changed' compares with)."""
    settings = context.settings()
    if view == "map":
        fig = situation_figure(
            snapshot["taken_at"],
            settings.database_url,
            lang,
            settings.map_style,
            height,
            str(settings.data_dir),
            settings.province_code,
            snapshot,
            settings,
        )
        if fig is None:
            st.info(t("briefing.deck.map_missing", lang))
        else:
            st.plotly_chart(fig, width="stretch", config={"displayModeBar": False}, key=f"briefing_map_{view}")
        _caption(snapshot, "thaiwater", lang)
        if has_impact(snapshot):
            _caption(snapshot, "impact", lang)
    elif view == "stations":
        st.table(_class_colours(plain_table(tables.stations_table(snapshot, lang, key_only=True)), lang))
        _caption(snapshot, "thaiwater", lang)
    elif view == "dams":
        st.table(plain_table(dams_table(snapshot["dams"], lang).drop(columns="_colour", errors="ignore")))
        st.caption(dams_caption(snapshot["dams"], lang)[0])
    elif view == "impact":
        _impact_metrics(snapshot, lang)
        st.table(plain_table(tables.impact_table(snapshot, lang).set_index(t("briefing.col.district", lang))))
        _caption(snapshot, "impact", lang)
    elif view == "response":
        table = tables.progress_table(snapshot, lang)
        if table.empty:
            st.info(t("briefing.no_progress", lang))
        else:
            st.markdown(f"### {plain(snapshot['checklist']['name'])}")
            st.table(plain_table(table.set_index(t("briefing.col.district", lang))))
            st.caption(
                t(
                    "briefing.progress_as_of",
                    lang,
                    time=format_datetime(datetime.fromisoformat(snapshot["taken_at"]), lang, seconds=True),
                )
            )
    elif view == "changes":
        render_changes(snapshot, saved, lang)


def _class_colours(table: pd.DataFrame, lang: str):
    """The stations table with the situation cell in HII's colour for its class."""
    classes = table.attrs.get("classes", [])
    styled = table.set_index(t("briefing.col.station", lang)).style

    def paint(column: pd.Series) -> list[str]:
        return [
            f"background-color: {HII_COLOURS.get(c, HII_COLOURS['unknown'])}; color: "
            f"{'#000000' if c in ('low', 'unknown') else '#FFFFFF'}; "
            "font-weight: 700"
            for c in classes
        ]

    return (
        styled.apply(paint, subset=[t("briefing.col.class", lang)])
        if len(classes) == len(table) and len(table)
        else styled
    )


def _impact_metrics(snapshot: dict, lang: str) -> None:
    df = districts_frame(snapshot)
    hit = df[df["report_time"].notna()]
    previous = hit["previous_people"].dropna()
    columns = st.columns(4)
    for column, (key, field) in zip(
        columns,
        (
            ("villages", "affected_villages"),
            ("households", "affected_households"),
            ("people", "affected_people"),
            ("evacuees", "evacuated_people"),
        ),
        strict=False,
    ):
        delta = None
        if key == "people" and len(previous):
            delta = format_number(float(hit.loc[previous.index, "affected_people"].sum() - previous.sum()))
        column.metric(
            t(f"briefing.col.{key}", lang),
            format_number(float(hit[field].fillna(0).sum())),
            delta,
            delta_color="inverse",
        )


def render_changes(snapshot: dict, saved, lang: str, limit: int = 8) -> None:
    """The ranked 'what changed' list against ``saved`` (a ``SavedBriefing``)."""
    if saved is None:
        show_empty_state(
            t("briefing.what.briefings", lang),
            t("briefing.why.briefings", lang),
            "python manage.py save-briefing",
            lang,
        )
        return
    st.markdown(
        t(
            "briefing.since",
            lang,
            time=format_datetime(datetime.fromisoformat(saved.snapshot["taken_at"]), lang),
            who=plain(actor_name(saved.saved_by_name, lang)),
        )
    )
    changes = compare_snapshots(saved.snapshot, snapshot)
    table = tables.changes_table(changes, lang, limit)
    if table.empty:
        st.success(t("briefing.no_changes", lang))
    else:
        st.table(plain_table(table.set_index(t("briefing.col.subject", lang))))
    for source in sorted({s["source"] for s in snapshot["sources"]}):
        _caption(snapshot, source, lang)
