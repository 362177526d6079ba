"""``manage.py forecast``, ``backtest-forecast``, ``import-rating`` and ``fit-rating`` (issue 18):
thin adapters over ``services.forecast``, ``services.backtest`` and ``services.ratings``. What a
person reads is worded by the catalogue in ``DEFAULT_LANGUAGE`` (``--lang`` to choose)."""

from __future__ import annotations

import getpass
import math
import sys
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy.exc import InterfaceError, OperationalError

from cli import CommandError, database_unavailable
from cli.water import parse_at
from config import Settings
from domain.level_forecast import METHODS, LevelForecast, reason_text
from domain.rating import Rating
from i18n import t
from i18n.timefmt import format_date, format_datetime
from ops.exports import csv_text
from services.backtest import Backtest, backtest_station
from services.forecast import forecast_for_station
from services.ratings import RatingImportError, import_rating_file, refit_station_ratings
from store.db import make_engine

FORMATS = ("csv", "table")
OUTPUT_COLUMNS = ["date", "level_m_msl", "low_m_msl", "high_m_msl", "class", "method"]


def _lang(args, settings: Settings) -> str:
    lang = getattr(args, "lang", None) or settings.default_language
    if lang not in ("th", "en"):
        raise CommandError(f"--lang {lang!r} is not known; allowed: th, en")
    return lang


def forecast_rows(forecast: LevelForecast) -> pd.DataFrame:
    """The printed rows: one per day and method, levels to the centimetre."""
    days = forecast.days.sort_values(["method", "date"]).reset_index(drop=True)
    out = days[OUTPUT_COLUMNS].copy()
    out["date"] = [d.isoformat() for d in out["date"]]
    for col in ("level_m_msl", "low_m_msl", "high_m_msl"):
        out[col] = out[col].astype(float).round(2)
    return out


def _header(forecast: LevelForecast, lang: str) -> list[str]:
    lines = [
        t(
            "forecast.cli.heading",
            lang,
            code=forecast.station_code,
            issued=format_datetime(forecast.issued_at, lang),
            level=f"{forecast.anchor_level_msl:.2f}",
            anchor=format_datetime(forecast.anchor_at, lang),
        )
    ]
    if forecast.rating_range is not None:
        low, high = forecast.rating_range
        source = t(f"rating.source.{forecast.rating_source}", lang)
        lines.append(t("forecast.cli.rating", lang, source=source, low=f"{low:.2f}", high=f"{high:.2f}"))
    if forecast.extrapolated_above is not None:
        lines.append(t("forecast.cli.extrapolated", lang, top=f"{forecast.extrapolated_above:.2f}"))
    bottom = forecast.rating_range[0] if forecast.rating_range is not None else None
    if bottom is not None and (forecast.days["low_m_msl"].astype(float) < bottom).any():
        lines.append(t("forecast.cli.extrapolated_below", lang, bottom=f"{bottom:.2f}"))
    for method in sorted(set(forecast.days["method"])):
        lines.append(f"{method}: {t(f'forecast.method.{method}', lang)}")
    return lines


def cmd_forecast(args, settings: Settings) -> int:
    if args.format not in FORMATS:
        raise CommandError(f"--format {args.format!r} is not known; allowed: {', '.join(FORMATS)}")
    lang = _lang(args, settings)
    at = parse_at(args.at)
    try:
        forecast = forecast_for_station(make_engine(settings.database_url), settings, args.station, at)
    except (OperationalError, InterfaceError) as exc:
        raise CommandError(database_unavailable(exc, "nothing was forecast")) from exc
    if not forecast.available:
        reason = reason_text(forecast, lang)
        raise CommandError(t("forecast.cli.no_forecast", lang, code=args.station, reason=reason))
    rows = forecast_rows(forecast)
    if args.format == "csv":
        sys.stdout.write(csv_text(rows))
        return 0
    print("\n".join(_header(forecast, lang)))
    print(table_rows(forecast, rows, lang).to_string(index=False))
    return 0


def table_rows(forecast: LevelForecast, rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows for a person: headers in ``lang``, dates as ``i18n.timefmt`` says them (Buddhist
    era in Thai); the CSV keeps the column names and ISO dates of issue 18."""
    out = rows.copy()
    out["date"] = [format_date(d, lang) for d in forecast.days.sort_values(["method", "date"])["date"]]
    out.columns = t("forecast.cli.columns", lang).split("|")
    return out


def _date(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{flag} {text!r} is not a date such as 2022-09-01") from None


def _number(value: float, lang: str) -> str:
    return t("backtest.no_data", lang) if math.isnan(value) else f"{value:.3f}"


def backtest_lines(result: Backtest, lang: str) -> list[str]:
    """The printed backtest: the table by lead, then the bank crossings."""
    start, end = format_date(result.start, lang), format_date(result.end, lang)
    lines = [t("backtest.heading", lang, code=result.station_code, start=start, end=end, issued=result.issued)]
    lines.append(t(f"forecast.method.{result.method}", lang))
    for reason, days in sorted(result.refused.items()):
        lines.append(f"  {t(f'forecast.reason.{reason}', lang)}: {days}")
    table = []
    for row in result.scores.itertuples(index=False):
        if row.n == 0:
            skill = t("backtest.no_data", lang)
        elif not row.has_skill:
            skill = t("backtest.no_skill", lang)
        else:
            skill = f"{row.skill:.2f}"
        table.append(
            [str(row.lead), str(row.n), _number(row.mae, lang), _number(row.bias, lang),
             _number(row.mae_persistence, lang), skill]
        )  # fmt: skip
    header = t("backtest.columns", lang).split("|")
    lines.append(pd.DataFrame(table, columns=header).to_string(index=False))
    lines.append(t("backtest.skill_note", lang))
    if result.bank_msl is not None:
        lines.append(t("backtest.crossings", lang, bank=f"{result.bank_msl:.2f}"))
        if not result.crossings:
            lines.append("  " + t("backtest.no_crossing", lang))
        for crossing, timings in result.crossings:
            lines.append("  " + t("backtest.crossing", lang, date=format_date(crossing, lang)))
            lines += ["    " + _timing(before, offset, issued, lang) for before, offset, issued in timings]
    return lines


def _timing(before_days: int, offset: int | None, issued: bool, lang: str) -> str:
    before = t("backtest.days", lang, n=before_days)
    if not issued:
        return t("backtest.crossing.no_issue", lang, before=before)
    if offset is None:
        return t("backtest.crossing.missed", lang, before=before)
    if offset == 0:
        return t("backtest.crossing.on_time", lang, before=before)
    key = "backtest.crossing.early" if offset < 0 else "backtest.crossing.late"
    return t(key, lang, before=before, days=t("backtest.days", lang, n=abs(offset)))


def cmd_backtest(args, settings: Settings) -> int:
    lang = _lang(args, settings)
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    if args.method not in METHODS:
        raise CommandError(f"--method {args.method!r} is not known; allowed: {', '.join(METHODS)}")
    if end < start:
        raise CommandError(f"--to {end} is before --from {start}; give a period that runs forward")
    if (end - start).days > 730:
        raise CommandError(f"the period is {(end - start).days + 1} days; backtest at most two years at a time")
    try:
        result = backtest_station(make_engine(settings.database_url), settings, args.station, start, end, args.method)
    except (OperationalError, InterfaceError) as exc:
        raise CommandError(database_unavailable(exc, "nothing was scored")) from exc
    if result.issued == 0:
        reasons = ", ".join(t(f"forecast.reason.{r}", lang) for r in sorted(result.refused)) or "-"
        raise CommandError(t("forecast.cli.no_forecast", lang, code=args.station, reason=reasons))
    print("\n".join(backtest_lines(result, lang)))
    return 0


def rating_line(rating: Rating, lang: str) -> str:
    if rating.kind == "power":
        shape = f"Q = {rating.a:.4g}·(h − {rating.h0:.2f})^{rating.b:.3f}"
    else:
        shape = t("rating.cli.table", lang, rows=len(rating.table_levels))
    return t(
        "rating.cli.line",
        lang,
        code=rating.station_code,
        shape=shape,
        low=f"{rating.level_min:.2f}",
        high=f"{rating.level_max:.2f}",
        n=rating.n_pairs,
        rmse=f"{rating.rmse_log_q:.3f}",
        spread=f"{rating.level_spread_m:.2f}",
    )


def refusal_text(exc: RatingImportError, lang: str) -> str:
    """A refused rating file in ``lang``: the catalogue's ``rating.refused.<code>`` (a station's
    pairs that give no rating: ``rating.error.<code>`` inside it)."""
    params = dict(exc.params)
    if exc.code == "rating":
        station, code = params.pop("station"), params.pop("error_code")
        return t("rating.refused.rating", lang, station=station, reason=t(f"rating.error.{code}", lang, **params))
    return t(f"rating.refused.{exc.code}", lang, **params)


def cmd_import_rating(args, settings: Settings) -> int:
    lang = _lang(args, settings)
    path = Path(args.file)
    if not path.is_file():
        reason = t("rating.refused.not_found", lang, file=str(path))
        raise CommandError(t("rating.refused.nothing", lang, reason=reason))
    by = f"cli:{getpass.getuser()}"[:80]
    try:
        result = import_rating_file(make_engine(settings.database_url), path, settings.province_code, by)
    except RatingImportError as exc:
        raise CommandError(t("rating.refused.nothing", lang, reason=refusal_text(exc, lang))) from exc
    except (OperationalError, InterfaceError) as exc:
        raise CommandError(database_unavailable(exc, "nothing was imported")) from exc
    print(t("rating.cli.imported", lang, pairs=result.pairs, file=result.file_name))
    for rating in result.ratings:
        print(rating_line(rating, lang))
    return 0


def cmd_fit_rating(args, settings: Settings) -> int:
    by = f"cli:{getpass.getuser()}"[:80]
    try:
        notes = refit_station_ratings(make_engine(settings.database_url), settings.province_code, by)
    except (OperationalError, InterfaceError) as exc:
        raise CommandError(database_unavailable(exc, "no rating was refitted")) from exc
    for note in notes:
        print(note)
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("forecast", help="print a key station's level forecast (model), one row per day")
    p.add_argument("--station", required=True, help="station code, e.g. M.7")
    p.add_argument("--at", default=None, help="forecast from what was stored at this time (ISO; no offset = Bangkok)")
    p.add_argument("--format", default="table", help="csv or table (default table)")
    p.add_argument("--lang", default=None, help="th or en (default DEFAULT_LANGUAGE)")
    p.set_defaults(func=cmd_forecast)
    p = subparsers.add_parser(
        "backtest-forecast", help="re-issue the forecast each day of a period and score it against persistence"
    )
    p.add_argument("--station", required=True, help="station code, e.g. M.7")
    p.add_argument("--from", dest="start", required=True, help="first issue day, e.g. 2022-08-01")
    p.add_argument("--to", dest="end", required=True, help="last issue day, e.g. 2022-10-31")
    p.add_argument("--method", default="glofas_rating", help="glofas_rating (default) or upstream_lag")
    p.add_argument("--lang", default=None, help="th or en (default DEFAULT_LANGUAGE)")
    p.set_defaults(func=cmd_backtest)
    p = subparsers.add_parser(
        "import-rating", help="import a published rating: CSV of station,level_m_msl,discharge_m3s"
    )
    p.add_argument("file", help="CSV file (UTF-8); extra columns are allowed")
    p.add_argument("--lang", default=None, help="th or en (default DEFAULT_LANGUAGE)")
    p.set_defaults(func=cmd_import_rating)
    p = subparsers.add_parser("fit-rating", help="refit the key stations' ratings from the stored readings now")
    p.set_defaults(func=cmd_fit_rating)
