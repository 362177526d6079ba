"""Issue 16 at 390 px: an item's history and the board's district progress were tables cut at
the right (with a blank toolbar box): on a phone they are cards, like the item list, the full
table a toggle away; on a desk the table as before (the CSS of ui.layout hides one by width)."""

from __future__ import annotations

import pandas as pd

from tests.checklists.test_pages import _item, app_db  # noqa: F401  (the fixture)
from tests.checklists.test_phone_pages import _link, _open, shell_db  # noqa: F401  (a fixture)
from tests.support.shell import through_shell  # noqa: F401  (a fixture)
from ui.layout import NARROW_PREFIX, WIDE_PREFIX, table_cards_html


def _frames_in(block, prefix: str, inside: bool = False):
    """(dataframe columns, inside a container keyed ``prefix…``) for every dataframe."""
    key = getattr(getattr(block, "proto", None), "id", "") or ""
    inside = inside or prefix in key
    for child in getattr(block, "children", {}).values():
        if child.type in ("dataframe", "arrow_data_frame"):
            yield list(child.value.columns), inside
        yield from _frames_in(child, prefix, inside)


def _cards(at):
    return [h.proto.body for h in at.get("html") if h.proto.body.startswith('<div class="fr-cards">')]


def test_cards_hold_every_column_escaped():
    html = table_cards_html(
        pd.DataFrame({"District": ["<b>Mueang</b>"], "Items": [4], "Done %": [33.3333], "Note": [None]})
    )
    assert "&lt;b&gt;Mueang&lt;/b&gt;" in html and "Items: 4" in html and "Done %: 33" in html and "Note" not in html


def test_an_items_history_is_cards_on_a_phone(shell_db):
    engine, event_id = shell_db
    iid = _item(engine, event_id, "open-evacuation-centres", "3401")
    at = _open("en", "pages/checklists.py", _link(event_id, iid))
    assert any("<b>1 · " in c and "Not started (created from the template)" in c for c in _cards(at)), _cards(
        at
    )  # version · when · who, then each column
    frames = [(cols, inside) for cols, inside in _frames_in(at.main, WIDE_PREFIX) if cols[0] == "Version"]
    assert frames and all(inside for _, inside in frames), "the history table is hidden on a phone"


def test_the_boards_district_progress_is_cards_on_a_phone(shell_db):
    _, event_id = shell_db
    at = _open("en", "pages/checklists.py", {"event": str(event_id)})
    progress = [
        (cols, inside) for cols, inside in _frames_in(at.main, WIDE_PREFIX) if "District" in cols and "Items" in cols
    ]
    assert progress and all(inside for _, inside in progress), "the progress table is hidden on a phone"
    assert any("Mueang Ubon Ratchathani" in c and "Items:" in c for c in _cards(at)), _cards(at)
    assert any(NARROW_PREFIX in (getattr(b.proto, "id", "") or "") for b in _blocks(at.main))


def _blocks(block):
    for child in getattr(block, "children", {}).values():
        if getattr(child, "type", "") in ("vertical", "container", "block") or hasattr(child, "children"):
            yield child
            yield from _blocks(child)
