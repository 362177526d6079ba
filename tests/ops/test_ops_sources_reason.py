"""Round 3, finding 4: a failed fetch is told in the reader's language in one line; the
library's English text ("ConnectionError: HTTPSConnectionPool(…)") is kept apart, in an
expander for the administrator, never in the Thai sentence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from store.db import make_engine, migrate
from store.health import record_attempt
from tests.support.sources_page import open_sources_page as sources_app
from ui.ops import explain_error

NOW = datetime.now(UTC)
STORED = (
    "thaiwater: cannot connect (ConnectionError: HTTPSConnectionPool(host='api-v3.thaiwater.net', port=443): "
    "Max retries exceeded with url: /api/v1/thaiwater30/public/waterlevel_load)"
)
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("stored", "lang", "reason", "apart"),
    [
        (STORED, "th", "เชื่อมต่อเซิร์ฟเวอร์ของแหล่งข้อมูลไม่ได้", True),
        (STORED, "en", "cannot reach the source's server", True),
        ("thaiwater: HTTP 503 from the server", "th", "เซิร์ฟเวอร์ตอบ HTTP 503", False),
        ("thaiwater: no answer within 20 s (after retries)", "th", "ไม่ตอบภายใน 20 วินาที", False),
        ("Traceback? something an outside server said", "th", "ดึงข้อมูลไม่สำเร็จ", True),
    ],
)
def test_a_reason_in_one_line_and_the_technical_text_apart(stored, lang, reason, apart):
    line, technical = explain_error(stored, lang)
    assert reason in line and "\n" not in line
    assert "ConnectionError" not in line and "HTTPSConnectionPool" not in line
    assert technical == (stored if apart else None)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_sources_page_says_why_in_the_readers_language(lang, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    record_attempt(
        engine, "thaiwater", ok=True, rows=4, data_time=NOW - timedelta(minutes=30), at=NOW - timedelta(minutes=20)
    )
    record_attempt(engine, "thaiwater", ok=False, error=STORED, at=NOW - timedelta(minutes=1))
    at = sources_app(url, lang, monkeypatch, tmp_path)
    assert not at.exception, [e.value for e in at.exception]
    said = " ".join(m.value for m in at.markdown)
    assert explain_error(STORED, lang)[0] in said
    assert "HTTPSConnectionPool" not in said and "ConnectionError" not in said
    detail = [
        e
        for e in at.expander
        if e.label
        == ("รายละเอียดทางเทคนิค (สำหรับผู้ดูแลระบบ)" if lang == "th" else "Technical detail (for the administrator)")
    ]
    assert len(detail) == 1 and "HTTPSConnectionPool" in detail[0].code[0].value
    engine.dispose()
