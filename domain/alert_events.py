"""What sends an alert: events with a stable key, pure functions (issue 19).

An ``AlertEvent`` says what happened, where, against which threshold and on which reading;
its ``key`` is built from exactly those, so the same event found again (the next ingest
round, a retried transaction) has the same key and the outbox's idempotency key refuses it.

Keys (``|``-joined, no free text)::

    station_class|M.7|pct70|up|2026-11-25T10:00:00+00:00     a HII class edge crossed
    station_watch|M.7|watch|up|<reading time>                 the watch level crossed
    station_bank|M.7|bank|down|<reading time>                 the bank crossed (back below)
    station_forecast|M.7|bank|2026-11-27                      forecast to cross on that day
    source_stale|thaiwater|<last success time>                one per outage
    item_triggered|<item id>|<triggered time>
    item_reassigned|<item id>|<version>
    item_due|<item id>|<due time>     item_overdue|<item id>|<due time>
    item_escalated|<item id>|<due time>
    impact_rise|<district>|<report time>|<content hash>

Hysteresis (a level that wavers around an edge): a station's *stage* is how many of its
edges (HII's 10/30/70 % of capacity, the watch level, the bank) it is above. The stage
rises at once when a reading is above an edge (a late over-bank alert is the worst kind),
and falls only when a reading is ``HYSTERESIS_M`` (10 cm) or more below the edge. So a
level swinging ±5 cm around the bank alerts once going over and once when it has really
dropped, not on every reading. One reading alerts at most once: for the highest edge it
crossed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.level_forecast import LevelForecast

BANGKOK = ZoneInfo("Asia/Bangkok")
HYSTERESIS_M = 0.10  # a stage falls only when the level is this far below its edge
FORECAST_WITHIN_H = 48.0  # forecast crossings further away than this do not alert
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

KINDS = (
    "station_class",
    "station_watch",
    "station_bank",
    "station_forecast",
    "source_stale",
    "item_triggered",
    "item_reassigned",
    "item_due",
    "item_overdue",
    "item_escalated",
    "impact_rise",
)
SEVERITIES = ("info", "watch", "warning", "severe")  # mildest first, as store.outbox.SEVERITIES
CRITICAL = "severe"  # over the bank, or forecast over the bank within 24 h: overrides quiet hours
_PCT_EDGES = (10.0, 30.0, 70.0)
# the class a station is in when above the edge of this name (below the lowest: critically_low)
_CLASS_ABOVE = {"pct10": "low", "pct30": "normal", "pct70": "high", "bank": "over_bank"}


@dataclass(frozen=True)
class AlertEvent:
    """One thing worth telling people. ``params`` holds the values the text needs (names,
    reading, time, source, class, forecast), never sentences: i18n words them per person.
    ``recipients`` names accounts the event is for whatever their subscriptions (a
    reassigned item's new owner, a district's supervisor); ``link`` is a page path."""

    key: str
    kind: str
    severity: str
    at: datetime  # UTC: when the cause happened (the reading, the write)
    station_code: str | None = None
    district_code: str | None = None
    source: str | None = None
    link: str = ""
    params: Mapping[str, object] = field(default_factory=dict)
    recipients: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"alert kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity {self.severity!r} is not one of {', '.join(SEVERITIES)}")


def _key(*parts: object) -> str:
    return "|".join(p.isoformat() if isinstance(p, (datetime, date)) else str(p) for p in parts)


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


# ------------------------------------------------------------------ river stations


@dataclass(frozen=True)
class Station:
    """A key station's identity and thresholds (m MSL; None when not published)."""

    code: str
    name_th: str
    name_en: str
    bank_msl: float | None
    ground_msl: float | None = None
    watch_msl: float | None = None
    district_code: str | None = None

    def edges(self) -> list[tuple[str, float]]:
        """(edge name, level) lowest first: HII's % edges (with a ground level), watch, bank."""
        out: list[tuple[str, float]] = []
        if self.bank_msl is not None and self.ground_msl is not None and self.bank_msl > self.ground_msl:
            depth = self.bank_msl - self.ground_msl
            out += [(f"pct{pct:.0f}", self.ground_msl + depth * pct / 100.0) for pct in _PCT_EDGES]
        if self.watch_msl is not None:
            out.append(("watch", self.watch_msl))
        if self.bank_msl is not None:
            out.append(("bank", self.bank_msl))
        return sorted(out, key=lambda edge: edge[1])


@dataclass(frozen=True)
class Reading:
    at: datetime  # UTC
    level_msl: float
    source: str = "thaiwater"


def class_at_stage(station: Station, stage: int | None) -> str:
    """The HII class a stage stands for ('unknown' without a ground level below the watch)."""
    if stage is None:
        return "unknown"
    with_ground = station.ground_msl is not None and station.bank_msl is not None
    names = {**_CLASS_ABOVE, **({} if with_ground else {"watch": "high"})}  # as domain.situation.assess_stations
    above = [name for name, _ in station.edges()[:stage] if name in names]
    if above:
        return names[above[-1]]
    return "critically_low" if with_ground else "unknown"


def _stage(edges: list[tuple[str, float]], level: float, stage: int | None) -> int:
    """The new stage: up at once past an edge, down only ``HYSTERESIS_M`` below it."""
    up = sum(1 for _, edge in edges if level > edge)
    if stage is None or up >= stage:
        return up
    down = sum(1 for _, edge in edges if level > edge - HYSTERESIS_M)
    return min(stage, down)


def _kind_of(edge: str) -> str:
    return {"bank": "station_bank", "watch": "station_watch"}.get(edge, "station_class")


def _level_severity(edge: str, direction: str) -> str:
    if direction == "down":
        return "info"
    return {"bank": CRITICAL, "watch": "warning", "pct70": "watch"}.get(edge, "info")


def station_level_events(
    station: Station, readings: Iterable[Reading], stage: int | None
) -> tuple[list[AlertEvent], int | None]:
    """Replay ``readings`` (oldest first) through the hysteresis from ``stage`` (None: never
    seen). Returns the events and the stage to keep. The first reading ever seen sets the
    stage silently unless it is over the bank (the most severe state is never silent)."""
    edges = station.edges()
    events: list[AlertEvent] = []
    for reading in sorted(readings, key=lambda r: r.at):
        if not edges:
            break
        new = _stage(edges, reading.level_msl, stage)
        old = stage
        stage = new
        if old is None:
            if new == len(edges) and edges[-1][0] == "bank":
                events.append(_level_event(station, reading, edges, len(edges) - 1, "up", None, new))
            continue
        if new == old:
            continue
        direction = "up" if new > old else "down"
        edge_index = new - 1 if direction == "up" else new  # the highest edge crossed this time
        events.append(_level_event(station, reading, edges, edge_index, direction, old, new))
    return events, stage


def _level_event(
    station: Station,
    reading: Reading,
    edges: list[tuple[str, float]],
    index: int,
    direction: str,
    old: int | None,
    new: int,
) -> AlertEvent:
    edge, level = edges[index]
    return AlertEvent(
        key=_key(_kind_of(edge), station.code, edge, direction, reading.at),
        kind=_kind_of(edge),
        severity=_level_severity(edge, direction),
        at=reading.at,
        station_code=station.code,
        district_code=station.district_code,
        source=reading.source,
        link=f"water_levels?station={station.code}",
        params={
            "name_th": station.name_th,
            "name_en": station.name_en,
            "edge": edge,
            "edge_msl": round(level, 2),
            "direction": direction,
            "level_msl": round(reading.level_msl, 2),
            "bank_msl": station.bank_msl,
            "class_from": class_at_stage(station, old),
            "class_to": class_at_stage(station, new),
        },
    )


def _day_start_utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=BANGKOK).astimezone(ZoneInfo("UTC"))


def forecast_events(
    station: Station,
    forecast: LevelForecast | None,
    now: datetime,
    stage: int | None,
    within_h: float = FORECAST_WITHIN_H,
) -> list[AlertEvent]:
    """A forecast crossing of the bank (else the watch level) on a day that starts within
    ``within_h`` hours of ``now``, for a station not already above that edge. The key holds
    the crossing day, not the issue time: a new run forecasting the same day does not alert
    again; a crossing moved earlier does. Over the bank within 24 h is ``critical``."""
    if forecast is None or not forecast.available:
        return []
    edges = dict(station.edges())
    names = [name for name, _ in station.edges()]
    for edge in ("bank", "watch"):
        if edge not in edges or (stage is not None and stage > names.index(edge)):
            continue
        day = forecast.first_crossing(edges[edge])
        if day is None:
            continue
        hours = max(0.0, (_day_start_utc(day) - now).total_seconds() / 3600.0)
        if hours > within_h:
            continue
        row = forecast.of_method()
        level = float(row[row["date"] == day].iloc[0]["level_m_msl"])
        severe = CRITICAL if edge == "bank" and hours <= 24 else ("warning" if edge == "bank" else "watch")
        return [
            AlertEvent(
                key=_key("station_forecast", station.code, edge, day),
                kind="station_forecast",
                severity=severe,
                at=forecast.issued_at or now,
                station_code=station.code,
                district_code=station.district_code,
                source=",".join(forecast.inputs) or None,
                link=f"water_levels?station={station.code}",
                params={
                    "name_th": station.name_th,
                    "name_en": station.name_en,
                    "edge": edge,
                    "edge_msl": round(edges[edge], 2),
                    "day": day.isoformat(),
                    "forecast_msl": round(level, 2),
                    "issued_at": (forecast.issued_at or now).isoformat(),
                    "hours": round(hours),
                },
            )
        ]
    return []


# ------------------------------------------------------------------ sources


def source_events(freshness: Iterable, now: datetime) -> list[AlertEvent]:
    """A ``domain.freshness.SourceFreshness`` that is stale (too old, or failing past its
    limit) alerts once per outage: the key holds its last success."""
    events = []
    for f in freshness:
        if not f.stale or f.never:
            continue
        events.append(
            AlertEvent(
                key=_key("source_stale", f.source, f.last_success_at),
                kind="source_stale",
                severity="watch",
                at=now,
                source=f.source,
                link="sources",
                params={
                    "last_success_at": f.last_success_at.isoformat() if f.last_success_at else "",
                    "hours": round(f.age.total_seconds() / 3600.0, 1) if f.age else 0,
                    "limit_h": round(f.limit.total_seconds() / 3600.0, 1),
                    "failing": bool(f.failing),
                    "error": (f.last_error or "")[:200],
                },
            )
        )
    return events


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
                key=_key("item_triggered", after["id"], after["triggered_at"]),
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
                key=_key("item_reassigned", after["id"], after["version"]),
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
                key=_key(kind, item["id"], due),
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
        key=_key("impact_rise", district_code, report_time, content_hash[:16]),
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
