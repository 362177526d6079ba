"""Briefing commands:

manage.py export-briefing --format pptx|pdf --out FILE [--lang th|en] [--at TIME]
manage.py save-briefing [--by USERNAME] [--title TEXT] [--at TIME]
manage.py public-summary [--lang th|en] [--card FILE.png] [--at TIME]
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from auth import SYSTEM, PermissionDenied
from cli import CommandError
from cli.water import parse_at
from config import Settings
from ops.files import WriteFailed, write_atomic
from store.db import make_engine

LANGS = ("th", "en")


def _engine(settings: Settings):
    return make_engine(settings.database_url)


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise CommandError(f"--lang {lang!r} is not known; allowed: {', '.join(LANGS)}")
    return lang


def _snapshot(settings: Settings, at_text: str | None):
    from services.briefing_snapshot import snapshot_with_forecasts

    engine = _engine(settings)
    try:
        return engine, snapshot_with_forecasts(engine, settings, parse_at(at_text))
    except SQLAlchemyError as exc:
        raise CommandError(
            f"cannot read the database ({exc.__class__.__name__}); run python manage.py migrate"
        ) from exc


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise CommandError(
            str(exc) if isinstance(exc, WriteFailed) else f"cannot write {path}: {exc.strerror}"
        ) from exc


def cmd_export(args, settings: Settings) -> int:
    from briefing.deck import FORMATS, build_deck
    from briefing.figures import ChartsUnavailable
    from geo.display import districts_geojson

    if args.format not in FORMATS:
        raise CommandError(f"--format {args.format!r} is not known; allowed: {', '.join(FORMATS)}")
    lang = _check_lang(args.lang)
    engine, snapshot = _snapshot(settings, args.at)
    try:
        data = build_deck(
            engine, settings, args.format, lang=lang, geojson=districts_geojson(settings), snapshot=snapshot
        )
    except ChartsUnavailable as exc:
        raise CommandError(str(exc)) from exc
    out = Path(args.out)
    _write(out, data)
    print(f"wrote {out} ({len(data):,} bytes, {args.format}, {lang})")
    return 0


def cmd_save(args, settings: Settings) -> int:
    from store.briefings import save_briefing
    from store.users import get_user

    engine, snapshot = _snapshot(settings, args.at)
    user = SYSTEM
    if args.by:
        user = get_user(engine, args.by)
        if user is None:
            raise CommandError(f"--by {args.by!r} is not a user; create it with python manage.py create-user")
    try:
        briefing_id = save_briefing(engine, user, snapshot, title=args.title or "")
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from exc
    print(f"saved briefing {briefing_id} taken at {snapshot['taken_at']} by {user.username}")
    return 0


def cmd_summary(args, settings: Settings) -> int:
    from domain.summary import public_summary

    lang = _check_lang(args.lang)
    _, snapshot = _snapshot(settings, args.at)
    sys.stdout.write(public_summary(snapshot, lang) + "\n")
    if args.card:
        from briefing.card import render_card

        _write(Path(args.card), render_card(snapshot, lang))
        print(f"wrote card {args.card}", file=sys.stderr)
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("export-briefing", help="build the briefing deck (pptx or pdf) from live data")
    p.add_argument("--format", required=True, help="pptx or pdf")
    p.add_argument("--out", required=True, help="file to write")
    p.add_argument("--lang", default="th", help="th (default) or en")
    p.add_argument("--at", default=None, help="replay time, ISO (no offset = Bangkok time); default now")
    p.set_defaults(func=cmd_export)
    p = subparsers.add_parser("save-briefing", help="save the current situation as a briefing (for 'what changed')")
    p.add_argument("--by", default=None, help="username who gave the briefing (default: system)")
    p.add_argument("--title", default="", help="a short title")
    p.add_argument("--at", default=None, help="replay time, ISO (no offset = Bangkok time); default now")
    p.set_defaults(func=cmd_save)
    p = subparsers.add_parser("public-summary", help="print the public summary text; --card writes the PNG card")
    p.add_argument("--lang", default="th", help="th (default) or en")
    p.add_argument("--card", default=None, help="also write the phone-sized PNG card here")
    p.add_argument("--at", default=None, help="replay time, ISO (no offset = Bangkok time); default now")
    p.set_defaults(func=cmd_summary)
