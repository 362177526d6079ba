"""Fixtures for geo tests: hand-drawn squares and the reference boundaries (skipped locally,
required under CI=true). Helpers to build grids live in tests/geo/grid.py."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest

from tests.geo.grid import FIXTURES
from tests.support.ci import reference_path


@pytest.fixture
def three_districts() -> gpd.GeoDataFrame:
    """Hand-drawn squares 3401, 3415 (east of 3401) and 3424 (south of 3401), keyed like normalised districts."""
    raw = gpd.read_file(FIXTURES / "three_districts.geojson")
    return raw.rename(columns={"amp_code": "district_code", "amp_th": "name_th", "amp_en": "name_en"})


@pytest.fixture
def reference_districts_path() -> Path:
    return reference_path("boundaries", "ubon_districts.geojson")


@pytest.fixture(scope="session")
def reference_districts() -> gpd.GeoDataFrame:
    return gpd.read_file(reference_path("boundaries", "ubon_districts.geojson"))


@pytest.fixture(scope="session")
def normalised_reference(reference_districts) -> gpd.GeoDataFrame:
    from geo.normalise import normalise_districts

    return normalise_districts(reference_districts, "34", source="HDX test", licence="CC BY 3.0 IGO")
