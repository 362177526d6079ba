"""An event opened from the shipped template, and the people who work on it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from auth import SYSTEM, User
from store import checklists

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "flood_province_default.toml"
OPENED = datetime(2026, 10, 1, 0, 0, tzinfo=UTC)

ADMIN = User("admin1", "Admin One", "admin")
VIEWER = User("governor.office", "Governor's office", "viewer")
OFFICER = User("somchai", "Somchai (local gov, Mueang)", "officer", agencies=("local_gov",), districts=("3401",))
OFFICER_WARIN = User("malee", "Malee (local gov, Warin)", "officer", agencies=("local_gov",), districts=("3415",))


@pytest.fixture
def event(engine):
    """(engine, event id): the default template for Ubon, Mueang and Warin Chamrap."""
    template_id = checklists.load_template(engine, SYSTEM, TEMPLATE.read_text(encoding="utf-8"), str(TEMPLATE))
    event_id = checklists.open_event(
        engine, ADMIN, "Mun flood Oct 2026", "34", ["3401", "3415"], template_id, now=OPENED
    )
    return engine, event_id


def item_id(engine, event_id, key, district=None) -> int:
    frame = checklists.items_frame(engine, event_id)
    rows = frame[
        (frame["item_key"] == key)
        & (frame["district_code"].isna() if district is None else frame["district_code"] == district)
    ]
    assert len(rows) == 1, (key, district)
    return int(rows.iloc[0]["id"])
