"""Under CI=true nothing may be skipped silently, whatever the phase: a skip while running a
test (``pytest.skip``, a skip marker, a fixture) and a skip while collecting a module
(``pytest.importorskip`` or ``pytest.skip(allow_module_level=True)`` at module level) both
become failures. ``tests/conftest.py`` imports these hooks, so every test run uses them."""

from __future__ import annotations

import pytest

from tests.support.ci import in_ci

PREFIX = "skipped under CI=true, which counts as a failure"


def _reason(report) -> str:
    return report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A skip in setup, call or teardown fails the test under CI."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and in_ci() and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"{PREFIX}: {_reason(report)}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """A module skipped while it is collected is a collection error under CI (pytest's own
    runtest hook never sees it: no test of the module was ever made)."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and in_ci():
        report.outcome = "failed"
        report.longrepr = f"{PREFIX} (while collecting {collector.nodeid}): {_reason(report)}"
