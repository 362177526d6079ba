"""The synthetic season generator (bench/season.py) refuses real databases and writes what it says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from bench import season
from domain.checklist_templates import load_template_file
from store.db import make_engine, migrate

END = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
TINY = season.SeasonSpec(stations=2, days=1, impact_days=2, events=1, briefings=1, centres_per_district=1, end=END)


def _count(engine, table: str, where: str = "") -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table} {where}")).scalar_one()


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///{tmp}/floodroom.sqlite3",
        "postgresql+psycopg://postgres@127.0.0.1:5432/floodroom",
        "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    ],
)
def test_refuses_a_database_whose_name_does_not_say_bench(tmp_path, url):
    url = url.format(tmp=tmp_path)
    with pytest.raises(season.RefusedDatabase, match="must contain 'bench'"):
        season.generate(url, TINY)
    assert not (tmp_path / "floodroom.sqlite3").exists()


def test_refuses_a_bench_named_database_holding_real_rows(tmp_path):
    url = f"sqlite:///{tmp_path / 'old-bench.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO source_health (source, rows_received) VALUES ('thaiwater', 12)"))
    with pytest.raises(season.RefusedDatabase, match=r"not synthetic: source_health \(1\)"):
        season.generate(url, TINY, reset=True)
    assert _count(engine, "water_observations") == 0
    engine.dispose()


def test_tiny_season_writes_the_expected_rows_and_marks_them(tmp_path):
    url = f"sqlite:///{tmp_path / 'tiny-bench.sqlite3'}"
    written = season.generate(url, TINY, log=lambda *_: None)
    engine = make_engine(url)
    districts = 25
    template, _ = load_template_file(season.TEMPLATE)
    per_event = sum(districts if item.scope == "district" else 1 for item in template.items)
    expected = {
        "water_stations": 2,
        "water_observations": 2 * 144,
        "impact_reports": districts * 2,
        "evacuation_centres": districts,
        "checklist_events": 1,
        "checklist_items": per_event,
        "briefings": 1,
        "users": 1,
    }
    for table, n in expected.items():
        assert _count(engine, table) == n, table
    assert written.counts["readings"] == 288
    for table in ("water_stations", "water_observations", "impact_reports", "evacuation_centres"):
        assert _count(engine, table, "WHERE source <> 'SYNTHETIC'") == 0, table
    assert _count(engine, "impact_report_edits") > 0  # corrections left a history
    assert _count(engine, "checklist_history") > per_event  # one 'created' row per item, then updates
    assert season.foreign_rows(engine) == {}
    # the readings end at END and are readable through the store's own query
    from store.water import WaterObservation, station_series

    with engine.connect() as conn:
        last = conn.execute(select(func.max(WaterObservation.observed_at))).scalar_one()
    assert last == END
    series = station_series(engine, "990001", END - timedelta(hours=2), END)
    assert len(series) == 13 and series["level_msl"].notna().all()
    engine.dispose()
    with pytest.raises(season.RefusedDatabase, match="--reset"):
        season.generate(url, TINY)
