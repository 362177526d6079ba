"""Issue 15, Data sources: a source never fetched is said to be so (not counted as stale),
our own error texts are in the page's language, limits read in natural units ("1 ปี", not
"8784 ชม."), and every problem row gives the command that fixes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from i18n.timefmt import format_duration
from tests.support.sources_page import attempt, open_sources_page, sqlite_with_attempts
from ui.ops import explain_error, fix_command

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.now(UTC)


@pytest.fixture
def sources_page(tmp_path, monkeypatch):
    url = sqlite_with_attempts(
        tmp_path,
        [
            attempt("thaiwater", NOW, timedelta(minutes=10), rows=42, latency_ms=800.0, data_age=timedelta(minutes=20)),
            attempt("boundaries", NOW, timedelta(days=2), rows=25, latency_ms=80.0),
            attempt(
                "open_meteo_flood",
                NOW,
                timedelta(0),
                latency_ms=20001.0,
                error="open_meteo_flood: no answer within 20 s (after retries)",
            ),
            attempt("gistda", NOW, timedelta(0), latency_ms=55.0, error="gistda: HTTP 500 from the server"),
        ],
    )

    def open_in(lang: str) -> AppTest:
        at = open_sources_page(url, lang, monkeypatch, tmp_path)
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_in


def rows(at: AppTest) -> dict[str, dict]:
    frame = at.dataframe[0].value
    return {r[frame.columns[0]]: r for r in frame.to_dict("records")}


def test_never_fetched_is_said_and_not_counted_as_stale(sources_page):
    at = sources_page("en")
    summary = " ".join(c.value for c in at.caption)
    assert "2 OK · 0 stale · 0 failing · 2 never fetched" in summary, (
        summary
    )  # one status per source (ui.ops.STATUS_ORDER)
    status = {name: r["Status"] for name, r in rows(at).items()}
    assert "never fetched" in status["Open-Meteo GloFAS (discharge forecast)"], status
    assert not any("stale" in w.value.lower() for w in at.warning), [w.value for w in at.warning]


def test_thai_page_says_our_errors_in_thai_and_the_limit_in_a_year(sources_page):
    at = sources_page("th")
    table = rows(at)
    text = " ".join(str(v) for r in table.values() for v in r.values()) + " ".join(
        m.value for m in at.markdown
    )  # errors: below the table
    assert "ไม่ตอบภายใน 20 วินาที" in text and "no answer" not in text
    assert "เซิร์ฟเวอร์ตอบ HTTP 500" in text and "from the server" not in text
    assert "1 ปี" in text and "8784" not in text


def test_every_problem_row_gives_the_command_that_fixes_it(sources_page):
    at = sources_page("en")
    fixes = [c.value for c in at.code]  # below the table, each under its source's name
    assert "python manage.py ingest --source open_meteo_flood" in fixes
    assert any("GISTDA_API_KEY" in f or "--source gistda" in f for f in fixes)
    assert not any("--source thaiwater" in f for f in fixes)  # a healthy source needs no command
    assert len(fixes) == 2


@pytest.mark.parametrize(
    ("seconds", "th", "en"),
    [
        (8784 * 3600, "1 ปี", "1 year"),
        (36 * 3600, "36 ชม.", "36 h"),
        (3 * 86400, "3 วัน", "3 days"),
        (600, "10 นาที", "10 min"),
    ],
)
def test_durations_in_natural_units(seconds, th, en):
    assert format_duration(seconds, "th") == th and format_duration(seconds, "en") == en


@pytest.mark.parametrize(
    ("stored", "thai"),
    [
        ("thaiwater: no answer within 20 s (after retries)", "ไม่ตอบภายใน 20 วินาที"),
        ("thaiwater: HTTP 503 from the server", "เซิร์ฟเวอร์ตอบ HTTP 503"),
        ("thaiwater: cannot connect (ConnectionError: [Errno -3] name resolution)", "เชื่อมต่อเซิร์ฟเวอร์ของแหล่งข้อมูลไม่ได้"),
        (
            "open_meteo_rain: field 'hourly' is missing from the reply; the source may have changed its format",
            "ไม่มีช่อง 'hourly'",
        ),
    ],
)
def test_our_error_texts_are_translated_and_others_kept(stored, thai):
    assert thai in explain_error(stored, "th")[0]
    assert explain_error("something we never wrote", "th") == (
        "ดึงข้อมูลไม่สำเร็จ ดูรายละเอียดทางเทคนิคด้านล่าง",
        "something we never wrote",
    )


def test_fix_commands():
    assert fix_command("thaiwater") == "python manage.py ingest --source thaiwater"
    assert fix_command("impact") == "python manage.py import-impact FILE"
    assert "fetch-boundaries" in fix_command("boundaries")
