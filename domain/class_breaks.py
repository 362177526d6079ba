"""Readable map classes: Fisher–Jenks natural breaks of positive values, a class label per
value and the ordered labels of a legend. Pure: no IO."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def class_breaks(values: Iterable[float], k: int = 5) -> list[float]:
    """Upper bounds of up to ``k`` classes of the positive values, by Fisher–Jenks natural
    breaks (optimal grouping minimising within-class variance), so one dominant district
    gets a class of its own instead of squeezing the rest into one colour. Zero is not a
    class: ``classify`` shows it as "0". Fewer classes when there are fewer distinct values."""
    positive = sorted(float(v) for v in values if v is not None and not pd.isna(v) and v > 0)
    distinct = sorted(set(positive))
    if len(distinct) <= k:
        return distinct
    return _jenks(positive, k)


def _jenks(data: list[float], k: int) -> list[float]:
    n = len(data)
    prefix = np.concatenate([[0.0], np.cumsum(data)])
    prefix2 = np.concatenate([[0.0], np.cumsum(np.square(data))])

    def cost(i: int, j: int) -> float:  # variance sum of data[i:j]
        s, s2, m = prefix[j] - prefix[i], prefix2[j] - prefix2[i], j - i
        return s2 - s * s / m

    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    cut = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for c in range(1, k + 1):
        for j in range(c, n + 1):
            for i in range(c - 1, j):
                value = best[c - 1][i] + cost(i, j)
                if value < best[c][j]:
                    best[c][j], cut[c][j] = value, i
    bounds, j = [], n
    for c in range(k, 0, -1):
        bounds.append(data[j - 1])
        j = cut[c][j]
    return sorted(set(bounds))


def classify(values: Iterable[float], breaks: list[float], decimals: int = 0) -> list[str]:
    """A class label per value: '0' for zero/blank, else 'low–high' of its class."""
    labels = class_labels(breaks, decimals)
    out = []
    for v in values:
        if v is None or pd.isna(v) or v <= 0:
            out.append("0")
            continue
        idx = next((i for i, b in enumerate(breaks) if v <= b + 1e-9), len(breaks) - 1)
        out.append(labels[idx])
    return out


def class_labels(breaks: list[float], decimals: int = 0) -> list[str]:
    """Ordered labels for ``breaks``: '≤ 120', '120 – 900', ... (upper bound inclusive)."""
    labels, low = [], None
    for b in breaks:
        labels.append(f"≤ {b:,.{decimals}f}" if low is None else f"{low:,.{decimals}f} – {b:,.{decimals}f}")
        low = b
    return labels
