"""Bounded load test on this machine only (127.0.0.1): 20 headless Chromium sessions on
the briefing screen (``/briefing?screen=1&rotate=20``) plus 5 officers signing in and
updating checklist items through the real pages, for 3 minutes, against one Streamlit
server. Prints p50/p95 page update times, errors, the server's CPU and memory, and checks
that every update the server confirmed is in the checklist history exactly once.

On one 2-core box the 25 browser tabs are most of the load, so it also prints the browsers'
CPU by Chromium process kind, the whole machine's, and the server's own cost per script run
(wall and script-thread CPU, Streamlit's after-run gc apart). The browsers run at nice 10.

    .venv/bin/python bench/load_test.py                       # 20 screens, 5 officers, 180 s
    .venv/bin/python bench/load_test.py --screens 5 --officers 2 --duration 30
    .venv/bin/python bench/load_test.py --server-option runner.postScriptGC=false   # an experiment

Data: the recorded 2020 replay of the briefing tests (needs ../shared/reference), in a
temp SQLite database (what ``make run`` uses), or ``--database-url`` for PostgreSQL (the
database must be empty; it is migrated and filled). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--ignore-gpu-blocklist",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PASSWORD = "Load-test-2026!"
# records how long each script run takes as the browser sees it (running -> notRunning)
RUN_OBSERVER = """
window.__frRuns = []; window.__frStart = null;
new MutationObserver((changes) => {
  for (const c of changes) {
    const state = c.target.getAttribute('data-test-script-state');
    if (state === 'running' && window.__frStart === null) window.__frStart = performance.now();
    if (state === 'notRunning' && window.__frStart !== null) { window.__frRuns.push(performance.now() - \
window.__frStart); window.__frStart = null; }
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
"""


@dataclass
class Results:
    screen_first_load_s: list[float] = field(default_factory=list)
    screen_update_ms: list[float] = field(default_factory=list)
    officer_save_s: list[float] = field(default_factory=list)
    officer_save_at: list[float] = field(default_factory=list)  # monotonic time of each confirmed save's click
    screens_up_at: list[float] = field(default_factory=list)  # monotonic time each screen finished its first load
    accepted: list[tuple[str, str]] = field(default_factory=list)  # (username, note)
    errors: list[str] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    client_cpu: dict[str, list[float]] = field(default_factory=dict)  # Chromium process type -> CPU % samples
    machine_busy: list[float] = field(default_factory=list)  # % of all cores busy
    officer_ready_s: list[float] = field(default_factory=list)  # sign-in to the editor, per officer
    officer_steps: dict[str, list[float]] = field(default_factory=dict)  # step -> seconds it took


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_data(data_dir: Path, database_url: str | None, officers: int) -> tuple[str, int]:
    """The replay store plus ``officers`` officer accounts; returns (database URL, event id)."""
    from auth import SYSTEM
    from config import load_settings
    from store import checklists, users
    from tests.briefing.briefing_data import replay_store

    env = {"DATA_DIR": str(data_dir)}
    if database_url:
        env["DATABASE_URL"] = database_url
    settings = load_settings(env)
    engine = replay_store(settings)
    for n in range(officers):
        users.create_user(engine, SYSTEM, f"officer{n}", f"Load officer {n}", "officer", PASSWORD)
    event_id = int(checklists.list_events(engine)["id"].iloc[0])
    engine.dispose()
    return settings.database_url, event_id


def _proc_cpu(pid: int, ticks: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return (int(fields[11]) + int(fields[12])) / ticks


def _descendants(root: int) -> dict[int, str]:
    """pid -> kind (Chromium's --type, or the program name) of every process below ``root``."""
    parents, names = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmd = (
                    (entry / "cmdline").read_bytes().replace(b"\0", b" ").split()
                )  # Chromium rewrites its argv as one string
            except (FileNotFoundError, ProcessLookupError):
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            kind = next((a.split(b"=", 1)[1].decode() for a in cmd if a.startswith(b"--type=")), None)
            names[int(entry.name)] = kind or (Path(cmd[0].decode(errors="replace")).name if cmd else "?")
    below, frontier = {}, {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier and pid not in below}
        below.update({pid: names[pid] for pid in frontier})
    return below


def _machine_times() -> tuple[float, float]:
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return sum(values), values[3] + values[4]  # total, idle + iowait


def sample_process(pid: int, results: Results, stop: asyncio.Event) -> asyncio.Task:
    """Every second: CPU % (of one core) and RSS of the server, CPU % of the browser's
    processes by kind (renderer, gpu-process, ...), and how busy the whole machine is."""
    ticks = os.sysconf("SC_CLK_TCK")
    servers = {pid}

    def clients() -> dict[int, tuple[str, float]]:
        out = {}
        for child, kind in _descendants(os.getpid()).items():
            if child not in servers:  # the server starts no processes of its own
                cpu = _proc_cpu(child, ticks)
                if cpu is not None:
                    out[child] = (kind, cpu)
        return out

    async def loop():
        last_t, last_cpu, last_clients, last_machine = (
            time.monotonic(),
            _proc_cpu(pid, ticks),
            clients(),
            _machine_times(),
        )
        while not stop.is_set():
            await asyncio.sleep(1)
            now, cpu, now_clients, machine = time.monotonic(), _proc_cpu(pid, ticks), clients(), _machine_times()
            span = now - last_t
            results.cpu_samples.append(100 * (cpu - last_cpu) / span)
            by_kind: dict[str, float] = {}
            for child, (kind, used) in now_clients.items():
                before = last_clients.get(child, (kind, used))[1] if child in last_clients else 0.0
                by_kind[kind] = by_kind.get(kind, 0.0) + 100 * (used - before) / span
            for kind, value in by_kind.items():
                results.client_cpu.setdefault(kind, []).append(value)
            total, idle = machine[0] - last_machine[0], machine[1] - last_machine[1]
            results.machine_busy.append(100 * (1 - idle / total) if total else float("nan"))
            last_t, last_cpu, last_clients, last_machine = now, cpu, now_clients, machine
            rss = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
            results.rss_mb.append(int(rss.group(1)) / 1024 if rss else float("nan"))

    return asyncio.create_task(loop())


async def watch_errors(page, who: str, results: Results) -> None:
    def record(exc) -> None:
        if "WebGL" not in str(exc):  # expected without --webgl: the map library says it cannot draw
            results.errors.append(f"{who}: page error {exc}")

    page.on("pageerror", record)


async def screen(browser, base: str, n: int, stop_at: float, results: Results, rotate: int, ramp_s: float) -> None:
    await asyncio.sleep(n * ramp_s)  # screens are switched on one after another, not in the same instant
    context = await browser.new_context(
        viewport={"width": 1280, "height": 720}, locale="th-TH", timezone_id="Asia/Bangkok"
    )
    page = await context.new_page()
    page.set_default_timeout(90_000)
    await watch_errors(page, f"screen{n}", results)
    await page.add_init_script(RUN_OBSERVER)
    started = time.monotonic()
    try:
        await page.goto(f"{base}/briefing?screen=1&rotate={rotate}&lang=th", timeout=120_000)
        await page.wait_for_selector(IDLE, timeout=120_000)
        results.screen_first_load_s.append(time.monotonic() - started)
        results.screens_up_at.append(time.monotonic())
        while time.monotonic() < stop_at:
            await asyncio.sleep(2)
        results.screen_update_ms.extend(
            await page.evaluate("window.__frRuns.slice(1)")
        )  # the first run is the initial load
        shown = await page.locator('[data-testid="stException"]').count()
        if shown:
            results.errors.append(f"screen{n}: {shown} exception(s) on the page")
    except Exception as exc:
        results.errors.append(f"screen{n}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await context.close()


async def nav(page, label: str) -> None:
    await page.locator('[data-testid="stSidebarNav"]').get_by_text(label, exact=True).click()
    await page.wait_for_selector(IDLE, timeout=60_000)


async def officer(browser, base: str, n: int, stop_at: float, results: Results, ramp_s: float) -> None:
    await asyncio.sleep(n * ramp_s)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = await context.new_page()
    page.set_default_timeout(90_000)  # the first load of a busy server takes 10-25 s here
    await watch_errors(page, f"officer{n}", results)
    username = f"officer{n}"
    step, started = "open the home page", time.monotonic()
    step_at = started

    def mark(next_step: str) -> str:
        nonlocal step_at
        now = time.monotonic()
        results.officer_steps.setdefault(step, []).append(now - step_at)
        step_at = now
        return next_step

    try:
        await page.goto(base + "/", timeout=120_000)
        await page.wait_for_selector(IDLE, timeout=120_000)
        step = mark("open sign-in")
        await nav(page, "Sign in")
        step = mark("sign in")
        await page.get_by_role("textbox", name="User name").fill(username)
        await page.get_by_role("textbox", name="Password").fill(PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await page.get_by_text("Signed in as").first.wait_for(timeout=60_000)
        step = mark("go to the checklists")
        await nav(page, "Response checklists")
        await page.wait_for_url(re.compile(r"[?&]item=\d+"), timeout=60_000)
        first_item = re.search(r"[?&]item=(\d+)", page.url).group(1)
        # each officer works on a different item: pick the (n+1)th of the item list
        step = mark("open the item list")
        await page.get_by_text("Choose an item to see its history or update it").wait_for(timeout=60_000)
        await page.get_by_role("combobox", name="Choose an item to see its history or update it").click()
        step = mark("choose an item")
        for _ in range(n + 1):
            await page.keyboard.press("ArrowDown")
        await page.keyboard.press("Enter")
        await page.wait_for_url(lambda url: re.search(r"[?&]item=(\d+)", url).group(1) != first_item, timeout=60_000)
        step = mark("edit")
        await page.wait_for_timeout(1000)
        await page.wait_for_selector(IDLE, timeout=60_000)
        step = mark("save")
        results.officer_ready_s.append(time.monotonic() - started)
        if time.monotonic() >= stop_at:
            results.errors.append(
                f"{username}: reached the editor only after the run ended ({time.monotonic() - started:.0f} s)"
            )
        k = 0
        while time.monotonic() < stop_at:
            note = f"load test {username} update {k}"
            await page.wait_for_selector(IDLE, timeout=60_000)
            await page.get_by_test_id("stForm").get_by_label("Note").fill(note)
            clicked = time.monotonic()
            await page.get_by_role("button", name="Save").click()
            try:
                # the note as the server shows it after the save (plain text in the item's details), not
                # the text area it was typed into: that matches get_by_text before anything is saved
                await page.get_by_test_id("stText").get_by_text(note, exact=True).first.wait_for(timeout=60_000)
            except Exception as exc:
                results.errors.append(f"{username}: update {k} not confirmed: {type(exc).__name__}")
                await page.screenshot(path=str(Path(tempfile.gettempdir()) / f"load-{username}-{k}.png"))
            else:
                results.officer_save_s.append(time.monotonic() - clicked)
                results.officer_save_at.append(clicked)
                results.accepted.append((username, note))
            k += 1
            await page.wait_for_selector(IDLE, timeout=60_000)
            await asyncio.sleep(2)
    except Exception as exc:
        results.errors.append(f"{username} at '{step}': {type(exc).__name__}: {' | '.join(str(exc).splitlines()[:4])}")
        await page.screenshot(path=str(Path(tempfile.gettempdir()) / f"load-{username}-error.png"))
    finally:
        await context.close()


async def drive(base: str, args, results: Results, server_pid: int) -> None:
    from playwright.async_api import async_playwright

    stop = asyncio.Event()
    sampler = sample_process(server_pid, results, stop)
    async with async_playwright() as p:
        # without WebGL the maps are not drawn in these headless clients: the server does the same work,
        # and the clients (on the same 2 cores) do not starve it; --webgl keeps it on
        browser_args = CHROMIUM_ARGS if args.webgl else CHROMIUM_ARGS + ["--disable-3d-apis"]
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=browser_args)
        stop_at = time.monotonic() + args.duration
        tasks = [screen(browser, base, n, stop_at, results, args.rotate, args.ramp) for n in range(args.screens)]
        tasks += [officer(browser, base, n, stop_at, results, args.ramp * 2) for n in range(args.officers)]
        await asyncio.gather(*tasks)
        await browser.close()
    stop.set()
    await sampler


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def check_history(database_url: str, event_id: int, accepted: list[tuple[str, str]]) -> tuple[list, list]:
    """(accepted updates missing from the checklist history, accepted updates recorded more than
    once): both should be empty. Every note the test writes is unique, so each accepted save is
    exactly one history row with its officer and note."""
    from collections import Counter

    from store import checklists
    from store.db import make_engine

    engine = make_engine(database_url)
    history = checklists.event_history(engine, event_id)
    engine.dispose()
    recorded = Counter(zip(history["by_username"], history["note"], strict=True))
    return [a for a in accepted if recorded[a] == 0], [a for a in accepted if recorded[a] > 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--screens", type=int, default=20)
    parser.add_argument("--officers", type=int, default=5)
    parser.add_argument("--duration", type=float, default=180.0, help="seconds (at most 600)")
    parser.add_argument("--rotate", type=int, default=20, help="the screen's rotation period, seconds")
    parser.add_argument("--ramp", type=float, default=2.0, help="seconds between two screens starting")
    parser.add_argument(
        "--webgl", action="store_true", help="let the clients draw the maps (software WebGL: heavy on this machine)"
    )
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: a temp SQLite file)")
    parser.add_argument(
        "--client-nice",
        type=int,
        default=10,
        help="niceness of the browsers (default 10): on a shared box the clients, which in use run on their own "
        "computers, must not starve the server they measure; 0 to compete on equal terms",
    )
    parser.add_argument(
        "--server-option",
        action="append",
        default=[],
        metavar="SECTION.OPTION=VALUE",
        help="a Streamlit option for the server(s), e.g. runner.postScriptGC=false (repeatable)",
    )
    args = parser.parse_args()
    if not (0 < args.duration <= 600) or not (0 <= args.screens <= 40) or not (0 <= args.officers <= 20):
        parser.error("bounded run only: --duration 1..600 s, --screens 0..40, --officers 0..20")

    data_dir = Path(tempfile.mkdtemp(prefix="floodroom-load-"))
    print(f"preparing the replay data in {data_dir} ...", flush=True)
    database_url, event_id = prepare_data(data_dir, args.database_url, args.officers)
    log = open(data_dir / "streamlit.log", "w")  # noqa: SIM115 - the server writes it for the whole run
    run_log = data_dir / "runs.tsv"
    server, base = start_server(data_dir, database_url, run_log, log, args)
    results = Results()
    try:
        deadline = time.monotonic() + 60
        while not _up(base):
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start within 60 s")
            time.sleep(0.5)
        load_before = os.getloadavg()
        os.nice(
            args.client_nice
        )  # this process, the Playwright driver and Chromium; the server started before keeps its priority
        print(
            f"server {base} (pid {server.pid}); {args.screens} screens + {args.officers} officers for "
            f"{args.duration:g} s",
            flush=True,
        )
        started = time.monotonic()
        asyncio.run(drive(base, args, results, server.pid))
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    missing, repeated = check_history(database_url, event_id, results.accepted)
    server_log = (data_dir / "streamlit.log").read_text()
    # a client that goes away mid-handshake makes Streamlit's websocket endpoint log a traceback; count those apart
    blocks = server_log.split("Exception in ASGI application")
    disconnects = sum("WebSocketDisconnected" in block for block in blocks[1:])
    server_errors = [
        f"server: {block.strip().splitlines()[-1]}" for block in blocks[1:] if "WebSocketDisconnected" not in block
    ]
    server_errors += [line for line in blocks[0].splitlines() if "Traceback" in line or " ERROR " in line]
    print(
        f"server log: {disconnects} websocket-disconnect traceback(s) from clients that went away (not counted as "
        "errors)"
    )
    report(args, results, wall, missing, repeated, server_errors, read_runs(run_log), load_before)
    return 1 if missing or repeated or results.errors or server_errors else 0


def start_server(data_dir: Path, database_url: str, run_log: Path, log, args) -> tuple[subprocess.Popen, str]:
    """One Streamlit server on a free loopback port, started as production serves it, with
    its script runs logged to ``run_log``; returns the process and its base URL."""
    port = free_port()
    env = {**os.environ, "DATA_DIR": str(data_dir), "DATABASE_URL": database_url, "DEFAULT_LANGUAGE": "en"}
    options = [
        arg for option in args.server_option for arg in ("--" + option.split("=", 1)[0], option.split("=", 1)[1])
    ]
    command = [
        sys.executable,
        __file__,
        "--serve-timed",
        str(run_log),
        "run",
        str(ROOT / "dashboard.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        # as in production: no file watcher (edits to the tree during a run would reset the clients' navigation)
        "--server.fileWatcherType",
        "none",
        *options,
    ]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    ), f"http://127.0.0.1:{port}"


def serve_timed(run_log: str, streamlit_args: list[str]) -> None:
    """``streamlit <args>`` in this process (modules preloaded as ``manage.py serve`` does), appending one line per \
script run to ``run_log``:
    end time, wall ms, CPU ms of the script thread, what ran (``full`` or the fragment's
    function) and whether it was a screen. The server's own cost per rerun, apart from the
    browsers sharing the machine (wall minus CPU is time spent waiting: GIL, database, I/O)."""
    import threading

    from ui.serving import serve_prelude

    serve_prelude()  # as production serves (cli.serve.streamlit_command)
    from streamlit.runtime import fragment as fragments
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web import cli

    local, lock = threading.local(), threading.Lock()
    out = open(run_log, "a", buffering=1)  # noqa: SIM115 - written by every run until the server ends
    lookup, run = fragments.MemoryFragmentStorage.lookup, script_runner.exec_func_with_error_handling

    def named_lookup(self, key):
        wrapped = lookup(self, key)
        try:
            cells = dict(
                zip(wrapped.__code__.co_freevars, (c.cell_contents for c in wrapped.__closure__), strict=False)
            )
            local.names.append(cells["non_optional_func"].__name__)
        except (AttributeError, KeyError, ValueError):
            local.names.append("fragment")
        return wrapped

    def timed_run(func, ctx):
        local.names = []
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return run(func, ctx)
        finally:
            wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
            what = "+".join(local.names) if ctx.fragment_ids_this_run else "full"
            with lock:
                out.write(
                    f"{time.time():.3f}\t{wall * 1000:.1f}\t{cpu * 1000:.1f}\t"
                    f"{what}\t{int('screen=1' in (ctx.query_string or ''))}\n"
                )

    finished = script_runner.ScriptRunner._on_script_finished

    def timed_finish(self, ctx, *args, **kwargs):
        # Streamlit's clean-up after each run, including its full gc.collect(2) (runner.postScriptGC)
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return finished(self, ctx, *args, **kwargs)
        finally:
            wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
            with lock:
                out.write(
                    f"{time.time():.3f}\t{wall * 1000:.1f}\t{cpu * 1000:.1f}\tafter-run "
                    f"clean-up\t{int('screen=1' in (ctx.query_string or ''))}\n"
                )

    fragments.MemoryFragmentStorage.lookup = named_lookup
    script_runner.exec_func_with_error_handling = timed_run
    script_runner.ScriptRunner._on_script_finished = timed_finish
    sys.argv = ["streamlit", *streamlit_args]
    sys.exit(cli.main())


def _up(base: str) -> bool:
    try:
        return requests.get(f"{base}/_stcore/health", timeout=2).text.strip() == "ok"
    except requests.RequestException:
        return False


def read_runs(run_log: Path) -> dict[tuple[str, int], list[tuple[float, float]]]:
    """(what ran, screen?) -> [(wall ms, CPU ms)] from the server's run log."""
    runs: dict[tuple[str, int], list[tuple[float, float]]] = {}
    if run_log.exists():
        for line in run_log.read_text().splitlines():
            _, wall, cpu, what, is_screen = line.split("\t")
            runs.setdefault((what, int(is_screen)), []).append((float(wall), float(cpu)))
    return runs


def report(args, results: Results, wall: float, missing, repeated, server_errors, runs, load_before) -> None:
    print(
        f"\n== load test: {args.screens} screens (/briefing?screen=1&rotate={args.rotate}) + {args.officers} "
        f"officers, {wall:.0f} s on 127.0.0.1 =="
    )
    print(
        f"   browsers at nice {args.client_nice}; server options: "
        f"{' '.join(args.server_option) or 'as in .streamlit/config.toml'}"
    )
    print(
        f"screen first load     n={len(results.screen_first_load_s):4d}  "
        f"p50={pct(results.screen_first_load_s, 0.5):7.2f} s  p95={pct(results.screen_first_load_s, 0.95):7.2f} s"
    )
    print(
        f"screen update (rerun) n={len(results.screen_update_ms):4d}  "
        f"p50={pct(results.screen_update_ms, 0.5) / 1000:7.2f} s  "
        f"p95={pct(results.screen_update_ms, 0.95) / 1000:7.2f} s"
    )
    print(
        f"officer save→shown    n={len(results.officer_save_s):4d}  p50={pct(results.officer_save_s, 0.5):7.2f} s  "
        f"p95={pct(results.officer_save_s, 0.95):7.2f} s"
    )
    if results.screens_up_at and len(results.screens_up_at) == args.screens:
        # while screens are still starting, their first loads (about 4 s of browser CPU each) crowd the officers' tabs
        steady = [
            s
            for s, at in zip(results.officer_save_s, results.officer_save_at, strict=True)
            if at > max(results.screens_up_at)
        ]
        print(
            f"  …once all screens are up  n={len(steady):4d}  p50={pct(steady, 0.5):7.2f} s  "
            f"p95={pct(steady, 0.95):7.2f} s"
        )
    cpu = results.cpu_samples
    print(
        f"server CPU            mean={statistics.fmean(cpu) if cpu else float('nan'):6.1f} %  "
        f"max={max(cpu, default=float('nan')):6.1f} %  (100 % = one core; the machine has {os.cpu_count()}, shared "
        "with Chromium)"
    )
    for kind, samples in sorted(results.client_cpu.items(), key=lambda kv: -statistics.fmean(kv[1])):
        print(f"  browser {kind:14s} mean={statistics.fmean(samples):6.1f} %  max={max(samples):6.1f} %")
    busy = results.machine_busy
    print(
        f"machine busy          mean={statistics.fmean(busy) if busy else float('nan'):6.1f} % of {os.cpu_count()} "
        "cores; "
        f"load average before {' '.join(f'{v:.2f}' for v in load_before)}, after "
        f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}"
    )
    print(
        "server script runs    (wall and CPU of the script thread, ms; wall - CPU = waiting for the GIL, database, I/O)"
    )
    for (what, is_screen), values in sorted(runs.items(), key=lambda kv: -sum(c for _, c in kv[1])):
        walls, cpus = [w for w, _ in values], [c for _, c in values]
        print(
            f"  {'screen' if is_screen else 'officer'} {what:22s} n={len(values):5d}  wall "
            f"p50={pct(walls, 0.5):7.1f} p95={pct(walls, 0.95):7.1f}  "
            f"cpu p50={pct(cpus, 0.5):7.1f} p95={pct(cpus, 0.95):7.1f}  cpu total={sum(cpus) / 1000:6.1f} s"
        )
    if results.officer_ready_s:
        print(
            f"officer sign-in→editor  {' '.join(f'{v:.1f}' for v in results.officer_ready_s)} s; "
            + ", ".join(f"{name} {statistics.fmean(v):.1f}" for name, v in results.officer_steps.items())
            + " s (mean per step)"
        )
    print(
        f"server memory (RSS)   start={results.rss_mb[0] if results.rss_mb else float('nan'):6.0f} MB  "
        f"max={max(results.rss_mb, default=float('nan')):6.0f} MB  "
        f"end={results.rss_mb[-1] if results.rss_mb else float('nan'):6.0f} MB"
    )
    print(f"errors                browser={len(results.errors)}  server log={len(server_errors)}")
    for line in (results.errors + server_errors)[:10]:
        print(f"  {line}")
    print(
        f"accepted updates      {len(results.accepted)}; missing from the history: {len(missing)}; recorded more "
        f"than once: {len(repeated)}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve-timed"]:
        serve_timed(sys.argv[2], sys.argv[3:])
    sys.exit(main())
