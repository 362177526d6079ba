"""Issue 15, checklists: the built-in actor is named in the page's language (translated at
render time, stored as it is), and the province row has one name on every page."""

from __future__ import annotations

import pandas as pd
import pytest

from auth import SYSTEM
from i18n import actor_name
from ui.checklists import board_frame, district_name


@pytest.mark.parametrize("stored", [SYSTEM.username, SYSTEM.display_name])
def test_the_built_in_actor_is_named_in_thai_and_english(stored):
    assert actor_name(stored, "th") == "ห้องติดตามสถานการณ์น้ำท่วม (อัตโนมัติ)"
    assert actor_name(stored, "en") == "Flood Room (automatic)"


def test_a_persons_name_is_shown_as_stored():
    assert actor_name("Somchai Local-Gov", "th") == "Somchai Local-Gov"
    assert actor_name(None, "th") == ""


def test_the_board_names_the_built_in_actor_in_thai():
    items = pd.DataFrame(
        [
            {
                "overdue": False,
                "id": 1,
                "phase": "preparedness",
                "district_code": None,
                "title_th": "เฝ้าระวัง",
                "title_en": "Watch",
                "agency_th": "ปภ.",
                "agency_en": "DDPM",
                "state": "not_started",
                "owner_agency": None,
                "owner_person": None,
                "due_at": None,
                "trigger_reason": None,
                "trigger": None,
                "note": None,
                "updated_at": pd.Timestamp("2026-12-01T01:00Z"),
                "updated_by_name": SYSTEM.display_name,
            }
        ]
    )
    frame = board_frame(items, "34", "th")
    updated = frame.iloc[0, -1]
    assert updated.endswith("ห้องติดตามสถานการณ์น้ำท่วม (อัตโนมัติ)") and "Flood Room" not in updated


@pytest.mark.parametrize(
    ("lang", "name"), [("th", "ระดับจังหวัด (อุบลราชธานี)"), ("en", "Province-wide (Ubon Ratchathani)")]
)
def test_the_province_row_has_the_briefings_name(lang, name):
    """The briefing's response table (briefing.tables.progress_table) calls it this; the
    checklists and my-items pages called it 'ทั้งจังหวัด'."""
    assert district_name(None, "34", lang) == name
    assert district_name("34", "34", lang) == name
