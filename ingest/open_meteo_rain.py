"""Poll the Open-Meteo precipitation forecast (model) for the province, at its first key
station inside the province (the provincial town); ``--from-file`` replays a saved reply."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from data_sources.open_meteo import RAIN_SOURCE, fetch_precipitation, issue_time, parse_precipitation
from domain.stations import load_key_stations
from ingest import IngestContext, IngestResult, read_saved_reply
from store.water import save_rain_forecast

SOURCE = RAIN_SOURCE


def interval(settings) -> float:
    return settings.forecast_poll_s


def province_point(province_code: str) -> tuple[float, float] | None:
    for key in load_key_stations(province_code):
        if not key.upstream and key.lat is not None and key.lon is not None:
            return key.lat, key.lon
    return None


def run(ctx: IngestContext, from_file: Path | None = None) -> IngestResult:
    settings = ctx.settings
    point = province_point(settings.province_code)
    if from_file is not None:
        payload = read_saved_reply(from_file, SOURCE)
        issued = datetime.fromtimestamp(Path(from_file).stat().st_mtime, timezone.utc).replace(second=0, microsecond=0)
    elif point is None:
        return IngestResult(rows=0, notes=[f"no key station inside province {settings.province_code} with coordinates; nothing to forecast"])
    else:
        payload = fetch_precipitation(ctx.session, settings.open_meteo_forecast_url, *point, timeout=settings.http_timeout_s).payload
        issued = issue_time()
    df = parse_precipitation(payload)
    rows = save_rain_forecast(ctx.engine, df, SOURCE, settings.province_code, issued)
    return IngestResult(rows=rows, data_time=issued, notes=[f"hourly precipitation forecast (model) at {df['lat'].iloc[0]:.3f}, {df['lon'].iloc[0]:.3f}"] if len(df) else [])
