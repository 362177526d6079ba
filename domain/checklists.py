"""Checklist items once an event is open: the state machine (allowed moves, the ones that need
a note), overdue, the board's order, progress per district and one officer's items. Pure
functions; templates and ``instantiate`` are ``domain.checklist_templates``."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from domain.checklist_templates import PHASES

STATES = ("not_started", "in_progress", "done", "blocked", "not_applicable")
CLOSED_STATES = ("done", "not_applicable")

# from -> states it may move to; reopening a closed item needs a note (see NOTE_REQUIRED)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "not_started": ("in_progress", "done", "blocked", "not_applicable"),
    "in_progress": ("not_started", "done", "blocked", "not_applicable"),
    "blocked": ("not_started", "in_progress", "done", "not_applicable"),
    "done": ("in_progress",),
    "not_applicable": ("not_started",),
}
NOTE_REQUIRED = {("*", "blocked"), ("*", "not_applicable"), ("done", "in_progress"), ("not_applicable", "not_started")}


class InvalidTransition(ValueError):
    """A state change the checklist does not allow; the message lists the allowed ones."""


def check_transition(from_state: str, to_state: str, note: str | None) -> None:
    """Raise ``InvalidTransition`` unless ``from_state -> to_state`` is allowed (staying is
    allowed: an edit of owner, due time or note). Some moves need a note."""
    if to_state not in STATES:
        raise InvalidTransition(f"state {to_state!r} is not one of {', '.join(STATES)}")
    if from_state == to_state:
        return
    if to_state not in TRANSITIONS[from_state]:
        raise InvalidTransition(
            f"an item that is {from_state} cannot become {to_state}; allowed: {', '.join(TRANSITIONS[from_state])}"
        )
    if ((from_state, to_state) in NOTE_REQUIRED or ("*", to_state) in NOTE_REQUIRED) and not (note or "").strip():
        raise InvalidTransition(f"moving an item from {from_state} to {to_state} needs a note saying why")


def is_overdue(state: str, due_at: datetime | None, now: datetime) -> bool:
    """Past its due time and neither done nor not applicable."""
    return due_at is not None and not pd.isna(due_at) and due_at < now and state not in CLOSED_STATES


def with_overdue(items: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """``items`` (state, due_at) plus a boolean ``overdue`` column."""
    out = items.copy()
    out["overdue"] = [is_overdue(s, d, now) for s, d in zip(out["state"], out["due_at"], strict=True)]
    return out


def sort_for_board(items: pd.DataFrame) -> pd.DataFrame:
    """Overdue first (the most overdue on top), then by phase order and position."""
    out = items.copy()
    out["_phase"] = out["phase"].map({p: i for i, p in enumerate(PHASES)})
    out["_due"] = pd.to_datetime(out["due_at"], utc=True)
    out = out.sort_values(
        ["overdue", "_due", "_phase", "position"],
        ascending=[False, True, True, True],
        na_position="last",
        kind="stable",
    )
    return out.drop(columns=["_phase", "_due"])


PROGRESS_COLUMNS = [
    "district_code",
    "items",
    "done",
    "not_applicable",
    "blocked",
    "in_progress",
    "overdue",
    "percent_done",
]


def district_progress_frame(items: pd.DataFrame, province_code: str, now: datetime) -> pd.DataFrame:
    """Per district: item counts by state, ``overdue`` count and ``percent_done`` (done out of
    the items that apply, 0-100; NaN when none apply). Province-wide items are under the
    two-digit ``province_code``. Columns: ``PROGRESS_COLUMNS``."""
    if items.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="object" if c == "district_code" else "int64") for c in PROGRESS_COLUMNS}
        ).astype({"percent_done": "float64"})
    frame = with_overdue(items, now)
    district = frame["district_code"].fillna(province_code).astype(str)
    by_state = frame.groupby([district, frame["state"]]).size().unstack(fill_value=0)  # one row a district, sorted
    count = lambda state: by_state[state] if state in by_state else pd.Series(0, index=by_state.index)  # noqa: E731
    out = pd.DataFrame(
        {
            "district_code": by_state.index.astype(str),
            "items": by_state.sum(axis=1).to_numpy(),
            "done": count("done").to_numpy(),
            "not_applicable": count("not_applicable").to_numpy(),
            "blocked": count("blocked").to_numpy(),
            "in_progress": count("in_progress").to_numpy(),
            "overdue": frame["overdue"].groupby(district).sum().reindex(by_state.index).to_numpy(),
        }
    )
    applicable = out["items"] - out["not_applicable"]
    out["percent_done"] = [
        round(100.0 * done / n, 1) if n else float("nan") for done, n in zip(out["done"], applicable, strict=True)
    ]
    return out.astype(dict.fromkeys(PROGRESS_COLUMNS[1:-1], "int64"))[PROGRESS_COLUMNS]


def items_for_user(
    items: pd.DataFrame, role: str, agencies: tuple[str, ...], districts: tuple[str, ...]
) -> pd.DataFrame:
    """The items a user may update (``auth.require_scope``): admins all, officers those of
    their agencies and districts, viewers none. A province-wide item (no district) is only
    for officers without a district limit."""
    if role == "viewer":
        return items.iloc[0:0]
    out = items
    if role == "officer":
        if agencies:
            out = out[out["agency"].isin(agencies)]
        if districts:
            out = out[out["district_code"].isin(districts)]
    return out
