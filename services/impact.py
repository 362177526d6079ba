"""Importing impact figures, evacuation centres and flood extents: the use cases the entry
pages and ``manage.py import-*`` both run. Read, validate every row, then write all or nothing;
the adapters (``cli.impact``, ``pages/impact_entry.py``, ``pages/shelters.py``, ``ui.impact_imports``)
only turn their input into arguments and the outcome into words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import Engine

from auth import User, require_scope
from config import Settings
from data_sources.impact_files import read_impact_file, read_shelter_file
from domain.impact import Problem
from domain.impact_validation import validate_impact_rows
from domain.shelters import validate_shelter_rows
from ops.uploads import check_upload
from store.health import record_attempt
from store.impact import SaveSummary, latest_report_time, save_impact_reports, save_shelters

HEALTH_SOURCE = "impact"


@dataclass
class ImportOutcome:
    """What an import found and (unless ``dry_run``) wrote."""

    layout: str
    rows_read: int
    records: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    skipped_other_province: int = 0
    summary: SaveSummary | None = None
    ignored: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def import_impact(
    engine: Engine,
    user: User,
    settings: Settings,
    data: bytes | Path,
    filename: str,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
) -> ImportOutcome:
    """Read an impact file (any layout), validate every row and, when all rows are good and
    not ``dry_run``, write the district reports in one transaction and mark the impact
    source fresh. Raises ``UploadRejected`` (size/type/zip limits), ``SourceFormatError``
    (unreadable file) or ``PermissionDenied``."""
    now = now or datetime.now(UTC)
    data = _checked_bytes(data, filename)
    parsed = read_impact_file(data, filename, settings.import_max_rows)
    checked = validate_impact_rows(parsed.rows, parsed.level, settings.province_code, now)
    outcome = ImportOutcome(
        parsed.layout,
        checked.rows_read,
        checked.records,
        checked.problems,
        checked.skipped_other_province,
        ignored=parsed.ignored,
        dry_run=dry_run,
    )
    if checked.ok and not dry_run:
        outcome.summary = save_impact_reports(engine, user, checked.records, source=f"file:{Path(filename).name}")
        record_attempt(engine, HEALTH_SOURCE, ok=True, rows=len(checked.records), data_time=latest_report_time(engine))
    return outcome


def _checked_bytes(data: bytes | Path, filename: str) -> bytes:
    """The file's bytes after the upload limits (size, type agrees with content, zip bombs);
    raises ``ops.uploads.UploadRejected`` (a ValueError) naming the file and the limit."""
    raw = Path(data).read_bytes() if isinstance(data, (str, Path)) else bytes(data)
    check_upload(Path(filename).name, raw, ("csv", "xlsx"))
    return raw


def save_form_report(engine: Engine, user: User, record: dict) -> SaveSummary:
    """One district report from the entry form (``domain.impact`` columns), marked as
    entered through the form by ``user``; the impact source becomes fresh."""
    summary = save_impact_reports(engine, user, pd.DataFrame([record]), source="form")
    record_attempt(engine, HEALTH_SOURCE, ok=True, rows=1, data_time=latest_report_time(engine))
    return summary


def import_shelters(
    engine: Engine,
    user: User,
    settings: Settings,
    data: bytes | Path,
    filename: str,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
) -> ImportOutcome:
    """Read, validate and (all or nothing) write an evacuation-centre file."""
    now = now or datetime.now(UTC)
    rows = read_shelter_file(_checked_bytes(data, filename), filename, settings.import_max_rows)
    checked = validate_shelter_rows(rows, settings.province_code, now)
    outcome = ImportOutcome("shelters", checked.rows_read, checked.records, checked.problems, dry_run=dry_run)
    if checked.ok and not dry_run:
        outcome.summary = save_shelters(engine, user, checked.records, source=f"file:{Path(filename).name}")
    return outcome


def import_flood_extent(
    engine: Engine, user: User, settings: Settings, path: Path, acquired_on: date | None = None
) -> dict:
    """Store a flood-extent file (GeoJSON, zipped Shapefile, or a saved GISTDA reply):
    flooded area per district from the overlay on the imported boundaries (or GISTDA's own
    attributes), one layer per acquisition date. Returns {date: (SaveSummary, method)}."""
    from data_sources.gistda import read_extent_file
    from geo.boundaries import load_districts
    from ingest.gistda import read_saved_extent, store_flood_extent

    require_scope(user, "flood_extent.write", district_code=None)  # a province-wide layer
    extent = read_extent_file(path, acquired_on) if acquired_on else read_saved_extent(path)
    return store_flood_extent(
        engine, user, extent, load_districts(settings), settings.province_code, source=f"file:{path.name}"
    )
