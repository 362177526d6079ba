"""River triggers: a pure function of the water situation table; stale readings never
fire; a fired item becomes due with the reason and is never closed by it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

import ingest.thaiwater as water_job
from auth import SYSTEM
from domain.checklist_templates import Trigger
from domain.triggers import describe, evaluate_items, evaluate_trigger
from ingest import IngestContext
from store import checklist_items, checklists
from store.water_situation import latest_situation
from tests.checklists.conftest import ADMIN, OFFICER, item_id
from tests.support.ci import reference_path

T0 = datetime(2026, 10, 1, 10, 0, tzinfo=UTC)
EVAC = Trigger(
    station="M.7", within_bank_m=0.5, bank_msl=112.0, forecast_h=48, districts=("3401", "3415"), deadline_h=12
)


def situation(*rows: dict) -> pd.DataFrame:
    base = dict(
        station_id="1",
        station_code="M.7",
        name_th="สะพานเสรีประชาธิปไตย",
        name_en="Seri Prachathipatai Bridge",
        district_code="3401",
        level_msl=110.0,
        bank_msl=112.0,
        trend_3h_cm_h=0.0,
        observed_at=T0,
        stale=False,
    )
    return pd.DataFrame([{**base, **row} for row in rows])


@pytest.mark.parametrize(
    "row, kind, eta",
    [
        (dict(level_msl=111.50), "level", None),  # exactly 0.5 m below the bank
        (dict(level_msl=111.80, trend_3h_cm_h=-2.0), "level", None),  # falling, but above the threshold
        (dict(level_msl=111.00, trend_3h_cm_h=2.0), "forecast", 25.0),  # 50 cm to go at 2 cm/h
        # exactly 48 h away, in numbers binary floating point holds exactly (75 cm at 1.5625 cm/h),
        # so the case tells `<=` from `<` (110.54 at 2 cm/h computes to 47.99999 h)
        (dict(level_msl=110.75, trend_3h_cm_h=1.5625), "forecast", 48.0),
        (dict(level_msl=110.52, trend_3h_cm_h=2.0), None, None),  # 49 h away
        (dict(level_msl=111.40, trend_3h_cm_h=0.0), None, None),  # steady just below
        (dict(level_msl=111.40, trend_3h_cm_h=float("nan")), None, None),
        (dict(level_msl=111.90, stale=True), None, None),  # stale: never fires
        (dict(level_msl=float("nan")), None, None),
        (dict(station_code="M.7A", level_msl=111.90), None, None),  # another station
        (dict(station_code="M7", level_msl=111.90), None, None),  # RID's dot-less duplicate is not M.7
    ],
)
def test_evacuation_trigger_table(row, kind, eta):
    firing = evaluate_trigger(EVAC, situation(row))
    if kind is None:
        assert firing is None
        return
    assert (firing.kind, firing.eta_h, firing.station_code, firing.threshold_msl) == (kind, eta, "M.7", 111.5)
    assert firing.level_msl == round(row["level_msl"], 2) and firing.observed_at == T0.isoformat()
    assert "M.7" in describe(firing, "en") and "111.50" in describe(firing, "th")


def test_station_bank_used_when_trigger_has_none_and_level_threshold():
    trig = Trigger(station="M.7", within_bank_m=1.0)
    assert evaluate_trigger(trig, situation(dict(level_msl=111.0, bank_msl=112.0))).threshold_msl == 111.0
    assert evaluate_trigger(trig, situation(dict(level_msl=111.0, bank_msl=float("nan")))) is None
    assert evaluate_trigger(Trigger(station="m.7", level_msl=108.0), situation(dict(level_msl=108.2))).kind == "level"


def test_fresh_reading_wins_over_a_stale_duplicate():
    rows = situation(
        dict(level_msl=111.9, stale=True, observed_at=T0 - timedelta(hours=9)), dict(level_msl=110.0, observed_at=T0)
    )
    assert evaluate_trigger(EVAC, rows) is None


def test_evaluate_items_skips_triggered_and_closed_items():
    items = pd.DataFrame(
        [
            dict(id=1, trigger=EVAC, triggered_at=None, state="not_started"),
            dict(id=2, trigger=EVAC, triggered_at=T0, state="not_started"),
            dict(id=3, trigger=EVAC, triggered_at=None, state="done"),
            dict(id=4, trigger=None, triggered_at=None, state="not_started"),
        ]
    )
    assert set(evaluate_items(items, situation(dict(level_msl=111.7)))) == {1}


def test_apply_triggers_makes_items_due_and_never_closes_them(event):
    engine, event_id = event
    evac_mueang = item_id(engine, event_id, "open-evacuation-centres", "3401")
    checklist_items.update_item(engine, OFFICER, evac_mueang, 1, state="in_progress", note="preparing Wat Nong Bua")
    quiet = checklist_items.apply_triggers(engine, event_id, situation(dict(level_msl=109.0)), actor=SYSTEM, now=T0)
    assert quiet == {}
    fired = checklist_items.apply_triggers(
        engine, event_id, situation(dict(level_msl=111.2, trend_3h_cm_h=3.0)), actor=SYSTEM, now=T0
    )
    keys = {checklists.get_item(engine, i).title_en for i in fired}
    assert evac_mueang in fired and len(fired) == 2 * 3 + 2 + 1  # 3 items x 2 districts, warn x 2, command centre
    assert "Open evacuation centres with drinking water and toilets" in keys
    item = checklists.get_item(engine, evac_mueang)
    assert item.state == "in_progress" and item.note == "preparing Wat Nong Bua"
    assert item.due_at == T0 + timedelta(hours=12) and item.triggered_at == T0
    assert item.trigger_reason["station_code"] == "M.7" and item.trigger_reason["kind"] == "forecast"
    assert item.trigger_reason["level_msl"] == 111.2 and item.trigger_reason["observed_at"] == T0.isoformat()
    history = checklists.item_history(engine, evac_mueang)
    assert (
        list(history["kind"]) == ["created", "update", "trigger"] and history.iloc[-1]["by_username"] == SYSTEM.username
    )
    # a second run with an even higher river changes nothing: the item is already due
    again = checklist_items.apply_triggers(
        engine, event_id, situation(dict(level_msl=111.9)), actor=SYSTEM, now=T0 + timedelta(hours=1)
    )
    assert again == {} and len(checklists.item_history(engine, evac_mueang)) == 3
    # Phibun (3419) is not in the event; Warin's copy fired too, the untriggered items did not
    assert checklists.get_item(engine, item_id(engine, event_id, "barriers", "3401")).triggered_at is None


def test_triggers_on_the_recorded_2020_situation(settings, engine):
    water_job.run(
        IngestContext(settings, engine, None),
        from_file=reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json"),
    )
    text = (Path(__file__).resolve().parents[1] / "fixtures" / "checklists" / "m7_low_threshold.toml").read_text(
        encoding="utf-8"
    )
    template_id = checklists.load_template(engine, SYSTEM, text)
    event_id = checklists.open_event(engine, ADMIN, "June 2020 replay", "34", ["3401", "3415"], template_id)
    at = datetime(2020, 6, 29, 6, 30, tzinfo=UTC)
    recorded = latest_situation(engine, "34", at=at, stale_after_s=12 * 3600)
    fired = checklist_items.apply_triggers(engine, event_id, recorded, actor=SYSTEM, now=at)
    assert len(fired) == 1
    ((iid, firing),) = fired.items()
    item = checklists.get_item(engine, iid)
    assert (item.district_code, firing.kind, firing.station_code, firing.level_msl) == ("3401", "level", "M.7", 107.04)
    assert firing.observed_at == "2020-06-28T23:00:00+00:00"  # 06:00 Bangkok
    assert item.due_at == at + timedelta(hours=4) and item.triggered_at == at
    # the same recording seen years later is stale everywhere: nothing fires
    event2 = checklists.open_event(engine, ADMIN, "Replay, stale", "34", ["3401"], template_id)
    assert checklist_items.apply_triggers(engine, event2, latest_situation(engine, "34"), actor=SYSTEM) == {}
