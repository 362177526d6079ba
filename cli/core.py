"""Core commands: migrate, check, ingest (``serve`` is in ``cli.serve``)."""

from __future__ import annotations

import logging
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import requests
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from cli import CommandError
from config import Settings
from config.logs import FORMAT, PROJECT_PACKAGES
from config.settings import parse_duration
from data_sources.http import build_session
from i18n import count_en
from ingest import IngestContext, discover_jobs, run_job
from ops.lock import LockTimeout, hold_lock
from store.db import make_engine, migrate, schema_status

LOCK_WAIT_S = 30 * 60  # a one-off ingest waits this long for a running round to finish


def cmd_migrate(args, settings: Settings) -> int:
    try:
        migrate(settings.database_url)
        current, head = schema_status(make_engine(settings.database_url))
    except SQLAlchemyError as exc:
        raise CommandError(
            f"cannot migrate {settings.masked()['database_url']}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}"
        ) from exc
    print(f"database {settings.masked()['database_url']} at revision {current} (head {head})")
    return 0


def _probe(session: requests.Session, url: str, timeout: float) -> str | None:
    try:
        session.head(url, timeout=timeout, allow_redirects=True)
        return None
    except requests.RequestException as exc:
        return exc.__class__.__name__


def cmd_check(args, settings: Settings) -> int:
    """Print effective settings (secrets masked) and what is reachable; exit 1 if anything is not."""
    problems = []
    print("Settings:")
    for name, value in settings.masked().items():
        print(f"  {name} = {value}")
    print("Checks:")
    try:
        current, head = schema_status(make_engine(settings.database_url))
        ok = current == head
        print(f"  database: {'ok' if ok else 'NOT MIGRATED'} (revision {current}, head {head})")
        if not ok:
            problems.append("database schema behind code: run python manage.py migrate")
    except SQLAlchemyError as exc:
        print(f"  database: UNREACHABLE ({exc.__class__.__name__})")
        problems.append("database unreachable")
    from cli.access import secret_key_status

    key_ok, key_detail = secret_key_status(settings)
    print(f"  secret_key: {'ok' if key_ok else 'MISSING'} ({key_detail})")
    if not key_ok:
        problems.append(f"SECRET_KEY {key_detail}")
    for name, ready, detail in _component_checks(settings):
        print(f"  {name}: {'ok' if ready else 'MISSING'} ({detail})")
        if not ready:
            problems.append(f"{name}: {detail}")
    problems.extend(_alert_checks(settings))
    if not args.offline:
        session = build_session(retries=0)
        for name in ("thaiwater_base_url", "open_meteo_flood_url", "open_meteo_forecast_url", "geoboundaries_api_url"):
            url = getattr(settings, name)
            error = _probe(session, url, timeout=5)
            print(f"  {name}: {'reachable' if error is None else 'UNREACHABLE (' + error + ')'}")
            if error:
                problems.append(f"{name} unreachable")
    if problems:
        raise CommandError(f"{count_en(len(problems), 'check')} failed: " + "; ".join(problems))
    print("all checks passed")
    return 0


def _alert_checks(settings: Settings) -> list[str]:
    """Alert channels switched on without their secret or settings, saved addresses that break
    the rules (``notify.checks``); printed in DEFAULT_LANGUAGE. Returns the problems."""
    from notify.checks import check_lines

    try:
        engine = make_engine(settings.database_url)
        lines, problems = check_lines(settings, engine, settings.default_language)
    except SQLAlchemyError:  # reported above as the database's problem; the settings are still checked
        lines, problems = check_lines(settings, None, settings.default_language)
    for line in lines:
        print(f"  {line}")
    return problems


def _component_checks(settings: Settings):
    """(name, ready, detail) for components that other packages provide (boundaries, ...)."""
    from geo.boundaries import boundary_status

    status = boundary_status(settings)
    if not status.cached:
        return [("boundaries", False, "none cached: run python manage.py fetch-boundaries or import-boundaries FILE")]
    return [("boundaries", True, f"{status.district_count} districts from {status.source}")]


def cmd_ingest(args, settings: Settings) -> int:
    jobs = discover_jobs()
    if args.source:
        if args.source not in jobs:
            raise CommandError(f"unknown source {args.source!r}; known: {', '.join(jobs) or 'none'}")
        jobs = {args.source: jobs[args.source]}
    if args.from_file and not args.source:
        raise CommandError("--from-file needs --source (which source's format the file is in)")
    if args.from_file and not Path(args.from_file).is_file():
        raise CommandError(f"file not found: {args.from_file}")
    if args.from_file and args.every:
        raise CommandError("--from-file replays one file once; it cannot be combined with --every")
    if not jobs:
        raise CommandError("no ingest sources are installed")
    ctx = IngestContext(
        settings,
        make_engine(settings.database_url),
        build_session(settings.http_retries, settings.http_retry_backoff_s),
    )
    from_file = Path(args.from_file) if args.from_file else None
    if not args.every:
        try:
            with hold_lock(ctx.engine, "poll", on_wait=_tell, timeout_s=LOCK_WAIT_S, wait_for_database=False):
                failed = _ingest_round(ctx, jobs, from_file)
        except OperationalError as exc:
            first = (
                str(exc.orig or exc).strip().splitlines()[0] if str(exc.orig or exc).strip() else exc.__class__.__name__
            )
            raise CommandError(
                f"database unavailable ({first}); nothing was written by the interrupted source, last good data kept"
            ) from exc
        except LockTimeout as exc:
            raise CommandError(str(exc)) from exc
        if failed and from_file is not None:
            _suggest_source(args.source, from_file)
        if failed:
            raise CommandError(f"{count_en(len(failed), 'source')} failed: {', '.join(failed)} (last good data kept)")
        return 0
    every = parse_duration("--every", args.every)
    log_path = route_logs_to_file(settings)
    print(f"ingest: polling every {args.every}; details of failures in {log_path}", file=sys.stderr, flush=True)
    with hold_lock(ctx.engine, "worker", on_wait=_tell) as worker:  # exactly one loop; a second one waits as a standby
        from notify.sender import start_sender_thread  # here: a one-off ingest does not load the channels

        stop_sender = start_sender_thread(ctx.engine, settings)  # the alert sender (notify.sender), in this worker
        stop = LoopStop()
        previous = {signum: signal.signal(signum, stop) for signum in LoopStop.SIGNALS}
        try:
            _ingest_loop(ctx, jobs, every, worker, log_path, stop)
        finally:
            stop_sender.set()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
    return 0


class LoopStop:
    """The ingest loop's stop signal (Ctrl-C, or SIGTERM from ``serve`` or systemd), installed
    explicitly: a process started with SIGINT ignored (``manage.py ingest --every 10m &`` from
    a script, or under pytest-xdist) inherits that, and Python then installs no Ctrl-C handler
    of its own, so the loop never stopped. The handler remembers the signal and raises
    ``KeyboardInterrupt`` to cut a round short; a library can swallow that exception (one
    raised inside a ``__del__`` or a callback is only printed), so the loop also looks at
    ``signal`` before and during every pause."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.signal: str | None = None

    def __call__(self, signum, _frame) -> None:
        first = self.signal is None
        self.signal = signal.Signals(signum).name
        if first:
            raise KeyboardInterrupt(self.signal)

    def pause(self, seconds: float) -> None:
        """Sleep ``seconds``, or less once a stop signal has come."""
        deadline = time.monotonic() + seconds
        while self.signal is None and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.5))


def _suggest_source(source: str, from_file: Path) -> None:
    """A refused file that looks like another source's saved reply: say which, and the command."""
    from cli.sniff import matching_sources

    others = [s for s in matching_sources(from_file) if s != source]
    if others:
        commands = " or ".join(f"python manage.py ingest --source {s} --from-file {from_file}" for s in others)
        raise CommandError(
            f"{source} refused {from_file.name}; it looks like a saved reply of {', '.join(others)}: {commands}"
        )


LOG_FILE = "ingest.log"


def route_logs_to_file(settings: Settings) -> Path:
    """The loop's details (our warnings with tracebacks, urllib3's retry warnings) go to
    DATA_DIR/ingest.log, rotated; the console keeps one line per failed source per round."""
    from logging.handlers import RotatingFileHandler

    path = Path(settings.data_dir) / LOG_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=5_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    for name, level in (*((p, logging.DEBUG) for p in PROJECT_PACKAGES), ("urllib3", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(level)  # DEBUG: run_job adds the traceback of a fault in our code
        logger.propagate = False
    return path


def _tell(message: str) -> None:
    print(f"ingest: {message}", file=sys.stderr, flush=True)


def _ingest_loop(
    ctx: IngestContext, jobs: dict, every: float, worker, log_path: Path | None = None, stop: LoopStop | None = None
) -> None:
    """The loop of `make run`: each source at its own interval, never faster than ``every``.
    A round that failed on the database (down, restarting) is retried at the next tick.
    Ends when ``stop`` has had a signal (or on the ``KeyboardInterrupt`` its signal raises)."""
    log = logging.getLogger(__name__)
    stop = stop or LoopStop()
    last_run: dict[str, float] = {}
    while stop.signal is None:
        due = {
            n: j
            for n, j in jobs.items()
            if n not in last_run or time.monotonic() - last_run[n] >= max(every, _interval(j, ctx.settings))
        }
        if due:
            try:
                if not worker.ensure():
                    log.warning("ingest loop: the worker lock was lost (database restart?) and has been taken again")
                with hold_lock(ctx.engine, "poll", on_wait=_tell):
                    _ingest_round(ctx, due, None, log_path=log_path)
                last_run.update({n: time.monotonic() for n in due})
            except SQLAlchemyError as exc:
                log.error(
                    "ingest loop: database unavailable (%s); nothing written this round, will retry",
                    exc.__class__.__name__,
                )
            except Exception:
                log.exception("ingest loop: unexpected error, will retry")
                last_run.update({n: time.monotonic() for n in due})
        stop.pause(min(every, 60))


def _interval(job, settings: Settings) -> float:
    return job.interval(settings) if hasattr(job, "interval") else 0.0


def _ingest_round(ctx: IngestContext, jobs: dict, from_file: Path | None, log_path: Path | None = None) -> list[str]:
    """Run ``jobs`` once; returns the names that failed. A database error propagates
    (in the loop it is retried; a one-off run reports it on one line). In the loop
    (``log_path`` given) a failure is one short line pointing at the log, which has the rest."""
    failed = []
    for name, job in jobs.items():
        outcome = run_job(ctx, job, from_file)
        if outcome.ok:
            print(f"{name}: ok, {outcome.rows:,} rows" + "".join(f"\n  {note}" for note in outcome.notes), flush=True)
            continue
        failed.append(name)
        if log_path is None:
            print(f"{name}: FAILED: {outcome.error}", file=sys.stderr, flush=True)
        else:
            error = (outcome.error or "").removeprefix(f"{name}: ")  # run_job has logged it in full
            short = error if len(error) <= 90 else error[:87] + "..."
            print(
                f"{time.strftime('%H:%M')} {name}: failed ({short}); details in {log_path.name}",
                file=sys.stderr,
                flush=True,
            )
    forecasts = _round_forecasts(ctx)  # once a round, for the forecast triggers and the alerts
    if len(failed) < len(jobs) and forecasts is not None:
        _forecast_triggers(ctx, forecasts)
    _raise_alerts(ctx, forecasts or {})
    return failed


def _round_forecasts(ctx: IngestContext) -> dict | None:
    """The key stations' level forecasts after the round, or None when working them out failed
    (logged and said on one line: the forecast triggers and forecast alerts skip this round).
    A database error propagates."""
    from services.forecast import key_station_forecasts

    try:
        return dict(key_station_forecasts(ctx.engine, ctx.settings, datetime.now(UTC)))
    except SQLAlchemyError:
        raise
    except Exception:
        logging.getLogger(__name__).exception("level forecasts: not worked out this round")
        print("forecast triggers: not evaluated this round (see the log)", file=sys.stderr, flush=True)
        return None


def _forecast_triggers(ctx: IngestContext, forecasts: dict) -> None:
    """After new data: checklist items due on the level forecast (services.forecast_triggers).
    A fault there is logged and leaves the round's data alone; a database error propagates."""
    from services.forecast_triggers import apply_forecast_triggers

    try:
        fired = apply_forecast_triggers(ctx.engine, ctx.settings, forecasts=forecasts)
    except SQLAlchemyError:
        raise
    except Exception:
        logging.getLogger(__name__).exception("forecast triggers: not evaluated this round")
        print("forecast triggers: not evaluated this round (see the log)", file=sys.stderr, flush=True)
        return
    count = sum(len(items) for items in fired.values())
    if count:
        print(f"forecast triggers: {count_en(count, 'checklist item')} became due on the level forecast", flush=True)


def _raise_alerts(ctx: IngestContext, forecasts: dict) -> None:
    """After each round, the alerts only time and the feeds cause (issue 19): river readings,
    stale sources, items due. A fault of ours here is logged and the round stands; the database
    being down propagates like the jobs'."""
    from services.alert_events import raise_round_alerts

    try:
        found = raise_round_alerts(ctx.engine, ctx.settings, forecasts=forecasts)
    except SQLAlchemyError:
        raise
    except Exception:
        logging.getLogger(__name__).exception("alerts after the ingest round failed")
        return
    if found.queued:
        print(f"alerts: {found.queued:,} queued", flush=True)


def register(subparsers) -> None:
    p = subparsers.add_parser("migrate", help="apply database migrations")
    p.set_defaults(func=cmd_migrate)
    p = subparsers.add_parser("check", help="print settings (secrets masked) and check database, boundaries, sources")
    p.add_argument("--offline", action="store_true", help="do not probe the outside sources")
    p.set_defaults(func=cmd_check)
    p = subparsers.add_parser("ingest", help="fetch every source once, or in a loop with --every")
    p.add_argument("--source", help="only this source")
    p.add_argument("--every", help="loop: poll again after this long (e.g. 10m)")
    p.add_argument("--from-file", help="replay a saved response of --source instead of fetching")
    p.set_defaults(func=cmd_ingest)
