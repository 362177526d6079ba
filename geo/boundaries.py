"""The province's cached district boundaries: save (all or nothing), load, status, import.

Layout under ``settings.data_dir / "boundaries" / <province_code>/``::

    manifest.json                 what is cached: source, licence, source URL/file, sha256 and
                                  size of the source and of the normalised file, fetched time
    districts-<sha12>.geojson     the normalised districts (geo.normalise.COLUMNS, EPSG:4326)
    display-<sha12>-<tol>.geojson the simplified display layer (geo.display), derived, disposable

The manifest is replaced last and atomically (``os.replace``), so a reader sees either the
old complete set or the new one; a failed import leaves the cache exactly as it was.
Downloads (geoBoundaries, HDX) live in ``geo.download``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.health import HealthRow

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd

from auth import User, require
from config import Settings
from geo.normalise import COLUMNS, BoundaryError, normalise_districts, read_boundary_file
from ops.files import write_atomic

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
HDX_LICENCE = "CC BY 3.0 IGO"
HDX_SOURCE = "HDX COD-AB Thailand (Royal Thai Survey Department, OCHA)"


@dataclass(frozen=True)
class BoundaryStatus:
    """What is cached for a province (``cached`` False: nothing yet)."""

    province_code: str
    cached: bool
    source: str | None = None
    licence: str | None = None
    source_url: str | None = None
    fetched_at: datetime | None = None
    district_count: int = 0
    size: int = 0
    sha256: str | None = None
    source_sha256: str | None = None
    source_size: int = 0
    path: Path | None = None
    notes: list[str] = field(default_factory=list)


def boundary_dir(settings: Settings, province_code: str | None = None) -> Path:
    """The cache folder of a province (default: the configured one); not created."""
    return Path(settings.data_dir) / "boundaries" / (province_code or settings.province_code)


def sha256_file(path: Path) -> tuple[str, int]:
    """(hex sha256, size in bytes) of a file, read in 1 MiB blocks."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _read_manifest(folder: Path) -> dict | None:
    path = folder / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        complete = all(
            key in manifest for key in ("file", "province_code", "source", "licence", "fetched_at", "sha256")
        )
    except (json.JSONDecodeError, UnicodeDecodeError):
        complete = False
    if not complete or not (folder / manifest["file"]).exists():
        return None  # damaged by hand: treated as nothing cached, so the next import or fetch rewrites it
    return manifest


def boundary_status(settings: Settings) -> BoundaryStatus:
    """What is cached for the configured province, when and from where."""
    folder = boundary_dir(settings)
    manifest = _read_manifest(folder)
    if manifest is None:
        return BoundaryStatus(province_code=settings.province_code, cached=False)
    return BoundaryStatus(
        province_code=manifest["province_code"],
        cached=True,
        source=manifest["source"],
        licence=manifest["licence"],
        source_url=manifest.get("source_url"),
        fetched_at=datetime.fromisoformat(manifest["fetched_at"]),
        district_count=manifest["district_count"],
        size=manifest["size"],
        sha256=manifest["sha256"],
        source_sha256=manifest.get("source_sha256"),
        source_size=manifest.get("source_size", 0),
        path=folder / manifest["file"],
        notes=list(manifest.get("notes", [])),
    )


SOURCE = "boundaries"  # the key in source_health and ui.freshness


def boundary_health(settings: Settings, row: Any = None) -> HealthRow:  # a source_health row or None
    """The boundaries' ``store.health.HealthRow``, from the one notion of their state: the
    cached manifest (``boundary_status``). Present boundaries are a success dated by their
    download/import, whatever the health table says; a failure is kept only when it is newer
    (a failed re-check leaves the cache, and says so). ``row``: the health table's row or None."""
    from store.health import HealthRow

    status = boundary_status(settings)
    error_at = getattr(row, "last_error_at", None)
    attempt = getattr(row, "last_attempt_at", None)
    if not status.cached:
        return HealthRow(SOURCE, attempt, None, getattr(row, "last_error", None), error_at, None, None, None)
    fetched = status.fetched_at
    newer_error = error_at is not None and error_at > fetched
    return HealthRow(
        SOURCE,
        max(t for t in (attempt, fetched) if t is not None),
        fetched,
        row.last_error if newer_error else None,
        error_at if newer_error else None,
        status.district_count,
        getattr(row, "latency_ms", None),
        fetched,
    )


def record_boundary_health(settings: Settings, status: BoundaryStatus) -> None:
    """Write the boundaries' success to ``source_health`` where the cache changes (every import
    and download goes through ``save_districts``), so the pages and the deck that read that
    table see the same state as the manifest. A database that cannot be written is logged:
    the boundaries are imported all the same."""
    import logging

    from sqlalchemy.exc import SQLAlchemyError

    from store.db import make_engine
    from store.health import record_attempt

    engine = make_engine(settings.database_url)
    try:
        record_attempt(engine, SOURCE, ok=True, rows=status.district_count, data_time=status.fetched_at)
    except SQLAlchemyError as exc:
        logging.getLogger(__name__).warning(
            "boundaries imported, but their state was not recorded in the database: %s", type(exc).__name__
        )
    finally:
        engine.dispose()


def load_districts(settings: Settings) -> gpd.GeoDataFrame | None:
    """The cached normalised districts of the configured province (columns
    ``geo.normalise.COLUMNS``, EPSG:4326, ``attrs`` source/licence/fetched_at), or None."""
    status = boundary_status(settings)
    if not status.cached:
        return None
    gdf = gpd.read_file(status.path)
    gdf["district_code"] = gdf["district_code"].astype(str)
    gdf = gdf[COLUMNS].sort_values("district_code", ignore_index=True)
    gdf.attrs.update(source=status.source, licence=status.licence, fetched_at=status.fetched_at, sha256=status.sha256)
    return gdf


def atomic_write(path: Path, data: bytes) -> None:
    """``data`` to ``path`` whole or not at all (``ops.files.write_atomic``), readable by the
    dashboard, which may run as another user."""
    write_atomic(path, data, mode=0o644)


def save_districts(
    settings: Settings,
    districts: gpd.GeoDataFrame,
    *,
    actor: User | None,
    source_url: str | None = None,
    source_sha256: str | None = None,
    source_size: int = 0,
    fetched_at: datetime | None = None,
) -> BoundaryStatus:
    """Cache normalised districts (from ``normalise_districts``) with their manifest and
    remove the previous files. Nothing is replaced until everything is written.
    ``actor`` needs ``boundaries.write`` (the ingest loop and the command line act as admins)."""
    require(actor, "boundaries.write")
    folder = boundary_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    body = districts[COLUMNS].to_json(drop_id=True, ensure_ascii=False).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()
    name = f"districts-{digest[:12]}.geojson"
    atomic_write(folder / name, body)
    manifest = {
        "format_version": FORMAT_VERSION,
        "province_code": settings.province_code,
        "file": name,
        "source": districts.attrs.get("source") or str(districts["source"].iloc[0]),
        "licence": districts.attrs.get("licence") or str(districts["licence"].iloc[0]),
        "source_url": source_url,
        "source_sha256": source_sha256,
        "source_size": source_size,
        "sha256": digest,
        "size": len(body),
        "district_count": int(len(districts)),
        "fetched_at": (fetched_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "notes": list(districts.attrs.get("notes", [])),
    }
    atomic_write(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    for old in folder.iterdir():
        if old.name not in (name, MANIFEST) and (
            old.name.startswith(("districts-", "display-")) and digest[:12] not in old.name
        ):
            old.unlink(missing_ok=True)
    status = boundary_status(settings)
    record_boundary_health(settings, status)
    return status


def _guess_provenance(raw: gpd.GeoDataFrame, filename: str) -> tuple[str, str]:
    lower = {str(c).lower() for c in raw.columns}
    if "adm2_pcode" in lower:
        return f"{HDX_SOURCE}, file {filename}", HDX_LICENCE
    if "shapename" in lower:
        return f"geoBoundaries, file {filename}", "CC BY 3.0 IGO (geoBoundaries gbOpen THA ADM2)"
    return f"file {filename}", "not stated by the file"


def import_boundary_file(
    settings: Settings, path: str | Path, *, actor: User | None, source: str | None = None, licence: str | None = None
) -> BoundaryStatus:
    """Import an office's own file (GeoJSON, GeoPackage, zipped Shapefile; any schema of
    ``geo.normalise``) as the province's boundaries. Raises ``BoundaryError`` naming what is
    wrong (wrong province, missing districts with codes and names); the cache is untouched then."""
    path = Path(path)
    raw = read_boundary_file(path, settings.province_code)
    guessed_source, guessed_licence = _guess_provenance(raw, path.name)
    districts = normalise_districts(
        raw, settings.province_code, source=source or guessed_source, licence=licence or guessed_licence
    )
    digest, size = sha256_file(path)
    return save_districts(
        settings, districts, actor=actor, source_url=str(path.resolve()), source_sha256=digest, source_size=size
    )


__all__ = [
    "BoundaryError",
    "BoundaryStatus",
    "boundary_dir",
    "boundary_health",
    "boundary_status",
    "import_boundary_file",
    "load_districts",
    "save_districts",
]
