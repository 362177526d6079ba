"""The level forecast of one station (issue 18), from inputs already read from the store. Pure.

Method ``glofas_rating``:

1. Bias correction. ``r`` = (mean observed discharge) / (mean modelled discharge) over the
   days both exist among the ``BIAS_DAYS`` days up to the anchor day (ratio of means, so one
   low day cannot blow it up), clipped to ``RATIO_LIMITS``; 1 when no such day exists. At lead
   ``L`` days the model's median, p25 and p75 are multiplied by ``1 + (r − 1)·exp(−L / DECAY_DAYS)``:
   the correction fades toward 1 with an e-folding time of ``DECAY_DAYS`` = 10 days (90 % of it left
   at 1 day, 61 % at 5, 37 % at 10): a ratio learnt on the last week's flow says less about the
   week after. The 10 days are a choice, not learnt: a model's bias at a station is partly
   systematic (a long decay keeps it) and partly the event's (a short one forgets it).
2. Through the rating: the corrected median gives the level, p25 the low edge, p75 the high one
   (``Rating.level_for``; outside the rating's fitted levels the row is ``extrapolated``).
3. Anchor on the last observation: the difference between the observed level and the level the
   corrected model gives on the anchor day (lead 0) is added to every day, fading with the same
   ``exp(−L / DECAY_DAYS)`` (a rating shifted by backwater is not carried to day 10 unchanged).
4. Gaps: the days after the anchor day must follow each other with a median; the days from the
   first missing (or empty) day on are dropped (a stored negative or non-finite discharge counts
   as missing: it is never turned into a level), and when that leaves no day the forecast is refused
   with ``gappy_model_forecast``.
5. Each day is classed with the station's thresholds as ``domain.situation`` classes a reading.

Method ``upstream_lag`` (``travel_time`` and ``upstream_estimate``): with at least ``MIN_SHARED_DAYS``
days of daily mean levels at both, the day-to-day changes at the station are correlated with the
changes at an upstream key station ``k`` days earlier, ``k`` = 1…``MAX_LAG_DAYS``; the lag with the
highest correlation (at least ``MIN_CORRELATION``) is the travel time, ``beta`` the least-squares
gain of those changes. For the next ``k`` days the station's level is its last observation plus
``beta`` times the upstream changes already seen; the band is ± the residual spread × √days.
Changes, not levels, are correlated: two rivers that both rise all season correlate at every lag.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from domain.level_forecast import FORECAST_COLUMNS, LevelForecast
from domain.rating import Rating
from domain.situation import classify_capacities

BIAS_DAYS = 7
RATIO_LIMITS = (1 / 3, 3.0)
DECAY_DAYS = 10.0
HORIZON_DAYS = 15
MIN_SHARED_DAYS = 30
MAX_LAG_DAYS = 7
MIN_CORRELATION = 0.5


@dataclass(frozen=True)
class ForecastInputs:
    """What ``build_forecast`` needs; ``services.forecast`` reads it from the store."""

    station_code: str
    rating: Rating | None
    model: pd.DataFrame  # one GloFAS run: date, discharge, discharge_median, p25, p75, issued_at
    model_past: pd.DataFrame  # date, model_discharge (the days up to the anchor)
    observed: pd.DataFrame  # date, level_msl, discharge (Bangkok-day means of the station)
    anchor_at: datetime | None
    anchor_level: float | None
    bank_msl: float | None = None
    ground_msl: float | None = None
    watch_msl: float | None = None
    upstream: dict[str, pd.DataFrame] = field(default_factory=dict)  # code -> date, level_msl
    has_coordinates: bool = True
    observation_source: str = "thaiwater"  # the anchor reading's source (SYNTHETIC in bench data)
    stale_reading_at: datetime | None = None  # UTC: the last reading, when too old to anchor on
    stale_reading_level: float | None = None


@dataclass(frozen=True)
class TravelTime:
    upstream_code: str
    lag_days: int
    correlation: float
    beta: float
    sigma_m: float  # residual spread of a day's change, m
    shared_days: int


def bias_ratio(observed: pd.DataFrame, model_past: pd.DataFrame, anchor_day: date) -> float:
    """``r`` of step 1 (see the module docstring)."""
    if observed.empty or model_past.empty:
        return 1.0
    first = anchor_day - timedelta(days=BIAS_DAYS - 1)
    model = dict(zip(model_past["date"], model_past["model_discharge"].astype(float), strict=True))
    pairs = [
        (q, model[d])
        for d, q in zip(observed["date"], observed["discharge"].astype(float), strict=True)
        if first <= d <= anchor_day and d in model and math.isfinite(q) and math.isfinite(model[d]) and model[d] > 0
    ]
    if not pairs:
        return 1.0
    obs, mod = np.array(pairs).T
    ratio = float(obs.mean() / mod.mean())
    return float(np.clip(ratio, *RATIO_LIMITS)) if math.isfinite(ratio) else 1.0


def decay(lead_days: np.ndarray | float) -> np.ndarray:
    """exp(−L / DECAY_DAYS): how much of the day-0 correction is left at lead L."""
    return np.exp(-np.asarray(lead_days, dtype="float64") / DECAY_DAYS)


def classify_levels(levels: np.ndarray, ground: float | None, bank: float | None, watch: float | None) -> list[str]:
    """HII class per level, as ``domain.situation.assess_stations`` classes a reading: by % of
    channel capacity, or without a ground level over_bank above the bank, high above the watch."""
    level = np.asarray(levels, dtype="float64")
    nan = float("nan")
    g, b, w = (nan if v is None else float(v) for v in (ground, bank, watch))
    # domain.situation.percent_capacity's formula, on arrays
    pct = (level - g) / (b - g) * 100.0 if b - g > 0 else np.full(level.size, np.nan)
    cls = classify_capacities(pct)
    no_pct = cls == "unknown"
    with np.errstate(invalid="ignore"):
        cls = np.where(no_pct & (level > b), "over_bank", np.where(no_pct & (level > w), "high", cls))
    return [str(c) for c in cls]


def _refused(inputs: ForecastInputs, reason: str) -> LevelForecast:
    stale = reason == "stale_observation"  # the old reading travels as the anchor, with its time, to be named
    return LevelForecast(
        station_code=inputs.station_code,
        issued_at=None,
        reason=reason,
        anchor_level_msl=inputs.stale_reading_level if stale else inputs.anchor_level,
        anchor_at=inputs.stale_reading_at if stale else inputs.anchor_at,
        bank_msl=inputs.bank_msl,
        watch_msl=inputs.watch_msl,
        rating_source=inputs.rating.source if inputs.rating else None,
        rating_range=(inputs.rating.level_min, inputs.rating.level_max) if inputs.rating else None,
    )


def anchor_day(anchor_at: datetime) -> date:
    """The Bangkok calendar day of the anchor reading."""
    return (anchor_at + timedelta(hours=7)).date()


def _usable(values: pd.Series) -> pd.Series:
    """A discharge column with what no rating can take (negative, infinite) made missing: a
    stored bad value is a gap, never a level (the parser refuses them; this is the second line)."""
    q = pd.to_numeric(values, errors="coerce").astype("float64")
    return q.where(np.isfinite(q) & (q >= 0))


def _forecast_days(model: pd.DataFrame, first_day: date, horizon: int) -> pd.DataFrame | None:
    """The model rows of the days after the anchor, cut at the first gap (a day missing, without
    a median, or with a negative or non-finite value); None when the first is missing."""
    median = _usable(model["discharge_median"]).fillna(_usable(model["discharge"])).to_numpy(dtype="float64")
    broken = np.zeros(len(model), dtype=bool)
    for column in ("discharge_median", "p25", "p75"):  # a value stored but unusable is a gap, not "no band"
        raw = pd.to_numeric(model[column], errors="coerce").astype("float64")
        broken |= (raw.notna() & _usable(raw).isna()).to_numpy()
    where = {d: i for i, d in enumerate(model["date"])}
    keep = []
    for i in range(horizon):
        row = where.get(first_day + timedelta(days=i))
        if row is None or not math.isfinite(median[row]) or broken[row]:
            break
        keep.append(row)
    if not keep:
        return None
    return model.iloc[keep].assign(median=median[keep]).reset_index(drop=True)


def build_forecast(inputs: ForecastInputs, horizon: int = HORIZON_DAYS) -> LevelForecast:
    """The ``LevelForecast`` of the module docstring; an empty one with a reason when it cannot be
    made. The reason names the first missing input in the order they are gathered: coordinates,
    a reading to anchor on (none, or too old), the model forecast, then the rating."""
    if not inputs.has_coordinates:
        return _refused(inputs, "no_coordinates")
    if inputs.anchor_at is None or inputs.anchor_level is None:
        return _refused(inputs, "stale_observation" if inputs.stale_reading_at is not None else "no_observation")
    if inputs.model.empty:
        return _refused(inputs, "no_model_forecast")
    if inputs.rating is None:
        return _refused(inputs, "no_rating")
    day0 = anchor_day(inputs.anchor_at)
    if not (inputs.model["date"] > day0).any():
        return _refused(inputs, "no_model_forecast")
    ahead = _forecast_days(inputs.model, day0 + timedelta(days=1), horizon)
    if ahead is None:
        return _refused(inputs, "gappy_model_forecast")
    rating = inputs.rating
    r = bias_ratio(inputs.observed, inputs.model_past, day0)
    leads = np.array([(d - day0).days for d in ahead["date"]], dtype="float64")
    factor = 1.0 + (r - 1.0) * decay(leads)
    offset = _anchor_offset(inputs, r, day0)
    shift = offset * decay(leads)
    mid, mid_out = rating.level_for(ahead["median"].to_numpy(dtype="float64") * factor)
    p25 = ahead["p25"].fillna(ahead["median"]).to_numpy(dtype="float64")
    p75 = ahead["p75"].fillna(ahead["median"]).to_numpy(dtype="float64")
    low, low_out = rating.level_for(p25 * factor)
    high, high_out = rating.level_for(p75 * factor)
    mid, low, high = mid + shift, low + shift, high + shift
    days = pd.DataFrame(
        {
            "date": list(ahead["date"]),
            "level_m_msl": mid,
            "low_m_msl": np.minimum(low, mid),
            "high_m_msl": np.maximum(high, mid),
            "class": classify_levels(mid, inputs.ground_msl, inputs.bank_msl, inputs.watch_msl),
            "method": "glofas_rating",
            "extrapolated": mid_out | low_out | high_out,
        }
    )
    lag = best_travel_time(inputs.observed, inputs.upstream)
    if lag is not None:
        days = pd.concat([days, upstream_estimate(inputs, lag, day0)], ignore_index=True)
    issued = pd.Timestamp(inputs.model["issued_at"].iloc[0]).to_pydatetime()
    return LevelForecast(
        station_code=inputs.station_code,
        issued_at=issued,
        days=days[list(FORECAST_COLUMNS)],
        anchor_level_msl=inputs.anchor_level,
        anchor_at=inputs.anchor_at,
        bank_msl=inputs.bank_msl,
        watch_msl=inputs.watch_msl,
        rating_source=rating.source,
        rating_range=(rating.level_min, rating.level_max),
        inputs=(
            str(inputs.model["source"].iloc[0]) if "source" in inputs.model else "open_meteo_flood",
            inputs.observation_source,
        ),
    )


def _anchor_offset(inputs: ForecastInputs, ratio: float, day0: date) -> float:
    """Observed level minus the corrected model's level on the anchor day (0 without a model value)."""
    row = inputs.model[inputs.model["date"] == day0]
    if row.empty:
        return 0.0
    q = _usable(row["discharge_median"]).fillna(_usable(row["discharge"])).iloc[0]
    if not math.isfinite(float(q)) or inputs.anchor_level is None or inputs.rating is None:
        return 0.0
    level, _ = inputs.rating.level_for([float(q) * ratio])
    return float(inputs.anchor_level - level[0])


def _daily_changes(df: pd.DataFrame) -> tuple[int, np.ndarray]:
    """(ordinal of the first day, day-to-day change of the daily level on every day from it; NaN
    where a day or the day before is missing)."""
    levels = df["level_msl"].to_numpy(dtype="float64")
    ok = np.isfinite(levels)
    if not ok.any():
        return 0, np.empty(0)
    ordinals = np.array([d.toordinal() for d in df["date"]], dtype="int64")[ok]
    first = int(ordinals.min())
    grid = np.full(int(ordinals.max()) - first + 1, np.nan)
    grid[ordinals - first] = levels[ok]
    return first, np.concatenate([[np.nan], np.diff(grid)])


def _lagged(station: tuple[int, np.ndarray], upstream: tuple[int, np.ndarray], k: int) -> tuple[np.ndarray, np.ndarray]:
    """(upstream change on day t − k, station change on day t) over the days both have."""
    (s0, ds), (u0, du) = station, upstream
    days = np.arange(s0, s0 + ds.size)
    idx = days - k - u0
    ok = (idx >= 0) & (idx < du.size)
    x, y = du[idx[ok]], ds[ok]
    both = np.isfinite(x) & np.isfinite(y)
    return x[both], y[both]


def travel_time(code: str, station: pd.DataFrame, upstream: pd.DataFrame) -> TravelTime | None:
    """The travel time from one upstream station (see the module docstring), or None."""
    return _travel_time(code, _daily_changes(station), _daily_changes(upstream))


def _travel_time(code: str, ds: tuple[int, np.ndarray], du: tuple[int, np.ndarray]) -> TravelTime | None:
    if np.isfinite(ds[1]).sum() < MIN_SHARED_DAYS or np.isfinite(du[1]).sum() < MIN_SHARED_DAYS:
        return None
    best: TravelTime | None = None
    for k in range(1, MAX_LAG_DAYS + 1):
        x, y = _lagged(ds, du, k)
        if x.size < MIN_SHARED_DAYS or x.std() == 0 or y.std() == 0:
            continue
        corr = float(np.corrcoef(x, y)[0, 1])
        if best is None or corr > best.correlation:
            beta = float((x * y).sum() / (x * x).sum())
            sigma = float(np.sqrt(np.mean((y - beta * x) ** 2)))
            best = TravelTime(code, k, corr, beta, sigma, int(x.size))
    return best if best is not None and best.correlation >= MIN_CORRELATION else None


def best_travel_time(station: pd.DataFrame, upstream: dict[str, pd.DataFrame]) -> TravelTime | None:
    """The upstream station whose changes best foretell the station's (None when none does)."""
    changes = _daily_changes(station)
    found = [
        t for code, df in sorted(upstream.items()) if (t := _travel_time(code, changes, _daily_changes(df))) is not None
    ]
    return max(found, key=lambda t: t.correlation) if found else None


def upstream_estimate(inputs: ForecastInputs, lag: TravelTime, day0: date) -> pd.DataFrame:
    """Rows of method ``upstream_lag`` for the days the upstream changes already seen cover."""
    u0, du = _daily_changes(inputs.upstream[lag.upstream_code])
    assert inputs.anchor_level is not None
    rows, level = [], float(inputs.anchor_level)
    for j in range(1, lag.lag_days + 1):
        i = (day0 + timedelta(days=j - lag.lag_days)).toordinal() - u0
        change = float(du[i]) if 0 <= i < du.size else float("nan")
        if not math.isfinite(change):
            break
        level += lag.beta * float(change)
        spread = lag.sigma_m * math.sqrt(j)
        rows.append((day0 + timedelta(days=j), level, level - spread, level + spread))
    if not rows:
        return pd.DataFrame(columns=list(FORECAST_COLUMNS))
    out = pd.DataFrame(rows, columns=["date", "level_m_msl", "low_m_msl", "high_m_msl"])
    out["class"] = classify_levels(out["level_m_msl"].to_numpy(), inputs.ground_msl, inputs.bank_msl, inputs.watch_msl)
    out["method"] = "upstream_lag"
    rating = inputs.rating
    out["extrapolated"] = False
    if rating is not None:
        out["extrapolated"] = (out["high_m_msl"] > rating.level_max) | (out["low_m_msl"] < rating.level_min)
    return out[list(FORECAST_COLUMNS)]
