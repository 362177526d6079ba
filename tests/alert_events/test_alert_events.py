"""What sends an alert (domain.alert_events): stable keys, the 10 cm hysteresis, each kind."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest

from domain.alert_events import (
    CRITICAL,
    HYSTERESIS_M,
    AlertEvent,
    Reading,
    Station,
    class_at_stage,
    forecast_events,
    source_events,
    station_level_events,
)
from domain.alert_response_events import impact_rise_event, item_change_events, item_time_events
from domain.freshness import SourceFreshness
from domain.level_forecast import LevelForecast

T0 = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)
# M.7 as in the reference: bank 112.00 m MSL; ground 104.00 (so 70 % is 109.60), watch 111.50
M7 = Station("M.7", "สะพานเสรีประชาธิปไตย", "Seri Prachathipatai bridge", 112.0, 104.0, 111.5, "3401")


def readings(*levels: float, start: datetime = T0, step_h: float = 1.0) -> list[Reading]:
    return [Reading(start + timedelta(hours=i * step_h), level) for i, level in enumerate(levels)]


def test_edges_of_m7_lowest_first():
    names = [name for name, _ in M7.edges()]
    assert names == ["pct10", "pct30", "pct70", "watch", "bank"]
    assert dict(M7.edges())["pct70"] == pytest.approx(109.6)


def test_a_first_reading_sets_the_stage_silently_unless_over_the_bank():
    events, stage = station_level_events(M7, readings(110.0), None)
    assert events == [] and stage == 3 and class_at_stage(M7, stage) == "high"
    events, stage = station_level_events(M7, readings(112.3), None)
    assert [e.kind for e in events] == ["station_bank"] and events[0].severity == CRITICAL
    assert events[0].params["class_from"] == "unknown" and events[0].params["class_to"] == "over_bank"


def test_rising_over_the_bank_alerts_at_once_and_names_the_reading():
    events, stage = station_level_events(M7, readings(111.9, 112.01), 4)
    assert len(events) == 1
    event = events[0]
    assert event.key == "station_bank|M.7|bank|up|2026-11-25T01:00:00+00:00"
    assert event.severity == CRITICAL and stage == 5
    assert event.params["level_msl"] == 112.01 and event.params["class_to"] == "over_bank"
    assert event.link == "water_levels?station=M.7" and event.district_code == "3401"


def test_keys_are_stable_when_the_same_readings_are_seen_again():
    first, _ = station_level_events(M7, readings(109.0, 110.0, 111.6, 112.2), 2)
    again, _ = station_level_events(M7, readings(109.0, 110.0, 111.6, 112.2), 2)
    assert [e.key for e in first] == [e.key for e in again]
    assert [e.kind for e in first] == ["station_class", "station_watch", "station_bank"]


def test_a_station_wavering_around_the_bank_alerts_once_up_and_once_really_down():
    wave = [112.0 + (0.05 if i % 2 == 0 else -0.05) for i in range(20)]  # ±5 cm around the bank, 20 readings
    events, stage = station_level_events(M7, readings(111.8, *wave), 4)
    assert [(e.kind, e.params["direction"]) for e in events] == [("station_bank", "up")]
    assert stage == 5
    # it really falls: 10 cm or more below the bank
    events, stage = station_level_events(M7, readings(112.0 - HYSTERESIS_M - 0.01, start=T0 + timedelta(days=1)), stage)
    assert [(e.kind, e.params["direction"], e.severity) for e in events] == [("station_bank", "down", "info")]
    assert stage == 4


def test_without_hysteresis_the_same_wave_would_cross_every_reading():
    """The control: the wave does cross the bank on every reading (so the test above can fail)."""
    wave = [112.0 + (0.05 if i % 2 == 0 else -0.05) for i in range(20)]
    crossings = sum(1 for a, b in zip(wave, wave[1:], strict=False) if (a > 112.0) != (b > 112.0))
    assert crossings == 19


def test_a_jump_over_several_edges_alerts_once_for_the_highest():
    events, stage = station_level_events(M7, readings(109.0, 112.5), None)
    assert [e.key.split("|")[:4] for e in events] == [["station_bank", "M.7", "bank", "up"]]
    assert events[0].params["class_from"] == "normal" and stage == 5


def test_falling_class_changes_also_alert():
    events, _ = station_level_events(M7, readings(109.55, 109.45), 3)  # 70 % edge at 109.60
    assert [(e.kind, e.params["edge"], e.params["direction"]) for e in events] == [("station_class", "pct70", "down")]
    assert events[0].params["class_to"] == "normal"


def test_a_station_without_ground_alerts_on_watch_and_bank_only():
    no_ground = Station("X.1", "x", "x", 50.0, None, 49.0)
    assert [n for n, _ in no_ground.edges()] == ["watch", "bank"]
    events, stage = station_level_events(no_ground, readings(48.0, 49.2), None)
    assert [e.kind for e in events] == ["station_watch"] and class_at_stage(no_ground, stage) == "high"


def _forecast(levels: list[float], start: date, issued: datetime) -> LevelForecast:
    days = pd.DataFrame(
        {
            "date": [start + timedelta(days=i) for i in range(len(levels))],
            "level_m_msl": levels,
            "low_m_msl": [v - 0.2 for v in levels],
            "high_m_msl": [v + 0.2 for v in levels],
            "class": ["high"] * len(levels),
            "method": ["glofas_rating"] * len(levels),
            "extrapolated": [False] * len(levels),
        }
    )
    return LevelForecast("M.7", issued, days, inputs=("open_meteo_flood",))


def test_forecast_over_the_bank_within_24_h_is_critical_and_keyed_by_the_day():
    now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 10:00 Bangkok
    fc = _forecast([111.0, 112.3, 112.6], date(2026, 11, 25), now - timedelta(hours=2))
    events = forecast_events(M7, fc, now, stage=3)
    assert len(events) == 1 and events[0].severity == CRITICAL
    assert events[0].key == "station_forecast|M.7|bank|2026-11-26"
    assert events[0].params["forecast_msl"] == 112.3 and events[0].params["issued_at"].startswith("2026-11-25T01:00")
    # the next run forecasting the same day has the same key; a station already over the bank gets none
    later = _forecast([111.2, 112.4], date(2026, 11, 25), now + timedelta(hours=6))
    assert forecast_events(M7, later, now + timedelta(hours=6), stage=3)[0].key == events[0].key
    assert forecast_events(M7, fc, now, stage=5) == []


def test_a_forecast_crossing_too_far_away_or_no_forecast_gives_nothing():
    now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    far = _forecast([111.0, 111.1, 111.2, 111.3, 112.5], date(2026, 11, 25), now)
    assert forecast_events(M7, far, now, stage=3) == []
    assert forecast_events(M7, None, now, stage=3) == []
    assert forecast_events(M7, LevelForecast("M.7", None, reason="no_rating"), now, stage=3) == []


def test_a_forecast_crossing_the_watch_only_is_a_warning():
    now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    events = forecast_events(M7, _forecast([111.0, 111.7], date(2026, 11, 25), now), now, stage=3)
    assert [(e.params["edge"], e.severity) for e in events] == [("watch", "watch")]


def _fresh(source, last_success, *, stale=True, failing=True):
    return SourceFreshness(
        source, last_success, timedelta(hours=8), timedelta(hours=6), stale, False, "HTTP 500", failing
    )


def test_a_stale_source_alerts_once_per_outage():
    now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    outage = _fresh("thaiwater", T0)
    one = source_events([outage, _fresh("impact", T0, stale=False)], now)
    two = source_events([outage], now + timedelta(hours=1))
    assert [e.key for e in one] == [e.key for e in two] == ["source_stale|thaiwater|2026-11-25T00:00:00+00:00"]
    assert one[0].params["failing"] is True and one[0].params["limit_h"] == 6.0
    next_outage = source_events([_fresh("thaiwater", T0 + timedelta(days=1))], now + timedelta(days=1))
    assert next_outage[0].key != one[0].key


def _item(**over):
    base = dict(
        id=7,
        title_th="แจ้งเตือนประชาชน",
        title_en="Warn the public",
        district_code="3401",
        state="not_started",
        due_at=T0 + timedelta(hours=4),
        owner_person=None,
        triggered_at=None,
        trigger_reason=None,
        version=1,
        updated_at=T0,
        updated_by_name="Admin",
    )
    return {**base, **over}


def test_item_triggered_and_reassigned_events():
    before = _item()
    reason = {"station_code": "M.7", "level_msl": 111.6, "observed_at": "2026-11-25T00:00:00+00:00"}
    after = _item(triggered_at=T0, trigger_reason=reason, version=2)
    events = item_change_events(before, after)
    assert [(e.kind, e.key) for e in events] == [("item_triggered", "item_triggered|7|2026-11-25T00:00:00+00:00")]
    assert events[0].station_code == "M.7"
    moved = item_change_events(after, _item(owner_person="Somchai", version=3), owner_accounts=("somchai",))
    assert [(e.kind, e.recipients, e.key) for e in moved] == [("item_reassigned", ("somchai",), "item_reassigned|7|3")]
    # an owner text that is no account, or the same owner again, alerts nobody
    assert item_change_events(after, _item(owner_person="Somchai", version=3)) == []
    assert (
        item_change_events(_item(owner_person="Somchai"), _item(owner_person="Somchai", version=2), ("somchai",)) == []
    )


def test_item_due_overdue_and_escalation_by_time():
    item = _item()
    due = item["due_at"]
    bosses = {"3401": ("chief.3401",)}
    assert [e.kind for e in item_time_events([item], due - timedelta(hours=3), bosses)] == []
    assert [e.kind for e in item_time_events([item], due - timedelta(hours=1), bosses)] == ["item_due"]
    assert [e.kind for e in item_time_events([item], due + timedelta(minutes=5), bosses)] == ["item_overdue"]
    late = item_time_events([item], due + timedelta(hours=3), bosses)
    assert [(e.kind, e.recipients) for e in late] == [("item_overdue", ()), ("item_escalated", ("chief.3401",))]
    assert late[1].key == "item_escalated|7|2026-11-25T04:00:00+00:00"
    # acknowledged (started) or closed items do not escalate; closed ones are not overdue either
    started = item_time_events([_item(state="in_progress")], due + timedelta(hours=3), bosses)
    assert [e.kind for e in started] == ["item_overdue"]
    assert item_time_events([_item(state="done")], due + timedelta(hours=3), bosses) == []


def test_impact_rise_over_the_share():
    when = T0
    previous = {"affected_people": 1000, "deaths": 0}
    assert impact_rise_event("3401", when, "abc", previous, {"affected_people": 1200, "deaths": 0}) is None
    event = impact_rise_event("3401", when, "abc", previous, {"affected_people": 1300, "deaths": 0})
    assert event is not None and event.params["rises"] == {"affected_people": [1000, 1300]}
    assert event.severity == "watch" and event.key == "impact_rise|3401|2026-11-25T00:00:00+00:00|abc"
    death = impact_rise_event("3401", when, "abd", previous, {"affected_people": 1000, "deaths": 1})
    assert death is not None and death.severity == "warning"
    first = impact_rise_event("3402", when, "abe", None, {"affected_people": 10})
    assert first is not None and first.params["rises"] == {"affected_people": [0, 10]}


def test_an_event_refuses_an_unknown_kind_or_severity():
    with pytest.raises(ValueError, match="alert kind 'flood' is not one of"):
        AlertEvent(key="k", kind="flood", severity="info", at=T0)
    with pytest.raises(ValueError, match="severity 'loud' is not one of"):
        AlertEvent(key="k", kind="item_due", severity="loud", at=T0)
