"""The item state machine and overdue, as a table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.checklists import STATES, TRANSITIONS, InvalidTransition, check_transition, is_overdue

ALLOWED = {
    ("not_started", "in_progress"),
    ("not_started", "done"),
    ("not_started", "blocked"),
    ("not_started", "not_applicable"),
    ("in_progress", "not_started"),
    ("in_progress", "done"),
    ("in_progress", "blocked"),
    ("in_progress", "not_applicable"),
    ("blocked", "not_started"),
    ("blocked", "in_progress"),
    ("blocked", "done"),
    ("blocked", "not_applicable"),
    ("done", "in_progress"),
    ("not_applicable", "not_started"),
}


@pytest.mark.parametrize("src", STATES)
@pytest.mark.parametrize("dst", STATES)
def test_transition_table(src, dst):
    if src == dst or (src, dst) in ALLOWED:
        check_transition(src, dst, "because")
    else:
        with pytest.raises(InvalidTransition, match=f"cannot become {dst}; allowed: "):
            check_transition(src, dst, "because")


@pytest.mark.parametrize(
    "src, dst",
    [
        ("in_progress", "blocked"),
        ("not_started", "not_applicable"),
        ("done", "in_progress"),
        ("not_applicable", "not_started"),
    ],
)
def test_some_moves_need_a_note(src, dst):
    with pytest.raises(InvalidTransition, match="needs a note"):
        check_transition(src, dst, "  ")
    check_transition(src, dst, "water receded")


def test_every_state_has_a_way_out():
    assert set(TRANSITIONS) == set(STATES) and all(TRANSITIONS[s] for s in STATES)


NOW = datetime(2026, 10, 2, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    "state, due, expected",
    [
        ("not_started", NOW - timedelta(minutes=1), True),
        ("in_progress", NOW - timedelta(hours=5), True),
        ("blocked", NOW - timedelta(hours=5), True),
        ("done", NOW - timedelta(hours=5), False),
        ("not_applicable", NOW - timedelta(hours=5), False),
        ("not_started", NOW + timedelta(minutes=1), False),
        ("not_started", None, False),
    ],
)
def test_overdue(state, due, expected):
    assert is_overdue(state, due, NOW) is expected
