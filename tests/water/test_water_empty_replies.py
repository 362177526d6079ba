"""Empty is not success (issue 14, finding 8, ThaiWater part): a reply saying
``"result": "ERROR"``, a reply with no rows, or one with rows but none usable for the
province is a recorded failure with its reason; the last good data and the last success
stay, and the source shows as failing. Built from the recorded replies, through the real
adapter (replay transport) and ``run_job``."""

from __future__ import annotations

import copy
import json

import pytest

import ingest.thaiwater as water_job
import ingest.thaiwater_rain as rain_job
from data_sources.errors import SourceFormatError, SourceUnavailable
from data_sources.thaiwater import parse_waterlevel_load
from data_sources.thaiwater_rain import parse_rain_24h
from ingest import IngestContext, run_job
from store.health import read_health
from store.water_situation import latest_situation
from tests.support.ci import reference_path
from tests.support.replay import Reply, replay_session

WATER_2020 = ("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")
WATER_2026 = ("thaiwater", "2026", "chanasakch-flood-monitor", "fixtures", "thaiwater-waterlevel.json")
RAIN_2020 = ("thaiwater", "hii_public_thailand_2020-06-29_rain24h.json")
RAIN_2026 = ("thaiwater", "2026", "chanasakch-flood-monitor", "fixtures", "thaiwater-rain24h.json")


def _recorded(*parts) -> dict:
    return json.loads(reference_path(*parts).read_text(encoding="utf-8"))


def _container(payload: dict) -> dict:
    """The block holding ``result`` and ``data`` in either recorded shape."""
    for key in ("waterlevel_data", "data"):
        if isinstance(payload.get(key), dict):
            return payload[key]
    return payload


def _error_reply(parts) -> dict:
    payload = copy.deepcopy(_recorded(*parts))
    block = _container(payload)
    block["result"], block["data"] = "ERROR", []
    return payload


def _no_rows(parts) -> dict:
    payload = copy.deepcopy(_recorded(*parts))
    _container(payload)["data"] = []
    return payload


def _no_usable_row(parts, level_field, time_field) -> dict:
    """The recorded rows with every reading blanked (no level or rain, no time)."""
    payload = copy.deepcopy(_recorded(*parts))
    for row in _container(payload)["data"]:
        row[level_field], row[time_field] = None, "not a time"
    return payload


@pytest.mark.parametrize("parts", [WATER_2020, WATER_2026])
def test_waterlevel_error_or_empty_reply_is_a_format_error(parts):
    with pytest.raises(SourceUnavailable, match="result 'ERROR'"):
        parse_waterlevel_load(_error_reply(parts))
    with pytest.raises(SourceFormatError, match="no rows"):
        parse_waterlevel_load(_no_rows(parts))


@pytest.mark.parametrize("parts", [RAIN_2020, RAIN_2026])
def test_rain_error_or_empty_reply_is_a_format_error(parts):
    with pytest.raises(SourceUnavailable, match="result 'ERROR'"):
        parse_rain_24h(_error_reply(parts))
    with pytest.raises(SourceFormatError, match="no rows"):
        parse_rain_24h(_no_rows(parts))


def _run(engine, settings, job, endpoint, payload):
    url = settings.thaiwater_base_url.rstrip("/") + "/" + endpoint
    ctx = IngestContext(settings, engine, replay_session({url: Reply(body=json.dumps(payload))}))
    return run_job(ctx, job)


def _health(engine, source):
    return {h.source: h for h in read_health(engine)}[source]


@pytest.mark.parametrize(
    "bad, reason",
    [
        (lambda: _error_reply(WATER_2020), "result 'ERROR'"),
        (lambda: _no_rows(WATER_2020), "no rows"),
        (lambda: _no_usable_row(WATER_2020, "waterlevel_msl", "waterlevel_datetime"), "none of the"),
        (lambda: _recorded(*WATER_2026), "none of the 50 rows"),  # a good national reply with no Ubon station
    ],
)
def test_waterlevel_ingest_records_the_failure_and_keeps_the_last_success(engine, settings, bad, reason):
    good = _run(engine, settings, water_job, "waterlevel_load", _recorded(*WATER_2020))
    assert good.ok and good.rows > 0
    before = _health(engine, "thaiwater")
    stations = len(latest_situation(engine, "34"))

    outcome = _run(engine, settings, water_job, "waterlevel_load", bad())
    assert not outcome.ok and reason in outcome.error and "\n" not in outcome.error
    after = _health(engine, "thaiwater")
    assert after.last_success_at == before.last_success_at and after.rows_received == before.rows_received
    assert after.last_error_at >= after.last_success_at and reason in after.last_error
    assert len(latest_situation(engine, "34")) == stations  # the last good data is kept


@pytest.mark.parametrize(
    "bad, reason",
    [
        (lambda: _error_reply(RAIN_2020), "result 'ERROR'"),
        (lambda: _no_rows(RAIN_2020), "no rows"),
        (lambda: _no_usable_row(RAIN_2020, "rain_24h", "rainfall_datetime"), "none of the"),
        (lambda: _recorded(*RAIN_2026), "none of the 65 rows"),
    ],
)
def test_rain_ingest_records_the_failure(engine, settings, bad, reason):
    assert _run(engine, settings, rain_job, "rain_24h", _recorded(*RAIN_2020)).ok
    before = _health(engine, "thaiwater_rain")
    outcome = _run(engine, settings, rain_job, "rain_24h", bad())
    assert not outcome.ok and reason in outcome.error
    after = _health(engine, "thaiwater_rain")
    assert after.last_success_at == before.last_success_at and reason in after.last_error
