"""``manage.py alerts ...``: the outbox and the channels from the command line (issue 19).

    alerts status [--lang th|en]                  outbox counts by state, LINE quota left
    alerts test --to USER --channel CHANNEL       send a test message now, once (recorded in the outbox)
    alerts send [--every 1s] [--lease 300]        run the sender alone (the ingest loop runs it too)
    alerts contact USER [--email A] [--line ID] [--webhook URL] [--language th|en]
    alerts subscribe USER CHANNEL [--kind K] [--station S] [--district D]
    alerts public-webhooks [URL ...] [--clear]    where the approved public summary goes besides LINE
    alerts line-reserve N                         messages of the month's LINE quota kept for severe alerts
    alerts resend ID                              a failed or given-up alert again now

Output is in ``--lang`` (default ``DEFAULT_LANGUAGE``, Thai).
"""

from __future__ import annotations

import sys
import threading
from datetime import UTC, datetime

from cli import CommandError
from config import Settings
from i18n import t
from i18n.timefmt import format_datetime
from store.db import make_engine


def _lang(args, settings: Settings) -> str:
    return args.lang or settings.default_language


def _refusal(exc: Exception, lang: str) -> CommandError:
    from store.alerts import AlertConfigError

    if isinstance(exc, AlertConfigError):
        return CommandError(t(f"alerts.refused.{exc.code}", lang, **exc.params))
    return CommandError(str(exc))


def cmd_status(args, settings: Settings) -> int:
    from notify import DeliveryError
    from notify.line import line_quota_status
    from store.alerts import line_reserve
    from store.outbox import outbox_counts

    lang, engine = _lang(args, settings), make_engine(settings.database_url)
    print(t("alerts.cli.status_title", lang))
    for state, n in outbox_counts(engine).items():
        print(t("alerts.cli.status_row", lang, state=t(f"alerts.state.{state}", lang), n=n))
    try:
        quota = line_quota_status(settings, line_reserve(engine))
    except DeliveryError as exc:
        print(t("alerts.cli.line_quota_unknown", lang, error=str(exc)))
        return 0
    if quota is not None and quota["limit"] is None:
        print(t("alerts.cli.line_quota_unlimited", lang, used=f"{quota['used']:,}"))
    elif quota is not None:
        numbers = {k: f"{quota[k]:,}" for k in ("used", "limit", "left", "reserve")}
        print(t("alerts.cli.line_quota", lang, **numbers))
    return 0


def cmd_test(args, settings: Settings) -> int:
    from notify.sender import SETTING_OF, build_channels, deliver_due
    from store.alerts import get_contact
    from store.outbox import AlertDraft, cancel_queued, enqueue_alerts, idempotency_key, list_attempts, outbox_id

    lang, engine = _lang(args, settings), make_engine(settings.database_url)
    channels = build_channels(settings)
    if args.channel not in channels:
        raise CommandError(t("alerts.cli.channel_off", lang, channel=args.channel, setting=SETTING_OF[args.channel]))
    contact = get_contact(engine, args.to)
    address = contact.address(args.channel) if contact else None
    if not address:
        raise CommandError(t("alerts.cli.no_address", lang, user=args.to, channel=args.channel))
    now = datetime.now(UTC)
    recipient_lang = contact.language if contact else lang
    text = t(
        "alerts.test.body",
        recipient_lang,
        user=args.to,
        channel=args.channel,
        time=format_datetime(now, recipient_lang),
    )
    event_key = f"test:{args.to}:{args.channel}:{now.isoformat()}"
    draft = AlertDraft(
        event_key,
        "test",
        "info",
        args.channel,
        address,
        args.to,
        recipient_lang,
        {"title": t("alerts.test.subject", recipient_lang)},
        text,
    )
    with engine.begin() as conn:
        enqueue_alerts(conn, [draft], now=now)
    row_id = outbox_id(engine, idempotency_key(event_key, args.to, args.channel, address))
    assert row_id is not None
    result = deliver_due(engine, settings, channels, ids=[row_id])
    if not result.sent:  # tried once: a test that arrives an hour later helps nobody
        with engine.begin() as conn:
            cancel_queued(conn, event_key, "test message not retried")
    state = t("alerts.state.sent" if result.sent else "alerts.cli.test_given_up", lang)
    print(t("alerts.cli.test_queued", lang, user=args.to, channel=args.channel, address=address, state=state))
    if not result.sent:
        error = (list_attempts(engine, row_id) or [{}])[-1].get("error") or ""
        raise CommandError(error or state)
    return 0


def cmd_send(args, settings: Settings) -> int:
    from notify.sender import RetryPolicy, run_sender
    from ops.lock import hold_lock

    lang, engine = _lang(args, settings), make_engine(settings.database_url)
    policy = RetryPolicy(lease_s=args.lease, base_s=args.backoff)
    stop = threading.Event()
    with hold_lock(engine, "alerts", on_wait=lambda m: print(m, file=sys.stderr, flush=True)):
        try:
            totals = run_sender(engine, settings, policy=policy, idle_s=args.every, stop=stop, until_empty=args.once)
        except KeyboardInterrupt:
            stop.set()
            return 130
    print(t("alerts.cli.sent_round", lang, sent=totals.sent, failed=totals.failed + totals.held, dead=totals.dead))
    return 0


def cmd_contact(args, settings: Settings) -> int:
    from auth import SYSTEM
    from store.alerts import get_contact, set_contact

    lang, engine = _lang(args, settings), make_engine(settings.database_url)
    old = get_contact(engine, args.user)
    values = {
        "email": args.email if args.email is not None else (old.email if old else None),
        "line_to": args.line if args.line is not None else (old.line_to if old else None),
        "webhook_url": args.webhook if args.webhook is not None else (old.webhook_url if old else None),
        "language": args.language or (old.language if old else settings.default_language),
    }
    try:
        set_contact(engine, SYSTEM, args.user, **values)
    except ValueError as exc:
        raise _refusal(exc, lang) from exc
    print(t("alerts.cli.contact_saved", lang, user=args.user))
    return 0


def cmd_subscribe(args, settings: Settings) -> int:
    from auth import SYSTEM
    from store.alerts import subscribe

    lang, engine = _lang(args, settings), make_engine(settings.database_url)
    try:
        new = subscribe(
            engine, SYSTEM, args.user, args.channel, args.kind, station_code=args.station, district_code=args.district
        )
    except ValueError as exc:
        raise _refusal(exc, lang) from exc
    print(t("alerts.cli.subscribed" if new else "alerts.cli.already", lang))
    return 0


def cmd_public_webhooks(args, settings: Settings) -> int:
    from auth import SYSTEM
    from store.alerts import public_webhooks, set_public_webhooks

    lang, engine = _lang(args, settings), make_engine(settings.database_url)
    if args.urls or args.clear:
        try:
            set_public_webhooks(engine, SYSTEM, [] if args.clear else args.urls)
        except ValueError as exc:
            raise _refusal(exc, lang) from exc
    urls = public_webhooks(engine)
    print(t("alerts.cli.public_webhooks", lang) + (" " + ", ".join(urls) if urls else " –"))
    return 0


def cmd_line_reserve(args, settings: Settings) -> int:
    from auth import SYSTEM
    from store.alerts import set_line_reserve

    lang, engine = _lang(args, settings), make_engine(settings.database_url)
    try:
        set_line_reserve(engine, SYSTEM, args.reserve)
    except ValueError as exc:
        raise _refusal(exc, lang) from exc
    return cmd_status(args, settings)


def cmd_resend(args, settings: Settings) -> int:
    from auth import SYSTEM
    from store.outbox import resend

    lang, engine = _lang(args, settings), make_engine(settings.database_url)
    if not resend(engine, SYSTEM, args.id):
        raise CommandError(t("alerts.cli.resend_refused", lang, id=args.id))
    print(t("alerts.cli.resend_queued", lang, id=args.id))
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("alerts", help="the alert outbox and channels: status, test, send, contact, subscribe")
    sub = p.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")

    def add(name: str, help_text: str, func):
        q = sub.add_parser(name, help=help_text)
        q.add_argument("--lang", choices=("th", "en"), help="language of the output (default: DEFAULT_LANGUAGE)")
        q.set_defaults(func=func)
        return q

    add("status", "outbox counts by state and the LINE quota left", cmd_status)
    q = add("test", "send a test message to an account now", cmd_test)
    q.add_argument("--to", required=True, help="user name")
    q.add_argument("--channel", required=True, choices=("email", "line", "webhook"))
    q = add("send", "run the sender alone (the ingest loop runs it too)", cmd_send)
    q.add_argument("--every", type=float, default=1.0, help="seconds to wait when nothing is due (default 1)")
    q.add_argument("--once", action="store_true", help="stop when nothing is due")
    q.add_argument(
        "--lease", type=float, default=300.0, help="seconds after which a send that never finished is retried"
    )
    q.add_argument("--backoff", type=float, default=15.0, help="first retry after this many seconds, doubling")
    q = add("contact", "save an account's alert addresses and language", cmd_contact)
    q.add_argument("user")
    q.add_argument("--email")
    q.add_argument("--line", help="LINE user id (U + 32 hex digits), group (C...) or room (R...)")
    q.add_argument("--webhook", help="https:// URL (http:// only for 127.0.0.1)")
    q.add_argument("--language", choices=("th", "en"))
    q = add("subscribe", "subscribe an account to events on a channel", cmd_subscribe)
    q.add_argument("user")
    q.add_argument("channel")
    q.add_argument("--kind", default="*", help="event kind (default: every kind)")
    q.add_argument("--station", default="", help="only this station")
    q.add_argument("--district", default="", help="only this district (4-digit DOPA code)")
    q = add("resend", "send a failed or given-up alert again now (same key: LINE still refuses a repeat)", cmd_resend)
    q.add_argument("id", type=int, help="the outbox row's id (the Alerts page shows it)")
    q = add("public-webhooks", "the webhook URLs the approved public summary goes to", cmd_public_webhooks)
    q.add_argument("urls", nargs="*", help="https:// URLs (http:// only for 127.0.0.1); none: show the list")
    q.add_argument("--clear", action="store_true", help="remove every public webhook")
    q = add("line-reserve", "keep this many of the month's LINE messages for severe alerts", cmd_line_reserve)
    q.add_argument("reserve", type=int)
