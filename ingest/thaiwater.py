"""Poll ThaiWater ``waterlevel_load`` (or replay a saved reply with ``--from-file``) and
store the configured province's stations, plus its upstream key stations.

Province check: rows are kept by ``geocode.province_code``; when district boundaries are
imported, each station point is also placed in a district polygon. A province row whose
point is outside every district is kept and flagged; a district that disagrees with the
geocode's amphoe is corrected from the polygon and flagged.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from config import Settings
from data_sources.errors import SourceError, SourceFormatError
from data_sources.thaiwater import (
    FUTURE_AFTER,
    fetch_waterlevel_graph,
    fetch_waterlevel_load,
    filter_province,
    parse_waterlevel_graph,
    parse_waterlevel_load,
)
from domain.flags import coded_flag, join_flags
from domain.stations import key_station_map
from i18n import count_en
from i18n.timefmt import BANGKOK
from ingest import IngestContext, IngestResult, read_saved_reply
from store.ratings import refit_ratings
from store.water import save_series, save_waterlevels, station_series
from store.water_situation import latest_situation

SOURCE = "thaiwater"
BACKFILL_WINDOW = timedelta(hours=26)
BACKFILL_MIN_READINGS = 3


def interval(settings: Settings) -> float:
    return settings.waterlevel_poll_s


def _append_flag(df: pd.DataFrame, mask: pd.Series, text: str | Callable[[Hashable], str]) -> None:
    for i in df.index[mask]:
        note = text(i) if callable(text) else text
        df.at[i, "flags"] = join_flags(df.at[i, "flags"], note)


def check_districts(df: pd.DataFrame, settings: Settings, province_code: str) -> tuple[pd.DataFrame, str | None]:
    """Place station points in the imported district polygons (when there are any).
    Returns the frame and a note for the ingest report."""
    from geo.boundaries import load_districts
    from geo.joins import points_to_districts

    districts = load_districts(settings)
    if districts is None or df.empty:
        return df, (
            f"district boundaries not imported for province {province_code} under {settings.data_dir}: province "
            "taken from the geocode only "
            "(python manage.py import-boundaries FILE or fetch-boundaries)"
        )
    import geopandas as gpd

    df = df.reset_index(drop=True).copy()
    has_point = df["lat"].notna() & df["lon"].notna()
    points = gpd.GeoDataFrame(
        df.loc[has_point, ["station_id"]],
        geometry=gpd.points_from_xy(df.loc[has_point, "lon"], df.loc[has_point, "lat"]),
        crs="EPSG:4326",
    )
    placed = points_to_districts(points.to_crs(districts.crs), districts)
    polygon_code = pd.Series(placed["district_code"].to_numpy(), index=placed.index)
    in_province = df["province_code"] == province_code
    outside = in_province & has_point & polygon_code.reindex(df.index).isna()
    _append_flag(df, outside, coded_flag("outside"))
    differs = (
        in_province & polygon_code.reindex(df.index).notna() & (polygon_code.reindex(df.index) != df["district_code"])
    )

    def fixed(i: Any) -> str:  # i: an index label (pandas-stubs call it Hashable)
        return coded_flag("district_fixed", geo=df.at[i, "district_code"], map=polygon_code[i])

    _append_flag(df, differs, fixed)
    df.loc[differs, "district_code"] = polygon_code[differs[differs].index]
    return (
        df,
        f"{count_en(int(outside.sum()), 'station')} outside the district boundaries, "
        f"{count_en(int(differs.sum()), 'district')} corrected",
    )


def backfill_key_stations(ctx: IngestContext, rows: pd.DataFrame, now: datetime) -> list[str]:
    """Fetch two days of ``waterlevel_graph`` for key stations with too little recent history
    for a 24 h trend (first start, or after an outage). A failure here is a note, not a
    failed poll: the current levels are already stored."""
    keys = key_station_map(ctx.settings.province_code)
    notes = []
    row: Any  # pandas-stubs types an itertuples() field as the union of every scalar
    for row in rows[rows["station_code"].isin(list(keys)) & rows["level_msl"].notna()].itertuples(index=False):
        if len(station_series(ctx.engine, row.station_id, now - BACKFILL_WINDOW, now)) >= BACKFILL_MIN_READINGS:
            continue
        today = now.astimezone(BANGKOK).date()
        try:
            fetched = fetch_waterlevel_graph(
                ctx.session,
                ctx.settings.thaiwater_base_url,
                row.station_id,
                str(today - timedelta(days=2)),
                str(today),
                timeout=ctx.settings.http_timeout_s,
            )
            series = parse_waterlevel_graph(fetched.payload)
        except SourceError as exc:
            notes.append(f"history of {row.station_code} not fetched: {exc}")
            continue
        series = series[
            (series["observed_at"] <= now + FUTURE_AFTER) & series["level_msl"].notna()
        ]  # null = no reading
        notes.append(
            f"history of {row.station_code}: {save_series(ctx.engine, row.station_id, series, SOURCE)} readings from "
            "waterlevel_graph"
        )
    return notes


def apply_river_triggers(ctx: IngestContext, now: datetime) -> list[str]:
    """After new readings, make checklist items due whose river condition became true
    (stale readings never fire; items never close themselves)."""
    from auth import SYSTEM
    from store.checklist_items import apply_triggers_to_open_events

    settings = ctx.settings
    situation = latest_situation(ctx.engine, settings.province_code, stale_after_s=settings.waterlevel_stale_s)
    fired = apply_triggers_to_open_events(ctx.engine, settings.province_code, situation, actor=SYSTEM, now=now)
    count = sum(len(items) for items in fired.values())
    return [f"{count_en(count, 'checklist item')} became due on river triggers"] if count else []


def require_readings(
    rows: pd.DataFrame, national: int, province_code: str, value: tuple[str, str], source: str = SOURCE
) -> None:
    """Empty is not success: ``SourceFormatError`` when the province has no row in the reply,
    or none of its rows has a reading (``value``: column, words) and a time."""
    if rows.empty:
        raise SourceFormatError(
            source,
            f"none of the {national:,} rows of the reply is in province {province_code}; nothing stored, the last "
            "good data is kept",
        )
    column, words = value
    if not (rows[column].notna() & rows["observed_at"].notna()).any():
        raise SourceFormatError(
            source,
            f"none of the {len(rows)} rows for province {province_code} has {words} and a time; nothing stored, the "
            "last good data is kept",
        )


def run(ctx: IngestContext, from_file: Path | None = None) -> IngestResult:
    """Fetch (or read) one reply, keep the province's stations, upsert in one transaction."""
    settings = ctx.settings
    now = datetime.now(UTC)
    if from_file is not None:
        payload = read_saved_reply(from_file, SOURCE)
    else:
        payload = fetch_waterlevel_load(
            ctx.session, settings.thaiwater_base_url, timeout=settings.http_timeout_s
        ).payload
    national = parse_waterlevel_load(payload, now=now)
    keys = tuple(key_station_map(settings.province_code))
    rows = filter_province(national, settings.province_code, keys)
    require_readings(rows, len(national), settings.province_code, ("level_msl", "a water level"))
    rows, district_note = check_districts(rows, settings, settings.province_code)
    written = save_waterlevels(ctx.engine, rows, SOURCE, at=now)
    fresh = rows.loc[rows["observed_at"] <= now, "observed_at"]
    flagged = int((rows["flags"].fillna("") != "").sum())
    notes = [
        f"{len(national):,} rows in the reply, {len(rows)} kept for province {settings.province_code} (with "
        f"{len(keys)} key stations' codes)",
        f"{count_en(flagged, 'row')} flagged (see the stations table)",
    ]
    if district_note:
        notes.append(district_note)
    if from_file is None:
        notes += backfill_key_stations(ctx, rows, now)
    if from_file is not None:
        notes.append(f"replayed from {from_file}")
    notes += apply_river_triggers(ctx, now)
    # the key stations' ratings from their stored (level, discharge) pairs, at most once a day
    notes += refit_ratings(ctx.engine, keys, "ingest:thaiwater", now)
    return IngestResult(rows=written, data_time=fresh.max().to_pydatetime() if len(fresh) else None, notes=notes)
