"""Which ``ingest --source`` a saved file looks like, so a refused ``--from-file`` can say
which source's format it matches. A guess from the file's shape (its fields), never a parse:
the named source's own parser still checks the file when it is run."""

from __future__ import annotations

import json
from pathlib import Path

_MAX_BYTES = 200 * 1024 * 1024  # larger saved replies are not sniffed (the suggestion is a courtesy)


def _rows(payload: object) -> list[dict]:
    """The first rows of a ThaiWater-shaped reply ({data: {data: [...]}} or {data: [...]})."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if isinstance(data, dict):
        data = data.get("data")
    return [r for r in data[:5] if isinstance(r, dict)] if isinstance(data, list) else []


def _json_sources(payload: object) -> list[str]:
    if isinstance(payload, dict) and "waterlevel_data" in payload:
        return ["thaiwater"]
    data = payload.get("data") if isinstance(payload, dict) else None
    if isinstance(data, dict) and "dam_daily" in data:  # analyst/dam
        return ["thaiwater_dams"]
    keys = {k for row in _rows(payload) for k in row}
    if "waterlevel_msl" in keys:
        return ["thaiwater"]
    if "rain_24h" in keys:
        return ["thaiwater_rain"]
    if "dam_storage" in keys:
        return ["thaiwater_dams"]
    replies = payload if isinstance(payload, list) else [payload]
    first = replies[0] if replies and isinstance(replies[0], dict) else {}
    if "river_discharge" in (first.get("daily") or {}):
        return ["open_meteo_flood"]
    if "precipitation" in (first.get("hourly") or {}):
        return ["open_meteo_rain"]
    if first.get("type") == "FeatureCollection" or "features" in first:
        props = {k.lower() for f in (first.get("features") or [])[:5] for k in ((f or {}).get("properties") or {})}
        district = any(k.startswith(("adm2", "amp", "district", "shapename", "shapeid")) for k in props)
        return ["boundaries"] if district else ["gistda", "boundaries"]
    return []


def matching_sources(path: Path) -> list[str]:
    """The sources whose saved format ``path`` looks like (empty when none or unreadable)."""
    path = Path(path)
    if path.suffix.lower() in (".zip", ".gpkg", ".shp"):
        return ["boundaries", "gistda"]
    try:
        if path.stat().st_size > _MAX_BYTES:
            return []
        payload = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return []
    return _json_sources(payload)
