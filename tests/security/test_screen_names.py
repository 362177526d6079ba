"""Round 2, finding 6: a screen link may be named in Thai ("ห้องประชุม 1"); names that could
hide or reorder text (control and format characters) or inject markup are still refused."""

from __future__ import annotations

import pytest

from auth import SYSTEM
from store import screens


@pytest.mark.parametrize("name", ["ห้องประชุม 1", "ห้องบัญชาการ ชั้น 2", "Meeting room 1", "จอ-ศูนย์_ปภ.", "Salle é 3"])
def test_a_screen_may_be_named_in_any_script(engine, name):
    token = screens.create_screen_token(engine, SYSTEM, f"  {name} ")
    assert screens.screen_for_token(engine, token) is not None
    assert name in [row["name"] for row in screens.list_screen_tokens(engine)]
    screens.revoke_screen_token(engine, SYSTEM, name)
    assert screens.screen_for_token(engine, token) is None


@pytest.mark.parametrize(
    "name", ["", " ", "-room", "room\u202e1", "room\u200b1", "room\n1", "<b>room</b>", "x" * 81, "่ห้อง"]
)
def test_names_that_hide_or_inject_are_refused(engine, name):
    with pytest.raises(ValueError, match="not valid"):
        screens.create_screen_token(engine, SYSTEM, name)
