"""One cell of an imported impact or shelter file: counts ('1,234', Thai digits), report
times (ISO, d/m/Y, Thai month names, Buddhist era, Excel serial days), yes/no flags, and
district names resolved once per distinct value. Raise ``CellError`` with a catalogue code
(``impact.err.<code>``). Pure: no IO."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta

from domain.impact import Problem
from geo.gazetteer import DistrictLookupError, WrongProvinceError, resolve_district
from i18n.timefmt import BANGKOK, BE_OFFSET, TH_MONTHS


class CellError(ValueError):
    def __init__(self, code: str, **params: str):
        super().__init__(code)
        self.code = code
        self.params = params


THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


# digits with optional thousands separators in threes ('1,234,567'), an optional sign and
# decimals: '1,2,3' is a typing slip, not 123, and 'nan'/'inf' are no figures at all
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?$")


def parse_count(text: object, is_float: bool = False, ceiling: float | None = None) -> float | int:
    """'1,234' or '๑,๒๓๔' -> 1234; '' or '-' -> 0; raises ``CellError`` ('not_number' for
    '1,2,3', 'nan', 'abc'; 'not_whole', 'negative', 'too_large' above ``ceiling``)."""
    raw = "" if text is None else str(text).strip().translate(THAI_DIGITS)
    if raw in ("", "-"):
        return 0.0 if is_float else 0
    if not _NUMBER.match(raw):
        raise CellError("not_number")
    value = float(raw.replace(",", ""))
    if not math.isfinite(value):
        raise CellError("not_number")
    if value < 0:
        raise CellError("negative")
    if ceiling is not None and value > ceiling:
        raise CellError("too_large", ceiling=f"{ceiling:,.0f}")
    if is_float:
        return value
    if not value.is_integer():
        raise CellError("not_whole")
    return int(value)


_TH_MONTH = {m.replace(".", ""): i + 1 for i, m in enumerate(TH_MONTHS)}
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_THAI = re.compile(r"^(\d{1,2})\s*([ก-๙.]+)\s*(\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?")


def parse_report_time(text: object) -> datetime:
    """A date or date-time as written in Thai offices -> aware UTC datetime.
    Accepts ISO ('2026-10-12', '2026-10-12 14:00', with offset), d/m/Y and '12 ต.ค. 2569';
    an Excel serial day number and Thai digits; a year above 2400 is Buddhist era; a time
    without zone is Bangkok time; a bare date is 00:00 Bangkok. Raises ``CellError('not_date')``."""
    raw = "" if text is None else str(text).strip().translate(THAI_DIGITS)
    if not raw:
        raise CellError("no_date")
    parsed = _parse_local(raw)
    if parsed is None:
        raise CellError("not_date")
    if parsed.year > 2400:
        parsed = parsed.replace(year=parsed.year - BE_OFFSET)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=BANGKOK)
    return parsed.astimezone(UTC)


def _parse_local(raw: str) -> datetime | None:
    if re.fullmatch(r"\d{5}(\.\d+)?", raw) and 20000 <= float(raw) <= 80000:  # an Excel serial day number
        return datetime(1899, 12, 30) + timedelta(days=float(raw))
    if m := _DMY.match(raw):
        d, mo, y, hh, mm, ss = m.groups()
        try:
            return datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
        except ValueError:
            return None
    if m := _THAI.match(raw):
        month = _TH_MONTH.get(m.group(2).replace(".", ""))
        if month is None:
            return None
        try:
            return datetime(int(m.group(3)), month, int(m.group(1)), int(m.group(4) or 0), int(m.group(5) or 0))
        except ValueError:
            return None
    try:
        iso = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return iso


def parse_flag(text: object) -> bool:
    """Yes/no cells: 'yes', 'true', '1', 'มี', '✓' are True; '' and 'no', 'ไม่มี' False."""
    raw = "" if text is None else str(text).strip().lower()
    if raw in ("yes", "y", "true", "1", "มี", "✓", "x"):
        return True
    if raw in ("", "no", "n", "false", "0", "ไม่มี", "-"):
        return False
    raise CellError("not_flag")


class DistrictResolver:
    """``resolve_district`` once per distinct value of a file (files repeat names a lot;
    an unknown name is searched in every province, ~3 ms)."""

    def __init__(self, province_code: str):
        self.province_code = province_code
        self.seen: dict[str, str | DistrictLookupError] = {}

    def check(self, value: object, row_no: int, problems: list[Problem]) -> str | None:
        key = "" if value is None else str(value).strip()
        if key not in self.seen:
            try:
                self.seen[key] = resolve_district(key, self.province_code)
            except DistrictLookupError as exc:
                self.seen[key] = exc
        found = self.seen[key]
        if isinstance(found, WrongProvinceError):
            problems.append(
                Problem(
                    row_no,
                    "district",
                    "wrong_province",
                    key,
                    (("province", self.province_code), ("actual", found.actual_province_code)),
                )
            )
        elif isinstance(found, DistrictLookupError):
            problems.append(Problem(row_no, "district", "unknown_district", key, (("province", self.province_code),)))
        else:
            return found
        return None
