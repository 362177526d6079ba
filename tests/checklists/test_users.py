"""Accounts: Argon2 hashes, rate-limited attempts, expiring sessions, admin-only writes."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import ANONYMOUS, SYSTEM, PermissionDenied, User
from auth.passwords import WeakPassword, hash_password, verify_password
from store import users
from store.base import utcnow

PW = "river-bank-112"


def _officer(engine, name="somchai", **kw):
    return users.create_user(engine, SYSTEM, name, "Somchai P.", "officer", PW, agencies=("ddpm",), districts=("3401",), **kw)


def test_hash_is_argon2id_and_verifies():
    stored = hash_password(PW)
    assert stored.startswith("$argon2id$")
    assert PW not in stored
    assert verify_password(stored, PW)
    assert not verify_password(stored, PW + "x")
    assert not verify_password("not a hash", PW)
    assert not verify_password(None, PW)


@pytest.mark.parametrize("weak", ["short", "aaaaaaaaaaaa", "abababababab"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(WeakPassword):
        hash_password(weak)


def test_create_and_authenticate(engine):
    created = _officer(engine)
    assert created == User("somchai", "Somchai P.", "officer", ("ddpm",), ("3401",))
    assert users.authenticate(engine, "Somchai", PW) == created
    with pytest.raises(users.LoginRefused):
        users.authenticate(engine, "somchai", "wrong-password-1")
    with pytest.raises(users.LoginRefused):
        users.authenticate(engine, "nobody", PW)
    with Session(engine) as s:
        stored = s.scalar(select(users.UserRow.password_hash))
    assert stored.startswith("$argon2id$")


@pytest.mark.parametrize("actor", [None, ANONYMOUS, User("o", "O", "officer")])
def test_only_admins_create_users(engine, actor):
    with pytest.raises(PermissionDenied):
        users.create_user(engine, actor, "eve", "Eve", "admin", PW)
    assert users.get_user(engine, "eve") is None


@pytest.mark.parametrize("bad, message", [
    (dict(username="Bad Name!"), "user name 'bad name!'"),
    (dict(role="governor"), "role 'governor' is not one of viewer, officer, admin"),
    (dict(districts=("34",)), "district '34'"),
])
def test_bad_account_fields_are_named(engine, bad, message):
    args = dict(username="ok.name", role="officer", districts=())
    args.update(bad)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        users.create_user(engine, SYSTEM, args["username"], "X", args["role"], PW, districts=args["districts"])
    assert users.list_users(engine) == []


def test_duplicate_user_name_is_refused(engine):
    _officer(engine)
    with pytest.raises(ValueError, match="already taken"):
        _officer(engine)


def test_failed_attempts_are_rate_limited_even_with_the_right_password(engine):
    _officer(engine)
    now = utcnow()
    for i in range(users.MAX_FAILURES):
        with pytest.raises(users.LoginRefused) as info:
            users.authenticate(engine, "somchai", f"wrong-{i}-xxxxx", now=now + timedelta(seconds=i))
        assert not isinstance(info.value, users.TooManyAttempts)
    with pytest.raises(users.TooManyAttempts) as info:
        users.authenticate(engine, "somchai", PW, now=now + timedelta(seconds=10))
    assert 0 < info.value.retry_after_s <= users.FAILURE_WINDOW_S
    later = now + timedelta(seconds=users.FAILURE_WINDOW_S + 60)
    assert users.authenticate(engine, "somchai", PW, now=later).username == "somchai"
    with Session(engine) as s:
        assert len(s.scalars(select(users.LoginAttempt)).all()) == users.MAX_FAILURES + 2


def test_one_client_cannot_spray_many_user_names(engine):
    _officer(engine)
    now = utcnow()
    for i in range(users.MAX_FAILURES):
        with pytest.raises(users.LoginRefused):
            users.authenticate(engine, f"guess{i}", "whatever-pass", client="10.0.0.9", now=now)
    with pytest.raises(users.TooManyAttempts):
        users.authenticate(engine, "somchai", PW, client="10.0.0.9", now=now)
    assert users.authenticate(engine, "somchai", PW, client="10.0.0.10", now=now).username == "somchai"


def test_sessions_expire_and_end(engine):
    user = _officer(engine)
    now = utcnow()
    token = users.start_session(engine, user, 3600, now=now)
    assert users.session_user(engine, token, now=now + timedelta(minutes=59)) == user
    assert users.session_user(engine, token, now=now + timedelta(minutes=61)) is None
    assert users.session_user(engine, "forged-token") is None
    assert users.session_user(engine, None) is None
    token2 = users.start_session(engine, user, 3600)
    users.end_session(engine, token2)
    assert users.session_user(engine, token2) is None
    with Session(engine) as s:
        assert token not in {r.token_hash for r in s.scalars(select(users.SessionRow))}


def test_disabling_a_user_ends_their_sessions(engine):
    user = _officer(engine)
    token = users.start_session(engine, user, 3600)
    users.set_active(engine, SYSTEM, "somchai", False)
    assert users.session_user(engine, token) is None
    with pytest.raises(users.LoginRefused):
        users.authenticate(engine, "somchai", PW)


def test_password_change_by_self_or_admin_only(engine):
    _officer(engine)
    other = User("other", "Other", "officer")
    with pytest.raises(PermissionDenied):
        users.set_password(engine, other, "somchai", "another-pass-1")
    users.set_password(engine, User("somchai", "S", "officer"), "somchai", "another-pass-1")
    assert users.authenticate(engine, "somchai", "another-pass-1").username == "somchai"


def test_production_hasher_uses_the_library_defaults():
    from argon2 import PasswordHasher, Type

    import auth.passwords

    assert auth.passwords._PRODUCTION.time_cost == PasswordHasher().time_cost >= 2
    assert auth.passwords._PRODUCTION.memory_cost >= 19 * 1024 and auth.passwords._PRODUCTION.type is Type.ID
