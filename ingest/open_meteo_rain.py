"""Poll the Open-Meteo precipitation forecast (model) for the province, at its first key
station inside the province (the provincial town); ``--from-file`` replays a saved reply."""

from __future__ import annotations

from pathlib import Path

from config import Settings
from data_sources.errors import SourceFormatError
from data_sources.open_meteo import (
    FORECAST_CELL_DEG,
    RAIN_SOURCE,
    check_position,
    data_issue_time,
    fetch_precipitation,
    issue_time,
    parse_precipitation,
    reply_position,
)
from domain.stations import load_key_stations
from ingest import IngestContext, IngestResult, read_saved_reply
from store.water import save_rain_forecast

SOURCE = RAIN_SOURCE


def interval(settings: Settings) -> float:
    return settings.forecast_poll_s


def province_point(province_code: str) -> tuple[float, float] | None:
    for key in load_key_stations(province_code):
        if not key.upstream and key.lat is not None and key.lon is not None:
            return key.lat, key.lon
    return None


def run(ctx: IngestContext, from_file: Path | None = None) -> IngestResult:
    """Fetch (or read) the forecast at the province's point; a reply for another place is
    refused, a replayed one is dated by its data."""
    settings = ctx.settings
    point = province_point(settings.province_code)
    if point is None and from_file is None:
        return IngestResult(
            rows=0,
            notes=[f"no key station inside province {settings.province_code} with coordinates; nothing to forecast"],
        )
    if point is None:
        raise SourceFormatError(
            SOURCE,
            f"no key station inside province {settings.province_code} with coordinates to check the reply's position "
            "against; nothing stored",
        )
    if from_file is not None:
        payload = read_saved_reply(from_file, SOURCE)
    else:
        payload = fetch_precipitation(
            ctx.session, settings.open_meteo_forecast_url, *point, timeout=settings.http_timeout_s
        ).payload
    check_position(SOURCE, point, reply_position(payload), FORECAST_CELL_DEG)
    df = parse_precipitation(payload)
    if from_file is None:
        issued = issue_time()
    elif len(df):
        issued = data_issue_time(df["valid_at"].min().to_pydatetime())
    else:
        raise SourceFormatError(SOURCE, f"file {from_file} has no forecast hours; nothing stored")
    rows = save_rain_forecast(ctx.engine, df, SOURCE, settings.province_code, issued)
    return IngestResult(
        rows=rows,
        data_time=issued,
        notes=[
            f"hourly precipitation forecast (model) at {df['lat'].iloc[0]:.3f}, {df['lon'].iloc[0]:.3f}, issued "
            f"{issued:%Y-%m-%d %H:%M} UTC"
        ]
        if len(df)
        else [],
    )
