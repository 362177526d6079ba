"""Issue 14, finding 5 (regression of the per-pair throttle): one client spraying many user
names, a few wrong passwords each, is slowed as a whole, with doubling waits; the right
password of a user from another client is never refused for it. On SQLite and PostgreSQL."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import SYSTEM
from auth.throttle import BASE_DELAY_S, CLIENT_FREE_FAILURES, FREE_FAILURES, WINDOW_S
from store import users
from store.users import LoginAttempt, LoginRefused, TooManyAttempts, authenticate, clear_throttle

T0 = datetime(2026, 10, 1, 2, 0, tzinfo=UTC)
SPRAYER, OFFICE = "203.0.113.7", "10.1.1.20"
PASSWORD = "river-bank-112"


@pytest.fixture
def accounts(engine):
    users.create_user(
        engine, SYSTEM, "somchai", "Somchai", "officer", PASSWORD, agencies=("local_gov",), districts=("3401",)
    )
    return engine


def spray(
    engine, count: int, start: datetime, *, client: str = SPRAYER, step_s: float = 1.0, prefix: str = "guess"
) -> datetime:
    """``count`` wrong passwords from ``client``, each under a new user name (so no
    (user name, client) pair reaches its own limit); returns the time of the last one."""
    at = start
    for n in range(count):
        at = start + timedelta(seconds=n * step_s)
        with pytest.raises(LoginRefused) as refused:
            authenticate(engine, f"{prefix}{n:03d}", "123456", client=client, now=at)
        assert not isinstance(refused.value, TooManyAttempts), n
    return at


def test_a_client_spraying_user_names_has_to_wait_even_with_a_right_password(accounts):
    last = spray(accounts, CLIENT_FREE_FAILURES, T0)
    assert CLIENT_FREE_FAILURES > FREE_FAILURES  # no pair made enough failures to wait on its own
    with pytest.raises(TooManyAttempts) as wait:
        authenticate(accounts, "somchai", PASSWORD, client=SPRAYER, now=last + timedelta(seconds=1))
    assert wait.value.retry_after_s == pytest.approx(BASE_DELAY_S - 1)


def test_below_the_client_limit_nothing_waits(accounts):
    """The control of the test above: one failure fewer and the right password signs in."""
    last = spray(accounts, CLIENT_FREE_FAILURES - 1, T0)
    assert (
        authenticate(accounts, "somchai", PASSWORD, client=SPRAYER, now=last + timedelta(seconds=1)).username
        == "somchai"
    )


def test_the_clients_wait_doubles_with_each_further_failure(accounts):
    last = spray(accounts, CLIENT_FREE_FAILURES, T0)
    waits = []
    for extra in range(3):
        with pytest.raises(TooManyAttempts) as early:  # right after the last failure: refused, not counted
            authenticate(accounts, f"late{extra}", "123456", client=SPRAYER, now=last)
        waits.append(early.value.retry_after_s)
        after = last + timedelta(seconds=early.value.retry_after_s)
        with pytest.raises(LoginRefused) as checked:
            authenticate(accounts, f"late{extra}", "123456", client=SPRAYER, now=after)
        assert not isinstance(checked.value, TooManyAttempts)
        last = after
    assert waits == [BASE_DELAY_S, 2 * BASE_DELAY_S, 4 * BASE_DELAY_S]


def test_the_sprayers_wait_never_refuses_the_user_from_another_client(accounts):
    last = spray(accounts, CLIENT_FREE_FAILURES, T0)
    with pytest.raises(TooManyAttempts):
        authenticate(accounts, "somchai", PASSWORD, client=SPRAYER, now=last)
    assert authenticate(accounts, "somchai", PASSWORD, client=OFFICE, now=last).username == "somchai"
    with pytest.raises(LoginRefused) as wrong:  # a typo from the office is checked, not throttled
        authenticate(accounts, "somchai", "river-bank-113", client=OFFICE, now=last)
    assert not isinstance(wrong.value, TooManyAttempts)


def test_refusals_while_waiting_are_logged_and_recorded_but_do_not_lengthen_the_wait(accounts, caplog):
    last = spray(accounts, CLIENT_FREE_FAILURES, T0)
    caplog.set_level(logging.WARNING, logger="store")
    for n in range(10):
        with pytest.raises(TooManyAttempts):
            authenticate(accounts, f"more{n}", "123456", client=SPRAYER, now=last + timedelta(seconds=n))
    assert sum("reason=client_throttled" in r.getMessage() and SPRAYER in r.getMessage() for r in caplog.records) == 10
    with Session(accounts) as session:
        reasons = session.scalars(select(LoginAttempt.reason).where(LoginAttempt.client == SPRAYER)).all()
    assert reasons.count("client_throttled") == 10 and reasons.count("unknown_user") == CLIENT_FREE_FAILURES
    after = last + timedelta(seconds=BASE_DELAY_S)  # the first wait, not lengthened by the ten refusals
    with pytest.raises(LoginRefused) as checked:
        authenticate(accounts, "more99", "123456", client=SPRAYER, now=after)
    assert not isinstance(checked.value, TooManyAttempts)


def test_failures_older_than_the_window_and_cleared_ones_do_not_count(accounts):
    last = spray(accounts, CLIENT_FREE_FAILURES, T0)
    later = last + timedelta(seconds=WINDOW_S)  # the first failure is now out of the window
    assert authenticate(accounts, "somchai", PASSWORD, client=SPRAYER, now=later).username == "somchai"
    last = spray(accounts, CLIENT_FREE_FAILURES, later + timedelta(hours=2), prefix="again")
    assert clear_throttle(accounts, SYSTEM, "again000", client=SPRAYER, now=last) == 1
    assert (
        authenticate(accounts, "somchai", PASSWORD, client=SPRAYER, now=last + timedelta(seconds=1)).username
        == "somchai"
    )
