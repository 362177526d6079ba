"""Benchmark: load + normalise + simplify the province's districts from the full-resolution file.

    .venv/bin/python bench/bench_boundaries.py [PATH] [--province 34] [--tolerance 0.003] [--repeat 3]

PATH defaults to ../shared/reference/boundaries/ubon_districts.geojson (HDX, ~8.8 MB).
Prints seconds per step (best of --repeat), peak Python-heap memory per step (tracemalloc:
numpy and Python objects; GEOS/GDAL native memory is not seen by it), the process's peak RSS
(everything, native included), and the GeoJSON payload bytes before and after simplification.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.display import DEFAULT_TOLERANCE_DEG, geojson_bytes, simplify_districts, to_geojson  # noqa: E402
from geo.normalise import normalise_districts, read_boundary_file  # noqa: E402

DEFAULT_PATH = ROOT.parent / "shared" / "reference" / "boundaries" / "ubon_districts.geojson"


def _measure(label: str, func, repeat: int):
    best, peak, result = float("inf"), 0, None
    for _ in range(repeat):
        tracemalloc.start()
        started = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - started
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        best = min(best, elapsed)
    print(f"{label:<28} {best:8.3f} s   peak {peak / 2**20:8.1f} MiB (tracemalloc)")
    return result, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--province", default="34")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE_DEG)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    path = Path(args.path)
    if not path.exists():
        print(f"error: {path} does not exist; pass the full-resolution district file as PATH", file=sys.stderr)
        return 1
    print(
        f"file {path} ({path.stat().st_size:,} bytes), province {args.province}, tolerance {args.tolerance:g} deg, "
        f"best of {args.repeat}"
    )
    raw, t_load = _measure("load (read file)", lambda: read_boundary_file(path), args.repeat)
    districts, t_norm = _measure(
        "normalise", lambda: normalise_districts(raw, args.province, source="bench", licence="bench"), args.repeat
    )
    simple, t_simp = _measure(
        "simplify (coverage_simplify)", lambda: simplify_districts(districts, args.tolerance), args.repeat
    )
    print(f"{'total':<28} {t_load + t_norm + t_simp:8.3f} s")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS             {rss:8.1f} MiB")
    full_raw = len(districts.to_json(drop_id=True, ensure_ascii=False).encode("utf-8"))
    full = len(geojson_bytes(to_geojson(districts)))
    small = len(geojson_bytes(to_geojson(simple)))
    vertices = sum(
        len(g.exterior.coords) if g.geom_type == "Polygon" else sum(len(p.exterior.coords) for p in g.geoms)
        for g in simple.geometry
    )
    print(f"payload full resolution      {full_raw:>12,} bytes GeoJSON ({full:,} with coordinates rounded to 1e-5 deg)")
    print(
        f"payload simplified           {small:>12,} bytes GeoJSON ({len(simple)} districts, {vertices:,} exterior "
        "vertices)"
    )
    print(f"reduction                    {full_raw / small:8.1f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
