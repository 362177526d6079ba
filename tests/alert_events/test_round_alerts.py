"""River readings alert through the real ingest path: ``manage.py ingest``'s round (cli.core)
replays recorded ThaiWater replies with M.7 moved around its 112.00 m bank; the first reading
sets the stage, crossing the bank alerts once, wavering 5 cm below it does not, replaying the
same reply again does not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import SYSTEM
from cli.core import _ingest_round
from config import load_settings
from data_sources.http import build_session
from ingest import IngestContext
from ingest import thaiwater as thaiwater_job
from store import alerts, users
from store.outbox import AlertOutbox
from tests.checklists.test_ingest_triggers import _fresh_m7_reply


def _bank_alerts(engine) -> list[AlertOutbox]:
    with Session(engine) as session:
        return list(session.scalars(select(AlertOutbox).where(AlertOutbox.kind.like("station_%"))))


def test_m7_crossing_its_bank_alerts_once_through_the_ingest_round(engine, tmp_path, capsys):
    users.create_user(engine, SYSTEM, "duty", "Duty officer", "admin", None)
    alerts.set_contact(engine, SYSTEM, "duty", email="duty@example.go.th")
    alerts.subscribe(engine, SYSTEM, "duty", "email", "station_bank", station_code="M.7")
    ctx = IngestContext(load_settings({"DATA_DIR": str(tmp_path)}), engine, build_session())
    jobs = {"thaiwater": thaiwater_job}

    for level, minutes_ago in ((111.80, 40), (112.05, 30), (111.97, 20), (112.02, 10)):
        folder = tmp_path / f"r{minutes_ago}"
        folder.mkdir()
        assert _ingest_round(ctx, jobs, _fresh_m7_reply(folder, level, minutes_ago)) == []
    again = tmp_path / "again"
    again.mkdir()
    _ingest_round(ctx, jobs, _fresh_m7_reply(again, 112.02, 10))

    sent = _bank_alerts(engine)
    assert [(r.kind, r.recipient, r.severity) for r in sent] == [("station_bank", "duty", "severe")]
    assert '"level_msl": 112.05' in sent[0].payload and '"direction_en": "rose above"' in sent[0].payload
    observed = datetime.fromisoformat(sent[0].event_key.split("|")[-1])
    assert abs(observed - (datetime.now(UTC) - timedelta(minutes=30))) < timedelta(minutes=2)
    assert "alerts: 1 queued" in capsys.readouterr().out


def test_a_source_failing_past_its_limit_alerts_once_per_outage(engine, tmp_path):
    from services.alert_events import source_alerts
    from store.health import record_attempt

    users.create_user(engine, SYSTEM, "duty", "Duty officer", "admin", None)
    alerts.set_contact(engine, SYSTEM, "duty", line_to="U" + "0123456789abcdef" * 2)
    alerts.subscribe(engine, SYSTEM, "duty", "line", "source_stale")
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    now = datetime.now(UTC)
    good = now - timedelta(hours=30)
    record_attempt(engine, "thaiwater", ok=True, rows=10, data_time=good, at=good)
    record_attempt(engine, "thaiwater", ok=False, error="HTTP 500", at=now - timedelta(minutes=5))
    assert source_alerts(engine, settings, now) == 1
    assert source_alerts(engine, settings, now + timedelta(minutes=10)) == 0  # the same outage
    with Session(engine) as session:
        row = session.scalars(select(AlertOutbox)).one()
    assert row.kind == "source_stale" and '"failing_en": "The last attempt failed."' in row.payload


def test_a_forecast_over_the_bank_within_a_day_alerts_once(engine, tmp_path):
    import pandas as pd

    from domain.level_forecast import LevelForecast
    from services.alert_events import station_alerts

    users.create_user(engine, SYSTEM, "duty", "Duty officer", "admin", None)
    alerts.set_contact(engine, SYSTEM, "duty", email="duty@example.go.th", quiet_from_min=0, quiet_to_min=1439)
    alerts.subscribe(engine, SYSTEM, "duty", "email", "station_forecast", station_code="M.7")
    ctx = IngestContext(load_settings({"DATA_DIR": str(tmp_path)}), engine, build_session())
    _ingest_round(ctx, {"thaiwater": thaiwater_job}, _fresh_m7_reply(tmp_path, 111.2, 30))
    now = datetime.now(UTC)
    tomorrow = (now + timedelta(hours=7)).date() + timedelta(days=1)  # Bangkok's tomorrow
    days = pd.DataFrame(
        {
            "date": [tomorrow],
            "level_m_msl": [112.4],
            "low_m_msl": [112.1],
            "high_m_msl": [112.7],
            "class": ["over_bank"],
            "method": ["glofas_rating"],
            "extrapolated": [False],
        }
    )
    forecast = LevelForecast("M.7", now - timedelta(hours=3), days, inputs=("open_meteo_flood", "thaiwater"))
    assert station_alerts(engine, ctx.settings, now, {"M.7": forecast}) == 1
    assert station_alerts(engine, ctx.settings, now + timedelta(hours=1), {"M.7": forecast}) == 0
    with Session(engine) as session:
        row = session.scalars(select(AlertOutbox).where(AlertOutbox.kind == "station_forecast")).one()
    assert row.severity == "severe" and row.next_attempt_at <= now + timedelta(seconds=1)  # not held by quiet hours
    assert '"forecast_msl": 112.4' in row.payload and "GloFAS" in row.payload


def test_a_fault_in_the_forecast_costs_only_the_forecast_alerts(engine, tmp_path, monkeypatch, caplog):
    import services.alert_events as service

    def broken(*args, **kwargs):
        raise ValueError("rating table has a gap")

    monkeypatch.setattr(service, "key_station_forecasts", broken)
    assert service.forecasts_now(engine, load_settings({"DATA_DIR": str(tmp_path)}), datetime.now(UTC)) == {}
    assert "level forecasts for the alerts failed" in caplog.text and "rating table has a gap" in caplog.text


def test_a_source_that_keeps_fetching_old_data_alerts_once_then_again_after_a_recovery(engine, tmp_path):
    # QA: "Source stale: ThaiWater" twice 20 s apart: each ingest succeeded (new last success)
    # but brought the same old data, and the key held the last success. One outage, one alert.
    from services.alert_events import source_alerts
    from store.health import record_attempt

    users.create_user(engine, SYSTEM, "duty", "Duty officer", "admin", None)
    alerts.set_contact(engine, SYSTEM, "duty", line_to="U" + "0123456789abcdef" * 2)
    alerts.subscribe(engine, SYSTEM, "duty", "line", "source_stale")
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    now = datetime.now(UTC)
    old_data = now - timedelta(days=2351)
    for i, seconds in enumerate((0, 20, 40)):
        at = now + timedelta(seconds=seconds)
        record_attempt(engine, "thaiwater", ok=True, rows=10, data_time=old_data, at=at)
        assert source_alerts(engine, settings, at + timedelta(seconds=1)) == (1 if i == 0 else 0)
    with Session(engine) as session:
        row = session.scalars(select(AlertOutbox)).one()
    assert '"data_at": "' + old_data.isoformat() in row.payload  # the data's time, not the fetch's
    # recovery (fresh data), then a new outage: a second alert
    later = now + timedelta(hours=1)
    record_attempt(engine, "thaiwater", ok=True, rows=10, data_time=later, at=later)
    assert source_alerts(engine, settings, later + timedelta(minutes=1)) == 0
    record_attempt(engine, "thaiwater", ok=True, rows=10, data_time=later, at=later + timedelta(hours=30))
    assert source_alerts(engine, settings, later + timedelta(hours=30)) == 1


def test_a_long_outage_is_told_in_days_and_the_data_time():
    from domain.alert_text import alert_payload
    from domain.freshness import SourceFreshness
    from notify.text import render_alert

    now = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
    data_at = now - timedelta(days=2351, hours=5)
    fresh = SourceFreshness("thaiwater", now, now - data_at, timedelta(hours=3), True, False, None, False, data_at)
    from domain.alert_events import source_events

    (event,) = source_events([fresh], now)
    _, en = render_alert(event.kind, alert_payload(event), "en", "line")
    _, th = render_alert(event.kind, alert_payload(event), "th", "line")
    assert "2,351 days" in en and "56,4" not in en and "2,351 วัน" in th
