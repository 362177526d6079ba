"""District boundaries: downloaded at first need (geoBoundaries), then only reported.

``--from-file F`` imports an office's own file instead (as ``manage.py import-boundaries``).
A boundary file that does not hold the province's districts is a recorded failure
(``SourceFormatError``) and the cached boundaries stay as they were.
"""

from __future__ import annotations

from pathlib import Path

from auth import SYSTEM
from config import Settings
from data_sources.errors import SourceFormatError
from geo.boundaries import BoundaryStatus, boundary_status, import_boundary_file
from geo.normalise import BoundaryError
from ingest import IngestContext, IngestResult

SOURCE = "boundaries"
CHECK_INTERVAL_S = 24 * 3600.0


def interval(settings: Settings) -> float:
    """Once a day: the run only checks the cache, downloading only when nothing is cached."""
    return CHECK_INTERVAL_S


def _result(settings: Settings, status: BoundaryStatus, verb: str) -> IngestResult:
    from geo.display import display_districts

    display_districts(settings)  # computed once here (or found cached), so no page waits for it
    note = f"{verb} {status.district_count} districts from {status.source} (licence: {status.licence})"
    return IngestResult(rows=status.district_count, data_time=status.fetched_at, notes=[note, *status.notes])


def run(ctx: IngestContext, from_file: Path | None = None) -> IngestResult:
    if from_file is not None:
        try:
            return _result(ctx.settings, import_boundary_file(ctx.settings, Path(from_file), actor=SYSTEM), "imported")
        except BoundaryError as exc:
            raise SourceFormatError(SOURCE, f"{Path(from_file).name}: {exc}") from exc
    status = boundary_status(ctx.settings)
    if status.cached:
        return _result(ctx.settings, status, "cached:")
    from geo.download import fetch_geoboundaries

    return _result(ctx.settings, fetch_geoboundaries(ctx.settings, ctx.session, actor=SYSTEM), "downloaded")
