"""The catalogue, Bangkok/Buddhist-era dates, numbers, and that every key used exists."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from i18n import CATALOGUE, t
from i18n.timefmt import format_age, format_date, format_datetime, format_number

ROOT = Path(__file__).resolve().parents[2]


def test_thai_and_english_for_every_key():
    assert CATALOGUE
    for key, (thai, english) in CATALOGUE.items():
        assert thai and english, key


def test_t_formats_and_switches_language():
    assert t("app.subtitle", "th", province="อุบลราชธานี") == "จังหวัดอุบลราชธานี"
    assert t("app.subtitle", "en", province="Ubon Ratchathani") == "Ubon Ratchathani province"


def test_unknown_key_is_an_error():
    with pytest.raises(KeyError):
        t("no.such.key", "th")


@pytest.mark.parametrize(
    "utc, lang, expected",
    [
        (datetime(2022, 10, 12, 7, 0, tzinfo=UTC), "th", "12 ต.ค. 2565 14:00"),
        (datetime(2022, 10, 12, 7, 0, tzinfo=UTC), "en", "12 Oct 2022 14:00"),
        (datetime(2026, 12, 31, 17, 30, tzinfo=UTC), "th", "1 ม.ค. 2570 00:30"),  # crosses midnight and year in Bangkok
        (datetime(2026, 1, 1, 0, 0), "en", "1 Jan 2026 07:00"),  # naive is taken as UTC
    ],
)
def test_format_datetime_bangkok_buddhist_era(utc, lang, expected):
    assert format_datetime(utc, lang) == expected


def test_format_date_full_month():
    assert format_date(datetime(2026, 11, 25, 3, tzinfo=UTC), "th", full_month=True) == "25 พฤศจิกายน 2569"


@pytest.mark.parametrize(
    "age, lang, expected",
    [
        (timedelta(seconds=20), "th", "เมื่อสักครู่"),
        (timedelta(minutes=5), "en", "5 min ago"),
        (timedelta(hours=3, minutes=5), "th", "3 ชม. ที่แล้ว"),
        (timedelta(days=1500), "en", "1,500 days ago"),
        (timedelta(minutes=-5), "en", "in the future"),
        (None, "th", "–"),
    ],
)
def test_format_age(age, lang, expected):
    assert format_age(age, lang) == expected


@pytest.mark.parametrize(
    "value, decimals, expected",
    [(1234567, 0, "1,234,567"), (112.0, 2, "112.00"), (None, 0, "–"), (float("nan"), 1, "–")],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_every_literal_key_used_in_code_is_in_the_catalogue():
    pattern = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")
    missing = []
    for path in list(ROOT.glob("*.py")) + [
        p for d in ("pages", "ui", "cli", "domain", "geo", "data_sources") for p in (ROOT / d).rglob("*.py")
    ]:
        for key in pattern.findall(path.read_text(encoding="utf-8")):
            if key not in CATALOGUE:
                missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert not missing, "keys used but not in the catalogue:\n" + "\n".join(missing)
