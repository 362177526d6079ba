"""What sends an alert, part two (issue 19): checklist items (river-triggered, reassigned, due
soon, overdue, escalated to the district's supervisor), impact reports that raise a district's
figures, and the situation's level for the public channel. Pure; keys as
``domain.alert_events`` describes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from domain.alert_events import AlertEvent, event_key

DUE_SOON_H = 2.0  # an open item with a due time this close alerts as "due"
ESCALATE_AFTER_H = 2.0  # an overdue item still not started this long goes to the district supervisor
IMPACT_RISE_SHARE = 0.25  # an impact figure rising by more than this share alerts (0 -> any is a rise)
IMPACT_FIGURES = (
    "affected_people",
    "affected_households",
    "evacuated_people",
    "people_in_centres",
    "deaths",
    "injured",
    "missing",
)


# ------------------------------------------------------------------ checklist items


def _item_params(item: Mapping) -> dict[str, object]:
    return {
        "item_id": int(item["id"]),
        "title_th": str(item.get("title_th") or ""),
        "title_en": str(item.get("title_en") or ""),
        "due_at": item["due_at"].isoformat() if item.get("due_at") else "",
        "state": str(item.get("state") or ""),
    }


def item_change_events(before: Mapping, after: Mapping, owner_accounts: Sequence[str] = ()) -> list[AlertEvent]:
    """Events of one accepted item write (``before``/``after``: the item's fields as stored):
    triggered by the river, or reassigned to a person (``owner_accounts``: the account names
    the new owner text stands for)."""
    events = []
    district = after.get("district_code")
    link = f"my_items?item={after['id']}"
    if after.get("triggered_at") and not before.get("triggered_at"):
        reason = after.get("trigger_reason") or {}
        events.append(
            AlertEvent(
                key=event_key("item_triggered", after["id"], after["triggered_at"]),
                kind="item_triggered",
                severity="warning",
                at=after["triggered_at"],
                station_code=reason.get("station_code"),
                district_code=district,
                link=link,
                params={
                    **_item_params(after),
                    "level_msl": reason.get("level_msl"),
                    "reading_at": reason.get("observed_at"),
                },
            )
        )
    new_owner = (after.get("owner_person") or "").strip()
    if new_owner and new_owner != (before.get("owner_person") or "").strip() and owner_accounts:
        events.append(
            AlertEvent(
                key=event_key("item_reassigned", after["id"], after["version"]),
                kind="item_reassigned",
                severity="warning",
                at=after["updated_at"],
                district_code=district,
                link=link,
                params={**_item_params(after), "by": str(after.get("updated_by_name") or "")},
                recipients=tuple(owner_accounts),
            )
        )
    return events


def item_time_events(
    items: Iterable[Mapping],
    now: datetime,
    supervisors: Mapping[str, Sequence[str]] | None = None,
    due_soon_h: float = DUE_SOON_H,
    escalate_after_h: float = ESCALATE_AFTER_H,
) -> list[AlertEvent]:
    """Time-driven item events for open items with a due time: due within ``due_soon_h``,
    overdue, and escalated (still ``not_started`` ``escalate_after_h`` after the due time:
    to ``supervisors[district]``, the province's under the key ``""``)."""
    supervisors = supervisors or {}
    events = []
    for item in items:
        due = item.get("due_at")
        if not due or item.get("state") in ("done", "not_applicable"):
            continue
        district = item.get("district_code")
        bosses = tuple(supervisors.get(district or "", ()))
        found: list[tuple[str, str, tuple[str, ...]]] = []
        if due - timedelta(hours=due_soon_h) <= now < due:
            found.append(("item_due", "info", ()))
        if now >= due:
            found.append(("item_overdue", "warning", ()))
        if now >= due + timedelta(hours=escalate_after_h) and item.get("state") == "not_started" and bosses:
            found.append(("item_escalated", "warning", bosses))
        events += [
            AlertEvent(
                key=event_key(kind, item["id"], due),
                kind=kind,
                severity=severity,
                at=now,
                district_code=district,
                link=f"my_items?item={item['id']}",
                params=_item_params(item),
                recipients=to,
            )
            for kind, severity, to in found
        ]
    return events


# ------------------------------------------------------------------ impact reports


def impact_rise_event(
    district_code: str,
    report_time: datetime,
    content_hash: str,
    previous: Mapping[str, float] | None,
    figures: Mapping[str, float],
    share: float = IMPACT_RISE_SHARE,
    at: datetime | None = None,
) -> AlertEvent | None:
    """An event when a saved report raises any of ``IMPACT_FIGURES`` of the district by more
    than ``share`` over its previous figures (from none or zero, any rise counts)."""
    rises = {}
    for name in IMPACT_FIGURES:
        new = float(figures.get(name) or 0)
        old = float((previous or {}).get(name) or 0)
        if new > old and (old == 0 or (new - old) / old > share):
            rises[name] = (old, new)
    if not rises:
        return None
    serious = any(name in rises for name in ("deaths", "missing"))
    return AlertEvent(
        key=event_key("impact_rise", district_code, report_time, content_hash[:16]),
        kind="impact_rise",
        severity="warning" if serious else "watch",
        at=at or report_time,
        district_code=district_code,
        link=f"impact?district={district_code}",
        params={
            "report_time": report_time.isoformat(),
            "rises": {k: [round(a), round(b)] for k, (a, b) in rises.items()},
        },
    )


# ------------------------------------------------------------------ the public channel

PUBLIC_LEVELS = ("normal", "high", "over_bank")  # what the public is told, mildest first


def public_level(station_classes: Iterable[str]) -> str:
    """The situation's level for the public: the worst class of the key stations' current
    readings (``high`` and ``over_bank`` count; any other class is ``normal``)."""
    classes = set(station_classes)
    return next((level for level in reversed(PUBLIC_LEVELS) if level in classes), "normal")


def raises_level(level: str, last_level: str | None) -> bool:
    """True when ``level`` is above the level of the last public message that went out (none
    yet: above ``normal``); such a message needs a second admin's approval."""
    rank = {name: i for i, name in enumerate(PUBLIC_LEVELS)}
    return rank.get(level, 0) > rank.get(last_level or "normal", 0)
