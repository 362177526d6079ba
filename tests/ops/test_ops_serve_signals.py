"""Round 2, finding 10: SIGTERM (systemd, ``kill``) or SIGHUP to ``manage.py serve`` ends
Streamlit and the ingest loop too, instead of leaving them re-parented to PID 1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_to_serve_ends_streamlit_and_the_ingest_loop(tmp_path, signum):
    env = {**os.environ, "DATA_DIR": str(tmp_path), "THAIWATER_BASE_URL": "http://127.0.0.1:9", "HTTP_TIMEOUT": "1"}
    env.pop("DATABASE_URL", None)
    serve = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "serve", "--port", str(_free_port())],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(_children(serve.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        children = _children(serve.pid)
        assert len(children) == 2, "serve did not start the ingest loop and Streamlit"
        time.sleep(2)  # both children under way
        serve.send_signal(signum)
        assert serve.wait(timeout=30) == 0
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in children if _alive(pid)], "a child of serve outlived it"
    finally:
        if serve.poll() is None:
            serve.kill()
        for pid in children + _children(serve.pid):  # what a failed run left behind, re-parented or not
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
