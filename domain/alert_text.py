"""The words of an alert, from an outbox row's kind and payload, in Thai or English (pure).

Every alert names what and where (station or district), the reading with its time (Bangkok,
Buddhist era in Thai) and source, the class, the forecast if any ("model forecast" with its
issue time), and ends with the link to the page that shows it (``base_url`` + the event's
``link``). Channel escaping (HTML for e-mail, none for LINE) is the channel's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from urllib.parse import urljoin

from geo.gazetteer import district_name
from i18n import CATALOGUE, t
from i18n.timefmt import format_date, format_datetime, format_number


def _when(value: object, lang: str) -> str:
    if not value:
        return "–"
    return format_datetime(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)), lang)


def _district(code: object, lang: str) -> str:
    if not code:
        return t("alert_events.province_wide", lang)
    try:
        return district_name(str(code), lang)
    except KeyError:
        return str(code)


def _station(p: Mapping, lang: str) -> str:
    name = p.get("name_th") if lang == "th" else (p.get("name_en") or p.get("name_th"))
    return f"{p.get('station_code')} {name}".strip() if name else str(p.get("station_code") or "")


def _source(code: object, lang: str) -> str:
    names = [t(f"source.name.{c}", lang) if f"source.name.{c}" in CATALOGUE else c for c in str(code or "").split(",")]
    return ", ".join(n for n in names if n) or "–"


def _title(p: Mapping, lang: str) -> str:
    return str(p.get("title_th") if lang == "th" else (p.get("title_en") or p.get("title_th")) or "")


def alert_text(kind: str, payload: Mapping, lang: str, base_url: str) -> str:
    """The message of one alert: a heading line, the facts, and the link."""
    p = payload
    fmt: dict[str, object] = {
        "station": _station(p, lang),
        "district": _district(p.get("district_code"), lang),
        "source": _source(p.get("source"), lang),
        "at": _when(p.get("at"), lang),
    }
    if kind in ("station_class", "station_watch", "station_bank"):
        fmt |= {
            "level": format_number(p.get("level_msl"), 2),
            "edge": t(f"alert_events.edge.{p.get('edge')}", lang),
            "edge_msl": format_number(p.get("edge_msl"), 2),
            "direction": t(f"alert_events.direction.{p.get('direction')}", lang),
            "class_from": t(f"water.class.{p.get('class_from') or 'unknown'}", lang),
            "class_to": t(f"water.class.{p.get('class_to') or 'unknown'}", lang),
        }
    elif kind == "station_forecast":
        day = p.get("day")
        fmt |= {
            "edge": t(f"alert_events.edge.{p.get('edge')}", lang),
            "edge_msl": format_number(p.get("edge_msl"), 2),
            "forecast": format_number(p.get("forecast_msl"), 2),
            "day": format_date(date.fromisoformat(str(day)), lang) if day else "–",
            "issued": _when(p.get("issued_at"), lang),
        }
    elif kind == "source_stale":
        fmt |= {
            "hours": format_number(p.get("hours"), 1),
            "limit": format_number(p.get("limit_h"), 1),
            "last": _when(p.get("last_success_at"), lang),
        }
    elif kind.startswith("item_"):
        fmt |= {"title": _title(p, lang), "due": _when(p.get("due_at"), lang), "by": p.get("by") or "–"}
        fmt |= {"level": format_number(p.get("level_msl"), 2), "reading_at": _when(p.get("reading_at"), lang)}
    elif kind == "impact_rise":
        rises = p.get("rises") or {}
        fmt |= {
            "report_time": _when(p.get("report_time"), lang),
            "rises": "; ".join(
                f"{t(f'impact.field.{name}', lang)} {format_number(a)} → {format_number(b)}"
                for name, (a, b) in rises.items()
            ),
        }
    head = t(f"alert_events.severity.{p.get('severity', 'info')}", lang)
    body = t(f"alert_events.text.{kind}", lang, **fmt)
    if kind == "source_stale" and p.get("failing"):
        body += " " + t("alert_events.text.source_failing", lang)
    link = urljoin(base_url if base_url.endswith("/") else base_url + "/", str(p.get("link") or ""))
    return f"{head} {body}\n{t('alert_events.open', lang)}: {link}"
