"""manage.py create-screen-token / list-screen-tokens / revoke-screen-token / clear-throttle,
and the SECRET_KEY that serve hands to Streamlit and check reports (issue 14, findings 3-5)."""

from __future__ import annotations

import re
import stat
from datetime import timedelta

import pytest

from auth import SYSTEM
from cli import CommandError, main
from cli.access import secret_key_env
from config import load_settings
from store import screens, users
from store.base import utcnow
from store.db import make_engine

PW = "river-bank-112"


@pytest.fixture
def env(settings, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert main(["migrate"]) == 0
    return make_engine(settings.database_url)


def test_screen_tokens_from_the_command_line(env, capsys):
    assert main(["create-screen-token", "Meeting room 1", "--base-url", "http://floodroom.local:8501"]) == 0
    url = capsys.readouterr().out.strip().splitlines()[-1]
    token = re.fullmatch(
        r"http://floodroom\.local:8501/briefing\?screen=1&rotate=20&lang=th&token=([\w-]{43})", url
    ).group(1)
    assert screens.screen_for_token(env, token) == "Meeting room 1"
    assert main(["create-screen-token", "Meeting room 1"]) == 1
    assert "already has a live token" in capsys.readouterr().err
    assert main(["list-screen-tokens"]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith("Meeting room 1\tlive\t") and token not in listed
    assert main(["revoke-screen-token", "Meeting room 1"]) == 0
    assert screens.screen_for_token(env, token) is None
    assert main(["revoke-screen-token", "Meeting room 1"]) == 1
    assert "has no live token" in capsys.readouterr().err


def test_clear_throttle_from_the_command_line(env, capsys):
    users.create_user(env, SYSTEM, "somchai", "Somchai", "officer", PW)
    now = utcnow()
    for i in range(users.MAX_FAILURES):
        with pytest.raises(users.LoginRefused):
            users.authenticate(env, "somchai", f"wrong-{i}-xxxx", client="10.2.2.2", now=now)
    with pytest.raises(users.TooManyAttempts):
        users.authenticate(env, "somchai", PW, client="10.2.2.2", now=now + timedelta(seconds=1))
    assert main(["clear-throttle", "somchai"]) == 0
    assert f"{users.MAX_FAILURES} failed sign-in attempts cleared" in capsys.readouterr().out
    assert users.authenticate(env, "somchai", PW, client="10.2.2.2").username == "somchai"


def test_serve_keeps_a_key_in_the_data_folder_when_none_is_set(settings, env):
    made = secret_key_env(settings)["SECRET_KEY"]
    key_file = settings.data_dir / "secret_key"
    assert len(made) >= 40 and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert secret_key_env(settings) == {"SECRET_KEY": made}  # the same key after a restart
    assert secret_key_env(load_settings({"DATA_DIR": str(settings.data_dir), "SECRET_KEY": "x" * 40})) == {}


def test_serve_refuses_local_accounts_without_a_key(settings, env, tmp_path):
    users.create_user(env, SYSTEM, "somchai", "Somchai", "officer", PW)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be", encoding="utf-8")
    unusable = load_settings({"DATA_DIR": str(blocked), "DATABASE_URL": settings.database_url})
    with pytest.raises(
        CommandError,
        match=r"SECRET_KEY is not set and .* cannot be used .*local accounts need one: make it with python -c",
    ):
        secret_key_env(unusable)


def test_check_says_how_to_make_a_key(env, capsys):
    assert (
        "secret_key: ok (not set (no local accounts yet" in (main(["check", "--offline"]), capsys.readouterr().out)[1]
    )
    users.create_user(env, SYSTEM, "somchai", "Somchai", "officer", PW)
    assert main(["check", "--offline"]) == 1
    out, err = capsys.readouterr()
    assert (
        'secret_key: MISSING (not set and local accounts exist: make one with python -c "import secrets; '
        'print(secrets.token_urlsafe(32))"' in out
    )
    assert "SECRET_KEY not set" in err
