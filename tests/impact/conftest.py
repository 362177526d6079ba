"""Shared bits of the impact tests: the fixture folder and a fixed 'now'."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "impact"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
