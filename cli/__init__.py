"""``python manage.py <command>``: commands are discovered from the modules of this
package; each defines ``register(subparsers)``. Failures print one line and exit 1."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

DEBUG_ENV = "FLOODROOM_DEBUG"  # set to 1 to get the traceback of an unexpected error instead of one line


class CommandError(Exception):
    """An expected failure: the message is the one line the operator sees."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's own message (a driver error's, not SQLAlchemy's wrapper)."""
    inner = getattr(exc, "orig", None) or exc
    lines = str(inner).strip().splitlines()
    return lines[0].strip() if lines else type(inner).__name__


def database_unavailable(exc: BaseException, outcome: str) -> str:
    """One line for a database that is down or went away mid-command; ``outcome`` says what
    was (not) written, e.g. 'nothing was imported'."""
    return f"database unavailable ({first_line(exc)}); {outcome}, run the command again when it is back"


def _unexpected(exc: Exception, secrets: tuple[str, ...]) -> str:
    from sqlalchemy.exc import InterfaceError, OperationalError

    if isinstance(exc, (OperationalError, InterfaceError)):
        text = database_unavailable(exc, "nothing more was written")
    else:
        text = f"unexpected {type(exc).__name__}: {first_line(exc)} (run again with {DEBUG_ENV}=1 to see the traceback)"
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _secrets(settings) -> tuple[str, ...]:
    if settings is None:
        return ()
    from ingest import secret_values

    return secret_values(settings)


def _secrets_file() -> dict:
    import tomllib
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / ".streamlit" / "secrets.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manage.py", description="Flood Room command line")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"cli.{info.name}")
        if hasattr(module, "register"):
            module.register(subparsers)
    return parser


SIGPIPE_EXIT = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader left (`| head`)


def _quiet_closed_stdout() -> int:
    """The reader of stdout went away (``manage.py forecast | head -2``): point stdout at
    /dev/null so the interpreter's last flush cannot fail again, and exit as a shell's
    SIGPIPE-killed writer does, without a traceback or an error line."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout has no file descriptor (a test's capture)
        pass
    finally:
        os.close(devnull)
    return SIGPIPE_EXIT


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit status. A closed stdout ends every command quietly (141)."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # a reader that left shows up here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        return _quiet_closed_stdout()


def _main(argv: list[str] | None = None) -> int:
    from config import SettingsError, load_settings
    from config.logs import configure_logging
    from data_sources.errors import SourceError

    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    settings = None
    try:
        settings = load_settings(os.environ, _secrets_file())
        return int(args.func(args, settings) or 0)
    except (CommandError, SettingsError, SourceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise  # stdout closed: main ends quietly
    except Exception as exc:
        if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
            raise
        print(f"error: {_unexpected(exc, _secrets(settings))}", file=sys.stderr)
        return 1
