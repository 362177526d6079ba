"""The boundary cache: import all or nothing, manifest with checksums, load, status."""

from __future__ import annotations

import hashlib
import json

import pytest

from auth import SYSTEM
from geo.boundaries import boundary_dir, boundary_status, import_boundary_file, load_districts
from geo.normalise import BoundaryError
from tests.geo.grid import FIXTURES, square_grid


def _grid_file(tmp_path, schema="hdx_upper", name="grid.geojson"):
    path = tmp_path / name
    square_grid("34", schema).to_file(path)
    return path


def _snapshot(settings):
    folder = boundary_dir(settings)
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def test_nothing_cached_at_first(settings):
    assert load_districts(settings) is None
    status = boundary_status(settings)
    assert (status.cached, status.province_code, status.district_count) == (False, "34", 0)


def test_import_writes_a_manifest_with_checksums_and_loads_back(settings, tmp_path):
    path = _grid_file(tmp_path)
    status = import_boundary_file(settings, path, actor=SYSTEM)
    assert status.cached and status.district_count == 25
    assert status.source.startswith("HDX COD-AB Thailand") and status.licence == "CC BY 3.0 IGO"
    assert status.source_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert status.source_size == path.stat().st_size
    assert status.sha256 == hashlib.sha256(status.path.read_bytes()).hexdigest()
    assert status.size == status.path.stat().st_size
    assert status.fetched_at.tzinfo is not None
    manifest = json.loads((boundary_dir(settings) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["file"] == status.path.name and manifest["province_code"] == "34"
    loaded = load_districts(settings)
    assert loaded["district_code"].tolist() == sorted(loaded["district_code"]) and len(loaded) == 25
    assert loaded.attrs["licence"] == "CC BY 3.0 IGO"
    assert loaded.crs.to_epsg() == 4326
    assert loaded.geometry.iloc[0].bounds == pytest.approx((104.6, 14.6, 104.7, 14.7))


def test_source_and_licence_can_be_given(settings, tmp_path):
    status = import_boundary_file(
        settings,
        _grid_file(tmp_path, "amp"),
        source="Provincial office survey 2025",
        licence="internal use",
        actor=SYSTEM,
    )
    assert (status.source, status.licence) == ("Provincial office survey 2025", "internal use")
    assert load_districts(settings)["source"].unique().tolist() == ["Provincial office survey 2025"]


@pytest.mark.parametrize("bad", ["wrong_province", "missing_two"])
def test_a_failed_import_leaves_the_previous_cache_untouched(settings, tmp_path, bad):
    import_boundary_file(settings, _grid_file(tmp_path, "amp", "good.geojson"), actor=SYSTEM)
    before = _snapshot(settings)
    if bad == "wrong_province":
        path, pattern = FIXTURES / "khon_kaen_three_districts.geojson", "not for province 34"
    else:
        grid = square_grid("34", "amp")
        path, pattern = tmp_path / "partial.geojson", r"missing 2 of 25 .*3402 .*3403 "
        grid[~grid["amp_code"].isin(["3402", "3403"])].to_file(path)
    with pytest.raises(BoundaryError, match=pattern):
        import_boundary_file(settings, path, actor=SYSTEM)
    assert _snapshot(settings) == before


def test_a_failed_first_import_leaves_nothing(settings):
    with pytest.raises(BoundaryError):
        import_boundary_file(settings, FIXTURES / "three_districts.geojson", actor=SYSTEM)
    assert boundary_status(settings).cached is False
    assert (
        not any(p.suffix in (".geojson", ".json", ".tmp") for p in boundary_dir(settings).glob("*"))
        if boundary_dir(settings).exists()
        else True
    )


def test_a_new_import_replaces_the_old_file(settings, tmp_path):
    first = import_boundary_file(settings, _grid_file(tmp_path, "amp", "a.geojson"), actor=SYSTEM)
    grid = square_grid("34", "amp")
    grid["geometry"] = grid.geometry.translate(0.001, 0.0)
    grid.to_file(tmp_path / "b.geojson")
    second = import_boundary_file(settings, tmp_path / "b.geojson", actor=SYSTEM)
    assert second.sha256 != first.sha256
    assert not first.path.exists() and second.path.exists()
    assert sorted(p.name for p in boundary_dir(settings).iterdir()) == sorted([second.path.name, "manifest.json"])


def test_a_damaged_manifest_counts_as_nothing_cached(settings, tmp_path):
    import_boundary_file(settings, _grid_file(tmp_path), actor=SYSTEM)
    (boundary_dir(settings) / "manifest.json").write_text('{"file": "districts-', encoding="utf-8")
    assert boundary_status(settings).cached is False and load_districts(settings) is None
    assert import_boundary_file(settings, _grid_file(tmp_path, "amp", "again.geojson"), actor=SYSTEM).cached
    assert oct(boundary_status(settings).path.stat().st_mode & 0o777) == "0o644"
