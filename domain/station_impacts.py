"""What a level means on the ground at a key station, and the crests it is measured against.

Per key station, ``config/key_stations.toml`` may hold (NWPS-style impact statements)::

    [[province.34.stations.impacts]]      level (m MSL) -> what happens there, Thai and English
    level_msl = 113.00
    th = "น้ำล้นตลิ่งฝั่งเมือง"
    en = "city-side bank overtopped"

    [[province.34.stations.historic_crests]]
    year = 2019                            Gregorian year
    level_msl = 115.97

``parse_impacts`` and ``parse_crests`` check them (a bad entry raises ``ValueError`` naming
the key and its entry number); ``reached`` and ``passed`` say which a level reaches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

_IMPACT_KEYS = {"level_msl", "th", "en"}
_CREST_KEYS = {"year", "level_msl"}


@dataclass(frozen=True)
class ImpactStatement:
    level_msl: float
    th: str
    en: str

    def text(self, lang: str) -> str:
        return self.th if lang == "th" else self.en


@dataclass(frozen=True)
class HistoricCrest:
    year: int
    level_msl: float


def _level(raw: dict, where: str) -> float:
    value = raw.get("level_msl")
    if value is None:
        raise ValueError(f"{where}: 'level_msl' is missing (the level in m MSL)")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{where}: level_msl={value!r} is not a positive number of m MSL")
    return float(value)


def _entries(raw: object, name: str, where: str, allowed: set[str]) -> list[tuple[str, dict]]:
    if not isinstance(raw, list):
        raise ValueError(f"{where}: {name} must be a list of tables ([[...{name}]]), got {raw!r}")
    out = []
    for i, entry in enumerate(raw, start=1):
        at = f"{where} {name}[{i}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{at}: must be a table, got {entry!r}")
        unknown = set(entry) - allowed
        if unknown:
            raise ValueError(f"{at}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
        out.append((at, entry))
    return out


def parse_impacts(raw: object, where: str) -> tuple[ImpactStatement, ...]:
    """Impact statements sorted by level; each needs a level and non-empty Thai and English."""
    out = []
    for at, entry in _entries(raw, "impacts", where, _IMPACT_KEYS):
        level = _level(entry, at)
        words = {}
        for lang in ("th", "en"):
            text = entry.get(lang)
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"{at}: '{lang}' must be non-empty text (the statement in {lang}), got {text!r}")
            words[lang] = text.strip()
        out.append(ImpactStatement(level, words["th"], words["en"]))
    levels = [s.level_msl for s in out]
    if len(set(levels)) != len(levels):
        raise ValueError(f"{where}: two impacts at the same level_msl {sorted(levels)}; one statement per level")
    return tuple(sorted(out, key=lambda s: s.level_msl))


def parse_crests(raw: object, where: str) -> tuple[HistoricCrest, ...]:
    """Historic crests sorted by level; the year is Gregorian (a Buddhist-era year is refused)."""
    out = []
    for at, entry in _entries(raw, "historic_crests", where, _CREST_KEYS):
        year = entry.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not 1800 <= year <= 2200:
            hint = " (a Buddhist-era year? write the Gregorian one, BE - 543)" if isinstance(year, int) else ""
            raise ValueError(f"{at}: year={year!r} is not a Gregorian year between 1800 and 2200{hint}")
        out.append(HistoricCrest(year, _level(entry, at)))
    return tuple(sorted(out, key=lambda c: c.level_msl))


def reached(statements: tuple[ImpactStatement, ...], level: float | None) -> ImpactStatement | None:
    """The highest statement whose level ``level`` reaches, or None."""
    if level is None or math.isnan(level):
        return None
    hit = [s for s in statements if level >= s.level_msl]
    return hit[-1] if hit else None


def passed(crests: tuple[HistoricCrest, ...], level: float | None) -> HistoricCrest | None:
    """The highest historic crest ``level`` is above, or None."""
    if level is None or math.isnan(level):
        return None
    above = [c for c in crests if level > c.level_msl]
    return above[-1] if above else None
