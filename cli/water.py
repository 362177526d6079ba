"""``manage.py situation``: the current (or replayed) station situation for scripts and checks."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy.exc import SQLAlchemyError

from cli import CommandError
from config import Settings
from domain.situation import export_table
from ops.exports import csv_text
from store.db import make_engine
from store.water_situation import latest_situation

FORMATS = ("csv", "table")


def parse_at(text: str | None) -> datetime | None:
    """An ISO time; without an offset it is read as Asia/Bangkok (the office's clock)."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            f"--at {text!r} is not an ISO date-time such as 2026-10-01T06:00 or 2026-10-01T06:00+07:00"
        ) from exc
    if value.tzinfo is None:
        from i18n.timefmt import BANGKOK

        value = value.replace(tzinfo=BANGKOK)
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:  # e.g. 0001-01-01T00:00 in Bangkok is before year 1 in UTC
        raise CommandError(
            f"--at {text!r} is outside the dates a computer clock can hold; give a date such as 2026-10-01T06:00"
        ) from exc


def cmd_situation(args, settings: Settings) -> int:
    if args.format not in FORMATS:
        raise CommandError(f"--format {args.format!r} is not known; allowed: {', '.join(FORMATS)}")
    at = parse_at(args.at)
    try:
        df = latest_situation(
            make_engine(settings.database_url), settings.province_code, at=at, stale_after_s=settings.waterlevel_stale_s
        )
    except SQLAlchemyError as exc:
        raise CommandError(
            f"cannot read the database ({exc.__class__.__name__}); run python manage.py migrate, then ingest"
        ) from exc
    if df.empty:
        raise CommandError(
            f"no stations stored for province {settings.province_code}; run python manage.py ingest --source thaiwater"
        )
    out = export_table(df)
    if args.format == "csv":
        sys.stdout.write(csv_text(out))  # station names come from the feed: formulas neutralised
    else:
        with pd.option_context(
            "display.max_rows", None, "display.max_columns", None, "display.width", 200, "display.max_colwidth", 60
        ):
            print(out.drop(columns=["name_th"]).to_string(index=False))
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("situation", help="print the river station situation table (csv or table)")
    p.add_argument("--format", default="table", help="csv or table (default table)")
    p.add_argument("--at", default=None, help="replay time, ISO (no offset = Bangkok time); default now")
    p.set_defaults(func=cmd_situation)
