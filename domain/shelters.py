"""Evacuation centres: checking a shelter file row by row (district, name, capacity and
occupancy, coordinates in Thailand, yes/no facilities, opening and closing dates) and ranking
centres by whether they are open and how full. Pure: no IO."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd

from domain.impact import CEILINGS, FUTURE_TOLERANCE, Problem, Validation
from domain.impact_cells import CellError, DistrictResolver, parse_count, parse_flag, parse_report_time
from i18n.timefmt import BANGKOK

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
    districts = DistrictResolver(province_code)
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
    cells: dict, row_no: int, province_code: str, now: datetime, districts: DistrictResolver
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
