"""Security checks that cross concerns: XSRF on (in the config and enforced by a real
server), secrets never in the repository, the command line's output and logs, or the
pages, with a configured test secret planted in every secret setting."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
import requests
from streamlit.testing.v1 import AppTest

from cli.serve import streamlit_command
from dashboard import PAGES
from tests.ops.fakeapi import FakeApi
from tests.support.postgres import create_database, drop_database
from tests.support.shell import open_at_its_url

ROOT = Path(__file__).resolve().parents[2]


# ---- XSRF ----------------------------------------------------------------------------------


def test_xsrf_protection_is_configured_on():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] <= 50
    assert config["client"]["showErrorDetails"] == "none"  # no tracebacks (paths, values) shown to users


def test_pages_run_as_written():
    """Streamlit's "magic" off: a stray expression in a page is never written to the screen, and
    a page is compiled as it is, not rewritten first (a fifth of a page run's Python calls)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_server_refuses_an_upload_without_the_xsrf_token(tmp_path):
    """A cross-site form post (no XSRF cookie/token) to the upload endpoint is refused."""
    port = _free_port()
    env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        streamlit_command(port, "--server.address", "127.0.0.1"),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/_stcore/health", timeout=2).text.strip() == "ok":
                    break
            except requests.RequestException:
                time.sleep(0.3)
        else:
            raise AssertionError("streamlit did not start within 60 s")
        reply = requests.put(
            f"{base}/_stcore/upload_file/some-session/some-file",
            files={"file": ("x.csv", b"a,b\n1,2\n")},
            headers={"Origin": "http://evil.example"},
            timeout=10,
        )
        assert reply.status_code == 403
        assert "XSRF" in reply.text
    finally:
        proc.terminate()
        proc.wait(timeout=15)


# ---- secrets in the repository ------------------------------------------------------------

SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "AWS key": re.compile(r"AKIA[0-9A-Z]{16}"),
    "GitHub token": re.compile(r"gh[pousr]_[A-Za-z0-9]{30,}"),
    "Slack token": re.compile(r"xox[abpr]-[A-Za-z0-9-]{10,}"),
    "password in a URL": re.compile(r"://[^/@:\s\"']+:([^@/\s\"']+)@"),
}
# placeholders and the deliberate fake secrets of the settings tests
ALLOWED_URL_PASSWORDS = {"CHANGE_ME", "pw123", "password", "secret"}


def tracked_files() -> list[Path]:
    listed = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    )
    return [ROOT / name for name in listed if name and (ROOT / name).is_file()]


def test_no_secrets_in_tracked_files():
    files = tracked_files()
    assert len(files) > 50
    names = {str(p.relative_to(ROOT)) for p in files}
    assert ".streamlit/secrets.toml" not in names and ".env" not in names
    found = []
    for path in files:
        if path.stat().st_size > 2_000_000:
            continue
        content = path.read_bytes().decode("utf-8", errors="ignore")
        for kind, pattern in SECRET_PATTERNS.items():
            for match in pattern.finditer(content):
                if kind == "password in a URL" and (
                    match.group(1) in ALLOWED_URL_PASSWORDS or match.group(1).startswith(("{", "$", "<", "*"))
                ):
                    continue
                found.append(f"{path.relative_to(ROOT)}: {kind}")
    assert not found, found


def test_secrets_file_is_ignored_by_git():
    ignored = subprocess.run(
        ["git", "check-ignore", ".streamlit/secrets.toml", ".env"], cwd=ROOT, capture_output=True, text=True
    )
    assert ignored.stdout.split() == [".streamlit/secrets.toml", ".env"]


# ---- a planted secret never appears in logs, command output or pages ------------------------


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """Settings with a fresh secret in every secret field and in the database password,
    on a PostgreSQL database of this module's own (trust auth accepts any password)."""
    secret = "ops-secret-" + secrets.token_hex(12)
    url = create_database("floodroom_ops_sec")
    base, name = url.rsplit("/", 1)
    base = base.replace("postgres@", f"postgres:{secret}-pw@")
    data = tmp_path_factory.mktemp("secrets")
    env = {
        "DATABASE_URL": f"{base}/{name}",
        "GISTDA_API_KEY": secret,
        "SECRET_KEY": secret + "-key",
        "DATA_DIR": str(data),
    }
    yield secret, env
    drop_database(url)


def run_logged(args, env: dict) -> str:
    full = {**os.environ, **env}
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "-v", *args],
        capture_output=True,
        text=True,
        env=full,
        cwd=ROOT,
        timeout=300,
    )
    return f"$ manage.py {' '.join(args)} -> {done.returncode}\n{done.stdout}\n{done.stderr}"


@pytest.mark.slow
def test_planted_secret_is_in_no_log_or_output(planted, tmp_path):
    secret, env = planted
    with FakeApi() as api:
        run_env = {
            **env,
            "THAIWATER_BASE_URL": api.url,
            "GISTDA_BASE_URL": api.url + "gistda/",
            "HTTP_TIMEOUT": "2",
            "HTTP_RETRY_BACKOFF": "0.05",  # the retries run, without their 0 + 2 + 4 s of waiting
            "OPEN_METEO_FLOOD_URL": api.url + "flood",
            "OPEN_METEO_FORECAST_URL": api.url + "forecast",
            "GEOBOUNDARIES_API_URL": api.url + "gb/",
            "HDX_API_URL": api.url + "hdx",
        }
        log = "".join(
            [
                run_logged(["migrate"], run_env),
                run_logged(["check", "--offline"], run_env),
                run_logged(["ingest"], run_env),  # thaiwater ok, gistda gets a wrong reply
                run_logged(["backup", "--out", str(tmp_path / "db.backup")], run_env),
                run_logged(["restore", str(tmp_path / "nonexistent.backup")], run_env),
            ]
        )
        api.mode = "http500"
        log += run_logged(["ingest"], run_env)
        gistda_requests = api.hits
    assert "-> 0" in log.split("\n", 1)[0], log[:2000]
    assert "thaiwater: ok" in log and "gistda" in log
    assert gistda_requests >= 2
    (tmp_path / "captured.log").write_text(log, encoding="utf-8")
    assert secret not in log, [line for line in log.splitlines() if secret in line][:5]
    assert "***" in log  # the masked form is what is shown


def page_text(at: AppTest) -> str:
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "text",
        "code",
        "error",
        "warning",
        "info",
        "success",
        "metric",
        "exception",
        "json",
        "text_input",
        "selectbox",
    ):
        for element in getattr(at, kind, []):
            parts.append(str(getattr(element, "value", "")))
            parts.append(str(getattr(element, "label", "")))
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en"])
def test_planted_secret_is_on_no_page(planted, lang, monkeypatch):
    secret, env = planted
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    from store.db import make_engine, migrate
    from store.health import record_attempt

    migrate(env["DATABASE_URL"])
    engine = make_engine(env["DATABASE_URL"])
    record_attempt(engine, "gistda", ok=False, error="gistda: HTTP 401 for key=*** (masked)")
    engine.dispose()
    shown = []
    for page, *_ in PAGES:
        if not (ROOT / page).exists():
            continue
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.query_params["lang"] = lang
        open_at_its_url(at, page)
        at.run()
        text_on_page = page_text(at)
        assert text_on_page.strip(), f"{page} rendered nothing"
        if secret in text_on_page:
            shown.append(page)
    assert not shown, f"the secret is shown on {shown}"
