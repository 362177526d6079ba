"""``manage.py import-impact FILE [--dry-run] [--lang th|en]``, ``import-shelters FILE``
and ``import-flood-extent FILE``: thin adapters over ``services.impact``, the same import
functions the entry pages call (read, validate every row, then write all or nothing).
"""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from auth import PermissionDenied, User
from cli import CommandError, database_unavailable
from config import Settings
from data_sources.errors import SourceFormatError
from i18n import t
from i18n.diagnostic import say
from ops.uploads import UploadRejected
from services.impact import ImportOutcome, import_flood_extent, import_impact, import_shelters
from store.db import make_engine


def _cli_user(engine: Engine, username: str | None) -> User:
    """The named account, else the person at the server's shell (an admin: they hold the database)."""
    if username:
        from store.users import get_user

        user = get_user(engine, username)
        if user is None:
            raise CommandError(f"no user {username!r}; create it with python manage.py create-user or leave out --user")
        return user
    return User(f"cli:{getpass.getuser()}"[:80], "Command line", "admin")


def _report(outcome: ImportOutcome, lang: str, name: str = "") -> int:
    if not outcome.ok:
        for problem in outcome.problems:
            print(problem.message(lang))
        if outcome.rows_read == 0:  # a header-only file: not "1 problem in 0 rows"
            raise CommandError(t("impact.import.no_data_rows", lang, name=name))
        problems = t("impact.count.problems", lang, n=len(outcome.problems))
        raise CommandError(
            t("impact.import.failed", lang, problems=problems, rows=t("impact.count.rows", lang, n=outcome.rows_read))
        )
    shelters = outcome.layout == "shelters"
    key = "impact.import.checked_shelters" if shelters else "impact.import.checked"
    counted = t("impact.count.centres" if shelters else "impact.count.reports", lang, n=len(outcome.records))
    print(t(key, lang, rows=t("impact.count.rows", lang, n=outcome.rows_read), layout=outcome.layout, reports=counted))
    if outcome.skipped_other_province:
        print(t("impact.import.skipped", lang, n=outcome.skipped_other_province))
    if outcome.ignored:
        print(t("impact.import.ignored", lang, columns=", ".join(outcome.ignored)))
    if outcome.dry_run:
        print(t("impact.import.dry_run", lang))
    else:
        s = outcome.summary
        print(t("impact.import.saved", lang, inserted=s.inserted, updated=s.updated, unchanged=s.unchanged))
    return 0


def _run_import(args, settings: Settings, importer) -> int:
    """Check the file, run ``importer`` as the CLI user, report row by row; expected
    failures become one-line ``CommandError``s."""
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"file not found: {path}")
    lang = args.lang or settings.default_language  # the CLI speaks DEFAULT_LANGUAGE unless told otherwise
    engine = make_engine(settings.database_url)
    try:
        outcome = importer(engine, _cli_user(engine, args.user), settings, path, path.name, dry_run=args.dry_run)
    except (SourceFormatError, PermissionDenied, UploadRejected) as exc:
        raise CommandError(say(exc, lang)) from exc
    except (OperationalError, InterfaceError) as exc:  # the rows are written in one transaction: none or all
        raise CommandError(
            database_unavailable(exc, "nothing was imported (a file is written all or nothing)")
        ) from exc
    return _report(outcome, lang, path.name)


def cmd_import_impact(args, settings: Settings) -> int:
    return _run_import(args, settings, import_impact)


def cmd_import_shelters(args, settings: Settings) -> int:
    return _run_import(args, settings, import_shelters)


def cmd_import_flood_extent(args, settings: Settings) -> int:
    path = Path(args.file)
    if not path.exists():
        raise CommandError(f"file not found: {path}")
    try:
        when = date.fromisoformat(args.date) if args.date else None
    except ValueError as exc:
        raise CommandError(f"--date {args.date!r} is not a date such as 2026-10-12") from exc
    engine = make_engine(settings.database_url)
    try:
        results = import_flood_extent(engine, _cli_user(engine, args.user), settings, path, when)
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from exc
    except (OperationalError, InterfaceError) as exc:  # each acquisition date is one transaction
        raise CommandError(database_unavailable(exc, "no flood extent was imported")) from exc
    for day, (summary, method) in sorted(results.items()):
        print(f"{day}: {summary.written} district areas written, {summary.unchanged} unchanged (method: {method})")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import-impact", help="import impact figures (DDPM GD027, DDPM 2020-2022 or English CSV/XLSX)"
    )
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    p.add_argument("--lang", choices=("th", "en"), help="language of the report (default: DEFAULT_LANGUAGE)")
    p.add_argument("--user", help="act as this account (default: the shell user, as admin)")
    p.set_defaults(func=cmd_import_impact)
    p = subparsers.add_parser("import-shelters", help="import evacuation centres from CSV/XLSX")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    p.add_argument("--lang", choices=("th", "en"), help="language of the report (default: DEFAULT_LANGUAGE)")
    p.add_argument("--user", help="act as this account (default: the shell user, as admin)")
    p.set_defaults(func=cmd_import_shelters)
    p = subparsers.add_parser(
        "import-flood-extent", help="store a flood-extent GeoJSON/Shapefile (or saved GISTDA reply)"
    )
    p.add_argument("file")
    p.add_argument("--date", help="acquisition date YYYY-MM-DD when the file does not carry one")
    p.add_argument("--user", help="act as this account (default: the shell user, as admin)")
    p.set_defaults(func=cmd_import_flood_extent)
