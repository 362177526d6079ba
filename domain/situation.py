"""River station situation: % of channel capacity, HII's classes and colours, trends.

HII (สสน.) classifies a water level by the percent of channel capacity

    pct = (level - ground) / (bank - ground) * 100          (all m MSL)

    pct <= 10   critically_low   น้ำน้อยวิกฤติ   #990000
    pct >  10   low              น้ำน้อย        #FFC000
    pct >  30   normal           น้ำปกติ        #00B050
    pct >  70   high             น้ำมาก         #003CFA
    pct > 100   over_bank        น้ำล้นตลิ่ง     #FF0000

(the ``scale`` table inside every ``waterlevel_load`` reply). ``unknown`` is ours: no
level, no bank, or a reading too old to stand for now (then ``stale`` says so); without a
ground level a level above the bank is still over the bank (see ``assess_stations``).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from domain.flags import coded_flag, join_flags, parse_flag, split_flags

CLASSES = ("critically_low", "low", "normal", "high", "over_bank", "unknown")
# Lower bounds (exclusive) of each class on % capacity, highest first, as HII's scale.
_SCALE = ((100.0, "over_bank"), (70.0, "high"), (30.0, "normal"), (10.0, "low"))
HII_COLOURS = {
    "over_bank": "#FF0000",
    "high": "#003CFA",
    "normal": "#00B050",
    "low": "#FFC000",
    "critically_low": "#990000",
    "unknown": "#9E9E9E",
}
# Order for sorting "worst first" (over bank at the top).
SEVERITY = {"over_bank": 0, "high": 1, "normal": 3, "low": 4, "critically_low": 2, "unknown": 5}
TRENDS = ("rising", "steady", "falling", "unknown")
TREND_MARKS = {"rising": "▲", "steady": "■", "falling": "▼", "unknown": "?"}
STEADY_CM_H = 1.0  # |trend| at or under this many cm/h counts as steady


def _isnan(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def classify_capacity(pct: float | None) -> str:
    """HII class of a percent of channel capacity; 'unknown' for None/NaN.

    Edges belong to the lower class: 10 -> critically_low, 30 -> low, 70 -> normal,
    100 -> high (HII's operators are '>' for every class but the lowest, '<=10')."""
    if pct is None or _isnan(pct):
        return "unknown"
    pct = float(pct)
    for bound, name in _SCALE:
        if pct > bound:
            return name
    return "critically_low"


def percent_capacity(level: Any, ground: Any, bank: Any) -> Any:  # scalars give a float, columns a Series
    """(level - ground) / (bank - ground) * 100; NaN when an input is missing or
    the bank is not above the ground. Scalars give a float; Series give a Series."""
    if any(isinstance(x, (pd.Series, np.ndarray, list)) for x in (level, ground, bank)):
        index = next((x.index for x in (level, ground, bank) if isinstance(x, pd.Series)), None)
        lv, gr, bk = (
            np.asarray(pd.to_numeric(pd.Series(x) if np.ndim(x) != 0 else x, errors="coerce"), dtype="float64")
            for x in (level, ground, bank)
        )
        depth = bk - gr
        with np.errstate(invalid="ignore", divide="ignore"):
            pct = np.where(depth > 0, (lv - gr) / np.where(depth > 0, depth, 1.0) * 100.0, np.nan)
        return pd.Series(pct, index=index, dtype="float64")
    values = [float("nan") if _isnan(x) else float(x) for x in (level, ground, bank)]
    lv, gr, bk = values  # type: ignore[assignment]  # the names held arrays in the branch above; floats here
    if any(math.isnan(v) for v in values) or bk - gr <= 0:
        return float("nan")
    return (lv - gr) / (bk - gr) * 100.0


def trend_cm_per_h(series: pd.Series, hours: float, tolerance: float = 0.5) -> float:
    """Rate of change of a level series (m, indexed by aware datetimes) in cm/h over
    the last ``hours``: from the reading nearest to (last time - hours) to the last one.

    NaN when there are fewer than two readings or the earlier reading is further than
    ``tolerance`` × ``hours`` from the wanted time (a gap is not a trend)."""
    s = series.dropna()
    seconds = (pd.DatetimeIndex(s.index).as_unit("s").asi8).astype("float64") if len(s) else np.empty(0)
    return _trend(seconds, s.to_numpy(dtype="float64"), hours, tolerance)


def _trend(seconds: np.ndarray, levels: np.ndarray, hours: float, tolerance: float = 0.5) -> float:
    """``trend_cm_per_h`` on arrays (epoch seconds, metres), NaN levels already removed."""
    if len(seconds) < 2:
        return float("nan")
    order = np.argsort(seconds, kind="stable")
    seconds, levels = seconds[order], levels[order]
    last_t = seconds[-1]
    earlier = seconds < last_t
    if not earlier.any():
        return float("nan")
    wanted = last_t - hours * 3600.0
    candidates = np.flatnonzero(earlier)
    pos = candidates[np.abs(seconds[candidates] - wanted).argmin()]
    if abs(seconds[pos] - wanted) > tolerance * hours * 3600:
        return float("nan")
    return float((levels[-1] - levels[pos]) * 100.0 / ((last_t - seconds[pos]) / 3600.0))


def trend_mark(cm_per_h: float | None, steady: float = STEADY_CM_H) -> str:
    """'rising', 'steady', 'falling' or 'unknown' (no trend)."""
    if cm_per_h is None or _isnan(cm_per_h):
        return "unknown"
    if cm_per_h > steady:
        return "rising"
    if cm_per_h < -steady:
        return "falling"
    return "steady"


def assess_stations(
    latest: pd.DataFrame, history: pd.DataFrame, at: datetime, stale_after_s: float | ArrayLike
) -> pd.DataFrame:
    """The situation table from each station's latest reading at ``at`` and its recent history.

    ``latest``: one row per station with station_id, level_msl, bank_msl, ground_msl,
    observed_at (aware UTC or NaT), flags (str), watch_level_msl.
    ``history``: station_id, observed_at, level_msl (the readings before ``at``, ~25 h).
    ``stale_after_s``: seconds, one for all or one per row (``domain.freshness.station_cadence``).
    Adds pct_capacity, reading_class, situation_class (``unknown`` when stale), below_bank_m,
    trend_3h_cm_h, trend_24h_cm_h, trend, age_s, stale, and appends reasons to flags.

    Without a ground level the % of capacity is unknown, yet a level above the bank is over
    the bank and one above the watch level (nearer the bank than 70 % wherever it is set)
    is high: those are said; any other unclassified reading gets a flag saying why."""
    out = latest.copy()
    pct = percent_capacity(out["level_msl"], out["ground_msl"], out["bank_msl"])
    out["pct_capacity"] = pct
    level = pd.to_numeric(out["level_msl"], errors="coerce").to_numpy(dtype="float64")
    bank = pd.to_numeric(out["bank_msl"], errors="coerce").to_numpy(dtype="float64")
    watch = pd.to_numeric(out.get("watch_level_msl", pd.Series(np.nan, index=out.index)), errors="coerce").to_numpy(
        dtype="float64"
    )
    out["below_bank_m"] = (bank - level).astype("float64")
    reading_class = classify_capacities(pct.to_numpy())
    no_pct = reading_class == "unknown"
    with np.errstate(invalid="ignore"):
        reading_class = np.where(
            no_pct & (level > bank), "over_bank", np.where(no_pct & (level > watch), "high", reading_class)
        ).astype(object)
    out["reading_class"] = reading_class
    observed = pd.to_datetime(out["observed_at"], utc=True)
    age = (pd.Timestamp(at) - observed).dt.total_seconds().to_numpy(dtype="float64")
    limit = np.broadcast_to(np.asarray(stale_after_s, dtype="float64"), age.shape)
    stale = ~(age <= limit)
    out["age_s"] = age
    out["stale"] = stale
    t3, t24 = _station_trends(out["station_id"], history, stale)
    out["trend_3h_cm_h"] = t3
    out["trend_24h_cm_h"] = t24
    out["trend"] = trend_marks(t3)
    out["situation_class"] = np.where(stale, "unknown", reading_class).astype(object)
    missing = observed.isna().to_numpy()
    why = _unclassified_reasons(out, level, bank)
    flags = []
    for text, is_missing, is_stale, age_s, cls, reason in zip(
        out["flags"].tolist(), missing, stale, age, reading_class, why, strict=True
    ):
        reasons = split_flags(text)
        if is_missing:
            reasons.append(coded_flag("no_reading"))
        elif is_stale:
            reasons.append(coded_flag("stale", hours=f"{age_s / 3600:.1f}", was=cls))
        if (
            reason
            and not is_missing
            and not any(parse_flag(r)[0] == _SAID_BY_PARSER[str(parse_flag(reason)[0])] for r in reasons)
        ):
            reasons.append(reason)
        flags.append(join_flags(*dict.fromkeys(reasons)))
    out["flags"] = flags
    return out


# The parser's own words for a missing bank or ground already say why no class was computed.
_SAID_BY_PARSER = {"no_class_bank": "no_bank", "no_class_ground": "no_ground", "no_class_depth": ""}  # "" is no code


def _unclassified_reasons(df: pd.DataFrame, level: np.ndarray, bank: np.ndarray) -> list[str | None]:
    """Why a reading with a level got no % capacity class (a coded flag), or None."""
    ground = pd.to_numeric(df["ground_msl"], errors="coerce").to_numpy(dtype="float64")
    out: list[str | None] = []
    for lv, bk, gr, pct in zip(level, bank, ground, df["pct_capacity"].to_numpy(dtype="float64"), strict=True):
        if math.isnan(lv) or not math.isnan(pct):
            out.append(None)
        elif math.isnan(bk):
            out.append(coded_flag("no_class_bank"))
        elif math.isnan(gr):
            out.append(coded_flag("no_class_ground", below=f"{bk - lv:.2f}"))
        else:
            out.append(coded_flag("no_class_depth", ground=f"{gr:.2f}", bank=f"{bk:.2f}"))
    return out


def classify_capacities(pct: ArrayLike) -> np.ndarray:
    """``classify_capacity`` over an array of % capacity (NaN -> 'unknown'), as object strings."""
    pct = np.asarray(pct, dtype="float64")
    with np.errstate(invalid="ignore"):
        conditions = [np.isnan(pct)] + [pct > bound for bound, _ in _SCALE]
    return np.select(conditions, ["unknown"] + [name for _, name in _SCALE], default="critically_low").astype(object)


def trend_marks(cm_per_h: ArrayLike, steady: float = STEADY_CM_H) -> np.ndarray:
    """``trend_mark`` over an array of cm/h (NaN -> 'unknown'), as object strings."""
    values = np.asarray(cm_per_h, dtype="float64")
    with np.errstate(invalid="ignore"):
        conditions = [np.isnan(values), values > steady, values < -steady]
    return np.select(conditions, ["unknown", "rising", "falling"], default="steady").astype(object)


def _station_trends(station_ids: pd.Series, history: pd.DataFrame, stale: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """3 h and 24 h trends (cm/h) of each station from its history; NaN when stale."""
    n = len(station_ids)
    t3, t24 = np.full(n, np.nan), np.full(n, np.nan)
    if not len(history) or not n:
        return t3, t24
    h = history[history["level_msl"].notna()]
    if not len(h):
        return t3, t24
    secs = pd.DatetimeIndex(pd.to_datetime(h["observed_at"], utc=True)).as_unit("s").asi8.astype("float64")
    levels = h["level_msl"].to_numpy(dtype="float64")
    codes, uniques = pd.factorize(h["station_id"].to_numpy())
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    where = {sid: i for i, sid in enumerate(uniques)}
    for row, sid in enumerate(station_ids.tolist()):
        g = where.get(sid)
        if g is None or stale[row]:
            continue
        idx = order[bounds[g] : bounds[g + 1]]
        t3[row] = _trend(secs[idx], levels[idx], 3)
        t24[row] = _trend(secs[idx], levels[idx], 24)
    return t3, t24


EXPORT_COLUMNS = {
    "station_code": "station_code",
    "name_th": "name_th",
    "name_en": "name_en",
    "level_msl": "level_m_msl",
    "bank_msl": "bank_m_msl",
    "pct_capacity": "pct_capacity",
    "situation_class": "class",
    "trend_3h_cm_h": "trend_cm_h",
    "trend": "trend",
    "observed_at": "observed_at_utc",
    "age_s": "age_s",
    "stale": "stale",
    "flags": "flags",
    "cadence": "cadence",
    "cadence_time": "cadence_time_bangkok",
}


def export_table(df: pd.DataFrame) -> pd.DataFrame:
    """The situation table for CSV (scripts, checks, downloads): fixed English column
    names, metres to 2 decimals, % and cm/h to 1, ISO UTC times, age in whole seconds."""
    out = df.reindex(columns=list(EXPORT_COLUMNS)).rename(columns=EXPORT_COLUMNS)  # cadence: absent from older frames
    for col, digits in (("level_m_msl", 2), ("bank_m_msl", 2), ("pct_capacity", 1), ("trend_cm_h", 1), ("age_s", 0)):
        out[col] = out[col].astype("float64").round(digits)
    out["observed_at_utc"] = pd.to_datetime(out["observed_at_utc"], utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return out
