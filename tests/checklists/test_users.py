"""Accounts: Argon2 hashes, rate-limited attempts, expiring sessions, admin-only writes."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import ANONYMOUS, SYSTEM, PermissionDenied, User, throttle
from auth.passwords import WeakPassword, hash_password, verify_password
from store import users
from store.base import utcnow

PW = "river-bank-112"
ROOT = Path(__file__).resolve().parents[2]


def _officer(engine, name="somchai", **kw):
    return users.create_user(
        engine, SYSTEM, name, "Somchai P.", "officer", PW, agencies=("ddpm",), districts=("3401",), **kw
    )


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


@pytest.mark.parametrize(
    "bad, message",
    [
        (dict(username="Bad Name!"), "user name 'bad name!'"),
        (dict(role="governor"), "role 'governor' is not one of viewer, officer, admin"),
        (dict(districts=("34",)), "district '34'"),
    ],
)
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


def _fail(engine, n, *, client, at, user="somchai"):
    for i in range(n):
        with pytest.raises(users.LoginRefused) as info:
            users.authenticate(engine, user, f"wrong-{i}-xxxxx", client=client, now=at + timedelta(seconds=i))
        assert not isinstance(info.value, users.TooManyAttempts)


def test_wrong_passwords_from_one_client_do_not_lock_out_the_user_elsewhere(engine):
    """Issue 14, finding 5: twenty wrong passwords used to lock the real user out for 15 min."""
    _officer(engine)
    now = utcnow()
    _fail(engine, users.MAX_FAILURES, client="203.0.113.66", at=now)
    for i in range(15):  # the attacker keeps trying: each attempt is refused and recorded
        with pytest.raises(users.TooManyAttempts):
            users.authenticate(
                engine, "somchai", f"guess-{i}-xxxxx", client="203.0.113.66", now=now + timedelta(seconds=10 + i)
            )
    assert (
        users.authenticate(engine, "somchai", PW, client="10.1.1.20", now=now + timedelta(seconds=30)).username
        == "somchai"
    )


def test_failures_make_the_pair_wait_longer_and_longer(engine):
    _officer(engine)
    now, client = utcnow(), "10.1.1.20"
    _fail(engine, users.MAX_FAILURES, client=client, at=now)
    last = now + timedelta(seconds=users.MAX_FAILURES - 1)
    with pytest.raises(users.TooManyAttempts) as info:  # the right password too: this client waits
        users.authenticate(engine, "somchai", PW, client=client, now=last + timedelta(seconds=1))
    assert info.value.retry_after_s == pytest.approx(throttle.BASE_DELAY_S - 1)
    after_first = last + timedelta(seconds=throttle.BASE_DELAY_S)
    _fail(engine, 1, client=client, at=after_first)
    with pytest.raises(users.TooManyAttempts) as info:
        users.authenticate(engine, "somchai", PW, client=client, now=after_first + timedelta(seconds=1))
    assert info.value.retry_after_s == pytest.approx(2 * throttle.BASE_DELAY_S - 1)
    ok_at = after_first + timedelta(seconds=2 * throttle.BASE_DELAY_S)
    assert users.authenticate(engine, "somchai", PW, client=client, now=ok_at).username == "somchai"
    _fail(engine, 1, client=client, at=ok_at + timedelta(seconds=1))  # a success starts the count again
    assert (
        users.authenticate(engine, "somchai", PW, client=client, now=ok_at + timedelta(seconds=3)).username == "somchai"
    )
    with Session(engine) as s:
        assert len(s.scalars(select(users.LoginAttempt)).all()) == users.MAX_FAILURES + 6


@pytest.mark.parametrize("failures, wait", [(0, 0), (4, 0), (5, 30), (6, 60), (9, 480), (10, 900), (40, 900)])
def test_wait_doubles_after_the_free_failures_up_to_15_minutes(failures, wait):
    assert throttle.delay_after(failures) == wait


def test_every_refusal_is_recorded_and_logged_with_user_client_and_reason(engine, caplog):
    _officer(engine)
    users.create_user(engine, SYSTEM, "gone", "Gone", "viewer", PW)
    users.set_active(engine, SYSTEM, "gone", False)
    now = utcnow()
    caplog.set_level("WARNING", logger="store")
    for name, password in (("nobody", PW), ("gone", PW), ("somchai", "wrong-pass-1")):
        with pytest.raises(users.LoginRefused):
            users.authenticate(engine, name, password, client="10.9.9.9", now=now)
    _fail(engine, users.MAX_FAILURES - 1, client="10.9.9.9", at=now)  # with the one above: the free failures
    with pytest.raises(users.TooManyAttempts):
        users.authenticate(engine, "somchai", PW, client="10.9.9.9", now=now + timedelta(seconds=10))
    with Session(engine) as s:
        reasons = [
            (a.username, a.client, a.reason, a.ok)
            for a in s.scalars(select(users.LoginAttempt).order_by(users.LoginAttempt.id))
        ]
    assert reasons[:3] == [
        ("nobody", "10.9.9.9", "unknown_user", False),
        ("gone", "10.9.9.9", "disabled", False),
        ("somchai", "10.9.9.9", "wrong_password", False),
    ]
    assert reasons[-1] == ("somchai", "10.9.9.9", "throttled", False)
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("store.")]
    assert logged[0] == "sign-in refused: user='nobody' client='10.9.9.9' reason=unknown_user"
    assert logged[-1] == "sign-in refused: user='somchai' client='10.9.9.9' reason=throttled"
    assert len(logged) == 3 + users.MAX_FAILURES - 1 + 1


def test_an_admin_clears_a_throttle(engine, caplog):
    _officer(engine)
    now, client = utcnow(), "10.1.1.20"
    _fail(engine, users.MAX_FAILURES, client=client, at=now)
    at = now + timedelta(seconds=20)
    assert [(t["username"], t["client"], t["failures"]) for t in users.list_throttles(engine, now=at)] == [
        ("somchai", client, users.MAX_FAILURES)
    ]
    with pytest.raises(PermissionDenied):
        users.clear_throttle(engine, User("somchai", "S", "officer"), "somchai")
    caplog.set_level("WARNING", logger="store")
    assert users.clear_throttle(engine, SYSTEM, "somchai", now=at) == users.MAX_FAILURES
    assert "sign-in throttle cleared: user='somchai' client=None by=system failures=5" in caplog.messages
    assert users.list_throttles(engine, now=at) == []
    assert users.authenticate(engine, "somchai", PW, client=client, now=at + timedelta(seconds=1)).username == "somchai"


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


def test_the_product_hashes_with_the_production_parameters():
    """The tests swap in a cheap hasher (tests/conftest.py); a process of the product's own
    hashes with argon2-cffi's defaults."""
    from argon2 import PasswordHasher

    code = (
        "from auth.passwords import _HASHER, _PRODUCTION, hash_password;"
        "print(_HASHER is _PRODUCTION, hash_password('river-bank-112'))"
    )
    same, stored = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    default = PasswordHasher()
    assert same == "True"
    assert f"$m={default.memory_cost},t={default.time_cost},p={default.parallelism}$" in stored


def test_a_new_password_ends_every_session_of_the_user(engine):
    """Issue 14, finding 4: a reset password must sign the user out everywhere."""
    user = _officer(engine)
    tokens = [users.start_session(engine, user, 3600) for _ in range(2)]
    other = users.start_session(engine, users.create_user(engine, SYSTEM, "malee", "Malee", "officer", PW), 3600)
    users.set_password(engine, SYSTEM, "somchai", "another-pass-1")
    assert [users.session_user(engine, t) for t in tokens] == [None, None]
    assert users.session_user(engine, other).username == "malee"


def test_an_exchange_code_gives_its_session_token_once_and_in_time(engine):
    user = _officer(engine)
    now = utcnow()
    token = users.start_session(engine, user, 3600, now=now)
    code = users.create_exchange_code(engine, token, now=now)
    with Session(engine) as s:
        stored = s.scalars(select(users.ExchangeCode)).one()
    assert token not in stored.sealed_token and code not in stored.code_hash
    token_back, expires = users.redeem_exchange_code(engine, code, now=now + timedelta(seconds=5))
    assert token_back == token and abs((expires - (now + timedelta(seconds=3600))).total_seconds()) < 1
    assert users.redeem_exchange_code(engine, code, now=now + timedelta(seconds=6)) is None  # used up
    late = users.create_exchange_code(engine, token, now=now)
    assert users.redeem_exchange_code(engine, late, now=now + timedelta(seconds=users.EXCHANGE_TTL_S + 1)) is None
    ended = users.create_exchange_code(engine, token, now=now)
    users.end_session(engine, token)
    assert users.redeem_exchange_code(engine, ended, now=now + timedelta(seconds=1)) is None
    assert users.redeem_exchange_code(engine, "made-up-code", now=now) is None
