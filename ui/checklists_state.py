"""Session-state and widget keys of the checklist, my-items and account pages."""

AUTH_TOKEN = "auth_session_token"  # the session token of a local sign-in
LOGIN_FORM = "auth_login_form"
LOGIN_USERNAME = "auth_login_username"
LOGIN_PASSWORD = "auth_login_password"
LOGIN_SUBMIT = "auth_login_submit"
LOGOUT = "auth_logout"
LOGOUT_PAGE = "auth_logout_page"
OIDC_LOGIN = "auth_oidc_login"

# query parameters (shareable filters of the board)
Q_EVENT = "event"
Q_PHASE = "phase"
Q_DISTRICT = "district"
Q_AGENCY = "agency"
Q_STATE = "state"
Q_OVERDUE = "overdue"

EVENT = "cl_event"
PHASE = "cl_phase"
DISTRICT = "cl_district"
AGENCY = "cl_agency"
STATE_FILTER = "cl_state"
OVERDUE_ONLY = "cl_overdue"
HISTORY_ITEM = "cl_history_item"
GROUP_BY = "cl_group_by"
SAVED_MESSAGE = "cl_saved_message"
MY_EVENT = "cl_my_event"
LAST_ITEM = "cl_last_item"  # the item last picked (a page switch drops the select box's key)
LAST_EVENT = "cl_last_event"  # the event last picked, likewise


def edit_key(field: str, item_id: int) -> str:
    """Key of one editor widget of one item (``cl_edit_<field>_<id>``)."""
    return f"cl_edit_{field}_{item_id}"


def conflict_key(item_id: int) -> str:
    """Where the page keeps the newer state that beat this user's edit."""
    return f"cl_conflict_{item_id}"


# Not widget keys, so Streamlit keeps them across runs that do not draw the editor.
DRAFT_PREFIX = "cl_draft_"


DRAFT_OWNER = "cl_drafts_owner"  # the user name whose typing the drafts are: shown to nobody else


def base_key(item_id: int) -> str:
    """The stored values and version the item's editor shows ({"version", "values"})."""
    return f"cl_base_{item_id}"


def draft_key(item_id: int) -> str:
    """The fields of the item the officer changed and submitted but that are not saved yet."""
    return f"{DRAFT_PREFIX}{item_id}"


def saved_item(key: str) -> int | None:
    """The item id of an editor's save-button key (``edit_key("save", id)``), else None."""
    prefix = edit_key("save", 0)[:-1]
    tail = key[len(prefix) :] if key.startswith(prefix) else ""
    return int(tail) if tail.isdigit() else None


OPEN_EVENT_FORM = "cl_open_event_form"
OPEN_EVENT_NAME = "cl_open_event_name"
OPEN_EVENT_DISTRICTS = "cl_open_event_districts"
OPEN_EVENT_SUBMIT = "cl_open_event_submit"
EVALUATE_TRIGGERS = "cl_evaluate_triggers"

# an item's own page (deep link): /checklists?event=E&item=N&view=item
Q_ITEM = "item"
Q_VIEW = "view"
VIEW_ITEM = "item"
ITEM_PAGE_BACK = "cl_item_page_back"
