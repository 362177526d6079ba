"""Session-state and widget keys of the checklist, my-items and account pages."""

AUTH_TOKEN = "auth_session_token"      # the session token of a local sign-in
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


def edit_key(field: str, item_id: int) -> str:
    """Key of one editor widget of one item (``cl_edit_<field>_<id>``)."""
    return f"cl_edit_{field}_{item_id}"


def conflict_key(item_id: int) -> str:
    """Where the page keeps the newer state that beat this user's edit."""
    return f"cl_conflict_{item_id}"
OPEN_EVENT_FORM = "cl_open_event_form"
OPEN_EVENT_NAME = "cl_open_event_name"
OPEN_EVENT_DISTRICTS = "cl_open_event_districts"
OPEN_EVENT_SUBMIT = "cl_open_event_submit"
EVALUATE_TRIGGERS = "cl_evaluate_triggers"
