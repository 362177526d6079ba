"""Round 2, findings 1 and 7: why a session no longer signs anyone in (on both databases),
so the page can tell the officer why they were signed out."""

from __future__ import annotations

from datetime import timedelta

from auth import SYSTEM
from store import users
from store.base import utcnow

PASSWORD = "river-bank-112"


def _officer(engine):
    return users.create_user(engine, SYSTEM, "somchai", "Somchai", "officer", PASSWORD, districts=("3401",))


def test_a_live_session_has_no_end_reason(engine):
    token = users.start_session(engine, _officer(engine), 3600)
    assert users.session_end_reason(engine, token) is None


def test_each_way_a_session_ends_has_its_reason(engine):
    officer = _officer(engine)
    expired = users.start_session(engine, officer, 60, now=utcnow() - timedelta(hours=1))
    signed_out = users.start_session(engine, officer, 3600)
    users.end_session(engine, signed_out)
    assert users.session_end_reason(engine, expired) == "expired"
    assert users.session_end_reason(engine, signed_out) == "signed_out"
    assert users.session_end_reason(engine, "no-such-token") == "unknown"
    by_password = users.start_session(engine, officer, 3600)
    users.set_password(engine, SYSTEM, "somchai", "a-new-river-pw-5")
    assert users.session_end_reason(engine, by_password) == "password"
    disabled = users.start_session(engine, officer, 3600)
    users.set_active(engine, SYSTEM, "somchai", False)
    assert users.session_end_reason(engine, disabled) == "disabled"


def test_the_page_says_why_the_officer_was_signed_out(app_env):
    from tests.security.conftest import open_page

    at = open_page("pages/overview.py", token=users.start_session(app_env, users.get_user(app_env, "somchai"), 3600))
    assert not at.warning or not any("session ended" in w.value for w in at.warning)
    users.set_active(app_env, SYSTEM, "somchai", False)
    at.run()
    assert not at.exception
    assert any("session ended" in w.value and "disabled this account" in w.value for w in at.warning), [
        w.value for w in at.warning
    ]
    assert at.text_input(key="auth_login_username")  # the sign-in prompt, anonymous viewing being off
