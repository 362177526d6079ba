"""A small constructed history for the forecast tests: a station, its readings (each ingested
when it was observed) and GloFAS-like runs, written through the store's tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
from sqlalchemy import insert

from store.water import WaterObservation, WaterStation, save_forecasts

T0 = datetime(2022, 9, 1, 0, 0, tzinfo=UTC)  # 07:00 in Bangkok, 1 Sep 2022


def add_station(engine, code: str, station_id: str, bank: float = 112.0, ground: float = 100.57) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(WaterStation),
            [
                {
                    "station_id": station_id,
                    "station_code": code,
                    "province_code": "34",
                    "bank_msl": bank,
                    "ground_msl": ground,
                    "source": "TEST",
                    "updated_at": T0 - timedelta(days=400),
                }
            ],
        )


def add_readings(engine, station_id: str, times: list[datetime], levels, discharges=None, ingested=None) -> None:
    rows = []
    for i, (t, h) in enumerate(zip(times, levels, strict=True)):
        q = None if discharges is None else discharges[i]
        rows.append(
            {
                "station_id": station_id,
                "observed_at": t,
                "level_msl": None if h is None else float(h),
                "discharge": None if q is None else float(q),
                "source": "TEST",
                "ingested_at": ingested[i] if ingested is not None else t,
            }
        )
    with engine.begin() as conn:
        conn.execute(insert(WaterObservation), rows)


def add_model_run(engine, code: str, issued_at: datetime, first: date, medians, p25=None, p75=None) -> None:
    days = [first + timedelta(days=i) for i in range(len(medians))]
    df = pd.DataFrame(
        {
            "station_code": code,
            "date": days,
            "discharge": medians,
            "discharge_median": medians,
            "p25": p25 if p25 is not None else [None if m is None else m * 0.9 for m in medians],
            "p75": p75 if p75 is not None else [None if m is None else m * 1.1 for m in medians],
            "lat": 15.2,
            "lon": 104.9,
        }
    )
    save_forecasts(engine, df, "open_meteo_flood", issued_at)


LINEAR_RATING_A = 100.0  # the constructed history's rating: Q = 100 (h - 100), so 10 m³/s is 10 cm
LINEAR_RATING_H0 = 100.0


def add_linear_rating(engine, code: str = "M.7", at: datetime | None = None) -> None:
    from domain.rating import Rating
    from store.ratings import save_fitted_rating

    rating = Rating(code, "power", 105.0, 115.0, 10, 0.0, 0.0, 0.0, a=100.0, b=1.0, h0=100.0, source="published")
    save_fitted_rating(engine, rating, "test", at or T0 - timedelta(days=30))


def truth(day: int) -> float:
    """The constructed river: 110.02 m on day 0, rising 10 cm a day (days after T0)."""
    return 110.02 + 0.1 * day


def build_rising_history(engine, days: int = 40, model_error_m: float = 0.0) -> None:
    """M.7 with one reading a day at 07:00 Bangkok (``truth``), a linear rating, and each day a
    model run issued at 06:00 Bangkok whose discharge is exact up to its issue day and
    ``model_error_m`` too high (in level) after it."""
    add_station(engine, "M.7", "100", bank=112.0)
    add_linear_rating(engine)
    times = [T0 + timedelta(days=d) for d in range(days)]
    add_readings(engine, "100", times, [truth(d) for d in range(days)])
    for issue in range(days):
        issued = T0 + timedelta(days=issue, hours=-1)
        medians = []
        for offset in range(-1, 13):
            level = truth(issue + offset) + (model_error_m if offset > 0 else 0.0)
            medians.append(LINEAR_RATING_A * (level - LINEAR_RATING_H0))
        first = (T0 + timedelta(days=issue - 1, hours=7)).date()
        add_model_run(engine, "M.7", issued, first, medians)
