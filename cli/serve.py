"""``manage.py serve``: what ``make run`` does. Migrate, then run the ingest loop in the background
and Streamlit in the foreground, and end both together; ``streamlit_command`` is how every
Streamlit server of ours is started (the tests and benches too)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from config import Settings
from config.settings import REPO_ROOT
from store.db import migrate

# Streamlit's own command line, after ui.serving.serve_prelude (heavy imports, routing, TCP_NODELAY, frozen startup
# heap).
_PRELUDE_THEN_STREAMLIT = (
    "from ui.serving import serve_prelude; serve_prelude(); from streamlit.web.cli import main; "
    "main(prog_name='streamlit')"
)


def streamlit_command(port: int, *options: str) -> list[str]:
    """The command that serves the dashboard on ``port`` (run it with the repository as the
    working directory): ``streamlit run dashboard.py`` after ``ui.serving.serve_prelude()``;
    ``options`` are more ``--section.option value`` pairs."""
    return [
        sys.executable,
        "-c",
        _PRELUDE_THEN_STREAMLIT,
        "run",
        str(REPO_ROOT / "dashboard.py"),
        "--server.port",
        str(port),
        *options,
    ]


class ServeStopped(Exception):
    """``manage.py serve`` was told to stop by a signal (SIGTERM from systemd or ``kill``, SIGHUP)."""


def _stop_on_signal(signum, _frame) -> None:
    raise ServeStopped(signal.Signals(signum).name)


def _end_child(child: subprocess.Popen, timeout_s: float = 10) -> None:
    """SIGTERM ``child`` and wait for it; SIGKILL if it has not ended in ``timeout_s``."""
    if child.poll() is not None:
        return
    child.send_signal(signal.SIGTERM)
    try:
        child.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def cmd_serve(args, settings: Settings) -> int:
    """Migrate, start the ingest loop in the background and Streamlit in the foreground;
    when Streamlit stops, or this process gets Ctrl-C, SIGTERM or SIGHUP, both children are
    ended (without this a SIGTERM left them running, re-parented to PID 1)."""
    from cli.access import secret_key_env

    migrate(settings.database_url)
    key_env = secret_key_env(settings)  # refuses: local accounts and no key to sign their sessions
    stops = (signal.SIGTERM, signal.SIGHUP)
    previous = {signum: signal.signal(signum, _stop_on_signal) for signum in stops}
    children: list[subprocess.Popen] = []
    try:
        children.append(
            subprocess.Popen([sys.executable, str(REPO_ROOT / "manage.py"), "ingest", "--every", args.every])
        )
        children.append(subprocess.Popen(streamlit_command(args.port), cwd=REPO_ROOT, env={**os.environ, **key_env}))
        return children[-1].wait()
    except (KeyboardInterrupt, ServeStopped):
        return 0
    finally:
        for signum in stops:  # a second signal must not cut the clean-up short
            signal.signal(signum, signal.SIG_IGN)
        for child in reversed(children):
            _end_child(child)
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help="migrate, start the ingest loop and the dashboard (what `make run` does)")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--every", default="10m", help="ingest loop interval (default 10m)")
    p.set_defaults(func=cmd_serve)
