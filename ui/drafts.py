"""The officer's kept drafts, read apart from the editor: the outage message (``ui.context``)
shows them, and the editor (``ui.checklist_editor``) imports ``ui.context``, so this module
stands below both."""

from __future__ import annotations

import streamlit as st

from ui import checklists_state as keys
from ui import state


def tab_username() -> str | None:
    """The user name of this tab's last signed-in run (``ui.auth`` keeps it under ``state.USER``)."""
    return getattr(st.session_state.get(state.USER), "username", None)


def kept_texts() -> list[str]:
    """The typed text of this tab's kept drafts (note, owner, link), for the outage message,
    only while the tab's last user is who typed it."""
    if st.session_state.get(keys.DRAFT_OWNER) not in (None, tab_username()):
        return []
    drafts = [st.session_state[k] for k in sorted(map(str, st.session_state.keys())) if k.startswith(keys.DRAFT_PREFIX)]
    texts = [
        "\n".join(str(d[f]) for f in ("owner_agency", "owner_person", "note", "evidence_url") if d.get(f))
        for d in drafts
        if d
    ]
    return [text for text in texts if text]
