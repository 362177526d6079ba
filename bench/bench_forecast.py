"""Forecast benchmarks (issue 18; targets on the 2-core machine: a station's forecast from stored
data ≤ 100 ms warm, a rating fit on 10,000 pairs ≤ 200 ms).

    .venv/bin/python bench/bench_forecast.py                 # SQLite and PostgreSQL
    .venv/bin/python bench/bench_forecast.py --no-postgres   # SQLite only

1. ``services.forecast.forecast_for_station`` for M.7 on the SYNTHETIC season of
   ``bench/forecast_season.py`` (6 months of hourly readings at M.7 and two upstream stations, a
   GloFAS-like run a day, the published rating), at an issue time mid-season: the first call is
   the cold one, the median of the next ``--repeat`` calls is the warm figure.
2. ``domain.rating.fit_rating`` on 10,000 SYNTHETIC pairs (Q = 124·(h − 105.8)^1.6, 5 % noise).

Wall-clock figures on a shared machine swing with its load (``uptime`` is printed first); the CPU
time of this process per warm call is printed beside them.

Every database is a throwaway one (a temp SQLite file; a PostgreSQL database created and dropped
here, its name containing "bench").
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.forecast_season import generate  # noqa: E402
from config import load_settings  # noqa: E402
from domain.rating import fit_rating  # noqa: E402
from services.forecast import forecast_for_station  # noqa: E402
from store.db import make_engine  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
AT = datetime(2022, 9, 20, 1, 0, tzinfo=UTC)  # 08:00 Bangkok, the rising limb


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def bench_forecast(url: str, label: str, repeat: int) -> float:
    generate(url, log=lambda *_: None)
    engine = make_engine(url)
    settings = load_settings({"DATABASE_URL": url})
    cold = timed(lambda: forecast_for_station(engine, settings, "M.7", AT), 1)[0]
    cpu_started = time.process_time()
    warm = timed(lambda: forecast_for_station(engine, settings, "M.7", AT), repeat)
    cpu = (time.process_time() - cpu_started) * 1000 / repeat  # this process only (not the PostgreSQL server)
    forecast = forecast_for_station(engine, settings, "M.7", AT)
    engine.dispose()
    median = statistics.median(warm)
    print(
        f"forecast M.7 from stored data [{label}]: cold {cold:.0f} ms, warm median {median:.1f} ms "
        f"(min {min(warm):.1f}, max {max(warm):.1f}, n={repeat}; CPU of this process {cpu:.1f} ms per call; "
        f"{len(forecast.days)} rows, "
        f"methods {sorted(set(forecast.days['method']))}) target <= 100 ms"
    )
    return median


def bench_fit(repeat: int) -> float:
    rng = np.random.default_rng(18)
    h = rng.uniform(106.5, 116.5, 10_000)
    q = 124.0 * (h - 105.8) ** 1.6 * np.exp(rng.normal(0, 0.05, h.size))
    runs = timed(lambda: fit_rating("SYN", h, q), repeat)
    rating = fit_rating("SYN", h, q)
    median = statistics.median(runs)
    print(
        f"rating fit on 10,000 pairs: median {median:.1f} ms (min {min(runs):.1f}, max {max(runs):.1f}, n={repeat}); "
        f"fitted a={rating.a:.1f} b={rating.b:.3f} h0={rating.h0:.2f} (true 124, 1.6, 105.8) target <= 200 ms"
    )
    return median


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--no-postgres", action="store_true")
    p.add_argument("--repeat", type=int, default=20)
    args = p.parse_args(argv)
    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    bench_fit(args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        bench_forecast(f"sqlite:///{tmp}/forecast-bench.sqlite3", "SQLite", args.repeat)
    if not args.no_postgres:
        name = f"floodroom_forecast_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            bench_forecast(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", "PostgreSQL", args.repeat)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
