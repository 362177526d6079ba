"""Webhooks: a JSON POST signed with HMAC-SHA256, for Slack/Teams/Discord bridges and the
province's own systems. https only (http:// only to 127.0.0.1, a bridge on the same machine).

Scheme (what a receiver checks)::

    X-FloodRoom-Timestamp: <unix seconds when signed>
    X-FloodRoom-Signature: sha256=<hex of HMAC-SHA256(WEBHOOK_SECRET, "<timestamp>." + raw body)>
    X-FloodRoom-Delivery:  <the alert's idempotency key, the same on every retry>

The receiver recomputes the HMAC over the timestamp, a dot and the raw body bytes, compares in
constant time, refuses a timestamp more than 5 minutes away from its clock (a replay), and
drops a delivery id it has seen (a retry of one it processed). ``verify_signature`` does the
first two. Any 2xx is delivered; 429, 5xx and timeouts are retried; other answers refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import requests

from config import Settings
from notify import Message, PermanentFailure, Receipt, TemporaryFailure
from store.alerts import webhook_problem

TOLERANCE_S = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    *,
    now: float | None = None,
    tolerance_s: float = TOLERANCE_S,
) -> bool:
    """True if ``signature`` is ours for ``timestamp`` and ``body`` and the timestamp is within
    ``tolerance_s`` of ``now``."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - ts) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, ts, body), signature)


def webhook_body(message: Message) -> bytes:
    """The JSON body: the delivery id, the plain text and the structured alert."""
    document = {"delivery": message.idempotency_key, "subject": message.subject, "text": message.text, **message.data}
    return json.dumps(document, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


class WebhookChannel:
    name = "webhook"

    def __init__(self, settings: Settings, session: requests.Session | None = None):
        self.settings = settings
        self.session = session or requests.Session()

    def send(self, message: Message, *, now: float | None = None) -> Receipt:
        problem = webhook_problem(message.address)
        if problem:  # saved before the rule, or edited in the database: never POST it
            raise PermanentFailure(str(problem))
        body = webhook_body(message)
        ts = int(time.time() if now is None else now)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-FloodRoom-Timestamp": str(ts),
            "X-FloodRoom-Signature": sign(self.settings.webhook_secret, ts, body),
            "X-FloodRoom-Delivery": message.idempotency_key,
        }
        try:
            reply = self.session.post(
                message.address,
                data=body,
                headers=headers,
                timeout=self.settings.alerts_send_timeout_s,
                allow_redirects=False,
            )
        except requests.Timeout as exc:
            raise TemporaryFailure(f"webhook did not answer within {self.settings.alerts_send_timeout_s:g} s") from exc
        except requests.RequestException as exc:
            raise TemporaryFailure(f"webhook unreachable: {type(exc).__name__}") from exc
        status = str(reply.status_code)
        if 200 <= reply.status_code < 300:
            return Receipt(status, retry_key=message.idempotency_key)
        if reply.status_code == 429 or reply.status_code >= 500:
            retry = reply.headers.get("Retry-After", "")
            raise TemporaryFailure(f"webhook HTTP {status}", status, float(retry) if retry.isdigit() else None)
        raise PermanentFailure(f"webhook HTTP {status}", status)
