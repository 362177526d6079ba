"""Secrets stay secret (issue 14, finding 13): the settings' repr, a rejected or shown
DATABASE_URL, a keyed request redirected to another host, and server file paths on the
Data sources page."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import config.settings as settings_module
from config import SettingsError, load_settings
from data_sources.errors import SourceUnavailable
from data_sources.http import fetch_json
from store.db import make_engine, migrate
from store.health import record_attempt
from tests.support.replay import Reply, replay_session
from tests.support.shell import open_at_its_url

ROOT = Path(__file__).resolve().parents[2]
KEY = "gistda-key-7f3a9c"
PW, DB_PW = "hunter2", "db-pass-55"  # put into URLs at run time: no password-in-URL literal in the tree
API = "https://api-gateway.gistda.or.th/api/2.0/resources/features/flood/7days"


def test_repr_of_settings_shows_no_secret():
    settings = load_settings(
        {
            "GISTDA_API_KEY": KEY,
            "SECRET_KEY": "signing-secret-91",
            "DATABASE_URL": f"postgresql+psycopg://flood:{DB_PW}@db/flood",
        }
    )
    shown = repr(settings) + str(settings)
    for secret in (KEY, "signing-secret-91", "db-pass-55"):
        assert secret not in shown
    assert "province_code='34'" in shown  # the rest is still there to read


@pytest.mark.parametrize(
    "raw",
    [
        f"mysql://flood:{PW}@db/flood",  # a backend we do not run on
        "oracle://flood@db:1521/flood?sslmode=require&password=hunter2",  # the password in the query
        f"postgresql://flood:{PW}@db:notaport/flood",  # a port that is no number
        f"flood:{PW}@db",  # not even a URL
    ],
)
def test_a_rejected_database_url_is_not_echoed_with_its_password(raw):
    with pytest.raises(SettingsError) as info:
        load_settings({"DATABASE_URL": raw})
    assert "DATABASE_URL" in str(info.value) and "***" in str(info.value)
    assert "hunter2" not in str(info.value) and "hunter2" not in repr(info.value.value)


@pytest.mark.parametrize(
    "raw, shown",
    [
        (f"postgresql+psycopg://flood:{PW}@db/flood", "postgresql+psycopg://flood:***@db/flood"),
        (
            "postgresql+psycopg://flood@db/flood?password=hunter2&sslmode=require",
            "postgresql+psycopg://flood@db/flood?password=***&sslmode=require",
        ),
        (
            "postgresql+psycopg://db/flood?sslmode=require&PASSWORD=hunter2",
            "postgresql+psycopg://db/flood?sslmode=require&PASSWORD=***",
        ),
        ("sqlite:////srv/data/floodroom.sqlite3", "sqlite:////srv/data/floodroom.sqlite3"),
    ],
)
def test_mask_url(raw, shown):
    assert settings_module.mask_url(raw) == shown
    assert load_settings({"DATABASE_URL": raw}).masked()["database_url"] == shown


def test_check_prints_no_password_of_the_query_string(tmp_path):
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none?password=hunter2&connect_timeout=1",
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--offline"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert "database_url = postgresql+psycopg://nobody@127.0.0.1:1/none?password=***" in result.stdout
    assert "hunter2" not in result.stdout + result.stderr


def test_a_page_shows_a_rejected_database_url_masked(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"mysql://flood:{PW}@db/flood")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    shown = " ".join(e.value for e in at.error)
    assert "DATABASE_URL" in shown and "***" in shown
    assert "hunter2" not in shown + " ".join(str(e.value) for e in at.exception)


def test_a_keyed_request_is_not_redirected_to_another_host():
    session = replay_session(
        {
            API: Reply(status=302, headers={"Location": "https://collector.example/steal"}),
            "https://collector.example/steal": Reply(body=b"{}"),
        }
    )
    with pytest.raises(SourceUnavailable) as info:
        fetch_json(session, "gistda", API, headers={"API-Key": KEY}, secrets=(KEY,))
    assert "collector.example" in str(info.value) and KEY not in str(info.value)
    assert [r.url for r in session.replay_log] == [API]
    assert not any(r.headers.get("API-Key") for r in session.replay_log if "collector" in r.url)


def test_a_keyed_request_follows_a_redirect_on_its_own_host():
    moved = API + "/v2"
    session = replay_session({API: Reply(status=301, headers={"Location": moved}), moved: Reply(body=b'{"ok": 1}')})
    fetched = fetch_json(session, "gistda", API, headers={"API-Key": KEY}, secrets=(KEY,))
    assert fetched.payload == {"ok": 1}
    assert [(r.url, r.headers.get("API-Key")) for r in session.replay_log] == [(API, KEY), (moved, KEY)]


def test_a_keyed_request_is_not_downgraded_to_plain_http():
    session = replay_session({API: Reply(status=302, headers={"Location": API.replace("https", "http")})})
    with pytest.raises(SourceUnavailable):
        fetch_json(session, "gistda", API, headers={"API-Key": KEY}, secrets=(KEY,))
    assert len(session.replay_log) == 1


def test_an_unkeyed_request_still_follows_redirects():
    session = replay_session(
        {
            API: Reply(status=302, headers={"Location": "https://mirror.example/x"}),
            "https://mirror.example/x": Reply(body=b"[]"),
        }
    )
    assert fetch_json(session, "thaiwater", API).payload == []


def test_sources_page_shows_file_names_not_server_paths(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    record_attempt(
        engine,
        "gistda",
        ok=False,
        error="gistda: file /srv/floodroom/private/replies/gistda_7days.json is not a saved JSON reply",
        at=datetime.now(UTC),
    )
    record_attempt(
        engine,
        "thaiwater",
        ok=False,
        error=r"thaiwater: cannot read C:\floodroom\data\reply.json (https://api.example/a/b stays)",
        at=datetime.now(UTC),
    )
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    open_at_its_url(at, "pages/sources.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # errors and their fixes are written under the table (issue 15): read the whole page
    shown = [at.dataframe[0].value.to_string()]
    shown += [
        e.value for kind in ("markdown", "caption", "code", "text", "error", "warning", "info") for e in at.get(kind)
    ]
    text = "\n".join(map(str, shown))
    unescaped = text.replace("\\", "")  # typed and fed text is shown escaped (ui.text.plain): "gistda\\_7days.json"
    assert "gistda_7days.json" in unescaped and "/srv/" not in unescaped and "private" not in unescaped
    assert "reply.json" in unescaped and "floodroomdata" not in unescaped and "floodroom\\data" not in text
    assert "https://api.example/a/b" in unescaped
