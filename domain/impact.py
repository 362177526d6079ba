"""Impact figures: the record's fields, row-by-row validation of imported files,
village → district roll-up, province totals, change since the previous report,
readable class breaks and evacuation-centre checks (exports: ``ops.exports``). Pure: no IO.

A validated impact frame has one row per district and report time with the columns
``district_code`` (4-digit DOPA), ``report_time`` (aware UTC datetime), every name in
``FIELDS`` (int, or float for rai) and ``declared_zone_date`` (``datetime.date`` or None).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import geothai
import numpy as np
import pandas as pd

from geo.gazetteer import DistrictLookupError, WrongProvinceError, resolve_district
from i18n import CATALOGUE, t
from i18n.timefmt import BANGKOK, BE_OFFSET, TH_MONTHS

RAI_M2 = 1600.0


@dataclass(frozen=True)
class Field:
    name: str
    unit: str  # i18n key suffix: impact.unit.<unit>
    is_float: bool = False


FIELDS: tuple[Field, ...] = (
    Field("affected_subdistricts", "subdistricts"),
    Field("affected_villages", "villages"),
    Field("affected_households", "households"),
    Field("affected_people", "people"),
    Field("evacuated_households", "households"),
    Field("evacuated_people", "people"),
    Field("deaths", "people"),
    Field("injured", "people"),
    Field("missing", "people"),
    Field("houses_destroyed", "houses"),
    Field("houses_damaged", "houses"),
    Field("farm_rice_rai", "rai", True),
    Field("farm_horticulture_rai", "rai", True),
    Field("farm_field_crops_rai", "rai", True),
    Field("farm_other_rai", "rai", True),
    Field("livestock_head", "head"),
    Field("fish_ponds", "ponds"),
    Field("roads_damaged", "roads"),
    Field("bridges_damaged", "places"),
    Field("weirs_damaged", "places"),
    Field("centres_open", "places"),
    Field("people_in_centres", "people"),
    Field("people_with_relatives", "people"),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
FLOAT_FIELDS = frozenset(f.name for f in FIELDS if f.is_float)
FARM_FIELDS = ("farm_rice_rai", "farm_horticulture_rai", "farm_field_crops_rai", "farm_other_rai")
EVACUATION_PAIRS = (("evacuated_people", "affected_people"), ("evacuated_households", "affected_households"))
# indicators the map offers: name -> how to compute it from a report frame
INDICATORS = ("affected_households", "affected_people", "evacuated_people", "flooded_rai", "farmland_rai")
FUTURE_TOLERANCE = timedelta(minutes=10)

# Highest plausible figure of one district report, by unit. geothai carries no population
# (nor do the reference files), so these are documented ceilings rather than the province's
# own figures: Bangkok, the most populous province, has about 5.5 million registered people
# and Nakhon Ratchasima, the largest, about 12.8 million rai. Each ceiling is far below
# 2,147,483,647, PostgreSQL's INTEGER limit, so SQLite and PostgreSQL accept the same values.
CEILINGS = {
    "people": 10_000_000,
    "households": 5_000_000,
    "rai": 20_000_000,
    "head": 100_000_000,
    "subdistricts": 100_000,
    "villages": 100_000,
    "houses": 5_000_000,
    "ponds": 5_000_000,
    "roads": 1_000_000,
    "places": 1_000_000,
}
FIELD_CEILINGS = {f.name: CEILINGS[f.unit] for f in FIELDS}


@dataclass(frozen=True)
class Problem:
    """One bad cell or row: ``code`` picks the message (``impact.err.<code>``)."""

    row: int
    column: str
    code: str
    value: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str) -> str:
        label = f"impact.field.{self.column}"
        column = t(label, lang) if label in CATALOGUE else self.column
        text = t(f"impact.err.{self.code}", lang, value=self.value, column=column, **dict(self.params))
        return t("impact.err.at_row", lang, row=self.row, text=text) if self.row else text


@dataclass
class Validation:
    """Outcome of checking a file: ``records`` is meaningful only when ``ok``."""

    records: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    skipped_other_province: int = 0  # rows a national file labels with another province

    @property
    def ok(self) -> bool:
        return not self.problems

    def messages(self, lang: str) -> list[str]:
        return [p.message(lang) for p in self.problems]


# ---- cells -------------------------------------------------------------------------------


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


# ---- impact validation ---------------------------------------------------------------------


def validate_impact_rows(rows: pd.DataFrame, level: str, province_code: str, now: datetime) -> Validation:
    """Check every row of a parsed file (``data_sources.impact_files.ParsedImpact.rows``).
    Rows whose province column names another province are skipped and counted (DDPM's
    files cover the whole country). Reports unknown district, wrong province (a district of
    another province in a row not labelled so), non-numeric / negative / fractional counts,
    evacuated > affected, duplicate rows and dates in the future; when there is no problem,
    ``records`` holds the district-level roll-up."""
    problems: list[Problem] = []
    clean: list[dict] = []
    seen: dict[tuple, int] = {}
    totals: dict[tuple, dict] = {}
    districts = _Districts(province_code)
    skipped = 0
    for cells in rows.to_dict("records"):
        row_no = int(cells["row"])
        if _other_province(cells.get("province"), province_code):
            skipped += 1
            continue
        record, row_problems = _check_impact_row(cells, row_no, level, province_code, now, districts)
        problems.extend(row_problems)
        if record is None:
            continue
        key = (record["district_code"], record["report_time"], record.get("village", ""))
        if key in seen:
            problems.append(
                Problem(row_no, "district", "duplicate", str(cells.get("district", "")), (("first", str(seen[key])),))
            )
            continue
        seen[key] = row_no
        clean.append(record)
        problems.extend(_over_ceiling_in_total(totals, record, row_no))
    if not clean and not problems:
        problems.append(_no_rows(rows, skipped))
    records = roll_up(pd.DataFrame(clean), level) if clean and not problems else empty_reports()
    return Validation(records=records, problems=problems, rows_read=len(rows), skipped_other_province=skipped)


def _no_rows(rows: pd.DataFrame, skipped: int) -> Problem:
    """A file with headers and no data row for the province is a failure, never "ok, 0 rows"."""
    if skipped:
        return Problem(int(rows["row"].max()), "province", "no_rows_for_province", params=(("skipped", str(skipped)),))
    return Problem(0, "district", "no_rows")


def _over_ceiling_in_total(totals: dict, record: dict, row_no: int) -> list[Problem]:
    """Village rows add up to one district report: its sum must stay under the ceilings too
    (each row may be plausible and the sum still not)."""
    key = (record["district_code"], record["report_time"])
    running = totals.setdefault(key, dict.fromkeys(FIELD_NAMES, 0))
    found = []
    for name in FIELD_NAMES:
        running[name] += record[name]
        if running[name] > FIELD_CEILINGS[name] >= running[name] - record[name]:
            found.append(
                Problem(
                    row_no,
                    name,
                    "total_too_large",
                    f"{running[name]:,.0f}",
                    (("ceiling", f"{FIELD_CEILINGS[name]:,.0f}"),),
                )
            )
    return found


def _other_province(value: object, province_code: str) -> bool:
    """True when a row says it belongs to another province (DDPM's files are national):
    a province code other than ours, or the name of another province."""
    text = "" if value is None else str(value).strip()
    if not text:
        return False
    if text.isdigit():
        return text.zfill(2) != province_code
    ours = geothai.province(province_code)
    key = geothai.normalize(text)
    if ours is not None and key in (geothai.normalize(ours.name_th), geothai.normalize(ours.name_en)):
        return False
    return any(key in (geothai.normalize(p.name_th), geothai.normalize(p.name_en)) for p in geothai.provinces())


class _Districts:
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


def _check_impact_row(
    cells: dict, row_no: int, level: str, province_code: str, now: datetime, districts: _Districts
) -> tuple[dict | None, list[Problem]]:
    problems: list[Problem] = []
    record: dict = {}
    code = districts.check(cells.get("district", ""), row_no, problems)
    if code is not None:
        record["district_code"] = code
    for column, key in (("report_time", "report_time"), ("declared_zone_date", "declared_zone_date")):
        raw = cells.get(column, "")
        if column == "declared_zone_date" and not str(raw or "").strip():
            record[key] = None
            continue
        try:
            when = parse_report_time(raw)
        except CellError as exc:
            problems.append(Problem(row_no, column, exc.code, str(raw)))
            continue
        if when > now + FUTURE_TOLERANCE:
            problems.append(Problem(row_no, column, "future", str(raw)))
        record[key] = when if column == "report_time" else when.astimezone(BANGKOK).date()
    for f in FIELDS:
        raw = cells.get(f.name, "")
        try:
            record[f.name] = parse_count(raw, f.is_float, FIELD_CEILINGS[f.name])
        except CellError as exc:
            problems.append(Problem(row_no, f.name, exc.code, str(raw), tuple(exc.params.items())))
    for evacuated, affected in EVACUATION_PAIRS:
        if evacuated in record and affected in record and record[evacuated] > record[affected]:
            problems.append(
                Problem(
                    row_no,
                    evacuated,
                    "evacuated_gt_affected",
                    str(record[evacuated]),
                    (("affected", str(record[affected])),),
                )
            )
    if level == "village":
        record["village"] = str(cells.get("village", "") or "")
        record["subdistrict"] = str(cells.get("subdistrict", "") or "")
    return (None if problems else record), problems


def empty_reports() -> pd.DataFrame:
    return pd.DataFrame(columns=["district_code", "report_time", *FIELD_NAMES, "declared_zone_date"])


def roll_up(records: pd.DataFrame, level: str) -> pd.DataFrame:
    """Village rows -> one row per district and report time: figures summed, affected
    subdistricts and villages counted (distinct non-empty values), the earliest declared
    date kept. District rows pass through."""
    if records.empty:
        return empty_reports()
    keys = ["district_code", "report_time"]
    sums = records.groupby(keys, sort=True)[list(FIELD_NAMES)].sum()
    declared = records.groupby(keys, sort=True)["declared_zone_date"].agg(
        lambda s: min((d for d in s if d is not None), default=None)
    )  # type: ignore[type-var]  # pandas-stubs: agg's lambda may return None (no declared date)
    out = sums.join(declared)
    if level == "village":
        grouped = records.groupby(keys, sort=True)
        out["affected_subdistricts"] = grouped["subdistrict"].agg(lambda s: s[s != ""].nunique())
        out["affected_villages"] = grouped["village"].agg(
            lambda s: s[s != ""].nunique() + (s == "").sum()
        )  # rows without a village key count once each
    out = out.reset_index()
    for name in FIELD_NAMES:
        out[name] = out[name].astype(float if name in FLOAT_FIELDS else "int64")
    out["declared_zone_date"] = out["declared_zone_date"].astype(object).where(out["declared_zone_date"].notna(), None)
    return out[["district_code", "report_time", *FIELD_NAMES, "declared_zone_date"]]


def validate_form(values: dict, now: datetime) -> list[Problem]:
    """The entry form's figures (already numbers): negative, evacuated > affected, future time."""
    problems = []
    for f in FIELDS:
        v = values.get(f.name, 0) or 0
        if v < 0:
            problems.append(Problem(0, f.name, "negative", str(v)))
        elif v > FIELD_CEILINGS[f.name]:
            problems.append(Problem(0, f.name, "too_large", str(v), (("ceiling", f"{FIELD_CEILINGS[f.name]:,.0f}"),)))
    for evacuated, affected in EVACUATION_PAIRS:
        if (values.get(evacuated) or 0) > (values.get(affected) or 0):
            problems.append(
                Problem(
                    0,
                    evacuated,
                    "evacuated_gt_affected",
                    str(values[evacuated]),
                    (("affected", str(values[affected])),),
                )
            )
    if values.get("report_time") and values["report_time"] > now + FUTURE_TOLERANCE:
        problems.append(Problem(0, "report_time", "future", str(values["report_time"])))
    return problems


def changes(previous: dict | None, new: dict) -> list[tuple[str, object, object]]:
    """(field, before, after) for every figure that differs from the previous report."""
    names = (*FIELD_NAMES, "declared_zone_date")
    before = previous or {}
    out = []
    for name in names:
        old, now_value = before.get(name), new.get(name)
        if _differs(old, now_value):
            out.append((name, old, now_value))
    return out


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        return not math.isclose(float(a or 0), float(b or 0), abs_tol=1e-9)
    return (a or None) != (b or None)


# ---- totals, history, indicators -----------------------------------------------------------


def add_indicators(reports: pd.DataFrame, flooded: pd.DataFrame | None = None) -> pd.DataFrame:
    """Adds ``farmland_rai`` (all crops) and ``flooded_rai`` (from a frame of
    district_code, area_rai; 0 where absent)."""
    out = reports.copy()
    out["farmland_rai"] = out[list(FARM_FIELDS)].sum(axis=1) if not out.empty else pd.Series(dtype=float)
    areas = (
        {}
        if flooded is None or flooded.empty
        else dict(zip(flooded["district_code"], flooded["area_rai"], strict=True))
    )
    out["flooded_rai"] = [float(areas.get(code, 0.0)) for code in out["district_code"]]
    return out


def latest_per_district(history: pd.DataFrame, as_of: datetime | None = None) -> pd.DataFrame:
    """The last report of each district at or before ``as_of`` (all when None)."""
    if history.empty:
        return history
    frame = history if as_of is None else history[history["report_time"] <= as_of]
    return (
        frame.sort_values("report_time")
        .groupby("district_code", as_index=False)
        .tail(1)
        .sort_values("district_code", ignore_index=True)
    )


def report_times(history: pd.DataFrame) -> list[datetime]:
    return sorted(set(history["report_time"])) if not history.empty else []


def change_since_previous(history: pd.DataFrame) -> pd.DataFrame:
    """Province totals now and at the previous report time (each district's latest report
    at or before that time): columns field, current, previous, change. ``previous`` is NaN
    when there is only one report time."""
    times = report_times(history)
    current = latest_per_district(history)[list(FIELD_NAMES)].sum() if times else pd.Series(0, index=list(FIELD_NAMES))
    if len(times) >= 2:
        previous = latest_per_district(history, times[-2])[list(FIELD_NAMES)].sum()
    else:
        previous = pd.Series(np.nan, index=list(FIELD_NAMES))
    out = pd.DataFrame(
        {"field": list(FIELD_NAMES), "current": current.values.astype(float), "previous": previous.values.astype(float)}
    )
    out["change"] = out["current"] - out["previous"]
    return out


def declared_zones(latest: pd.DataFrame) -> pd.DataFrame:
    """Districts with a declared disaster-assistance zone: district_code, declared_zone_date."""
    if latest.empty:
        return pd.DataFrame(columns=["district_code", "declared_zone_date"])
    declared = latest[latest["declared_zone_date"].notna()]
    return declared[["district_code", "declared_zone_date"]].sort_values("declared_zone_date", ignore_index=True)


# ---- class breaks ---------------------------------------------------------------------------


def class_breaks(values: Iterable[float], k: int = 5) -> list[float]:
    """Upper bounds of up to ``k`` classes of the positive values, by Fisher–Jenks natural
    breaks (optimal grouping minimising within-class variance), so one dominant district
    gets a class of its own instead of squeezing the rest into one colour. Zero is not a
    class: ``classify`` shows it as "0". Fewer classes when there are fewer distinct values."""
    positive = sorted(float(v) for v in values if v is not None and not pd.isna(v) and v > 0)
    distinct = sorted(set(positive))
    if len(distinct) <= k:
        return distinct
    return _jenks(positive, k)


def _jenks(data: list[float], k: int) -> list[float]:
    n = len(data)
    prefix = np.concatenate([[0.0], np.cumsum(data)])
    prefix2 = np.concatenate([[0.0], np.cumsum(np.square(data))])

    def cost(i: int, j: int) -> float:  # variance sum of data[i:j]
        s, s2, m = prefix[j] - prefix[i], prefix2[j] - prefix2[i], j - i
        return s2 - s * s / m

    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    cut = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for c in range(1, k + 1):
        for j in range(c, n + 1):
            for i in range(c - 1, j):
                value = best[c - 1][i] + cost(i, j)
                if value < best[c][j]:
                    best[c][j], cut[c][j] = value, i
    bounds, j = [], n
    for c in range(k, 0, -1):
        bounds.append(data[j - 1])
        j = cut[c][j]
    return sorted(set(bounds))


def classify(values: Iterable[float], breaks: list[float], decimals: int = 0) -> list[str]:
    """A class label per value: '0' for zero/blank, else 'low–high' of its class."""
    labels = class_labels(breaks, decimals)
    out = []
    for v in values:
        if v is None or pd.isna(v) or v <= 0:
            out.append("0")
            continue
        idx = next((i for i, b in enumerate(breaks) if v <= b + 1e-9), len(breaks) - 1)
        out.append(labels[idx])
    return out


def class_labels(breaks: list[float], decimals: int = 0) -> list[str]:
    """Ordered labels for ``breaks``: '≤ 120', '120 – 900', ... (upper bound inclusive)."""
    labels, low = [], None
    for b in breaks:
        labels.append(f"≤ {b:,.{decimals}f}" if low is None else f"{low:,.{decimals}f} – {b:,.{decimals}f}")
        low = b
    return labels


# ---- flood extent -----------------------------------------------------------------------------


def areas_from_attributes(features: pd.DataFrame) -> pd.DataFrame:
    """Without district polygons: sum the source's own ``area_m2`` per ``district_code``
    -> district_code, area_km2, area_rai."""
    if features.empty:
        return pd.DataFrame(columns=["district_code", "area_km2", "area_rai"])
    sums = features.groupby("district_code", as_index=False)["area_m2"].sum()
    return pd.DataFrame(
        {
            "district_code": sums["district_code"],
            "area_km2": sums["area_m2"] / 1e6,
            "area_rai": sums["area_m2"] / RAI_M2,
        }
    )


# ---- evacuation centres ------------------------------------------------------------------------

SHELTER_COLUMNS = (
    "district_code",
    "name",
    "village",
    "lat",
    "lon",
    "capacity",
    "people_now",
    "water",
    "toilets",
    "medical",
    "opened_on",
    "closed_on",
)
LAT_RANGE, LON_RANGE = (5.0, 21.0), (97.0, 106.0)  # Thailand


def validate_shelter_rows(rows: pd.DataFrame, province_code: str, now: datetime) -> Validation:
    """Check an evacuation-centre file (``data_sources.impact_files.parse_shelter_table``):
    district, name, whole non-negative capacity and occupancy, coordinates in Thailand,
    yes/no facilities, dates (opened not in the future, closed not before opened),
    duplicate name in a district. ``records`` has ``SHELTER_COLUMNS``."""
    problems: list[Problem] = []
    clean: list[dict] = []
    seen: dict[tuple, int] = {}
    districts = _Districts(province_code)
    for cells in rows.to_dict("records"):
        row_no = int(cells["row"])
        record, row_problems = _check_shelter_row(cells, row_no, province_code, now, districts)
        problems.extend(row_problems)
        if record is None:
            continue
        key = (record["district_code"], record["name"].casefold())
        if key in seen:
            problems.append(Problem(row_no, "name", "duplicate", record["name"], (("first", str(seen[key])),)))
            continue
        seen[key] = row_no
        clean.append(record)
    if rows.empty:
        problems.append(Problem(0, "name", "no_rows"))
    records = (
        pd.DataFrame(clean, columns=list(SHELTER_COLUMNS))
        if not problems
        else pd.DataFrame(columns=list(SHELTER_COLUMNS))
    )
    return Validation(records=records, problems=problems, rows_read=len(rows))


def _check_shelter_row(
    cells: dict, row_no: int, province_code: str, now: datetime, districts: _Districts
) -> tuple[dict | None, list[Problem]]:
    problems: list[Problem] = []
    record: dict = {"name": str(cells.get("name", "")).strip(), "village": str(cells.get("village", "") or "").strip()}
    if not record["name"]:
        problems.append(Problem(row_no, "name", "no_name"))
    code = districts.check(cells.get("district", ""), row_no, problems)
    if code is not None:
        record["district_code"] = code
    for column in ("capacity", "people_now"):
        try:
            record[column] = parse_count(cells.get(column, ""), ceiling=CEILINGS["people"])
        except CellError as exc:
            problems.append(Problem(row_no, column, exc.code, str(cells.get(column, "")), tuple(exc.params.items())))
    for column, (low, high) in (("lat", LAT_RANGE), ("lon", LON_RANGE)):
        raw = str(cells.get(column, "") or "").strip()
        if not raw:
            record[column] = None
            continue
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if not (low <= value <= high):
            problems.append(Problem(row_no, column, "out_of_range", raw, (("low", str(low)), ("high", str(high)))))
        record[column] = value
    for column in ("water", "toilets", "medical"):
        try:
            record[column] = parse_flag(cells.get(column, ""))
        except CellError as exc:
            problems.append(Problem(row_no, column, exc.code, str(cells.get(column, ""))))
    for column in ("opened_on", "closed_on"):
        raw = str(cells.get(column, "") or "").strip()
        record[column] = None
        if raw:
            try:
                when = parse_report_time(raw)
            except CellError as exc:
                problems.append(Problem(row_no, column, exc.code, raw))
                continue
            if when > now + FUTURE_TOLERANCE:
                problems.append(Problem(row_no, column, "future", raw))
            record[column] = when.astimezone(BANGKOK).date()
    if record.get("opened_on") and record.get("closed_on") and record["closed_on"] < record["opened_on"]:
        problems.append(Problem(row_no, "closed_on", "closed_before_opened", str(record["closed_on"])))
    return (None if problems else record), problems


def rank_shelters(centres: pd.DataFrame, today: date) -> pd.DataFrame:
    """Adds ``occupancy`` (people_now / capacity, NaN without capacity) and ``is_open``
    (opened, not yet closed on ``today``); open centres first, fullest first."""
    out = centres.copy()
    if out.empty:
        return out.assign(occupancy=pd.Series(dtype=float), is_open=pd.Series(dtype=bool))
    capacity = out["capacity"].astype(float).replace(0, np.nan)
    out["occupancy"] = out["people_now"].astype(float) / capacity
    out["is_open"] = [(c is None or pd.isna(c) or c > today) for c in out["closed_on"]]
    return out.sort_values(["is_open", "occupancy"], ascending=[False, False], na_position="last", ignore_index=True)
