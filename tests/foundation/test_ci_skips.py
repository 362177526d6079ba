"""Under CI=true a skip is a failure whatever its phase: a tiny test folder using the hooks of
``tests/conftest.py`` is run by pytest (in this process), with and without CI=true."""

from __future__ import annotations

import pytest

CASES = {
    "test_collect_skip.py": 'import pytest\npytest.importorskip("no_such_module_floodroom")\n'
    "\ndef test_never():\n    pass\n",
    "test_module_skip.py": 'import pytest\npytest.skip("not here", allow_module_level=True)\n',
    "test_run_skip.py": 'import pytest\n\ndef test_skips():\n    pytest.skip("no database")\n',
    "test_fixture_skip.py": 'import pytest\n\n@pytest.fixture\ndef db():\n    pytest.skip("no db")\n\n'
    "def test_uses(db):\n    pass\n",
    "test_fine.py": "def test_ok():\n    pass\n",
}


def run_tiny_suite(pytester: pytest.Pytester, monkeypatch, ci: str, name: str) -> pytest.RunResult:
    """The tiny folder run by pytest in this process (a new session, as a subprocess would
    start, without importing the project a second time)."""
    pytester.makeini("[pytest]\n")
    # the project's own conftest, hooks and all, seen by the tiny folder
    pytester.makeconftest("from tests.conftest import *  # noqa: F401,F403\n")
    files = {name: CASES[name]}
    if name != "test_fine.py":  # one passing test beside the skip: the run is never empty
        files["test_fine.py"] = CASES["test_fine.py"]
    for file_name, source in files.items():
        (pytester.path / file_name).write_text(source, encoding="utf-8")
    monkeypatch.setenv("CI", ci)
    # -p no:playwright: its soft-assertion scope cannot nest in the outer test's (and no test here uses it)
    return pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider", "-p", "no:playwright")


@pytest.mark.parametrize(
    "name", ["test_collect_skip.py", "test_module_skip.py", "test_run_skip.py", "test_fixture_skip.py"]
)
def test_a_skip_in_any_phase_fails_under_ci(pytester, monkeypatch, name):
    result = run_tiny_suite(pytester, monkeypatch, "true", name)
    assert result.ret != 0, result.stdout.str()
    assert "skipped under CI=true, which counts as a failure" in result.stdout.str()


@pytest.mark.parametrize("name", ["test_collect_skip.py", "test_run_skip.py"])
def test_a_skip_stays_a_skip_locally(pytester, monkeypatch, name):
    result = run_tiny_suite(pytester, monkeypatch, "", name)
    assert result.ret == 0, result.stdout.str()
    assert "1 passed, 1 skipped" in result.stdout.str()


def test_a_passing_suite_passes_under_ci(pytester, monkeypatch):
    result = run_tiny_suite(pytester, monkeypatch, "true", "test_fine.py")
    assert result.ret == 0 and "1 passed" in result.stdout.str(), result.stdout.str()
