"""Which page a visitor may open (pure; ``ui.auth.page_allowed`` gathers the facts and
``dashboard.py`` asks it once per run, before ``navigation.run()``, so a page listed in
``dashboard.PAGES`` is covered by being listed)."""

from __future__ import annotations

SIGN_IN_PAGE = "pages/account.py"
WALL_PAGE = "pages/briefing.py"


def may_open(page: str, *, signed_in: bool, anonymous_allowed: bool, screen: bool, screen_token_ok: bool) -> bool:
    """True if the page may be shown.

    With anonymous viewing on, every page opens (each write still checks its role). With it
    off, only the sign-in page opens for a visitor who is not signed in; a valid screen token
    opens the wall screen (the briefing page in screen mode, which has no downloads) and
    nothing else."""
    if anonymous_allowed or signed_in or page == SIGN_IN_PAGE:
        return True
    return screen and screen_token_ok and page == WALL_PAGE


ALERTS_PAGE = "pages/alerts.py"


def alert_parts(role: str | None) -> tuple[str, ...]:
    """The parts of the Alerts page a visitor sees (issue 19): nothing without an account
    (``role`` None; the anonymous viewer has no alerts of its own); everyone signed in their own
    subscriptions and history (``own``); officers and admins may propose the public summary
    (``public``); only admins see the outbox and set the defaults and supervisors."""
    if role is None:
        return ()
    parts: tuple[str, ...] = ("own",)
    if role in ("officer", "admin"):
        parts += ("public",)
    if role == "admin":
        parts += ("outbox", "defaults")
    return parts
