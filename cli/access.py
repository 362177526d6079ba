"""``manage.py create-screen-token NAME | list-screen-tokens | revoke-screen-token NAME |
clear-throttle USER``: wall-screen links and sign-in throttles (issue 14), and the session
signing key ``manage.py serve`` hands to Streamlit (``secret_key_env``)."""

from __future__ import annotations

import os
import secrets
import sys

from sqlalchemy.exc import SQLAlchemyError

from auth import SYSTEM
from cli import CommandError
from config import Settings
from i18n import count_en
from store import screens, users
from store.db import make_engine

KEY_FILE = "secret_key"
MAKE_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


def _guarded(handler):
    def run(args, settings):
        try:
            return handler(args, settings, make_engine(settings.database_url))
        except SQLAlchemyError as exc:
            raise CommandError(
                f"database error ({exc.__class__.__name__}); run python manage.py migrate first"
            ) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    return run


def cmd_create_screen_token(args, settings: Settings, engine) -> int:
    token = screens.create_screen_token(engine, SYSTEM, args.name)
    base = args.base_url.rstrip("/")
    print(f"screen {args.name!r}: open this URL on the wall screen (shown once; keep it like a password):")
    print(f"{base}/briefing?screen=1&rotate=20&lang={settings.default_language}&token={token}")
    return 0


def cmd_list_screen_tokens(args, settings: Settings, engine) -> int:
    rows = screens.list_screen_tokens(engine)
    if not rows:
        print("no screen tokens")
    for row in rows:
        state = (
            f"revoked {row['revoked_at']:%Y-%m-%d %H:%M} UTC by {row['revoked_by']}" if row["revoked_at"] else "live"
        )
        used = f"{row['last_used_at']:%Y-%m-%d %H:%M} UTC" if row["last_used_at"] else "never"
        print(
            f"{row['name']}\t{state}\tmade {row['created_at']:%Y-%m-%d %H:%M} UTC by {row['created_by']}\tlast used "
            f"{used}"
        )
    return 0


def cmd_revoke_screen_token(args, settings: Settings, engine) -> int:
    if not screens.revoke_screen_token(engine, SYSTEM, args.name):
        raise CommandError(f"screen {args.name!r} has no live token (see manage.py list-screen-tokens)")
    print(f"screen {args.name!r}: token revoked; the wall screen is refused at its next refresh")
    return 0


def cmd_clear_throttle(args, settings: Settings, engine) -> int:
    count = users.clear_throttle(engine, SYSTEM, args.username, client=args.client)
    print(f"{args.username}: {count_en(count, 'failed sign-in attempt')} cleared; they may sign in again at once")
    return 0


def secret_key_env(settings: Settings) -> dict[str, str]:
    """``{"SECRET_KEY": ...}`` for the Streamlit process of ``manage.py serve``.

    The setting wins; else the key kept in ``DATA_DIR/secret_key`` (made here on first need,
    readable by its owner only; ``data/`` is git-ignored) so ``make run`` works on a new
    installation and sessions survive a restart. Raises ``CommandError`` when there is no key,
    none can be kept and local accounts exist."""
    if settings.secret_key:
        return {}
    path = settings.data_dir / KEY_FILE
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as fh:
                fh.write(secrets.token_urlsafe(32) + "\n")
            print(
                f"serve: SECRET_KEY is not set; made one in {path} (keep it out of backups you share)", file=sys.stderr
            )
        key = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        key = ""
        reason = f"{path} cannot be used ({exc.__class__.__name__})"
    else:
        reason = f"{path} is empty"
    if key:
        return {"SECRET_KEY": key}
    if users.local_accounts_exist(make_engine(settings.database_url)):
        raise CommandError(
            f"SECRET_KEY is not set and {reason}; local accounts need one: make it with {MAKE_KEY} and set SECRET_KEY"
        )
    return {}


def secret_key_status(settings: Settings) -> tuple[bool, str]:
    """(ok, detail) for ``manage.py check``."""
    if settings.secret_key:
        return True, "set"
    if (settings.data_dir / KEY_FILE).is_file():
        return True, f"from {settings.data_dir / KEY_FILE} (made by manage.py serve)"
    try:
        needed = users.local_accounts_exist(make_engine(settings.database_url))
    except SQLAlchemyError:
        needed = False
    if not needed:
        return True, "not set (no local accounts yet; manage.py serve makes one in DATA_DIR)"
    return (
        False,
        f"not set and local accounts exist: make one with {MAKE_KEY} and set SECRET_KEY (environment or "
        ".streamlit/secrets.toml)",
    )


def register(subparsers) -> None:
    p = subparsers.add_parser("create-screen-token", help="make a read-only wall-screen link (shown once)")
    p.add_argument("name", help="the screen's name, e.g. 'Meeting room 1'")
    p.add_argument("--base-url", default="http://localhost:8501", help="the server's address as the screen reaches it")
    p.set_defaults(func=_guarded(cmd_create_screen_token))
    p = subparsers.add_parser("list-screen-tokens", help="the wall-screen links made, live and revoked")
    p.set_defaults(func=_guarded(cmd_list_screen_tokens))
    p = subparsers.add_parser("revoke-screen-token", help="revoke the link of a wall screen")
    p.add_argument("name")
    p.set_defaults(func=_guarded(cmd_revoke_screen_token))
    p = subparsers.add_parser(
        "clear-throttle", help="let a user whose sign-ins are being slowed down try again at once"
    )
    p.add_argument("username")
    p.add_argument("--client", help="only the throttle of this client address")
    p.set_defaults(func=_guarded(cmd_clear_throttle))
