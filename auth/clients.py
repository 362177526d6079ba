"""The client address a sign-in is throttled by (pure).

``manage.py serve`` listens on ``::`` with IPv4 allowed, so an IPv4 peer arrives as an
IPv4-mapped IPv6 address (``::ffff:203.0.113.7``); the same client must count as one whether it
came in as ``203.0.113.7`` or mapped, and a proxy on this machine connects as
``::ffff:127.0.0.1``, which uvicorn's default ``FORWARDED_ALLOW_IPS`` (``127.0.0.1,::1``) does
not trust: then its X-Forwarded-For is ignored and every visitor becomes that one client.
"""

from __future__ import annotations

import ipaddress

LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1")


def _normalised(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def client_address(raw: str | None) -> str | None:
    """The address to record for ``raw`` (a peer or forwarded address): IPv4-mapped addresses as
    IPv4; None for none or for this machine itself (a local browser is not a remote client,
    as ``st.context.ip_address`` already treats 127.0.0.1 and ::1)."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    address = _normalised(raw)
    if address is None:
        return raw.strip()[:100]
    return None if address.is_loopback else str(address)


def trusted_proxies(configured: str | None) -> str:
    """The ``FORWARDED_ALLOW_IPS`` value to serve with: the administrator's list (``*`` kept as
    is), the loopback in all its forms, and the IPv4-mapped form of every IPv4 entry."""
    if configured and configured.strip() == "*":
        return "*"
    entries = [e.strip() for e in (configured or "").split(",") if e.strip()]
    for entry in list(entries):
        address = _normalised(entry) if "/" not in entry else None
        if isinstance(address, ipaddress.IPv4Address):
            entries.append(f"::ffff:{address}")
    entries.extend(LOOPBACK)
    return ",".join(dict.fromkeys(entries))
