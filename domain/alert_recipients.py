"""Who gets an alert, on which channel, in which language, and when (pure, issue 19).

The inputs mirror ``store.alerts``: a person's contact (addresses, language, quiet hours), their
subscriptions and the admin's defaults (rows of channel, kind or ``*``, station, district;
``""`` = any). Rules, in order:

1. A person's own subscriptions decide for each channel they have any on. A channel without
   one of their own takes the defaults of their role (``""``: every role) and of their
   districts (``""``: every district; an account with no district limit takes only those).
2. A subscription limited to a station matches only that station's events. One limited to a
   district does not match events of another district; events without a district (a source
   outage, a province-wide item) are the whole province's and match.
3. An event addressed to people (``AlertEvent.recipients``: a reassigned item's new owner, a
   district's supervisor) reaches them on every channel they have an address for, whatever
   their subscriptions. Events that speak to their recipients ("assigned to you":
   ``ONLY_RECIPIENTS``) go to them alone, never to other people's subscriptions.
4. Nothing goes to a channel without an address or to an inactive account; one delivery per
   (person, channel) per event.
5. Quiet hours (Bangkok clock, minutes after midnight, may wrap midnight) hold a delivery
   until they end, except the most severe events (``domain.alert_events.CRITICAL``: over the
   bank, forecast over the bank within 24 h), which go at once.
6. The words are in the person's language (Thai unless their contact says English).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.alert_events import CRITICAL, AlertEvent

BANGKOK = ZoneInfo("Asia/Bangkok")
PERSONAL_CHANNELS = ("email", "line", "webhook")
ANY = ""
ALL_KINDS = "*"
ONLY_RECIPIENTS = frozenset({"item_reassigned"})  # the text says "to you"


@dataclass(frozen=True)
class Person:
    """An account with its alert contact (``store.users`` + ``store.alerts.Contact``)."""

    username: str
    role: str
    districts: tuple[str, ...] = ()
    language: str = "th"
    addresses: Mapping[str, str | None] | None = None  # channel -> e-mail / LINE id / webhook URL
    quiet_from_min: int | None = None
    quiet_to_min: int | None = None
    active: bool = True

    def address(self, channel: str) -> str | None:
        return (self.addresses or {}).get(channel) or None


@dataclass(frozen=True)
class Rule:
    """A subscription (``username`` set) or an admin default (``username`` None, with ``role``
    and ``for_district`` saying whose default it is)."""

    channel: str
    kind: str = ALL_KINDS
    station_code: str = ANY
    district_code: str = ANY  # limits the events
    username: str | None = None
    role: str = ANY  # a default's role ("" = every role)

    def matches(self, event: AlertEvent) -> bool:
        if self.kind not in (ALL_KINDS, event.kind):
            return False
        if self.station_code and self.station_code != event.station_code:
            return False
        return not (self.district_code and event.district_code and self.district_code != event.district_code)


@dataclass(frozen=True)
class Delivery:
    username: str
    channel: str
    address: str
    lang: str
    not_before: datetime  # UTC: now, or the end of the person's quiet hours


def subscription_rule(row: Mapping) -> Rule:
    """A ``store.alerts.list_subscriptions`` dict as a rule."""
    return Rule(row["channel"], row["kind"], row["station_code"], row["district_code"], username=row["username"])


def default_rule(row: Mapping) -> Rule:
    """A ``store.alerts.list_defaults`` dict as a rule (its district limits whom and what)."""
    return Rule(row["channel"], row["kind"], ANY, row["district_code"], username=None, role=row["role"])


def rules_for(person: Person, rules: Iterable[Rule]) -> list[Rule]:
    """The rules that apply to ``person``: their own per channel, else the defaults for them."""
    rules = list(rules)
    own = [r for r in rules if r.username == person.username]
    own_channels = {r.channel for r in own}
    defaults = [
        r
        for r in rules
        if r.username is None
        and r.channel not in own_channels
        and r.role in (ANY, person.role)
        and (r.district_code == ANY or r.district_code in person.districts)
    ]
    return own + defaults


def quiet_until(person: Person, now: datetime) -> datetime | None:
    """The end (UTC) of the quiet hours ``now`` falls in, or None when not quiet."""
    start, end = person.quiet_from_min, person.quiet_to_min
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(BANGKOK)
    minute = local.hour * 60 + local.minute
    wraps = start > end  # e.g. 22:00-06:00
    inside = (minute >= start or minute < end) if wraps else (start <= minute < end)
    if not inside:
        return None
    day = local.date() + timedelta(days=1) if wraps and minute >= start else local.date()
    return datetime.combine(day, time(end // 60, end % 60), tzinfo=BANGKOK).astimezone(now.tzinfo)


def deliveries(event: AlertEvent, people: Iterable[Person], rules: Iterable[Rule], now: datetime) -> list[Delivery]:
    """Every (person, channel) ``event`` goes to, with address, language and release time."""
    rules = list(rules)
    out: dict[tuple[str, str], Delivery] = {}
    for person in people:
        if not person.active:
            continue
        channels = set()
        if event.kind not in ONLY_RECIPIENTS:
            channels = {r.channel for r in rules_for(person, rules) if r.matches(event)}
        if person.username in event.recipients:
            channels |= set(PERSONAL_CHANNELS)
        hold = None if event.severity == CRITICAL else quiet_until(person, now)
        lang = person.language if person.language in ("th", "en") else "th"
        for channel in sorted(channels):
            address = person.address(channel)
            if address:
                out[(person.username, channel)] = Delivery(person.username, channel, address, lang, hold or now)
    return list(out.values())
