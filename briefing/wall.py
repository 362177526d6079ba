"""The meeting-room screen's views as HTML sized by the viewport (pure: no Streamlit).

Every size is a fraction of the screen (``vh``/``vw``/``clamp`` in ``WALL_CSS``), so a
1366x768 projector and a 3840x2160 TV show the same layout: header (province, clock, date),
the data age as large as the date, the view's title, and a body of fixed height that never
scrolls: tables show as many rows as fit (``*_ROWS``) and say how many more there are.
Station levels and headings are >= 3 % of the screen height, every label >= 1.8 %.

    view_html(view, snapshot, geojson, lang, index, count, saved=None, changes=None) -> str
"""

from __future__ import annotations

import re
from datetime import datetime
from html import escape

import pandas as pd

from briefing import tables
from briefing.dams import dams_caption, dams_table
from briefing.forecast_lines import forecast_html
from briefing.map_labels import CLASS_SHAPES, text_colour
from briefing.snapshot import districts_frame, has_impact, stations_frame
from briefing.thai_text import break_units
from briefing.wall_map import wall_map_svg
from domain.situation import HII_COLOURS
from i18n import actor_name, t
from i18n.timefmt import format_datetime, format_number

STATION_ROWS, IMPACT_ROWS, RESPONSE_ROWS, CHANGE_ROWS, DAM_ROWS = 6, 6, 7, 6, 9
DAM_COLUMNS = ("dam", "pct", "released", "released_change", "spilled", "date")
CLASSES = ("over_bank", "high", "normal", "low", "critically_low", "unknown")
VIEW_SOURCES = {
    "map": ("thaiwater", "impact"),
    "stations": ("thaiwater",),
    "dams": ("thaiwater_dams",),
    "impact": ("impact",),
    "response": (),
    "changes": ("thaiwater", "impact"),
}

WALL_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], #MainMenu, footer,
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none !important;}
html, body, [data-testid="stApp"], [data-testid="stMain"] {background: #FFFFFF !important; color: #000000 !important; \
overflow: hidden !important;}
.block-container, [data-testid="stMainBlockContainer"] {max-width: 100% !important; padding: 1.2vh 2vw 0 2vw \
!important;}
[data-testid="stMain"] [data-testid="stVerticalBlock"] {gap: 0.6vh !important;}
[data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 3.2vh !important; line-height: 1.3;}
[data-testid="stMain"] [data-testid="stElementContainer"]:has(iframe[height="0"]) {display: none;}
.fr-head {display: flex; justify-content: space-between; align-items: center; height: 12vh;}
.fr-province {font-size: 5vh; font-weight: 800; color: #0B3C5D; line-height: 1.1;}
.fr-clock {font-size: 7vh; font-weight: 800; text-align: right; line-height: 1; color: #000;}
.fr-date, .fr-age {font-size: 3.2vh; line-height: 1.25; color: #000;}
.fr-date {text-align: right;}
.fr-ages {display: flex; flex-wrap: wrap; align-content: flex-start; gap: 0 2vw; min-height: 8vh;}
.fr-age.fr-stale {background: #B00020; color: #FFFFFF; font-weight: 700; padding: 0 0.8vw; border-radius: 0.6vh;}
.fr-view {font-size: 4.4vh; font-weight: 800; color: #0B3C5D; line-height: 1.2;}
.fr-view .fr-of {font-size: 2.4vh; font-weight: 400; color: #333; margin-left: 1.5vw;}
.fr-body {height: 71vh; display: flex; gap: 2vw; align-items: stretch; overflow: hidden;}
.fr-mapbox {flex: 0 0 auto; height: 100%; min-width: 0;}
.fr-mapbox svg {height: 71vh; width: auto; max-width: 64vw; display: block;}
.fr-mapview .fr-figure {font-size: 4.2vh;}
.fr-mapview .fr-legend {font-size: 2.6vh;}
.fr-mapview .fr-legend svg {height: 2.8vh; width: 2.8vh;}
.fr-side {flex: 1 1 0; min-width: 0; display: flex; flex-direction: column; gap: 1.2vh;}
.fr-figure {font-size: 3.4vh; font-weight: 700; line-height: 1.25;}
.fr-label {font-size: 2.2vh; color: #222; line-height: 1.25;}
.fr-forecast ul {margin: 0.3vh 0 0 2vw; padding: 0;} .fr-forecast li {font-size: 2.8vh !important; line-height: 1.25;}
.fr-chip {display: inline-block; padding: 0 0.6vw; border-radius: 0.6vh; font-weight: 700; white-space: nowrap;}
.fr-w {white-space: nowrap;}
.fr-legend {display: flex; flex-wrap: wrap; gap: 0.4vh 1.4vw; font-size: 2.2vh;}
.fr-legend svg {height: 2.4vh; width: 2.4vh; vertical-align: middle; margin-right: 0.4vw;}
table.fr-table {border-collapse: collapse; width: 100%; font-size: 3.2vh; line-height: 1.2;}
table.fr-table th {background: #0B3C5D; color: #FFFFFF; font-size: 2.4vh; font-weight: 700; text-align: left; \
padding: 0.6vh 0.6vw;}
table.fr-table td {padding: 0.6vh 0.6vw; border-bottom: 0.15vh solid #BBB; vertical-align: middle;}
table.fr-table td.fr-num {text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap;}
.fr-tiles {display: flex; gap: 2vw; margin-bottom: 1.5vh;}
.fr-tile {flex: 1; border: 0.2vh solid #0B3C5D; border-radius: 1vh; padding: 0.8vh 1vw;}
.fr-tile .fr-figure {font-size: 5.5vh;}
</style>
"""


def _chip(cls: str, lang: str) -> str:
    bg = HII_COLOURS.get(cls, HII_COLOURS["unknown"])
    return (
        '<span class="fr-chip" '
        f'style="background:{bg};color:{text_colour(bg)}">{escape(t(f"water.class.{cls}", lang))}</span>'
    )


def _shape_icon(cls: str) -> str:
    from briefing.wall_map import _marker

    return f'<svg viewBox="-20 -20 40 40">{_marker(CLASS_SHAPES[cls], 0, 0, 13, HII_COLOURS[cls])}</svg>'


def legend_html(lang: str) -> str:
    items = "".join(f"<span>{_shape_icon(c)}{escape(t(f'water.class.{c}', lang))}</span>" for c in CLASSES)
    return f'<div class="fr-legend fr-label">{items}</div>'


def ages_html(snapshot: dict, view: str, lang: str) -> str:
    """The data age of the view's sources, as large as the date; a stale one on red."""
    parts = []
    for source in VIEW_SOURCES[view]:
        if source == "impact" and not has_impact(snapshot):
            continue
        text, stale = tables.source_caption(snapshot, source, lang)
        parts.append(f'<span class="fr-age{" fr-stale" if stale else ""}" data-testid="fr-age">{escape(text)}</span>')
    if not parts and view == "response":
        taken = format_datetime(datetime.fromisoformat(snapshot["taken_at"]), lang)
        parts.append(
            f'<span class="fr-age" data-testid="fr-age">{escape(t("briefing.progress_as_of", lang, time=taken))}</span>'
        )
    return f'<div class="fr-ages">{"".join(parts)}</div>'


def words_html(text: str) -> str:
    """Thai text that a browser breaks only between words (briefing.thai_text's segmenter):
    each word unbreakable, a break allowed between two; the browser's own Thai breaking split
    'แนวโน้ม' as 'แนว / โน้ม'. Text without Thai is only escaped."""
    if not re.search("[\u0e00-\u0e7f]", text):
        return escape(text)
    out = []
    for unit in break_units(text):
        if not unit.isspace() and out and out[-1] != " ":
            out.append("<wbr>")
        out.append(" " if unit.isspace() else f'<span class="fr-w">{escape(unit)}</span>')
    return "".join(out)


def table_html(df: pd.DataFrame, rows: int, lang: str, cells=None) -> str:
    """``df`` as a wall table of at most ``rows`` rows (a last line says how many more);
    ``cells(row_index, column, text) -> html`` may replace a cell's escaped text."""
    if df.empty:
        return ""
    head = "".join(f"<th>{words_html(str(c))}</th>" for c in df.columns)
    body = []
    for i, row in enumerate(df.head(rows).itertuples(index=False)):
        tds = []
        for column, value in zip(df.columns, row, strict=False):
            text = str(value)
            html = cells(i, column, text) if cells else None
            numeric = (
                text.replace(",", "").replace(".", "").replace("+", "").replace("-", "").replace("–", "").isdigit()
            )
            tds.append(
                f'<td class="fr-num">{escape(text)}</td>'
                if html is None and numeric
                else f"<td>{html if html is not None else words_html(text)}</td>"
            )
        body.append(f"<tr>{''.join(tds)}</tr>")
    more = len(df) - rows
    tail = f'<div class="fr-label">{escape(t("briefing.wall.more_rows", lang, n=more))}</div>' if more > 0 else ""
    return f'<table class="fr-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{tail}'


def _stations_table(snapshot: dict, lang: str) -> str:
    df = tables.stations_table(snapshot, lang, key_only=True)
    if df.empty:
        return f'<div class="fr-figure">{escape(t("briefing.why.water", lang))}</div>'
    classes = df.attrs.get("classes", [])
    keep = [
        t(f"briefing.col.{k}", lang) for k in ("station", "name", "level", "below_bank", "class", "trend", "observed")
    ]
    class_col, trend_col, no_trend = (
        t("briefing.col.class", lang),
        t("briefing.col.trend", lang),
        t("water.trend.unknown", lang),
    )

    def cell(i: int, column: str, text: str) -> str | None:
        if column == class_col and i < len(classes):
            return _chip(classes[i], lang)
        # an unknown trend is a dash: the catalogue's '? ไม่ทราบแนวโน้ม' wrapped and read as a glyph
        return "–" if column == trend_col and text == no_trend else None

    return table_html(df[keep], STATION_ROWS, lang, cell)


def _dams(snapshot: dict, lang: str) -> str:
    """The dams of the key stations' basins: % of normal storage on HII's colour, release and
    its change since the day before, spill, the report's date; the source and date above."""
    records = snapshot.get("dams") or []
    if not records:
        return f'<div class="fr-figure">{escape(t("dams.none_short", lang))}</div>'
    df = dams_table(records, lang)
    colours = df.pop("_colour").tolist()
    pct = t("dams.col.pct", lang)

    def cell(i: int, column: str, text: str) -> str | None:
        if column != pct or i >= len(colours) or not colours[i]:
            return None
        style = f"background:{colours[i]};color:{text_colour(colours[i])}"
        return f'<span class="fr-chip" style="{style}">{escape(text)}</span>'

    caption, _ = dams_caption(records, lang)
    table = table_html(df[[t(f"dams.col.{k}", lang) for k in DAM_COLUMNS]], DAM_ROWS, lang, cell)
    return f'<div class="fr-label">{escape(caption)}</div>{table}'


def _key_figures(snapshot: dict, lang: str) -> str:
    """Beside the map: each key station's level and class, people affected, the legend."""
    stations = stations_frame(snapshot)
    rows = []
    for r in stations[stations["is_key"]].head(STATION_ROWS).to_dict("records"):
        cls = r["situation_class"] or "unknown"
        level = format_number(r["level_msl"], 2)
        rows.append(
            f'<div class="fr-figure">{escape(r["station_code"])} {escape(level)} '
            f'<span class="fr-label">{escape(t("water.unit.msl", lang))}</span> {_chip(cls, lang)}</div>'
        )
    df = districts_frame(snapshot)
    if has_impact(snapshot):
        hit = df[pd.to_numeric(df["affected_people"], errors="coerce").fillna(0) > 0]
        people = format_number(float(hit["affected_people"].sum()))
        affected = t("briefing.wall.affected", lang, people=people, districts=len(hit))
        rows.append(f'<div class="fr-figure">{escape(affected)}</div>')
    return f'<div class="fr-side">{"".join(rows)}{legend_html(lang)}</div>'


def _impact(snapshot: dict, lang: str) -> str:
    df = districts_frame(snapshot)
    hit = df[df["report_time"].notna()]
    tiles = "".join(
        f'<div class="fr-tile"><div class="fr-label">{escape(t(f"briefing.col.{k}", lang))}</div>'
        '<div class="fr-figure">'
        f"{escape(format_number(float(pd.to_numeric(hit[f], errors='coerce').fillna(0).sum())))}</div></div>"
        for k, f in (
            ("villages", "affected_villages"),
            ("households", "affected_households"),
            ("people", "affected_people"),
            ("evacuees", "evacuated_people"),
        )
    )
    table = tables.impact_table(snapshot, lang)
    if not table.empty:  # the province total (last row) always shows
        table = (
            pd.concat([table.iloc[:-1].head(IMPACT_ROWS - 1), table.iloc[-1:]]) if len(table) > IMPACT_ROWS else table
        )
    return f'<div class="fr-tiles">{tiles}</div>{table_html(table, IMPACT_ROWS, lang)}'


def _response(snapshot: dict, lang: str) -> str:
    table = tables.progress_table(snapshot, lang)
    if table.empty:
        return f'<div class="fr-figure">{escape(t("briefing.no_progress", lang))}</div>'
    name = escape(str((snapshot.get("checklist") or {}).get("name") or ""))
    return f'<div class="fr-figure">{name}</div>{table_html(table, RESPONSE_ROWS, lang)}'


def _changes(snapshot: dict, saved, changes, lang: str) -> str:
    if saved is None:
        return f'<div class="fr-figure">{escape(t("briefing.deck.no_briefing", lang))}</div>'
    since = t(
        "briefing.since",
        lang,
        time=format_datetime(datetime.fromisoformat(saved.snapshot["taken_at"]), lang),
        who=actor_name(saved.saved_by_name, lang),
    )
    table = tables.changes_table(changes, lang, limit=len(changes) if changes is not None else 0)
    body = (
        table_html(table, CHANGE_ROWS, lang)
        if not table.empty
        else f'<div class="fr-figure">{escape(t("briefing.no_changes", lang))}</div>'
    )
    return f'<div class="fr-label">{escape(since)}</div>{body}'


def view_html(
    view: str,
    snapshot: dict,
    geojson: dict | None,
    lang: str,
    index: int,
    count: int,
    step: int = 0,
    saved=None,
    changes=None,
) -> str:
    """One wall view: title (with 'n/m'), data age, and a body of fixed height. One line of
    HTML, so Markdown leaves it alone."""
    if view == "map":
        svg = wall_map_svg(snapshot, geojson, lang)
        body = (
            f'<div class="fr-mapbox">{svg}</div>'
            if svg
            else f'<div class="fr-figure">{escape(t("briefing.deck.map_missing", lang))}</div>'
        ) + _key_figures(snapshot, lang)
    elif view == "stations":
        forecast = forecast_html(snapshot, lang, words_html)  # one sentence per key station, under the table
        body = f'<div class="fr-side">{_stations_table(snapshot, lang)}{forecast}{legend_html(lang)}</div>'
    elif view == "dams":
        body = f'<div class="fr-side">{_dams(snapshot, lang)}</div>'
    elif view == "impact":
        body = f'<div class="fr-side">{_impact(snapshot, lang)}</div>'
    elif view == "response":
        body = f'<div class="fr-side">{_response(snapshot, lang)}</div>'
    else:
        body = f'<div class="fr-side">{_changes(snapshot, saved, changes, lang)}</div>'
    title = escape(t(f"briefing.view.{view}", lang))
    of = escape(t("briefing.view_of", lang, index=index, count=count))
    return (
        f'<div class="fr-view" data-testid="fr-view" data-view="{view}" data-step="{step}">{title}<span '
        f'class="fr-of">{of}</span></div>'
        f'{ages_html(snapshot, view, lang)}<div class="fr-body fr-{view}view" data-testid="fr-body">{body}</div>'
    ).replace("\n", " ")
