"""``manage.py alerts ...`` and ``manage.py check`` as an operator runs them (the first test in
real processes, the others through ``cli.main`` in this process), in Thai by default and in
English with --lang en / DEFAULT_LANGUAGE=en."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from store.db import make_engine, migrate
from tests.alerts.conftest import alert_env
from tests.support.cli_main import run_main

ROOT = Path(__file__).resolve().parents[2]
LINE_ID = "U" + "0123456789abcdef" * 2


def real_manage(args: list[str], env: dict) -> subprocess.CompletedProcess:
    """``manage.py ARGS`` as a real process, with ``env`` added to the environment."""
    full = {**os.environ, **env}
    full.pop("FLOODROOM_DEBUG", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=full,
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture
def manage(capsys, monkeypatch):
    """``manage.py ARGS`` with ``env`` added to the environment, run by ``cli.main`` in this
    process. The first test below runs the real processes."""
    return lambda args, env: run_main(args, env, monkeypatch, capsys)


@pytest.fixture
def env(tmp_path, smtp, line, certificate):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    migrate(url)
    return {**alert_env(tmp_path, smtp.port, line.url), "DATABASE_URL": url, "SSL_CERT_FILE": str(certificate[0])}


def test_contact_test_message_and_status(env, smtp, line):
    manage = real_manage
    assert (
        manage(["alerts", "contact", "somchai", "--email", "somchai@example.go.th", "--line", LINE_ID], env).returncode
        == 0
    )
    done = manage(["alerts", "test", "--to", "somchai", "--channel", "line", "--lang", "en"], env)
    assert done.returncode == 0, done.stderr
    assert "test message to somchai by line" in done.stdout and ": sent" in done.stdout
    assert len(line.accepted) == 1 and "ทดสอบ" in line.accepted[0]["messages"][0]["text"]  # the account's language
    done = manage(["alerts", "test", "--to", "somchai", "--channel", "email"], env)
    assert done.returncode == 0, done.stderr
    assert len(smtp.messages) == 1
    status = manage(["alerts", "status"], env)  # Thai by default
    assert status.returncode == 0, status.stderr
    assert "กล่องขาออกการแจ้งเตือน" in status.stdout and "ส่งแล้ว: 2 รายการ" in status.stdout
    assert "โควตา LINE เดือนนี้: ใช้ไป 1 จาก 500 เหลือ 499" in status.stdout
    english = manage(["alerts", "status", "--lang", "en"], env)
    assert "  sent: 2 alerts" in english.stdout and "  given up: 0 alerts" in english.stdout


def test_test_message_refusals_are_one_line(manage, env):
    done = manage(["alerts", "test", "--to", "nobody", "--channel", "line", "--lang", "en"], env)
    assert done.returncode == 1 and done.stderr.strip() == (
        "error: nobody has no line address; save one with: python manage.py alerts contact nobody --line ..."
    )
    done = manage(["alerts", "test", "--to", "nobody", "--channel", "line"], {**env, "LINE_CHANNEL_TOKEN": ""})
    assert done.returncode == 1 and "ALERTS_LINE_ENABLED" in done.stderr and "ปิดอยู่" in done.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--email", "not-an-address"], "ที่อยู่อีเมล 'not-an-address' ไม่ถูกต้อง"),
        (["--line", "U12"], "LINE ID 'U12' ไม่ถูกต้อง"),
        (["--webhook", "http://example.com/x"], "ไม่อนุญาต URL ของเว็บฮุก 'http://example.com/x'"),
    ],
)
def test_a_bad_address_is_refused_when_saved(manage, env, args, said):
    done = manage(["alerts", "contact", "somchai", *args], env)
    assert done.returncode == 1
    assert said in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_check_reports_missing_secrets_and_bad_saved_addresses(manage, env):
    assert manage(["alerts", "contact", "somchai", "--email", "somchai@example.go.th"], env).returncode == 0
    engine = make_engine(env["DATABASE_URL"])
    with engine.begin() as conn:  # saved before the rule, or edited by hand
        conn.execute(
            text(
                "UPDATE alert_contacts SET email = 'broken', webhook_url = 'http://example.com/h' "
                "WHERE username = 'somchai'"
            )
        )
    engine.dispose()
    bad = {**env, "LINE_CHANNEL_TOKEN": "", "WEBHOOK_SECRET": "", "DEFAULT_LANGUAGE": "en"}
    done = manage(["check", "--offline"], bad)
    assert done.returncode == 1
    assert "alerts: PROBLEM: the line channel is switched on but LINE_CHANNEL_TOKEN is not set" in done.stdout
    assert "alerts: PROBLEM: the webhook channel is switched on but WEBHOOK_SECRET is not set" in done.stdout
    assert "account somchai: e-mail address 'broken' is not valid" in done.stdout
    assert "account somchai: webhook URL 'http://example.com/h' is not allowed" in done.stdout
    assert "LINE_CHANNEL_TOKEN" in done.stderr and env["SMTP_PASSWORD"] not in done.stdout + done.stderr


def test_check_says_alerts_are_fine_when_they_are(manage, env, tmp_path):
    done = manage(["check", "--offline"], {**env, "DEFAULT_LANGUAGE": "en"})
    assert "alerts: ok (switched on: email, line, webhook)" in done.stdout
    off = manage(["check", "--offline"], {"DATABASE_URL": env["DATABASE_URL"], "DATA_DIR": str(tmp_path / "d")})
    assert "การแจ้งเตือน: ปกติ (ไม่ได้เปิดช่องทางใด)" in off.stdout


def test_resend_of_a_given_up_alert(manage, env, hook):
    from store.outbox import AlertDraft, enqueue_alerts, list_outbox

    engine = make_engine(env["DATABASE_URL"])
    with engine.begin() as conn:
        enqueue_alerts(conn, [AlertDraft("r:1", "water.bank", "warning", "webhook", "http://example.com/h")])
    done = manage(["alerts", "send", "--once", "--lang", "en"], env)  # an http:// URL that is not 127.0.0.1
    assert done.returncode == 0 and "given up 1" in done.stdout
    row = list_outbox(engine)[0]
    assert row["state"] == "dead" and "https" in row["last_error"]
    assert manage(["alerts", "resend", str(row["id"]), "--lang", "en"], env).stdout.startswith(
        f"alert {row['id']} queued"
    )
    assert list_outbox(engine)[0]["state"] == "queued"
    refused = manage(["alerts", "resend", "999"], env)
    assert refused.returncode == 1 and "ส่งใหม่ไม่ได้" in refused.stderr
    engine.dispose()


def test_public_webhooks_are_set_from_the_cli_and_an_approved_message_reaches_them(manage, env, line, hook):
    # QA: README says the public summary goes to LINE and the webhooks, but a webhook got
    # nothing: the public webhook list had no way to be set but the store. Now it has one.
    from auth import User
    from store import public_messages

    bad = manage(["alerts", "public-webhooks", "http://example.com/x", "--lang", "en"], env)
    assert bad.returncode != 0 and "example.com" in bad.stderr
    done = manage(["alerts", "public-webhooks", hook.url, "--lang", "en"], env)
    assert done.returncode == 0, done.stderr
    assert hook.url in done.stdout
    engine = make_engine(env["DATABASE_URL"])
    mid = public_messages.propose_public_message(engine, User("o", "O", "officer"), "ประกาศ: ระดับน้ำ M.7")
    assert public_messages.approve_public_message(engine, User("a", "A", "admin"), mid) is True
    sent = manage(["alerts", "send", "--once"], env)
    assert sent.returncode == 0, sent.stderr
    assert [p["text"] for p in hook.posts] == ["ประกาศ: ระดับน้ำ M.7"]


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_test_message_that_fails_is_given_up_not_left_to_arrive_later(manage, env, smtp):
    # QA: with SMTP down `alerts test` said "failed" and exited 1, but the message stayed queued
    # and arrived later (a retrying user got several). It is tried once, then given up.
    assert manage(["alerts", "contact", "somchai", "--email", "somchai@example.go.th"], env).returncode == 0
    down = {**env, "SMTP_PORT": str(_closed_port())}
    english = manage(["alerts", "test", "--to", "somchai", "--channel", "email", "--lang", "en"], down)
    assert english.returncode == 1
    assert ": not sent; given up, it will not be retried" in english.stdout
    assert english.stderr.startswith("error: ") and "error: error:" not in english.stderr
    thai = manage(["alerts", "test", "--to", "somchai", "--channel", "email"], down)
    assert thai.returncode == 1 and "failed" not in thai.stdout and "ส่งไม่สำเร็จ" in thai.stdout
    assert "ข้อผิดพลาด" not in thai.stderr
    engine = make_engine(env["DATABASE_URL"])
    with engine.connect() as conn:
        states = conn.execute(text("SELECT state FROM alert_outbox")).scalars().all()
    assert states == ["dead", "dead"]
    assert manage(["alerts", "send", "--once"], env).returncode == 0  # SMTP back up: nothing arrives
    assert smtp.messages == []
    ok = manage(["alerts", "test", "--to", "somchai", "--channel", "email", "--lang", "en"], env)
    assert ok.returncode == 0 and len(smtp.messages) == 1
    assert smtp.messages[0][2]["Subject"].count("Flood Room") == 1  # not "Flood Room: Flood Room: ..."
