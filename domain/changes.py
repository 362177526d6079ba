"""What changed between two briefing snapshots, per station and per district, ranked.

``compare_snapshots(before, after) -> DataFrame`` with one row per change:

    kind        'station' | 'district' | 'dam'
    code        station code, DOPA district code or dam code
    name_th, name_en
    measure     one of MEASURES
    before, after   the values (class names for 'class', ISO dates for 'declaration')
    change      after - before (class: steps on FLOOD_ORDER; newly_overdue: count of items
                overdue now that were not overdue before; declaration: 1; forecast_crossing:
                days the forecast bank crossing moved, negative = sooner, only when >= 1 day;
                release_jump: the dam's release today minus the day before's, million m³/day)
    score       the ranking weight (WEIGHTS x |change|), biggest first

Unchanged measures give no row. A value missing on one side (no report yet) counts as 0
for the counts, so a district's first report shows as newly affected; stations missing
on one side are skipped (nothing to compare). Pure: no IO.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pandas as pd

# Class order by flood danger (a rise in water moves right); 'unknown' is not on it.
FLOOD_ORDER = ("critically_low", "low", "normal", "high", "over_bank")
MEASURES = (
    "class",
    "level",
    "declaration",
    "newly_overdue",
    "villages",
    "households",
    "people",
    "evacuees",
    "items_done",
    "forecast_crossing",
    "release_jump",
)
DISTRICT_FIELDS = {
    "villages": "affected_villages",
    "households": "affected_households",
    "people": "affected_people",
    "evacuees": "evacuated_people",
    "items_done": "items_done",
}
# Points per unit of change. Set so that on a meeting-room list a class step (100) and a new
# declaration (150) come before a 50 cm rise (50) or 1,000 more people affected (50).
WEIGHTS = {
    "class": 100.0,
    "level": 100.0,
    "declaration": 150.0,
    "newly_overdue": 30.0,
    "villages": 5.0,
    "households": 0.2,
    "people": 0.05,
    "evacuees": 0.1,
    "items_done": 5.0,
    "forecast_crossing": 40.0,  # per day: a crossing two days earlier (80) before a 50 cm rise (50)
    "release_jump": 100.0,  # a 1 million m³/day jump ranks with a class step
}
COLUMNS = ["kind", "code", "name_th", "name_en", "measure", "before", "after", "change", "score"]


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _row(
    kind: str, code: str, names: tuple[str | None, str | None], measure: str, before: Any, after: Any, change: float
) -> dict:
    return {
        "kind": kind,
        "code": code,
        "name_th": names[0],
        "name_en": names[1],
        "measure": measure,
        "before": before,
        "after": after,
        "change": change,
        "score": round(WEIGHTS[measure] * abs(change), 6),
    }


def station_changes(before: list[dict], after: list[dict]) -> list[dict]:
    """Class steps and level changes (m) for stations present in both snapshots."""
    old = {s["station_code"]: s for s in before}
    rows = []
    for new in after:
        prev = old.get(new["station_code"])
        if prev is None:
            continue
        names = (new.get("name_th"), new.get("name_en"))
        a, b = prev.get("situation_class"), new.get("situation_class")
        if a != b and a in FLOOD_ORDER and b in FLOOD_ORDER:
            rows.append(
                _row("station", new["station_code"], names, "class", a, b, FLOOD_ORDER.index(b) - FLOOD_ORDER.index(a))
            )
        la, lb = _num(prev.get("level_msl")), _num(new.get("level_msl"))
        if la is not None and lb is not None and round(lb - la, 3) != 0:
            rows.append(_row("station", new["station_code"], names, "level", la, lb, round(lb - la, 3)))
    return rows


def forecast_changes(before: list[dict], after: list[dict], stations: list[dict]) -> list[dict]:
    """Key stations whose forecast bank crossing (a snapshot's ``forecasts``) moved by a day or more."""
    old = {f["station_code"]: f for f in before}
    names = {s["station_code"]: (s.get("name_th"), s.get("name_en")) for s in stations}
    rows = []
    for new in after:
        a, b = (old.get(new["station_code"]) or {}).get("crossing_date"), new.get("crossing_date")
        if not a or not b:
            continue
        days = (date.fromisoformat(b) - date.fromisoformat(a)).days
        if abs(days) >= 1:
            code = new["station_code"]
            rows.append(_row("station", code, names.get(code, (None, None)), "forecast_crossing", a, b, days))
    return rows


def district_changes(before: list[dict], after: list[dict]) -> list[dict]:
    """Newly affected villages/households/people, evacuees, items done, newly overdue items
    and new declarations for every district of ``after``."""
    old = {d["district_code"]: d for d in before}
    rows = []
    for new in after:
        code = new["district_code"]
        prev = old.get(code, {})
        names = (new.get("name_th"), new.get("name_en"))
        if new.get("declared_zone_date") and not prev.get("declared_zone_date"):
            rows.append(_row("district", code, names, "declaration", None, new["declared_zone_date"], 1))
        fresh = sorted(set(new.get("overdue_items") or []) - set(prev.get("overdue_items") or []))
        if fresh:
            rows.append(
                _row(
                    "district",
                    code,
                    names,
                    "newly_overdue",
                    len(prev.get("overdue_items") or []),
                    len(new.get("overdue_items") or []),
                    len(fresh),
                )
            )
        for measure, field in DISTRICT_FIELDS.items():
            a, b = _num(prev.get(field)), _num(new.get(field))
            if b is None and a is None:
                continue
            a, b = a or 0.0, b or 0.0
            if b != a:
                rows.append(_row("district", code, names, measure, a, b, b - a))
    return rows


def dam_changes(before: list[dict], after: list[dict]) -> list[dict]:
    """A release jump (``domain.dams.is_release_jump``, flagged in the snapshot's ``dams``) of
    a fresh report that the earlier snapshot did not already show (same dam, same report date)."""
    seen = {(d.get("dam_id"), d.get("data_date")) for d in before if d.get("release_jump")}
    rows = []
    for new in after:
        if not new.get("release_jump") or new.get("stale") or (new.get("dam_id"), new.get("data_date")) in seen:
            continue
        a, b = _num(new.get("previous_released_mcm")), _num(new.get("released_mcm"))
        if a is None or b is None:
            continue
        names = (new.get("name_th"), new.get("name_en"))
        rows.append(
            _row("dam", str(new.get("dam_code") or new.get("dam_id")), names, "release_jump", a, b, round(b - a, 3))
        )
    return rows


def _province_items(snapshot: dict) -> list[dict]:
    """Province-wide checklist items as one more 'district' under the province code."""
    entry = (snapshot.get("checklist") or {}).get("province")
    if not entry:
        return []
    return [
        {
            "district_code": snapshot.get("province_code"),
            "name_th": snapshot.get("province_th"),
            "name_en": snapshot.get("province_en"),
            **entry,
        }
    ]


def compare_snapshots(before: dict, after: dict) -> pd.DataFrame:
    """Every change from ``before`` to ``after`` (two ``briefing.snapshot`` dicts), biggest
    score first; ties by kind, code and measure order so the list is stable."""
    if before.get("province_code") != after.get("province_code"):
        raise ValueError(
            f"cannot compare province {before.get('province_code')!r} with {after.get('province_code')!r}; "
            "choose a briefing of the same province"
        )
    rows = station_changes(before.get("stations") or [], after.get("stations") or [])
    rows += district_changes(before.get("districts") or [], after.get("districts") or [])
    rows += district_changes(_province_items(before), _province_items(after))
    rows += forecast_changes(before.get("forecasts") or [], after.get("forecasts") or [], after.get("stations") or [])
    rows += dam_changes(before.get("dams") or [], after.get("dams") or [])
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame
    frame["_m"] = frame["measure"].map(MEASURES.index)
    frame = frame.sort_values(["score", "kind", "code", "_m"], ascending=[False, False, True, True], kind="mergesort")
    return frame.drop(columns="_m").reset_index(drop=True)


def is_worsening(row: dict | pd.Series) -> bool:
    """True when a change makes things worse (water up a class, more people affected,
    a new declaration or overdue item); items done going up is good news."""
    if row["measure"] == "items_done":
        return False
    if row["measure"] == "forecast_crossing":  # the bank crossed sooner is worse
        return float(row["change"]) < 0
    return float(row["change"]) > 0
