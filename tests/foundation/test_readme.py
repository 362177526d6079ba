"""Issue 15: the README's first steps and command table are what a new office needs: the
command table renders as one table naming every command, every ``--source`` of
``ingest --from-file`` is listed, boundaries come before any ingest, ``PORT`` is documented,
and the system-packages script's install is said."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from cli import build_parser
from ingest import discover_jobs

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 3)
    return README[start : end if end > 0 else None]


def test_the_command_table_is_one_rendered_table_with_every_command():
    html = MarkdownIt("commonmark").enable("table").render(section("Command line"))
    assert html.count("<table>") == 1, "the command table is split (a blank line ends a Markdown table)"
    table = html[html.index("<table>") : html.index("</table>")]
    commands = build_parser()._subparsers._group_actions[0].choices
    missing = [name for name in commands if f"<code>{name}" not in table and f" {name}" not in table]
    assert not missing, missing


def test_first_steps_list_every_source_and_start_with_boundaries():
    steps = section("First steps on a new installation")
    for source in discover_jobs():
        assert f"`{source}`" in steps, source
    assert "ubon_districts.geojson" in steps
    boundaries = steps.index("import-boundaries")
    assert all(boundaries < m.start() for m in re.finditer(r"manage\.py ingest", steps))


def test_port_the_wall_url_and_the_system_packages_are_documented():
    assert "`PORT`" in README
    assert "/?screen=1&rotate=20" in README
    assert "--no-install-recommends" in README and "scripts/install-system-deps.sh" in README
