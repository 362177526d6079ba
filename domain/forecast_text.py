"""One sentence per key station about where its level is going, in Thai or English.

``forecast_summary(forecast, key)`` turns a ``domain.level_forecast.LevelForecast`` into plain
JSON-able data (what a briefing snapshot keeps, so a saved briefing says it again later):

    station_code, reason (a REASONS code or None), issued_at (ISO, UTC; the inputs' time),
    inputs [source keys], method ('glofas_rating' or 'upstream_lag': the one the sentence uses),
    now_msl, now_at, bank_msl, crest_msl, crest_low_msl, crest_high_msl, crest_date (ISO),
    rising (the crest is above the level now), crossing_date (first day above the bank, when
    the station is below it now), extrapolated_above (m MSL or None), statement_level_msl,
    statement_th, statement_en (the highest impact statement the crest reaches),
    crest_passed_year, crest_passed_msl (the highest historic crest it is above),
    upstream_crest_msl, upstream_crest_date (the second method's crest, when it exists)

``forecast_sentence(summary, lang)`` words it through the catalogue (``forecast.*``), always
with the model label, issue time and sources. Pure: no IO.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from domain.level_forecast import LevelForecast
from domain.station_impacts import passed, reached
from domain.stations import KeyStation
from i18n import CATALOGUE, t
from i18n.timefmt import format_age, format_date, format_datetime, format_number


def _num(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, 3)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _day(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    return value.isoformat() if isinstance(value, date) else str(value)


def forecast_summary(
    forecast: LevelForecast,
    key: KeyStation | None = None,
    *,
    as_of: datetime | None = None,
    stale_after_s: float | None = None,
) -> dict:
    """The facts of one station's forecast (see module doc); no words. ``as_of`` (aware: now,
    a replay's time or a snapshot's) gives the label its age; past ``stale_after_s`` (the
    settings' FORECAST_STALE_AFTER) the forecast is marked stale."""
    bank = _num(forecast.bank_msl if forecast.bank_msl is not None else (key.bank_msl if key else None))
    out: dict[str, Any] = {
        "station_code": forecast.station_code,
        "reason": forecast.reason if not forecast.available else None,
        "issued_at": _iso(forecast.issued_at),
        "inputs": list(forecast.inputs),
        "now_msl": _num(forecast.anchor_level_msl),
        "now_at": _iso(forecast.anchor_at),
        "bank_msl": bank,
        "as_of": _iso(as_of),
        "stale_after_s": stale_after_s,
        "stale": bool(
            as_of is not None
            and forecast.issued_at is not None
            and stale_after_s is not None
            and (as_of - forecast.issued_at).total_seconds() > stale_after_s
        ),
    }
    if not forecast.available:
        out["reason"] = forecast.reason or "no_model_forecast"
        return out
    methods = [m for m in ("glofas_rating", "upstream_lag") if not forecast.of_method(m).empty]
    method = methods[0]
    crest = forecast.crest(method)
    if crest is None:
        out["reason"] = "no_model_forecast"
        return out
    level = _num(crest["level_m_msl"])
    now = out["now_msl"]
    rows = forecast.of_method(method)
    last = rows.iloc[-1]
    before = rows.iloc[-2]["level_m_msl"] if len(rows) > 1 else now
    # the highest day is the last one and the level still climbs into it: a horizon, not a crest
    at_end = bool(
        _day(crest["date"]) == _day(last["date"]) and (before is None or float(last["level_m_msl"]) > float(before))
    )
    crossing = forecast.first_crossing(bank, method) if bank is not None and (now is None or now <= bank) else None
    statement = reached(key.impacts, level) if key else None
    historic = passed(key.historic_crests, level) if key else None
    out.update(
        method=method,
        crest_msl=level,
        crest_low_msl=_num(crest["low_m_msl"]),
        crest_high_msl=_num(crest["high_m_msl"]),
        crest_date=_day(crest["date"]),
        rising=bool(now is None or (level is not None and level > now)),
        rising_at_end=at_end,
        end_msl=_num(last["level_m_msl"]),
        end_date=_day(last["date"]),
        crossing_date=_day(crossing),
        extrapolated_above=_num(forecast.extrapolated_above),
        statement_level_msl=statement.level_msl if statement else None,
        statement_th=statement.th if statement else None,
        statement_en=statement.en if statement else None,
        crest_passed_year=historic.year if historic else None,
        crest_passed_msl=historic.level_msl if historic else None,
        upstream_crest_msl=None,
        upstream_crest_date=None,
    )
    if method == "glofas_rating" and "upstream_lag" in methods:
        second = forecast.crest("upstream_lag")
        if second is not None:
            out.update(upstream_crest_msl=_num(second["level_m_msl"]), upstream_crest_date=_day(second["date"]))
    return out


def _m(value: float | None, decimals: int = 1) -> str:
    return format_number(value, decimals)


def _when(iso_day: str, lang: str) -> str:
    return format_date(date.fromisoformat(iso_day[:10]), lang)


def source_names(inputs: list[str], lang: str) -> str:
    """The inputs' sources by their catalogue names (``source.name.<key>``)."""
    names = [t(f"source.name.{s}", lang) if f"source.name.{s}" in CATALOGUE else s for s in inputs]
    return t("forecast.sources_joiner", lang).join(names) if names else t("forecast.source_unknown", lang)


def forecast_age(summary: dict, lang: str) -> str | None:
    """How old the inputs were at ``as_of`` ('3 days ago'), or None without both times."""
    issued, as_of = summary.get("issued_at"), summary.get("as_of")
    if not issued or not as_of:
        return None
    return format_age(datetime.fromisoformat(as_of) - datetime.fromisoformat(issued), lang)


def stale_mark(summary: dict, lang: str) -> str:
    """'⚠ Out-of-date forecast (older than 36 h): ' when the forecast is stale, else ''."""
    if not summary.get("stale"):
        return ""
    return t("forecast.stale", lang, hours=format_number(float(summary["stale_after_s"]) / 3600, 0))


def issued_text(summary: dict, lang: str) -> str:
    """'issued <time> (<age>)', or 'issued <time>' without an ``as_of``."""
    issued = summary.get("issued_at")
    time = format_datetime(datetime.fromisoformat(issued), lang) if issued else "–"
    age = forecast_age(summary, lang)
    return t("forecast.issued_age", lang, time=time, age=age) if age else t("forecast.issued", lang, time=time)


def model_label(summary: dict, lang: str) -> str:
    """'model forecast, issued <time> (<age>), from <sources>' (the issue time of the inputs),
    after the stale mark when it is older than the limit."""
    return stale_mark(summary, lang) + _label(summary, lang)


def _label(summary: dict, lang: str) -> str:
    sources = source_names(summary.get("inputs") or [], lang)
    return t("forecast.label", lang, issued=issued_text(summary, lang), sources=sources)


def forecast_sentence(summary: dict, lang: str) -> str:
    """'M.7: 114.90 m now, forecast to crest 116.4 m (115.9–116.8) around 12 ต.ค. 2565: ...'."""
    code = summary["station_code"]
    now = summary.get("now_msl")
    head = (
        t("forecast.now", lang, code=code, level=_m(now, 2)) if now is not None else t("forecast.head", lang, code=code)
    )
    if summary.get("reason"):
        return t("forecast.none", lang, head=head, reason=t(f"forecast.reason.{summary['reason']}", lang))
    parts = []
    if summary.get("crossing_date"):
        parts.append(
            t("forecast.crossing", lang, bank=_m(summary["bank_msl"], 2), date=_when(summary["crossing_date"], lang))
        )
    values = dict(
        level=_m(summary["crest_msl"]),
        low=_m(summary.get("crest_low_msl")),
        high=_m(summary.get("crest_high_msl")),
        date=_when(summary["crest_date"], lang),
    )
    if summary.get("rising_at_end") and summary.get("rising"):
        parts.append(t("forecast.rising_at_end", lang, **values))
    elif summary.get("rising"):
        parts.append(t("forecast.crest", lang, **values))
    else:  # the highest level is now: say where it goes by the last forecast day
        end = summary.get("end_msl")
        end_date = summary.get("end_date")
        key = "forecast.falling_to" if end is not None and end_date else "forecast.falling"
        parts.append(t(key, lang, end=_m(end), end_date=_when(end_date, lang) if end_date else "", **values))
    meaning = []
    if summary.get("crest_passed_year"):
        meaning.append(t("forecast.above_crest", lang, year=_year(summary["crest_passed_year"], lang)))
    if summary.get("statement_en"):
        meaning.append(summary["statement_th"] if lang == "th" else summary["statement_en"])
    text = head + t("forecast.clause_joiner", lang).join(parts)
    if meaning:
        text += t("forecast.meaning", lang, what=t("forecast.meaning_joiner", lang).join(meaning))
    if summary.get("extrapolated_above") is not None:
        text += t("forecast.extrapolated", lang, level=_m(summary["extrapolated_above"], 2))
    if summary.get("upstream_crest_msl") is not None and summary.get("upstream_crest_date"):
        text += t(
            "forecast.upstream",
            lang,
            level=_m(summary["upstream_crest_msl"]),
            date=_when(summary["upstream_crest_date"], lang),
        )
    return stale_mark(summary, lang) + t("forecast.sentence", lang, text=text, label=_label(summary, lang))


def _year(year: int, lang: str) -> str:
    return str(year + 543) if lang == "th" else str(year)


def forecast_sentences(summaries: list[dict], lang: str) -> list[str]:
    """One sentence per station, in the order given."""
    return [forecast_sentence(s, lang) for s in summaries]
