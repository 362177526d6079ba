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
