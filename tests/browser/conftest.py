"""A real Streamlit server and Debian's Chromium driven by Playwright.

``streamlit_server_factory(data_dir, env=None)`` starts ``streamlit run dashboard.py`` on
a free port against ``data_dir`` (migrate/prepare the database first) and returns its
base URL; ``streamlit_server`` is one with an empty migrated database. ``page`` is
pytest-playwright's, launched on /usr/bin/chromium. Headless Chromium gives MapLibre WebGL on the
CPU (SwiftShader) by itself; forcing ANGLE onto SwiftShader (``SOFTWARE_GL``) would send all the
page's compositing through it too, which doubled the browser tests' CPU time for no other change
(``test_impact_map_draws`` checks the polygons are drawn). The page benchmark still offers it.
Screenshots go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from cli.serve import streamlit_command
from store.db import migrate
from tests.support.ci import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts" / "screenshots"
# all of the compositing on ANGLE's SwiftShader: bench/bench_pages.py --gl swiftshader (not the tests, see above)
SOFTWARE_GL = ("--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# signs the session cookies of the servers these tests start (a server with local accounts needs one)
TEST_SECRET_KEY = "browser-tests-only-secret-key-0123456789abcdef"

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"Debian's Chromium is not installed at {CHROMIUM} (make test installs it)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1400, "height": 900},
        "locale": "th-TH",
        "timezone_id": "Asia/Bangkok",
    }


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def streamlit_server_factory():
    processes: list[subprocess.Popen] = []

    def start(data_dir: Path, env: dict | None = None) -> str:
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        environment = {**os.environ, "DATA_DIR": str(data_dir), "SECRET_KEY": TEST_SECRET_KEY, **(env or {})}
        environment.pop("DATABASE_URL", None) if env is None or "DATABASE_URL" not in env else None
        log = open(data_dir / f"streamlit-{port}.log", "w")  # noqa: SIM115 - the server writes it until the session ends
        proc = subprocess.Popen(
            streamlit_command(
                port,
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
            ),
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append(proc)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log.name}")
            try:
                if requests.get(f"{url}/_stcore/health", timeout=2).text.strip() == "ok":
                    return url
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"streamlit did not answer /_stcore/health within 60 s; see {log.name}")

    yield start
    for proc in processes:  # all told first, then waited for: they stop side by side
        proc.terminate()
    deadline = time.monotonic() + 10
    for proc in processes:
        try:
            proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def streamlit_server(streamlit_server_factory, tmp_path_factory) -> str:
    data_dir = tmp_path_factory.mktemp("browser-empty")
    migrate(f"sqlite:///{data_dir / 'floodroom.sqlite3'}")
    return streamlit_server_factory(data_dir)


def wait_for_app(page, timeout_ms: int = 30000) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)


def sign_in(page, start_url: str, username: str, password: str, *, by_nav: bool = True) -> None:
    """Sign in as ``username`` and wait for "Signed in as …". ``start_url`` is opened first;
    with ``by_nav`` the sidebar's "Sign in" is clicked there (a new URL would start a new
    Streamlit session, so later pages are reached through the sidebar too); without it
    ``start_url`` is the sign-in page itself (a locked server shows no navigation)."""
    page.goto(start_url)
    wait_for_app(page)
    if by_nav:
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Sign in", exact=True).click()
        wait_for_app(page)
    page.get_by_role("textbox", name="User name").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(re.compile("Signed in as")).first.wait_for(timeout=30000)
    wait_for_app(page)
