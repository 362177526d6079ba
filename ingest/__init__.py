"""Polled sources. Each module here defines ``SOURCE``, ``interval(settings)`` and
``run(ctx, from_file=None) -> IngestResult``; ``run_job`` wraps one run with timing,
source-health bookkeeping and error capture.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import pkgutil
import time
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from types import ModuleType

import requests
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError

from config import Settings
from data_sources.errors import SourceError, SourceFormatError
from store.health import record_attempt

log = logging.getLogger(__name__)


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


def secret_values(settings: Settings) -> tuple[str, ...]:
    """Every secret an error text could echo: the secret settings and the database password."""
    values = [str(getattr(settings, f.name)) for f in fields(settings) if f.metadata.get("secret")]
    with contextlib.suppress(ArgumentError):  # not a URL: there is no password in it to hide
        values.append(str(make_url(settings.database_url).password or ""))
    return tuple(v for v in values if v)


def failure_text(exc: BaseException, settings: Settings) -> str:
    """One line for the source-health record: a ``SourceError``'s own message, else the
    exception's type and the first line of its message (an unexpected fault in a job);
    secrets masked."""
    if isinstance(exc, SourceError):
        text = str(exc)
    else:
        first = (str(exc).strip().splitlines() or [""])[0]
        text = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    text = " ".join(text.split())
    for secret in secret_values(settings):
        text = text.replace(secret, "***")
    return text[:500]


def run_job(ctx: IngestContext, job: ModuleType, from_file: Path | None = None) -> JobOutcome:
    """Run one job and record the attempt. Any exception of the job (a ``SourceError``, or a
    bug such as a ``TypeError``) becomes that source's recorded failure, so the sources after
    it still run; only the database being unreachable propagates (nothing can be recorded).
    A job that is switched off (``enabled(settings)`` false, e.g. no API key) is not run
    and leaves no health row, so the sidebar never shows it as fresh."""
    if hasattr(job, "enabled") and not job.enabled(ctx.settings):
        return JobOutcome(
            job.SOURCE, ok=True, rows=0, notes=["switched off by the settings (see python manage.py check)"]
        )
    started = time.perf_counter()
    try:
        result = job.run(ctx, from_file=from_file)
        if not isinstance(result, IngestResult):
            raise TypeError(f"the job returned no result ({type(result).__name__} instead of an IngestResult)")
    except (OperationalError, InterfaceError):
        raise  # the database is down: the caller reports it (one-off run) or retries (loop)
    except Exception as exc:
        latency = (time.perf_counter() - started) * 1000
        error = failure_text(exc, ctx.settings)
        record_attempt(ctx.engine, job.SOURCE, ok=False, latency_ms=latency, error=error)
        if isinstance(exc, SourceError):
            log.warning("ingest %s failed: %s", job.SOURCE, error)
        else:  # a fault in our code: the traceback goes to the log, the record keeps one line
            log.error("ingest %s failed unexpectedly: %s", job.SOURCE, error, exc_info=log.isEnabledFor(logging.DEBUG))
        return JobOutcome(job.SOURCE, ok=False, error=error)
    latency = (time.perf_counter() - started) * 1000
    record_attempt(ctx.engine, job.SOURCE, ok=True, rows=result.rows, latency_ms=latency, data_time=result.data_time)
    log.info(
        "ingest %s: ok, %d rows in %.0f ms%s", job.SOURCE, result.rows, latency, "".join(f"; {n}" for n in result.notes)
    )
    return JobOutcome(job.SOURCE, ok=True, rows=result.rows, notes=result.notes)
