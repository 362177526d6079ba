"""The water situation now (or at a past time): one row per station of the province with its
newest reading, situation class, 3 h and 24 h trends, age, cadence, staleness and flags, key
stations marked (``SITUATION_COLUMNS``). What the overview, briefing and triggers read.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection, Engine

from domain.flags import coded_flag
from domain.freshness import CADENCE_WINDOW, station_cadence
from domain.situation import assess_stations
from domain.stations import key_station_map
from store.base import bulk_time, epoch_seconds, utc_from_epoch, utc_times
from store.bulk import aware_utc, read_frame
from store.water import WaterObservation, WaterStation, province_stations

HISTORY_WINDOW = timedelta(hours=26)  # enough readings for a 24 h trend
TREND_HOURS = (3, 24)  # the trends domain.situation.assess_stations computes
NEAR = timedelta(minutes=30)  # readings kept around each trend's wanted time (see _trend_history)
DEFAULT_STALE_S = 3 * 3600.0
SITUATION_COLUMNS = [
    "station_id",
    "station_code",
    "name_th",
    "name_en",
    "district_code",
    "lat",
    "lon",
    "level_msl",
    "bank_msl",
    "ground_msl",
    "pct_capacity",
    "situation_class",
    "below_bank_m",
    "trend_3h_cm_h",
    "trend_24h_cm_h",
    "trend",
    "observed_at",
    "age_s",
    "stale",
    "flags",
    "is_key",
    "watch_level_msl",
    # extras
    "province_code",
    "agency",
    "discharge",
    "hii_situation_level",
    "reading_class",
    "upstream",
    # how the station reports (domain.freshness.station_cadence): code and parameters, worded by i18n
    "cadence",
    "cadence_interval_s",
    "cadence_time",
    "stale_after_s",
]


def latest_situation(
    engine: Engine, province_code: str, at: datetime | None = None, stale_after_s: float = DEFAULT_STALE_S
) -> pd.DataFrame:
    """One row per station of the province (and its upstream key stations) as it stood at
    ``at`` (aware; None = now): the newest reading at or before ``at``, its % capacity and
    HII class, metres below bank, 3 h / 24 h trends, age and staleness, flags. A reading
    older than ``stale_after_s`` gets situation_class 'unknown' (its class stays in
    reading_class) so an old reading is never shown as current. ``stale_after_s`` is the ceiling
    for telemetry: each station is stale when overdue for its own cadence, learnt from its
    stored history (a daily 06:00 reading stays current until the next one is missed; see
    ``domain.freshness.station_cadence``). Sorted key stations first."""
    at = aware_utc(at)
    stations = province_stations(engine, province_code)
    if stations.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in SITUATION_COLUMNS})
    o = WaterObservation.__table__
    ids = stations["station_id"].tolist()
    # One index seek per station (max over the (station_id, observed_at) key), not a scan of its history.
    st = WaterStation.__table__
    newest = (
        select(func.max(o.c.observed_at))
        .where(o.c.station_id == st.c.station_id, o.c.observed_at <= at)
        .correlate(st)
        .scalar_subquery()
    )
    latest_t = select(st.c.station_id, newest.label("t")).where(st.c.station_id.in_(ids)).subquery()
    obs_cols = ["station_id", "observed_at", "level_msl", "discharge", "hii_situation_level", "obs_flags"]
    observed = bulk_time(o.c.observed_at, engine.dialect.name)  # converted per column below, not per row
    latest_stmt = select(
        o.c.station_id, observed, o.c.level_msl, o.c.discharge, o.c.hii_situation_level, o.c.flags
    ).join(latest_t, and_(o.c.station_id == latest_t.c.station_id, o.c.observed_at == latest_t.c.t))
    with engine.connect() as conn:
        latest = read_frame(conn, latest_stmt, obs_cols)
        history = _trend_history(conn, engine.dialect.name, ids, at)
        cadence_stats = _cadence_history(conn, engine.dialect.name, ids, at)
    latest["observed_at"] = utc_times(latest["observed_at"])
    merged = stations.rename(columns={"flags": "station_flags"}).merge(latest, on="station_id", how="left")
    merged = _apply_key_stations(merged, province_code)
    merged["flags"] = _join_flags(merged["obs_flags"], merged["station_flags"], merged["key_flags"])
    for col in ("level_msl", "bank_msl", "ground_msl", "lat", "lon", "discharge", "watch_level_msl"):
        merged[col] = pd.to_numeric(merged[col], errors="coerce").astype("float64")
    merged = merged.merge(cadence_stats, on="station_id", how="left")
    merged = merged.join(station_cadence(merged, stale_after_s))
    out = assess_stations(merged, history, at, merged["stale_after_s"].to_numpy(dtype="float64"))
    out["station_id"] = out["station_id"].astype(str)
    out["_order"] = (~out["is_key"]).astype(int)
    out = out.sort_values(["_order", "station_code"]).reset_index(drop=True)
    return out[SITUATION_COLUMNS]


def _cadence_history(conn: Connection, dialect: str, ids: list[str], at: datetime) -> pd.DataFrame:
    """Per station: how many readings it has in the ``CADENCE_WINDOW`` up to
    ``at``, and the first and last of them (epoch seconds), for its reporting interval.
    One grouped read over the (station_id, observed_at) key; min/max of the stored column
    (not of a per-row conversion), so only one time per station is converted."""
    o = WaterObservation.__table__
    stmt = (
        select(o.c.station_id, func.count(), func.min(o.c.observed_at), func.max(o.c.observed_at))
        .where(o.c.station_id.in_(ids), o.c.observed_at <= at, o.c.observed_at > at - CADENCE_WINDOW)
        .group_by(o.c.station_id)
    )  # every report counts, with a level or not: the key alone answers (no row reads)
    df = read_frame(conn, stmt, ["station_id", "history_n", "first", "last"])
    seconds = lambda col: pd.to_datetime(df[col], utc=True).map(lambda t: t.timestamp()).astype("float64")  # noqa: E731
    return pd.DataFrame(
        {
            "station_id": df["station_id"].astype(object),
            "history_n": df["history_n"].astype("float64"),
            "history_first_s": seconds("first") if len(df) else pd.Series(dtype="float64"),
            "history_last_s": seconds("last") if len(df) else pd.Series(dtype="float64"),
        }
    )


def _trend_history(conn: Connection, dialect: str, ids: list[str], at: datetime) -> pd.DataFrame:
    """The readings with a level that the 3 h and 24 h trends can pick out of each station's
    26 h window (~150 a station): its newest, and those within ``NEAR`` of newest - 3 h and of
    newest - 24 h. A trend takes the reading nearest its wanted time, so when one lies within
    ``NEAR`` the nearest (and any tie) is among these; a station with an empty slot (a gap) gets
    its whole window, so the trends are exactly those of the whole window (a test compares).
    Times come from the database as epoch seconds: floats, not datetimes made one by one."""
    o = WaterObservation.__table__
    columns = ["station_id", "observed_at", "level_msl"]
    lo = at - HISTORY_WINDOW
    in_window = and_(o.c.observed_at <= at, o.c.observed_at >= lo, o.c.level_msl.is_not(None))
    reading = select(o.c.station_id, epoch_seconds(o.c.observed_at, dialect), o.c.level_msl)
    newest: dict[datetime, list[str]] = {}  # stations by their newest reading's time: mostly one time for all
    for station, last in conn.execute(
        select(o.c.station_id, func.max(o.c.observed_at))
        .where(o.c.station_id.in_(ids), in_window)
        .group_by(o.c.station_id)
    ):
        newest.setdefault(last, []).append(station)
    if not newest:
        return pd.DataFrame(
            {
                "station_id": pd.Series(dtype="object"),
                "observed_at": utc_from_epoch([]),
                "level_msl": pd.Series(dtype="float64"),
            }
        )
    slots = [
        and_(
            o.c.station_id.in_(stations),
            or_(
                o.c.observed_at == last,
                *(
                    and_(
                        o.c.observed_at >= last - timedelta(hours=h) - NEAR,
                        o.c.observed_at <= last - timedelta(hours=h) + NEAR,
                    )
                    for h in TREND_HOURS
                ),
            ),
        )  # in_window keeps >= lo
        for last, stations in newest.items()
    ]
    near = read_frame(conn, reading.where(in_window, or_(*slots)), columns)
    seconds = np.rint(near["observed_at"].to_numpy(dtype="float64")).astype("int64")
    near["observed_at"] = utc_from_epoch(seconds)
    station_of = near["station_id"].to_numpy()
    gaps = []
    for last, stations in newest.items():
        last_s = int(pd.Timestamp(last).timestamp())
        for station in stations:
            mine = seconds[station_of == station]
            earlier = mine[mine < last_s]
            if any(not (np.abs(earlier - (last_s - h * 3600)) <= NEAR.total_seconds()).any() for h in TREND_HOURS):
                gaps.append(station)
    if not gaps:
        return near
    whole = read_frame(conn, reading.where(in_window, o.c.station_id.in_(gaps)), columns)
    whole["observed_at"] = utc_from_epoch(whole["observed_at"])
    return pd.concat([near[~near["station_id"].isin(gaps)], whole], ignore_index=True)


def _apply_key_stations(df: pd.DataFrame, province_code: str) -> pd.DataFrame:
    """is_key, upstream, configured bank (wins over the feed, with a flag when they differ)
    and watch level. RID's dot-less duplicates never match a key code."""
    keys = key_station_map(province_code)
    feed_bank = pd.to_numeric(df["bank_msl"], errors="coerce").to_numpy(dtype="float64")
    codes = df["station_code"].tolist()
    is_key = np.array([c in keys for c in codes], dtype=bool)
    upstream = [False] * len(df)
    watch = np.full(len(df), math.nan)
    banks = feed_bank.copy()
    flags: list[list[str]] = [[] for _ in range(len(df))]
    # Only the few configured key stations need a look of their own; the rest keep the feed's bank.
    for i in np.flatnonzero(is_key):
        key = keys[codes[i]]
        bank = None if math.isnan(feed_bank[i]) else float(feed_bank[i])
        if key.bank_msl is not None:
            if bank is not None and abs(bank - key.bank_msl) > 0.05:
                flags[i].append(coded_flag("configured_bank", conf=f"{key.bank_msl:.2f}", feed=f"{bank:.2f}"))
            bank = key.bank_msl
        upstream[i] = bool(key.upstream)
        watch[i] = key.watch_level(bank)
        banks[i] = bank if bank is not None else math.nan
    return df.assign(is_key=is_key, upstream=upstream, watch_level_msl=watch, key_flags=flags, bank_msl=banks)  # type: ignore[arg-type]  # pandas-stubs: a list of lists is a valid object column


def _join_flags(obs_flags: pd.Series, station_flags: pd.Series, key_flags: pd.Series) -> list[str]:
    """The reading's flags (else the station's) plus the key-station notes, "; "-joined."""
    out = []
    for obs, station, extra in zip(obs_flags.tolist(), station_flags.tolist(), key_flags.tolist(), strict=True):
        text = obs if isinstance(obs, str) else (station if isinstance(station, str) else "")
        out.append("; ".join(f for f in text.split("; ") + extra if f))
    return out
