"""Dates, ages and numbers for display: Asia/Bangkok, Buddhist era in Thai.

``format_datetime(dt, "th")`` -> ``"12 ต.ค. 2565 14:00"``;
``format_datetime(dt, "en")`` -> ``"12 Oct 2022 14:00"``.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from i18n import t

BANGKOK = ZoneInfo("Asia/Bangkok")
TH_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
TH_MONTHS_FULL = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EN_MONTHS_FULL = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
TH_DAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")  # Monday first, as datetime.weekday()
EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
BE_OFFSET = 543


def to_bangkok(dt: datetime) -> datetime:
    """An aware datetime in Asia/Bangkok (a naive one is taken as UTC)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(BANGKOK)


def format_date(d: date | datetime, lang: str, full_month: bool = False) -> str:
    """'12 ต.ค. 2565' (Buddhist era) or '12 Oct 2022'."""
    if isinstance(d, datetime):
        d = to_bangkok(d)
    if lang == "th":
        month = (TH_MONTHS_FULL if full_month else TH_MONTHS)[d.month - 1]
        return f"{d.day} {month} {d.year + BE_OFFSET}"
    return f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"


def format_datetime(dt: datetime | None, lang: str, seconds: bool = False) -> str:
    """Date and Bangkok time, e.g. '12 ต.ค. 2565 14:00'; '–' for None."""
    if dt is None:
        return "–"
    local = to_bangkok(dt)
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{format_date(local, lang)} {clock}"


def format_age(age: timedelta | None, lang: str) -> str:
    """'5 นาทีที่แล้ว' / '5 min ago', rounded to the largest sensible unit."""
    if age is None:
        return "–"
    seconds = age.total_seconds()
    if seconds < 0:
        return t("time.future", lang)
    minutes = int(seconds // 60)
    if minutes < 1:
        return t("time.just_now", lang)
    if minutes < 60:
        return t("time.minutes_ago", lang, n=minutes)
    hours = int(minutes // 60)
    if hours < 48:
        return t("time.hours_ago", lang, n=hours)
    return t("time.days_ago", lang, n=f"{hours // 24:,}")


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """Thousands separators, fixed decimals; '–' for None or NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{decimals}f}"


_YEAR_S, _DAY_S, _HOUR_S = 365 * 86400, 86400, 3600


def format_duration(seconds: float, lang: str) -> str:
    """A limit or interval in its natural unit: '1 ปี' / '1 year' for 8784 h (a leap year
    counts as one), '36 ชม.' / '36 h', '2 วัน' / '2 days', '10 นาที' / '10 min'."""
    for name, size in (("year", _YEAR_S), ("day", _DAY_S), ("h", _HOUR_S), ("min", 60), ("s", 1)):
        count = seconds / size
        whole = round(count)
        # a year of 366 days is still "1 year"; other units must divide exactly
        exact = abs(count - whole) < (1 / 365 + 1e-9) * max(whole, 1) if name == "year" else abs(count - whole) < 1e-9
        if whole >= 1 and exact:
            return t(f"time.duration.{name}.{'one' if whole == 1 else 'many'}", lang, n=f"{whole:,}")
    return t("time.duration.s.many", lang, n=f"{seconds:g}")


_TICK_STEPS_H = (1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720)


def time_axis_ticks(start: datetime, end: datetime, lang: str, most: int = 8) -> tuple[list[datetime], list[str]]:
    """Tick positions (naive Bangkok time, as the figures plot them) and labels for a time
    axis from ``start`` to ``end``: Buddhist-era dates in Thai, the date on the first tick and
    wherever the day changes, the clock when ticks are closer than a day. Plotly writes
    Gregorian dates itself, so the figures use these instead."""
    first, last = to_bangkok(start).replace(tzinfo=None), to_bangkok(end).replace(tzinfo=None)
    span_h = max((last - first).total_seconds() / 3600, 1)
    step_h = next((s for s in _TICK_STEPS_H if span_h / s <= most), _TICK_STEPS_H[-1])
    tick = first.replace(minute=0, second=0, microsecond=0)
    if step_h >= 24:
        tick = tick.replace(hour=0)
    else:
        tick = tick.replace(hour=tick.hour - tick.hour % step_h)
    if tick < first:
        tick += timedelta(hours=step_h)
    values, labels, previous = [], [], None
    while tick <= last:
        day = format_date(tick.date(), lang)  # tick is already Bangkok time
        if step_h >= 24:
            labels.append(day)
        else:
            labels.append(f"{tick:%H:%M}" if day == previous else f"{tick:%H:%M}<br>{day}")
        values.append(tick)
        previous = day
        tick += timedelta(hours=step_h)
    return values, labels
