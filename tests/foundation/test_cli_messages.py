"""Every ``manage.py COMMAND`` a message or docstring tells the operator to run is a real command."""

import re
from pathlib import Path

from cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
MENTION = re.compile(r"manage\.py ([a-z][a-z-]*[a-z])\b(?![-*])")  # not a wildcard such as import-*


def _commands() -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")  # argparse keeps sub-commands here
    return set(sub.choices)


def test_every_command_a_message_names_exists():
    commands = _commands()
    wrong = []
    for folder in ("cli", "services", "ingest", "ui", "pages", "i18n", "ops", "store"):
        for path in (ROOT / folder).rglob("*.py"):
            for name in MENTION.findall(path.read_text(encoding="utf-8")):
                if name not in commands:
                    wrong.append(f"{path.relative_to(ROOT)}: manage.py {name}")
    assert not wrong, f"messages name commands that do not exist: {wrong}"
