"""Station ratings: the stage ↔ discharge relation of one gauge, fitted from (level, discharge) pairs.

Method (``fit_rating``):

1. Power law ``Q = a·(h − h0)^b``. For a fixed ``h0``, ``log Q = log a + b·log(h − h0)`` is a
   straight line, fitted by ordinary least squares in log space. ``h0`` (the level of zero flow)
   is searched below the lowest level: a grid of ``H0_GRID`` values from ``lowest − H0_DEPTH_M``
   up to ``lowest − H0_GAP_M``, the best grid value then refined by a golden-section search
   between its neighbours; the ``h0`` with the least sum of squared log residuals wins.
2. Fit error: ``rmse_log_q`` (root mean square of the residuals of log Q, natural log: 0.05 is
   about 5 % in discharge) and the level spread at equal flow: each pair's level minus the level
   the rating gives for its discharge; ``level_spread_m`` is the largest minus the smallest of
   these (a rating that is not single-valued, as at M.7 with backwater from Pak Mun and the
   Mekong, shows it here) and ``rmse_level_m`` their root mean square.
3. Criterion for a tabulated curve: when ``rmse_log_q`` exceeds ``TABLE_WHEN_RMSE_LOG_Q`` (the
   power law misses the points by more than about 15 %), the rating is a monotone table instead:
   the pairs sorted by level, discharge made non-decreasing by pooling adjacent violators
   (isotonic regression), one row per distinct level, interpolated linearly.

Refusals (``RatingError``, a one-line reason with a ``code``): fewer than ``MIN_PAIRS`` pairs,
non-finite values, a discharge that is zero or negative, fewer than two distinct levels, and a
power law whose exponent is zero or negative (discharge falling as the level rises).

A rating is never used outside the levels it was fitted on without saying so: ``level_for``
returns the level and an ``extrapolated`` flag.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

MIN_PAIRS = 4
H0_DEPTH_M = 30.0  # the search for h0 goes down to 30 m below the lowest level
H0_GAP_M = 0.05  # and up to 5 cm below it
H0_GRID = 121
TABLE_WHEN_RMSE_LOG_Q = 0.15
KINDS = ("power", "table")
SOURCES = ("published", "fitted")


class RatingError(ValueError):
    """Pairs no rating can be fitted from; ``str()`` is the one-line reason, ``code`` its kind and
    ``params`` the values the catalogue's ``rating.error.<code>`` is worded with."""

    def __init__(self, code: str, message: str, **params: object):
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Rating:
    station_code: str
    kind: str  # "power" or "table"
    level_min: float  # m MSL, the lowest level fitted on
    level_max: float  # m MSL, the highest level fitted on
    n_pairs: int
    rmse_log_q: float
    level_spread_m: float
    rmse_level_m: float
    a: float | None = None
    b: float | None = None
    h0: float | None = None
    table_levels: tuple[float, ...] = ()
    table_discharges: tuple[float, ...] = ()
    source: str = "fitted"  # "published" or "fitted"

    def discharge_for(self, levels: ArrayLike) -> np.ndarray:
        """Discharge (m³/s) at ``levels`` (m MSL); 0 below h0 for a power law."""
        h = np.asarray(levels, dtype="float64")
        if self.kind == "power":
            assert self.a is not None and self.b is not None and self.h0 is not None
            return self.a * np.clip(h - self.h0, 0.0, None) ** self.b
        return _extrapolating_interp(h, np.asarray(self.table_levels), np.asarray(self.table_discharges))

    def level_for(self, discharges: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """(levels m MSL, extrapolated) for ``discharges`` (m³/s): the inverse of the rating and,
        per value, whether the level lies outside ``level_min``–``level_max``."""
        q = np.asarray(discharges, dtype="float64")
        if self.kind == "power":
            assert self.a is not None and self.b is not None and self.h0 is not None
            with np.errstate(invalid="ignore", divide="ignore"):
                h = self.h0 + np.clip(q / self.a, 0.0, None) ** (1.0 / self.b)
        else:
            h = _extrapolating_interp(q, np.asarray(self.table_discharges), np.asarray(self.table_levels))
        with np.errstate(invalid="ignore"):
            outside = (h > self.level_max + 1e-9) | (h < self.level_min - 1e-9)
        return h, outside

    def table_json(self) -> str | None:
        if self.kind != "table":
            return None
        return json.dumps({"levels": list(self.table_levels), "discharges": list(self.table_discharges)})


def _extrapolating_interp(x: np.ndarray, xp: np.ndarray, fp: np.ndarray) -> np.ndarray:
    """Linear interpolation that continues the end segments beyond the table."""
    y = np.interp(x, xp, fp)
    if len(xp) >= 2:
        lo_slope = (fp[1] - fp[0]) / (xp[1] - xp[0])
        hi_slope = (fp[-1] - fp[-2]) / (xp[-1] - xp[-2])
        y = np.where(x < xp[0], fp[0] + (x - xp[0]) * lo_slope, y)
        y = np.where(x > xp[-1], fp[-1] + (x - xp[-1]) * hi_slope, y)
    return y


def check_pairs(levels: ArrayLike, discharges: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """The pairs as float arrays, or ``RatingError`` naming the first thing wrong."""
    h = np.asarray(levels, dtype="float64").ravel()
    q = np.asarray(discharges, dtype="float64").ravel()
    if h.shape != q.shape:
        raise RatingError(
            "shape", f"{h.size} levels but {q.size} discharges; give one discharge per level", levels=h.size, n=q.size
        )
    if h.size < MIN_PAIRS:
        raise RatingError(
            "too_few_pairs", f"only {h.size} pairs; a rating needs at least {MIN_PAIRS}", n=h.size, least=MIN_PAIRS
        )
    bad = ~(np.isfinite(h) & np.isfinite(q))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise RatingError("not_finite", f"pair {i + 1} is not a number (level {h[i]}, discharge {q[i]})", pair=i + 1)
    if (q <= 0).any():
        i = int(np.flatnonzero(q <= 0)[0])
        raise RatingError(
            "nonpositive_discharge",
            f"pair {i + 1} has discharge {q[i]:g} m³/s; it must be above 0",
            pair=i + 1,
            discharge=f"{q[i]:g}",
        )
    if np.unique(h).size < 2:
        raise RatingError(
            "one_level", f"every pair is at level {h[0]:.2f} m; a rating needs at least two levels", level=f"{h[0]:.2f}"
        )
    return h, q


def _sse_for_h0(log_q: np.ndarray, h: np.ndarray, h0: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sse, b, log a) of the log-space line for each candidate h0 (vectorised over h0)."""
    x = np.log(h[None, :] - h0[:, None])
    x_mean = x.mean(axis=1, keepdims=True)
    y_mean = log_q.mean()
    dx = x - x_mean
    sxx = (dx * dx).sum(axis=1)
    b = (dx * (log_q - y_mean)[None, :]).sum(axis=1) / np.where(sxx > 0, sxx, np.nan)
    log_a = y_mean - b * x_mean[:, 0]
    resid = log_q[None, :] - (log_a[:, None] + b[:, None] * x)
    return (resid * resid).sum(axis=1), b, log_a


def _best_h0(log_q: np.ndarray, h: np.ndarray) -> float:
    lowest = float(h.min())
    grid = np.linspace(lowest - H0_DEPTH_M, lowest - H0_GAP_M, H0_GRID)
    sse, _, _ = _sse_for_h0(log_q, h, grid)
    i = int(np.nanargmin(sse))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(40):  # golden section between the grid neighbours
        c, d = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        sc, sd = _sse_for_h0(log_q, h, np.array([c, d]))[0]
        if sc < sd:
            hi = d
        else:
            lo = c
    return float((lo + hi) / 2)


def fit_power_law(station_code: str, levels: ArrayLike, discharges: ArrayLike) -> Rating:
    """The least-squares power law (see the module docstring); ``RatingError`` when it cannot be had."""
    h, q = check_pairs(levels, discharges)
    log_q = np.log(q)
    h0 = _best_h0(log_q, h)
    sse, b_arr, log_a_arr = _sse_for_h0(log_q, h, np.array([h0]))
    b, a = float(b_arr[0]), float(math.exp(log_a_arr[0]))
    if not (math.isfinite(b) and math.isfinite(a)) or b <= 0:
        raise RatingError(
            "nonpositive_exponent",
            f"the fitted exponent is {b:.2f}: discharge does not rise with level in these pairs; check them",
            exponent=f"{b:.2f}",
        )
    rating = Rating(station_code, "power", float(h.min()), float(h.max()), int(h.size), 0.0, 0.0, 0.0, a, b, h0)
    return _with_errors(rating, h, q, math.sqrt(float(sse[0]) / h.size))


def fit_table(station_code: str, levels: ArrayLike, discharges: ArrayLike) -> Rating:
    """A monotone tabulated curve: discharge made non-decreasing in level (pool adjacent violators)."""
    h, q = check_pairs(levels, discharges)
    order = np.argsort(h, kind="stable")
    h, q = h[order], q[order]
    levels_u, inverse = np.unique(h, return_inverse=True)
    q_mean = np.bincount(inverse, weights=q) / np.bincount(inverse)
    weight = np.bincount(inverse).astype("float64")
    fitted = _pool_adjacent_violators(q_mean, weight)
    # equal discharges at neighbouring levels cannot be inverted: keep the lowest level of each run
    keep = np.concatenate([[True], np.diff(fitted) > 0])
    table_h, table_q = levels_u[keep], fitted[keep]
    if table_h.size < 2:
        raise RatingError("flat", "discharge does not rise with level in these pairs; check them")
    rating = Rating(
        station_code, "table", float(h.min()), float(h.max()), int(h.size), 0.0, 0.0, 0.0,
        table_levels=tuple(float(x) for x in table_h), table_discharges=tuple(float(x) for x in table_q),
    )  # fmt: skip
    resid = np.log(q) - np.log(np.clip(rating.discharge_for(h), 1e-9, None))
    return _with_errors(rating, h, q, float(np.sqrt(np.mean(resid**2))))


def _pool_adjacent_violators(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    values, weights, sizes = [], [], []
    for yi, wi in zip(y.tolist(), w.tolist(), strict=True):
        values.append(yi)
        weights.append(wi)
        sizes.append(1)
        while len(values) > 1 and values[-2] > values[-1]:
            wsum = weights[-2] + weights[-1]
            values[-2] = (values[-2] * weights[-2] + values[-1] * weights[-1]) / wsum
            weights[-2] = wsum
            sizes[-2] += sizes[-1]
            del values[-1], weights[-1], sizes[-1]
    return np.repeat(np.array(values), sizes)


def _with_errors(rating: Rating, h: np.ndarray, q: np.ndarray, rmse_log_q: float) -> Rating:
    back, _ = rating.level_for(q)
    diff = h - back
    return Rating(
        **{
            **rating.__dict__,
            "rmse_log_q": float(rmse_log_q),
            "level_spread_m": float(diff.max() - diff.min()),
            "rmse_level_m": float(np.sqrt(np.mean(diff**2))),
        }
    )


def fit_rating(station_code: str, levels: ArrayLike, discharges: ArrayLike) -> Rating:
    """The power law, or the monotone table when the power law misses by more than
    ``TABLE_WHEN_RMSE_LOG_Q`` in log discharge and the table fits them better. ``RatingError``
    for pairs no rating can come from (a power law with a exponent ≤ 0 is refused, not tabled)."""
    h, q = check_pairs(levels, discharges)
    power = fit_power_law(station_code, h, q)
    if power.rmse_log_q <= TABLE_WHEN_RMSE_LOG_Q:
        return power
    table = fit_table(station_code, h, q)
    return table if table.rmse_log_q < power.rmse_log_q else power


def rating_summary(rating: Rating) -> str:
    """One line for an operator (English; the CLI words it through i18n)."""
    if rating.kind == "power":
        shape = f"Q = {rating.a:.4g}·(h − {rating.h0:.2f})^{rating.b:.3f}"
    else:
        shape = f"table of {len(rating.table_levels)} levels"
    return (
        f"{rating.station_code} {rating.source} {shape}, levels {rating.level_min:.2f}–{rating.level_max:.2f} m MSL, "
        f"{rating.n_pairs} pairs, RMSE(log Q) {rating.rmse_log_q:.3f}, level spread {rating.level_spread_m:.2f} m"
    )
