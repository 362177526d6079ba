"""The page speed budget (issue 9): one printed line per page, figure and query, with its budget.

    # 1. a synthetic season (bench/season.py; the database name must contain "bench")
    .venv/bin/python bench/season.py --database-url sqlite:///$PWD/data/bench/floodroom-bench.sqlite3 --reset
    # 2. everything (queries also on a throwaway PostgreSQL database, created and dropped here)
    .venv/bin/python bench/bench_pages.py --data-dir data/bench --postgres
    # one section, or a profile of one page's warm rerun
    .venv/bin/python bench/bench_pages.py --data-dir data/bench --only pages --runs 7
    .venv/bin/python bench/bench_pages.py --data-dir data/bench --profile pages/station_map.py

Sections (``--only`` takes a comma list): ``queries`` (30-day hydrograph of one station and the
situation table of all stations, store functions, SQLite and with ``--postgres`` PostgreSQL),
``pages`` (AppTest warm rerun of every page, median of ``--runs``; figure bytes and element
payload per rerun), ``side`` (the hand-rolled full-resolution choropleth against ours),
``browser`` (first paint of the map page in Chromium with a cold browser cache; websocket bytes of
the first load and of one rerun), ``sessions`` (server RSS with 20 open sessions), ``memory``
(server RSS over a screen-mode run of ``--screen-minutes``). Lines start PASS, FAIL or INFO.
The machine is whatever runs this: say which when quoting the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest's bare-mode warnings would drown the lines
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from cli.serve import streamlit_command  # noqa: E402  (needs ROOT on the path)

DEFAULT_BOUNDARIES = ROOT.parent / "shared" / "reference" / "boundaries" / "ubon_districts.geojson"
PG_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
MAP_PAGE = "pages/station_map.py"
SCREEN_PAGE = "pages/briefing.py"
BUDGET = {"page_ms": 300, "first_paint_s": 3.0, "map_kb": 100, "hydrograph_ms": 50, "situation_ms": 100}
RESULTS: list[dict] = []


def report(status: str, section: str, name: str, value: str, budget: str = "", note: str = "") -> None:
    """One line per measurement, kept for --json."""
    RESULTS.append({"status": status, "section": section, "name": name, "value": value, "budget": budget, "note": note})
    text = f"{status:<4} {section:<9} {name:<58} {value:>22}"
    if budget:
        text += f"   budget {budget}"
    if note:
        text += f"   {note}"
    print(text, flush=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def median_ms(fn, runs: int) -> tuple[float, float, object]:
    """(first call ms, median of the next ``runs`` calls ms, last result); the median CPU ms of
    this process over the same calls is kept in ``LAST_CPU_MS`` (load on a shared machine
    inflates wall time, not CPU time)."""
    global LAST_CPU_MS
    t0 = time.perf_counter()
    result = fn()
    first = (time.perf_counter() - t0) * 1000
    times, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    LAST_CPU_MS = statistics.median(cpu)
    return first, statistics.median(times), result


LAST_CPU_MS = 0.0


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB"


# --- environment ---------------------------------------------------------------------


def bench_env(data_dir: Path, database_url: str) -> dict:
    return {"DATA_DIR": str(data_dir), "DATABASE_URL": database_url, "MAP_STYLE": "white-bg"}


def ensure_boundaries(data_dir: Path, database_url: str, boundaries: Path) -> bool:
    """Import ``boundaries`` into ``data_dir`` once (the cache the pages read); False if absent."""
    from auth import SYSTEM
    from config import load_settings
    from geo.boundaries import boundary_status, import_boundary_file

    settings = load_settings(bench_env(data_dir, database_url))
    if boundary_status(settings).cached:
        return True
    if not boundaries.exists():
        report(
            "INFO",
            "setup",
            "district boundaries",
            "absent",
            note=f"{boundaries} not found: maps draw without districts",
        )
        return False
    import_boundary_file(settings, boundaries, actor=SYSTEM)
    return True


@contextmanager
def environment(values: dict):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# --- queries -------------------------------------------------------------------------


def bench_queries(database_url: str, label: str, runs: int, province: str = "34") -> None:
    """The store functions the pages call, on the full data set; and, for comparison, the
    latest-reading query written as one index seek per station (the proposed fix)."""
    from store import water, water_situation
    from store.db import make_engine

    engine = make_engine(database_url)
    try:
        situation = water_situation.latest_situation(engine, province)
        if situation.empty or situation["observed_at"].isna().all():
            report("FAIL", "queries", f"{label} data", "no readings", note="run bench/season.py first")
            return
        keyed = situation[situation["station_code"] == "M.7"]
        key = (keyed if len(keyed) else situation).iloc[0]
        last = key["observed_at"].to_pydatetime()
        first, med, series = median_ms(
            lambda: water.station_series(engine, key["station_id"], last - timedelta(days=30), last), runs
        )
        report(
            verdict(med <= BUDGET["hydrograph_ms"]),
            "queries",
            f"{label} hydrograph 30 d ({key['station_code']}, {len(series):,} rows)",
            f"{med:.1f} ms",
            f"≤ {BUDGET['hydrograph_ms']} ms",
            f"cpu {LAST_CPU_MS:.0f} ms; first {first:.0f} ms; median of {runs}",
        )
        first, med, table = median_ms(lambda: water_situation.latest_situation(engine, province), runs)
        report(
            verdict(med <= BUDGET["situation_ms"]),
            "queries",
            f"{label} situation table ({len(table)} stations)",
            f"{med:.1f} ms",
            f"≤ {BUDGET['situation_ms']} ms",
            f"cpu {LAST_CPU_MS:.0f} ms; first {first:.0f} ms; median of {runs}",
        )
        first, med, _ = median_ms(lambda: water.observation_span(engine, province), runs)
        report(
            "INFO",
            "queries",
            f"{label} observation span (replay control)",
            f"{med:.1f} ms",
            note=f"cpu {LAST_CPU_MS:.0f} ms",
        )
        ids = situation["station_id"].astype(str).tolist()
        at = datetime.now(UTC)
        for name, fn in (
            ("group-by max (before 506af5c)", latest_by_group),
            ("per-station seek (as latest_situation since 506af5c)", latest_by_seek),
        ):
            first, med, rows = median_ms(lambda: fn(engine, ids, at), runs)  # noqa: B023 - called at once, in this iteration
            report("INFO", "queries", f"{label} newest reading: {name}", f"{med:.1f} ms", note=f"{len(rows)} rows")
    finally:
        engine.dispose()


def latest_by_group(engine, ids: list[str], at: datetime):
    """The newest reading per station as store.water_situation.latest_situation selects it today."""
    from sqlalchemy import and_, func, select

    from store.water import WaterObservation

    o = WaterObservation.__table__
    newest = (
        select(o.c.station_id, func.max(o.c.observed_at).label("t"))
        .where(o.c.station_id.in_(ids), o.c.observed_at <= at)
        .group_by(o.c.station_id)
        .subquery()
    )
    stmt = select(o.c.station_id, o.c.observed_at, o.c.level_msl).join(
        newest, and_(o.c.station_id == newest.c.station_id, o.c.observed_at == newest.c.t)
    )
    with engine.connect() as conn:
        return conn.execute(stmt).all()


def latest_by_seek(engine, ids: list[str], at: datetime):
    """The same rows driven from the station table with a correlated max(): one primary-key
    seek per station instead of a scan of every reading (same on SQLite and PostgreSQL)."""
    from sqlalchemy import and_, func, select

    from store.water import WaterObservation, WaterStation

    o, s = WaterObservation.__table__, WaterStation.__table__
    inner = o.alias("newest")
    newest = (
        select(func.max(inner.c.observed_at))
        .where(inner.c.station_id == s.c.station_id, inner.c.observed_at <= at)
        .scalar_subquery()
    )
    stmt = (
        select(o.c.station_id, o.c.observed_at, o.c.level_msl)
        .select_from(s.join(o, and_(o.c.station_id == s.c.station_id, o.c.observed_at == newest)))
        .where(s.c.station_id.in_(ids))
    )
    with engine.connect() as conn:
        return conn.execute(stmt).all()


def postgres_season(args) -> str | None:
    """Create ``floodroom_bench_<hex>``, fill it with bench/season.py; the URL (None if unreachable)."""
    from sqlalchemy import create_engine, text

    from bench import season

    name = f"floodroom_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        report("FAIL", "queries", "postgresql", "unreachable", note=f"{PG_ADMIN_URL}: {exc.__class__.__name__}")
        return None
    finally:
        admin.dispose()
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    t0 = time.perf_counter()
    written = season.generate(
        url, season.SeasonSpec(stations=args.stations, days=args.days, briefings=2), log=lambda *_: None
    )
    report(
        "INFO",
        "setup",
        "postgresql season written",
        f"{written.counts['readings']:,} rows",
        note=f"{time.perf_counter() - t0:.0f} s into {name}",
    )
    return url


def drop_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


# --- pages (AppTest) -----------------------------------------------------------------


def existing_pages() -> list[str]:
    """The page files of ``dashboard.PAGES`` that exist (read from the source: importing
    dashboard.py would run the app)."""
    import ast

    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "PAGES" for t in node.targets):
            return [path for path, *_ in ast.literal_eval(node.value) if (ROOT / path).exists()]
    raise RuntimeError("dashboard.py has no PAGES list")


def tree_sizes(at) -> tuple[int, int, int, tuple[str, int]]:
    """(figure bytes: plotly JSON plus Vega-Lite spec and Arrow datasets, element protobuf bytes,
    element count, (type, bytes) of the largest element) of the last run."""
    from streamlit.testing.v1.element_tree import Element

    figures = sum(len(el.proto.spec) for el in at.get("plotly_chart"))
    figures += sum(
        len(el.proto.spec) + sum(len(d.data.data) for d in el.proto.datasets) for el in at.get("vega_lite_chart")
    )
    payload = count = 0
    largest = ("", 0)
    for node in at._tree:
        if isinstance(node, Element) and node.proto is not None:
            size = node.proto.ByteSize()
            payload += size
            count += 1
            largest = max(largest, (node.type, size), key=lambda x: x[1])
    return figures, payload, count, largest


def officer_token(database_url: str) -> str | None:
    """A session of the synthetic officer (bench/season.py writes it); None if absent."""
    from bench.season import BENCH_OFFICER
    from store.db import make_engine
    from store.users import get_user, start_session

    engine = make_engine(database_url)
    try:
        user = get_user(engine, BENCH_OFFICER)
        return None if user is None else start_session(engine, user, 3600)
    finally:
        engine.dispose()


def open_page(page: str, lang: str = "th", token: str | None = None):
    from streamlit.testing.v1 import AppTest

    from ui.checklists_state import AUTH_TOKEN

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["lang"] = lang
    if token:
        at.session_state[AUTH_TOKEN] = token
    at.run()
    t0 = time.perf_counter()
    at.switch_page(page).run()
    return at, (time.perf_counter() - t0) * 1000


def bench_pages(args, env: dict) -> dict[str, dict]:
    """Warm rerun per page (data cached by the first run), plus bytes of figures and elements."""
    out = {}
    token = None if args.anonymous else officer_token(args.database_url)
    who = "signed in as the synthetic officer" if token else "anonymous viewer"
    report("INFO", "pages", "pages are run as", who)
    with environment(env):
        for page in args.pages or existing_pages():
            at, cold_ms = open_page(page, args.lang, token)
            if at.exception:
                report("FAIL", "pages", page, "exception", note=" | ".join(at.exception[0].stack_trace[-2:])[:200])
                continue
            times, cpu = [], []
            for _ in range(args.runs):
                t0, c0 = time.perf_counter(), time.process_time()
                at.run()
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            if at.exception:
                report(
                    "FAIL", "pages", page, "exception on rerun", note=" | ".join(at.exception[0].stack_trace[-2:])[:200]
                )
                continue
            med = statistics.median(times)
            figures, payload, count, largest = tree_sizes(at)
            out[page] = {"median_ms": med, "cold_ms": cold_ms, "figures": figures, "payload": payload}
            report(
                verdict(med <= BUDGET["page_ms"] and not at.exception),
                "pages",
                f"{page} warm rerun",
                f"{med:.0f} ms",
                f"≤ {BUDGET['page_ms']} ms",
                f"cpu {statistics.median(cpu):.0f} ms; cold {cold_ms:.0f} ms; median of {args.runs}, max "
                f"{max(times):.0f} ms",
            )
            report(
                "INFO",
                "payload",
                f"{page} per rerun",
                kb(payload),
                note=f"{count} elements, figures {kb(figures)}, largest {largest[0]} {kb(largest[1])}",
            )
    return out


def profile_page(args, env: dict) -> None:
    """pyinstrument over ``--runs`` warm reruns of one page (the page's own code, which AppTest runs
    in its script thread); text to stdout, HTML to artifacts/profiles/<page>.html."""
    import streamlit as st
    from pyinstrument import Profiler
    from pyinstrument.renderers import ConsoleRenderer, HTMLRenderer
    from pyinstrument.session import Session

    page_class, sessions = st.Page, []
    original = page_class.run

    def profiled_run(self):
        profiler = Profiler(interval=0.0005, async_mode="disabled")
        profiler.start()
        try:
            return original(self)
        finally:
            sessions.append(profiler.stop())

    page_class.run = profiled_run
    try:
        with environment(env):
            at, cold_ms = open_page(
                args.profile, args.lang, None if args.anonymous else officer_token(args.database_url)
            )
            sessions.clear()
            t0 = time.perf_counter()
            for _ in range(args.runs):
                at.run()
            total_ms = (time.perf_counter() - t0) * 1000
    finally:
        page_class.run = original
    if not sessions:
        report("FAIL", "profile", args.profile, "no page run recorded")
        return
    combined = sessions[0]
    for more in sessions[1:]:
        combined = Session.combine(combined, more)
    print(ConsoleRenderer(unicode=True, color=False, show_all=False, short_mode=False).render(combined))
    folder = ROOT / "artifacts" / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (Path(args.profile).stem + ".html")
    path.write_text(HTMLRenderer().render(combined), encoding="utf-8")
    report(
        "INFO",
        "profile",
        args.profile,
        f"{total_ms / args.runs:.0f} ms per rerun",
        note=f"{args.runs} warm reruns profiled; cold {cold_ms:.0f} ms; HTML: {path.relative_to(ROOT)}",
    )


# --- side by side --------------------------------------------------------------------


def handrolled_map(path: Path, values):
    """What a hand-rolled page does on every rerun: read the full-resolution file and hand it
    to px.choropleth_map; returns the figure JSON (what Streamlit sends)."""
    import plotly.express as px

    with open(path, encoding="utf-8") as fh:
        geojson = json.load(fh)
    fig = px.choropleth_map(
        values,
        geojson=geojson,
        locations="pcode",
        featureidkey="properties.ADM2_PCODE",
        color="value",
        map_style="white-bg",
        zoom=7,
        center={"lat": 15.2, "lon": 105.0},
        opacity=0.6,
    )
    return fig.to_json()


def our_choropleth(geojson: dict, values):
    """The same choropleth on the display geometry (geo.display, simplified once, cached)."""
    import plotly.express as px

    fig = px.choropleth_map(
        values,
        geojson=geojson,
        locations="district_code",
        featureidkey="properties.district_code",
        color="value",
        map_style="white-bg",
        zoom=7,
        center={"lat": 15.2, "lon": 105.0},
        opacity=0.6,
    )
    return fig.to_json()


def outline_bytes(settings) -> tuple[int, int]:
    """Figure JSON bytes of the district outlines as one Scattermap line trace: every ring as a
    Python list (None between rings, how a hand-rolled map draws them) and as the pages draw
    them (``geo.outlines``: each shared border once, float32 arrays)."""
    import plotly.graph_objects as go

    from geo.display import display_districts
    from geo.outlines import district_outlines, outline_trace

    districts = display_districts(settings)
    if districts is None:
        return 0, 0
    lats, lons = [], []
    for geom in districts.geometry:
        for poly in getattr(geom, "geoms", [geom]):
            xs, ys = poly.exterior.coords.xy
            lons += list(xs) + [None]
            lats += list(ys) + [None]
    as_lists = go.Figure(go.Scattermap(lat=lats, lon=lons, mode="lines")).to_json()
    ours = go.Figure(outline_trace(district_outlines(settings))).to_json()
    return len(as_lists), len(ours)


def bench_side_by_side(args, env: dict, page_results: dict) -> None:
    import pandas as pd

    from config import load_settings
    from geo.display import districts_geojson
    from geo.gazetteer import province_districts

    if not args.boundaries.exists():
        report("INFO", "side", "hand-rolled map", "skipped", note=f"{args.boundaries} not found")
        return
    codes = province_districts("34")["district_code"].tolist()
    theirs_df = pd.DataFrame({"pcode": [f"TH{c}" for c in codes], "value": range(len(codes))})
    first, theirs_ms, theirs = median_ms(lambda: handrolled_map(args.boundaries, theirs_df), max(3, args.runs // 2))
    report(
        "INFO",
        "side",
        "hand-rolled choropleth (full resolution)",
        f"{theirs_ms:.0f} ms",
        note=f"{kb(len(theirs))} figure JSON per rerun",
    )
    geojson = districts_geojson(load_settings(env))
    if geojson is None:
        report("INFO", "side", "our choropleth", "skipped", note="no cached boundaries")
        return
    ours_df = pd.DataFrame({"district_code": codes, "value": range(len(codes))})
    first, ours_ms, ours = median_ms(lambda: our_choropleth(geojson, ours_df), args.runs)
    report(
        verdict(len(ours) <= BUDGET["map_kb"] * 1024),
        "side",
        "our choropleth (display geometry)",
        f"{ours_ms:.0f} ms",
        f"≤ {BUDGET['map_kb']} KB",
        f"{kb(len(ours))} figure JSON per rerun",
    )
    report(
        "INFO",
        "side",
        "ratio hand-rolled / ours (choropleth)",
        f"{len(theirs) / len(ours):.0f}x bytes",
        note=f"{theirs_ms / max(ours_ms, 0.1):.0f}x time",
    )
    outline_lists, outline_arrays = outline_bytes(load_settings(env))
    report("INFO", "side", "district outlines, every ring as JSON lists", kb(outline_lists))
    report(
        "INFO",
        "side",
        "district outlines as the pages draw them (geo.outlines)",
        kb(outline_arrays),
        note=f"{outline_lists / max(outline_arrays, 1):.1f}x smaller: shared borders once, float32 arrays sent "
        "base64-encoded",
    )
    page = page_results.get(MAP_PAGE)
    if page and page["figures"]:
        report(
            verdict(page["figures"] <= BUDGET["map_kb"] * 1024),
            "side",
            f"our {MAP_PAGE} figure",
            kb(page["figures"]),
            f"≤ {BUDGET['map_kb']} KB",
            f"whole page rerun {page['median_ms']:.0f} ms",
        )
        report(
            "INFO",
            "side",
            f"ratio hand-rolled / {Path(MAP_PAGE).stem}",
            f"{len(theirs) / page['figures']:.0f}x bytes",
            note=f"{theirs_ms / max(page['median_ms'], 0.1):.1f}x time (their figure alone vs our whole page)",
        )


# --- a real server and browser -------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``streamlit run dashboard.py`` against the bench database, on a free port."""

    def __init__(self, env: dict, log_dir: Path):
        import requests

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log = open(log_dir / f"streamlit-{self.port}.log", "w")  # noqa: SIM115 - the server writes it until stop()
        self.proc = subprocess.Popen(
            streamlit_command(
                self.port,
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
            ),
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}; see {self.log.name}")
            try:
                if requests.get(f"{self.url}/_stcore/health", timeout=2).text.strip() == "ok":
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not answer within 90 s; see {self.log.name}")

    def rss_mb(self) -> float:
        """Resident memory of the server process (Linux /proc), MB."""
        with open(f"/proc/{self.proc.pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("VmRSS not found")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def page_url(server: Server, page: str, query: str = "lang=th") -> str:
    return f"{server.url}/{Path(page).stem}?{query}"


@contextmanager
def chromium(gl: bool = True):
    """Debian's Chromium as the browser tests launch it: with ``gl``, WebGL emulated on the CPU
    (SwiftShader; MapLibre needs it); without, ``--disable-gpu`` (software raster, no WebGL),
    nearer what a desktop with a graphics card pays for an SVG map."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SOFTWARE_GL

    args = [*CHROMIUM_ARGS, *SOFTWARE_GL] if gl else [*CHROMIUM_ARGS, "--disable-gpu"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            yield browser
        finally:
            browser.close()


APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_DRAWN = (
    '[data-testid="stVegaLiteChart"] .mark-symbol.role-mark path, [data-testid="stVegaLiteChart"] canvas, '
    ".js-plotly-plot .maplibregl-canvas, .js-plotly-plot canvas"
)
MAP_ELEMENT = '[data-testid="stVegaLiteChart"], .js-plotly-plot'


class FrameCounter:
    """Bytes of websocket frames the browser receives (Streamlit's ForwardMsgs)."""

    def __init__(self, page):
        self.bytes = 0
        self.frames = 0
        page.on("websocket", self._attach)

    def _attach(self, ws) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        self.bytes += len(payload if isinstance(payload, (bytes, bytearray)) else payload.encode("utf-8"))
        self.frames += 1

    def take(self) -> tuple[int, int]:
        out = (self.bytes, self.frames)
        self.bytes = self.frames = 0
        return out


def wait_idle(page, timeout_ms: int = 60000) -> None:
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)


# In the page from its first byte: the time (ms from navigation start, the browser's own clock)
# of the first animation frame after each mark's element is in the DOM, that is the frame that
# paints it. Polling from Playwright instead answers only when the page's busy main thread lets
# it, late by up to the whole Vega render.
PAINT_MARKS_JS = """
window.__paint = {};
const marks = %s;
const seen = () => {
  for (const [name, selector] of Object.entries(marks)) {
    if (!(name in window.__paint) && document.querySelector(selector)) {
      window.__paint[name] = null;
      requestAnimationFrame(() => { window.__paint[name] = performance.now(); });
    }
  }
};
new MutationObserver(seen).observe(document, {subtree: true, childList: true, attributes: true});
"""
PAINT_MARKS = {"app": '[data-testid="stApp"]', "title": "h1", "figure": MAP_ELEMENT, "map": MAP_DRAWN}


def first_paint(browser, server: Server) -> tuple[dict, object, FrameCounter]:
    """One load of the map page in a new browser context (cold browser cache): seconds from
    navigation start to the frame that paints the app shell, the page title, the chart element,
    the first station and the end of the run; returns (marks, context, frame counter), the
    context still open."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(PAINT_MARKS_JS % json.dumps(PAINT_MARKS))
    page = context.new_page()
    frames = FrameCounter(page)
    page.goto(page_url(server, MAP_PAGE), wait_until="commit")
    page.wait_for_selector(MAP_DRAWN, timeout=90000)
    wait_idle(page)
    finished = page.evaluate("performance.now()")  # as soon as Playwright sees the run finished
    page.wait_for_function("Object.values(window.__paint).every(v => v !== null)", timeout=10000)
    marks = {name: ms / 1000 for name, ms in page.evaluate("window.__paint").items()}
    return {**marks, "idle": finished / 1000}, context, frames


def bench_browser(args, env: dict) -> None:
    """First paint of the map page, cold browser cache: once on a fresh server (server caches
    cold too), then ``--browser-runs`` times on the warm server (the median is the figure: one
    load on this shared 2-core box varies by ±0.5 s); websocket bytes of a load and of one rerun."""
    if not (ROOT / MAP_PAGE).exists():
        report("INFO", "browser", MAP_PAGE, "absent")
        return
    server = Server(env, Path(tempfile.gettempdir()) / "floodroom-bench")
    budget = BUDGET["first_paint_s"]
    try:
        with chromium(gl=args.gl == "swiftshader") as browser:
            marks, context, frames = first_paint(browser, server)
            load_bytes, load_frames = frames.take()
            context.close()
            report(
                verdict(marks["map"] <= budget),
                "browser",
                f"map page first paint (cold server, GL {args.gl})",
                f"{marks['map']:.2f} s",
                f"≤ {budget:.0f} s",
                f"app shell {marks['app']:.2f} s, title {marks['title']:.2f} s, chart element {marks['figure']:.2f} "
                f"s, run finished {marks['idle']:.2f} s; "
                f"websocket {kb(load_bytes)} in {load_frames} frames",
            )
            warm = []
            for i in range(args.browser_runs):
                marks, context, frames = first_paint(browser, server)
                warm.append(marks)
                if i == args.browser_runs - 1:
                    frames.take()
                    page = context.pages[0]
                    page.keyboard.press("r")
                    time.sleep(0.5)
                    wait_idle(page)
                    time.sleep(0.5)
                    rerun_bytes, rerun_frames = frames.take()
                    report(
                        "INFO",
                        "payload",
                        f"{MAP_PAGE} rerun over the websocket",
                        kb(rerun_bytes),
                        note=f"{rerun_frames} frames (browser-measured)",
                    )
                    shot = ROOT / "artifacts" / "screenshots"
                    shot.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(shot / "bench-station-map.png"))
                context.close()
            paints = [m["map"] for m in warm]
            med = statistics.median(paints)
            report(
                verdict(med <= budget),
                "browser",
                f"map page first paint (warm server, GL {args.gl}, median of {len(paints)})",
                f"{med:.2f} s",
                f"≤ {budget:.0f} s",
                f"range {min(paints):.2f}–{max(paints):.2f} s, {sum(p <= budget for p in paints)} of {len(paints)} "
                "within; "
                f"medians: app shell {statistics.median(m['app'] for m in warm):.2f} s, title "
                f"{statistics.median(m['title'] for m in warm):.2f} s, "
                f"chart element {statistics.median(m['figure'] for m in warm):.2f} s, run finished "
                f"{statistics.median(m['idle'] for m in warm):.2f} s",
            )
    finally:
        server.stop()


def bench_sessions(args, env: dict) -> None:
    """Server RSS before and with ``--sessions`` browser sessions open over the pages."""
    pages = existing_pages()
    server = Server(env, Path(tempfile.gettempdir()) / "floodroom-bench")
    try:
        idle_rss = server.rss_mb()
        with chromium() as browser:
            opened = []
            for i in range(args.sessions):
                context = browser.new_context(viewport={"width": 1200, "height": 800})
                page = context.new_page()
                target = pages[i % len(pages)]
                query = "lang=th&screen=1" if target == SCREEN_PAGE else "lang=th"
                page.goto(page_url(server, target, query), wait_until="commit")
                wait_idle(page, 120000)
                opened.append(context)
                if i == 0:
                    one_rss = server.rss_mb()
            time.sleep(3)
            rss = server.rss_mb()
            report(
                "INFO",
                "memory",
                f"server RSS with {args.sessions} open sessions",
                f"{rss:,.0f} MB",
                note=f"started {idle_rss:,.0f} MB, one session {one_rss:,.0f} MB; sessions over {len(pages)} pages",
            )
            for context in opened:
                context.close()
    finally:
        server.stop()


def bench_memory(args, env: dict) -> None:
    """A screen-mode page left open for ``--screen-minutes``; RSS sampled every ``--sample-s``."""
    target = SCREEN_PAGE if (ROOT / SCREEN_PAGE).exists() else MAP_PAGE
    server = Server(env, Path(tempfile.gettempdir()) / "floodroom-bench")
    samples = []
    try:
        with chromium() as browser:
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            page = context.new_page()
            page.goto(page_url(server, target, "lang=th&screen=1"), wait_until="commit")
            wait_idle(page, 120000)
            start = time.monotonic()
            end = start + args.screen_minutes * 60
            next_rerun = start + args.rerun_s if args.rerun_s else float("inf")
            while time.monotonic() < end:
                samples.append((time.monotonic() - start, server.rss_mb()))
                if time.monotonic() >= next_rerun:
                    page.keyboard.press("r")
                    next_rerun += args.rerun_s
                time.sleep(args.sample_s)
            samples.append((time.monotonic() - start, server.rss_mb()))
            context.close()
    finally:
        server.stop()
    first, last = samples[0][1], samples[-1][1]
    warm = [r for s, r in samples if s >= min(120, samples[-1][0] / 3)]
    slope = _slope([(s, r) for s, r in samples if s >= min(120, samples[-1][0] / 3)]) * 3600
    report(
        "INFO",
        "memory",
        f"screen-mode run {target} {args.screen_minutes:g} min",
        f"{first:,.0f} → {last:,.0f} MB",
        note=f"max {max(r for _, r in samples):,.0f} MB; after warm-up {min(warm):,.0f}–{max(warm):,.0f} MB, trend "
        f"{slope:+.1f} MB/h; "
        f"{len(samples)} samples" + (f"; rerun every {args.rerun_s:g} s" if args.rerun_s else ""),
    )
    out = ROOT / "artifacts" / "bench-memory.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("seconds,rss_mb\n" + "".join(f"{s:.0f},{r:.1f}\n" for s, r in samples))


def _slope(points: list[tuple[float, float]]) -> float:
    if len(points) < 2:
        return 0.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=False)) / den if den else 0.0


# --- main ----------------------------------------------------------------------------

SECTIONS = ("queries", "pages", "side", "browser", "sessions", "memory")


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--data-dir",
        type=Path,
        default=ROOT / "data" / "bench",
        help="DATA_DIR of the bench (boundaries cache); default data/bench",
    )
    p.add_argument(
        "--database-url", help="default: sqlite:///<data-dir>/floodroom-bench.sqlite3 (filled by bench/season.py)"
    )
    p.add_argument(
        "--only",
        default=",".join(s for s in SECTIONS if s != "memory"),
        help=f"comma list of sections: {', '.join(SECTIONS)} (default: all but memory)",
    )
    p.add_argument("--runs", type=int, default=5, help="timed runs per measurement (median)")
    p.add_argument(
        "--pages", nargs="*", help="only these page files (default: every page of dashboard.PAGES that exists)"
    )
    p.add_argument("--lang", default="th", choices=("th", "en"))
    p.add_argument(
        "--anonymous",
        action="store_true",
        help="run the pages as an anonymous viewer (default: as bench/season.py's officer)",
    )
    p.add_argument(
        "--postgres", action="store_true", help="also time the queries on a throwaway PostgreSQL bench database"
    )
    p.add_argument("--stations", type=int, default=60, help="PostgreSQL season: stations (default 60)")
    p.add_argument("--days", type=int, default=174, help="PostgreSQL season: days (default 174)")
    p.add_argument(
        "--boundaries",
        type=Path,
        default=DEFAULT_BOUNDARIES,
        help="full-resolution district file (default: ../shared/reference/boundaries/ubon_districts.geojson)",
    )
    p.add_argument(
        "--browser-runs", type=int, default=7, help="first-paint loads on the warm server (median), default 7"
    )
    p.add_argument(
        "--gl",
        choices=("swiftshader", "off"),
        default="swiftshader",
        help="first paint with WebGL emulated on the CPU as the browser tests run (default), or --disable-gpu",
    )
    p.add_argument("--sessions", type=int, default=20)
    p.add_argument(
        "--screen-minutes", type=float, default=5.0, help="length of the memory run (the budget asks for 30)"
    )
    p.add_argument("--sample-s", type=float, default=10.0, help="memory sampling interval, s")
    p.add_argument(
        "--rerun-s",
        type=float,
        default=0.0,
        help="also force a full rerun every N s during the memory run (0: only the page's own refresh)",
    )
    p.add_argument("--profile", metavar="PAGE", help="profile the warm reruns of one page with pyinstrument and stop")
    p.add_argument("--json", type=Path, help="also write the results as JSON")
    args = p.parse_args(argv)
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in args.only if s not in SECTIONS]
    if unknown:
        p.error(f"unknown section(s) {unknown}; allowed: {', '.join(SECTIONS)}")
    if args.runs < 1:
        p.error(f"--runs must be at least 1, got {args.runs}")
    args.data_dir = args.data_dir.resolve()
    args.database_url = args.database_url or f"sqlite:///{args.data_dir / 'floodroom-bench.sqlite3'}"
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    from bench.season import RefusedDatabase, check_bench_name

    try:
        check_bench_name(args.database_url)
    except RefusedDatabase as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 2
    env = bench_env(args.data_dir, args.database_url)
    ensure_boundaries(args.data_dir, args.database_url, args.boundaries)
    print(f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {load_note()}, database {args.database_url}", flush=True)
    if args.profile:
        profile_page(args, env)
        return 0
    page_results: dict = {}
    if "queries" in args.only:
        bench_queries(
            args.database_url, "sqlite" if args.database_url.startswith("sqlite") else "postgresql", args.runs
        )
        if args.postgres:
            url = postgres_season(args)
            if url:
                try:
                    bench_queries(url, "postgresql", args.runs)
                finally:
                    drop_postgres(url)
    if "pages" in args.only or "side" in args.only:
        page_results = (
            bench_pages(args, env)
            if "pages" in args.only
            else bench_pages(argparse.Namespace(**{**vars(args), "pages": [MAP_PAGE]}), env)
        )
    if "side" in args.only:
        bench_side_by_side(args, env, page_results)
    if "browser" in args.only:
        bench_browser(args, env)
    if "sessions" in args.only:
        bench_sessions(args, env)
    if "memory" in args.only:
        bench_memory(args, env)
    print(f"# done {datetime.now(UTC):%H:%M} UTC, {load_note()}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(RESULTS, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if any(r["status"] == "FAIL" for r in RESULTS) else 0


if __name__ == "__main__":
    raise SystemExit(main())
