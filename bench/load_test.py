"""Bounded load test on this machine only (127.0.0.1): 20 headless Chromium sessions on
the briefing screen (``/briefing?screen=1&rotate=20``) plus 5 officers signing in and
updating checklist items through the real pages, for 3 minutes, against one Streamlit
server. Prints p50/p95 page update times, errors, the server's CPU and memory, and checks
that every update an officer saw accepted is in the checklist history.

    .venv/bin/python bench/load_test.py                       # 20 screens, 5 officers, 180 s
    .venv/bin/python bench/load_test.py --screens 5 --officers 2 --duration 30

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
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                 "--ignore-gpu-blocklist", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                 "--disable-backgrounding-occluded-windows"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PASSWORD = "Load-test-2026!"
# records how long each script run takes as the browser sees it (running -> notRunning)
RUN_OBSERVER = """
window.__frRuns = []; window.__frStart = null;
new MutationObserver((changes) => {
  for (const c of changes) {
    const state = c.target.getAttribute('data-test-script-state');
    if (state === 'running' && window.__frStart === null) window.__frStart = performance.now();
    if (state === 'notRunning' && window.__frStart !== null) { window.__frRuns.push(performance.now() - window.__frStart); window.__frStart = null; }
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
"""


@dataclass
class Results:
    screen_first_load_s: list[float] = field(default_factory=list)
    screen_update_ms: list[float] = field(default_factory=list)
    officer_save_s: list[float] = field(default_factory=list)
    accepted: list[tuple[str, str]] = field(default_factory=list)   # (username, note)
    errors: list[str] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


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


def sample_process(pid: int, results: Results, stop: asyncio.Event) -> asyncio.Task:
    """CPU % (of one core) and RSS of the server, every second."""
    ticks = os.sysconf("SC_CLK_TCK")

    def cpu_time() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    async def loop():
        last_t, last_cpu = time.monotonic(), cpu_time()
        while not stop.is_set():
            await asyncio.sleep(1)
            now, cpu = time.monotonic(), cpu_time()
            results.cpu_samples.append(100 * (cpu - last_cpu) / (now - last_t))
            last_t, last_cpu = now, cpu
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
    context = await browser.new_context(viewport={"width": 1280, "height": 720}, locale="th-TH", timezone_id="Asia/Bangkok")
    page = await context.new_page()
    page.set_default_timeout(90_000)
    await watch_errors(page, f"screen{n}", results)
    await page.add_init_script(RUN_OBSERVER)
    started = time.monotonic()
    try:
        await page.goto(f"{base}/briefing?screen=1&rotate={rotate}&lang=th", timeout=120_000)
        await page.wait_for_selector(IDLE, timeout=120_000)
        results.screen_first_load_s.append(time.monotonic() - started)
        while time.monotonic() < stop_at:
            await asyncio.sleep(2)
        results.screen_update_ms.extend(await page.evaluate("window.__frRuns.slice(1)"))  # the first run is the initial load
        shown = await page.locator('[data-testid="stException"]').count()
        if shown:
            results.errors.append(f"screen{n}: {shown} exception(s) on the page")
    except Exception as exc:  # noqa: BLE001 - a load test counts failures instead of stopping
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
    step = "sign in"
    try:
        await page.goto(base + "/", timeout=120_000)
        await page.wait_for_selector(IDLE, timeout=120_000)
        await nav(page, "Sign in")
        await page.get_by_role("textbox", name="User name").fill(username)
        await page.get_by_role("textbox", name="Password").fill(PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await page.get_by_text("Signed in as").first.wait_for(timeout=60_000)
        step = "go to the checklists"
        await nav(page, "Response checklists")
        await page.wait_for_url(re.compile(r"[?&]item=\d+"), timeout=60_000)
        first_item = re.search(r"[?&]item=(\d+)", page.url).group(1)
        # each officer works on a different item: pick the (n+1)th of the item list
        step = "open the item list"
        await page.get_by_text("Choose an item to see its history or update it").wait_for(timeout=60_000)
        await page.get_by_role("combobox", name="Choose an item to see its history or update it").click()
        step = "choose an item"
        for _ in range(n + 1):
            await page.keyboard.press("ArrowDown")
        await page.keyboard.press("Enter")
        await page.wait_for_url(lambda url: re.search(r"[?&]item=(\d+)", url).group(1) != first_item, timeout=60_000)
        step = "edit"
        await page.wait_for_timeout(1000)
        await page.wait_for_selector(IDLE, timeout=60_000)
        k = 0
        while time.monotonic() < stop_at:
            note = f"load test {username} update {k}"
            await page.get_by_label("Note").fill(note)
            clicked = time.monotonic()
            await page.get_by_role("button", name="Save").click()
            try:
                await page.get_by_text(note, exact=True).first.wait_for(timeout=60_000)
            except Exception as exc:  # noqa: BLE001
                results.errors.append(f"{username}: update {k} not confirmed: {type(exc).__name__}")
                await page.screenshot(path=str(Path(tempfile.gettempdir()) / f"load-{username}-{k}.png"))
            else:
                results.officer_save_s.append(time.monotonic() - clicked)
                results.accepted.append((username, note))
            k += 1
            await page.wait_for_selector(IDLE, timeout=60_000)
            await asyncio.sleep(2)
    except Exception as exc:  # noqa: BLE001
        results.errors.append(f"{username} at '{step}': {type(exc).__name__}: {str(exc).splitlines()[0]}")
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


def check_history(database_url: str, event_id: int, accepted: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Accepted updates missing from the checklist history (should be none)."""
    from store import checklists
    from store.db import make_engine

    engine = make_engine(database_url)
    history = checklists.event_history(engine, event_id)
    engine.dispose()
    recorded = set(zip(history["by_username"], history["note"])) if "by_username" in history else set(history["note"])
    if recorded and isinstance(next(iter(recorded)), tuple):
        return [a for a in accepted if a not in recorded]
    return [a for a in accepted if a[1] not in recorded]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--screens", type=int, default=20)
    parser.add_argument("--officers", type=int, default=5)
    parser.add_argument("--duration", type=float, default=180.0, help="seconds (at most 600)")
    parser.add_argument("--rotate", type=int, default=20, help="the screen's rotation period, seconds")
    parser.add_argument("--ramp", type=float, default=2.0, help="seconds between two screens starting")
    parser.add_argument("--webgl", action="store_true", help="let the clients draw the maps (software WebGL: heavy on this machine)")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: a temp SQLite file)")
    args = parser.parse_args()
    if not (0 < args.duration <= 600) or not (0 <= args.screens <= 40) or not (0 <= args.officers <= 20):
        parser.error("bounded run only: --duration 1..600 s, --screens 0..40, --officers 0..20")

    data_dir = Path(tempfile.mkdtemp(prefix="floodroom-load-"))
    print(f"preparing the replay data in {data_dir} ...", flush=True)
    database_url, event_id = prepare_data(data_dir, args.database_url, args.officers)
    port = free_port()
    env = {**os.environ, "DATA_DIR": str(data_dir), "DATABASE_URL": database_url, "DEFAULT_LANGUAGE": "en"}
    log = open(data_dir / "streamlit.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true",
                               # as in production: no file watcher (edits to the tree during a run would reset the clients' navigation)
                               "--server.fileWatcherType", "none"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    results = Results()
    try:
        deadline = time.monotonic() + 60
        while not _up(base):
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start within 60 s")
            time.sleep(0.5)
        print(f"server {base} (pid {server.pid}); {args.screens} screens + {args.officers} officers for {args.duration:g} s", flush=True)
        started = time.monotonic()
        asyncio.run(drive(base, args, results, server.pid))
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    missing = check_history(database_url, event_id, results.accepted)
    server_log = (data_dir / "streamlit.log").read_text()
    # a client that goes away mid-handshake makes Streamlit's websocket endpoint log a traceback; count those apart
    blocks = server_log.split("Exception in ASGI application")
    disconnects = sum("WebSocketDisconnected" in block for block in blocks[1:])
    server_errors = [f"server: {block.strip().splitlines()[-1]}" for block in blocks[1:] if "WebSocketDisconnected" not in block]
    server_errors += [line for line in blocks[0].splitlines() if "Traceback" in line or " ERROR " in line]
    print(f"server log: {disconnects} websocket-disconnect traceback(s) from clients that went away (not counted as errors)")
    report(args, results, wall, missing, server_errors)
    return 1 if missing or results.errors or server_errors else 0


def _up(base: str) -> bool:
    try:
        return requests.get(f"{base}/_stcore/health", timeout=2).text.strip() == "ok"
    except requests.RequestException:
        return False


def report(args, results: Results, wall: float, missing, server_errors) -> None:
    print(f"\n== load test: {args.screens} screens (/briefing?screen=1&rotate={args.rotate}) + {args.officers} officers, {wall:.0f} s on 127.0.0.1 ==")
    print(f"screen first load     n={len(results.screen_first_load_s):4d}  p50={pct(results.screen_first_load_s, .5):7.2f} s  p95={pct(results.screen_first_load_s, .95):7.2f} s")
    print(f"screen update (rerun) n={len(results.screen_update_ms):4d}  p50={pct(results.screen_update_ms, .5) / 1000:7.2f} s  p95={pct(results.screen_update_ms, .95) / 1000:7.2f} s")
    print(f"officer save→shown    n={len(results.officer_save_s):4d}  p50={pct(results.officer_save_s, .5):7.2f} s  p95={pct(results.officer_save_s, .95):7.2f} s")
    cpu = results.cpu_samples
    print(f"server CPU            mean={statistics.fmean(cpu) if cpu else float('nan'):6.1f} %  max={max(cpu, default=float('nan')):6.1f} %  (100 % = one core; the machine has {os.cpu_count()}, shared with Chromium)")
    print(f"server memory (RSS)   start={results.rss_mb[0] if results.rss_mb else float('nan'):6.0f} MB  max={max(results.rss_mb, default=float('nan')):6.0f} MB  end={results.rss_mb[-1] if results.rss_mb else float('nan'):6.0f} MB")
    print(f"errors                browser={len(results.errors)}  server log={len(server_errors)}")
    for line in (results.errors + server_errors)[:10]:
        print(f"  {line}")
    print(f"accepted updates      {len(results.accepted)}; missing from the history: {len(missing)}")


if __name__ == "__main__":
    sys.exit(main())
