"""Who may do what. Permission checks live in the write paths (store functions call
``require``), never only in hidden buttons.

Roles: ``viewer`` (read only: governor's office, meeting-room screen), ``officer``
(updates items and figures of their agencies/districts), ``admin`` (templates, events,
users, everything an officer may do anywhere).
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("viewer", "officer", "admin")

# action -> roles allowed to do it (scope is checked separately for officers)
ACTIONS: dict[str, tuple[str, ...]] = {
    "checklist.update": ("officer", "admin"),
    "checklist.admin": ("admin",),
    "impact.write": ("officer", "admin"),
    "shelter.write": ("officer", "admin"),
    "flood_extent.write": ("officer", "admin"),
    "boundaries.write": ("admin",),
    "briefing.save": ("officer", "admin"),
    "user.admin": ("admin",),
    "alerts.admin": ("admin",),  # anyone's subscriptions, defaults, supervisors, the outbox, resend
    "public.propose": ("officer", "admin"),  # propose the public summary for broadcast
    "public.approve": ("admin",),  # approve it (a second admin when it raises the level)
}


class PermissionDenied(Exception):
    """The user may not do this; the message says who, what and why."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    agencies: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()  # DOPA district codes; empty = the whole province

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"role {self.role!r} is not one of {', '.join(ROLES)}")


SYSTEM = User("system", "Flood Room (automatic)", "admin")


def require(user: User | None, action: str, *, district_code: str | None = None, agency: str | None = None) -> User:
    """Return ``user`` if it may do ``action`` (in ``district_code`` / for ``agency``);
    raise ``PermissionDenied`` otherwise. ``None`` (not signed in) may do nothing."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; known: {', '.join(sorted(ACTIONS))}")
    if user is None:
        raise PermissionDenied(f"sign in to do {action}")
    if user.role not in ACTIONS[action]:
        raise PermissionDenied(
            f"{user.username} ({user.role}) may not do {action}; allowed roles: {', '.join(ACTIONS[action])}"
        )
    if user.role == "officer":
        if district_code and user.districts and district_code not in user.districts:
            raise PermissionDenied(
                f"{user.username} may not do {action} in district {district_code}; their districts: "
                f"{', '.join(user.districts)}"
            )
        if agency and user.agencies and agency not in user.agencies:
            raise PermissionDenied(
                f"{user.username} may not do {action} for agency {agency}; their agencies: {', '.join(user.agencies)}"
            )
    return user


# The read-only identity of a trusted screen when settings.allow_anonymous_viewer is on.
ANONYMOUS = User("anonymous", "Viewer (not signed in)", "viewer")


def can(user: User | None, action: str, *, district_code: str | None = None, agency: str | None = None) -> bool:
    """``require`` as a yes/no, for deciding what to show (the write path still calls ``require``)."""
    try:
        user = require(user, action, district_code=district_code, agency=agency)
    except PermissionDenied:
        return False
    return True


def require_scope(user: User | None, action: str, *, district_code: str | None, agency: str | None = None) -> User:
    """``require`` for one record: of ``district_code``, or of the whole province when it is
    None. A province-wide record (the flood-extent layer, a checklist item with no district)
    needs an admin or an officer without a district limit; an officer with agencies writes
    only records of those agencies (``agency``), province-wide or not."""
    user = require(user, action, district_code=district_code, agency=agency)
    if district_code is None and user.role == "officer" and user.districts:
        raise PermissionDenied(
            f"{user.username} may not do {action} on a province-wide record: it needs an admin or an officer "
            f"without a district limit; their districts: {', '.join(user.districts)}"
        )
    return user


def can_scope(user: User | None, action: str, *, district_code: str | None, agency: str | None = None) -> bool:
    """``require_scope`` as a yes/no, for deciding what to show."""
    try:
        user = require_scope(user, action, district_code=district_code, agency=agency)
    except PermissionDenied:
        return False
    return True
