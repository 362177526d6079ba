"""The signed session cookie and the sealed token of a sign-in exchange (pure, no IO).

The browser keeps a local session's token in an HttpOnly, SameSite=Strict cookie set by the
server route ``/_floodroom/session`` (``ui.session_cookie``); its value is
``v1.<token>.<HMAC-SHA256 of the token under SECRET_KEY>``, so a cookie not made by this
server (or made under an older key) is ignored before the database is asked. The database
stores only the token's SHA-256 (``store.users``).

A page cannot set an HttpOnly cookie, so at sign-in it hands the browser a one-time exchange
code instead; the database row of that code holds the session token *sealed* with a key
derived from the code (``seal_token``): without the code, which only that browser tab ever
had, the row does not give the token back, and the row is deleted when the code is used.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

COOKIE_NAME = "floodroom_session"
_VERSION = "v1"
_SIGN_CONTEXT = b"floodroom-session-cookie\x00"
_SEAL_CONTEXT = b"floodroom-exchange-seal\x00"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(token: str, secret_key: str) -> str:
    return _b64(hmac.new(secret_key.encode("utf-8"), _SIGN_CONTEXT + token.encode("utf-8"), hashlib.sha256).digest())


def sign_session_token(token: str, secret_key: str) -> str:
    """The cookie value for ``token`` (a ``secrets.token_urlsafe`` string, no dots)."""
    if not secret_key:
        raise ValueError("SECRET_KEY is not set: a session cookie cannot be signed")
    if "." in token:
        raise ValueError("a session token has no '.'")
    return f"{_VERSION}.{token}.{_signature(token, secret_key)}"


def read_session_cookie(value: str | None, secret_key: str) -> str | None:
    """The token of a cookie this server signed under ``secret_key``; None for anything else."""
    if not value or not secret_key:
        return None
    parts = value.split(".")
    if len(parts) != 3 or parts[0] != _VERSION or not parts[1]:
        return None
    expected = _signature(parts[1], secret_key)
    return parts[1] if hmac.compare_digest(expected, parts[2]) else None


def _keystream(code: str, length: int) -> bytes:
    if length > 64:
        raise ValueError("a sealed token is at most 64 bytes")
    return hmac.new(code.encode("utf-8"), _SEAL_CONTEXT, hashlib.sha512).digest()[:length]


def seal_token(token: str, code: str) -> str:
    """``token`` hidden under a key derived from the one-time ``code`` (HMAC-SHA512 stream)."""
    raw = token.encode("utf-8")
    return _b64(bytes(a ^ b for a, b in zip(raw, _keystream(code, len(raw)), strict=True)))


def unseal_token(sealed: str, code: str) -> str | None:
    """The token ``seal_token`` hid, or None when ``sealed`` is not one."""
    try:
        raw = _unb64(sealed)
        return bytes(a ^ b for a, b in zip(raw, _keystream(code, len(raw)), strict=True)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
