"""The modules preloaded before Streamlit serves (cli.preload) import, and none of them pulls in
streamlit: a cache decorated before the server's runtime exists would not be the runtime's."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cli.core import streamlit_command
from cli.preload import MODULES

ROOT = Path(__file__).resolve().parents[2]


def test_preload_imports_every_module_without_streamlit():
    code = "import sys; from cli.preload import preload; preload(); print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
    assert {"pandas", "geopandas", "plotly.graph_objects", "sqlalchemy", "store.water"} <= set(MODULES)


def test_serve_command_preloads_then_runs_streamlit_on_the_dashboard():
    command = streamlit_command(8600, "--server.headless", "true")
    out = subprocess.run(command[:3] + ["--help"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "run" in out.stdout  # Streamlit's own command line answered, after the preload
    assert command[3:] == ["run", str(ROOT / "dashboard.py"), "--server.port", "8600", "--server.headless", "true"]
