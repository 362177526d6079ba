"""LINE Messaging API: push to a user, group or room; broadcast to every friend of the LINE
Official Account (the public channel); the month's quota. LINE Notify is closed and not used.

Requests (``LINE_API_BASE_URL``, https://api.line.me/ by default; tests point it at a local server):

* ``POST v2/bot/message/push`` ``{"to": id, "messages": [{"type": "text", "text": ...}]}``, at
  most 5 messages of at most 5,000 characters each; ``POST v2/bot/message/broadcast``
  ``{"messages": [...]}``. Headers ``Authorization: Bearer <LINE_CHANNEL_TOKEN>`` and
  ``X-Line-Retry-Key: <UUID>``: the same UUID on every try of one alert, derived from its
  idempotency key, so LINE executes it once and answers a repeat with 409 (taken as delivered).
* 429 (rate or monthly limit) and 5xx/timeouts are retried (``Retry-After`` honoured);
  other 4xx are refused for good.
* ``GET v2/bot/message/quota`` (``{"type": "limited", "value": N}`` or ``{"type": "none"}``) and
  ``GET v2/bot/message/quota/consumption`` (``{"totalUsage": N}``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import requests

from config import Settings
from notify import Message, PermanentFailure, Receipt, TemporaryFailure

TEXT_MAX = 5000
MESSAGES_MAX = 5


def retry_key(idempotency_key: str) -> str:
    """The ``X-Line-Retry-Key`` of an alert: a UUID (version 4 layout) from its idempotency key."""
    return str(uuid.UUID(hex=idempotency_key[:32], version=4))


def text_messages(text: str) -> list[dict]:
    """``text`` as LINE text message objects: pieces of at most 5,000 characters, at most 5
    (anything longer is cut with an ellipsis)."""
    pieces = [text[i : i + TEXT_MAX] for i in range(0, max(len(text), 1), TEXT_MAX)]
    if len(pieces) > MESSAGES_MAX:
        pieces = pieces[:MESSAGES_MAX]
        pieces[-1] = pieces[-1][: TEXT_MAX - 1] + "…"
    return [{"type": "text", "text": piece} for piece in pieces]


@dataclass(frozen=True)
class Quota:
    limit: int | None  # None: no monthly limit
    used: int

    def left(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)


class LineChannel:
    name = "line"

    def __init__(self, settings: Settings, session: requests.Session | None = None):
        self.settings = settings
        self.session = session or requests.Session()

    def _headers(self, key: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.settings.line_channel_token}"}
        if key:
            headers["X-Line-Retry-Key"] = key
        return headers

    def _url(self, path: str) -> str:
        return self.settings.line_api_base_url.rstrip("/") + "/" + path

    def send(self, message: Message) -> Receipt:
        """Push (or broadcast, for the address ``broadcast`` of channel ``line_broadcast``)."""
        key = retry_key(message.idempotency_key)
        body: dict[str, object]
        if message.channel == "line_broadcast":
            path, body = "v2/bot/message/broadcast", {"messages": text_messages(message.text)}
        else:
            path, body = "v2/bot/message/push", {"to": message.address, "messages": text_messages(message.text)}
        try:
            reply = self.session.post(
                self._url(path), json=body, headers=self._headers(key), timeout=self.settings.alerts_send_timeout_s
            )
        except requests.Timeout as exc:
            raise TemporaryFailure(f"LINE did not answer within {self.settings.alerts_send_timeout_s:g} s") from exc
        except requests.RequestException as exc:
            raise TemporaryFailure(f"LINE unreachable: {type(exc).__name__}") from exc
        status = str(reply.status_code)
        if reply.status_code == 200:
            return Receipt(status, retry_key=key)
        if reply.status_code == 409:  # this retry key was accepted before: delivered once already
            return Receipt(status, duplicate=True, retry_key=key)
        detail = _error_text(reply)
        if reply.status_code == 429 or reply.status_code >= 500:
            raise TemporaryFailure(f"LINE {status}: {detail}", status, _retry_after(reply))
        raise PermanentFailure(f"LINE {status}: {detail}", status)

    def quota(self) -> Quota:
        """This month's limit and use; ``TemporaryFailure`` when LINE cannot be asked."""
        timeout = self.settings.alerts_send_timeout_s
        try:
            limit = self.session.get(self._url("v2/bot/message/quota"), headers=self._headers(), timeout=timeout)
            usage = self.session.get(
                self._url("v2/bot/message/quota/consumption"), headers=self._headers(), timeout=timeout
            )
        except requests.RequestException as exc:
            raise TemporaryFailure(f"LINE quota unreadable: {type(exc).__name__}") from exc
        if limit.status_code != 200 or usage.status_code != 200:
            raise TemporaryFailure(f"LINE quota unreadable: HTTP {limit.status_code}/{usage.status_code}")
        try:
            quota, used = limit.json(), int(usage.json()["totalUsage"])
            value = None if quota.get("type") == "none" else int(quota["value"])
        except (ValueError, KeyError, TypeError) as exc:
            raise TemporaryFailure(f"LINE quota reply not understood: {exc}") from exc
        return Quota(value, used)


def _error_text(reply: requests.Response) -> str:
    try:
        return str(reply.json().get("message", ""))[:200] or reply.reason
    except ValueError:
        return reply.reason or ""


def _retry_after(reply: requests.Response) -> float | None:
    try:
        return max(float(reply.headers.get("Retry-After", "")), 0.0)
    except ValueError:
        return None


def line_quota_status(settings: Settings, reserve: int, session: requests.Session | None = None) -> dict | None:
    """For a page or a command: this month's LINE limit, use, what is left, the reserve and what
    routine alerts may still spend (None values when there is no limit). None when LINE is
    switched off or has no token; ``TemporaryFailure`` when LINE cannot be asked."""
    if not (settings.alerts_line_enabled and settings.line_channel_token):
        return None
    quota = LineChannel(settings, session).quota()
    left = quota.left()
    routine = None if left is None else max(left - reserve, 0)
    return {"limit": quota.limit, "used": quota.used, "left": left, "reserve": reserve, "routine_left": routine}
