"""Scoring re-issued forecasts against what happened (issue 18's ``backtest-forecast``). Pure.

A *record* is one forecast day of one issue: ``issue_date``, ``lead`` (days after the issue
day), ``forecast`` (m MSL), ``persistence`` (the last observation when it was issued: "same as
now") and ``observed`` (the day's mean level, m MSL). By lead:

    mae, bias                 mean |forecast − observed|, mean (forecast − observed)
    mae_persistence           mean |persistence − observed| on the same records
    skill                     1 − mae / mae_persistence; ``has_skill`` only when it is above 0

Bank crossings: a day whose mean level is above the bank after a day at or below it. For each,
and each issue ``n`` days before it, the forecast's first day above the bank minus the real
crossing day (negative = forecast early), or None when that issue forecast no crossing.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd

LEADS = (1, 3, 5, 7, 10)
RECORD_COLUMNS = ("issue_date", "lead", "forecast", "persistence", "observed")


def score_leads(records: pd.DataFrame, leads: tuple[int, ...] = LEADS) -> pd.DataFrame:
    """One row per lead: lead, n, mae, bias, mae_persistence, skill, has_skill (NaN when no record)."""
    rows = []
    for lead in leads:
        part = records[records["lead"] == lead].dropna(subset=["forecast", "persistence", "observed"])
        n = len(part)
        if n == 0:
            rows.append((lead, 0, math.nan, math.nan, math.nan, math.nan, False))
            continue
        err = part["forecast"].to_numpy(dtype="float64") - part["observed"].to_numpy(dtype="float64")
        persist = part["persistence"].to_numpy(dtype="float64") - part["observed"].to_numpy(dtype="float64")
        mae, mae_p = float(np.mean(np.abs(err))), float(np.mean(np.abs(persist)))
        skill = 1.0 - mae / mae_p if mae_p > 0 else (0.0 if mae > 0 else math.nan)
        rows.append((lead, n, mae, float(np.mean(err)), mae_p, skill, bool(skill > 0)))
    return pd.DataFrame(rows, columns=["lead", "n", "mae", "bias", "mae_persistence", "skill", "has_skill"])


def bank_crossings(observed: pd.DataFrame, bank: float, start: date, end: date) -> list[date]:
    """Days from ``start`` to ``end`` whose mean level (``observed``: date, level_msl) is above
    ``bank`` after a stored day at or below it."""
    s = observed.dropna(subset=["level_msl"]).sort_values("date")
    out = []
    prev = None
    for day, level in zip(s["date"], s["level_msl"].astype(float), strict=True):
        if prev is not None and prev <= bank < level and start <= day <= end:
            out.append(day)
        prev = level
    return out


def crossing_timing(
    crossing: date, first_crossings: dict[date, date | None], before: tuple[int, ...] = (1, 3, 5, 7)
) -> list[tuple[int, int | None, bool]]:
    """For issues ``n`` days before ``crossing``: (n, forecast crossing − real crossing in days or
    None when that issue forecast none, whether an issue exists that day). ``first_crossings``:
    issue date -> the issue's first forecast day above the bank (None = none)."""
    out: list[tuple[int, int | None, bool]] = []
    for n in before:
        issue = crossing - timedelta(days=n)
        if issue not in first_crossings:
            out.append((n, None, False))
            continue
        forecast = first_crossings[issue]
        out.append((n, None if forecast is None else (forecast - crossing).days, True))
    return out
