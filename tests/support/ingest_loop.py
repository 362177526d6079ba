"""``manage.py ingest --source thaiwater --every …`` as a real process, the way ``make run``
starts the ingest worker; its stdout and stderr are pipes unless given."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_ingest_loop(env: dict[str, str], every: str = "1s", **popen) -> subprocess.Popen:
    """Start the loop with ``env`` as its whole environment; ``popen`` overrides the pipes
    (``stdout=``, ``stderr=``) or adds Popen's other arguments (``preexec_fn=``)."""
    options = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True, **popen}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "ingest", "--source", "thaiwater", "--every", every],
        env=env,
        cwd=ROOT,
        **options,
    )
