"""A ThaiWater poll makes river-triggered checklist items due, end to end: a reply where
M.7 stands 0.3 m below its 112.00 m bank, through the real ingest job."""

import json
from datetime import UTC, datetime, timedelta

from config import load_settings
from data_sources.http import build_session
from i18n.timefmt import BANGKOK
from ingest import IngestContext, run_job
from ingest import thaiwater as thaiwater_job
from store import checklists
from tests.checklists.conftest import item_id
from tests.support.ci import reference_path


def _fresh_m7_reply(tmp_path, level_msl: float, minutes_ago: int):
    """The recorded 2020 reply cut to Ubon's M.7, moved to the present and set to ``level_msl``."""
    payload = json.loads(
        reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json").read_text(encoding="utf-8")
    )
    rows = [r for r in payload["data"]["data"] if (r.get("station") or {}).get("tele_station_oldcode") == "M.7"]
    observed = (datetime.now(UTC) - timedelta(minutes=minutes_ago)).astimezone(BANGKOK)
    for row in rows:
        row["waterlevel_datetime"] = observed.strftime("%Y-%m-%d %H:%M")
        row["waterlevel_msl"] = f"{level_msl:.2f}"
    payload["data"]["data"] = rows
    path = tmp_path / "m7.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def test_poll_near_the_bank_makes_the_evacuation_item_due(event, tmp_path):
    engine, event_id = event
    ctx = IngestContext(load_settings({"DATA_DIR": str(tmp_path)}), engine, build_session())
    warn = item_id(engine, event_id, "warn-riverside", "3401")
    assert checklists.get_item(engine, warn).due_at is None

    outcome = run_job(ctx, thaiwater_job, _fresh_m7_reply(tmp_path, 111.70, minutes_ago=20))

    assert outcome.ok, outcome.error
    assert any("became due on river triggers" in note for note in outcome.notes)
    item = checklists.get_item(engine, warn)
    assert item.due_at is not None and item.state == "not_started"  # due, never closed by itself
    assert item.triggered_at is not None
    reason = json.dumps(item.trigger_reason, ensure_ascii=False)
    assert "M.7" in reason and "111.7" in reason  # shows why: station and value
    # the province-wide item with the same condition fired too; Warin's copy of an item without a district limit as well
    assert checklists.get_item(engine, item_id(engine, event_id, "incident-command-centre")).due_at is not None


def test_stale_reply_fires_nothing(event, tmp_path):
    engine, event_id = event
    ctx = IngestContext(load_settings({"DATA_DIR": str(tmp_path)}), engine, build_session())
    outcome = run_job(ctx, thaiwater_job, _fresh_m7_reply(tmp_path, 111.90, minutes_ago=60 * 24 * 3))
    assert outcome.ok and not any("river triggers" in note for note in outcome.notes)
    assert checklists.get_item(engine, item_id(engine, event_id, "warn-riverside", "3401")).due_at is None
