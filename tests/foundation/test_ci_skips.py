"""Under CI=true a skip is a failure whatever its phase: a tiny test folder using the hooks of
``tests/conftest.py`` is run in a subprocess, with and without CI=true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CASES = {
    "test_collect_skip.py": 'import pytest\npytest.importorskip("no_such_module_floodroom")\n'
    "\ndef test_never():\n    pass\n",
    "test_module_skip.py": 'import pytest\npytest.skip("not here", allow_module_level=True)\n',
    "test_run_skip.py": 'import pytest\n\ndef test_skips():\n    pytest.skip("no database")\n',
    "test_fixture_skip.py": 'import pytest\n\n@pytest.fixture\ndef db():\n    pytest.skip("no db")\n\n'
    "def test_uses(db):\n    pass\n",
    "test_fine.py": "def test_ok():\n    pass\n",
}


def run_tiny_suite(tmp_path: Path, ci: str, name: str) -> subprocess.CompletedProcess:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    # the project's own conftest, hooks and all, seen by the tiny folder
    (tmp_path / "conftest.py").write_text("from tests.conftest import *  # noqa: F401,F403\n", encoding="utf-8")
    (tmp_path / name).write_text(CASES[name], encoding="utf-8")
    if name != "test_fine.py":  # one passing test beside the skip: the run is never empty
        (tmp_path / "test_fine.py").write_text(CASES["test_fine.py"], encoding="utf-8")
    env = {**os.environ, "CI": ci, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "name", ["test_collect_skip.py", "test_module_skip.py", "test_run_skip.py", "test_fixture_skip.py"]
)
def test_a_skip_in_any_phase_fails_under_ci(tmp_path, name):
    result = run_tiny_suite(tmp_path, "true", name)
    assert result.returncode != 0, result.stdout
    assert "skipped under CI=true, which counts as a failure" in result.stdout


@pytest.mark.parametrize("name", ["test_collect_skip.py", "test_run_skip.py"])
def test_a_skip_stays_a_skip_locally(tmp_path, name):
    result = run_tiny_suite(tmp_path, "", name)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 skipped" in result.stdout


def test_a_passing_suite_passes_under_ci(tmp_path):
    result = run_tiny_suite(tmp_path, "true", "test_fine.py")
    assert result.returncode == 0 and "1 passed" in result.stdout, result.stdout
