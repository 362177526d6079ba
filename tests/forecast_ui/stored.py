"""A stored season at M.7 from which ``services.forecast`` makes a real level forecast: the
station, 40 days of daily readings with discharge (a rating is fitted from them: Q = 40·(h −
104)^1.5, levels 106.0–110.9 m, so a crest above 110.9 is extrapolated) and a GloFAS-like
run whose median rises to 1.6× today's flow. A constructed season, labelled as such."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import update

from i18n.timefmt import BANGKOK
from store.water import WaterObservation
from tests.forecast.history import add_model_run, add_readings, add_station

LAST = datetime(2022, 9, 10, 0, 0, tzinfo=UTC)  # 07:00 Bangkok, 10 Sep 2022: the last reading
DAYS = 40


def rating_q(level: float) -> float:
    return 40.0 * (level - 104.0) ** 1.5


def store_m7_season(engine, bank: float = 112.0, last: datetime = LAST) -> None:
    """M.7 readings up to ``last`` and a model run issued then (10 days ahead)."""
    add_station(engine, "M.7", "st-m7", bank=bank, ground=100.57)
    times = [last - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
    levels = np.round(np.linspace(106.0, 110.9, DAYS), 2)
    add_readings(engine, "st-m7", times, levels.tolist(), [rating_q(h) for h in levels])
    with engine.begin() as conn:  # read from ThaiWater, as the ingest stores them (the label names the source)
        conn.execute(update(WaterObservation).where(WaterObservation.station_id == "st-m7").values(source="thaiwater"))
    today = rating_q(float(levels[-1]))
    medians = [today * f for f in (1.0, 1.15, 1.3, 1.45, 1.6, 1.65, 1.6, 1.5, 1.4, 1.3, 1.2)]
    first = last.astimezone(BANGKOK).date()
    # the run's past days as well (the bias ratio needs model and observed on shared days)
    past = [rating_q(float(h)) for h in levels[-8:-1]]
    add_model_run(engine, "M.7", last, first - timedelta(days=7), past + medians)
