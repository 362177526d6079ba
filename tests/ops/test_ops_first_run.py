"""Issue 15, first run: a refused ``ingest --from-file`` names the source whose format the
file matches; the ``make run`` loop without internet prints one line per failed source per
round and writes the detail (urllib3's retry warnings included) to DATA_DIR/ingest.log."""

from __future__ import annotations

import logging
import types

import pytest

from cli import main
from cli.core import _ingest_round, route_logs_to_file
from cli.sniff import matching_sources
from config import load_settings
from config.logs import PROJECT_PACKAGES
from data_sources.errors import SourceUnavailable
from ingest import IngestContext
from store.db import make_engine, migrate
from tests.support.ci import reference_path

WATER = ("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")
RAIN = ("thaiwater", "hii_public_thailand_2020-06-29_rain24h.json")


@pytest.mark.parametrize(
    ("parts", "source"),
    [(WATER, "thaiwater"), (RAIN, "thaiwater_rain"), (("boundaries", "ubon_districts.geojson"), "boundaries")],
)
def test_a_saved_file_is_recognised(parts, source):
    assert matching_sources(reference_path(*parts)) == [source]


def test_a_refused_file_suggests_the_source_it_matches(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    migrate(f"sqlite:///{tmp_path / 'floodroom.sqlite3'}")
    rain = reference_path(*RAIN)
    assert main(["ingest", "--source", "thaiwater", "--from-file", str(rain)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) >= 1 and f"python manage.py ingest --source thaiwater_rain --from-file {rain}" in err[-1], err


def _failing(source):
    module = types.ModuleType(f"fake_{source}")
    module.SOURCE = source

    def run(ctx, from_file=None):
        logging.getLogger("urllib3.connectionpool").warning(
            "Retrying (Retry(total=2)) after connection broken by NewConnectionError"
        )
        raise SourceUnavailable(
            source,
            "cannot connect (ConnectionError: HTTPSConnectionPool(host='api-v3.thaiwater.net', port=443): "
            "Max retries exceeded with url: /api/v1/thaiwater30/public/waterlevel_load (Caused by "
            "NameResolutionError(\"Failed to resolve 'api-v3.thaiwater.net'\")))",
        )

    module.run = run
    return module


@pytest.fixture
def quiet_logs(tmp_path):
    """The loggers route_logs_to_file changes, put back after the test."""
    names = (*PROJECT_PACKAGES, "urllib3")
    before = {
        n: (logging.getLogger(n).handlers[:], logging.getLogger(n).propagate, logging.getLogger(n).level) for n in names
    }
    yield
    for name, (handlers, propagate, level) in before.items():
        logger = logging.getLogger(name)
        for handler in logger.handlers[:]:
            if handler not in handlers:
                logger.removeHandler(handler)
                handler.close()
        logger.propagate, logger.level = propagate, level


def test_the_loop_prints_one_line_per_failed_source_and_logs_the_detail(tmp_path, capsys, quiet_logs):
    settings = load_settings({"DATA_DIR": str(tmp_path / "data")})
    migrate(settings.database_url)
    logging.basicConfig(level=logging.WARNING)  # what manage.py does
    log_path = route_logs_to_file(settings)
    ctx = IngestContext(settings, make_engine(settings.database_url), None)
    failed = _ingest_round(
        ctx,
        {"thaiwater": _failing("thaiwater"), "open_meteo_flood": _failing("open_meteo_flood")},
        None,
        log_path=log_path,
    )
    assert failed == ["thaiwater", "open_meteo_flood"]
    captured = capsys.readouterr()
    lines = [line for line in (captured.err + captured.out).splitlines() if line.strip()]
    assert len(lines) == 2, lines
    assert all(len(line) <= 200 and "ingest.log" in line for line in lines), lines
    assert not any("Retrying" in line for line in lines)
    detail = log_path.read_text(encoding="utf-8")
    assert "Retrying (Retry(total=2))" in detail and "NameResolutionError" in detail
