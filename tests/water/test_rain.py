"""ThaiWater rain_24h: both recorded shapes through the real parser, HII's rain scale, the
HTTP failure paths through the replay transport, idempotent ingest on SQLite and PostgreSQL,
stale readings, and the migration at head."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

import ingest.thaiwater_rain as job
from data_sources.errors import MissingFieldError, SourceFormatError, SourceUnavailable
from data_sources.thaiwater_rain import COLUMNS, fetch_rain_24h, filter_province, parse_rain_24h, rain_class
from domain.freshness import stale_limit
from i18n import t
from ingest import IngestContext, discover_jobs, run_job
from store.db import schema_status
from store.health import read_health
from store.rain import RainObservation, latest_rain, save_rain
from tests.support.ci import reference_path
from tests.support.replay import Reply, replay_session

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "rain" / "rain24h_2026_shape.json"
BASE = "https://api-v3.thaiwater.net/api/v1/thaiwater30/public/"
URL = BASE + "rain_24h"
FIXTURE_NOW = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)  # 16:00 Bangkok
BANGKOK_OFFSET = timedelta(hours=7)


def _local_utc(text: str) -> datetime:
    """Independent of the parser: 'YYYY-MM-DD HH:MM' Bangkok wall-clock -> aware UTC."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC) - BANGKOK_OFFSET


def _count(engine):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(RainObservation)).scalar_one()


# --- parsing -------------------------------------------------------------------------


def test_2020_shape_all_rows_and_the_ubon_rows_match_the_file():
    path = reference_path("thaiwater", "hii_public_thailand_2020-06-29_rain24h.json")
    payload = json.loads(path.read_text(encoding="utf-8"))
    raw = payload["data"]["data"]
    df = parse_rain_24h(payload, now=datetime(2020, 6, 29, 7, 0, tzinfo=UTC))
    assert len(df) == len(raw) == 2156
    assert dict(df.dtypes.astype(str)) == {k: ("string" if v == "string" else v) for k, v in COLUMNS.items()}
    ubon = filter_province(df, "34")
    raw_ubon = [r for r in raw if r["geocode"]["province_code"] == "34"]
    assert len(ubon) == len(raw_ubon) == 24
    by_id = ubon.set_index("station_id")
    for r in raw_ubon:
        got = by_id.loc[str(r["station"]["id"])]
        assert got["rain_24h_mm"] == pytest.approx(float(r["rain_24h"]))
        assert got["observed_at"].to_pydatetime() == _local_utc(r["rainfall_datetime"])
        assert got["station_code"] == r["station"]["tele_station_oldcode"]
        assert got["lat"] == pytest.approx(r["station"]["tele_station_lat"])
    assert by_id.loc["3683", "name_th"] == "อุบลราชธานี (ศูนย์ฯ)" and by_id.loc["3683", "rain_24h_mm"] == 18.5
    assert by_id.loc["3536", "name_th"] == "อ.บุณฑริก" and by_id.loc["3536", "rain_24h_mm"] == 44.0
    assert by_id.loc["3536", "name_en"] == "BUNTHARIK"
    assert str(by_id.loc["3536", "observed_at"].tz) == "UTC"


def test_2026_shape_recorded_rows_parse_even_without_rain_1h():
    path = reference_path("thaiwater", "2026", "chanasakch-flood-monitor", "fixtures", "thaiwater-rain24h.json")
    payload = json.loads(path.read_text(encoding="utf-8"))
    raw = payload["data"]
    assert sum("rain_1h" not in r for r in raw) == 23
    df = parse_rain_24h(payload, now=datetime(2026, 10, 1, 10, 0, tzinfo=UTC))
    assert len(df) == len(raw) == 65
    assert filter_province(df, "34").empty
    assert df["rain_24h_mm"].tolist() == pytest.approx([float(r["rain_24h"]) for r in raw])
    assert df["observed_at"].notna().all()
    assert df["station_id"].tolist() == [str(r["station"]["id"]) for r in raw]


def test_own_fixture_flags_future_old_and_non_numeric():
    df = parse_rain_24h(json.loads(FIXTURE.read_text(encoding="utf-8")), now=FIXTURE_NOW).set_index("station_id")
    assert df.loc["9001", "flags"] == "" and df.loc["9001", "rain_24h_mm"] == 95.5
    assert df.loc["9002", "rain_24h_mm"] == 12.5 and df.loc["9002", "flags"] == ""  # numeric string, no rain_1h
    assert "@future|" in df.loc["9003", "flags"]
    assert "@old_reading|days=" in df.loc["9004", "flags"]
    assert "@not_number|field=rain_24h|value='-'" in df.loc["9005", "flags"] and math.isnan(
        df.loc["9005", "rain_24h_mm"]
    )
    assert df.loc["9001", "observed_at"].to_pydatetime() == datetime(2026, 10, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "old, field", [('"rainfall_datetime"', "rainfall_datetime"), ('"rain_24h":', "rain_24h"), ('"station":', "station")]
)
def test_renamed_field_is_named(old, field):
    text = FIXTURE.read_text(encoding="utf-8").replace(old, old.replace(field, field + "_x"))
    with pytest.raises(MissingFieldError, match=f"'{field}'") as info:
        parse_rain_24h(json.loads(text), now=FIXTURE_NOW)
    assert info.value.field == field


def test_renamed_top_level_and_non_object():
    with pytest.raises(MissingFieldError, match="'data'"):
        parse_rain_24h({"result": "OK", "rain": []})
    with pytest.raises(MissingFieldError, match="'data.data'"):
        parse_rain_24h({"data": {"result": "OK", "rows": []}})
    with pytest.raises(SourceFormatError, match="expected a JSON object, got list"):
        parse_rain_24h([])


@pytest.mark.parametrize(
    "mm, expected",
    [
        (0, (0, None)),
        (0.1, (1, "#A9D1FC")),
        (10, (1, "#A9D1FC")),
        (10.5, (2, "#9CEEB2")),
        (20.01, (3, "#66C803")),
        (35.5, (4, "#F6D300")),
        (50, (4, "#F6D300")),
        (51, (5, "#FE8A04")),
        (70.1, (6, "#CA6504")),
        (90.1, (7, "#EE141F")),
        (float("nan"), (-1, None)),
        (None, (-1, None)),
    ],
)
def test_rain_class_follows_hii_scale(mm, expected):
    assert rain_class(mm) == expected


def test_rain_class_refuses_negative():
    with pytest.raises(ValueError, match="-1.0 mm is negative"):
        rain_class(-1)


# --- HTTP ----------------------------------------------------------------------------


def test_fetch_decodes_through_replay():
    session = replay_session({URL: Reply(body=FIXTURE)})
    assert len(parse_rain_24h(fetch_rain_24h(session, BASE).payload, now=FIXTURE_NOW)) == 6
    assert session.replay_log[0].url == URL


@pytest.mark.parametrize(
    "reply, error, text",
    [
        (Reply(status=500, body=b"oops"), SourceUnavailable, "HTTP 500"),
        (Reply(body=FIXTURE.read_bytes()[:700]), SourceFormatError, "invalid or truncated JSON"),
    ],
)
def test_fetch_failures_map_to_source_errors(reply, error, text):
    with pytest.raises(error, match=text):
        fetch_rain_24h(replay_session({URL: reply}), BASE)


# --- store and ingest ----------------------------------------------------------------


def test_job_is_discovered_with_its_interval_name_and_stale_limit(settings):
    assert discover_jobs()["thaiwater_rain"] is job
    assert job.interval(settings) == settings.waterlevel_poll_s
    assert stale_limit("thaiwater_rain", settings) == timedelta(seconds=settings.waterlevel_stale_s)
    assert t("source.name.thaiwater_rain", "en") == "ThaiWater 24 h rainfall (HII)"


def test_ingest_2020_file_is_idempotent(settings, engine):
    path = reference_path("thaiwater", "hii_public_thailand_2020-06-29_rain24h.json")
    ctx = IngestContext(settings, engine, None)
    first = job.run(ctx, from_file=path)
    assert first.rows == 24
    assert first.data_time == datetime(2020, 6, 29, 6, 0, tzinfo=UTC)  # 13:00 Bangkok, the newest Ubon row
    assert job.run(ctx, from_file=path).rows == 24
    assert _count(engine) == 24
    at = datetime(2020, 6, 29, 7, 0, tzinfo=UTC)
    latest = latest_rain(engine, "34", stale_after_s=3 * 3600, at=at).set_index("station_id")
    assert len(latest) == 24
    assert latest.loc["3683", "rain_24h_mm"] == 18.5 and latest.loc["3536", "rain_24h_mm"] == 44.0
    assert latest.loc["3683", "observed_at"].to_pydatetime() == datetime(2020, 6, 29, 3, 0, tzinfo=UTC)
    expected_stale = latest["observed_at"] < at - timedelta(hours=3)  # the TMD gauges report at 10:00 Bangkok
    assert expected_stale.any() and (~expected_stale).any()
    assert latest["stale"].tolist() == expected_stale.tolist()
    assert bool(latest.loc["3683", "stale"]) and not bool(latest.loc["3536", "stale"])


def test_poll_through_replay_keeps_province_and_reingest_writes_once(settings, engine):
    ctx = IngestContext(settings, engine, replay_session({URL: Reply(body=FIXTURE)}))
    assert run_job(ctx, job).ok
    assert run_job(ctx, job).ok
    assert _count(engine) == 5  # the Chumphon row (86) is not kept
    with engine.connect() as conn:
        ingested = conn.execute(
            select(RainObservation.ingested_at).where(RainObservation.station_id == "9001")
        ).scalar_one()
    # the same reply parsed as the poll did (the poll's clock is its ingested_at): identical rows
    save_rain(
        engine,
        filter_province(parse_rain_24h(json.loads(FIXTURE.read_text(encoding="utf-8")), now=ingested), "34"),
        "thaiwater_rain",
        at=ingested + timedelta(hours=1),
    )
    with engine.connect() as conn:
        again = conn.execute(
            select(RainObservation.ingested_at).where(RainObservation.station_id == "9001")
        ).scalar_one()
    assert again == ingested  # same reading: nothing rewritten
    changed = filter_province(parse_rain_24h(json.loads(FIXTURE.read_text(encoding="utf-8")), now=ingested), "34").head(
        1
    )
    save_rain(engine, changed.assign(rain_24h_mm=96.0), "thaiwater_rain", at=ingested + timedelta(hours=2))
    with engine.connect() as conn:
        row = conn.execute(
            select(RainObservation.ingested_at, RainObservation.rain_24h_mm).where(RainObservation.station_id == "9001")
        ).one()
    assert row == (ingested + timedelta(hours=2), 96.0)  # a corrected value is rewritten in place
    assert _count(engine) == 5


def test_failed_poll_is_recorded_and_keeps_the_last_good_rows(settings, engine):
    assert run_job(IngestContext(settings, engine, replay_session({URL: Reply(body=FIXTURE)})), job).ok
    for reply in (Reply(status=500, body=b""), Reply(body=FIXTURE.read_bytes()[:700])):
        outcome = run_job(IngestContext(settings, engine, replay_session({URL: reply})), job)
        assert not outcome.ok and outcome.error.startswith("thaiwater_rain:")
    assert _count(engine) == 5
    health = {h.source: h for h in read_health(engine)}["thaiwater_rain"]
    assert health.last_error and "truncated" in health.last_error


def test_stale_readings_are_flagged_and_newest_wins(settings, engine):
    df = parse_rain_24h(json.loads(FIXTURE.read_text(encoding="utf-8")), now=FIXTURE_NOW)
    save_rain(engine, filter_province(df, "34"), "thaiwater_rain", at=FIXTURE_NOW)
    newer = (
        filter_province(df, "34")
        .head(1)
        .assign(observed_at=df["observed_at"].iloc[0] + timedelta(minutes=30), rain_24h_mm=99.0)
    )
    save_rain(engine, newer, "thaiwater_rain", at=FIXTURE_NOW)
    latest = latest_rain(engine, "34", stale_after_s=3 * 3600, at=FIXTURE_NOW + timedelta(hours=1)).set_index(
        "station_id"
    )
    assert latest.loc["9001", "rain_24h_mm"] == 99.0  # the newer reading
    assert not latest.loc["9002", "stale"]
    assert latest.loc["9004", "stale"] and latest.loc["9004", "age_s"] > 6 * 86400
    assert "9003" not in latest.index  # future reading is not "latest" at that time
    assert latest_rain(engine, "86", at=FIXTURE_NOW).empty


def test_bad_input_is_refused_without_writes(engine):
    df = parse_rain_24h(json.loads(FIXTURE.read_text(encoding="utf-8")), now=FIXTURE_NOW)
    with pytest.raises(ValueError, match="rain_24h_mm"):
        save_rain(engine, df.drop(columns=["rain_24h_mm"]), "thaiwater_rain")
    bad = df.astype({"observed_at": "object"})
    bad.loc[len(bad) - 1, "observed_at"] = datetime(2026, 10, 1, 8, 0)  # naive: refused
    with pytest.raises(ValueError, match="naive datetime"):
        save_rain(engine, bad, "thaiwater_rain")
    assert _count(engine) == 0
    with pytest.raises(ValueError, match="stale_after_s"):
        latest_rain(engine, "34", stale_after_s=0)


def test_migration_at_head_has_the_rain_table(engine):
    current, head = schema_status(engine)
    assert current == head and head >= "0006"
    table = inspect(engine).get_pk_constraint("rain_observations")
    assert table["constrained_columns"] == ["station_id", "observed_at"]


def test_migration_0006_goes_down_and_up(tmp_path):
    from alembic import command

    from store.db import alembic_config, make_engine, migrate

    url = f"sqlite:///{tmp_path / 'mig.sqlite3'}"
    migrate(url)
    assert "rain_observations" in inspect(make_engine(url)).get_table_names()
    command.downgrade(alembic_config(url), "0005")
    assert "rain_observations" not in inspect(make_engine(url)).get_table_names()
    migrate(url)
    assert "rain_observations" in inspect(make_engine(url)).get_table_names()
