"""Events, item updates with history, permissions in the write path, progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth import ANONYMOUS, SYSTEM, PermissionDenied
from domain.checklist_templates import TemplateError
from domain.checklists import InvalidTransition
from store import checklist_items, checklist_rows, checklists
from tests.checklists.conftest import ADMIN, OFFICER, OFFICER_WARIN, OPENED, TEMPLATE, VIEWER, item_id


def _counts(engine):
    with Session(engine) as s:
        return (
            s.scalar(select(func.count()).select_from(checklist_rows.ItemRow)),
            s.scalar(select(func.count()).select_from(checklist_rows.HistoryRow)),
        )


def test_open_event_instantiates_province_and_districts(event):
    engine, event_id = event
    frame = checklists.items_frame(engine, event_id)
    assert set(frame["district_code"].dropna()) == {"3401", "3415"}
    assert (frame["state"] == "not_started").all() and (frame["version"] == 1).all()
    evac = frame[frame["item_key"] == "open-evacuation-centres"]
    assert len(evac) == 2 and all(t.station == "M.7" for t in evac["trigger"])
    items, history = _counts(engine)
    assert items == len(frame) == history  # one 'created' history row per item


def test_loading_the_same_template_twice_gives_one_row(engine):
    text = TEMPLATE.read_text(encoding="utf-8")
    assert checklists.load_template(engine, SYSTEM, text) == checklists.load_template(engine, SYSTEM, text)


def test_broken_template_is_not_stored(engine):
    with pytest.raises(TemplateError):
        checklists.load_template(
            engine, SYSTEM, TEMPLATE.read_text(encoding="utf-8").replace('phase = "warning"', 'phase = "x"', 1)
        )
    assert checklists.latest_template_id(engine) is None


@pytest.mark.parametrize(
    "districts, message",
    [(["3401", "1001"], "district '1001' is not a district of province 34"), (["ubon"], "district 'ubon'")],
)
def test_open_event_with_bad_district_writes_nothing(event, districts, message):
    engine, _ = event
    before = _counts(engine)
    with pytest.raises(ValueError, match=message):
        checklists.open_event(engine, ADMIN, "bad", "34", districts)
    assert _counts(engine) == before


def test_update_appends_history_and_bumps_version(event):
    engine, event_id = event
    iid = item_id(engine, event_id, "open-evacuation-centres", "3401")
    due = datetime(2026, 10, 2, 6, 0, tzinfo=UTC)
    after = checklist_items.update_item(
        engine, OFFICER, iid, 1, state="in_progress", owner_person="Nok", due_at=due, note="Wat Supattanaram opened"
    )
    assert (after.state, after.version, after.owner_person, after.due_at, after.updated_by_name) == (
        "in_progress",
        2,
        "Nok",
        due,
        OFFICER.display_name,
    )
    after = checklist_items.update_item(
        engine, OFFICER, iid, 2, state="done", evidence_url="https://example.org/photo/1", note="3 centres open"
    )
    history = checklists.item_history(engine, iid)
    assert list(history["version"]) == [1, 2, 3]
    assert list(history["kind"]) == ["created", "update", "update"]
    assert list(zip(history["from_state"], history["to_state"], strict=True))[1:] == [
        ("not_started", "in_progress"),
        ("in_progress", "done"),
    ]
    assert history.iloc[1]["changes"]["owner_person"] == [None, "Nok"]
    assert history.iloc[2]["changes"]["note"] == ["Wat Supattanaram opened", "3 centres open"]
    assert history.iloc[1]["note"] == "Wat Supattanaram opened" and history.iloc[2]["by_username"] == "somchai"


def test_stale_edit_is_refused_with_the_new_state(event):
    engine, event_id = event
    iid = item_id(engine, event_id, "barriers", "3401")
    checklist_items.update_item(engine, ADMIN, iid, 1, state="in_progress", note="first")
    with pytest.raises(checklist_rows.StaleEdit) as info:
        checklist_items.update_item(engine, OFFICER, iid, 1, state="blocked", note="no sandbags")
    assert info.value.current.version == 2 and info.value.current.updated_by_name == "Admin One"
    assert "changed by Admin One at" in str(info.value)
    assert checklists.get_item(engine, iid).note == "first"
    assert len(checklists.item_history(engine, iid)) == 2


@pytest.mark.parametrize("user", [None, ANONYMOUS, VIEWER, OFFICER_WARIN])
def test_write_functions_refuse_who_may_not(event, user):
    engine, event_id = event
    iid = item_id(engine, event_id, "open-evacuation-centres", "3401")
    before = _counts(engine)
    with pytest.raises(PermissionDenied):
        checklist_items.update_item(engine, user, iid, 1, state="done")
    with pytest.raises(PermissionDenied):
        checklists.open_event(engine, user, "x", "34", ["3401"])
    with pytest.raises(PermissionDenied):
        checklists.load_template(engine, user, TEMPLATE.read_text(encoding="utf-8"))
    with pytest.raises(PermissionDenied):
        checklist_items.apply_triggers(engine, event_id, checklists.items_frame(engine, event_id).iloc[0:0], actor=user)
    assert _counts(engine) == before
    assert checklists.get_item(engine, iid).state == "not_started"


def test_officer_may_not_update_another_agency(event):
    engine, event_id = event
    with pytest.raises(PermissionDenied, match="agency pho"):
        checklist_items.update_item(
            engine, OFFICER, item_id(engine, event_id, "evacuate-bedridden", "3401"), 1, state="done"
        )


@pytest.mark.parametrize(
    "changes, error",
    [
        (dict(state="finished"), "state 'finished' is not one of"),
        (dict(state="blocked"), "needs a note"),
        (dict(evidence_url="javascript:alert(1)"), r"evidence link 'javascript:alert\(1\)' is not valid"),
        (dict(note="x" * 4001), "note has 4001 characters"),
        (dict(due_at=datetime(2026, 10, 2)), "has no timezone"),
    ],
)
def test_bad_updates_write_nothing(event, changes, error):
    engine, event_id = event
    iid = item_id(engine, event_id, "barriers", "3401")
    with pytest.raises((ValueError, InvalidTransition), match=error):
        checklist_items.update_item(engine, OFFICER, iid, 1, **changes)
    assert checklists.get_item(engine, iid).version == 1 and len(checklists.item_history(engine, iid)) == 1


def test_district_progress_and_overdue(event):
    engine, event_id = event
    frame = checklists.items_frame(engine, event_id)
    mueang = frame[frame["district_code"] == "3401"]
    for iid in mueang["id"].iloc[:4]:
        checklist_items.update_item(engine, ADMIN, int(iid), 1, state="done")
    checklist_items.update_item(
        engine, ADMIN, int(mueang["id"].iloc[4]), 1, state="not_applicable", note="no livestock here"
    )
    now = OPENED + timedelta(hours=30)  # past the 24 h list-vulnerable deadline
    progress = checklists.district_progress(engine, event_id, now=now).set_index("district_code")
    assert list(progress.index) == ["34", "3401", "3415"]
    n = len(mueang)
    assert progress.loc["3401", "items"] == n and progress.loc["3401", "done"] == 4
    assert progress.loc["3401", "percent_done"] == round(100 * 4 / (n - 1), 1)
    assert progress.loc["3415", "percent_done"] == 0.0
    overdue = checklists.items_frame(engine, event_id, now=now)
    overdue = overdue[overdue["overdue"]]
    assert progress.loc["3415", "overdue"] == (overdue["district_code"] == "3415").sum() >= 1
    assert "monitor-key-stations" in set(overdue["item_key"])


def test_my_items_are_the_officers_own(event):
    engine, event_id = event
    mine = checklists.my_items(engine, OFFICER, event_id)
    assert len(mine) and set(mine["agency"]) == {"local_gov"} and set(mine["district_code"].dropna()) == {"3401"}
    assert checklists.my_items(engine, VIEWER, event_id).empty
    assert len(checklists.my_items(engine, ADMIN, event_id)) == len(checklists.items_frame(engine, event_id))


def test_saving_without_a_change_writes_nothing(event):
    engine, event_id = event
    iid = item_id(engine, event_id, "barriers", "3401")
    same = checklist_items.update_item(engine, OFFICER, iid, 1, state="not_started", note=None)
    assert same.version == 1 and len(checklists.item_history(engine, iid)) == 1


def test_a_note_only_update_leaves_every_other_field_alone(event):
    """Issue 14 finding 1: the editor sends only what the officer changed; the store must
    write only that (and still refuse an edit based on an old version)."""
    engine, event_id = event
    iid = item_id(engine, event_id, "open-evacuation-centres", "3401")
    due = datetime(2026, 10, 3, 11, 0, tzinfo=UTC)
    filled = checklist_items.update_item(
        engine,
        OFFICER,
        iid,
        1,
        state="in_progress",
        owner_agency="Mueang municipality",
        owner_person="Khun Nok",
        due_at=due,
        note="centre opened",
        evidence_url="https://example.org/c1",
    )
    after = checklist_items.update_item(engine, OFFICER, iid, filled.version, note="second centre opened")
    assert (
        after.state,
        after.owner_agency,
        after.owner_person,
        after.due_at,
        after.evidence_url,
        after.note,
        after.version,
    ) == ("in_progress", "Mueang municipality", "Khun Nok", due, "https://example.org/c1", "second centre opened", 3)
    assert checklists.get_item(engine, iid) == after
    last = checklists.item_history(engine, iid).iloc[-1]
    assert (last["changes"], last["from_state"], last["to_state"]) == (
        {"note": ["centre opened", "second centre opened"]},
        "in_progress",
        "in_progress",
    )
    with pytest.raises(checklist_rows.StaleEdit):
        checklist_items.update_item(engine, OFFICER, iid, filled.version, note="based on version 2")
    assert checklists.get_item(engine, iid).note == "second centre opened"
