"""The briefing's tables as display-ready DataFrames (translated headers, formatted
numbers, Bangkok times), shared by the screen and the deck; and the source captions.

Each ``*_table(snapshot, lang)`` returns an empty frame when its data is absent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pandas as pd

from briefing.snapshot import districts_frame, stations_frame
from domain.stations import station_name
from domain.summary import source_name
from i18n import CATALOGUE, t
from i18n.timefmt import format_age, format_date, format_datetime, format_number

MAX_STATION_ROWS = 14
MAX_CHANGE_ROWS = 12


def _h(key: str, lang: str) -> str:
    return t(f"briefing.col.{key}", lang)


def _name(row, lang: str) -> str:
    return (row.get("name_th") if lang == "th" else row.get("name_en")) or row.get("name_th") or ""


def _iso(value) -> datetime | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    return value.to_pydatetime() if isinstance(value, pd.Timestamp) else datetime.fromisoformat(value)


def column_weights(df: pd.DataFrame, least: float = 3.0, most: float = 11.0) -> list[float]:
    """Relative column widths for a printed table: each column's longest text in ems
    (``briefing.map_labels.text_width``), kept within [least, most] so a long cell wraps
    instead of squeezing the others, but never narrower than its longest word (a number or
    code is never cut: '117.0|0'); a header counts by its longest word, it may wrap."""
    from briefing.map_labels import text_width

    weights = []
    for name in df.columns:
        cells = [str(v) for v in df[name]]
        longest = max([text_width(v, 1.0) for v in cells] + [0.0])
        word = (
            max([text_width(w, 1.0) for v in [*cells, str(name)] for w in v.split()] + [0.0]) + 1.0
        )  # + the cell's padding
        weights.append(max(min(max(longest, least), most), min(word, most)))
    return weights


def reading_schedule(row: dict, lang: str) -> str:
    """'read daily at 06:00' / 'read every 12 h' for a station that is not telemetry, else ''
    (a snapshot or situation row: ``cadence``, ``cadence_time``, ``cadence_interval_s``)."""
    cadence, at, interval = row.get("cadence"), row.get("cadence_time"), row.get("cadence_interval_s")
    if cadence == "daily" and isinstance(at, str):
        return t("water.cadence.daily", lang, time=at)
    if cadence == "scheduled" and interval is not None and not pd.isna(interval):
        return t("water.cadence.scheduled", lang, hours=format_number(float(interval) / 3600.0, 0))
    return ""


def _level(row: dict, lang: str) -> str:
    """The level, with the reading schedule beside it when the station is not telemetry."""
    level, schedule = format_number(row["level_msl"], 2), reading_schedule(row, lang)
    return f"{level} ({schedule})" if schedule and level != "–" else level


def stations_table(snapshot: dict, lang: str, key_only: bool = False) -> pd.DataFrame:
    """Key stations first, then (unless ``key_only``) stations with a reading; up to
    MAX_STATION_ROWS. ``attrs["classes"]`` holds each row's situation class code."""
    df = stations_frame(snapshot)
    df = df[df["is_key"] | (df["level_msl"].notna() & (not key_only))].head(MAX_STATION_ROWS)
    rows = []
    for r in df.to_dict("records"):
        cls = r["situation_class"] or "unknown"
        trend = r["trend"] if r["trend"] in ("rising", "steady", "falling") else "unknown"
        observed = format_datetime(_iso(r["observed_at"]), lang)
        rows.append(
            {
                _h("station", lang): r["station_code"],
                _h("name", lang): station_name(r, lang, snapshot.get("province_code", "")),
                _h("level", lang): _level(r, lang),
                _h("bank", lang): format_number(r["bank_msl"], 2),
                _h("below_bank", lang): format_number(r["below_bank_m"], 2),
                _h("class", lang): t(f"water.class.{cls}", lang),
                _h("trend", lang): t(f"water.trend.{trend}", lang),
                _h("forecast", lang): format_number(r["forecast_peak_m3s"], 0),
                _h("observed", lang): observed
                + (f" ({t('briefing.status.stale', lang)})" if r["stale"] and r["observed_at"] is not pd.NaT else ""),
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["classes"] = [c or "unknown" for c in df["situation_class"]]
    return out


def impact_table(snapshot: dict, lang: str) -> pd.DataFrame:
    """Affected districts (most people first) and a province total row; change in people
    since each district's previous report."""
    df = districts_frame(snapshot)
    if df.empty or not df["report_time"].notna().any():
        return pd.DataFrame()
    hit = df[df["report_time"].notna()].copy()
    hit["_people"] = hit["affected_people"].fillna(0)
    hit = hit.sort_values("_people", ascending=False)
    fields = (
        ("villages", "affected_villages"),
        ("households", "affected_households"),
        ("people", "affected_people"),
        ("evacuees", "evacuated_people"),
    )
    rows = []
    for r in hit.to_dict("records"):
        change = (
            None
            if r["previous_people"] is None or pd.isna(r["previous_people"])
            else r["affected_people"] - r["previous_people"]
        )
        rows.append(
            {
                _h("district", lang): _name(r, lang),
                **{_h(k, lang): format_number(r[f]) for k, f in fields},
                _h("change_people", lang): "–" if change is None else f"{change:+,.0f}",
            }
        )
    total_change = [
        r["affected_people"] - r["previous_people"]
        for r in hit.to_dict("records")
        if r["previous_people"] is not None and not pd.isna(r["previous_people"])
    ]
    rows.append(
        {
            _h("district", lang): t("briefing.total", lang),
            **{_h(k, lang): format_number(hit[f].fillna(0).sum()) for k, f in fields},
            _h("change_people", lang): f"{sum(total_change):+,.0f}" if total_change else "–",
        }
    )
    return pd.DataFrame(rows)


def progress_table(snapshot: dict, lang: str) -> pd.DataFrame:
    """Districts of the open checklist event: done, total, %, overdue (most overdue first)."""
    event = snapshot.get("checklist")
    df = districts_frame(snapshot)
    if event is None or df.empty:
        return pd.DataFrame()
    df = df[df["items_total"].notna()].sort_values(["overdue", "pct_done"], ascending=[False, True])
    records = df.to_dict("records")
    whole = event.get("province")
    if whole and whole.get("items_total"):
        records.insert(
            0,
            {
                "name_th": t("checklists.province_wide", "th", province=snapshot["province_th"]),
                "name_en": t("checklists.province_wide", "en", province=snapshot["province_en"]),
                "items_done": whole["items_done"],
                "items_total": whole["items_total"],
                "overdue": len(whole["overdue_items"]),
                "pct_done": round(100 * whole["items_done"] / whole["items_total"]),
            },
        )
    return pd.DataFrame(
        [
            {
                _h("district", lang): _name(r, lang),
                _h("done", lang): format_number(r["items_done"]),
                _h("total", lang): format_number(r["items_total"]),
                _h("pct", lang): format_number(r["pct_done"]),
                _h("overdue", lang): format_number(r["overdue"]),
            }
            for r in records
        ]
    )


def _value(measure: str, value, lang: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if measure == "class":
        return t(f"water.class.{value}", lang)
    if measure == "forecast_crossing":
        return format_date(date.fromisoformat(str(value)), lang)
    if measure == "declaration":
        return format_datetime(datetime.fromisoformat(str(value)).replace(tzinfo=timezone(timedelta(hours=7))), lang)[
            :-6
        ]
    return format_number(value, 2 if measure in ("level", "release_jump") else 0)


def changes_table(changes: pd.DataFrame, lang: str, limit: int = MAX_CHANGE_ROWS) -> pd.DataFrame:
    """The ranked changes (``domain.changes.compare_snapshots``) for display."""
    if changes is None or changes.empty:
        return pd.DataFrame()
    rows = []
    for r in changes.head(limit).to_dict("records"):
        subject = f"{r['code']} {(r['name_th'] if lang == 'th' else r['name_en']) or r['name_th'] or ''}".strip()
        if r["measure"] == "class":
            change = f"{r['change']:+d}"
        elif r["measure"] == "declaration":
            change = "●"
        elif r["measure"] == "forecast_crossing":
            change = t("briefing.change_days", lang, n=int(r["change"]))
        else:
            change = f"{r['change']:+,.{2 if r['measure'] in ('level', 'release_jump') else 0}f}"
        rows.append(
            {
                _h("subject", lang): subject,
                _h("measure", lang): t(f"briefing.measure.{r['measure']}", lang),
                _h("before", lang): _value(r["measure"], r["before"], lang),
                _h("after", lang): _value(r["measure"], r["after"], lang),
                _h("change", lang): change,
            }
        )
    return pd.DataFrame(rows)


def forecast_reason(snapshot: dict, lang: str) -> str | None:
    """Why the key stations' forecast column is all "–" (never fetched, or nothing for these
    stations); None when any key station has a forecast or there is no key station."""
    key = [s for s in snapshot.get("stations") or [] if s.get("is_key")]
    if not key or any(s.get("forecast_peak_m3s") is not None for s in key):
        return None
    entry = next((s for s in snapshot.get("sources") or [] if s["source"] == FORECAST_SOURCE), None)
    fetched = entry is not None and not entry.get("never") and entry.get("as_of")
    return t(
        "briefing.forecast.none_for_key" if fetched else "briefing.forecast.none",
        lang,
        column=_h("forecast", lang),
        source=source_name(FORECAST_SOURCE, lang),
    )


FORECAST_SOURCE = "open_meteo_flood"  # the river discharge forecast behind forecast_peak_m3s (GloFAS)


def forecast_peak_label(snapshot: dict, lang: str) -> tuple[str, bool] | None:
    """The forecast peak column's model label: '<column>: model forecast from Open-Meteo GloFAS,
    issued <time> (<age>)', aged at the snapshot's time, and whether it is stale (older than
    the level forecasts' FORECAST_STALE_AFTER, else the source's own stale flag). None when no
    key station has a peak (``forecast_reason`` then says why)."""
    issued = [
        _iso(s.get("forecast_issued_at"))
        for s in snapshot.get("stations") or []
        if s.get("is_key") and s.get("forecast_peak_m3s") is not None and s.get("forecast_issued_at")
    ]
    if not issued:
        return None
    oldest = min(i for i in issued if i is not None)
    age = _reference(snapshot, None) - oldest
    limit = next((e.get("stale_after_s") for e in snapshot.get("forecasts") or [] if e.get("stale_after_s")), None)
    entry = next((s for s in snapshot.get("sources") or [] if s["source"] == FORECAST_SOURCE), {})
    stale = age.total_seconds() > limit if limit else bool(entry.get("stale"))
    text = t(
        "briefing.forecast.peak_label",
        lang,
        column=_h("forecast", lang),
        source=source_name(FORECAST_SOURCE, lang),
        time=format_datetime(oldest, lang),
        age=format_age(age, lang),
    )
    return (t("briefing.forecast.peak_stale", lang) + text if stale else text), stale


def _reference(snapshot: dict, now: datetime | None) -> datetime:
    """Ages are measured against the snapshot's own time (a replay is judged as of then)."""
    return now or _iso(snapshot.get("taken_at")) or datetime.now(UTC)


def _source_status(s: dict) -> str:
    if s.get("never") or not s.get("as_of"):
        return "never"  # the Data sources page's words: never fetched is not stale
    if s.get("newer"):
        return "newer"
    return "stale" if s.get("stale") else ("failing" if s.get("failing") else "ok")


def sources_table(snapshot: dict, lang: str, now: datetime | None = None) -> pd.DataFrame:
    """Every source with its data time, age and status (stale / failing / current / never
    fetched / fetched after the replay time)."""
    now = _reference(snapshot, now)
    rows = []
    for s in snapshot.get("sources") or []:
        as_of = _iso(s.get("as_of"))
        status = _source_status(s)
        age = format_age(now - as_of, lang) if as_of and status != "newer" else "–"
        rows.append(
            {
                _h("source", lang): source_name(s["source"], lang),
                _h("as_of", lang): format_datetime(as_of, lang),
                t("sources.col.age", lang) if "sources.col.age" in CATALOGUE else "age": age,
                _h("status", lang): t(f"briefing.status.{status}", lang),
            }
        )
    return pd.DataFrame(rows)


def source_caption(snapshot: dict, source: str, lang: str, now: datetime | None = None) -> tuple[str, bool]:
    """('ที่มา: ThaiWater (สสน.) · ข้อมูลเมื่อ … (… ที่แล้ว)', stale) for one source of the
    snapshot, its age against the snapshot's time; a source never fetched is stale with time '–'."""
    now = _reference(snapshot, now)
    entry = next((s for s in snapshot.get("sources") or [] if s["source"] == source), None)
    as_of = _iso(entry.get("as_of")) if entry else None
    stale = True if entry is None else bool(entry.get("stale"))
    newer = bool(entry and entry.get("newer"))
    text = t(
        "fresh.caption",
        lang,
        source=source_name(source, lang),
        time=format_datetime(as_of, lang),
        age=t("briefing.status.newer", lang) if newer else format_age(now - as_of if as_of else None, lang),
    )
    return (f"⚠ {t('fresh.stale_prefix', lang)} {text}" if stale else text), stale
