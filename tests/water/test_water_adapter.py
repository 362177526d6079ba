"""The real fetch + ingest path with recorded replies mounted on a requests.Session:
success, HTTP 500, HTTP 429, timeout, truncated JSON, a renamed field; a failed poll keeps
the last good data and records the error."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest
import requests

import ingest.thaiwater as job
from data_sources.errors import MissingFieldError, SourceFormatError, SourceUnavailable
from data_sources.http import USER_AGENT, build_session
from data_sources.thaiwater import fetch_waterlevel_load
from ingest import IngestContext, run_job
from store.health import read_health
from store.water_situation import latest_situation
from tests.support.replay import Reply, replay_session

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "water" / "ubon_traps_2026_shape.json"
BASE = "https://api-v3.thaiwater.net/api/v1/thaiwater30/public/"
URL = BASE + "waterlevel_load"


def test_fetch_sends_polite_user_agent_and_decodes():
    session = replay_session({URL: Reply(body=FIXTURE)})
    session.headers["User-Agent"] = USER_AGENT
    fetched = fetch_waterlevel_load(session, BASE)
    assert len(fetched.payload["waterlevel_data"]["data"]) == 7
    assert session.replay_log[0].headers["User-Agent"].startswith("FloodRoom/")


@pytest.mark.parametrize(
    "reply, error, text",
    [
        (Reply(status=500, body=b"oops"), SourceUnavailable, "HTTP 500"),
        (Reply(status=429, body=b"Too Many Requests"), SourceUnavailable, "rate limited \\(HTTP 429\\)"),
        (Reply(raises=requests.ReadTimeout("slow")), SourceUnavailable, "no answer within"),
        (Reply(body=FIXTURE.read_bytes()[:900]), SourceFormatError, "invalid or truncated JSON"),
        (Reply(body=b"<html>blocked</html>"), SourceFormatError, "an HTML page"),
    ],
)
def test_fetch_failures_map_to_source_errors(reply, error, text):
    with pytest.raises(error, match=text):
        fetch_waterlevel_load(replay_session({URL: reply}), BASE)


def test_retry_policy_retries_429_with_backoff():
    retry = build_session().get_adapter("https://x").max_retries
    assert 429 in retry.status_forcelist and retry.backoff_factor > 0 and retry.respect_retry_after_header


def _ctx(settings, engine, session):
    return IngestContext(settings, engine, session)


def test_failed_poll_keeps_last_good_data_and_records_error(settings, engine):
    good = _ctx(settings, engine, replay_session({URL: Reply(body=FIXTURE)}))
    assert run_job(good, job).ok
    before = latest_situation(engine, "34")
    assert len(before) == 6
    for reply in (
        Reply(status=429, body=b""),
        Reply(body=FIXTURE.read_text(encoding="utf-8").replace('"waterlevel_datetime"', '"wl_datetime"')),
    ):
        outcome = run_job(_ctx(settings, engine, replay_session({URL: reply})), job)
        assert not outcome.ok
    assert "waterlevel_datetime" in outcome.error  # the renamed field is named
    after = latest_situation(engine, "34")
    assert after["level_msl"].equals(before["level_msl"])
    health = {h.source: h for h in read_health(engine)}["thaiwater"]
    assert health.last_success_at is not None and "field 'waterlevel_datetime' is missing" in health.last_error


def test_renamed_field_in_a_file_is_refused_without_partial_write(settings, engine, tmp_path):
    bad = tmp_path / "bad.json"
    text = FIXTURE.read_text(encoding="utf-8")
    bad.write_text(text.replace('"tele_station_oldcode": "E.98"', '"oldcode": "E.98"'), encoding="utf-8")
    with pytest.raises(MissingFieldError, match="station.tele_station_oldcode"):
        job.run(_ctx(settings, engine, requests.Session()), from_file=bad)
    assert latest_situation(engine, "34").empty


def test_live_poll_backfills_key_station_history_for_trends(settings, engine):
    from datetime import datetime

    graph = FIXTURE.parent / "graph_m7_synthetic.json"
    session = replay_session(
        {URL: Reply(body=FIXTURE), BASE + "waterlevel_graph": [Reply(body=graph), Reply(status=500)]}
    )
    outcome = run_job(_ctx(settings, engine, session), job)
    assert outcome.ok
    assert "history of M.7: 40 readings from waterlevel_graph" in outcome.notes
    assert any(n.startswith("history of M.11B not fetched") and "HTTP 500" in n for n in outcome.notes)
    graph_calls = [r.url for r in session.replay_log if "waterlevel_graph" in r.url]
    assert "station_id=2752" in graph_calls[0] and "station_type=tele_waterlevel" in graph_calls[0]
    situation = latest_situation(engine, "34", at=datetime(2026, 10, 1, 10, tzinfo=UTC)).set_index("station_code")
    assert situation.loc["M.7", "trend_3h_cm_h"] == pytest.approx(3.0) and situation.loc["M.7", "trend"] == "rising"
    assert situation.loc["M.7", "trend_24h_cm_h"] == pytest.approx(3.0)
