"""The dams upstream as the screens show them: the snapshot part, the display table (water
page and deck) and the wall's compact strip. Every value carries the report's data date and
the source; a stale report says so.

    dam_records(engine, settings, at=None) -> list[dict]     the snapshot's ``dams``
    dams_table(records, lang) -> DataFrame                   display rows (``_colour`` column)
    dam_strip_html(records, lang) -> str                     one line per dam for the wall
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from html import escape

import pandas as pd
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from config import Settings
from domain.dams import dam_status, select_basin_dams
from domain.summary import source_name
from i18n import t
from i18n.timefmt import format_date, format_number
from ops.retry import is_database_down
from store.dams import dam_history, key_station_basins

SOURCE = "thaiwater_dams"
HISTORY_DAYS = 8
RECORD_FIELDS = (
    "dam_id",
    "dam_code",
    "name_th",
    "name_en",
    "basin_th",
    "basin_en",
    "data_date",
    "storage_mcm",
    "storage_pct",
    "inflow_mcm",
    "released_mcm",
    "spilled_mcm",
    "previous_released_mcm",
    "released_change_mcm",
    "spilled_change_mcm",
    "release_jump",
    "colour",
    "stale",
)


def _plain(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def dam_records(engine: Engine, settings: Settings, at: datetime | None = None) -> list[dict]:
    """The dams of the key stations' basins as JSON-able dicts (``RECORD_FIELDS``), judged as
    of ``at`` (aware; default now). Empty when nothing is stored (or the table is missing)."""
    now = (at or datetime.now(UTC)).astimezone(UTC)
    try:
        basins = key_station_basins(engine, settings.province_code)
        history = select_basin_dams(dam_history(engine, days=HISTORY_DAYS, at=now), basins)
    except SQLAlchemyError as exc:
        if is_database_down(exc):
            raise  # an outage is not "no dam stored": the page says the database is down
        return []
    status = dam_status(history, now, settings.dam_stale_s)
    return [{k: _plain(r.get(k)) for k in RECORD_FIELDS} for r in status.to_dict("records")]


def _name(r: dict, lang: str) -> str:
    return str((r["name_th"] if lang == "th" else (r.get("name_en") or r["name_th"])) or r.get("dam_code") or "")


def _basin(r: dict, lang: str) -> str:
    return str((r["basin_th"] if lang == "th" else (r.get("basin_en") or r["basin_th"])) or "")


def _change(value, lang: str) -> str:
    return "–" if value is None else f"{value:+,.2f}"


def _date(value, lang: str) -> str:
    return format_date(date.fromisoformat(value), lang) if value else "–"


def dams_table(records: list[dict], lang: str) -> pd.DataFrame:
    """One display row per dam: name, basin, % of normal storage, storage, inflow, release and
    its change since the day before (a jump marked), spill and its change, data date, status.
    ``_colour`` holds HII's colour of the % (None when stale: a stale value is not coloured)."""
    h = lambda key: t(f"dams.col.{key}", lang)  # noqa: E731
    rows = []
    for r in records:
        jump = f" {t('dams.jump_mark', lang)}" if r.get("release_jump") else ""
        rows.append(
            {
                h("dam"): _name(r, lang),
                h("basin"): _basin(r, lang),
                h("pct"): format_number(r.get("storage_pct"), 1),
                h("storage"): format_number(r.get("storage_mcm"), 1),
                h("inflow"): format_number(r.get("inflow_mcm"), 2),
                h("released"): format_number(r.get("released_mcm"), 2),
                h("released_change"): _change(r.get("released_change_mcm"), lang) + jump,
                h("spilled"): format_number(r.get("spilled_mcm"), 2),
                h("spilled_change"): _change(r.get("spilled_change_mcm"), lang),
                h("date"): _date(r.get("data_date"), lang),
                h("status"): t("status.stale", lang) if r.get("stale") else t("status.ok", lang),
                "_colour": None if r.get("stale") else r.get("colour"),
            }
        )
    return pd.DataFrame(rows)


def dams_caption(records: list[dict], lang: str) -> tuple[str, bool]:
    """('Source: ThaiWater large dams (HII) · report of 29 Jun 2563', stale) for the newest report."""
    dates = [r["data_date"] for r in records if r.get("data_date")]
    newest = max(dates) if dates else None
    stale = bool(records) and all(r.get("stale") for r in records)
    text = t("dams.caption", lang, source=source_name(SOURCE, lang), date=_date(newest, lang))
    return (("⚠️ " + t("fresh.stale_prefix", lang) + " " + text) if stale else text), stale


def dam_strip_html(records: list[dict], lang: str, limit: int = 10) -> str:
    """The wall's compact strip: a coloured chip per dam ('สิรินธร 50%', release and its change),
    and the source with the data date; a stale report is greyed and says so."""
    if not records:
        return f'<div class="fr-label">{escape(t("dams.none_short", lang))}</div>'
    chips = []
    for r in records[:limit]:
        colour = "#9E9E9E" if r.get("stale") else (r.get("colour") or "#9E9E9E")
        pct = format_number(r.get("storage_pct"), 0)
        release = t(
            "dams.strip_release",
            lang,
            released=format_number(r.get("released_mcm"), 2),
            change=_change(r.get("released_change_mcm"), lang),
        )
        jump = f" {escape(t('dams.jump_mark', lang))}" if r.get("release_jump") else ""
        chips.append(
            f'<span class="fr-dam" data-testid="fr-dam" style="border-left:0.6em solid {colour};padding:0 0.4em;'
            f'margin-right:0.6em">{escape(_name(r, lang))} {escape(pct)}% '
            f'<span class="fr-label">{escape(release)}</span>{jump}</span>'
        )
    caption, _ = dams_caption(records, lang)
    return (
        f'<div class="fr-dams" data-testid="fr-dams"><div class="fr-label">{escape(caption)}</div>'
        f"<div>{''.join(chips)}</div></div>"
    )
