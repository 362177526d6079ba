"""Logging (issue 17): loggers named by ``__name__``; the Streamlit server sets logging up as
``manage.py`` does; an ingest result is a log record, not only a printed line."""

import ast
import logging
from pathlib import Path

from config.logs import PROJECT_PACKAGES

ROOT = Path(__file__).resolve().parents[2]


def test_every_logger_is_named_by_its_module():
    odd = []
    for package in PROJECT_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "getLogger" and node.args:
                    arg = node.args[0]
                    if not (isinstance(arg, ast.Name) and arg.id in ("__name__", "name", "p")):
                        odd.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not odd, f"loggers not named by __name__: {odd}"


def test_the_server_prelude_sets_up_logging_first(monkeypatch):
    from ui import serving

    calls = []
    monkeypatch.setattr(serving, "configure_logging", lambda *a, **k: calls.append("logging"))
    for step in (
        "preload",
        "routes_by_navigation",
        "tcp_nodelay",
        "add_session_route",
        "warm_streamlit",
        "freeze_startup_heap",
    ):
        monkeypatch.setattr(serving, step, lambda step=step: calls.append(step))
    serving.serve_prelude()
    assert calls[0] == "logging" and len(calls) == 7


def test_an_ingest_success_is_logged(engine, caplog):
    import types

    from config import load_settings
    from ingest import IngestContext, IngestResult, run_job

    job = types.ModuleType("fake")
    job.SOURCE, job.run = "fake", lambda ctx, from_file=None: IngestResult(rows=7, notes=["a note"])
    caplog.set_level(logging.INFO, logger="ingest")
    run_job(IngestContext(load_settings({}), engine, session=None), job)
    assert any(
        r.name == "ingest" and "fake: ok, 7 rows" in r.getMessage() and "a note" in r.getMessage()
        for r in caplog.records
    )
