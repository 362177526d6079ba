"""Polled sources. Each module here defines ``SOURCE``, ``interval(settings)`` and
``run(ctx, from_file=None) -> IngestResult``; ``run_job`` wraps one run with timing,
source-health bookkeeping and error capture.
"""
from __future__ import annotations

import importlib
import json
import logging
import pkgutil
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import ModuleType

import requests
from sqlalchemy.engine import Engine

from config import Settings
from data_sources.errors import SourceError, SourceFormatError
from store.health import record_attempt

log = logging.getLogger("floodroom.ingest")


@dataclass
class IngestContext:
    settings: Settings
    engine: Engine
    session: requests.Session


@dataclass
class IngestResult:
    rows: int
    data_time: datetime | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class JobOutcome:
    source: str
    ok: bool
    rows: int = 0
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def read_saved_reply(path: Path, source: str) -> object:
    """A reply saved to a file (UTF-8 JSON, a BOM allowed), for ``ingest --from-file``;
    ``SourceFormatError`` naming the file and ``source`` when it cannot be read as JSON."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceFormatError(source, f"file {path} is not a saved JSON reply of {source}: {exc}") from exc


def discover_jobs() -> dict[str, ModuleType]:
    """Every ingest module, by its ``SOURCE`` name."""
    jobs = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"ingest.{info.name}")
        if hasattr(module, "SOURCE") and hasattr(module, "run"):
            jobs[module.SOURCE] = module
    return dict(sorted(jobs.items()))


def run_job(ctx: IngestContext, job: ModuleType, from_file: Path | None = None) -> JobOutcome:
    """Run one job and record the attempt; ``SourceError`` becomes a recorded failure.
    A job that is switched off (``enabled(settings)`` false, e.g. no API key) is not run
    and leaves no health row, so the sidebar never shows it as fresh."""
    if hasattr(job, "enabled") and not job.enabled(ctx.settings):
        return JobOutcome(job.SOURCE, ok=True, rows=0, notes=["switched off by the settings (see python manage.py check)"])
    started = time.perf_counter()
    try:
        result = job.run(ctx, from_file=from_file)
    except SourceError as exc:
        latency = (time.perf_counter() - started) * 1000
        record_attempt(ctx.engine, job.SOURCE, ok=False, latency_ms=latency, error=str(exc))
        log.warning("ingest %s failed: %s", job.SOURCE, exc)
        return JobOutcome(job.SOURCE, ok=False, error=str(exc))
    latency = (time.perf_counter() - started) * 1000
    record_attempt(ctx.engine, job.SOURCE, ok=True, rows=result.rows, latency_ms=latency, data_time=result.data_time)
    return JobOutcome(job.SOURCE, ok=True, rows=result.rows, notes=result.notes)
