"""Officer scope (issue 14, finding 6): province-wide items (no district) belong to admins
and officers without a district limit, of their agencies; "My items" lists exactly the
items the store lets the officer update, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from auth import PermissionDenied, User, can_scope
from store import checklist_items, checklists
from tests.checklists.conftest import OFFICER, item_id

PROVINCE_RID = User("chai", "Chai (RID, whole province)", "officer", agencies=("rid",))
MUEANG_ANY_AGENCY = User("nid", "Nid (Mueang, every agency)", "officer", districts=("3401",))


@pytest.mark.parametrize("user", [OFFICER, MUEANG_ANY_AGENCY, PROVINCE_RID])
def test_my_items_are_exactly_what_the_officer_may_update(event, user):
    engine, event_id = event
    frame = checklists.items_frame(engine, event_id)
    allowed = {
        int(r.id)
        for r in frame.itertuples()
        if can_scope(user, "checklist.update", district_code=r.district_code, agency=r.agency)
    }
    assert set(checklists.my_items(engine, user, event_id)["id"].astype(int)) == allowed and allowed


def test_a_district_officer_cannot_edit_a_province_wide_item(event):
    engine, event_id = event
    pumps = item_id(engine, event_id, "deploy-pumps")  # province-wide, RID's
    with pytest.raises(PermissionDenied, match="province-wide"):
        checklist_items.update_item(engine, MUEANG_ANY_AGENCY, pumps, 1, state="in_progress")
    assert pumps not in set(checklists.my_items(engine, MUEANG_ANY_AGENCY, event_id)["id"])
    assert checklist_items.update_item(engine, PROVINCE_RID, pumps, 1, state="in_progress").updated_by == "chai"
