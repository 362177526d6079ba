"""Retry a database write across a short outage (a restart, a fail-over).

Only ``OperationalError`` / ``InterfaceError`` (connection refused, server closed the
connection, admin shutdown) are retried; anything else is the caller's. A write is safe
to retry when it is idempotent or guarded: checklist updates carry the version the
officer saw, so a retry of an update that did commit before the connection broke
raises ``StaleEdit`` showing the officer's own change instead of writing it twice.

    state = with_db_retry(lambda: checklist_items.update_item(engine, user, item, version, state="done"))
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

T = TypeVar("T")
RETRYABLE = (OperationalError, InterfaceError)
log = logging.getLogger(__name__)


class DatabaseUnavailable(Exception):
    """The database did not come back within the retries; nothing was written by this call
    unless the last attempt's commit reached the server (a guarded write can tell)."""


def is_database_down(exc: BaseException) -> bool:
    """True for a database that cannot be reached now (refused, closed, shut down, dropped,
    retries used up), as opposed to a fault of the query or the schema. A reader that turns a
    fault into "no data" must let these through, so the page says the database is down."""
    if isinstance(exc, (*RETRYABLE, DatabaseUnavailable)):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def with_db_retry(fn: Callable[[], T], *, attempts: int = 5, wait_s: float = 1.0, max_wait_s: float = 8.0) -> T:
    """``fn()``, retried with doubling waits (``wait_s`` .. ``max_wait_s``) while the database
    is unreachable; raises ``DatabaseUnavailable`` after ``attempts`` tries."""
    if attempts < 1:
        raise ValueError(f"attempts={attempts!r}; at least 1 is needed")
    delay = wait_s
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except RETRYABLE as exc:
            if attempt == attempts:
                raise DatabaseUnavailable(
                    f"database unavailable after {attempts} attempts: {exc.__class__.__name__}"
                ) from exc
            log.warning(
                "database unavailable (%s); retry %d of %d in %.1f s",
                exc.__class__.__name__,
                attempt,
                attempts - 1,
                delay,
            )
            time.sleep(delay)
            delay = min(delay * 2, max_wait_s)
    raise AssertionError("unreachable")
