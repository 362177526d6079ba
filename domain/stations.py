"""Key river stations and their extra thresholds, as configuration.

``config/key_stations.toml`` holds, per DOPA province code, the stations the operations
room watches first (with Ubon Ratchathani's defaults: M.7 Mueang Ubon with bank 112.00 m MSL,
M.11B Phibun Mangsahan, E.98 Khueang Nai, and upstream M.182 and M.5 in Si Sa Ket).
A watch level defaults to 1.0 m below the bank.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from domain.station_impacts import HistoricCrest, ImpactStatement, parse_crests, parse_impacts

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "config" / "key_stations.toml"


class KeyStationConfigError(ValueError):
    """The key-station file has a value the product cannot use."""


@dataclass(frozen=True)
class KeyStation:
    code: str
    river_th: str = ""
    river_en: str = ""
    place_th: str = ""
    place_en: str = ""
    bank_msl: float | None = None
    watch_below_bank_m: float = 1.0
    watch_level_msl: float | None = None
    upstream: bool = False
    lat: float | None = None
    lon: float | None = None
    impacts: tuple[ImpactStatement, ...] = ()  # what a level means on the ground (domain.station_impacts)
    historic_crests: tuple[HistoricCrest, ...] = ()

    def watch_level(self, bank_msl: float | None) -> float:
        """The watch level in m MSL: explicit, else bank - watch_below_bank_m, else NaN."""
        if self.watch_level_msl is not None:
            return float(self.watch_level_msl)
        bank = self.bank_msl if self.bank_msl is not None else bank_msl
        if bank is None or (isinstance(bank, float) and math.isnan(bank)) or bank <= 0:
            return float("nan")
        return float(bank) - self.watch_below_bank_m


_FIELDS = set(KeyStation.__dataclass_fields__)
_NUMBERS = ("bank_msl", "watch_below_bank_m", "watch_level_msl", "lat", "lon")


def _station(raw: dict, default_watch: float, where: str) -> KeyStation:
    unknown = set(raw) - _FIELDS
    if unknown:
        raise KeyStationConfigError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_FIELDS)}")
    if not str(raw.get("code", "")).strip():
        raise KeyStationConfigError(f"{where}: 'code' is missing (a ThaiWater station code such as M.7)")
    values = {"watch_below_bank_m": default_watch, **raw}
    for name in _NUMBERS:
        value = values.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise KeyStationConfigError(f"{where}: {name}={value!r} is not a number")
        if value is not None:
            values[name] = float(value)
    try:
        values["impacts"] = parse_impacts(values.get("impacts", []), where)
        values["historic_crests"] = parse_crests(values.get("historic_crests", []), where)
    except ValueError as exc:
        raise KeyStationConfigError(str(exc)) from exc
    return KeyStation(**values)


def _entry_line(text: str, province: str, station: int, name: str, entry: int) -> int | None:
    """The line of ``[[province.<p>.stations.<name>]]`` number ``entry`` (1-based) of station
    number ``station`` (0-based), to point a person at the bad table."""
    seen_station, seen_entry = -1, 0
    for number, line in enumerate(text.splitlines(), start=1):
        header = line.strip().replace(" ", "")
        if header == f"[[province.{province}.stations]]":
            seen_station, seen_entry = seen_station + 1, 0
        elif header == f"[[province.{province}.stations.{name}]]" and seen_station == station:
            seen_entry += 1
            if seen_entry == entry:
                return number
    return None


@lru_cache(maxsize=8)
def _load(path: str) -> dict[str, tuple[KeyStation, ...]]:
    text = Path(path).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    default_watch = float(data.get("defaults", {}).get("watch_below_bank_m", 1.0))
    out = {}
    for province, block in data.get("province", {}).items():
        stations = []
        for i, raw in enumerate(block.get("stations", [])):
            where = f"{path} province {province} station {i + 1}" + (f" ({raw['code']})" if raw.get("code") else "")
            try:
                stations.append(_station(raw, default_watch, where))
            except KeyStationConfigError as exc:
                found = re.search(r" (impacts|historic_crests)\[(\d+)\]", str(exc))
                line = found and _entry_line(text, str(province), i, found.group(1), int(found.group(2)))
                raise KeyStationConfigError(f"{exc} (line {line})" if line else str(exc)) from exc
        out[str(province)] = tuple(stations)
    return out


def load_key_stations(province_code: str, path: Path | str | None = None) -> tuple[KeyStation, ...]:
    """The key stations configured for ``province_code`` (empty when none are)."""
    return _load(str(path or DEFAULT_PATH)).get(str(province_code), ())


def key_station_map(province_code: str, path: Path | str | None = None) -> dict[str, KeyStation]:
    """Key stations by station code."""
    return {k.code: k for k in load_key_stations(province_code, path)}


def station_name(row: dict, lang: str, province_code: str | None) -> str:
    """A station's name in ``lang`` (a snapshot or situation row); in English, when the feed
    gives only a Thai name (RID's stations), the key-station file's river and place
    ('Mun, Mueang Ubon Ratchathani'); the Thai name when nothing better is known."""
    if lang == "en" and not row.get("name_en") and province_code:
        key = key_station_map(province_code).get(str(row.get("station_code")))
        if key is not None and key.place_en:
            return ", ".join(x for x in (key.river_en, key.place_en) if x)
    return str((row.get("name_th") if lang == "th" else row.get("name_en")) or row.get("name_th") or "")
