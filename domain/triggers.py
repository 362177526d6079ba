"""River triggers: does a checklist item's condition hold on the water situation?

Pure functions on the table ``store.water_situation.latest_situation`` returns (one row per
station: station_code, name_th, name_en, level_msl, bank_msl, trend_3h_cm_h,
observed_at (UTC), stale, ...). A stale or missing reading never fires a trigger.

A trigger fires when the level has reached the threshold (``level_msl``, or the bank
minus ``within_bank_m``), or, with ``forecast_h``, when the rising 3-hour trend
extrapolated linearly would reach it within ``forecast_h`` hours, or, with ``model_forecast_h``,
when the model level forecast (the situation's ``level_forecast`` column) crosses it in time.

A dam trigger (``Trigger.dam``) is evaluated on the table of dam release jumps
(``domain.dams.release_jumps``; no ``station_code`` column, so river triggers never fire on
it and dam triggers never fire on the river table): its ``Firing`` has kind 'dam_release_jump',
the dam in ``station_*``, today's and yesterday's release (million m³/day) in ``level_msl`` and
``threshold_msl``, and the report time in ``observed_at``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from domain.checklist_templates import Trigger
from domain.dams import dam_key
from domain.forecast_triggers import COLUMN as LEVEL_FORECAST
from domain.forecast_triggers import forecast_crossing
from i18n import t
from i18n.timefmt import format_date, format_datetime


@dataclass(frozen=True)
class Firing:
    """Why a trigger fired: which station, what value at what time, against what threshold.
    ``kind`` is 'level' (already there) or 'forecast' (``eta_h`` hours away at ``trend_cm_h``)."""

    station_code: str
    station_name_th: str
    station_name_en: str
    kind: str
    level_msl: float
    threshold_msl: float
    bank_msl: float | None
    observed_at: str  # ISO 8601, UTC
    trend_cm_h: float | None = None
    eta_h: float | None = None
    # kind 'model_forecast' (domain.forecast_triggers): the forecast that fired it
    forecast_issued_at: str | None = None
    crossing_date: str | None = None
    forecast_level_msl: float | None = None
    forecast_crest_msl: float | None = None
    forecast_method: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _code(value: object) -> str:
    return str(value).strip().upper().replace(" ", "")


def station_reading(situation: pd.DataFrame, station: str) -> pd.Series | None:
    """The freshest usable (not stale, with a level) row of ``station``, or None."""
    if situation.empty or "station_code" not in situation:
        return None
    rows = situation[situation["station_code"].map(_code) == _code(station)]
    rows = rows[~rows["stale"].fillna(True).astype(bool) & rows["level_msl"].notna() & rows["observed_at"].notna()]
    if rows.empty:
        return None
    return rows.sort_values("observed_at").iloc[-1]


def threshold_msl(trigger: Trigger, row: pd.Series) -> tuple[float | None, float | None]:
    """(threshold, bank used) in m MSL; threshold None when the bank is unknown."""
    if trigger.level_msl is not None:
        bank = trigger.bank_msl if trigger.bank_msl is not None else _float(row.get("bank_msl"))
        return trigger.level_msl, bank
    bank = trigger.bank_msl if trigger.bank_msl is not None else _float(row.get("bank_msl"))
    if bank is None:
        return None, None
    return bank - (trigger.within_bank_m or 0.0), bank


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _dam_matches(trigger_dam: str, row: dict) -> bool:
    wanted = dam_key(trigger_dam)
    names = (row.get("dam_id"), row.get("dam_code"), row.get("name_th"), row.get("name_en"))
    return wanted == "*" or any(wanted == dam_key(n) for n in names)


def evaluate_dam_trigger(trigger: Trigger, jumps: pd.DataFrame) -> Firing | None:
    """A ``Firing`` for the biggest fresh release jump of the trigger's dam (or of any dam for
    ``dam = "*"``) in ``jumps`` (rows of ``domain.dams.release_jumps``), else None."""
    if trigger.dam is None or jumps.empty or "release_jump" not in jumps:
        return None
    rows = [r for r in jumps.to_dict("records") if r.get("release_jump") and not r.get("stale")]
    rows = [r for r in rows if _dam_matches(trigger.dam, r)]
    if not rows:
        return None
    row = max(rows, key=lambda r: float(r["released_mcm"]) - float(r["previous_released_mcm"]))
    return Firing(
        station_code=str(row.get("dam_code") or row.get("dam_id") or ""),
        station_name_th=str(row.get("name_th") or ""),
        station_name_en=str(row.get("name_en") or ""),
        kind="dam_release_jump",
        level_msl=round(float(row["released_mcm"]), 2),
        threshold_msl=round(float(row["previous_released_mcm"]), 2),
        bank_msl=None,
        observed_at=pd.Timestamp(row["as_of"]).tz_convert("UTC").isoformat(),
    )


def evaluate_trigger(trigger: Trigger, situation: pd.DataFrame) -> Firing | None:
    """A ``Firing`` if the condition holds on ``situation``, else None."""
    if trigger.dam is not None:
        return evaluate_dam_trigger(trigger, situation)
    row = station_reading(situation, trigger.station)
    if row is None:
        return None
    level = float(row["level_msl"])
    threshold, bank = threshold_msl(trigger, row)
    if threshold is None:
        return None
    observed = pd.Timestamp(row["observed_at"]).tz_convert("UTC").isoformat()
    base: dict[str, Any] = dict(
        station_code=str(row["station_code"]),
        station_name_th=str(row.get("name_th") or ""),
        station_name_en=str(row.get("name_en") or ""),
        level_msl=round(level, 2),
        threshold_msl=round(threshold, 2),
        bank_msl=bank,
        observed_at=observed,
    )
    trend = _float(row.get("trend_3h_cm_h"))
    if level >= threshold:
        return Firing(kind="level", trend_cm_h=trend, **base)
    if trigger.forecast_h and trend is not None and trend > 0:
        eta_h = (threshold - level) * 100.0 / trend
        if eta_h <= trigger.forecast_h:
            return Firing(kind="forecast", trend_cm_h=trend, eta_h=round(eta_h, 1), **base)
    if trigger.model_forecast_h:
        crossing = forecast_crossing(row.get(LEVEL_FORECAST), threshold, trigger.model_forecast_h)
        if crossing is not None:
            return Firing(kind="model_forecast", trend_cm_h=trend, **crossing, **base)
    return None


def evaluate_items(items: pd.DataFrame, situation: pd.DataFrame) -> dict[int, Firing]:
    """For items (columns id, trigger (a ``Trigger`` or None), triggered_at, state) not yet
    triggered and still open: item id -> ``Firing`` for those whose condition holds."""
    fired: dict[int, Firing] = {}
    row: Any  # pandas-stubs types an itertuples() field as the union of every scalar
    for row in items.itertuples(index=False):
        if row.trigger is None or (row.triggered_at is not None and not pd.isna(row.triggered_at)):
            continue
        if row.state in ("done", "not_applicable"):
            continue
        firing = evaluate_trigger(row.trigger, situation)
        if firing is not None:
            fired[int(row.id)] = firing
    return fired


def describe(firing: Firing, lang: str) -> str:
    """One line saying why, e.g. 'M.7 111.62 m MSL at 2026-11-25T10:00+00:00 ≥ 111.50 (bank 112.00 − 0.50)'."""
    name = firing.station_name_th if lang == "th" else (firing.station_name_en or firing.station_name_th)
    values = dict(
        code=firing.station_code, name=name, level=f"{firing.level_msl:.2f}", threshold=f"{firing.threshold_msl:.2f}"
    )
    if firing.kind == "level":
        return t("triggers.level", lang, **values)
    if firing.kind == "dam_release_jump":
        return t("triggers.dam_release_jump", lang, name=name, today=values["level"], yesterday=values["threshold"])
    if firing.kind == "model_forecast":
        issued = (
            format_datetime(datetime.fromisoformat(firing.forecast_issued_at), lang)
            if firing.forecast_issued_at
            else "–"
        )
        day = format_date(date.fromisoformat(firing.crossing_date), lang) if firing.crossing_date else "–"
        crest = firing.forecast_crest_msl if firing.forecast_crest_msl is not None else firing.forecast_level_msl
        return t("triggers.model_forecast", lang, issued=issued, date=day, **{**values, "level": f"{crest:.2f}"})
    return t("triggers.rising", lang, trend=f"{firing.trend_cm_h:.1f}", eta=f"{firing.eta_h:.0f}", **values)
