"""Checklist triggers on the level forecast ("forecast over bank within 72 h"): parsed from a
template, evaluated on the situation with its forecasts, and, through the store on SQLite and
PostgreSQL, the forecast that fired the item (issue time, crossing date, level) in its history."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from auth import SYSTEM, User
from domain.checklist_templates import TemplateError, parse_template
from domain.forecast_triggers import with_level_forecasts
from domain.triggers import Firing, describe, evaluate_trigger
from store import checklist_items, checklists
from store.water_situation import latest_situation
from tests.forecast_ui.stored import LAST, store_m7_season
from tests.forecast_ui.values import ANCHOR, forecast

ADMIN = User("admin1", "Admin One", "admin")
TEMPLATE = """
[template]
name = "forecast-test"
title_th = "ทดสอบ"
title_en = "Test"

[agencies.ddpm]
th = "ปภ."
en = "DDPM"

[[items]]
key = "open-shelters"
phase = "warning"
title_th = "เปิดศูนย์พักพิง"
title_en = "Open the shelters"
agency = "ddpm"
networks = ["government"]
scope = "province"
duration_h = 12
[items.trigger]
station = "M.7"
within_bank_m = 0
model_forecast_h = 72
"""


def situation(level: float = 110.9, stale: bool = False) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "station_code": ["M.7"],
            "name_th": ["สะพานเสรีประชาธิปไตย"],
            "name_en": [None],
            "level_msl": [level],
            "bank_msl": [112.0],
            "trend_3h_cm_h": [0.0],
            "observed_at": [pd.Timestamp(ANCHOR)],
            "stale": [stale],
        }
    )


def test_the_template_field_is_parsed_and_checked():
    trigger = parse_template(TEMPLATE).items[0].trigger
    assert trigger.model_forecast_h == 72 and trigger.within_bank_m == 0
    with pytest.raises(TemplateError, match=r"line 23: trigger.model_forecast_h must be a positive number"):
        parse_template(TEMPLATE.replace("model_forecast_h = 72", "model_forecast_h = -3"))


def test_a_crossing_within_the_horizon_fires_with_the_forecast():
    trigger = parse_template(TEMPLATE).items[0].trigger
    # anchored 10:00 Bangkok 7 Oct; the median is above 112.00 from 9 Oct (38 h later)
    fc = forecast([111.6, 112.3, 113.0], now=110.9)
    firing = evaluate_trigger(trigger, with_level_forecasts(situation(), {"M.7": fc}))
    assert firing is not None and firing.kind == "model_forecast"
    assert firing.crossing_date == "2022-10-09" and firing.forecast_level_msl == 112.3
    assert firing.forecast_issued_at == "2022-10-07T00:00:00+00:00" and firing.forecast_crest_msl == 113.0
    assert firing.eta_h == 38.0 and firing.forecast_method == "glofas_rating"
    assert describe(firing, "en") == (
        "M.7 สะพานเสรีประชาธิปไตย: model forecast (issued 7 Oct 2022 07:00) reaches 112.00 m MSL on 9 Oct 2022 "
        "(crest 113.00 m MSL)"
    )
    assert "9 ต.ค. 2565" in describe(firing, "th") and "2022" not in describe(firing, "th")


@pytest.mark.parametrize(
    ("levels", "hours", "stale"),
    [
        ([111.0, 111.5, 111.8, 112.4], 72, False),  # crosses on 11 Oct: 86 h away
        ([111.6, 112.3], 24, False),  # 38 h away, the item asks for 24
        ([111.6, 112.3], 72, True),  # a stale reading never fires
        ([111.0, 111.5], 72, False),  # never crosses
    ],
)
def test_no_firing_outside_the_horizon_or_on_a_stale_reading(levels, hours, stale):
    trigger = parse_template(TEMPLATE.replace("= 72", f"= {hours}")).items[0].trigger
    fc = forecast(levels, now=110.9)
    assert evaluate_trigger(trigger, with_level_forecasts(situation(stale=stale), {"M.7": fc})) is None


def test_without_forecasts_the_trigger_waits():
    trigger = parse_template(TEMPLATE).items[0].trigger
    assert evaluate_trigger(trigger, situation()) is None
    assert evaluate_trigger(trigger, with_level_forecasts(situation(), {})) is None


def test_a_firing_read_back_from_history_is_worded_again():
    fired = Firing(**json.loads(json.dumps(evaluate_firing().to_dict())))
    assert "model forecast (issued 7 Oct 2022 07:00)" in describe(fired, "en")


def evaluate_firing() -> Firing:
    trigger = parse_template(TEMPLATE).items[0].trigger
    firing = evaluate_trigger(trigger, with_level_forecasts(situation(), {"M.7": forecast([111.6, 112.3], now=110.9)}))
    assert firing is not None
    return firing


def test_the_stored_forecast_fires_the_item_and_its_history_keeps_it(engine, settings):
    from services.forecast_triggers import situation_with_forecasts

    store_m7_season(engine)
    at = LAST + timedelta(hours=1)
    template_id = checklists.load_template(engine, SYSTEM, TEMPLATE, "forecast-test.toml")
    event_id = checklists.open_event(engine, ADMIN, "Mun 2022", "34", ["3401"], template_id, now=LAST)
    now_situation = latest_situation(engine, "34", at=at, stale_after_s=settings.waterlevel_stale_s)
    assert float(now_situation.set_index("station_code").loc["M.7", "level_msl"]) == pytest.approx(110.9)

    fired = checklist_items.apply_triggers(
        engine, event_id, situation_with_forecasts(engine, settings, now_situation, at), actor=SYSTEM, now=at
    )

    assert len(fired) == 1
    item_id = next(iter(fired))
    history = checklists.item_history(engine, item_id)
    entry = history[history["kind"] == "trigger"].iloc[0]
    note = json.loads(entry["note"])
    assert note["kind"] == "model_forecast"
    assert note["forecast_issued_at"] == "2022-09-10T00:00:00+00:00"  # the model run's, not the clock's
    assert note["crossing_date"] == "2022-09-12"
    assert note["forecast_level_msl"] > 112.0 and note["threshold_msl"] == 112.0
    item = checklists.get_item(engine, item_id)
    assert item.due_at == at + timedelta(hours=12) and item.state == "not_started"


def test_after_an_ingest_round_the_live_forecast_makes_the_item_due(engine, settings):
    from services.forecast_triggers import apply_forecast_triggers

    last = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    store_m7_season(engine, last=last)
    assert apply_forecast_triggers(engine, settings) == {}  # no event open: nothing worked out
    template_id = checklists.load_template(engine, SYSTEM, TEMPLATE, "forecast-test.toml")
    event_id = checklists.open_event(engine, ADMIN, "Mun now", "34", ["3401"], template_id, now=last)

    fired = apply_forecast_triggers(engine, settings)

    (firing,) = fired[event_id].values()
    assert firing.kind == "model_forecast" and firing.forecast_issued_at == last.isoformat()
