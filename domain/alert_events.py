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
    dam_release_jump|<dam id>|<report date>                   a dam's release jumped (issue 18)

Hysteresis (a level that wavers around an edge): a station's *stage* is how many of its
edges (HII's 10/30/70 % of capacity, the watch level, the bank) it is above. The stage
rises at once when a reading is above an edge (a late over-bank alert is the worst kind),
and falls only when a reading is ``HYSTERESIS_M`` (10 cm) or more below the edge. So a
level swinging ±5 cm around the bank alerts once going over and once when it has really
dropped, not on every reading. One reading alerts at most once: for the highest edge it
crossed. Checklist items, impact reports and the public level: ``domain.alert_response_events``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from domain.level_forecast import LevelForecast

BANGKOK = ZoneInfo("Asia/Bangkok")
HYSTERESIS_M = 0.10  # a stage falls only when the level is this far below its edge
FORECAST_WITHIN_H = 48.0  # forecast crossings further away than this do not alert

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
    "dam_release_jump",
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


def event_key(*parts: object) -> str:
    """The stable key of an event: its parts (times as ISO 8601) joined by "|"."""
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
        key=event_key(_kind_of(edge), station.code, edge, direction, reading.at),
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
                key=event_key("station_forecast", station.code, edge, day),
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
    limit) alerts once per outage: the key holds the data time the age runs from (a success
    that brings the same old data is the same outage; fresh data ends it)."""
    events = []
    for f in freshness:
        if not f.stale or f.never:
            continue
        events.append(
            AlertEvent(
                key=event_key("source_stale", f.source, f.data_at or f.last_success_at),
                kind="source_stale",
                severity="watch",
                at=now,
                source=f.source,
                link="sources",
                params={
                    "last_success_at": f.last_success_at.isoformat() if f.last_success_at else "",
                    "hours": round(f.age.total_seconds() / 3600.0, 1) if f.age else 0,
                    "data_at": (f.data_at or f.last_success_at).isoformat() if f.last_success_at else "",
                    "age_s": round(f.age.total_seconds()) if f.age else None,
                    "limit_h": round(f.limit.total_seconds() / 3600.0, 1),
                    "failing": bool(f.failing),
                    "error": (f.last_error or "")[:200],
                },
            )
        )
    return events


# ------------------------------------------------------------------ dams


def dam_release_events(jumps: Iterable[Mapping], source: str = "thaiwater_dams") -> list[AlertEvent]:
    """One ``warning`` per row of ``domain.dams.release_jumps`` (a dam whose release rose by
    ``JUMP_MIN_MCM`` and ``JUMP_RATIO``, report not stale). The key holds the dam and its report
    date: the same report found again (every later round) does not alert again."""
    events = []
    for row in jumps:
        day, at = row["data_date"], row["as_of"]
        at = at.to_pydatetime() if hasattr(at, "to_pydatetime") else at
        previous = row.get("previous_date")
        events.append(
            AlertEvent(
                key=event_key("dam_release_jump", row["dam_id"], day),
                kind="dam_release_jump",
                severity="warning",
                at=at.astimezone(ZoneInfo("UTC")),
                source=str(row.get("source") or source),
                link="water_levels",
                params={
                    "dam_id": str(row["dam_id"]),
                    "name_th": _text(row.get("name_th")) or str(row["dam_id"]),
                    "name_en": _text(row.get("name_en")),
                    "released_mcm": round(float(row["released_mcm"]), 2),
                    "previous_released_mcm": round(float(row["previous_released_mcm"]), 2),
                    "data_date": day.isoformat(),
                    "previous_date": previous.isoformat() if previous is not None else "",
                },
            )
        )
    return events


def _text(value: object) -> str:
    """A name, or "" for None and a frame's NaN."""
    return value.strip() if isinstance(value, str) else ""
