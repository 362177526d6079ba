"""Row-by-row check of an imported impact file (``data_sources.impact_files.ParsedImpact``):
each row's district, dates and figures, duplicates, rows of other provinces, village rows that
add up past a ceiling; the outcome is a ``domain.impact.Validation`` holding the district-level
roll-up. Pure: no IO."""

from __future__ import annotations

from datetime import datetime

import geothai
import pandas as pd

from domain.impact import (
    EVACUATION_PAIRS,
    FIELD_CEILINGS,
    FIELD_NAMES,
    FIELDS,
    FUTURE_TOLERANCE,
    Problem,
    Validation,
    empty_reports,
    roll_up,
)
from domain.impact_cells import CellError, DistrictResolver, parse_count, parse_report_time
from i18n.timefmt import BANGKOK


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
    districts = DistrictResolver(province_code)
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
        return Problem(int(rows["row"].max()), "province", "no_rows_for_province", params=(("n", str(skipped)),))
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


def _check_impact_row(
    cells: dict, row_no: int, level: str, province_code: str, now: datetime, districts: DistrictResolver
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
