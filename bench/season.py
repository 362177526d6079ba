"""A clearly synthetic flood season for the speed budget (issue 9), written into a bench database.

    .venv/bin/python bench/season.py --database-url sqlite:///data/bench/floodroom-bench.sqlite3
    .venv/bin/python bench/season.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/floodroom_bench

What it writes (defaults): the province's 25 districts; 60 stations (the configured key stations
plus synthetic ones) with one flood season of 10-minute readings ending now (174 days, about
1.5 million rows); 30 days of daily impact reports per district, some corrected (edit history);
evacuation centres; 3 checklist events with a checklist per district (a few thousand items) and
their histories; 20 saved briefings built by ``briefing.snapshot.build_snapshot``; one officer
account ``bench-officer`` (no password) for timing the pages an officer sees.

Safety: it refuses a database whose SQLite file name or PostgreSQL database name does not contain
"bench", and one that already holds any row it cannot tell is synthetic. Every row with a
``source`` column says ``SYNTHETIC``; rows without one are written by the user ``bench-synthetic``.
Station names say "synthetic". Write paths of the store are used where they exist and are cheap
(stations, impact reports, centres, briefings); the 1.5 million readings and the checklists go in
as bulk inserts into the same tables (PostgreSQL: COPY).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import MetaData, func, insert, inspect, select, text
from sqlalchemy.engine import Engine, make_url

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from auth import User  # noqa: E402
from store.db import make_engine, migrate  # noqa: E402

SYNTHETIC = "SYNTHETIC"
BENCH_USER = User("bench-synthetic", "Synthetic bench data (bench/season.py)", "admin")
STEP = timedelta(minutes=10)
PROVINCE = "34"
UPSTREAM_PROVINCE = "33"  # Si Sa Ket: the upstream key stations M.182 and M.5
HEALTH_MARK = "SYNTHETIC bench data set (bench/season.py), not a real poll"
# tables without a ``source`` column: the column that names who wrote a row, and the value
# (or prefix ending in '-') that marks it synthetic
OWNER_COLUMNS = {
    "users": ("username", "bench-"),
    "user_sessions": ("username", "bench-"),
    "login_attempts": ("username", "bench-"),
    "briefings": ("saved_by", BENCH_USER.username),
    "checklist_templates": ("loaded_by", BENCH_USER.username),
    "checklist_events": ("opened_by", BENCH_USER.username),
    "checklist_items": ("updated_by", BENCH_USER.username),
    "checklist_history": ("by_username", BENCH_USER.username),
    "source_health": ("last_error", HEALTH_MARK),
    "rating_pairs": ("imported_by", BENCH_USER.username),
    "station_ratings": ("fitted_by", BENCH_USER.username),
}
IGNORED_TABLES = {"alembic_version"}


class RefusedDatabase(Exception):
    """The target is not a bench database, or holds data that is not synthetic."""


@dataclass(frozen=True)
class SeasonSpec:
    """How much to generate. ``end`` is the last reading (aware, UTC); None = now."""

    stations: int = 60
    days: int = 174
    impact_days: int = 30
    events: int = 3
    briefings: int = 20
    centres_per_district: int = 3
    end: datetime | None = None
    seed: int = 7

    def end_time(self) -> datetime:
        end = self.end or datetime.now(UTC)
        end = end.astimezone(UTC).replace(second=0, microsecond=0)
        return end - timedelta(minutes=end.minute % 10)

    @property
    def readings(self) -> int:
        return self.stations * self.days * 144


@dataclass
class Written:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


# --- safety ---------------------------------------------------------------------------


def check_bench_name(database_url: str) -> None:
    """Refuse unless the SQLite file name or the PostgreSQL database name contains 'bench'."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise RefusedDatabase(f"database backend {backend!r} is not supported; allowed: sqlite, postgresql")
    name = Path(url.database or "").name if backend == "sqlite" else (url.database or "")
    if "bench" not in name.lower():
        raise RefusedDatabase(
            f"refusing to write synthetic data into {name or '(no name)'!r}: the "
            f"{'SQLite file name' if backend == 'sqlite' else 'PostgreSQL database name'} must contain 'bench'"
        )


def foreign_rows(engine: Engine) -> dict[str, int]:
    """{table: rows that are not marked synthetic} over every table of the database."""
    meta = MetaData()
    meta.reflect(engine)
    out = {}
    with engine.connect() as conn:
        for name, table in meta.tables.items():
            if name in IGNORED_TABLES:
                continue
            if name in OWNER_COLUMNS:
                column, mark = OWNER_COLUMNS[name]
                col = table.c[column]
                cond = ~col.startswith(mark) if mark.endswith("-") or name == "source_health" else col != mark
                cond = cond | col.is_(None)
            elif "source" in table.c:
                cond = (table.c.source != SYNTHETIC) | table.c.source.is_(None)
            else:
                cond = None  # a table the generator does not know: any row is foreign
            stmt = select(func.count()).select_from(table)
            count = conn.execute(stmt.where(cond) if cond is not None else stmt).scalar_one()
            if count:
                out[name] = int(count)
    return out


def synthetic_rows(engine: Engine) -> int:
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return sum(
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for n, t in meta.tables.items()
            if n not in IGNORED_TABLES
        )


def prepare(database_url: str, reset: bool = False) -> Engine:
    """Check the target, migrate it to head, and (with ``reset``) empty it; returns an engine."""
    check_bench_name(database_url)
    engine = make_engine(database_url)
    if inspect(engine).get_table_names():
        foreign = foreign_rows(engine)
        if foreign:
            engine.dispose()
            raise RefusedDatabase(
                "refusing to write: the database holds rows that are not synthetic: "
                + ", ".join(f"{t} ({n})" for t, n in sorted(foreign.items()))
            )
    migrate(database_url)
    if synthetic_rows(engine):
        if not reset:
            engine.dispose()
            raise RefusedDatabase("the database already holds a synthetic data set; pass --reset to replace it")
        empty(engine)
    return engine


def empty(engine: Engine) -> None:
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table in reversed(meta.sorted_tables):
            if table.name not in IGNORED_TABLES:
                conn.execute(table.delete())


# --- stations and readings ------------------------------------------------------------

KEY_STATIONS = [  # code, province, district, lat, lon, ground, bank (m MSL)
    ("M.7", PROVINCE, "3401", 15.22355, 104.859154, 103.5, 112.0),
    ("M.11B", PROVINCE, "3419", 15.24992, 105.239243, 100.2, 110.3),
    ("E.98", PROVINCE, "3404", 15.30323, 104.50032, 106.1, 115.4),
    ("M.182", UPSTREAM_PROVINCE, "3309", 15.13208, 104.488403, 108.0, 117.5),
    ("M.5", UPSTREAM_PROVINCE, "3312", 15.33969, 104.15403, 110.4, 119.0),
]


def station_frame(spec: SeasonSpec, districts: list[str], rng: np.random.Generator) -> pd.DataFrame:
    """The station registry: key stations first, then synthetic ones spread over the districts."""
    rows = []
    for i in range(spec.stations):
        if i < len(KEY_STATIONS):
            code, prov, district, lat, lon, ground, bank = KEY_STATIONS[i]
        else:
            code, prov, district = f"SYN.{i + 1:03d}", PROVINCE, districts[i % len(districts)]
            lat, lon = float(rng.uniform(14.45, 15.95)), float(rng.uniform(104.45, 105.55))
            ground = float(rng.uniform(95, 125))
            bank = ground + float(rng.uniform(5, 11))
        rows.append(
            {
                "station_id": str(990001 + i),
                "station_code": code,
                "name_th": f"สถานีสังเคราะห์ {i + 1:02d} ({code})",
                "name_en": f"Synthetic station {i + 1:02d} ({code})",
                "agency": "SYNTHETIC",
                "basin_th": "ลุ่มน้ำมูล (สังเคราะห์)",
                "province_code": prov,
                "district_code": district,
                "lat": lat,
                "lon": lon,
                "bank_msl": bank,
                "ground_msl": ground,
                "left_bank": bank,
                "right_bank": bank + 0.3,
                "critical_level_msl": bank - 1.0,
                "qmax": float(rng.uniform(800, 3000)),
                "flags": None,
            }
        )
    return pd.DataFrame(rows)


def season_levels(ground: float, bank: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """A smooth season: low water, then a flood wave near (sometimes above) the bank whose peak
    falls in the last fifth of the season or just after it, so the season ends on a flood night
    (rising, high and over-bank stations, as on the worst night); an earlier smaller wave, a
    daily wobble and a little noise; oldest first, metres MSL."""
    t = np.linspace(0.0, 1.0, n)
    depth = bank - ground
    peak_at, width = rng.uniform(0.8, 1.03), rng.uniform(0.05, 0.12)
    peak = rng.uniform(0.55, 1.12) * depth
    wave = np.exp(-(((t - peak_at) / width) ** 2)) * peak
    second = np.exp(-(((t - rng.uniform(0.3, 0.55)) / 0.06) ** 2)) * rng.uniform(0.1, 0.4) * depth
    daily = 0.03 * np.sin(np.arange(n) * 2 * np.pi / 144)
    noise = np.cumsum(rng.normal(0, 0.004, n))
    noise -= np.linspace(0, noise[-1], n)
    return np.round(ground + 0.12 * depth + np.maximum(wave, second) + daily + noise, 3)


def _obs_rows(stations: pd.DataFrame, spec: SeasonSpec, rng: np.random.Generator):
    """Yield (station_id, times, levels, discharges) per station."""
    n = spec.days * 144
    end = spec.end_time()
    times = pd.date_range(end=end, periods=n, freq="10min").to_pydatetime()
    for row in stations.itertuples(index=False):
        levels = season_levels(row.ground_msl, row.bank_msl, n, rng)
        discharge = np.round(12.0 * np.maximum(levels - row.ground_msl, 0) ** 1.6, 2)
        yield row.station_id, times, levels, discharge


def _hii_class(level: float, ground: float, bank: float) -> int:
    pct = (level - ground) / (bank - ground) * 100
    return 1 if pct < 10 else 2 if pct < 30 else 3 if pct < 70 else 4 if pct <= 100 else 5


def write_readings(engine: Engine, stations: pd.DataFrame, spec: SeasonSpec, rng: np.random.Generator) -> int:
    """Bulk-insert the readings into ``water_observations`` (one transaction; COPY on PostgreSQL)."""
    from store.water import WaterObservation

    table = WaterObservation.__table__
    grounds = dict(zip(stations["station_id"], stations["ground_msl"], strict=True))
    banks = dict(zip(stations["station_id"], stations["bank_msl"], strict=True))
    total = 0
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            cols = (
                "station_id",
                "observed_at",
                "level_msl",
                "discharge",
                "hii_situation_level",
                "source",
                "ingested_at",
            )
            cursor = conn.connection.driver_connection.cursor()
            with cursor.copy(f"COPY water_observations ({', '.join(cols)}) FROM STDIN") as copy:
                for sid, times, levels, discharge in _obs_rows(stations, spec, rng):
                    g, b = grounds[sid], banks[sid]
                    for t, lv, q in zip(times, levels.tolist(), discharge.tolist(), strict=False):
                        naive = t.replace(tzinfo=None)
                        copy.write_row(
                            (sid, naive, lv, q, _hii_class(lv, g, b), SYNTHETIC, naive + timedelta(minutes=5))
                        )
                    total += len(times)
            return total
        for sid, times, levels, discharge in _obs_rows(stations, spec, rng):
            g, b = grounds[sid], banks[sid]
            rows = [
                {
                    "station_id": sid,
                    "observed_at": t,
                    "level_msl": lv,
                    "discharge": q,
                    "storage_percent": None,
                    "hii_situation_level": _hii_class(lv, g, b),
                    "flags": None,
                    "source": SYNTHETIC,
                    "ingested_at": t + timedelta(minutes=5),
                }
                for t, lv, q in zip(times, levels.tolist(), discharge.tolist(), strict=False)
            ]
            conn.execute(insert(table), rows)
            total += len(rows)
    return total


def write_stations(engine: Engine, stations: pd.DataFrame, at: datetime) -> int:
    """Through the water store's write path (registry rows only: no reading times)."""
    from store.water import save_waterlevels

    frame = stations.assign(
        observed_at=pd.NaT, level_msl=np.nan, discharge=np.nan, storage_percent=np.nan, hii_situation_level=pd.NA
    )
    save_waterlevels(engine, frame, SYNTHETIC, at=at)
    return len(stations)


# --- impact ---------------------------------------------------------------------------


def impact_frame(districts: list[str], spec: SeasonSpec, rng: np.random.Generator) -> pd.DataFrame:
    """Daily reports (08:00 Bangkok = 01:00 UTC) for the last ``impact_days`` days: about two thirds
    of the districts flooded, figures rising then easing."""
    from domain.impact import FIELD_NAMES, FLOAT_FIELDS

    end = spec.end_time()
    last = end.replace(hour=1, minute=0) if end.hour >= 1 else (end - timedelta(days=1)).replace(hour=1, minute=0)
    days = [last - timedelta(days=d) for d in range(spec.impact_days - 1, -1, -1)]
    rows = []
    for code in districts:
        severity = rng.choice([0.0, 0.3, 1.0, 3.0], p=[0.3, 0.3, 0.25, 0.15])
        households = rng.integers(800, 6000) * severity
        for i, day in enumerate(days):
            shape = np.sin(np.pi * (i + 1) / (len(days) + 4)) if severity else 0.0
            hh = int(households * shape)
            figures = dict.fromkeys(FIELD_NAMES, 0)
            figures.update(
                affected_households=hh,
                affected_people=int(hh * 3.1),
                affected_villages=int(hh / 90),
                affected_subdistricts=min(12, int(hh / 700) + (1 if hh else 0)),
                evacuated_households=int(hh * 0.08),
                evacuated_people=int(hh * 0.25),
                houses_damaged=int(hh * 0.02),
                roads_damaged=int(hh / 400),
                farm_rice_rai=round(hh * 4.5, 1),
                farm_field_crops_rai=round(hh * 0.7, 1),
                livestock_head=int(hh * 0.4),
                fish_ponds=int(hh * 0.05),
                centres_open=int(hh / 1500),
                people_in_centres=int(hh * 0.2),
                people_with_relatives=int(hh * 0.05),
            )
            for name in FLOAT_FIELDS:
                figures[name] = float(figures[name])
            zone = (days[0] + timedelta(days=3)).date() if severity >= 1.0 else None
            rows.append({"district_code": code, "report_time": day, **figures, "declared_zone_date": zone})
    return pd.DataFrame(rows)


def write_impact(engine: Engine, districts: list[str], spec: SeasonSpec, rng: np.random.Generator) -> tuple[int, int]:
    """Reports through ``store.impact.save_impact_reports``; then a correction of the newest
    five days of the flooded districts (the store keeps the old figures as edits)."""
    from store.impact import ImpactReportEdit, save_impact_reports

    frame = impact_frame(districts, spec, rng)
    first = save_impact_reports(engine, BENCH_USER, frame, SYNTHETIC)
    recent = frame[
        (frame["report_time"] >= frame["report_time"].max() - timedelta(days=4)) & (frame["affected_households"] > 0)
    ].copy()
    recent["affected_households"] = (recent["affected_households"] * 1.07).astype(int)
    recent["affected_people"] = (recent["affected_people"] * 1.05).astype(int)
    save_impact_reports(engine, BENCH_USER, recent, SYNTHETIC)
    with engine.connect() as conn:
        edits = conn.execute(select(func.count()).select_from(ImpactReportEdit.__table__)).scalar_one()
    return first.inserted, int(edits)


def write_centres(engine: Engine, districts: list[str], spec: SeasonSpec, rng: np.random.Generator) -> int:
    from store.impact import save_shelters

    today = spec.end_time().date()
    rows = []
    for code in districts:
        for k in range(spec.centres_per_district):
            capacity = int(rng.integers(80, 600))
            rows.append(
                {
                    "district_code": code,
                    "name": f"ศูนย์พักพิงสังเคราะห์ {code}-{k + 1}",
                    "village": f"บ้านสังเคราะห์ {k + 1}",
                    "lat": float(rng.uniform(14.5, 15.9)),
                    "lon": float(rng.uniform(104.5, 105.5)),
                    "capacity": capacity,
                    "people_now": int(capacity * rng.uniform(0, 1.1)),
                    "water": bool(k % 2 == 0),
                    "toilets": True,
                    "medical": bool(k == 0),
                    "opened_on": today - timedelta(days=int(rng.integers(1, 20))),
                    "closed_on": None,
                }
            )
    return save_shelters(engine, BENCH_USER, pd.DataFrame(rows), SYNTHETIC).inserted


# --- checklists -----------------------------------------------------------------------

TEMPLATE = ROOT / "templates" / "flood_province_default.toml"


def write_checklists(
    engine: Engine, districts: list[str], spec: SeasonSpec, rng: np.random.Generator
) -> tuple[int, int, int]:
    """The default template through ``store.checklists.load_template``; ``spec.events`` events
    opened ten days apart over every district (``open_event``); then each item's history through
    ``update_item``: about a third left untouched, the rest started, many done, a few blocked."""
    from store.checklists import items_frame, load_template, open_event

    template_id = load_template(engine, BENCH_USER, TEMPLATE.read_text(encoding="utf-8"), source=str(TEMPLATE.name))
    end = spec.end_time()
    n_items = 0
    for e in range(spec.events):
        opened = end - timedelta(days=10 * (spec.events - e))
        event_id = open_event(
            engine,
            BENCH_USER,
            f"เหตุการณ์สังเคราะห์ {e + 1} (synthetic event {e + 1})",
            PROVINCE,
            districts,
            template_id,
            now=opened,
        )
        items = items_frame(engine, event_id, now=end)
        n_items += len(items)
        for item_id in items["id"].tolist():
            _item_history(engine, int(item_id), opened, end, rng)
    from store.checklist_rows import HistoryRow

    with engine.connect() as conn:
        history = conn.execute(select(func.count()).select_from(HistoryRow.__table__)).scalar_one()
    return spec.events, n_items, int(history)


def _item_history(engine: Engine, item_id: int, opened: datetime, end: datetime, rng: np.random.Generator) -> int:
    from store.checklist_items import update_item

    roll = rng.random()
    if roll < 0.35:
        return 0
    steps = [("in_progress", None)]
    if roll < 0.9:
        steps.append(("done", None))
    elif roll < 0.95:
        steps.append(("blocked", "synthetic: waiting for boats"))
    at, version = opened, 1
    for state, note in steps:
        at = min(end, at + timedelta(hours=float(rng.uniform(0.5, 30))))
        version = update_item(engine, BENCH_USER, item_id, version, state=state, note=note, now=at).version
    return len(steps)


# --- users -----------------------------------------------------------------------------

BENCH_OFFICER = "bench-officer"


def write_users(engine: Engine) -> int:
    """One province-wide officer (no password: the bench signs in with a stored session) so the
    bench can time the pages an officer sees (editors, my items)."""
    from store.users import create_user

    create_user(engine, BENCH_USER, BENCH_OFFICER, "Synthetic officer (bench)", "officer", None)
    return 1


# --- briefings and source health ------------------------------------------------------


def write_briefings(engine: Engine, database_url: str, spec: SeasonSpec) -> int:
    """``spec.briefings`` briefings, twice a day back from the end, each built from the store as
    it stood then by ``briefing.snapshot.build_snapshot`` and saved by ``save_briefing``."""
    from briefing.snapshot import build_snapshot
    from config import load_settings
    from store.briefings import save_briefing

    settings = load_settings({"DATABASE_URL": database_url, "PROVINCE_CODE": PROVINCE})
    end = spec.end_time()
    for k in range(spec.briefings, 0, -1):
        at = end - timedelta(hours=12 * (k - 1))
        snapshot = build_snapshot(engine, settings, at=at)
        save_briefing(engine, BENCH_USER, snapshot, title=f"Synthetic briefing {spec.briefings - k + 1}", at=at)
    return spec.briefings


def write_health(engine: Engine, spec: SeasonSpec, readings_end: datetime) -> int:
    """Source health rows that make the pages' freshness captions honest about the data: the
    data time is the synthetic data's, and the error text says it is synthetic."""
    from store.health import SourceHealth

    end = spec.end_time()
    rows = [("thaiwater", readings_end), ("impact", end.replace(hour=1, minute=0))]
    with engine.begin() as conn:
        for source, data_time in rows:
            conn.execute(
                insert(SourceHealth.__table__).values(
                    source=source,
                    last_attempt_at=end,
                    last_success_at=end,
                    last_error=HEALTH_MARK,
                    last_error_at=end - timedelta(days=spec.days),
                    rows_received=spec.stations,
                    latency_ms=0.0,
                    data_time=data_time,
                )
            )
    return len(rows)


# --- the whole season -----------------------------------------------------------------


def generate(database_url: str, spec: SeasonSpec, reset: bool = False, log=print) -> Written:
    """Check, migrate and fill ``database_url`` with a synthetic season; returns counts and times."""
    from geo.gazetteer import province_districts

    engine = prepare(database_url, reset=reset)
    rng = np.random.default_rng(spec.seed)
    districts = province_districts(PROVINCE)["district_code"].tolist()
    out = Written()

    def step(name, fn, *args):
        t0 = time.perf_counter()
        result = fn(*args)
        out.seconds[name] = time.perf_counter() - t0
        log(f"{name:<12} {result!s:>30}  {out.seconds[name]:7.1f} s")
        return result

    try:
        stations = station_frame(spec, districts, rng)
        out.counts["stations"] = step("stations", write_stations, engine, stations, spec.end_time())
        out.counts["readings"] = step("readings", write_readings, engine, stations, spec, rng)
        _analyse(engine)
        out.counts["impact_reports"], out.counts["impact_edits"] = step(
            "impact", write_impact, engine, districts, spec, rng
        )
        out.counts["centres"] = step("centres", write_centres, engine, districts, spec, rng)
        out.counts["events"], out.counts["items"], out.counts["history"] = step(
            "checklists", write_checklists, engine, districts, spec, rng
        )
        out.counts["users"] = step("users", write_users, engine)
        out.counts["health"] = step("health", write_health, engine, spec, spec.end_time())
        out.counts["briefings"] = step("briefings", write_briefings, engine, database_url, spec)
    finally:
        engine.dispose()
    return out


def _analyse(engine: Engine) -> None:
    """After the bulk load, what autovacuum does to a live database: fresh planner statistics
    and, on PostgreSQL, the vacuum a fresh COPY triggers anyway (left to autovacuum, it runs
    while the bench times the queries, on the same two cores) and that index-only scans need."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        return
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="The database name must contain 'bench'; every row is marked SYNTHETIC.",
    )
    p.add_argument(
        "--database-url",
        required=True,
        help="sqlite:///.../something-bench.sqlite3 or postgresql+psycopg://.../something_bench",
    )
    p.add_argument("--stations", type=int, default=60)
    p.add_argument(
        "--days",
        type=int,
        default=174,
        help="season length in days of 10-minute readings (default 174: ~1.5 M rows for 60 stations)",
    )
    p.add_argument("--impact-days", type=int, default=30)
    p.add_argument("--events", type=int, default=3)
    p.add_argument("--briefings", type=int, default=20)
    p.add_argument("--end", help="last reading time, ISO with zone (default: now)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--reset", action="store_true", help="replace an existing synthetic data set")
    args = p.parse_args(argv)
    for name in ("stations", "days", "impact_days"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1, got {getattr(args, name)}")
    if args.stations > 999:
        p.error(f"--stations must be at most 999, got {args.stations}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    end = None
    if args.end:
        end = datetime.fromisoformat(args.end)
        if end.tzinfo is None:
            print(f"--end {args.end!r} has no time zone; give e.g. 2026-11-20T08:00+07:00", file=sys.stderr)
            return 2
    spec = SeasonSpec(
        stations=args.stations,
        days=args.days,
        impact_days=args.impact_days,
        events=args.events,
        briefings=args.briefings,
        end=end,
        seed=args.seed,
    )
    try:
        written = generate(args.database_url, spec, reset=args.reset)
    except RefusedDatabase as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    print(
        "written: "
        + ", ".join(f"{k} {v:,}" for k, v in written.counts.items())
        + f" in {sum(written.seconds.values()):.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
