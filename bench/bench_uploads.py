"""Benchmark: how fast, and in how little memory, an oversized impact file is refused.

    .venv/bin/python bench/bench_uploads.py [--rows 1000000] [--limit 50000] [--dir /tmp/floodroom-bench-uploads]

Builds (once, cached in --dir) a CSV and an XLSX of --rows village rows in the English
layout, each village name unique (so the XLSX's shared-strings table is as big as it gets),
then runs the entry page's dry run (``services.impact.import_impact(dry_run=True)``: upload
checks including the zip-bomb inflation, then the streamed read) in a fresh process per
file and prints the seconds until the refusal, the process's peak RSS (``ru_maxrss``,
native memory included) and, for comparison, the RSS of the same process after its imports.
Issue 14 measured 165 s and 1.2 GB for a 1,000,000-row XLSX before the row limit; the
budget is 300 MB for any refused file.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["district", "report_time", "village", "affected_households", "affected_people", "evacuated_people"]


def _row(i: int) -> list:
    return ["3401", "2022-10-01 09:00", f"village-{i:07d}", i % 500, i % 2000, 0]


def build_files(rows: int, folder: Path) -> dict[str, Path]:
    """The CSV and XLSX of ``rows`` rows, written once and reused."""
    import openpyxl

    folder.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = folder / f"impact_{rows}.csv", folder / f"impact_{rows}.xlsx"
    if not csv_path.exists():
        with csv_path.open("w", encoding="utf-8") as out:
            out.write(",".join(HEADER) + "\n")
            for i in range(rows):
                out.write(",".join(map(str, _row(i))) + "\n")
    if not xlsx_path.exists():
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("impact")
        sheet.append(HEADER)
        for i in range(rows):
            sheet.append(_row(i))
        book.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


def refuse(path: str, limit: int) -> dict:
    """In this process: the dry run of ``path`` with the row limit; what it cost."""
    sys.path.insert(0, str(ROOT))
    import tempfile

    from auth import User
    from config import load_settings
    from services.impact import import_impact
    from store.db import make_engine, migrate

    folder = tempfile.mkdtemp(prefix="bench-uploads-")
    settings = load_settings({"DATA_DIR": folder, "IMPORT_MAX_ROWS": str(limit)})
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    data = Path(path).read_bytes()
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    try:
        import_impact(engine, User("bench", "Bench", "admin"), settings, data, Path(path).name, dry_run=True)
        outcome = "accepted"
    except Exception as exc:
        outcome = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - started
    return {
        "file": Path(path).name,
        "bytes": len(data),
        "seconds": round(seconds, 2),
        "outcome": outcome,
        "rss_after_imports_mb": round(baseline_mb),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--limit", type=int, default=50_000)
    parser.add_argument("--dir", default="/tmp/floodroom-bench-uploads")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: the child process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(refuse(args.measure, args.limit)))
        return 0
    started = time.perf_counter()
    files = build_files(args.rows, Path(args.dir))
    print(f"files of {args.rows:,} rows ready in {time.perf_counter() - started:.1f} s (cached in {args.dir})")
    worst = 0
    for kind, path in files.items():
        child = subprocess.run(
            [sys.executable, __file__, "--measure", str(path), "--limit", str(args.limit)],
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
        worst = max(worst, result["peak_rss_mb"])
        print(
            f"{kind:5} {result['bytes'] / 1e6:7.1f} MB  refused in {result['seconds']:6.2f} s  peak RSS "
            f"{result['peak_rss_mb']:4d} MB "
            f"(after imports {result['rss_after_imports_mb']} MB)  {result['outcome'][:110]}"
        )
    print(f"budget 300 MB: {'met' if worst < 300 else 'EXCEEDED'} (worst peak {worst} MB)")
    return 0 if worst < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
