"""Template loading and validation: the shipped template is valid; a broken one is
refused with the file, the line and the reason."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.checklist_templates import NETWORKS, PHASES, TemplateError, instantiate, load_template_file, parse_template

DEFAULT = Path(__file__).resolve().parents[2] / "templates" / "flood_province_default.toml"
TEXT = DEFAULT.read_text(encoding="utf-8")


def _line_of(text: str, fragment: str) -> int:
    index = text.index(fragment)
    return text.count("\n", 0, index) + 1


def test_default_template_is_complete():
    template, _ = load_template_file(DEFAULT)
    assert {i.phase for i in template.items} == set(PHASES)
    assert {n for i in template.items for n in i.networks} == set(NETWORKS)
    keys = {i.key for i in template.items}
    for needed in (
        "monitor-key-stations",
        "warn-riverside",
        "incident-command-centre",
        "open-evacuation-centres",
        "evacuate-bedridden",
        "relief-payments",
        "declare-over",
        "daily-resource-report",
    ):
        assert needed in keys
    evac = next(i for i in template.items if i.key == "open-evacuation-centres")
    assert evac.trigger.station == "M.7" and evac.trigger.bank_msl == 112.0 and evac.trigger.within_bank_m == 0.5
    assert evac.trigger.forecast_h == 48 and evac.trigger.districts == ("3401", "3415")
    assert all(i.title_th != i.title_en for i in template.items)


@pytest.mark.parametrize(
    "old, new, reason",
    [
        (
            'phase = "warning"',
            'phase = "alarm"',
            "phase 'alarm' of item 'warn-riverside' is not one of preparedness, warning, response, recovery",
        ),
        ('agency = "pea"', 'agency = "egat"', "agency 'egat' of item 'cut-power' is not defined under [agencies]"),
        (
            'networks = ["government", "academia"]',
            'networks = ["government", "monks"]',
            "must be a non-empty list of: government, academia",
        ),
        (
            'scope = "province"\nduration_h = 1',
            'scope = "region"\nduration_h = 1',
            "scope 'region' of item 'monitor-key-stations' is not one of province, district",
        ),
        (
            "duration_h = 168",
            "duration_h = -1",
            "duration_h of item 'relief-payments' must be a positive number, got -1",
        ),
        ("duration_h = 168", "duratoin_h = 168", "unknown field 'duratoin_h' in an item"),
        ('key = "livestock"', 'key = "cut-power"', "item key 'cut-power' is used twice"),
        (
            "within_bank_m = 1.0\nbank_msl = 112.0\nforecast_h = 72\ndeadline_h = 3",
            "within_bank_m = 1.0\nlevel_msl = 111.0",
            "a trigger needs exactly one of within_bank_m or level_msl",
        ),
        (
            'districts = ["3401", "3415"]\ndeadline_h = 6',
            'districts = ["Warin"]\ndeadline_h = 6',
            "trigger.districts must be a list of four-digit DOPA district codes",
        ),
        (
            'title_en = "Declare the disaster over"',
            'title_en = ""',
            "title_en of item 'declare-over' must be non-empty text",
        ),
        (
            'station = "M.7"\nwithin_bank_m = 0.5\nbank_msl = 112.0\nforecast_h = 48\ndistricts = ["3401", '
            '"3415"]\ndeadline_h = 12\n\n[[items]]\nkey = "evacuate-bedridden"',
            'station = "M.7"\nwithin_bank_m = 0.5\nbank_msl = 112.0\nforecast_hours = 48\ndistricts = ["3401", '
            '"3415"]\ndeadline_h = 12\n\n[[items]]\nkey = "evacuate-bedridden"',
            "unknown field 'forecast_hours' in a trigger",
        ),
    ],
)
def test_broken_template_names_line_and_reason(old, new, reason):
    assert old in TEXT
    broken = TEXT.replace(old, new, 1)
    with pytest.raises(TemplateError) as info:
        parse_template(broken, "flood.toml")
    assert reason in info.value.reason
    # the reported line is the changed line (or, for a whole-trigger problem, its table header)
    end = TEXT.index(old) + len(new)
    at = (
        "[items.trigger]"
        if "exactly one" in reason
        else next(part for part in new.split("\n") if part not in old.split("\n"))
    )
    assert info.value.line == broken.count("\n", 0, broken.rindex(at, 0, end)) + 1
    assert str(info.value).startswith(f"flood.toml line {info.value.line}: ")


def test_toml_syntax_error_has_its_line():
    broken = TEXT.replace('key = "barriers"', 'key = "barriers', 1)
    with pytest.raises(TemplateError) as info:
        parse_template(broken, "flood.toml")
    assert info.value.line == _line_of(broken, 'key = "barriers')
    assert "not valid TOML" in info.value.reason


@pytest.mark.parametrize(
    "text, reason",
    [
        ("[agencies.aa]\nth='ก'\nen='A'\n[[items]]\nkey='x1'\n", "missing the [template] table"),
        ("[template]\nname='t1'\ntitle_th='ก'\ntitle_en='T'\n", "missing the [agencies.<key>] tables"),
        (
            "[template]\nname='t1'\ntitle_th='ก'\ntitle_en='T'\n[agencies.aa]\nth='ก'\nen='A'\n",
            "the template has no [[items]]",
        ),
    ],
)
def test_structural_errors(text, reason):
    with pytest.raises(TemplateError, match=reason.replace("[", r"\[").replace("]", r"\]")):
        parse_template(text, "t.toml")


def test_instantiate_province_and_district_items():
    template, _ = load_template_file(DEFAULT)
    opened = datetime(2026, 10, 1, 0, 0, tzinfo=UTC)
    rows = instantiate(template, "34", ["3401", "3415", "3419"], opened)
    province_items = [i for i in template.items if i.scope == "province"]
    district_items = [i for i in template.items if i.scope == "district"]
    assert len(rows) == len(province_items) + 3 * len(district_items)
    evac = [r for r in rows if r["item_key"] == "open-evacuation-centres"]
    assert {r["district_code"]: r["trigger"] is not None for r in evac} == {"3401": True, "3415": True, "3419": False}
    monitor = next(r for r in rows if r["item_key"] == "monitor-key-stations")
    assert monitor["district_code"] is None and monitor["due_at"] == datetime(2026, 10, 1, 1, 0, tzinfo=UTC)
    assert [r["phase"] for r in rows] == sorted((r["phase"] for r in rows), key=PHASES.index)
