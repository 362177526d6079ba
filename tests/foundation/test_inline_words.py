"""Words a person reads come from the i18n catalogue, not from Thai/English pairs inline in code
(issue 17): these modules hold no Thai sentence of their own (calendar tables aside)."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
THAI = re.compile("[\u0e00-\u0e7f]")
CALENDAR_TABLES = {"TH_MONTHS", "TH_MONTHS_FULL", "TH_DAYS"}


def _thai_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = {
        id(n)
        for a in ast.walk(tree)
        if isinstance(a, ast.Assign) and any(getattr(t, "id", "") in CALENDAR_TABLES for t in a.targets)
        for n in ast.walk(a.value)
    }
    docstrings = {
        id(b[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and (b := n.body)
        and isinstance(b[0], ast.Expr)
        and isinstance(b[0].value, ast.Constant)
    }
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and THAI.search(n.value)
        and id(n) not in allowed | docstrings
    ]


@pytest.mark.parametrize("module", ["i18n/timefmt.py", "domain/triggers.py"])
def test_no_inline_thai_words(module):
    assert not _thai_literals(ROOT / module)


def test_durations_and_ages_have_singular_and_plural_forms():
    from datetime import timedelta

    from i18n.timefmt import format_age, format_duration

    assert format_duration(86400, "en") == "1 day" and format_duration(2 * 86400, "en") == "2 days"
    assert format_duration(86400, "th") == "1 วัน" and format_age(timedelta(days=3), "th") == "3 วันที่แล้ว"


def test_no_catalogue_string_with_a_count_says_s_in_brackets():
    from i18n import CATALOGUE

    assert not [k for k, (_, en) in CATALOGUE.items() if "{n}" in en and "(s)" in en]


def test_a_count_of_one_takes_the_singular():
    from i18n import t

    assert t("water.no_coordinates", "en", n=1) == "1 station has no coordinates and is not on the map (see the table)"
    assert t("water.no_coordinates", "en", n=3).startswith("3 stations have")
    assert t("impact.shelters.import_now", "en", n="1") == "Import 1 centre"
    assert t("water.no_coordinates", "th", n=1) == t("water.no_coordinates", "th", n=2).replace("2", "1")
