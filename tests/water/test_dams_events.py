"""A dam release jump as an event: a checklist trigger an item can use (parsed from a template,
fired by the dam ingest, worded in both languages), a row in "what changed", the wall's dams
view and the snapshot, and ``ingest --from-file`` telling which source a dam file is."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import ingest.thaiwater as water_job
import ingest.thaiwater_dams as dams_job
from auth import SYSTEM
from briefing.dams import dam_records
from briefing.wall import view_html
from cli.sniff import matching_sources
from domain.changes import compare_snapshots, is_worsening
from domain.checklist_templates import TemplateError, Trigger, parse_template
from domain.triggers import Firing, describe, evaluate_trigger
from i18n.timefmt import BANGKOK
from ingest import IngestContext, run_job
from store import checklists
from tests.checklists.conftest import ADMIN
from tests.support.ci import reference_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DAY1, DAY2 = FIXTURES / "dams" / "analyst_dam_day1.json", FIXTURES / "dams" / "analyst_dam_day2.json"
TEMPLATE = FIXTURES / "checklists" / "dam_release_jump.toml"


def _moved(tmp_path: Path, source: Path, days_ago: int) -> Path:
    """A fixture day moved to ``days_ago`` days before today (Bangkok), so it is fresh."""
    payload = json.loads(source.read_text(encoding="utf-8"))
    day = (datetime.now(UTC).astimezone(BANGKOK) - timedelta(days=days_ago)).date().isoformat()
    for row in payload["data"]["dam_daily"]:
        row["dam_date"] = day
    path = tmp_path / f"{source.stem}_{days_ago}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def _key_stations(settings, engine) -> IngestContext:
    ctx = IngestContext(settings, engine, None)
    path = reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")
    assert run_job(ctx, water_job, from_file=path).ok  # the key stations and their basins
    return ctx


def test_a_dam_trigger_parses_and_a_mixed_one_is_refused():
    template = parse_template(TEMPLATE.read_text(encoding="utf-8"), "dam.toml")
    trigger = template.items[0].trigger
    assert trigger == Trigger(station="", dam="สิรินธร", deadline_h=3.0)
    assert Trigger.from_dict(trigger.to_dict()) == trigger
    bad = TEMPLATE.read_text(encoding="utf-8").replace('dam = "*"', 'dam = "*"\nstation = "M.7"')
    with pytest.raises(TemplateError, match="unknown field 'station' in a dam trigger"):
        parse_template(bad, "bad.toml")


def test_a_dam_trigger_never_fires_on_the_river_table_nor_a_river_trigger_on_dams():
    import pandas as pd

    river = pd.DataFrame({"station_code": ["M.7"], "level_msl": [113.0], "stale": [False]})
    assert evaluate_trigger(Trigger(station="", dam="*"), river) is None
    jumps = pd.DataFrame({"dam_id": ["3"], "release_jump": [True], "stale": [False]})
    assert evaluate_trigger(Trigger(station="M.7", level_msl=100.0), jumps) is None


def test_the_dam_ingest_makes_the_jump_items_due(settings, engine, tmp_path):
    ctx = _key_stations(settings, engine)
    template_id = checklists.load_template(engine, SYSTEM, TEMPLATE.read_text(encoding="utf-8"))
    event_id = checklists.open_event(engine, ADMIN, "Dam test", "34", ["3401"], template_id)
    assert run_job(ctx, dams_job, from_file=_moved(tmp_path, DAY1, 1)).ok
    items = checklists.items_frame(engine, event_id)
    assert items["triggered_at"].isna().all()  # one day: no change, no jump
    outcome = run_job(ctx, dams_job, from_file=_moved(tmp_path, DAY2, 0))
    assert outcome.ok and any("became due on dam release jumps" in n for n in outcome.notes)
    items = checklists.items_frame(engine, event_id).set_index("item_key")
    assert items.loc["warn-below-sirindhorn", "triggered_at"] is not None
    assert items.loc["any-dam", "triggered_at"] is not None
    assert pd_isna(items.loc["quiet-ubol-ratana", "triggered_at"])  # +0.9: no jump
    reason = items.loc["warn-below-sirindhorn", "trigger_reason"]
    assert reason["kind"] == "dam_release_jump" and reason["level_msl"] == 2.6 and reason["threshold_msl"] == 1.0
    firing = Firing(**reason)
    assert describe(firing, "th") == "เขื่อนสิรินธร: ระบายน้ำ 2.60 ล้าน ลบ.ม./วัน เพิ่มจาก 1.00 เมื่อวาน"
    assert describe(firing, "en") == "Sirindhorn dam: release 2.60 million m³/day, up from 1.00 the day before"


def pd_isna(value) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def test_a_jump_is_a_change_and_shows_on_the_wall(settings, engine, tmp_path):
    ctx = _key_stations(settings, engine)
    assert run_job(ctx, dams_job, from_file=_moved(tmp_path, DAY1, 1)).ok
    before = {"province_code": "34", "dams": dam_records(engine, settings)}
    assert run_job(ctx, dams_job, from_file=_moved(tmp_path, DAY2, 0)).ok
    after = {"province_code": "34", "dams": dam_records(engine, settings)}
    changes = compare_snapshots(before, after)
    assert changes[["kind", "code", "measure"]].values.tolist() == [["dam", "10", "release_jump"]]
    row = changes.iloc[0]
    assert (row["before"], row["after"], row["change"]) == (1.0, 2.6, 1.6) and is_worsening(row)
    assert compare_snapshots(after, after).empty  # the same report is not a new event
    snapshot = {
        "taken_at": datetime.now(UTC).isoformat(),
        "dams": after["dams"],
        "sources": [],
        "stations": [],
    }
    html = view_html("dams", snapshot, None, "en", 3, 6)
    assert "Sirindhorn" in html and "Lam Pao" in html and "Bhumibol" not in html
    assert "release jump" in html and "#003CFA" in html.upper()  # Sirindhorn 76.8 %: HII's blue
    assert "daily report of" in html


def test_a_saved_dam_reply_is_recognised_for_ingest_from_file():
    assert matching_sources(DAY1) == ["thaiwater_dams"]
    assert matching_sources(reference_path("thaiwater", "hii_public_thailand_2020-06-29_dam.json")) == [
        "thaiwater_dams"
    ]


def test_manage_py_ingest_loads_the_recording(settings, monkeypatch, capsys):
    from cli import main

    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["migrate"]) == 0
    path = reference_path("thaiwater", "hii_public_thailand_2020-06-29_dam.json")
    assert main(["ingest", "--source", "thaiwater_dams", "--from-file", str(path)]) == 0
    assert main(["ingest", "--source", "thaiwater", "--from-file", str(DAY1)]) == 1
    assert "thaiwater_dams" in capsys.readouterr().err  # the refusal names the right source


def test_a_waiting_dam_item_says_what_it_waits_for():
    from ui.checklists import _trigger_text

    assert (
        _trigger_text(None, Trigger(station="", dam="*"), "en")
        == "Waiting for a dam: any dam in the basins release jump"
    )
    assert _trigger_text(None, Trigger(station="", dam="สิรินธร"), "th") == "รอเงื่อนไขเขื่อน: สิรินธร ระบายน้ำเพิ่มมาก"
