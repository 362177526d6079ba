"""``python manage.py <command>``: commands are discovered from the modules of this
package; each defines ``register(subparsers)``. Failures print one line and exit 1."""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys


class CommandError(Exception):
    """An expected failure: the message is the one line the operator sees."""


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


def main(argv: list[str] | None = None) -> int:
    from config import SettingsError, load_settings
    from data_sources.errors import SourceError

    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        settings = load_settings(os.environ, _secrets_file())
        return int(args.func(args, settings) or 0)
    except (CommandError, SettingsError, SourceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
