"""The public channel's proposal (services.public_summary): the text and card of the briefing
snapshot, its level from the key stations, and the two-person rule when it raises the level of
the last message that went out; the same admin twice is refused; every message kept with who
approved it."""

from __future__ import annotations

from pathlib import Path

import pytest

from auth import PermissionDenied, User
from config import load_settings
from domain.alert_response_events import public_level, raises_level
from services.public_summary import propose_public_summary, snapshot_level
from store import public_messages
from store.alerts import AlertConfigError

ADMIN = User("admin1", "Admin One", "admin")
ADMIN2 = User("admin2", "Admin Two", "admin")
OFFICER = User("somchai", "Somchai", "officer", districts=("3401",))
VIEWER = User("gov", "Governor's office", "viewer")


def snapshot(cls: str, *, stale: bool = False) -> dict:
    station = {
        "station_code": "M.7",
        "name_th": "สะพานเสรีประชาธิปไตย",
        "name_en": "Seri bridge",
        "is_key": True,
        "situation_class": cls,
        "stale": stale,
        "level_msl": 112.1,
        "bank_msl": 112.0,
        "observed_at": "2026-11-25T05:00:00+00:00",
        "district_code": "3401",
    }
    return {
        "province_code": "34",
        "province_th": "อุบลราชธานี",
        "province_en": "Ubon Ratchathani",
        "taken_at": "2026-11-25T05:10:00+00:00",
        "stations": [station],
        "districts": [],
        "shelters": [],
        "checklist": None,
        "sources": [],
    }


def test_levels_and_what_raises_them():
    assert public_level(["normal", "high", "low"]) == "high"
    assert public_level(["over_bank", "unknown"]) == "over_bank" and public_level([]) == "normal"
    assert raises_level("high", None) and raises_level("over_bank", "high")
    assert (
        not raises_level("high", "high") and not raises_level("normal", None) and not raises_level("high", "over_bank")
    )
    assert snapshot_level(snapshot("over_bank", stale=True)) == "normal"  # an old reading does not speak for now


def test_a_message_that_raises_the_level_needs_two_different_admins(engine, tmp_path):
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    first = propose_public_summary(engine, settings, OFFICER, snapshot("over_bank"))
    kept = public_messages.list_public_messages(engine)[0]
    assert kept["raises_level"] and kept["level"] == "over_bank" and kept["proposed_by"] == "somchai"
    assert Path(kept["card_path"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "M.7" in kept["text"]
    assert public_messages.approve_public_message(engine, ADMIN, first) is False
    with pytest.raises(AlertConfigError) as twice:
        public_messages.approve_public_message(engine, ADMIN, first)
    assert twice.value.code == "public_twice"
    from ui.alerts import refusal

    # QA: the refusal was cut off ("...; a second admin must"): whole in both languages
    assert refusal(twice.value, "en") == "You have already approved this message; a second admin must approve it."
    assert refusal(twice.value, "th").endswith("ต้องให้ผู้ดูแลระบบอีกคนหนึ่งอนุมัติข้อความนี้")
    assert public_messages.approve_public_message(engine, ADMIN2, first) is True
    # the next message at the same level does not raise it: one admin is enough
    second = propose_public_summary(engine, settings, ADMIN, snapshot("over_bank"), card=False)
    assert public_messages.list_public_messages(engine)[0]["raises_level"] is False
    assert public_messages.approve_public_message(engine, ADMIN, second) is True
    assert [m["approvals"][0][0] for m in public_messages.list_public_messages(engine)] == ["admin1", "admin1"]


def test_a_viewer_may_not_propose_and_no_card_is_written(engine, tmp_path):
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    with pytest.raises(PermissionDenied):
        propose_public_summary(engine, settings, VIEWER, snapshot("high"))
    assert not (tmp_path / "public_cards").exists() and public_messages.list_public_messages(engine) == []
