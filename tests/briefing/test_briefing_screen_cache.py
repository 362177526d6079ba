"""The wall screen's map is built once per snapshot and the district GeoJSON is shared, not
copied on every rotation (the screen-mode memory growth of issue 9)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from auth import SYSTEM
from briefing.snapshot import build_snapshot
from geo.boundaries import import_boundary_file
from tests.briefing.briefing_data import FIRST_REPORT
from tests.support.ci import reference_path
from ui.briefing import load_geojson, situation_figure


@pytest.fixture
def snapshots(briefing_engine, settings):
    import_boundary_file(settings, reference_path("boundaries", "ubon_districts_simplified.geojson"), actor=SYSTEM)
    first = build_snapshot(briefing_engine, settings, at=FIRST_REPORT)
    later = build_snapshot(briefing_engine, settings, at=FIRST_REPORT + timedelta(minutes=1))
    assert first["taken_at"] != later["taken_at"]
    return settings, first, later


def _figure(settings, snapshot, lang="th", height=600):
    return situation_figure(
        snapshot["taken_at"],
        settings.database_url,
        lang,
        settings.map_style,
        height,
        str(settings.data_dir),
        settings.province_code,
        snapshot,
        settings,
    )


def test_geojson_is_shared_not_copied(snapshots):
    settings, _, _ = snapshots
    first = load_geojson(settings, str(settings.data_dir), settings.province_code)
    assert first is not None and len(first["features"]) == 25
    assert load_geojson(settings, str(settings.data_dir), settings.province_code) is first


def test_map_built_once_per_snapshot_language_and_height(snapshots):
    settings, first, later = snapshots
    fig = _figure(settings, first)
    assert fig is not None and fig.layout.height == 600
    assert _figure(settings, dict(first)) is fig  # another rotation, same snapshot: no new figure
    assert _figure(settings, first, lang="en") is not fig
    assert _figure(settings, first, height=560).layout.height == 560
    assert _figure(settings, later) is not fig  # a new snapshot: a new figure
    spec = fig.to_json()
    assert _figure(settings, first).to_json() == spec  # shown (serialised) without being changed
