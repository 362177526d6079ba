"""The synthetic forecast season (bench/forecast_season.py) refuses real databases, marks every
row, and gives the backtest a season with a bank crossing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bench import forecast_season, season
from store.db import make_engine
from store.ratings import current_rating
from store.water import WaterForecast, WaterObservation
from tests.support.ci import reference_path


def test_refuses_a_database_not_named_bench(tmp_path):
    with pytest.raises(season.RefusedDatabase, match="must contain 'bench'"):
        forecast_season.generate(f"sqlite:///{tmp_path / 'floodroom.sqlite3'}")


def test_writes_a_marked_season(tmp_path):
    reference_path("ratings", "m7_stage_discharge_2022_rising.csv")
    url = f"sqlite:///{tmp_path / 'forecast-bench.sqlite3'}"
    counts = forecast_season.generate(url, log=lambda *_: None)
    engine = make_engine(url)
    assert season.foreign_rows(engine) == {}  # every row is marked synthetic
    with engine.connect() as conn:
        late = conn.execute(
            select(func.count()).where(WaterObservation.ingested_at <= WaterObservation.observed_at)
        ).scalar_one()
        runs = conn.execute(select(func.count(func.distinct(WaterForecast.issued_at)))).scalar_one()
    # one run per Bangkok day of readings: 1 June 07:00 to 1 December 06:00 Bangkok time
    assert late == 0 and runs == 184 and counts["readings"] == 3 * 183 * 24
    rating = current_rating(engine, "M.7")
    assert rating is not None and rating.source == "published" and rating.n_pairs == 7
    with pytest.raises(season.RefusedDatabase, match="--reset"):
        forecast_season.generate(url, log=lambda *_: None)
    engine.dispose()
