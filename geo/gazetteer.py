"""The canonical district and subdistrict lists of a province (geothai: DOPA codes,
Thai and English names) and resolution of what people and files write for a district.

    resolve_district("TH3410", "34")          -> "3410"
    resolve_district("Boontharik", "34")      -> "3410"
    resolve_district("อ.เมือง", "34")           -> "3401"

A value is tried as a code (DOPA "3410", HDX "TH3410"), then as an exact name after
``geothai.normalize`` (case, spaces, dots, hyphens, an "อำเภอ"/"อ." prefix), then as a
name with an English "Amphoe"/"District" word removed and common romanisation variants
folded (oo/u, ue/u, ph/p, th/t, kh/k, ch/c, doubled letters). A match must be unique.

Errors (all ``ValueError``)::

    DistrictLookupError
    ├── UnknownDistrictError   no district of the province has this code or name
    └── WrongProvinceError     a real district, but of another province
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import lru_cache

import geothai
import pandas as pd

_CODE = re.compile(r"^\s*(?:th)?\s*(\d{4})\s*$", re.IGNORECASE)
_ENGLISH_LEVEL_WORDS = re.compile(r"^(?:kingamphoe|amphoe|amphur|amphor|amphe|district)|(?:district)$")
_FOLDS = (("oo", "u"), ("ue", "u"), ("ph", "p"), ("th", "t"), ("kh", "k"), ("ch", "c"), ("dh", "d"), ("ee", "i"))
_CAPITAL_TH = "เมือง"


class DistrictLookupError(ValueError):
    """A value does not name a district of the province."""


class UnknownDistrictError(DistrictLookupError):
    """No district of ``province_code`` has this code or name; ``suggestions`` are close names."""

    def __init__(self, value: object, province_code: str, suggestions: list[str] | tuple[str, ...] = ()):
        self.value = value
        self.province_code = province_code
        self.suggestions = list(suggestions)
        province = geothai.province(str(province_code))
        where = f"{province_code} {province.name_en}" if province else str(province_code)
        hint = f"; close matches: {', '.join(self.suggestions)}" if self.suggestions else ""
        super().__init__(
            f"{value!r} is not a district of province {where}{hint} (a 4-digit DOPA code, an HDX code such as "
            f"TH{province_code}01, or a Thai/English name)"
        )


class WrongProvinceError(DistrictLookupError):
    """``value`` is district ``district_code`` of province ``actual_province_code``, not of ``province_code``."""

    def __init__(self, value: object, province_code: str, district_code: str):
        self.value = value
        self.province_code = province_code
        self.district_code = district_code
        district = geothai.district(district_code)
        assert district is not None, district_code  # raised only for a code geothai resolved
        self.actual_province_code = district.province_code
        actual = geothai.province(district.province_code)
        assert actual is not None, district.province_code
        wanted = geothai.province(str(province_code))
        super().__init__(
            f"{value!r} is district {district_code} {district.name_en} of province {actual.code} {actual.name_en}, "
            f"not of province {province_code} {wanted.name_en if wanted else ''}".rstrip()
        )


def _check_province(province_code: str) -> str:
    code = str(province_code).strip()
    if geothai.province(code) is None:
        raise ValueError(
            f"province code {province_code!r} is not a DOPA province code; allowed: 10 to 96, e.g. 34 Ubon Ratchathani"
        )
    return code


def province_districts(province_code: str) -> pd.DataFrame:
    """The province's districts: columns district_code (4-digit str), name_th, name_en, sorted by code."""
    code = _check_province(province_code)
    rows = [(d.code, d.name_th, d.name_en) for d in geothai.districts(code)]
    return pd.DataFrame(rows, columns=["district_code", "name_th", "name_en"]).sort_values(
        "district_code", ignore_index=True
    )


def province_subdistricts(province_code: str) -> pd.DataFrame:
    """The province's subdistricts (tambon): columns subdistrict_code (6-digit str),
    district_code, name_th, name_en, sorted by code."""
    code = _check_province(province_code)
    rows = [
        (s.code, s.district_code, s.name_th, s.name_en)
        for d in geothai.districts(code)
        for s in geothai.subdistricts(d.code)
    ]
    frame = pd.DataFrame(rows, columns=["subdistrict_code", "district_code", "name_th", "name_en"])
    return frame.sort_values("subdistrict_code", ignore_index=True)


def district_name(district_code: str, lang: str = "th") -> str:
    """The Thai (``lang='th'``) or English name of a district code; KeyError if unknown."""
    district = geothai.district(str(district_code))
    if district is None:
        raise KeyError(f"no district has the code {district_code!r}")
    return district.name_th if lang == "th" else district.name_en


def name_key(text: str) -> str:
    """An exact comparison key: ``geothai.normalize`` (case, spaces, dots, hyphens, Thai level prefix)."""
    return geothai.normalize(str(text))


def fold_key(text: str) -> str:
    """A tolerant comparison key: ``name_key`` without an English level word, with romanisation folded."""
    key = name_key(text)
    if not key.isascii():
        return key
    key = _ENGLISH_LEVEL_WORDS.sub("", key)
    for old, new in _FOLDS:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)


@lru_cache(maxsize=128)
def _index(province_code: str) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str]]:
    """Exact keys -> codes, folded keys -> codes, and a display label per folded key (for suggestions)."""
    exact: dict[str, set[str]] = {}
    folded: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for d in geothai.districts(province_code):
        for name in (d.name_th, d.name_en):
            exact.setdefault(name_key(name), set()).add(d.code)
            folded.setdefault(fold_key(name), set()).add(d.code)
            labels[fold_key(name)] = name
    return exact, folded, labels


def _capital(key: str, province_code: str) -> str | None:
    """'เมือง', 'Mueang', 'Muang', 'Mueang Ubon' -> the capital district XX01 when it exists."""
    if province_code == "10":
        return None
    province = geothai.province(province_code)
    if province is None:
        return None
    for prefix, full in ((_CAPITAL_TH, name_key(province.name_th)), ("muang", fold_key(province.name_en))):
        if key.startswith(prefix):
            rest = key[len(prefix) :]
            if rest == "" or (len(rest) >= 3 and full.startswith(rest)):
                capital = f"{province_code}01"
                return capital if geothai.district(capital) else None
    return None


def _match_in(value: str, province_code: str) -> str | None:
    exact, folded, _ = _index(province_code)
    key = name_key(value)
    if not key:
        return None
    codes = exact.get(key)
    if not codes:
        fkey = fold_key(value)
        codes = folded.get(fkey) or ({c} if (c := _capital(fkey if fkey.isascii() else key, province_code)) else None)
    if codes and len(codes) == 1:
        return next(iter(codes))
    return None


def _suggest(value: str, province_code: str) -> list[str]:
    _, folded, labels = _index(province_code)
    close = difflib.get_close_matches(fold_key(value), list(folded), n=3, cutoff=0.6)
    return [f"{next(iter(folded[k]))} {labels[k]}" for k in close]


def resolve_district(value: object, province_code: str) -> str:
    """A district code (4-digit str) of ``province_code`` for a DOPA code, an HDX code
    ("TH3401") or a Thai/English name with common variants. Raises ``WrongProvinceError``
    for a district of another province and ``UnknownDistrictError`` otherwise."""
    province_code = _check_province(province_code)
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    if isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:04d}"
    code_match = _CODE.match(text)
    if code_match:
        code = code_match.group(1)
        district = geothai.district(code)
        if district is None:
            raise UnknownDistrictError(value, province_code)
        if district.province_code != province_code:
            raise WrongProvinceError(value, province_code, code)
        return code
    found = _match_in(text, province_code)
    if found:
        return found
    for other in geothai.provinces():  # a real district elsewhere gets the more useful error
        if other.code != province_code:
            elsewhere = _match_in(text, other.code)
            # a bare "Mueang" means the own capital; it only gets here where there is none (Bangkok)
            if elsewhere and name_key(text) not in ("", "เมือง", "mueang", "muang"):
                raise WrongProvinceError(value, province_code, elsewhere)
    raise UnknownDistrictError(value, province_code, _suggest(text, province_code))


def resolve_districts(values: Iterable[str], province_code: str) -> list[str]:
    """``resolve_district`` for each value, in order (raises on the first bad one)."""
    return [resolve_district(v, province_code) for v in values]
