"""A clearly SYNTHETIC 2022-like season at M.7 and its upstream stations, for the forecast backtest
and bench (issue 18), written into a bench database.

    .venv/bin/python bench/forecast_season.py --database-url sqlite:///data/bench/forecast-bench.sqlite3 [--reset]
    DATABASE_URL=sqlite:///data/bench/forecast-bench.sqlite3 .venv/bin/python manage.py backtest-forecast \\
        --station M.7 --from 2022-08-01 --to 2022-11-10

What it writes, every row marked (``source`` = SYNTHETIC; the rating rows by ``bench-synthetic``):
- stations M.7 (bank 112.00, ground 100.57 m MSL), M.182 and M.5 (upstream), named "synthetic";
- hourly readings from 1 June to 30 November 2022, each ingested 10 minutes after it was observed
  (so ``--at`` replays see exactly what had arrived). M.7's level follows a made-up curve shaped
  like 2022 (bank crossed around 9 September, crest 116.5 m around 14 October); its discharge is
  that level through the rating of the published pairs, with 3 % noise; the upstream levels move
  2 (M.182) and 3 (M.5) days ahead of M.7's, with noise;
- the published M.7 rating: the real pairs in ``../shared/reference/ratings/`` imported through
  ``services.ratings.import_rating_file`` (as of 1 May 2022), never bundled in the repo;
- one GloFAS-like run per day (issued 06:00 Bangkok, 7 past days and 16 ahead): the true discharge
  with a systematic bias (× 0.85), a timing error (the model is 1 day late), and a log-normal error
  growing with lead (σ = 0.03 + 0.025·lead); p25/p75 at ∓0.674 σ.
So the backtest measures the method on errors we chose, not the skill of GloFAS at M.7.

Safety: ``bench.season``'s checks: a database whose name lacks "bench", or that holds any row not
marked synthetic, is refused; ``--reset`` replaces an earlier synthetic data set.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import insert
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.season import BENCH_USER, SYNTHETIC, RefusedDatabase, prepare  # noqa: E402
from domain.rating import Rating  # noqa: E402
from services.ratings import import_rating_file  # noqa: E402
from store.water import WaterForecast, WaterObservation, WaterStation  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "reference" / "ratings" / "m7_stage_discharge_2022_rising.csv"
START = datetime(2022, 6, 1, tzinfo=UTC)
END = datetime(2022, 11, 30, 23, tzinfo=UTC)
# (day, level m MSL) of the made-up M.7 curve, shaped like the 2022 season
M7_CURVE = [
    ("2022-06-01", 106.8), ("2022-07-15", 107.6), ("2022-08-10", 109.2), ("2022-08-25", 111.3),
    ("2022-08-31", 111.7), ("2022-09-10", 112.05), ("2022-09-16", 112.3), ("2022-09-23", 113.07),
    ("2022-10-01", 114.97), ("2022-10-14", 116.51), ("2022-10-25", 115.6), ("2022-11-10", 113.0),
    ("2022-11-30", 110.0),
]  # fmt: skip
STATIONS = [  # code, id, province, bank, ground, lead days over M.7, level offset m
    ("M.7", "990701", "34", 112.0, 100.57, 0, 0.0),
    ("M.182", "990702", "33", 117.5, 108.0, 2, 4.2),
    ("M.5", "990703", "33", 119.0, 110.4, 3, 6.1),
]
MODEL_BIAS = 0.85
MODEL_LATE_DAYS = 1


def m7_levels(times: pd.DatetimeIndex, rng: np.random.Generator, shift_days: float = 0.0) -> np.ndarray:
    """The made-up curve at ``times`` (+ ``shift_days`` ahead), smoothed, with small noise."""
    knots = pd.DatetimeIndex([pd.Timestamp(d, tz="UTC") for d, _ in M7_CURVE]).as_unit("s").asi8.astype("float64")
    values = np.array([v for _, v in M7_CURVE])
    t = times.as_unit("s").asi8.astype("float64") + shift_days * 86400.0
    base = np.interp(t, knots, values)
    kernel = np.ones(73) / 73  # a 3-day running mean of hourly values rounds the corners
    smooth = np.convolve(np.pad(base, 36, mode="edge"), kernel, mode="valid")
    return np.round(smooth + rng.normal(0, 0.01, len(times)), 3)


def write_stations(engine: Engine, at: datetime) -> None:
    rows = [
        {
            "station_id": sid, "station_code": code, "name_th": f"สถานีสังเคราะห์ ({code})",
            "name_en": f"Synthetic station ({code})", "agency": SYNTHETIC, "province_code": prov,
            "bank_msl": bank, "ground_msl": ground, "source": SYNTHETIC, "updated_at": at,
        }
        for code, sid, prov, bank, ground, _, _ in STATIONS
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(WaterStation), rows)


def write_readings(engine: Engine, rating: Rating, rng: np.random.Generator) -> pd.DataFrame:
    """Hourly readings of the three stations; returns M.7's (observed_at, level, discharge)."""
    times = pd.date_range(START, END, freq="1h")
    m7 = None
    with engine.begin() as conn:
        for code, sid, _, _, _, lead, offset in STATIONS:
            levels = m7_levels(times, rng, shift_days=lead) + offset
            if code == "M.7":
                discharge = rating.discharge_for(levels) * np.exp(rng.normal(0, 0.03, len(times)))
            else:
                discharge = np.full(len(times), np.nan)
            rows = [
                {
                    "station_id": sid, "observed_at": t, "level_msl": float(h),
                    "discharge": None if np.isnan(q) else round(float(q), 1), "source": SYNTHETIC,
                    "ingested_at": t + timedelta(minutes=10),
                }
                for t, h, q in zip(times.to_pydatetime(), levels, discharge, strict=True)
            ]  # fmt: skip
            conn.execute(insert(WaterObservation), rows)
            if code == "M.7":
                m7 = pd.DataFrame({"observed_at": times, "level_msl": levels, "discharge": discharge})
    assert m7 is not None
    return m7


def write_model_runs(engine: Engine, m7: pd.DataFrame, rating: Rating, rng: np.random.Generator) -> int:
    """One GloFAS-like run a day (see the module docstring)."""
    bangkok_day = (m7["observed_at"] + pd.Timedelta(hours=7)).dt.date
    true_q = rating.discharge_for(m7.groupby(bangkok_day)["level_msl"].mean())
    days = sorted(set(bangkok_day))
    truth = dict(zip(days, true_q, strict=True))
    rows = []
    for issue_day in days:
        issued = datetime.combine(issue_day, datetime.min.time(), tzinfo=UTC) - timedelta(hours=1)  # 06:00 Bangkok
        drift = np.cumsum(rng.normal(0, 0.025, 17))
        for offset in range(-7, 17):
            day = issue_day + timedelta(days=offset)
            source_day = day - timedelta(days=MODEL_LATE_DAYS)
            if source_day not in truth:
                continue
            lead = max(offset, 0)
            sigma = 0.03 + 0.025 * lead
            median = truth[source_day] * MODEL_BIAS * float(np.exp(drift[lead] if offset > 0 else 0.0))
            rows.append(
                {
                    "source": SYNTHETIC, "station_code": "M.7", "issued_at": issued, "date": day,
                    "discharge": median, "discharge_median": median, "p25": median * np.exp(-0.674 * sigma),
                    "p75": median * np.exp(0.674 * sigma), "lat": 15.22355, "lon": 104.859154,
                }
            )  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(WaterForecast), rows)
    return len(rows)


def generate(database_url: str, reset: bool = False, seed: int = 22, log=print) -> dict[str, int]:
    """Write the season (see the module docstring); returns counts per kind of row."""
    if not REFERENCE.exists():
        raise FileNotFoundError(f"{REFERENCE} is missing: the published M.7 pairs are needed for the rating")
    engine = prepare(database_url, reset=reset)
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    write_stations(engine, START - timedelta(days=30))
    imported = import_rating_file(engine, REFERENCE, "34", BENCH_USER.username, at=datetime(2022, 5, 1, tzinfo=UTC))
    rating = imported.ratings[0]
    m7 = write_readings(engine, rating, rng)
    runs = write_model_runs(engine, m7, rating, rng)
    engine.dispose()
    counts = {
        "stations": len(STATIONS),
        "readings": len(m7) * len(STATIONS),
        "model_rows": runs,
        "pairs": imported.pairs,
    }
    log(f"SYNTHETIC forecast season written in {time.perf_counter() - started:.1f} s: {counts}")
    return counts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database-url", required=True, help="a bench database (its name must contain 'bench')")
    p.add_argument("--reset", action="store_true", help="replace an existing synthetic data set")
    p.add_argument("--seed", type=int, default=22)
    args = p.parse_args(argv)
    try:
        generate(args.database_url, reset=args.reset, seed=args.seed)
    except (RefusedDatabase, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
