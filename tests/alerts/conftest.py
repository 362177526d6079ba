"""Local servers for the alert channels and settings that point at them."""

from __future__ import annotations

import shutil
import ssl

import pytest

from config import load_settings
from tests.alerts.servers import LINE_TOKEN, make_certificate, start_hook, start_line, start_smtp
from tests.support.ci import skip_or_fail

HOOK_SECRET = "webhook-secret-for-tests"
SMTP_USER, SMTP_PASSWORD = "alerts", "smtp-secret"


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    if shutil.which("openssl") is None:
        skip_or_fail("openssl is not installed: no test certificate for STARTTLS")
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def client_tls(certificate):
    """A client context that trusts the test certificate (and verifies the host name)."""
    return ssl.create_default_context(cafile=str(certificate[0]))


@pytest.fixture
def smtp(certificate):
    controller, recorder, port = start_smtp(*certificate, user=SMTP_USER, password=SMTP_PASSWORD)
    recorder.port = port
    yield recorder
    controller.stop()


@pytest.fixture
def line():
    server, state, url = start_line()
    state.url = url
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def hook():
    server, state, url = start_hook(HOOK_SECRET)
    state.url = url
    yield state
    server.shutdown()
    server.server_close()


def alert_env(tmp_path, smtp_port: int = 1, line_url: str = "http://127.0.0.1:1/", **extra: str) -> dict[str, str]:
    env = {
        "DATA_DIR": str(tmp_path / "data"),
        "ALERTS_EMAIL_ENABLED": "true",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_USER": SMTP_USER,
        "SMTP_PASSWORD": SMTP_PASSWORD,
        "SMTP_FROM": "floodroom@ubon.example.go.th",
        "ALERTS_LINE_ENABLED": "true",
        "LINE_API_BASE_URL": line_url,
        "LINE_CHANNEL_TOKEN": LINE_TOKEN,
        "ALERTS_WEBHOOK_ENABLED": "true",
        "WEBHOOK_SECRET": HOOK_SECRET,
        "ALERTS_SEND_TIMEOUT": "3",
    }
    return {**env, **extra}


@pytest.fixture
def alert_settings(tmp_path, smtp, line):
    return load_settings(alert_env(tmp_path, smtp.port, line.url))
