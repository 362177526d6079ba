"""``manage.py import-boundaries FILE``, ``fetch-boundaries [--source geoboundaries|hdx]``,
``boundaries-status``: the province's district boundaries (geo.boundaries, geo.download)."""

from __future__ import annotations

import logging
import sys
from urllib.parse import urlparse

from auth import SYSTEM
from cli import CommandError
from config import Settings
from geo.boundaries import BoundaryStatus, boundary_status, import_boundary_file
from geo.normalise import BoundaryError
from i18n import t


def _warm_display(settings: Settings) -> None:
    from geo.display import display_districts

    display_districts(settings)  # the simplified map layer, computed once now rather than on a page


def _describe(status: BoundaryStatus) -> str:
    return (
        f"{status.district_count} districts of province {status.province_code} from {status.source} "
        f"(licence: {status.licence}), fetched {status.fetched_at:%Y-%m-%d %H:%M} UTC, "
        f"source {status.source_size:,} bytes sha256 {status.source_sha256}, cached {status.size:,} bytes"
    )


def _progress_printer(stream=sys.stderr):
    """A progress callback printing whole percent steps (or MB when the size is unknown)."""
    shown = {"mark": -1}

    def report(done: int, total: int | None) -> None:
        mark = int(done * 100 / total) // 5 * 5 if total else done // (10 << 20)
        if mark != shown["mark"]:
            shown["mark"] = mark
            text = f"{mark}% of {total / 1e6:,.1f} MB" if total else f"{done / 1e6:,.0f} MB"
            print(f"  downloading: {text}", file=stream, flush=True)

    return report


def cmd_import(args, settings: Settings) -> int:
    try:
        status = import_boundary_file(settings, args.file, actor=SYSTEM, source=args.source_name, licence=args.licence)
    except BoundaryError as exc:
        raise CommandError(f"nothing imported: {exc}") from exc
    _warm_display(settings)
    province = settings.province
    print(
        f"imported {status.district_count} districts for province {province.code} {province.name_en} "
        f"({province.name_th})"
    )
    print(f"  {_describe(status)}")
    for note in status.notes:
        print(f"  note: {note}")
    return 0


def cmd_fetch(args, settings: Settings) -> int:
    from cli.core import route_logs_to_file
    from data_sources.errors import SourceError
    from data_sources.http import build_session
    from geo.download import SOURCES, fetch_boundaries

    if args.source not in SOURCES:
        raise CommandError(f"--source {args.source!r} is not known; allowed: {', '.join(SOURCES)}")
    print(f"fetching district boundaries from {args.source} ...", file=sys.stderr)
    # as the ingest loop: urllib3's retry warnings and the whole error go to the log, the
    # console gets one line with the way out (offline, three warnings and a long chain showed)
    log_path = route_logs_to_file(settings)
    try:
        status = fetch_boundaries(
            settings,
            build_session(settings.http_retries, settings.http_retry_backoff_s),
            args.source,
            progress=_progress_printer(),
            actor=SYSTEM,
        )
    except SourceError as exc:
        logging.getLogger(__name__).warning("fetch-boundaries --source %s failed: %s", args.source, exc)
        url = settings.geoboundaries_api_url if args.source == "geoboundaries" else settings.hdx_api_url
        reason = str(exc).removeprefix("boundaries: ").split(" (")[0][:80]
        raise CommandError(
            t(
                "cli.fetch_boundaries_failed",
                settings.default_language,
                reason=reason,
                host=urlparse(url).netloc,
                log=log_path.name,
            )
        ) from exc
    _warm_display(settings)
    print(
        f"fetched {status.district_count} districts for province {settings.province_code} {settings.province.name_en}"
    )
    print(f"  {_describe(status)}")
    for note in status.notes:
        print(f"  note: {note}")
    return 0


def cmd_status(args, settings: Settings) -> int:
    status = boundary_status(settings)
    if not status.cached:
        raise CommandError(
            f"no boundaries cached for province {settings.province_code} under {settings.data_dir}; "
            "run python manage.py fetch-boundaries or import-boundaries FILE"
        )
    print(_describe(status))
    print(f"  from {status.source_url}")
    print(f"  file {status.path}")
    for note in status.notes:
        print(f"  note: {note}")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import-boundaries",
        help="import the province's district boundaries from a GeoJSON, GeoPackage or zipped Shapefile",
    )
    p.add_argument("file", help="the boundary file")
    p.add_argument(
        "--source-name", default=None, help="who made the file (shown on maps); guessed from its schema if omitted"
    )
    p.add_argument("--licence", default=None, help="the file's licence (shown on maps)")
    p.set_defaults(func=cmd_import)
    p = subparsers.add_parser("fetch-boundaries", help="download the province's district boundaries and cache them")
    p.add_argument("--source", default="geoboundaries", help="geoboundaries (default, ~8.5 MB) or hdx (hundreds of MB)")
    p.set_defaults(func=cmd_fetch)
    p = subparsers.add_parser(
        "boundaries-status", help="show which district boundaries are cached, when and from where"
    )
    p.set_defaults(func=cmd_status)
