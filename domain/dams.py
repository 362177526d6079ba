"""Large dams upstream: which ones matter to the province, how full they are on HII's scale,
what they release and spill and how that changed since the day before. Pure: no IO.

    basin_key(name)                         'ลุ่มน้ำมูล' / 'Mun' -> 'มูล' (for matching basins)
    select_basin_dams(frame, basins)        rows whose basin is one of the key stations' basins
    storage_scale(pct)                      HII's level 1..5 and colour of % of normal storage
    is_release_jump(today, yesterday)       the 'release jumped' rule
    dam_status(history, today, now, stale_after_s)   one row per dam (see STATUS_COLUMNS)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

BANGKOK = ZoneInfo("Asia/Bangkok")
# HII's own table for % of normal storage (setting.scale of the public/thailand dam reply):
# (level, lower bound exclusive or None for the rest, colour)
STORAGE_SCALE = ((5, 100.0, "#C70000"), (4, 80.0, "#FF0000"), (3, 50.0, "#003CFA"), (2, 30.0, "#00B050"))
STORAGE_LOWEST = (1, "#FFC000")  # <= 30 %: "น้ำน้อยวิกฤต"
NO_DATA_COLOUR = "#9E9E9E"
JUMP_MIN_MCM = 1.0  # a release jump: at least this much more (million m³/day) ...
JUMP_RATIO = 1.5  # ... and at least this many times the day before's
_EPS = 1e-9
REPORT_HOUR = 6  # RID's daily dam report is as of 06:00 Bangkok of its date

STATUS_COLUMNS = [
    "dam_id",
    "dam_code",
    "name_th",
    "name_en",
    "basin_th",
    "basin_en",
    "province_code",
    "data_date",
    "storage_mcm",
    "storage_pct",
    "normal_storage_mcm",
    "inflow_mcm",
    "released_mcm",
    "spilled_mcm",
    "previous_date",
    "previous_released_mcm",
    "previous_spilled_mcm",
    "released_change_mcm",
    "spilled_change_mcm",
    "release_jump",
    "scale_level",
    "colour",
    "as_of",
    "age_s",
    "stale",
    "source",
]


def basin_key(name: object) -> str:
    """A basin name reduced for matching: the Thai 'ลุ่มน้ำ' / 'แม่น้ำ' prefix, English 'Mae Nam'
    and 'Basin' and all spaces removed, lower case ('ลุ่มน้ำมูล' -> 'มูล')."""
    text = str(name or "").strip().lower()
    for prefix in ("ลุ่มน้ำ", "แม่น้ำ", "mae nam"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    text = text.replace("basin", "")
    return "".join(text.split())


def dam_key(name: object) -> str:
    """A dam name, code or id reduced for matching a trigger's ``dam``: lower case, the Thai
    'เขื่อน' prefix and English ' dam' suffix removed ('เขื่อนสิรินธร' -> 'สิรินธร')."""
    text = " ".join(str(name or "").split()).lower()
    return text.removeprefix("เขื่อน").removesuffix(" dam").strip()


def select_basin_dams(frame: pd.DataFrame, basins: Iterable[str]) -> pd.DataFrame:
    """The rows of ``frame`` (with ``basin_th``) whose basin is one of ``basins`` (names as the
    water-level feed writes them for the key stations). Matching by name, not by basin id:
    HII's basin ids differ between API versions (Mae Klong is 14 in 2020, 15 in 2026)."""
    keys = {basin_key(b) for b in basins} - {""}
    if frame.empty or not keys:
        return frame.iloc[0:0]
    return frame[frame["basin_th"].map(basin_key).isin(keys)]


def storage_scale(pct: float | None) -> tuple[int | None, str]:
    """(HII level 1..5, colour) for a % of normal storage; (None, grey) when unknown."""
    if pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return None, NO_DATA_COLOUR
    for level, bound, colour in STORAGE_SCALE:
        if pct > bound:
            return level, colour
    return STORAGE_LOWEST


def is_release_jump(today: float | None, yesterday: float | None) -> bool:
    """True when today's release is at least ``JUMP_MIN_MCM`` million m³/day more than
    yesterday's AND at least ``JUMP_RATIO`` times it (both bounds included). Unknown -> False."""
    if today is None or yesterday is None or math.isnan(today) or math.isnan(yesterday):
        return False
    return today - yesterday >= JUMP_MIN_MCM - _EPS and today >= JUMP_RATIO * yesterday - _EPS


def report_time(day: date) -> datetime:
    """The time a daily report of ``day`` stands for: 06:00 Bangkok (aware)."""
    return datetime(day.year, day.month, day.day, REPORT_HOUR, tzinfo=BANGKOK)


def _value(row: pd.Series | None, column: str) -> float:
    if row is None:
        return math.nan
    value = row.get(column)
    return math.nan if value is None or pd.isna(value) else float(value)


def dam_status(history: pd.DataFrame, now: datetime, stale_after_s: float) -> pd.DataFrame:
    """One row per dam of ``history`` (``store.dams.dam_history``): its newest report, the
    report of the day before it (only that exact day: a gap gives no change), the changes of
    release and spill, the jump rule, HII's colour, and the age of the report against ``now``
    (``stale`` past ``stale_after_s``). Sorted by basin, then name."""
    rows = []
    for _, group in history.groupby("dam_id", sort=False):
        group = group.sort_values("data_date")
        last = group.iloc[-1]
        day = last["data_date"]
        previous = group[group["data_date"] == day - timedelta(days=1)]
        prev = previous.iloc[-1] if len(previous) else None
        released, spilled = _value(last, "released_mcm"), _value(last, "spilled_mcm")
        prev_released, prev_spilled = _value(prev, "released_mcm"), _value(prev, "spilled_mcm")
        level, colour = storage_scale(_value(last, "storage_pct"))
        as_of = report_time(day)
        age = (now - as_of).total_seconds()
        rows.append(
            {
                **{c: last.get(c) for c in STATUS_COLUMNS if c in last.index},
                "previous_date": None if prev is None else prev["data_date"],
                "previous_released_mcm": prev_released,
                "previous_spilled_mcm": prev_spilled,
                "released_change_mcm": released - prev_released,
                "spilled_change_mcm": spilled - prev_spilled,
                "release_jump": is_release_jump(released, prev_released),
                "scale_level": level,
                "colour": colour,
                "as_of": as_of,
                "age_s": age,
                "stale": age > stale_after_s,
            }
        )
    out = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    if out.empty:
        return out
    return out.sort_values(["basin_th", "name_th"], kind="mergesort").reset_index(drop=True)


def release_jumps(status: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``dam_status`` whose release jumped and whose report is not stale."""
    if status.empty:
        return status
    return status[status["release_jump"].astype(bool) & ~status["stale"].astype(bool)]
