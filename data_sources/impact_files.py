"""Readers for impact-report and evacuation-centre files (CSV or XLSX).

Three impact layouts are recognised from their headers:

``gd027``
    DDPM open data "GD027 สถิติรายปีการเกิดอุทกภัย" from 2023 (BE 2566): one row per
    village and event. Figures with the same Thai name and different units
    (ผู้ได้รับผลกระทบ คน / ครัวเรือน) may be written "ผู้ได้รับผลกระทบ(คน)", as a second
    header row of units, or as the bare name twice in the dictionary's order.
``ddpm_district``
    DDPM's BE 2563–2565 (2020–2022) files: one row per district and event, headers
    such as ราษฎร(คน), อพยพ(ครัวเรือน), นาข้าว(ไร่), ถนน(สาย).
``en``
    Our own English layout: the field names of ``domain.impact.FIELDS`` plus
    ``district`` and ``report_time`` (and optionally ``subdistrict``/``village``).

``parse_impact_table(raw)`` returns a ``ParsedImpact``: a frame of *text* cells with
the canonical column names (``row`` = the spreadsheet row number, ``district``,
``report_time``, ``province``, ``subdistrict``, ``village``, then figures), the
layout, its level (``village`` or ``district``) and the headers that were ignored.
Checking the values is ``domain.impact_validation``'s and ``domain.shelters``' job. Mappings worth knowing:

* GD027 ด้านที่อยู่อาศัย (housing, หลัง/แห่ง) → ``houses_damaged`` (partly damaged),
  ด้านการเกษตร (ไร่, not split by crop) → ``farm_other_rai``,
  ด้านคมนาคม (transport, แห่ง) → ``roads_damaged``, ด้านประมง → ``fish_ponds``.
* 2020–2022 บ้านพักอาศัย(หลัง) → ``houses_destroyed``, บ้านเรือนบางส่วน(หลัง) →
  ``houses_damaged``; บ่อปลา + บ่อกุ้ง → ``fish_ponds``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data_sources.errors import SourceFormatError
from data_sources.spreadsheets import SOURCE, read_table

UNITS = {"คน", "ครัวเรือน", "ไร่", "หลัง", "แห่ง", "ตัว", "บ่อ", "สาย", "หลัง/แห่ง", "บ่อ/กระชัง/ไร่", "หน่วย"}

# GD027: dictionary name (or name(unit)) -> canonical column
GD027_COLUMNS = {
    "รหัสจังหวัด": "province",
    "จังหวัด": "province_name",
    "รหัสอำเภอ": "district",
    "อำเภอ": "district_name",
    "รหัสตำบล": "subdistrict",
    "ตำบล": "subdistrict_name",
    "หมู่ที่": "moo",
    "รหัสเทศบาล": "municipality_code",
    "เทศบาล": "municipality",
    "ชุมชน": "community",
    "รหัสหมู่บ้าน": "village",
    "วันที่เกิดภัย": "report_time",
    "วันที่ประกาศเขตช่วยเหลือ": "declared_zone_date",
    "ผู้ได้รับผลกระทบ(คน)": "affected_people",
    "ผู้ได้รับผลกระทบ(ครัวเรือน)": "affected_households",
    "ผู้อพยพ(คน)": "evacuated_people",
    "ผู้อพยพ(ครัวเรือน)": "evacuated_households",
    "ผู้เสียชีวิต(คน)": "deaths",
    "ผู้เสียชีวิต": "deaths",
    "สูญหาย(คน)": "missing",
    "สูญหาย": "missing",
    "ผู้บาดเจ็บ(คน)": "injured",
    "ผู้บาดเจ็บ": "injured",
    "ด้านที่อยู่อาศัย(หลัง/แห่ง)": "houses_damaged",
    "ด้านที่อยู่อาศัย": "houses_damaged",
    "ด้านการเกษตร(ไร่)": "farm_other_rai",
    "ด้านการเกษตร": "farm_other_rai",
    "ด้านปศุสัตว์(ตัว)": "livestock_head",
    "ด้านปศุสัตว์": "livestock_head",
    "ด้านประมง(บ่อ/กระชัง/ไร่)": "fish_ponds",
    "ด้านประมง": "fish_ponds",
    "ด้านคมนาคม(แห่ง)": "roads_damaged",
    "ด้านคมนาคม": "roads_damaged",
}
# bare names that occur twice in GD027, with their units in the dictionary's order
GD027_REPEATED = {"ผู้ได้รับผลกระทบ": ("คน", "ครัวเรือน"), "ผู้อพยพ": ("คน", "ครัวเรือน")}

DISTRICT_COLUMNS = {
    "รหัสจังหวัด": "province",
    "จังหวัด": "province_name",
    "รหัสอำเภอ": "district",
    "อำเภอ": "district_name",
    "วันที่เกิดภัย": "report_time",
    "วันที่รายงาน": "report_time",
    "วันที่": "report_time",
    "วันที่ประกาศเขตช่วยเหลือ": "declared_zone_date",
    "ตำบล/เทศบาล": "affected_subdistricts",
    "หมู่บ้าน/ชุมชน": "affected_villages",
    "ราษฎร(คน)": "affected_people",
    "ราษฎร(ครัวเรือน)": "affected_households",
    "อพยพ(คน)": "evacuated_people",
    "อพยพ(ครัวเรือน)": "evacuated_households",
    "เสียชีวิต(คน)": "deaths",
    "สูญหาย(คน)": "missing",
    "บาดเจ็บ(คน)": "injured",
    "บ้านพักอาศัย(หลัง)": "houses_destroyed",
    "บ้านเรือนบางส่วน(หลัง)": "houses_damaged",
    "นาข้าว(ไร่)": "farm_rice_rai",
    "พืชสวน(ไร่)": "farm_horticulture_rai",
    "พืชไร่(ไร่)": "farm_field_crops_rai",
    "โค/กระบือ/แพะ/แกะ/ไก่/เป็ด(ตัว)": "livestock_head",
    "บ่อปลา(บ่อ)": "fish_ponds",
    "บ่อกุ้ง(บ่อ)": "fish_ponds",
    "ถนน(สาย)": "roads_damaged",
    "สะพาน/คอฯ(แห่ง)": "bridges_damaged",
    "ทำนบ/ฝาย/เหมือง(แห่ง)": "weirs_damaged",
}

EN_FIGURES = (
    "affected_subdistricts",
    "affected_villages",
    "affected_households",
    "affected_people",
    "evacuated_households",
    "evacuated_people",
    "deaths",
    "injured",
    "missing",
    "houses_destroyed",
    "houses_damaged",
    "farm_rice_rai",
    "farm_horticulture_rai",
    "farm_field_crops_rai",
    "farm_other_rai",
    "livestock_head",
    "fish_ponds",
    "roads_damaged",
    "bridges_damaged",
    "weirs_damaged",
    "centres_open",
    "people_in_centres",
    "people_with_relatives",
)
EN_COLUMNS = {
    name: name
    for name in (*EN_FIGURES, "district", "report_time", "province", "subdistrict", "village", "declared_zone_date")
}

SHELTER_COLUMNS = {
    "name": "name",
    "ชื่อศูนย์": "name",
    "ชื่อศูนย์พักพิง": "name",
    "district": "district",
    "อำเภอ": "district",
    "รหัสอำเภอ": "district",
    "village": "village",
    "หมู่บ้าน": "village",
    "lat": "lat",
    "latitude": "lat",
    "ละติจูด": "lat",
    "lon": "lon",
    "longitude": "lon",
    "ลองจิจูด": "lon",
    "capacity": "capacity",
    "ความจุ(คน)": "capacity",
    "ความจุ": "capacity",
    "people_now": "people_now",
    "ผู้พักพิง(คน)": "people_now",
    "ผู้พักพิง": "people_now",
    "water": "water",
    "น้ำดื่ม": "water",
    "toilets": "toilets",
    "ห้องน้ำ": "toilets",
    "medical": "medical",
    "การแพทย์": "medical",
    "opened_on": "opened_on",
    "วันที่เปิด": "opened_on",
    "closed_on": "closed_on",
    "วันที่ปิด": "closed_on",
}
SHELTER_REQUIRED = ("name", "district", "capacity", "people_now")


@dataclass
class ParsedImpact:
    layout: str  # 'gd027' | 'ddpm_district' | 'en'
    level: str  # 'village' | 'district'
    rows: pd.DataFrame  # text cells, canonical columns, 'row' = sheet row number
    ignored: list[str] = field(default_factory=list)


def _key(header: object) -> str:
    """Header as matched: no whitespace, English lower-cased."""
    return re.sub(r"\s+", "", str(header)).lower()


def _headers(raw: pd.DataFrame) -> tuple[list[str], int]:
    """Header names and the index of the first data row; folds a second row of units
    into the names and gives repeated bare GD027 names their dictionary units."""
    names = [_key(v) for v in raw.iloc[0]]
    start = 1
    if len(raw) > 1:
        second = [_key(v) for v in raw.iloc[1]]
        filled = [v for v in second if v]
        if filled and all(v in UNITS for v in filled):
            names = [f"{n}({u})" if u else n for n, u in zip(names, second, strict=True)]
            start = 2
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        if n in GD027_REPEATED:
            units = GD027_REPEATED[n]
            k = seen.get(n, 0)
            seen[n] = k + 1
            if k < len(units):
                names[i] = f"{n}({units[k]})"
    return names, start


def _layout(names: list[str]) -> tuple[str, dict[str, str]]:
    present = set(names)
    if {"district", "report_time"} <= present:
        return "en", EN_COLUMNS
    if {_key(k) for k in ("ราษฎร(คน)", "อพยพ(คน)")} & present:
        return "ddpm_district", {_key(k): v for k, v in DISTRICT_COLUMNS.items()}
    if {"ผู้ได้รับผลกระทบ(คน)", "ผู้ได้รับผลกระทบ(ครัวเรือน)"} & present:
        return "gd027", {_key(k): v for k, v in GD027_COLUMNS.items()}
    raise SourceFormatError(
        SOURCE,
        "the headers match no known layout; expected DDPM GD027 (ผู้ได้รับผลกระทบ(คน), อำเภอ, วันที่เกิดภัย, ...), "
        "DDPM 2020–2022 (ราษฎร(คน), อพยพ(คน), ...) or the English layout (district, report_time, affected_people, "
        "...); "
        f"found: {', '.join(n for n in names if n)[:300]}",
    )


def _apply(raw: pd.DataFrame, names: list[str], start: int, mapping: dict[str, str]) -> tuple[pd.DataFrame, list[str]]:
    body = raw.iloc[start:].reset_index(drop=True)
    out = pd.DataFrame({"row": [int(i) + 1 for i in raw.index[start:]]})
    ignored = []
    for i, name in enumerate(names):
        target = mapping.get(name)
        if target is None:
            if name:
                ignored.append(name)
            continue
        values = body.iloc[:, i].astype(str)
        if target in out.columns and target not in ("row",):
            out[target] = [
                _add_text(a, b) for a, b in zip(out[target], values, strict=True)
            ]  # e.g. fish + shrimp ponds
        else:
            out[target] = values.values
    return out, ignored


# a figure as written: digits with thousands separators in threes, optional decimals
# ('1,2,3' and 'nan' are not numbers: they are reported, never read as 123 or 0)
_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def _add_text(a: str, b: str) -> str:
    """Sum two numeric cells kept as text; a cell that is not a number is kept to be reported."""
    if not _is_number(a):
        return a
    if not _is_number(b):
        return b
    return _fmt(sum(float(str(v).strip().replace(",", "")) for v in (a, b) if str(v).strip() not in ("", "-")))


def _is_number(text: str) -> bool:
    raw = str(text).strip()
    return raw in ("", "-") or bool(_NUMBER.match(raw))


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def parse_impact_table(raw: pd.DataFrame) -> ParsedImpact:
    """A raw table from ``read_table`` -> ``ParsedImpact`` (see the module docstring)."""
    names, start = _headers(raw)
    layout, mapping = _layout(names)
    rows, ignored = _apply(raw, names, start, mapping)
    if "district" not in rows and "district_name" in rows:
        rows["district"] = rows["district_name"]
    elif "district" in rows and "district_name" in rows:
        rows["district"] = [c if c else n for c, n in zip(rows["district"], rows["district_name"], strict=True)]
    missing = [c for c in ("district", "report_time") if c not in rows]
    if missing:
        wanted = {
            "gd027": "รหัสอำเภอ or อำเภอ; วันที่เกิดภัย",
            "ddpm_district": "รหัสอำเภอ or อำเภอ; วันที่เกิดภัย or วันที่รายงาน",
            "en": "district; report_time",
        }
        raise SourceFormatError(
            SOURCE, f"{layout} file lacks column(s) {', '.join(missing)}; expected headers: {wanted[layout]}"
        )
    if "province" not in rows and "province_name" in rows:
        rows["province"] = rows["province_name"]
    level = "district"
    if layout == "gd027":
        level = "village"
        rows["village"] = _village_keys(rows)
        if "subdistrict" not in rows:
            rows["subdistrict"] = rows.get("subdistrict_name", pd.Series([""] * len(rows)))
        elif "subdistrict_name" in rows:
            rows["subdistrict"] = [
                c if c else n for c, n in zip(rows["subdistrict"], rows["subdistrict_name"], strict=True)
            ]
    elif layout == "en" and "village" in rows:
        level = "village"
        if "subdistrict" not in rows:
            rows["subdistrict"] = ""
    rows = rows.drop(columns=[c for c in ("district_name", "province_name", "subdistrict_name") if c in rows])
    return ParsedImpact(layout=layout, level=level, rows=rows, ignored=ignored)


def _village_keys(rows: pd.DataFrame) -> list[str]:
    """The village code, else subdistrict + หมู่ที่ + municipality/community."""
    parts = [
        rows[c] if c in rows else pd.Series([""] * len(rows))
        for c in ("subdistrict", "subdistrict_name", "moo", "municipality", "community")
    ]
    composite = ["/".join(p for p in values if p) for values in zip(*parts, strict=True)]
    codes = rows["village"] if "village" in rows else [""] * len(rows)
    return [code if code else comp for code, comp in zip(codes, composite, strict=True)]


def read_impact_file(
    data: bytes | Path | str, filename: str | None = None, max_rows: int | None = None
) -> ParsedImpact:
    """Read and parse an impact file in one step (``data_sources.spreadsheets.TooManyRows`` beyond ``max_rows``)."""
    return parse_impact_table(read_table(data, filename, max_rows))


def parse_shelter_table(raw: pd.DataFrame) -> pd.DataFrame:
    """Evacuation-centre table (English or Thai headers) -> text cells with columns
    ``row, name, district, village, lat, lon, capacity, people_now, water, toilets,
    medical, opened_on, closed_on``. Raises ``SourceFormatError`` for missing columns."""
    names = [_key(v) for v in raw.iloc[0]]
    mapping = {_key(k): v for k, v in SHELTER_COLUMNS.items()}
    rows, _ = _apply(raw, names, 1, mapping)
    missing = [c for c in SHELTER_REQUIRED if c not in rows]
    if missing:
        raise SourceFormatError(
            SOURCE,
            f"evacuation-centre file lacks column(s) {', '.join(missing)}; required: {', '.join(SHELTER_REQUIRED)} "
            "(or ชื่อศูนย์, อำเภอ, ความจุ(คน), ผู้พักพิง(คน))",
        )
    for column in ("village", "lat", "lon", "water", "toilets", "medical", "opened_on", "closed_on"):
        if column not in rows:
            rows[column] = ""
    return rows


def read_shelter_file(
    data: bytes | Path | str, filename: str | None = None, max_rows: int | None = None
) -> pd.DataFrame:
    return parse_shelter_table(read_table(data, filename, max_rows))
