"""How long a (user name, client) pair waits after failed sign-ins (pure).

Issue 14: a lock per user name let anyone lock the real user out by typing wrong passwords
from elsewhere. The wait is now kept per pair: the first ``FREE_FAILURES`` failures cost
nothing, each one after that doubles the wait from ``BASE_DELAY_S`` up to ``MAX_DELAY_S``.
The right password from another client is never refused for what this client did.
Failures older than ``WINDOW_S``, before the pair's last success, or cleared by an admin
do not count (``store.users``).

A client that sprays many user names makes at most a few failures per name, so it is also
slowed as a whole: ``CLIENT_FREE_FAILURES`` failures from one client within ``WINDOW_S``,
whatever the user names, and each further one doubles that client's wait the same way. Only
that client waits: the right password from another client still signs in."""

from __future__ import annotations

FREE_FAILURES = 5
BASE_DELAY_S = 30.0
MAX_DELAY_S = 15 * 60.0
WINDOW_S = 60 * 60.0
CLIENT_FREE_FAILURES = 20


def delay_after(failures: int, free: int = FREE_FAILURES) -> float:
    """Seconds to wait after the last of ``failures`` counted failures (0 below the ``free`` ones)."""
    if failures < free:
        return 0.0
    return min(BASE_DELAY_S * 2 ** (failures - free), MAX_DELAY_S)


def client_delay_after(failures: int) -> float:
    """Seconds a client waits after the last of ``failures`` counted failures under any user names."""
    return delay_after(failures, CLIENT_FREE_FAILURES)
