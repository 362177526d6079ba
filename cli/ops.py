"""Operations commands: backup and restore of the whole database."""

from __future__ import annotations

from cli import CommandError
from config import Settings
from i18n import t
from i18n.diagnostic import say
from ops.backup import BackupError, backup_database, restore_database
from store.db import make_engine, schema_status


def cmd_backup(args, settings: Settings) -> int:
    try:
        result = backup_database(settings.database_url, args.out)
    except BackupError as exc:
        raise CommandError(f"backup failed: {exc}") from exc
    print(
        f"backup of {settings.masked()['database_url']} ({result.backend}) written to {result.path} "
        f"({result.bytes:,} bytes)"
    )
    return 0


def cmd_restore(args, settings: Settings) -> int:
    try:
        backend = restore_database(settings.database_url, args.file)
    except BackupError as exc:
        raise CommandError(
            t("cli.restore_failed", settings.default_language, reason=say(exc, settings.default_language))
        ) from exc
    engine = make_engine(settings.database_url)
    current, head = schema_status(engine)
    engine.dispose()
    print(
        f"restored {args.file} into {settings.masked()['database_url']} ({backend}); schema revision {current} (code "
        f"head {head})"
    )
    if current != head:
        print("the backup is from an older version: run python manage.py migrate")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("backup", help="write a complete backup of the database to a file")
    p.add_argument("--out", required=True, help="backup file to write (SQLite file or pg_dump archive)")
    p.set_defaults(func=cmd_backup)
    p = subparsers.add_parser("restore", help="replace the database's contents with a backup file")
    p.add_argument("file", help="a file written by manage.py backup")
    p.set_defaults(func=cmd_restore)
