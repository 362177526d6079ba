"""Poll the Open-Meteo Flood API (GloFAS river discharge, model) at each key station of the
province, one request for all points; or replay a saved reply with ``--from-file`` (a JSON
array in the order of the key stations in config/key_stations.toml)."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from data_sources.errors import SourceFormatError
from data_sources.open_meteo import FLOOD_SOURCE, fetch_flood, issue_time, parse_flood
from domain.stations import load_key_stations
from ingest import IngestContext, IngestResult, read_saved_reply
from store.water import save_forecasts

SOURCE = FLOOD_SOURCE


def interval(settings) -> float:
    return settings.forecast_poll_s


def forecast_points(province_code: str) -> list[tuple[str, float, float]]:
    """(code, lat, lon) of the key stations that have coordinates configured."""
    return [(k.code, k.lat, k.lon) for k in load_key_stations(province_code) if k.lat is not None and k.lon is not None]


def run(ctx: IngestContext, from_file: Path | None = None) -> IngestResult:
    settings = ctx.settings
    points = forecast_points(settings.province_code)
    if not points:
        return IngestResult(rows=0, notes=[f"no key stations with coordinates for province {settings.province_code} in config/key_stations.toml"])
    codes = [code for code, _, _ in points]
    if from_file is not None:
        payload = read_saved_reply(from_file, SOURCE)
        issued = datetime.fromtimestamp(Path(from_file).stat().st_mtime, timezone.utc).replace(second=0, microsecond=0)
    else:
        payload = fetch_flood(ctx.session, settings.open_meteo_flood_url, [(lat, lon) for _, lat, lon in points], timeout=settings.http_timeout_s).payload
        issued = issue_time()
    if isinstance(payload, list) and len(payload) != len(codes):
        raise SourceFormatError(SOURCE, f"the reply has {len(payload)} locations; the key stations are {len(codes)}: {', '.join(codes)}")
    df = parse_flood(payload, codes)
    rows = save_forecasts(ctx.engine, df, SOURCE, issued)
    return IngestResult(rows=rows, data_time=issued, notes=[f"GloFAS model discharge for {', '.join(codes)}, issued (requested) {issued:%Y-%m-%d %H:%M} UTC"])
