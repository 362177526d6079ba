"""The three channels against real local servers: SMTP with STARTTLS and AUTH (aiosmtpd),
LINE's push/broadcast/quota as documented (the stand-in refuses a malformed request), a signed
webhook; the failures each maps to a retry or a refusal; escaping of feed values per channel."""

from __future__ import annotations

import json
import time

import pytest

from config import load_settings
from notify import Message, PermanentFailure, TemporaryFailure
from notify.email import EmailChannel
from notify.line import LineChannel, retry_key, text_messages
from notify.text import escape_value, render_alert
from notify.webhook import WebhookChannel, sign, verify_signature, webhook_body
from tests.alerts.conftest import alert_env

LINE_ID = "U" + "0123456789abcdef" * 2
KEY = "ab" * 32


def message(channel="email", address="somchai@example.go.th", text="ระดับน้ำ M.7 สูงกว่าตลิ่ง", key=KEY) -> Message:
    return Message(key, channel, address, "Flood Room: M.7", text, {"kind": "water.bank", "payload": {"x": 1}})


# ------------------------------------------------------------------ e-mail
def test_email_goes_over_starttls_with_login_and_a_stable_message_id(alert_settings, smtp, client_tls):
    receipt = EmailChannel(alert_settings, ssl_context=client_tls).send(message())
    assert receipt.status == "250"
    assert smtp.tls_sessions == 1 and smtp.logins == [("alerts", True)]
    mail_from, rcpt, mail = smtp.messages[0]
    assert (mail_from, rcpt) == ("floodroom@ubon.example.go.th", ["somchai@example.go.th"])
    assert mail["Message-ID"] == f"<{KEY}@ubon.example.go.th>"
    assert mail.get_content_type() == "text/plain"
    assert mail.get_payload(decode=True).decode("utf-8").strip() == "ระดับน้ำ M.7 สูงกว่าตลิ่ง"


def test_email_refuses_an_untrusted_certificate(alert_settings, smtp):
    with pytest.raises(TemporaryFailure, match="TLS"):
        EmailChannel(alert_settings).send(message())  # the system store does not know the test CA
    assert smtp.messages == []


def test_email_wrong_password_is_retried_later_and_nothing_sent(tmp_path, smtp, client_tls):
    settings = load_settings(alert_env(tmp_path, smtp.port, SMTP_PASSWORD="wrong"))
    with pytest.raises(TemporaryFailure, match="login"):
        EmailChannel(settings, ssl_context=client_tls).send(message())
    assert smtp.messages == []


def test_email_refused_recipient_is_permanent(alert_settings, smtp, client_tls):
    smtp.refuse.add("gone@example.go.th")
    with pytest.raises(PermanentFailure) as caught:
        EmailChannel(alert_settings, ssl_context=client_tls).send(message(address="gone@example.go.th"))
    assert caught.value.status == "550"


def test_email_to_an_address_that_breaks_the_rules_is_refused_before_smtp(alert_settings, smtp, client_tls):
    with pytest.raises(PermanentFailure, match="not valid"):
        EmailChannel(alert_settings, ssl_context=client_tls).send(message(address="a@b.example\r\nRCPT TO:<x@y.z>"))
    assert smtp.rcpt_seen == 0 and smtp.messages == []


def test_email_server_down_or_silent_is_temporary(tmp_path, smtp, client_tls):
    settings = load_settings(alert_env(tmp_path, 1))
    with pytest.raises(TemporaryFailure):
        EmailChannel(settings, ssl_context=client_tls).send(message())
    smtp.stall_rcpt_s = 5
    settings = load_settings(alert_env(tmp_path, smtp.port, ALERTS_SEND_TIMEOUT="1"))
    started = time.monotonic()
    with pytest.raises(TemporaryFailure, match="within 1 s|timed out"):
        EmailChannel(settings, ssl_context=client_tls).send(message())
    assert time.monotonic() - started < 4


# ------------------------------------------------------------------ LINE
def test_line_push_is_the_documented_request(alert_settings, line):
    receipt = LineChannel(alert_settings).send(message("line", LINE_ID))
    assert receipt.status == "200" and not receipt.duplicate
    assert line.bad == []
    sent = line.accepted[0]
    assert sent["path"] == "/v2/bot/message/push" and sent["to"] == LINE_ID
    assert sent["messages"] == [{"type": "text", "text": "ระดับน้ำ M.7 สูงกว่าตลิ่ง"}]
    assert sent["key"] == retry_key(KEY)


def test_line_same_retry_key_twice_is_one_delivery(alert_settings, line):
    channel = LineChannel(alert_settings)
    channel.send(message("line", LINE_ID))
    again = channel.send(message("line", LINE_ID))
    assert again.status == "409" and again.duplicate
    assert len(line.accepted) == 1 and line.conflicts == 1


def test_line_429_and_500_are_retried_400_and_401_refused(tmp_path, alert_settings, line):
    channel = LineChannel(alert_settings)
    line.script = [429, 500]
    with pytest.raises(TemporaryFailure) as caught:
        channel.send(message("line", LINE_ID))
    assert caught.value.status == "429" and caught.value.retry_after_s == 1.0
    with pytest.raises(TemporaryFailure):
        channel.send(message("line", LINE_ID))
    with pytest.raises(PermanentFailure) as refused:  # the stand-in checks the id as LINE does
        channel.send(message("line", "U123"))
    assert refused.value.status == "400" and line.bad == ["to: invalid user, group or room id"]
    wrong_token = load_settings(alert_env(tmp_path, line_url=line.url, LINE_CHANNEL_TOKEN="nope"))
    with pytest.raises(PermanentFailure, match="401"):
        LineChannel(wrong_token).send(message("line", LINE_ID, key="cd" * 32))
    assert channel.send(message("line", LINE_ID)).status == "200"  # after the failures, delivered once
    assert len(line.accepted) == 1


def test_line_long_text_is_split_into_at_most_five_documented_messages(alert_settings, line):
    assert [len(m["text"]) for m in text_messages("x" * 12_001)] == [5000, 5000, 2001]
    assert len(text_messages("x" * 40_000)) == 5
    LineChannel(alert_settings).send(message("line", LINE_ID, text="ก" * 12_001))
    assert line.bad == [] and len(line.accepted[0]["messages"]) == 3


def test_line_broadcast_and_quota(alert_settings, line):
    channel = LineChannel(alert_settings)
    channel.send(message("line_broadcast", "broadcast"))
    assert line.accepted[0]["path"] == "/v2/bot/message/broadcast" and "to" not in line.accepted[0]
    quota = channel.quota()
    assert (quota.limit, quota.used, quota.left()) == (500, 1, 499)
    line.quota_limit = None
    assert channel.quota().left() is None


def test_line_unreachable_or_silent_is_temporary(tmp_path, line):
    with pytest.raises(TemporaryFailure, match="unreachable"):
        LineChannel(load_settings(alert_env(tmp_path, line_url="http://127.0.0.1:1/"))).send(message("line", LINE_ID))
    line.stall_s = 3
    settings = load_settings(alert_env(tmp_path, line_url=line.url, ALERTS_SEND_TIMEOUT="1"))
    with pytest.raises(TemporaryFailure, match="within 1 s"):
        LineChannel(settings).send(message("line", LINE_ID))


# ------------------------------------------------------------------ webhook
def test_webhook_is_signed_and_carries_its_delivery_id(alert_settings, hook):
    receipt = WebhookChannel(alert_settings).send(message("webhook", hook.url))
    assert receipt.status == "204" and hook.bad_signatures == 0
    assert hook.deliveries == {KEY: 1}
    assert hook.posts[0]["text"] == "ระดับน้ำ M.7 สูงกว่าตลิ่ง" and hook.posts[0]["kind"] == "water.bank"


def test_webhook_signature_scheme():
    body = webhook_body(message("webhook", "https://x.example"))
    signature = sign("s3cret", 1_700_000_000, body)
    assert signature.startswith("sha256=") and len(signature) == 7 + 64
    assert verify_signature("s3cret", "1700000000", body, signature, now=1_700_000_100)
    assert not verify_signature("s3cret", "1700000000", body + b" ", signature, now=1_700_000_100)
    assert not verify_signature("other", "1700000000", body, signature, now=1_700_000_100)
    assert not verify_signature("s3cret", "1700000000", body, signature, now=1_700_000_000 + 301)  # a replay
    assert json.loads(body)["delivery"] == KEY


def test_webhook_with_a_wrong_secret_is_refused_by_the_receiver(tmp_path, hook):
    settings = load_settings(alert_env(tmp_path, WEBHOOK_SECRET="not-the-receivers"))
    with pytest.raises(PermanentFailure, match="401"):
        WebhookChannel(settings).send(message("webhook", hook.url))
    assert hook.bad_signatures == 1 and not hook.deliveries


def test_webhook_that_does_not_answer_in_time_is_temporary(tmp_path, hook):
    hook.stall_s = 3
    settings = load_settings(alert_env(tmp_path, ALERTS_SEND_TIMEOUT="1"))
    with pytest.raises(TemporaryFailure, match="within 1 s"):
        WebhookChannel(settings).send(message("webhook", hook.url))


def test_webhook_failures_and_a_plain_http_url(alert_settings, hook):
    channel = WebhookChannel(alert_settings)
    hook.script = [503]
    with pytest.raises(TemporaryFailure):
        channel.send(message("webhook", hook.url))
    with pytest.raises(PermanentFailure, match="https"):
        channel.send(message("webhook", "http://example.com/hook"))
    assert not hook.deliveries


# ------------------------------------------------------------------ escaping
HOSTILE = "<b>M.7</b> *bold* [x](http://evil.example) @everyone\r\nBcc: x@evil.example\u202e"


@pytest.mark.parametrize("channel", ["email", "line", "webhook"])
def test_a_station_name_cannot_inject_markup_or_headers(channel):
    value = escape_value(HOSTILE, channel)
    assert "\r" not in value and "\n" not in value and "\u202e" not in value
    # no channel renders markup: the value is plain text, no Markdown/HTML escape of ours
    assert "<b>M.7</b> *bold* [x](http://evil.example) @everyone" in value and "\\" not in value
    subject, body = render_alert("unknown.kind", {"station": HOSTILE}, "th", channel)
    assert "\n" not in subject and "\r" not in subject


def test_text_is_cut_to_the_channel_limit():
    _, body = render_alert("x", {}, "th", "line", text="ก" * 6000)
    assert len(body) == 5000 and body.endswith("…")


def test_finished_text_keeps_its_lines_and_the_link_is_added():
    subject, body = render_alert(
        "water.bank", {"text": "M.7", "link": "water_levels?station=M.7"}, "en", "line", base_url="https://fr.example/"
    )
    assert body.endswith("Details: https://fr.example/water_levels?station=M.7")
    assert subject == "Flood Room: M.7"


def test_quota_status_shows_what_routine_alerts_may_still_spend(tmp_path, alert_settings, line):
    from notify.line import line_quota_status

    channel = LineChannel(alert_settings)
    for i in range(3):
        channel.send(message("line", LINE_ID, key=f"{i:02d}" * 32))
    assert line_quota_status(alert_settings, reserve=450) == {
        "limit": 500,
        "used": 3,
        "left": 497,
        "reserve": 450,
        "routine_left": 47,
    }
    assert line_quota_status(load_settings(alert_env(tmp_path, ALERTS_LINE_ENABLED="false")), reserve=0) is None


def test_a_kind_with_catalogue_words_is_rendered_in_the_recipients_language(monkeypatch):
    from i18n import CATALOGUE

    monkeypatch.setitem(
        CATALOGUE,
        "alerts.msg.test_kind",
        ("สถานี {station} ระดับ {level} ม. เมื่อ {reading_at}", "Station {station} at {level} m, {reading_at}"),
    )
    monkeypatch.setitem(CATALOGUE, "alerts.title.test_kind", ("{station} เกินตลิ่ง", "{station} over the bank"))
    payload = {"station": "M.7 *x*", "level": 112.346, "reading_at": "2026-10-01T03:00:00+00:00"}
    subject, body = render_alert("test_kind", payload, "th", "webhook")
    assert subject == "Flood Room: M.7 *x* เกินตลิ่ง"
    assert body == "สถานี M.7 *x* ระดับ 112.35 ม. เมื่อ 1 ต.ค. 2569 10:00"
    subject, body = render_alert("test_kind", payload, "en", "line")
    assert (subject, body) == ("Flood Room: M.7 *x* over the bank", "Station M.7 *x* at 112.35 m, 1 Oct 2026 10:00")
