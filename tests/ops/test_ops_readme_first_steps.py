"""Issue 16's first run: the README's create-user lines run without a terminal (they failed
'password has 0 characters; at least 10 are required'), the minimum is said, and the columns
of an English impact file are documented (with the fixture's header as the example)."""

from __future__ import annotations

import re
from pathlib import Path

from auth.passwords import MIN_LENGTH
from data_sources.impact_files import EN_COLUMNS
from tests.foundation.test_readme import section

ROOT = Path(__file__).resolve().parents[2]


def test_every_create_user_line_says_how_the_password_is_given():
    steps = section("First steps on a new installation")
    lines = [line for line in steps.splitlines() if ".venv/bin/python manage.py create-user" in line]  # the commands
    assert lines and all("--password-env" in line for line in lines), lines
    assert re.search(rf"\b{MIN_LENGTH} characters\b", steps) and "prompt" in steps and "stdin" in steps


def test_the_english_impact_columns_are_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    header = (ROOT / "tests" / "fixtures" / "impact" / "en_district.csv").read_text(encoding="utf-8").splitlines()[0]
    start = readme.index("### English impact file")
    text = readme[start : readme.find("\n## ", start)]
    missing = [column for column in EN_COLUMNS if f"`{column}`" not in text]
    assert not missing, missing
    assert header.split(",")[:2] == ["district", "report_time"] and "3401" in text and "Bangkok" in text
