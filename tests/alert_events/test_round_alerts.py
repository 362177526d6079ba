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
