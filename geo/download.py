"""Download district boundaries at first need and cache them (``geo.boundaries``).

    fetch_geoboundaries  geoBoundaries gbOpen THA ADM2: the API JSON (every value a string)
                         links the national files; the simplified one (~8.5 MB) is preferred.
                         Its features carry only shapeName, so the province's districts are
                         chosen by name against the gazetteer.
    fetch_hdx            HDX COD-AB Thailand (CKAN package_show): the GeoJSON or Shapefile zip
                         resource (hundreds of MB, national); the ADM2 layer is read from it.

Failures are ``data_sources.errors``: ``SourceUnavailable`` (network, timeout, HTTP error),
``SourceFormatError`` (a reply or file without the documented shape, a truncated download,
a file that does not hold all of the province's districts). The cache is untouched then.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyogrio
import requests

from auth import User, require
from config import Settings
from data_sources.errors import MissingFieldError, SourceFormatError, SourceUnavailable
from data_sources.http import fetch_json
from geo.boundaries import HDX_LICENCE, HDX_SOURCE, BoundaryStatus, boundary_dir, save_districts
from geo.normalise import BoundaryError, normalise_districts, read_boundary_file

SOURCE = "boundaries"
SOURCES = ("geoboundaries", "hdx")
Progress = Callable[[int, int | None], None]
_CHUNK = 1 << 20


def _chunks(response: requests.Response) -> Iterator[bytes]:
    if response.raw is None:  # a body already in memory (no socket behind it)
        yield response.content
    else:
        yield from response.iter_content(_CHUNK)


def download_file(
    session: requests.Session, url: str, dest: Path, *, timeout: float, progress: Progress | None = None
) -> tuple[str, int]:
    """Stream ``url`` into ``dest``; returns (sha256, bytes). Checks the size against
    Content-Length, so a cut-off download is a ``SourceFormatError``, never a cached file."""
    try:
        response = session.get(url, stream=True, timeout=timeout, allow_redirects=True)
    except requests.Timeout as exc:
        raise SourceUnavailable(SOURCE, f"no answer from {url} within {timeout:g} s") from exc
    except requests.RequestException as exc:
        raise SourceUnavailable(SOURCE, f"cannot download {url} ({type(exc).__name__}: {exc})") from exc
    if response.status_code >= 400:
        raise SourceUnavailable(SOURCE, f"HTTP {response.status_code} for {url}", response.status_code)
    declared = response.headers.get("Content-Length")
    total = int(declared) if declared and declared.isdigit() else None
    digest, size = hashlib.sha256(), 0
    try:
        with open(dest, "wb") as fh:
            for chunk in _chunks(response):
                fh.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                if progress:
                    progress(size, total)
    except (requests.RequestException, OSError) as exc:
        raise SourceUnavailable(
            SOURCE, f"download of {url} broke off after {size:,} bytes ({type(exc).__name__})"
        ) from exc
    if total is not None and size != total:
        raise SourceFormatError(SOURCE, f"download of {url} is truncated: {size:,} of {total:,} bytes")
    if size == 0:
        raise SourceFormatError(SOURCE, f"download of {url} is empty")
    return digest.hexdigest(), size


def _normalise_download(
    settings: Settings, path: Path, url: str, source: str, licence: str, digest: str, size: int, actor: User | None
) -> BoundaryStatus:
    try:
        raw = read_boundary_file(path, settings.province_code)
        districts = normalise_districts(raw, settings.province_code, source=source, licence=licence)
    except BoundaryError as exc:
        raise SourceFormatError(SOURCE, f"{url}: {exc}") from exc
    except pyogrio.errors.DataSourceError as exc:
        raise SourceFormatError(SOURCE, f"{url} is not a readable boundary file: {exc}") from exc
    return save_districts(
        settings,
        districts,
        actor=actor,
        source_url=url,
        source_sha256=digest,
        source_size=size,
        fetched_at=datetime.now(UTC),
    )


def _workdir(settings: Settings) -> tempfile.TemporaryDirectory:
    parent = boundary_dir(settings).parent
    parent.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(dir=parent, prefix=".download-")


def geoboundaries_file_url(meta: object) -> str:
    """The file to download from a geoBoundaries API reply: the simplified GeoJSON, else the full one."""
    if not isinstance(meta, dict):
        raise SourceFormatError(SOURCE, f"geoBoundaries API: expected one JSON object, got {type(meta).__name__}")
    for key in ("simplifiedGeometryGeoJSON", "gjDownloadURL"):
        url = meta.get(key)
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            return url
    raise MissingFieldError(SOURCE, "simplifiedGeometryGeoJSON", "geoBoundaries API reply")


def fetch_geoboundaries(
    settings: Settings, session: requests.Session, progress: Progress | None = None, *, actor: User | None
) -> BoundaryStatus:
    """Download geoBoundaries gbOpen THA ADM2, select the province's districts by name, cache them
    (``actor`` needs ``boundaries.write``, checked before anything is downloaded)."""
    require(actor, "boundaries.write")
    meta = fetch_json(session, SOURCE, settings.geoboundaries_api_url, timeout=settings.http_timeout_s).payload
    url = geoboundaries_file_url(meta)  # checks that meta is one JSON object
    assert isinstance(meta, dict)
    source = "geoBoundaries gbOpen THA ADM2 ({}, {})".format(
        meta.get("boundarySource", "source not stated"), meta.get("boundaryYearRepresented", "year not stated")
    )
    licence = meta.get("boundaryLicense") or "not stated"
    with _workdir(settings) as work:
        path = Path(work) / "geoboundaries-adm2.geojson"
        digest, size = download_file(session, url, path, timeout=max(settings.http_timeout_s, 120.0), progress=progress)
        return _normalise_download(settings, path, url, source, licence, digest, size, actor)


def hdx_resource(payload: object) -> tuple[str, str, str]:
    """(url, file name, licence) of the boundary resource in an HDX CKAN ``package_show`` reply:
    the GeoJSON zip if listed, else the Shapefile zip, else a GeoPackage."""
    if not isinstance(payload, dict) or "result" not in payload:
        raise MissingFieldError(SOURCE, "result", "HDX package_show reply")
    if payload.get("success") is False:
        raise SourceFormatError(SOURCE, f"HDX package_show answered success=false: {payload.get('error')}")
    result = payload["result"]
    resources = result.get("resources") if isinstance(result, dict) else None
    if not isinstance(resources, list):
        raise MissingFieldError(SOURCE, "result.resources", "HDX package_show reply")
    ranked = []
    for res in resources:
        name, fmt, url = str(res.get("name", "")).lower(), str(res.get("format", "")).lower(), res.get("url")
        if not url:
            continue
        if name.endswith(".geojson.zip") or fmt == "geojson":
            ranked.append((0, res))
        elif name.endswith((".shp.zip", "_shp.zip")) or fmt in ("shp", "zipped shapefile", "shapefile"):
            ranked.append((1, res))
        elif name.endswith((".gpkg", ".gpkg.zip")) or fmt in ("geopackage", "gpkg"):
            ranked.append((2, res))
    if not ranked:
        listed = ", ".join(f"{r.get('name')} ({r.get('format')})" for r in resources) or "none"
        raise SourceFormatError(
            SOURCE, f"HDX package lists no GeoJSON, Shapefile or GeoPackage resource; it has: {listed}"
        )
    best = min(ranked, key=lambda pair: pair[0])[1]
    licence = result.get("license_title") or result.get("license_id") or HDX_LICENCE
    return best["url"], str(best.get("name") or "hdx-boundaries.zip"), licence


def fetch_hdx(
    settings: Settings, session: requests.Session, progress: Progress | None = None, *, actor: User | None
) -> BoundaryStatus:
    """Download HDX COD-AB Thailand (national, large), read its ADM2 layer, cache the province's districts
    (``actor`` needs ``boundaries.write``, checked before anything is downloaded)."""
    require(actor, "boundaries.write")
    payload = fetch_json(session, SOURCE, settings.hdx_api_url, timeout=settings.http_timeout_s).payload
    url, name, licence = hdx_resource(payload)
    suffix = ".gpkg" if name.lower().endswith(".gpkg") else ".zip"
    with _workdir(settings) as work:
        path = Path(work) / f"hdx-boundaries{suffix}"
        digest, size = download_file(session, url, path, timeout=max(settings.http_timeout_s, 600.0), progress=progress)
        return _normalise_download(settings, path, url, f"{HDX_SOURCE}, {name}", licence, digest, size, actor)


def fetch_boundaries(
    settings: Settings,
    session: requests.Session,
    source: str = "geoboundaries",
    progress: Progress | None = None,
    *,
    actor: User | None,
) -> BoundaryStatus:
    """Download from ``source`` ('geoboundaries' or 'hdx') and cache."""
    if source not in SOURCES:
        raise ValueError(f"boundary source {source!r} is not known; allowed: {', '.join(SOURCES)}")
    fetch = fetch_geoboundaries if source == "geoboundaries" else fetch_hdx
    return fetch(settings, session, progress, actor=actor)
