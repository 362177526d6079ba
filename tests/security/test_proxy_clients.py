"""Round 2, finding 4: ``manage.py serve`` listens on ``::`` (both IPv4 and IPv6), so a proxy on
the same machine connects as ``::ffff:127.0.0.1``; its X-Forwarded-For must be trusted (or every
visitor is one client for the sign-in throttle), and IPv4-mapped addresses are recorded as IPv4."""

from __future__ import annotations

import pytest
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from auth.clients import client_address, trusted_proxies
from tests.support.aio import run_to_end
from ui.serving import trust_local_proxy


def _client_seen(trusted: str, peer: str, forwarded_for: str) -> str:
    """The client address the app sees behind uvicorn's proxy-headers middleware (what Streamlit uses)."""
    seen = {}

    async def app(scope, receive, send):
        seen["client"] = scope["client"][0]

    scope = {"type": "websocket", "client": (peer, 50000), "headers": [(b"x-forwarded-for", forwarded_for.encode())]}
    run_to_end(ProxyHeadersMiddleware(app, trusted_hosts=trusted)(scope, None, None))
    return seen["client"]


@pytest.mark.parametrize("peer", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_a_proxy_on_this_machine_is_trusted_in_every_form_of_the_loopback(peer):
    environ: dict[str, str] = {}
    trust_local_proxy(environ)
    assert _client_seen(environ["FORWARDED_ALLOW_IPS"], peer, "203.0.113.7") == "203.0.113.7"


def test_uvicorns_own_default_misses_the_mapped_loopback():
    """Why ``trust_local_proxy`` is needed: this fails once uvicorn trusts the mapped form itself."""
    assert _client_seen("127.0.0.1,::1", "::ffff:127.0.0.1", "203.0.113.7") == "::ffff:127.0.0.1"


def test_an_administrators_proxy_list_is_kept_with_its_mapped_forms_and_the_loopback():
    environ = {"FORWARDED_ALLOW_IPS": "10.0.0.5"}
    trust_local_proxy(environ)
    assert _client_seen(environ["FORWARDED_ALLOW_IPS"], "::ffff:10.0.0.5", "203.0.113.9") == "203.0.113.9"
    assert _client_seen(environ["FORWARDED_ALLOW_IPS"], "::ffff:127.0.0.1", "203.0.113.9") == "203.0.113.9"
    assert (
        _client_seen(environ["FORWARDED_ALLOW_IPS"], "198.51.100.1", "203.0.113.9") == "198.51.100.1"
    )  # others not trusted
    assert trusted_proxies("*") == "*"


@pytest.mark.parametrize(
    "raw, recorded",
    [
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8::1", "2001:db8::1"),
        ("::ffff:127.0.0.1", None),
        ("127.0.0.1", None),
        ("::1", None),
        (None, None),
        ("", None),
        ("not-an-ip", "not-an-ip"),
    ],
)
def test_the_recorded_client_is_normalised(raw, recorded):
    assert client_address(raw) == recorded
