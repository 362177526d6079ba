"""``manage.py create-user | set-password | load-template | open-event | list-events |
evaluate-triggers | list-items``: the same store functions the pages use, acting as the
system account (the operator at the server console is trusted)."""

from __future__ import annotations

import getpass
import os
import sys

import pandas as pd
from sqlalchemy.exc import SQLAlchemyError

from auth import ROLES, SYSTEM
from auth.passwords import WeakPassword
from cli import CommandError
from config import Settings
from domain.checklist_templates import PHASES, TemplateError
from domain.triggers import describe
from i18n import count_en
from ops.exports import csv_text
from store import checklist_items, checklists, users
from store.db import make_engine

FORMATS = ("table", "csv")


def _engine(settings: Settings):
    return make_engine(settings.database_url)


def _codes(text: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def _read_password(args) -> str | None:
    if args.no_password:
        return None
    if args.password_env:
        value = os.environ.get(args.password_env)
        if not value:
            raise CommandError(f"environment variable {args.password_env} is empty or not set")
        return value
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Again: "):
            raise CommandError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_create_user(args, settings: Settings) -> int:
    try:
        user = users.create_user(
            _engine(settings),
            SYSTEM,
            args.username,
            args.name or args.username,
            args.role,
            _read_password(args),
            agencies=_codes(args.agencies),
            districts=_codes(args.districts),
            email=args.email,
        )
    except (ValueError, WeakPassword) as exc:
        raise CommandError(str(exc)) from exc
    print(
        f"created {user.role} {user.username} ({user.display_name}); agencies: {','.join(user.agencies) or 'all'}; "
        f"districts: {','.join(user.districts) or 'all'}"
    )
    return 0


def cmd_set_password(args, settings: Settings) -> int:
    try:
        users.set_password(_engine(settings), SYSTEM, args.username, _read_password(args) or "")
    except (ValueError, WeakPassword) as exc:
        raise CommandError(str(exc)) from exc
    print(f"password of {args.username} changed")
    return 0


def cmd_load_template(args, settings: Settings) -> int:
    try:
        with open(args.path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise CommandError(f"cannot read template {args.path}: {exc.strerror}") from exc
    try:
        template_id = checklists.load_template(_engine(settings), SYSTEM, text, args.path)
    except TemplateError as exc:
        raise CommandError(str(exc)) from exc
    template = checklists.get_template(_engine(settings), template_id)
    print(f"template {template.name} loaded as id {template_id}: {len(template.items)} items")
    return 0


def cmd_open_event(args, settings: Settings) -> int:
    province = args.province or settings.province_code
    try:
        event_id = checklists.open_event(
            _engine(settings), SYSTEM, args.name, province, list(_codes(args.districts)), args.template_id
        )
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    items = checklists.items_frame(_engine(settings), event_id)
    print(
        f"event {event_id} '{args.name}' opened for province {province}, districts {args.districts}: {len(items)} items"
    )
    return 0


def cmd_list_events(args, settings: Settings) -> int:
    events = checklists.list_events(_engine(settings))
    if events.empty:
        print("no events; open one with: python manage.py open-event NAME --districts 3401,3415")
        return 0
    events["districts"] = events["districts"].map(",".join)
    print(events.to_string(index=False))
    return 0


def cmd_evaluate_triggers(args, settings: Settings) -> int:
    from cli.water import parse_at
    from store.water_situation import latest_situation

    engine = _engine(settings)
    at = parse_at(args.at)
    situation = latest_situation(engine, settings.province_code, at=at, stale_after_s=settings.waterlevel_stale_s)
    if situation.empty:
        raise CommandError(
            f"no water situation for province {settings.province_code}; run python manage.py ingest --source thaiwater"
        )
    from services.forecast_triggers import situation_with_forecasts

    situation = situation_with_forecasts(engine, settings, situation, at)  # triggers on the level forecast too
    usable = int((~situation["stale"].fillna(True).astype(bool)).sum())
    print(f"{usable} of {len(situation)} stations have a fresh reading; stale readings never fire a trigger")
    if args.event:
        results = {args.event: checklist_items.apply_triggers(engine, args.event, situation, actor=SYSTEM, now=at)}
    else:
        results = checklist_items.apply_triggers_to_open_events(
            engine, settings.province_code, situation, actor=SYSTEM, now=at
        )
    for event_id, fired in results.items():
        print(f"event {event_id}: {count_en(len(fired), 'item')} became due")
        for item_id, firing in fired.items():
            item = checklists.get_item(engine, item_id)
            print(
                f"  #{item_id} {item.title_en} [{item.district_code or 'province'}] due {item.due_at:%Y-%m-%d %H:%M} "
                f"UTC: {describe(firing, 'en')}"
            )
    return 0


def cmd_list_items(args, settings: Settings) -> int:
    if args.format not in FORMATS:
        raise CommandError(f"--format {args.format!r} is not known; allowed: {', '.join(FORMATS)}")
    engine = _engine(settings)
    event_id = args.event or next(iter(checklists.open_event_ids(engine, settings.province_code)), None)
    if event_id is None:
        raise CommandError("no open event; open one with: python manage.py open-event NAME --districts 3401,3415")
    items = checklists.items_frame(engine, event_id)
    if args.phase:
        if args.phase not in PHASES:
            raise CommandError(f"--phase {args.phase!r} is not one of {', '.join(PHASES)}")
        items = items[items["phase"] == args.phase]
    if args.district:
        items = items[items["district_code"] == args.district]
    if args.overdue:
        items = items[items["overdue"]]
    out = items[
        [
            "id",
            "phase",
            "district_code",
            "item_key",
            "agency",
            "state",
            "owner_person",
            "due_at",
            "overdue",
            "version",
            "updated_by",
        ]
    ]
    if args.format == "csv":
        sys.stdout.write(csv_text(out))  # officers' text may start with = + - @ or hold a CR
    else:
        with pd.option_context("display.max_rows", None, "display.width", 200):
            print(out.to_string(index=False))
    return 0


def _guard(handler):
    def run(args, settings):
        try:
            return handler(args, settings)
        except SQLAlchemyError as exc:
            raise CommandError(
                f"database error ({exc.__class__.__name__}); run python manage.py migrate first"
            ) from exc

    return run


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "create-user", help="create a local account (password from the terminal, stdin or --password-env)"
    )
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--name", help="display name")
    p.add_argument("--agencies", help="comma-separated agency keys of the template (officers; empty = all)")
    p.add_argument("--districts", help="comma-separated DOPA district codes (officers; empty = whole province)")
    p.add_argument("--email", help="for OIDC sign-in: the e-mail the identity provider reports")
    p.add_argument("--password-env", help="read the password from this environment variable")
    p.add_argument("--no-password", action="store_true", help="OIDC-only account")
    p.set_defaults(func=_guard(cmd_create_user))

    p = subparsers.add_parser("set-password", help="replace an account's password")
    p.add_argument("username")
    p.add_argument("--password-env")
    p.set_defaults(func=_guard(cmd_set_password), no_password=False)

    p = subparsers.add_parser("load-template", help="validate and load a checklist template (TOML)")
    p.add_argument("path")
    p.set_defaults(func=_guard(cmd_load_template))

    p = subparsers.add_parser(
        "open-event", help="open a flood event: the template's items for the province and each district"
    )
    p.add_argument("name")
    p.add_argument("--districts", required=True, help="comma-separated DOPA district codes, e.g. 3401,3415")
    p.add_argument("--province", help="DOPA province code (default: the configured one)")
    p.add_argument("--template-id", type=int, help="default: the newest loaded template")
    p.set_defaults(func=_guard(cmd_open_event))

    p = subparsers.add_parser("list-events", help="list checklist events")
    p.set_defaults(func=_guard(cmd_list_events))

    p = subparsers.add_parser(
        "evaluate-triggers", help="make items due whose river condition holds on the latest situation"
    )
    p.add_argument("--event", type=int, help="default: every open event of the province")
    p.add_argument("--at", help="replay time, ISO (no offset = Bangkok time); default now")
    p.set_defaults(func=_guard(cmd_evaluate_triggers))

    p = subparsers.add_parser("list-items", help="print an event's checklist items")
    p.add_argument("--event", type=int, help="default: the newest open event")
    p.add_argument("--phase")
    p.add_argument("--district")
    p.add_argument("--overdue", action="store_true")
    p.add_argument("--format", default="table", help="table or csv")
    p.set_defaults(func=_guard(cmd_list_items))
