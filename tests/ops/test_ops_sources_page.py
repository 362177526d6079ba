"""The sources page: every source's last attempt, success, error, latency, rows and
staleness, in Thai and English; a stale source gets a banner; with the database down the
page says so and recovers by itself when it is back (private PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store.db import make_engine, migrate
from tests.support.sources_page import mixed_attempts, open_sources_page, seed_attempts, sqlite_with_attempts

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.now(UTC)


def table(at: AppTest):
    assert len(at.dataframe) == 1
    return at.dataframe[0].value


@pytest.mark.parametrize(
    "lang, status_ok, failing, stale, never",
    [
        ("en", "🟢 OK", "🟡 Last fetch failed (last good data shown)", "🟠 Stale", "⚪ never fetched"),
        ("th", "🟢 ปกติ", "🟡 ดึงครั้งล่าสุดล้มเหลว (แสดงข้อมูลที่ดีล่าสุด)", "🟠 ข้อมูลเก่า", "⚪ ยังไม่เคยดึงสำเร็จ"),
    ],
)
def test_every_source_with_its_health(lang, status_ok, failing, stale, never, tmp_path, monkeypatch):
    url = sqlite_with_attempts(tmp_path, mixed_attempts(NOW))
    at = open_sources_page(url, lang, monkeypatch, tmp_path)
    assert not at.exception, [e.value for e in at.exception]
    df = table(at)
    source_col = df.columns[0]
    status = dict(zip(df[source_col], df[df.columns[1]], strict=False))
    assert len(df) == 4
    assert sorted(status.values()) == sorted([failing, stale, never, status_ok])
    row = df[df.iloc[:, 1] == failing].iloc[0]
    below = " ".join(m.value for m in at.markdown)  # errors are written under the table (test_ops_sources_layout)
    technical = " ".join(c.value for c in at.code)
    assert "no answer within 20 s" in technical  # as stored, apart: the seed's text is not one of ours
    assert "42" in row.values and "20,001" in row.values  # last good rows kept; the failed attempt's latency
    assert "HTTP 500" in below
    banners = [w.value for w in at.warning]
    from ui.freshness import source_label

    assert len(banners) == 1 and source_label("open_meteo_flood", lang) in banners[0]


def test_page_says_database_down_and_recovers_by_itself(tmp_path, monkeypatch):
    from tests.ops.privatepg import PrivatePostgres

    pg = PrivatePostgres.create()
    try:
        migrate(pg.url())
        engine = make_engine(pg.url())
        seed_attempts(engine, mixed_attempts(NOW))
        engine.dispose()
        at = open_sources_page(pg.url(), "en", monkeypatch, tmp_path)
        assert not at.exception and len(table(at)) == 4
        pg.stop("immediate")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert any("The database cannot be reached right now" in e.value for e in at.error)
        pg.start()
        at.run()
        assert not at.exception
        assert not at.error
        assert len(table(at)) == 4
    finally:
        pg.destroy()
