"""How long a (user name, client) pair waits after failed sign-ins (pure).

Issue 14: a lock per user name let anyone lock the real user out by typing wrong passwords
from elsewhere. The wait is now kept per pair: the first ``FREE_FAILURES`` failures cost
nothing, each one after that doubles the wait from ``BASE_DELAY_S`` up to ``MAX_DELAY_S``.
The right password from another client is never refused for what this client did.
Failures older than ``WINDOW_S``, before the pair's last success, or cleared by an admin
do not count (``store.users``)."""
from __future__ import annotations

FREE_FAILURES = 5
BASE_DELAY_S = 30.0
MAX_DELAY_S = 15 * 60.0
WINDOW_S = 60 * 60.0


def delay_after(failures: int) -> float:
    """Seconds to wait after the last of ``failures`` counted failures (0 below the free ones)."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(BASE_DELAY_S * 2 ** (failures - FREE_FAILURES), MAX_DELAY_S)
