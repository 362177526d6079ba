"""E-mail over SMTP with STARTTLS (RFC 3207), by the standard library's ``smtplib``.

Settings: ``SMTP_HOST``, ``SMTP_PORT`` (587), ``SMTP_USER``, ``SMTP_PASSWORD`` (a secret),
``SMTP_FROM``, ``SMTP_STARTTLS`` (true; false only for a relay on the same machine). With
STARTTLS on, a server that does not offer it is refused before anything is sent, so the
password never crosses the network in clear; the server's certificate is verified (the system's
trust store, or ``SSL_CERT_FILE``; tests pass their own ``ssl.SSLContext``).

The ``Message-ID`` is made from the alert's idempotency key, so a message sent again after a
crash (the one case SMTP cannot rule out: the server accepted it and the sender died before
noting it) carries the same id, which mail systems use to show it once.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from config import Settings
from notify import Message, PermanentFailure, Receipt, TemporaryFailure
from store.alerts import email_problem


def build_email(message: Message, sender: str) -> EmailMessage:
    """The MIME message: plain text in UTF-8, one recipient, a stable Message-ID."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.address
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(usegmt=True)
    domain = sender.rsplit("@", 1)[-1].strip(">") or "floodroom.invalid"
    mail["Message-ID"] = f"<{message.idempotency_key}@{domain}>"
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: out-of-office replies stay away
    mail.set_content(message.text, charset="utf-8")
    return mail


class EmailChannel:
    name = "email"

    def __init__(self, settings: Settings, *, ssl_context: ssl.SSLContext | None = None):
        self.settings = settings
        self.ssl_context = ssl_context

    def send(self, message: Message) -> Receipt:
        """Hand ``message`` to the SMTP server; ``TemporaryFailure`` for what a later try may fix
        (connection, timeout, 4xx, no STARTTLS, authentication), ``PermanentFailure`` for a 5xx
        refusal of the recipient or the message."""
        s = self.settings
        problem = email_problem(message.address)
        if problem:  # saved before the rule, or edited in the database: never put it in an SMTP command
            raise PermanentFailure(str(problem))
        mail = build_email(message, s.smtp_from)
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.alerts_send_timeout_s) as smtp:
                smtp.ehlo()
                if s.smtp_starttls:
                    if not smtp.has_extn("starttls"):
                        raise TemporaryFailure(
                            f"SMTP server {s.smtp_host}:{s.smtp_port} does not offer STARTTLS; nothing sent"
                        )
                    smtp.starttls(context=self.ssl_context or ssl.create_default_context())
                    smtp.ehlo()
                if s.smtp_user:
                    smtp.login(s.smtp_user, s.smtp_password)
                refused = smtp.send_message(mail, from_addr=s.smtp_from, to_addrs=[message.address])
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise _by_code(code, f"recipient refused: {code} {_text(reply)}") from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise TemporaryFailure(f"SMTP login refused: {exc.smtp_code}", str(exc.smtp_code)) from exc
        except smtplib.SMTPResponseException as exc:
            raise _by_code(exc.smtp_code, f"SMTP {exc.smtp_code} {_text(exc.smtp_error)}") from exc
        except TimeoutError as exc:
            raise TemporaryFailure(f"SMTP server did not answer within {s.alerts_send_timeout_s:g} s") from exc
        except ssl.SSLError as exc:
            raise TemporaryFailure(f"TLS failed with {s.smtp_host}: {exc.reason or exc}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryFailure(f"SMTP {type(exc).__name__}: {exc}") from exc
        if refused:
            code, reply = next(iter(refused.values()))
            raise _by_code(code, f"recipient refused: {code} {_text(reply)}")
        return Receipt("250")


def _text(reply: bytes | str) -> str:
    return (reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply))[:200]


def _by_code(code: int, text: str) -> TemporaryFailure | PermanentFailure:
    return PermanentFailure(text, str(code)) if 500 <= code < 600 else TemporaryFailure(text, str(code))
