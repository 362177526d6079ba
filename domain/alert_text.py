"""The payload of an alert: what its words are made of, in Thai and English (pure, issue 19).

``notify.text.render_alert`` words an outbox row with the catalogue's ``alerts.msg.<kind>`` and
``alerts.title.<kind>`` (``i18n/strings/alert_events.py``), formatted with the payload's values
(each escaped for its channel; a value named ``*_at`` holding an ISO time is shown in Bangkok
time, Buddhist era in Thai; floats with two decimals), and adds the link line from ``link``.
So the payload carries names and labels in both languages (``*_th`` / ``*_en``), never a
sentence, and never None (a missing value is "–"): station and district, the reading with its
time and source, the class, the forecast ("model forecast" with its issue time), the link.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from domain.alert_events import AlertEvent
from geo.gazetteer import district_name
from i18n import CATALOGUE, t
from i18n.timefmt import format_age, format_date, format_number

LANGS = ("th", "en")
MISSING = "–"


def _both(key: str, **values: object) -> dict[str, str]:
    return {lang: t(key, lang, **values) for lang in LANGS}


def _district(code: object, lang: str) -> str:
    if not code:
        return t("alert_events.province_wide", lang)
    try:
        return district_name(str(code), lang)
    except KeyError:
        return str(code)


def _source(code: object, lang: str) -> str:
    names = [t(f"source.name.{c}", lang) if f"source.name.{c}" in CATALOGUE else c for c in str(code or "").split(",")]
    return ", ".join(n for n in names if n) or MISSING


def _station(event: AlertEvent, p: Mapping, lang: str) -> str:
    name = p.get("name_th") if lang == "th" else (p.get("name_en") or p.get("name_th"))
    return " ".join(str(x) for x in (event.station_code, name) if x)


def _where(event: AlertEvent, p: Mapping, lang: str) -> str:
    district = _district(event.district_code, lang)
    station = _station(event, p, lang)
    return f"{station} ({district})" if station else district


def _label(prefix: str, code: object) -> dict[str, str]:
    key = f"{prefix}.{code}"
    return {lang: (t(key, lang) if key in CATALOGUE else str(code or MISSING)) for lang in LANGS}


def _iso(value: object) -> str:
    return str(value) if value else MISSING


def _number(value: object, decimals: int = 1) -> str:
    return MISSING if value is None else format_number(float(value), decimals)  # type: ignore[arg-type]  # a number here


def _float(value: object) -> float | str:
    """A number for the renderer (two decimals), or "–" when the event did not carry it."""
    try:
        return float(value)  # type: ignore[arg-type]  # checked by the except
    except (TypeError, ValueError):
        return MISSING


def alert_payload(event: AlertEvent) -> dict[str, Any]:
    """Everything ``alerts.msg.<event.kind>`` and ``alerts.title.<kind>`` name, for both languages."""
    p = event.params
    out: dict[str, Any] = {
        "kind": event.kind,
        "station_code": event.station_code or MISSING,
        "district_code": event.district_code or MISSING,
        "source": event.source or MISSING,
        "event_at": event.at.isoformat(),
        "link": event.link,
        "severity": event.severity,
    }
    parts: dict[str, dict[str, str]] = {
        "severity": _both(f"alert_events.severity.{event.severity}"),
        "where": {lang: _where(event, p, lang) for lang in LANGS},
        "source": {lang: _source(event.source, lang) for lang in LANGS},
    }
    if event.kind in ("station_class", "station_watch", "station_bank", "station_forecast"):
        out |= {"edge_msl": _float(p.get("edge_msl"))}
        parts["edge"] = _label("alert_events.edge", p.get("edge"))
    if event.kind in ("station_class", "station_watch", "station_bank"):
        out |= {"level_msl": _float(p.get("level_msl")), "reading_at": event.at.isoformat()}
        parts["direction"] = _label("alert_events.direction", p.get("direction"))
        parts["class_from"] = _label("water.class", p.get("class_from") or "unknown")
        parts["class_to"] = _label("water.class", p.get("class_to") or "unknown")
    elif event.kind == "station_forecast":
        day = date.fromisoformat(str(p["day"])) if p.get("day") else None
        out |= {"forecast_msl": _float(p.get("forecast_msl")), "issued_at": _iso(p.get("issued_at"))}
        parts["day"] = {lang: format_date(day, lang) if day else MISSING for lang in LANGS}
    elif event.kind == "source_stale":
        out |= {"hours": _number(p.get("hours")), "limit_h": _number(p.get("limit_h"))}
        out |= {"last_success_at": _iso(p.get("last_success_at")), "data_at": _iso(p.get("data_at"))}
        age = timedelta(seconds=float(str(p["age_s"]))) if p.get("age_s") is not None else None
        parts["age"] = {lang: format_age(age, lang) for lang in LANGS}  # days past 48 h
        parts["failing"] = _both("alert_events.text.source_failing") if p.get("failing") else {"th": "", "en": ""}
    elif event.kind.startswith("item_"):
        level = p.get("level_msl")
        out |= {"due_at": _iso(p.get("due_at")), "by": str(p.get("by") or MISSING), "item_id": p.get("item_id")}
        out |= {"level_msl": _float(level), "reading_at": _iso(p.get("reading_at"))}
        parts["title"] = {"th": str(p.get("title_th") or ""), "en": str(p.get("title_en") or p.get("title_th") or "")}
    elif event.kind == "impact_rise":
        rises: Mapping[str, list] = p.get("rises") or {}  # type: ignore[assignment]  # the payload is JSON
        out |= {"report_at": _iso(p.get("report_time"))}
        parts["rises"] = {
            lang: "; ".join(
                f"{t(f'impact.field.{name}', lang)} {format_number(a)} → {format_number(b)}"
                for name, (a, b) in rises.items()
            )
            for lang in LANGS
        }
    elif event.kind == "dam_release_jump":
        out |= {
            "released_mcm": _float(p.get("released_mcm")),
            "previous_released_mcm": _float(p.get("previous_released_mcm")),
        }
        day = date.fromisoformat(str(p["data_date"])) if p.get("data_date") else None
        parts["day"] = {lang: format_date(day, lang) if day else MISSING for lang in LANGS}
        parts["dam"] = {
            "th": str(p.get("name_th") or MISSING),
            "en": str(p.get("name_en") or p.get("name_th") or MISSING),
        }
    for name, words in parts.items():
        out[f"{name}_th"], out[f"{name}_en"] = words["th"], words["en"]
    return out
