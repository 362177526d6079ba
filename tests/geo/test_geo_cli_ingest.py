"""``manage.py import-boundaries / fetch-boundaries / boundaries-status`` and the ingest job."""

from __future__ import annotations

import json

import pytest

from cli import main
from geo.boundaries import boundary_dir, boundary_status
from ingest import IngestContext, run_job
from ingest import boundaries as boundaries_job
from store.health import read_health
from tests.geo.grid import FIXTURES, geojson_body, square_grid
from tests.support.replay import Reply, replay_session

GB_API = "https://www.geoboundaries.org/api/current/gbOpen/THA/ADM2/"
GB_FILE = "https://example.org/geoBoundaries-THA-ADM2_simplified.geojson"


@pytest.fixture
def data_env(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("PROVINCE_CODE", raising=False)
    return tmp_path


def test_import_prints_count_and_province_then_status(data_env, capsys):
    path = data_env / "ubon.geojson"
    square_grid("34", "amp").to_file(path)
    assert main(["import-boundaries", str(path), "--licence", "office use"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "imported 25 districts for province 34 Ubon Ratchathani (อุบลราชธานี)"
    assert "licence: office use" in out
    assert len(list((data_env / "data" / "boundaries" / "34").glob("display-*.geojson"))) == 1
    assert main(["boundaries-status"]) == 0
    status_out = capsys.readouterr().out
    assert "25 districts of province 34 from file ubon.geojson" in status_out and "sha256" in status_out


def test_import_of_a_wrong_file_fails_in_one_line_and_keeps_nothing(data_env, capsys):
    assert main(["import-boundaries", str(FIXTURES / "khon_kaen_three_districts.geojson")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("error: nothing imported:") and "not for province 34" in err and "3401 เมืองอุบลราชธานี" in err


def test_status_without_boundaries_and_unknown_fetch_source(data_env, capsys):
    assert main(["boundaries-status"]) == 1
    assert "no boundaries cached for province 34" in capsys.readouterr().err
    assert main(["fetch-boundaries", "--source", "osm"]) == 1
    assert "--source 'osm' is not known; allowed: geoboundaries, hdx" in capsys.readouterr().err


def _ctx(settings, sqlite_engine, routes):
    settings = type(settings)(**{**settings.__dict__, "geoboundaries_api_url": GB_API})
    return IngestContext(settings, sqlite_engine, replay_session(routes))


def test_ingest_downloads_at_first_need_then_only_reports(settings, sqlite_engine):
    meta = {
        "boundarySource": "Royal Thai Survey Department, OCHA ROAP",
        "boundaryYearRepresented": "2019",
        "boundaryLicense": "CC BY 3.0 IGO",
        "simplifiedGeometryGeoJSON": GB_FILE,
    }
    routes = {
        GB_API: Reply(body=json.dumps(meta)),
        GB_FILE: Reply(body=geojson_body(square_grid("34", "geoboundaries"))),
    }
    ctx = _ctx(settings, sqlite_engine, routes)
    first = run_job(ctx, boundaries_job)
    assert first.ok and first.rows == 25 and first.notes[0].startswith("downloaded 25 districts from geoBoundaries")
    second = run_job(ctx, boundaries_job)
    assert second.ok and second.notes[0].startswith("cached: 25 districts")
    assert len(ctx.session.replay_log) == 2  # the API and the file, once
    assert len(list(boundary_dir(ctx.settings).glob("display-*.geojson"))) == 1
    health = {h.source: h for h in read_health(sqlite_engine)}["boundaries"]
    assert health.rows_received == 25 and health.data_time == boundary_status(ctx.settings).fetched_at


def test_ingest_failure_is_recorded_and_nothing_cached(settings, sqlite_engine):
    ctx = _ctx(settings, sqlite_engine, {GB_API: Reply(status=500)})
    outcome = run_job(ctx, boundaries_job)
    assert not outcome.ok and "HTTP 500" in outcome.error
    assert {h.source: h for h in read_health(sqlite_engine)}["boundaries"].last_error.startswith("boundaries: HTTP 500")
    assert not boundary_status(ctx.settings).cached


def test_ingest_from_file_imports_or_records_a_format_error(settings, sqlite_engine, tmp_path):
    ctx = _ctx(settings, sqlite_engine, {})
    bad = run_job(ctx, boundaries_job, FIXTURES / "three_districts.geojson")
    assert not bad.ok and "missing 22 of 25" in bad.error
    assert not boundary_dir(settings).exists() or not boundary_status(settings).cached
    square_grid("34", "hdx_upper").to_file(tmp_path / "office.geojson")
    good = run_job(ctx, boundaries_job, tmp_path / "office.geojson")
    assert good.ok and good.notes[0].startswith("imported 25 districts from HDX COD-AB")
