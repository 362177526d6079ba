"""The update form of one checklist item (issue 14, findings 1 and 2).

Streamlit forgets the state of every widget that was not drawn in a run (another page,
another item, a page stopped by an error or a database outage). So the form's widgets
are never the memory of anything: before each draw they are set from

* the **base**: the stored values and the version the form shows, and
* the **draft**: the fields the officer changed and submitted but that are not saved yet
  (a database outage, a conflict, a refused value),

both kept under non-widget keys (``checklists_state.base_key`` / ``draft_key``), which
Streamlit keeps. A save sends only the draft's fields; the version check in
``store.checklist_items.update_item`` still refuses an edit of a changed item.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

import streamlit as st
from sqlalchemy.engine import Engine

from auth import PermissionDenied, User, can_scope
from domain.checklists import STATES, InvalidTransition
from i18n import t
from i18n.timefmt import BANGKOK, format_datetime
from ops.retry import DatabaseUnavailable, with_db_retry
from store import checklist_items, checklist_rows
from store import checklists as store
from ui import checklists_state as keys
from ui.checklist_item import render_item_header, render_item_history
from ui.checklists import clear_caches, load_items
from ui.drafts import tab_username
from ui.layout import be_date_caption
from ui.text import plain

FIELDS = ("state", "owner_agency", "owner_person", "has_due", "due_date", "due_time", "note", "evidence_url")
_TEXT_FIELDS = ("state", "owner_agency", "owner_person", "note", "evidence_url")
_DUE_FIELDS = ("has_due", "due_date", "due_time")


def _values_of(item: checklist_rows.ItemState) -> dict:
    """The form's values for a stored item (times in Bangkok; a default due time when none)."""
    due = item.due_at.astimezone(BANGKOK) if item.due_at else None
    return {
        "state": item.state,
        "owner_agency": item.owner_agency or "",
        "owner_person": item.owner_person or "",
        "has_due": due is not None,
        "due_date": due.date() if due else datetime.now(BANGKOK).date(),
        "due_time": due.time().replace(second=0, microsecond=0) if due else time(18, 0),
        "note": item.note or "",
        "evidence_url": item.evidence_url or "",
    }


def _stash_draft(item_id: int) -> None:
    """Keep the submitted form's changes (against the base) as the item's draft."""
    base = st.session_state.get(keys.base_key(item_id))
    widget_keys = [keys.edit_key(f, item_id) for f in FIELDS]
    if base is None or any(k not in st.session_state for k in widget_keys):
        return
    draft = {
        f: st.session_state[k]
        for f, k in zip(FIELDS, widget_keys, strict=False)
        if st.session_state[k] != base["values"][f]
    }
    if draft:
        st.session_state[keys.draft_key(item_id)] = draft
        # the user who drew this form (the last run's): a session that ends now keeps the text for them alone
        st.session_state[keys.DRAFT_OWNER] = tab_username()
    else:
        st.session_state.pop(keys.draft_key(item_id), None)


def forget_drafts_of_others(user: User | None) -> None:
    """Drop every kept draft (and the form's memory of its item) when ``user`` is signed in and
    is not who typed them: a session that ended keeps the text for the same officer only."""
    owner = st.session_state.get(keys.DRAFT_OWNER)
    if user is None or owner is None or owner == user.username:
        return
    for key in list(st.session_state.keys()):
        if str(key).startswith((keys.DRAFT_PREFIX, keys.base_key(0)[:-1], keys.conflict_key(0)[:-1])):
            del st.session_state[key]
    st.session_state.pop(keys.DRAFT_OWNER, None)


def keep_submitted_drafts() -> None:
    """Stash every editor form submitted in this run as its item's draft, before anything
    touches the database: ``dashboard.py`` calls it first, so an outage that stops the
    sidebar or the page before the editor runs cannot lose what the officer typed."""
    for key in list(st.session_state.keys()):
        item_id = keys.saved_item(str(key))
        if item_id is not None and st.session_state.get(key) is True:
            _stash_draft(item_id)


def drafts_kept() -> int:
    """How many items have changes that are not saved yet (for the outage message)."""
    return sum(1 for key in st.session_state if str(key).startswith(keys.DRAFT_PREFIX) and st.session_state[key])


def _rebase(item: checklist_rows.ItemState) -> None:
    """The form now shows ``item``'s version; the draft keeps only what still differs."""
    values = _values_of(item)
    draft = {f: v for f, v in st.session_state.get(keys.draft_key(item.id), {}).items() if v != values[f]}
    st.session_state[keys.base_key(item.id)] = {"version": item.version, "values": values}
    if draft:
        st.session_state[keys.draft_key(item.id)] = draft
    else:
        st.session_state.pop(keys.draft_key(item.id), None)


def _prepare_widgets(item: checklist_rows.ItemState) -> dict:
    """Set the widgets to the base overlaid with the draft; returns the base.

    Without a draft the base follows the stored item. With a draft, a newer stored
    version (someone else saved) is a conflict: their values for the untouched fields,
    the officer's for the rest, and a warning."""
    keep_submitted_drafts()
    base = st.session_state.get(keys.base_key(item.id))
    draft = st.session_state.get(keys.draft_key(item.id))
    submitting = st.session_state.get(keys.edit_key("save", item.id)) is True
    if base is None or not draft:
        _rebase(item)
    elif base["version"] != item.version and not submitting:  # a save goes on to meet the version check
        _rebase(item)
        st.session_state[keys.conflict_key(item.id)] = item
    base = st.session_state[keys.base_key(item.id)]
    shown = {**base["values"], **st.session_state.get(keys.draft_key(item.id), {})}
    for field, value in shown.items():
        key = keys.edit_key(field, item.id)
        if key not in st.session_state or st.session_state[key] != value:
            st.session_state[key] = value
    return base


def _due_at(values: dict) -> datetime | None:
    if not values["has_due"]:
        return None
    return datetime.combine(values["due_date"], values["due_time"], BANGKOK).astimezone(UTC)


def changes_to_save(base: dict, draft: dict) -> dict:
    """The store's keyword arguments for a draft: only the fields the officer changed."""
    changes = {f: draft[f] for f in _TEXT_FIELDS if f in draft}
    if any(f in draft for f in _DUE_FIELDS):
        due = _due_at({**base["values"], **draft})
        if due != _due_at(base["values"]):
            changes["due_at"] = due
    return changes


def _show_conflict(item_id: int, lang: str) -> None:
    newer: checklist_rows.ItemState | None = st.session_state.get(keys.conflict_key(item_id))
    if newer is None:
        return
    st.warning(
        t(
            "checklists.conflict",
            lang,
            name=plain(newer.updated_by_name),
            time=format_datetime(newer.updated_at, lang, seconds=True),
        ),
        icon="⚠️",
    )
    owner = " / ".join(x for x in (newer.owner_agency, newer.owner_person) if x) or "–"
    st.text(t("checklists.conflict_state", lang, state=t(f"checklists.state.{newer.state}", lang), owner=owner))
    st.text(newer.note or "–")


def _show_draft(item_id: int, lang: str) -> None:
    """Say that the form shows unsaved changes, with a way to drop them."""
    if not st.session_state.get(keys.draft_key(item_id)):
        return
    st.info(t("checklists.draft_shown", lang), icon=":material/edit_note:")
    if st.button(t("checklists.draft_discard", lang), key=keys.edit_key("discard", item_id)):
        st.session_state.pop(keys.draft_key(item_id), None)
        st.session_state.pop(keys.conflict_key(item_id), None)
        st.rerun()


def _draw_form(item_id: int, lang: str) -> bool:
    with st.form(f"cl_form_{item_id}"):
        st.markdown(f"**{t('checklists.edit_heading', lang)}**")
        st.selectbox(
            t("checklists.field.state", lang),
            STATES,
            format_func=lambda s: t(f"checklists.state.{s}", lang),
            key=keys.edit_key("state", item_id),
        )
        cols = st.columns(2)
        cols[0].text_input(
            t("checklists.field.owner_agency", lang), key=keys.edit_key("owner_agency", item_id), max_chars=200
        )
        cols[1].text_input(
            t("checklists.field.owner_person", lang), key=keys.edit_key("owner_person", item_id), max_chars=200
        )
        st.checkbox(t("checklists.field.has_due", lang), key=keys.edit_key("has_due", item_id))
        cols = st.columns(2)
        with cols[0]:
            st.date_input(t("checklists.field.due_date", lang), key=keys.edit_key("due_date", item_id))
            be_date_caption(st.session_state.get(keys.edit_key("due_date", item_id)), lang)
        time_key = keys.edit_key("due_time", item_id)
        # a list to tap through, not a box to type a time into with a thumb
        cols[1].selectbox(
            t("checklists.field.due_time", lang),
            due_time_options(st.session_state.get(time_key)),
            format_func=lambda v: v.strftime("%H:%M"),
            key=time_key,
        )
        st.text_area(t("checklists.field.note", lang), key=keys.edit_key("note", item_id), max_chars=4000)
        st.text_input(t("checklists.field.evidence", lang), key=keys.edit_key("evidence_url", item_id))
        return st.form_submit_button(
            t("checklists.save", lang), key=keys.edit_key("save", item_id), type="primary", width="stretch"
        )


def due_time_options(current: time | None) -> list[time]:
    """Every half hour of the day, plus ``current`` (a stored time off the half hour) in its place."""
    grid = {time(h, m) for h in range(24) for m in (0, 30)}
    return sorted(grid | ({current} if isinstance(current, time) else set()))


def render_editor(item_id: int, engine: Engine, user: User | None, lang: str) -> None:
    """The update form; permission is checked again by ``store.checklist_items.update_item``."""
    item = store.get_item(engine, item_id)
    if not can_scope(user, "checklist.update", district_code=item.district_code, agency=item.agency):
        st.info(t("checklists.read_only", lang))
        return
    forget_drafts_of_others(user)
    base = _prepare_widgets(item)
    _show_conflict(item_id, lang)
    _show_draft(item_id, lang)
    if _draw_form(item_id, lang):
        _save(item_id, base, engine, user, lang)
    if message := st.session_state.pop(keys.SAVED_MESSAGE, None):
        # under the Save button, where the thumb is (above the form it was off the top of a phone)
        st.success(message, icon=":material/check_circle:")
        st.toast(t("phone.saved_toast", lang), icon=":material/check_circle:")  # seen wherever the page is scrolled


def render_item_section(
    row, engine: Engine, database_url: str, user: User | None, province_code: str, lang: str
) -> None:
    """One item: what it is, then the update form, then its history (on a phone the form
    comes before the history, not after the whole of it)."""
    render_item_header(row, province_code, lang)
    left, right = st.columns([2, 3])
    with left:
        render_editor(int(row["id"]), engine, user, lang)
    with right:
        render_item_history(row, engine, database_url, lang)


def _save(item_id: int, base: dict, engine: Engine, user: User | None, lang: str) -> None:
    changes = changes_to_save(base, st.session_state.get(keys.draft_key(item_id), {}))
    try:
        # the version guard makes a retry safe: a write that did reach the database comes back
        # as a StaleEdit
        saved = with_db_retry(
            lambda: checklist_items.update_item(engine, user, item_id, base["version"], **changes), attempts=3
        )
    except DatabaseUnavailable:
        st.error(t("error.db_unavailable_save", lang))
        return
    except checklist_rows.StaleEdit as exc:
        # fields this officer did not touch take the new values; what they typed stays (the draft)
        _rebase(exc.current)
        st.session_state[keys.conflict_key(item_id)] = exc.current
        clear_caches()
        st.rerun()
    except PermissionDenied as exc:
        st.error(t("checklists.refused", lang, error=plain(exc)))
        return
    except (InvalidTransition, ValueError) as exc:
        st.error(t("checklists.invalid", lang, error=plain(exc)))
        return
    st.session_state.pop(keys.conflict_key(item_id), None)
    st.session_state.pop(keys.draft_key(item_id), None)
    st.session_state[keys.base_key(item_id)] = {"version": saved.version, "values": _values_of(saved)}
    st.session_state[keys.SAVED_MESSAGE] = t("checklists.saved", lang, version=saved.version)
    clear_caches()
    st.rerun()


def deep_linked_item(engine: Engine, database_url: str, events) -> tuple[object, str] | None:
    """The item row and its event's province for the URL's ``item`` (any event), or None
    when the URL names no item that exists."""
    wanted = str(st.query_params.get(keys.Q_ITEM, ""))
    if not wanted.isdigit():
        return None
    try:
        event_id = store.get_item(engine, int(wanted)).event_id
    except ValueError:
        return None
    items = load_items(engine, database_url, event_id)
    rows = items[items["id"] == int(wanted)]
    event = events[events["id"] == event_id]
    if rows.empty or event.empty:
        return None
    return rows.iloc[0], str(event.iloc[0]["province_code"])


def render_item_page(engine: Engine, database_url: str, events, user: User | None, lang: str) -> None:
    """The item's own page, what its link (``checklists.item_url``) opens: the item and its
    update form first, the board one tap back; a link to a missing item says so."""
    found = deep_linked_item(engine, database_url, events)
    if st.button(t("phone.all_items", lang), icon=":material/arrow_back:", key=keys.ITEM_PAGE_BACK):
        st.query_params.pop(keys.Q_VIEW, None)
        if found is not None:  # the board opens on the item's event, with the item picked
            st.query_params[keys.Q_EVENT] = str(int(found[0]["event_id"]))
            st.session_state.pop(keys.EVENT, None)
        st.rerun()
    if found is None:
        st.warning(
            t("phone.item_unknown", lang, item=plain(st.query_params.get(keys.Q_ITEM, "–"))), icon=":material/link_off:"
        )
        return
    row, province_code = found
    render_item_section(row, engine, database_url, user, province_code, lang)
