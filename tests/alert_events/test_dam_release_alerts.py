"""A dam release jump alerts (issues 18/19): two days of the hand-made dam fixture through the
real ingest round (``cli.core._ingest_round``), Sirindhorn's release jumping 1.0 -> 2.6 million
m³/day; one alert per subscriber (a subscription by kind, and an admin's default for officers),
worded in both languages; the same file again queues nothing."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import SYSTEM
from cli.core import _ingest_round
from domain.alert_events import KINDS
from i18n import CATALOGUE
from ingest import IngestContext
from ingest import thaiwater_dams as dams_job
from notify.text import render_alert
from store import alerts, users
from store.outbox import AlertOutbox
from tests.water.test_dams_events import DAY1, DAY2, _key_stations, _moved


def _dam_alerts(engine) -> list[AlertOutbox]:
    with Session(engine) as session:
        rows = session.scalars(select(AlertOutbox).where(AlertOutbox.kind == "dam_release_jump"))
        return sorted(rows, key=lambda r: r.recipient)


def test_a_dam_release_jump_alerts_each_subscriber_once(settings, engine, tmp_path, capsys):
    users.create_user(engine, SYSTEM, "duty", "Duty admin", "admin", None)
    alerts.set_contact(engine, SYSTEM, "duty", email="duty@example.go.th")
    alerts.subscribe(engine, SYSTEM, "duty", "email", "dam_release_jump")
    users.create_user(engine, SYSTEM, "officer", "Officer", "officer", None)
    alerts.set_contact(engine, SYSTEM, "officer", email="officer@example.go.th", language="en")
    alerts.set_default(engine, SYSTEM, "email", "dam_release_jump", role="officer")
    users.create_user(engine, SYSTEM, "other", "Other", "admin", None)
    alerts.set_contact(engine, SYSTEM, "other", email="other@example.go.th")
    alerts.subscribe(engine, SYSTEM, "other", "email", "station_bank")  # not this kind
    ctx: IngestContext = _key_stations(settings, engine)
    jobs = {"thaiwater_dams": dams_job}

    assert _ingest_round(ctx, jobs, _moved(tmp_path, DAY1, 1)) == []
    assert _dam_alerts(engine) == []  # one day: no change yet
    day2 = _moved(tmp_path, DAY2, 0)
    assert _ingest_round(ctx, jobs, day2) == []
    sent = _dam_alerts(engine)
    assert [(r.recipient, r.severity, r.lang) for r in sent] == [
        ("duty", "warning", "th"),
        ("officer", "warning", "en"),
    ]
    assert sent[0].event_key == sent[1].event_key
    _, dam_id, day = sent[0].event_key.split("|")
    assert dam_id == "3" and day == json.loads(day2.read_text())["data"]["dam_daily"][0]["dam_date"]
    payload = json.loads(sent[0].payload)
    assert payload["released_mcm"] == 2.6 and payload["previous_released_mcm"] == 1.0
    assert payload["link"] == "water_levels" and payload["dam_th"] == "สิรินธร"

    th = render_alert(sent[0].kind, payload, "th", "email")
    en = render_alert(sent[1].kind, payload, "en", "email")
    th_text, en_text = json.dumps(th, ensure_ascii=False), json.dumps(en, ensure_ascii=False)
    assert "เขื่อนสิรินธร" in th_text and "2.60" in th_text and "1.00" in th_text and "ThaiWater" in th_text
    assert "Sirindhorn" in en_text and "2.60" in en_text and "million m³/day" in en_text and "ThaiWater" in en_text
    assert "water_levels" in en_text

    assert _ingest_round(ctx, jobs, day2) == []  # the same report again
    assert len(_dam_alerts(engine)) == 2


def test_the_kind_is_listed_and_worded():
    assert "dam_release_jump" in KINDS
    for key in ("alerts.msg.dam_release_jump", "alerts.title.dam_release_jump", "alert_events.kind.dam_release_jump"):
        assert key in CATALOGUE
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "| `dam_release_jump` |" in readme
