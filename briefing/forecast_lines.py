"""The level forecast in a briefing: what the snapshot keeps, and its words on the wall and deck.

``forecast_entries(forecasts, province_code)`` -> the snapshot's ``forecasts`` list: one
``domain.forecast_text.forecast_summary`` dict per key station that has a forecast entry, in
the order of ``config/key_stations.toml`` (plain data, so a saved briefing says the same
sentence later, in either language). ``forecast_lines`` words them; ``forecast_html`` is the
wall's block and ``forecast_table`` the deck slide's table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from html import escape

import pandas as pd

from domain.forecast_text import forecast_sentence, forecast_summary
from domain.level_forecast import LevelForecast
from domain.stations import key_station_map
from i18n import t


def forecast_entries(
    forecasts: Mapping[str, LevelForecast] | None,
    province_code: str,
    *,
    as_of: datetime | None = None,
    stale_after_s: float | None = None,
) -> list[dict]:
    """One summary per key station with a forecast entry (available or with its reason), aged
    at ``as_of`` (the snapshot's time) and marked stale past ``stale_after_s``."""
    if not forecasts:
        return []
    keys = key_station_map(province_code)
    return [
        forecast_summary(forecasts[code], key, as_of=as_of, stale_after_s=stale_after_s)
        for code, key in keys.items()
        if code in forecasts
    ]


def _entries(snapshot: dict) -> list[dict]:
    """The snapshot's forecast entries; one saved before entries carried ``as_of`` is aged at
    the snapshot's own time (its age then, not now)."""
    taken = snapshot.get("taken_at")
    return [e if e.get("as_of") or not taken else {**e, "as_of": taken} for e in snapshot.get("forecasts") or []]


def forecast_lines(snapshot: dict, lang: str) -> list[str]:
    """The sentences of a snapshot's forecasts (none for a snapshot saved before them)."""
    return [forecast_sentence(entry, lang) for entry in _entries(snapshot)]


def compact_lines(snapshot: dict, lang: str) -> list[str]:
    """A sentence per station with a forecast, then one line per reason for those without
    ('M.11B, E.98: no level forecast: ...'), so a wall screen has room for the table above."""
    entries = _entries(snapshot)
    lines = [forecast_sentence(e, lang) for e in entries if not e.get("reason")]
    reasons: dict[str, list[str]] = {}
    for entry in entries:
        if entry.get("reason"):
            reasons.setdefault(entry["reason"], []).append(entry["station_code"])
    for reason, codes in reasons.items():
        head = t("forecast.head", lang, code=", ".join(codes))
        lines.append(t("forecast.none", lang, head=head, reason=t(f"forecast.reason.{reason}", lang)))
    return lines


def forecast_html(snapshot: dict, lang: str, words: Callable[[str], str] = escape) -> str:
    """The wall's forecast block under the stations table; empty when there is none. ``words``
    turns a line into HTML (the wall's ``words_html``: Thai broken only between words)."""
    lines = compact_lines(snapshot, lang)
    if not lines:
        return ""
    items = "".join(f'<li data-testid="fr-forecast-line">{words(line)}</li>' for line in lines)
    return (
        f'<div class="fr-forecast"><div class="fr-label">{escape(t("forecast.heading", lang))}</div>'
        f"<ul>{items}</ul></div>"
    )


def forecast_table(snapshot: dict, lang: str) -> pd.DataFrame:
    """The deck's forecast slide: station code and sentence per key station."""
    entries = _entries(snapshot)
    return pd.DataFrame(
        {
            t("briefing.col.station", lang): [e["station_code"] for e in entries],
            t("forecast.heading", lang): [forecast_sentence(e, lang) for e in entries],
        }
    )
