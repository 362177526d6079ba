"""``manage.py import-impact FILE [--dry-run] [--lang th|en]``, ``import-shelters FILE``
and ``import-flood-extent FILE``. The import functions here are the same ones the
entry page calls: read, validate every row, then write all or nothing.
"""
from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from auth import PermissionDenied, User, require_scope
from cli import CommandError, database_unavailable
from config import Settings
from data_sources.errors import SourceFormatError
from data_sources.impact_files import read_impact_file, read_shelter_file
from domain.impact import Problem, validate_impact_rows, validate_shelter_rows
from i18n import t
from i18n.diagnostic import say
from ops.uploads import UploadRejected
from store.db import make_engine
from store.health import record_attempt
from store.impact import SaveSummary, latest_report_time, save_impact_reports, save_shelters

HEALTH_SOURCE = "impact"


@dataclass
class ImportOutcome:
    """What an import found and (unless ``dry_run``) wrote."""

    layout: str
    rows_read: int
    records: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    skipped_other_province: int = 0
    summary: SaveSummary | None = None
    ignored: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def import_impact(engine: Engine, user: User, settings: Settings, data: bytes | Path, filename: str,
                  *, dry_run: bool = False, now: datetime | None = None) -> ImportOutcome:
    """Read an impact file (any layout), validate every row and, when all rows are good and
    not ``dry_run``, write the district reports in one transaction and mark the impact
    source fresh. Raises ``UploadRejected`` (size/type/zip limits), ``SourceFormatError``
    (unreadable file) or ``PermissionDenied``."""
    now = now or datetime.now(timezone.utc)
    data = _checked_bytes(data, filename)
    parsed = read_impact_file(data, filename, settings.import_max_rows)
    checked = validate_impact_rows(parsed.rows, parsed.level, settings.province_code, now)
    outcome = ImportOutcome(parsed.layout, checked.rows_read, checked.records, checked.problems, checked.skipped_other_province,
                            ignored=parsed.ignored, dry_run=dry_run)
    if checked.ok and not dry_run:
        outcome.summary = save_impact_reports(engine, user, checked.records, source=f"file:{Path(filename).name}")
        record_attempt(engine, HEALTH_SOURCE, ok=True, rows=len(checked.records), data_time=latest_report_time(engine))
    return outcome


def _checked_bytes(data: bytes | Path, filename: str) -> bytes:
    """The file's bytes after the upload limits (size, type agrees with content, zip bombs);
    raises ``ops.uploads.UploadRejected`` (a ValueError) naming the file and the limit."""
    from ops.uploads import check_upload

    raw = Path(data).read_bytes() if isinstance(data, (str, Path)) else bytes(data)
    check_upload(Path(filename).name, raw, ("csv", "xlsx"))
    return raw


def save_form_report(engine: Engine, user: User, record: dict) -> SaveSummary:
    """One district report from the entry form (``domain.impact`` columns), marked as
    entered through the form by ``user``; the impact source becomes fresh."""
    summary = save_impact_reports(engine, user, pd.DataFrame([record]), source="form")
    record_attempt(engine, HEALTH_SOURCE, ok=True, rows=1, data_time=latest_report_time(engine))
    return summary


def import_shelters(engine: Engine, user: User, settings: Settings, data: bytes | Path, filename: str,
                    *, dry_run: bool = False, now: datetime | None = None) -> ImportOutcome:
    """Read, validate and (all or nothing) write an evacuation-centre file."""
    now = now or datetime.now(timezone.utc)
    rows = read_shelter_file(_checked_bytes(data, filename), filename, settings.import_max_rows)
    checked = validate_shelter_rows(rows, settings.province_code, now)
    outcome = ImportOutcome("shelters", checked.rows_read, checked.records, checked.problems, dry_run=dry_run)
    if checked.ok and not dry_run:
        outcome.summary = save_shelters(engine, user, checked.records, source=f"file:{Path(filename).name}")
    return outcome


def _cli_user(engine: Engine, username: str | None) -> User:
    """The named account, else the person at the server's shell (an admin: they hold the database)."""
    if username:
        from store.users import get_user

        user = get_user(engine, username)
        if user is None:
            raise CommandError(f"no user {username!r}; create it with python manage.py user-add or leave out --user")
        return user
    return User(f"cli:{getpass.getuser()}"[:80], "Command line", "admin")


def _report(outcome: ImportOutcome, lang: str, name: str = "") -> int:
    if not outcome.ok:
        for problem in outcome.problems:
            print(problem.message(lang))
        if outcome.rows_read == 0:  # a header-only file: not "1 problem in 0 rows"
            raise CommandError(t("impact.import.no_data_rows", lang, name=name))
        raise CommandError(t("impact.import.failed", lang, problems=len(outcome.problems), rows=outcome.rows_read))
    key = "impact.import.checked_shelters" if outcome.layout == "shelters" else "impact.import.checked"
    print(t(key, lang, rows=outcome.rows_read, layout=outcome.layout, reports=len(outcome.records)))
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
        raise CommandError(database_unavailable(exc, "nothing was imported (a file is written all or nothing)")) from exc
    return _report(outcome, lang, path.name)


def cmd_import_impact(args, settings: Settings) -> int:
    return _run_import(args, settings, import_impact)


def cmd_import_shelters(args, settings: Settings) -> int:
    return _run_import(args, settings, import_shelters)


def import_flood_extent(engine: Engine, user: User, settings: Settings, path: Path, acquired_on: date | None = None) -> dict:
    """Store a flood-extent file (GeoJSON, zipped Shapefile, or a saved GISTDA reply):
    flooded area per district from the overlay on the imported boundaries (or GISTDA's own
    attributes), one layer per acquisition date. Returns {date: (SaveSummary, method)}."""
    from data_sources.gistda import read_extent_file
    from geo.boundaries import load_districts
    from ingest.gistda import read_saved_extent, store_flood_extent

    require_scope(user, "flood_extent.write", district_code=None)  # a province-wide layer
    extent = read_extent_file(path, acquired_on) if acquired_on else read_saved_extent(path)
    return store_flood_extent(engine, user, extent, load_districts(settings), settings.province_code, source=f"file:{path.name}")


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
    p = subparsers.add_parser("import-impact", help="import impact figures (DDPM GD027, DDPM 2020-2022 or English CSV/XLSX)")
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
    p = subparsers.add_parser("import-flood-extent", help="store a flood-extent GeoJSON/Shapefile (or saved GISTDA reply)")
    p.add_argument("file")
    p.add_argument("--date", help="acquisition date YYYY-MM-DD when the file does not carry one")
    p.add_argument("--user", help="act as this account (default: the shell user, as admin)")
    p.set_defaults(func=cmd_import_flood_extent)
