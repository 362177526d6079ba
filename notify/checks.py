"""What ``manage.py check`` says about alerts: a channel switched on without its secret or its
settings, and saved addresses that break the rules (saved before a rule existed, or edited in
the database by hand). Each problem is data (channel, code, parameters); the words are the
catalogue's (``alerts.check.*``, ``alerts.refused.*``)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from config import Settings
from i18n import t
from store.alerts import email_problem, line_to_problem, list_contacts, public_webhooks, webhook_problem

Problem = tuple[str, str, dict]  # (channel, code, params)


def channel_problems(settings: Settings) -> list[Problem]:
    """Channels that are switched on but cannot send: a missing secret or setting."""
    found: list[Problem] = []
    if settings.alerts_email_enabled:
        for name, value in (("SMTP_HOST", settings.smtp_host), ("SMTP_FROM", settings.smtp_from)):
            if not value:
                found.append(("email", "setting_missing", {"channel": "email", "setting": name}))
        if settings.smtp_from and email_problem(settings.smtp_from):
            found.append(("email", "bad_from", {"channel": "email", "setting": "SMTP_FROM"}))
        if settings.smtp_user and not settings.smtp_password:
            found.append(("email", "secret_missing", {"channel": "email", "setting": "SMTP_PASSWORD"}))
    if settings.alerts_line_enabled and not settings.line_channel_token:
        found.append(("line", "secret_missing", {"channel": "line", "setting": "LINE_CHANNEL_TOKEN"}))
    if settings.alerts_webhook_enabled and not settings.webhook_secret:
        found.append(("webhook", "secret_missing", {"channel": "webhook", "setting": "WEBHOOK_SECRET"}))
    return found


def address_problems(engine: Engine) -> list[tuple[str, object]]:
    """(user name or 'public webhooks', the refusal) for every saved address that is not valid."""
    found: list[tuple[str, object]] = []
    for contact in list_contacts(engine):
        for value, check in (
            (contact.email, email_problem),
            (contact.line_to, line_to_problem),
            (contact.webhook_url, webhook_problem),
        ):
            problem = check(value) if value else None
            if problem:
                found.append((contact.username, problem))
    for url in public_webhooks(engine):
        problem = webhook_problem(url)
        if problem:
            found.append(("public", problem))
    return found


def check_lines(settings: Settings, engine: Engine | None, lang: str) -> tuple[list[str], list[str]]:
    """(lines to print, one-line problems) for ``manage.py check`` in ``lang``."""
    lines: list[str] = []
    problems: list[str] = []
    for _channel, code, params in channel_problems(settings):
        problems.append(t(f"alerts.check.{code}", lang, **params))
    if engine is not None:
        for user, refusal in address_problems(engine):
            reason = t(f"alerts.refused.{refusal.code}", lang, **refusal.params)  # type: ignore[attr-defined]  # a Refusal here
            problems.append(t("alerts.check.bad_contact", lang, user=user, reason=reason))
    on = [
        name
        for name, enabled in (
            ("email", settings.alerts_email_enabled),
            ("line", settings.alerts_line_enabled),
            ("webhook", settings.alerts_webhook_enabled),
        )
        if enabled
    ]
    detail = t("alerts.check.channels", lang, channels=", ".join(on)) if on else t("alerts.check.none_on", lang)
    if problems:
        lines.extend(t("alerts.check.problem", lang, detail=p) for p in problems)
    else:
        lines.append(t("alerts.check.ok", lang, detail=detail))
    return lines, problems
