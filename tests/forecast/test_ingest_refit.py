"""A ThaiWater poll refits the key stations' ratings from their stored (level, discharge) pairs,
through the real ingest job, at most once a day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import select

from config import load_settings
from data_sources.http import build_session
from ingest import IngestContext, run_job
from ingest import thaiwater as thaiwater_job
from store.ratings import current_rating
from store.water import WaterStation
from tests.forecast.history import add_readings
from tests.support.ci import reference_path


def test_a_poll_refits_the_rating_once_a_day(engine, tmp_path):
    ctx = IngestContext(load_settings({"DATA_DIR": str(tmp_path)}), engine, build_session())
    reply = reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")
    first = run_job(ctx, thaiwater_job, reply)
    assert first.ok, first.error
    assert current_rating(engine, "M.7") is None  # the 2020 reply alone gives M.7 too few pairs
    with engine.connect() as conn:
        station_id = conn.execute(
            select(WaterStation.station_id).where(WaterStation.station_code == "M.7")
        ).scalar_one()
    now = datetime.now(UTC).replace(microsecond=0)
    h = np.linspace(109.0, 113.0, 24)
    add_readings(engine, station_id, [now - timedelta(days=3, hours=i) for i in range(24)], h, 124 * (h - 105.8) ** 1.6)
    second = run_job(ctx, thaiwater_job, reply)
    assert second.ok, second.error
    assert [n for n in second.notes if n.startswith("rating of")] == [
        "rating of M.7 refitted on 24 pairs (RMSE log Q 0.000)"
    ]
    rating = current_rating(engine, "M.7")
    assert rating is not None and rating.source == "fitted" and rating.b == pytest.approx(1.6, rel=1e-3)
    third = run_job(ctx, thaiwater_job, reply)
    assert [n for n in third.notes if n.startswith("rating of")] == []  # not again the same day
