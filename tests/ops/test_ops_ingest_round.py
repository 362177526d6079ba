"""One bad source never stops an ingest round (issue 14, finding 7): any exception of a
job is that source's recorded failure (its type and one line, no secret), and the sources
after it still run. A dry-weather GISTDA reply (no features) is a success with 0 rows."""

from __future__ import annotations

import json
import types

from cli.core import _ingest_round
from config import load_settings
from ingest import IngestContext, IngestResult, run_job
from ingest import gistda as gistda_job
from ingest import thaiwater as water_job
from store.health import read_health
from tests.support.ci import reference_path
from tests.support.replay import Reply, replay_session

KEY = "GISTDA-KEY-5e1f0c"
SECRET = "signing-secret-99ab"
GISTDA_URL = "https://api-gateway.gistda.or.th/api/2.0/resources/features/flood/1day"
DRY_REPLY = {"type": "FeatureCollection", "features": [], "numberMatched": 0, "numberReturned": 0, "links": []}


def _job(source, run):
    module = types.ModuleType(f"fake_{source}")
    module.SOURCE, module.run = source, run
    return module


def _settings(tmp_path):
    return load_settings({"DATA_DIR": str(tmp_path / "data"), "GISTDA_API_KEY": KEY, "SECRET_KEY": SECRET})


def _health(engine) -> dict:
    return {h.source: h for h in read_health(engine)}


def test_a_job_raising_type_error_is_a_recorded_failure_without_secrets(engine, tmp_path):
    def broken(ctx, from_file=None):
        raise TypeError(
            f"combine() argument 1 must be datetime.date, not None (key {KEY}, secret {SECRET})\nsecond line"
        )

    outcome = run_job(IngestContext(_settings(tmp_path), engine, None), _job("broken", broken))
    assert not outcome.ok
    assert outcome.error.startswith("TypeError: combine() argument 1 must be datetime.date, not None")
    assert "\n" not in outcome.error and KEY not in outcome.error and SECRET not in outcome.error
    row = _health(engine)["broken"]
    assert row.last_success_at is None and row.last_error == outcome.error


def test_a_job_returning_nothing_is_a_recorded_failure(engine, tmp_path):
    outcome = run_job(
        IngestContext(_settings(tmp_path), engine, None), _job("silent", lambda ctx, from_file=None: None)
    )
    assert not outcome.ok and "no result" in outcome.error
    assert _health(engine)["silent"].last_success_at is None


def test_the_round_goes_on_after_a_broken_source(engine, tmp_path, capsys):
    ran = []

    def broken(ctx, from_file=None):
        raise KeyError("station")

    def fine(ctx, from_file=None):
        ran.append("fine")
        return IngestResult(rows=3)

    jobs = {"broken": _job("broken", broken), "fine": _job("fine", fine)}
    failed = _ingest_round(IngestContext(_settings(tmp_path), engine, None), jobs, None)
    assert failed == ["broken"] and ran == ["fine"]
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["broken: FAILED: KeyError: 'station'"]
    assert _health(engine)["fine"].rows_received == 3


def test_a_dry_weather_gistda_reply_does_not_stop_the_round(engine, tmp_path):
    """GISTDA answers with no features on a dry day: that is 'no flood', and ThaiWater (after
    GISTDA in the round) is still polled and stored."""
    settings = _settings(tmp_path)
    waterlevel = reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")
    session = replay_session(
        {
            GISTDA_URL: Reply(body=json.dumps(DRY_REPLY)),
            settings.thaiwater_base_url.rstrip("/") + "/waterlevel_load": Reply(body=waterlevel),
        }
    )
    ctx = IngestContext(settings, engine, session)
    failed = _ingest_round(ctx, {"gistda": gistda_job, "thaiwater": water_job}, None)
    health = _health(engine)
    assert failed == []
    assert health["gistda"].last_success_at is not None and health["gistda"].rows_received == 0
    assert health["gistda"].last_error is None
    assert health["thaiwater"].last_success_at is not None and health["thaiwater"].rows_received > 0


def test_dry_weather_gistda_run_says_no_flood(engine, tmp_path):
    settings = _settings(tmp_path)
    ctx = IngestContext(settings, engine, replay_session({GISTDA_URL: Reply(body=json.dumps(DRY_REPLY))}))
    result = gistda_job.run(ctx)
    assert result.rows == 0 and result.data_time is None and result.notes == ["no flood polygons in the province"]
