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

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

import pandas as pd

from data_sources.errors import SourceFormatError

SOURCE = "impact"
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


class TooManyRows(SourceFormatError):
    """A file with more data rows than the import limit, refused while it was read (the
    rows past the limit were never read). ``message(lang)`` says it in Thai or English."""

    def __init__(self, filename: str, limit: int):
        super().__init__(
            SOURCE,
            f"{filename} has more than {limit:,} data rows (the limit, setting IMPORT_MAX_ROWS); "
            "split it, or import the district totals",
        )
        self.filename, self.limit = filename, limit

    def describe(self, lang: str) -> str:
        from i18n import t

        return t("impact.err.too_many_rows", lang, file=self.filename, limit=f"{self.limit:,}")


def read_table(data: bytes | Path | str, filename: str | None = None, max_rows: int | None = None) -> pd.DataFrame:
    """CSV (UTF-8, UTF-8 with BOM, or TIS-620/cp874) or XLSX -> a frame of text cells with
    no header applied (row 0 is the first row of the file; blank rows are left out, the
    index keeps each row's place). Rows are streamed: with ``max_rows`` a file with more
    data rows than that (after the first row) raises ``TooManyRows`` as soon as row
    ``max_rows + 2`` is reached, so a huge file costs neither the time nor the memory of
    reading it whole. Raises ``SourceFormatError``."""
    if isinstance(data, (str, Path)):
        filename = filename or str(data)
        data = Path(data).read_bytes()
    name = (filename or "").lower()
    shown = Path(filename).name if filename else "the file"
    try:
        if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
            if max_rows is not None and _xlsx_row_count(data, max_rows + 1) > max_rows + 1:
                raise TooManyRows(shown, max_rows)
            cells = _xlsx_rows(data)
        else:
            cells = _csv_rows(data)
        kept, index = _kept_rows(cells, shown, max_rows)
    except (ValueError, KeyError, OSError, StopIteration, zipfile.BadZipFile, csv.Error, ParseError) as exc:
        if isinstance(exc, SourceFormatError):
            raise
        raise SourceFormatError(SOURCE, f"cannot read {shown} as CSV or XLSX: {exc}") from exc
    if not kept:
        raise SourceFormatError(SOURCE, f"{shown} is empty")
    width = len(kept[0])
    for i, row in zip(index, kept, strict=True):
        if len(row) > width and any(row[width:]):
            raise SourceFormatError(
                SOURCE, f"cannot read {shown} as CSV or XLSX: row {i + 1} has {len(row)} cells, the first row {width}"
            )
    return pd.DataFrame([(row + [""] * width)[:width] for row in kept], index=index, dtype=str)


def _kept_rows(rows: Iterable[list[str]], filename: str, max_rows: int | None) -> tuple[list[list[str]], list[int]]:
    """The non-blank rows of ``rows`` (stripped text cells) and their 0-based places."""
    kept: list[list[str]] = []
    index: list[int] = []
    for i, row in enumerate(rows):
        cells = [str(v).strip() for v in row]
        if not any(cells):
            continue
        if max_rows is not None and len(kept) > max_rows:  # the first row plus max_rows data rows
            raise TooManyRows(filename, max_rows)
        kept.append(cells)
        index.append(i)
    return kept, index


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    """The rows of a CSV file as lists of text cells, one at a time. Decoded as it is read:
    a whole 50 MB file in an ``io.StringIO`` takes four bytes a character (~200 MB)."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding=_encoding(data), newline="")
    yield from csv.reader(text)


def _xlsx_row_count(data: bytes, stop_after: int) -> int:
    """Rows holding a value in the first sheet, counted on the sheet's XML as it streams
    and stopped after ``stop_after``. openpyxl reads the whole shared-strings table before
    the first row (43 s and ~100 MB for a million distinct village names); this count
    needs neither, so an oversized workbook is refused in well under a second."""
    from xml.etree.ElementTree import iterparse

    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(_first_sheet(archive)) as sheet:
        count = 0
        for _, element in iterparse(sheet):
            if element.tag.endswith("}row") or element.tag == "row":
                count += any(child.tag.rsplit("}", 1)[-1] in ("v", "is") for cell in element for child in cell)
                element.clear()
                if count > stop_after:
                    break
        return count


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The member holding the workbook's first sheet (the one pandas and openpyxl read)."""
    from xml.etree.ElementTree import fromstring

    book = fromstring(archive.read("xl/workbook.xml"))
    first = next(e for e in book.iter() if e.tag.endswith("}sheet"))
    rid = next(v for k, v in first.attrib.items() if k.endswith("}id"))
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(e.get("Target") or "" for e in rels if e.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    """The first sheet's rows as text, streamed (openpyxl read-only mode reads the sheet's
    XML as it goes); numbers as pandas' reader writes them (a whole float without '.0')."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield [_xlsx_text(v) for v in row]
    finally:
        book.close()


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _encoding(data: bytes, chunk: int = 1 << 20) -> str:
    """'utf-8-sig' or 'cp874', whichever decodes all of ``data``; checked a megabyte at a
    time, so no second copy of the whole file is made."""
    import codecs

    for encoding in ("utf-8-sig", "cp874"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), chunk):
                decoder.decode(data[start : start + chunk])
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raise SourceFormatError(SOURCE, "the file is neither UTF-8 nor Thai Windows (cp874/TIS-620) text")


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
    """Read and parse an impact file in one step (``TooManyRows`` beyond ``max_rows``)."""
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
