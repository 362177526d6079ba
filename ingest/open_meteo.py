"""Poll the Open-Meteo Flood API (GloFAS river discharge, model) at each key station of the
province, one request for all points; or replay a saved reply with ``--from-file`` (a JSON
array in the order of the key stations in config/key_stations.toml)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from config import Settings
from data_sources.errors import SourceFormatError
from data_sources.open_meteo import (
    FLOOD_CELL_DEG,
    FLOOD_SOURCE,
    check_position,
    data_issue_time,
    fetch_flood,
    issue_time,
    locations,
    parse_flood,
    reply_position,
)
from domain.stations import load_key_stations
from ingest import IngestContext, IngestResult, read_saved_reply
from store.water import save_forecasts

SOURCE = FLOOD_SOURCE


def interval(settings: Settings) -> float:
    return settings.forecast_poll_s


def forecast_points(province_code: str) -> list[tuple[str, float, float]]:
    """(code, lat, lon) of the key stations that have coordinates configured."""
    return [(k.code, k.lat, k.lon) for k in load_key_stations(province_code) if k.lat is not None and k.lon is not None]


def _replayed_issue_time(df: pd.DataFrame, from_file: Path) -> datetime:
    """A saved reply is dated by its data: the start of its first day (``data_issue_time``)."""
    if df.empty:
        raise SourceFormatError(SOURCE, f"file {from_file} has no forecast days; nothing stored")
    first = min(df["date"])
    return data_issue_time(datetime(first.year, first.month, first.day, 12, tzinfo=UTC))


def run(ctx: IngestContext, from_file: Path | None = None) -> IngestResult:
    settings = ctx.settings
    points = forecast_points(settings.province_code)
    if not points:
        return IngestResult(
            rows=0,
            notes=[
                f"no key stations with coordinates for province {settings.province_code} in config/key_stations.toml"
            ],
        )
    codes = [code for code, _, _ in points]
    if from_file is not None:
        payload = read_saved_reply(from_file, SOURCE)
    else:
        payload = fetch_flood(
            ctx.session,
            settings.open_meteo_flood_url,
            [(lat, lon) for _, lat, lon in points],
            timeout=settings.http_timeout_s,
        ).payload
    if isinstance(payload, list) and len(payload) != len(codes):
        raise SourceFormatError(
            SOURCE, f"the reply has {locations(len(payload))}; the key stations are {len(codes)}: {', '.join(codes)}"
        )
    # the shape and the values first (a file that is no flood reply says so, not "another place")
    df = parse_flood(payload, codes)
    for (code, lat, lon), item in zip(points, payload if isinstance(payload, list) else [payload], strict=False):
        check_position(SOURCE, (lat, lon), reply_position(item), FLOOD_CELL_DEG, what=f"the reply for {code}")
    issued = issue_time() if from_file is None else _replayed_issue_time(df, from_file)
    rows = save_forecasts(ctx.engine, df, SOURCE, issued)
    return IngestResult(
        rows=rows,
        data_time=issued,
        notes=[
            f"GloFAS model discharge for {', '.join(codes)}, issued {issued:%Y-%m-%d %H:%M} UTC"
            + (" (the reply's first day)" if from_file is not None else " (requested)")
        ],
    )
