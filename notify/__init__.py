"""Alert delivery: the channels (e-mail over SMTP with STARTTLS, LINE Messaging API push and
broadcast, signed webhooks), the text of an alert escaped for each channel, and the sender
that empties the outbox (``store.outbox``) with retries and backoff.

Exceptions of a channel's ``send`` (one tree, like httpx's)::

    DeliveryError              the message was not delivered
    ├── TemporaryFailure       try again later (timeout, 5xx, 429, 4xx SMTP); ``retry_after_s`` if told
    └── PermanentFailure       retrying cannot help (refused address, 400 from LINE, 5xx SMTP reply)

A channel that returns has handed the message over (``Receipt``); ``duplicate`` says the
receiver had it already (LINE's 409 for a retry key it accepted before).
"""

from __future__ import annotations

from dataclasses import dataclass


class DeliveryError(Exception):
    """The message was not delivered; ``status`` is the HTTP status or SMTP code, if any."""

    def __init__(self, message: str, status: str | None = None):
        super().__init__(message)
        self.status = status


class TemporaryFailure(DeliveryError):
    def __init__(self, message: str, status: str | None = None, retry_after_s: float | None = None):
        super().__init__(message, status)
        self.retry_after_s = retry_after_s


class PermanentFailure(DeliveryError):
    pass


@dataclass(frozen=True)
class Receipt:
    status: str  # "200", "250", ...
    duplicate: bool = False  # the receiver had accepted this message before (a safe re-send)
    retry_key: str | None = None


@dataclass(frozen=True)
class Message:
    """One finished message for one address: the words are already in the recipient's language
    and escaped for the channel."""

    idempotency_key: str
    channel: str
    address: str
    subject: str
    text: str
    data: dict  # the structured alert (webhooks send it as JSON)
