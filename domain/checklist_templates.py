"""Checklist templates: parsing the TOML file admins edit, and turning it into an event's items. Pure.

A template is a TOML file (``templates/*.toml``) that admins edit without code::

    [template]            name, title_th, title_en
    [agencies.<key>]      th, en                     (who can be responsible)
    [[items]]             key, phase, title_th, title_en, agency, networks, scope,
                          duration_h, [due_after_open_h], [trigger]
    [items.trigger]       station, within_bank_m | level_msl, [bank_msl], [forecast_h],
                          [districts], [deadline_h]
                     or   dam = "<dam name, code or id>" | "*" (any dam of the key stations'
                          basins): fires when its release jumps (domain.dams.is_release_jump),
                          with [districts], [deadline_h]

``parse_template(text, source)`` returns a ``Template`` or raises ``TemplateError`` naming
the file, the line and the reason. ``instantiate`` turns a template into item rows for a
province and its affected districts.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

PHASES = ("preparedness", "warning", "response", "recovery")
NETWORKS = ("government", "academia", "religious_leaders", "private_business", "civil_society", "citizens", "media")
SCOPES = ("province", "district")

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{1,79}$")
_TEMPLATE_FIELDS = {"name", "title_th", "title_en", "description"}
_ITEM_FIELDS = {
    "key",
    "phase",
    "title_th",
    "title_en",
    "agency",
    "networks",
    "scope",
    "duration_h",
    "due_after_open_h",
    "trigger",
}
_TRIGGER_FIELDS = {
    "station",
    "within_bank_m",
    "level_msl",
    "bank_msl",
    "forecast_h",
    "model_forecast_h",
    "districts",
    "deadline_h",
    "dam",
}
_DAM_TRIGGER_FIELDS = {"dam", "districts", "deadline_h"}


class TemplateError(ValueError):
    """A template that cannot be used: ``source``, ``line`` (1-based, or None) and ``reason``."""

    def __init__(self, source: str, line: int | None, reason: str):
        where = f"{source} line {line}" if line else source
        super().__init__(f"{where}: {reason}")
        self.source, self.line, self.reason = source, line, reason


@dataclass(frozen=True)
class Trigger:
    """A river condition: fires when ``station``'s level reaches the threshold
    (``level_msl``, or ``bank - within_bank_m``) or, with ``forecast_h``, when the
    3-hour trend would take it there within that many hours, or, with ``model_forecast_h``,
    when the model level forecast crosses it within that many hours (``domain.forecast_triggers``)."""

    station: str
    within_bank_m: float | None = None
    level_msl: float | None = None
    bank_msl: float | None = None
    forecast_h: float | None = None
    districts: tuple[str, ...] = ()
    deadline_h: float | None = None
    model_forecast_h: float | None = None
    dam: str | None = None  # a dam release-jump trigger (``station`` is then "")

    def to_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items() if v not in (None, ())}

    @classmethod
    def from_dict(cls, data: dict) -> Trigger:
        data = dict(data)
        data["districts"] = tuple(data.get("districts", ()))
        return cls(**data)


@dataclass(frozen=True)
class TemplateItem:
    key: str
    phase: str
    title_th: str
    title_en: str
    agency: str
    networks: tuple[str, ...]
    scope: str
    duration_h: float
    due_after_open_h: float | None = None
    trigger: Trigger | None = None


@dataclass(frozen=True)
class Template:
    name: str
    title_th: str
    title_en: str
    agencies: dict[str, tuple[str, str]]  # key -> (thai, english)
    items: tuple[TemplateItem, ...] = field(default_factory=tuple)


class _Lines:
    """Finds the line of ``[[items]]`` number i, of a key inside it, or of a table."""

    _HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\"]+)\s*\]\]?")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")

    def __init__(self, text: str):
        self.where: dict[tuple, int] = {}
        context: tuple = ()
        item = -1
        for number, line in enumerate(text.splitlines(), start=1):
            header = self._HEADER.match(line)
            if header:
                name = header.group(1)
                if line.lstrip().startswith("[[") and name == "items":
                    item += 1
                    context = ("items", item)
                elif name == "items.trigger":
                    context = ("items", item, "trigger")
                else:
                    context = tuple(name.split("."))
                self.where.setdefault(context, number)
                continue
            key = self._KEY.match(line)
            if key:
                self.where.setdefault(context + (key.group(1),), number)

    def line(self, *path: object) -> int | None:
        for end in range(len(path), 0, -1):
            if path[:end] in self.where:
                return self.where[path[:end]]
        return None


def _text(value: object, source: str, line: int | None, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TemplateError(source, line, f"{name} must be non-empty text, got {value!r}")
    return value.strip()


def _number(value: object, source: str, line: int | None, name: str, *, allow_zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or (value == 0 and not allow_zero):
        raise TemplateError(
            source, line, f"{name} must be a {'non-negative' if allow_zero else 'positive'} number, got {value!r}"
        )
    return float(value)


def _unknown(data: dict, allowed: set, source: str, lines: _Lines, path: tuple, what: str) -> None:
    for key in data:
        if key not in allowed:
            raise TemplateError(
                source,
                lines.line(*path, key),
                f"unknown field {key!r} in {what}; allowed: {', '.join(sorted(allowed))}",
            )


def _parse_trigger(raw: Any, scope: str, source: str, lines: _Lines, i: int) -> Trigger:
    path = ("items", i, "trigger")
    if not isinstance(raw, dict):
        raise TemplateError(source, lines.line(*path), f"trigger must be a table, got {raw!r}")
    _unknown(raw, _TRIGGER_FIELDS, source, lines, path, "a trigger")
    ln = lambda k: lines.line(*path, k)  # noqa: E731
    if "dam" in raw:
        _unknown(raw, _DAM_TRIGGER_FIELDS, source, lines, path, "a dam trigger")
    station = "" if "dam" in raw else _text(raw.get("station"), source, ln("station"), "trigger.station")
    within = raw.get("within_bank_m")
    level = raw.get("level_msl")
    if (within is None) == (level is None) and "dam" not in raw:
        raise TemplateError(source, lines.line(*path), "a trigger needs exactly one of within_bank_m or level_msl")
    districts = raw.get("districts", [])
    if not isinstance(districts, list) or not all(isinstance(d, str) and re.fullmatch(r"\d{4}", d) for d in districts):
        raise TemplateError(
            source,
            ln("districts"),
            f"trigger.districts must be a list of four-digit DOPA district codes, got {districts!r}",
        )
    if districts and scope != "district":
        raise TemplateError(
            source, ln("districts"), 'trigger.districts only makes sense for an item with scope = "district"'
        )
    return Trigger(
        station=station,
        within_bank_m=None
        if within is None
        else _number(within, source, ln("within_bank_m"), "trigger.within_bank_m", allow_zero=True),
        level_msl=None if level is None else _number(level, source, ln("level_msl"), "trigger.level_msl"),
        bank_msl=None
        if raw.get("bank_msl") is None
        else _number(raw["bank_msl"], source, ln("bank_msl"), "trigger.bank_msl"),
        forecast_h=None
        if raw.get("forecast_h") is None
        else _number(raw["forecast_h"], source, ln("forecast_h"), "trigger.forecast_h"),
        model_forecast_h=None
        if raw.get("model_forecast_h") is None
        else _number(raw["model_forecast_h"], source, ln("model_forecast_h"), "trigger.model_forecast_h"),
        districts=tuple(districts),
        deadline_h=None
        if raw.get("deadline_h") is None
        else _number(raw["deadline_h"], source, ln("deadline_h"), "trigger.deadline_h"),
        dam=_text(raw["dam"], source, ln("dam"), "trigger.dam") if "dam" in raw else None,
    )


def _parse_item(raw: Any, agencies: dict[str, tuple[str, str]], source: str, lines: _Lines, i: int) -> TemplateItem:
    path = ("items", i)
    ln = lambda k: lines.line(*path, k)  # noqa: E731
    _unknown(raw, _ITEM_FIELDS, source, lines, path, "an item")
    key = raw.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise TemplateError(source, ln("key"), f"item key {key!r} must be 2-80 lower-case letters, digits, '-' or '_'")
    phase = raw.get("phase")
    if phase not in PHASES:
        raise TemplateError(source, ln("phase"), f"phase {phase!r} of item {key!r} is not one of {', '.join(PHASES)}")
    agency = raw.get("agency")
    if agency not in agencies:
        raise TemplateError(
            source,
            ln("agency"),
            f"agency {agency!r} of item {key!r} is not defined under [agencies]; defined: "
            f"{', '.join(sorted(agencies))}",
        )
    networks = raw.get("networks")
    if not isinstance(networks, list) or not networks or any(n not in NETWORKS for n in networks):
        raise TemplateError(
            source,
            ln("networks"),
            f"networks {networks!r} of item {key!r} must be a non-empty list of: {', '.join(NETWORKS)}",
        )
    scope = raw.get("scope")
    if scope not in SCOPES:
        raise TemplateError(source, ln("scope"), f"scope {scope!r} of item {key!r} is not one of {', '.join(SCOPES)}")
    due = raw.get("due_after_open_h")
    return TemplateItem(
        key=key,
        phase=phase,
        title_th=_text(raw.get("title_th"), source, ln("title_th"), f"title_th of item {key!r}"),
        title_en=_text(raw.get("title_en"), source, ln("title_en"), f"title_en of item {key!r}"),
        agency=agency,
        networks=tuple(networks),
        scope=scope,
        duration_h=_number(raw.get("duration_h"), source, ln("duration_h"), f"duration_h of item {key!r}"),
        due_after_open_h=None
        if due is None
        else _number(due, source, ln("due_after_open_h"), f"due_after_open_h of item {key!r}", allow_zero=True),
        trigger=None if raw.get("trigger") is None else _parse_trigger(raw["trigger"], scope, source, lines, i),
    )


def parse_template(text: str, source: str = "<template>") -> Template:
    """Parse and validate a TOML template; ``TemplateError`` names the line and the reason."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise TemplateError(source, int(where.group(1)) if where else None, f"not valid TOML: {reason}") from exc
    lines = _Lines(text)
    head = data.get("template")
    if not isinstance(head, dict):
        raise TemplateError(source, None, "missing the [template] table (name, title_th, title_en)")
    _unknown(head, _TEMPLATE_FIELDS, source, lines, ("template",), "[template]")
    name = head.get("name")
    if not isinstance(name, str) or not _KEY.match(name):
        raise TemplateError(
            source,
            lines.line("template", "name"),
            f"template name {name!r} must be 2-80 lower-case letters, digits, '-' or '_'",
        )
    agencies = {}
    raw_agencies = data.get("agencies")
    if not isinstance(raw_agencies, dict) or not raw_agencies:
        raise TemplateError(source, lines.line("agencies"), "missing the [agencies.<key>] tables (th, en)")
    for key, names in raw_agencies.items():
        ln = lines.line("agencies", key)
        if not _KEY.match(key) or not isinstance(names, dict) or set(names) != {"th", "en"}:
            raise TemplateError(source, ln, f"agency {key!r} needs a lower-case key and exactly the fields th and en")
        agencies[key] = (
            _text(names["th"], source, ln, f"agencies.{key}.th"),
            _text(names["en"], source, ln, f"agencies.{key}.en"),
        )
    unknown_top = set(data) - {"template", "agencies", "items"}
    if unknown_top:
        first = sorted(unknown_top)[0]
        raise TemplateError(source, lines.line(first), f"unknown table {first!r}; allowed: template, agencies, items")
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise TemplateError(source, None, "the template has no [[items]]")
    items: list[TemplateItem] = []
    seen: dict[str, int | None] = {}
    for i, raw in enumerate(raw_items):
        item = _parse_item(raw, agencies, source, lines, i)
        if item.key in seen:
            raise TemplateError(
                source,
                lines.line("items", i, "key"),
                f"item key {item.key!r} is used twice (first on line {seen[item.key]})",
            )
        seen[item.key] = lines.line("items", i, "key")
        items.append(item)
    return Template(
        name,
        _text(head.get("title_th"), source, lines.line("template", "title_th"), "title_th"),
        _text(head.get("title_en"), source, lines.line("template", "title_en"), "title_en"),
        agencies,
        tuple(items),
    )


def load_template_file(path: Path | str) -> tuple[Template, str]:
    """(template, its text) from a file; ``TemplateError`` names the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(str(path), None, f"cannot read the file: {exc}") from exc
    return parse_template(text, str(path)), text


def instantiate(template: Template, province_code: str, district_codes: list[str], opened_at: datetime) -> list[dict]:
    """Item rows of a new event: each province-wide item once (``district_code`` None), each
    district item once per affected district. A trigger limited to some districts is kept
    only on those districts' rows. ``due_at`` = opening + ``due_after_open_h`` when given."""
    rows = []
    position = 0
    for phase in PHASES:
        for item in (i for i in template.items if i.phase == phase):
            targets = [None] if item.scope == "province" else list(district_codes)
            for district in targets:
                trigger = item.trigger
                if trigger and trigger.districts and district not in trigger.districts:
                    trigger = None
                position += 1
                rows.append(
                    {
                        "item_key": item.key,
                        "phase": item.phase,
                        "position": position,
                        "district_code": district,
                        "title_th": item.title_th,
                        "title_en": item.title_en,
                        "agency": item.agency,
                        "agency_th": template.agencies[item.agency][0],
                        "agency_en": template.agencies[item.agency][1],
                        "networks": ",".join(item.networks),
                        "duration_h": item.duration_h,
                        "trigger": trigger,
                        "state": "not_started",
                        "due_at": None
                        if item.due_after_open_h is None
                        else opened_at + timedelta(hours=item.due_after_open_h),
                    }
                )
    return rows
