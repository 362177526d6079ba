"""Dates, ages and numbers for display: Asia/Bangkok, Buddhist era in Thai.

``format_datetime(dt, "th")`` -> ``"12 ต.ค. 2565 14:00"``;
``format_datetime(dt, "en")`` -> ``"12 Oct 2022 14:00"``.
"""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
TH_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
TH_MONTHS_FULL = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BE_OFFSET = 543


def to_bangkok(dt: datetime) -> datetime:
    """An aware datetime in Asia/Bangkok (a naive one is taken as UTC)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
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
        return "ในอนาคต" if lang == "th" else "in the future"
    minutes = int(seconds // 60)
    if minutes < 1:
        return "เมื่อสักครู่" if lang == "th" else "just now"
    if minutes < 60:
        return f"{minutes} นาทีที่แล้ว" if lang == "th" else f"{minutes} min ago"
    hours = int(minutes // 60)
    if hours < 48:
        return f"{hours} ชม. ที่แล้ว" if lang == "th" else f"{hours} h ago"
    days = int(hours // 24)
    return f"{days:,} วันที่แล้ว" if lang == "th" else f"{days:,} days ago"


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """Thousands separators, fixed decimals; '–' for None or NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{decimals}f}"
