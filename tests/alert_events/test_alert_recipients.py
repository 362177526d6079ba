"""Who gets what (domain.alert_recipients): subscriptions, role/district defaults, targeted
events, quiet hours with the severe override, language; and the words (domain.alert_text's payload
through notify.text)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.alert_events import AlertEvent, Reading, Station, source_events, station_level_events
from domain.alert_recipients import Person, Rule, deliveries, quiet_until, rules_for
from domain.alert_text import alert_payload
from domain.freshness import SourceFreshness
from notify.text import render_alert

NOON = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # 12:00 Bangkok
NIGHT = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)  # 23:00 Bangkok
M7 = Station("M.7", "สะพานเสรีประชาธิปไตย", "Seri Prachathipatai bridge", 112.0, 104.0, 111.5, "3401")
MAIL = {"email": "a@example.go.th", "line": "U" + "a" * 32}


def event(kind="station_watch", severity="warning", station="M.7", district="3401", recipients=()):
    return AlertEvent(
        key=f"{kind}|x",
        kind=kind,
        severity=severity,
        at=NOON,
        station_code=station,
        district_code=district,
        recipients=recipients,
    )


def people(*persons: Person) -> list[Person]:
    return list(persons)


def test_own_subscription_by_station_kind_and_channel():
    somchai = Person("somchai", "officer", ("3401",), addresses=MAIL)
    rules = [Rule("line", "station_watch", "M.7", username="somchai")]
    got = deliveries(event(), [somchai], rules, NOON)
    assert [(d.username, d.channel, d.address, d.lang) for d in got] == [("somchai", "line", MAIL["line"], "th")]
    assert deliveries(event(station="E.98"), [somchai], rules, NOON) == []
    assert deliveries(event(kind="station_bank"), [somchai], rules, NOON) == []


def test_district_limit_lets_province_wide_events_through_but_not_other_districts():
    rule = Rule("email", "*", district_code="3401", username="a")
    a = Person("a", "officer", addresses=MAIL)
    assert deliveries(event(district="3402"), [a], [rule], NOON) == []
    assert len(deliveries(event(district="3401"), [a], [rule], NOON)) == 1
    assert len(deliveries(event(kind="source_stale", station=None, district=None), [a], [rule], NOON)) == 1


def test_defaults_per_role_and_district_until_a_person_chooses_for_that_channel():
    defaults = [
        Rule("email", "item_overdue", role="officer"),
        Rule("line", "station_bank", district_code="3401"),
        Rule("line", "*", role="admin"),
    ]
    officer_3401 = Person("o1", "officer", ("3401",), addresses=MAIL)
    officer_3402 = Person("o2", "officer", ("3402",), addresses=MAIL)
    viewer_all = Person("v", "viewer", (), addresses=MAIL)
    assert {r.channel for r in rules_for(officer_3401, defaults)} == {"email", "line"}
    assert [r.kind for r in rules_for(officer_3402, defaults)] == ["item_overdue"]
    assert rules_for(viewer_all, defaults) == []  # no role default for viewers; district defaults need the district
    bank = event(kind="station_bank", severity="severe")
    assert [d.username for d in deliveries(bank, [officer_3401, officer_3402, viewer_all], defaults, NOON)] == ["o1"]
    # a person's own line subscription replaces the line defaults, the e-mail default stays
    own = [*defaults, Rule("line", "source_stale", username="o1")]
    assert [(r.channel, r.kind) for r in rules_for(officer_3401, own)] == [
        ("line", "source_stale"),
        ("email", "item_overdue"),
    ]
    assert deliveries(bank, [officer_3401], own, NOON) == []


def test_targeted_events_reach_the_person_on_every_channel_with_an_address():
    boss = Person("chief.3401", "officer", ("3401",), addresses={"email": "chief@example.go.th"})
    other = Person("other", "officer", ("3401",), addresses=MAIL)
    got = deliveries(event(kind="item_escalated", recipients=("chief.3401",)), [boss, other], [], NOON)
    assert [(d.username, d.channel) for d in got] == [("chief.3401", "email")]


def test_no_address_or_inactive_account_gets_nothing():
    rules = [Rule("line", "*", username="x"), Rule("email", "*", username="y")]
    x = Person("x", "officer", addresses={"email": "x@example.go.th"})
    y = Person("y", "officer", addresses=MAIL, active=False)
    assert deliveries(event(), [x, y], rules, NOON) == []


def test_quiet_hours_hold_until_they_end_but_not_the_most_severe():
    sleeper = Person("s", "officer", addresses=MAIL, quiet_from_min=22 * 60, quiet_to_min=6 * 60)
    rules = [Rule("line", "*", username="s")]
    held = deliveries(event(severity="warning"), [sleeper], rules, NIGHT)
    assert held[0].not_before == datetime(2026, 11, 25, 23, 0, tzinfo=UTC)  # 06:00 Bangkok next day
    severe = deliveries(event(kind="station_bank", severity="severe"), [sleeper], rules, NIGHT)
    assert severe[0].not_before == NIGHT
    assert deliveries(event(), [sleeper], rules, NOON)[0].not_before == NOON
    early = datetime(2026, 11, 25, 21, 30, tzinfo=UTC)  # 04:30 Bangkok, still quiet, same-day end
    assert quiet_until(sleeper, early) == datetime(2026, 11, 25, 23, 0, tzinfo=UTC)
    lunch = Person("l", "officer", quiet_from_min=12 * 60, quiet_to_min=13 * 60)
    assert quiet_until(lunch, NOON) == NOON + timedelta(hours=1)
    assert quiet_until(lunch, NIGHT) is None


def words(event: AlertEvent, lang: str, channel: str = "line", base: str = "https://floodroom.example.go.th") -> str:
    subject, body = render_alert(event.kind, alert_payload(event), lang, channel, base_url=base)
    return f"{subject}\n{body}"


def test_language_per_person_and_the_text_names_reading_time_source_class_and_link():
    events, _ = station_level_events(M7, [Reading(NOON - timedelta(hours=1), 111.9), Reading(NOON, 112.05)], 4)
    e = events[0]
    en, th = words(e, "en"), words(e, "th")
    assert "[Severe] Bank: M.7 Seri Prachathipatai bridge (Mueang Ubon Ratchathani)" in en
    assert "level 112.05 m MSL at 25 Nov 2026 12:00 (ThaiWater (HII)) rose above bank 112.00 m MSL" in en
    assert "class Over bank" in en and en.endswith("https://floodroom.example.go.th/water_levels?station=M.7")
    assert "[วิกฤต] ระดับตลิ่ง: M.7 สะพานเสรีประชาธิปไตย" in th
    assert "25 พ.ย. 2569 12:00" in th and "น้ำล้นตลิ่ง" in th and "None" not in th
    pick = [Person("en", "admin", language="en", addresses=MAIL), Person("th", "admin", addresses=MAIL)]
    assert {d.username: d.lang for d in deliveries(e, pick, [Rule("email", "*", role="admin")], NOON)} == {
        "en": "en",
        "th": "th",
    }


def test_a_station_name_from_the_feed_reaches_a_webhook_as_plain_text():
    sneaky = Station("X.1", "x", "**bold** <@everyone> [link](http://evil)", 50.0, None, 49.0, "3401")
    events, _ = station_level_events(sneaky, [Reading(NOON, 49.5), Reading(NOON + timedelta(hours=1), 50.2)], None)
    hook = words(events[0], "en", "webhook")
    assert "**bold** <@everyone> [link](http://evil)" in hook and "\\" not in hook


def test_every_kind_has_words_in_both_languages():
    t0 = NOON
    source = SourceFreshness("thaiwater", t0, timedelta(hours=8), timedelta(hours=6), True, False, "HTTP 500", True)
    forecast_day = {
        "edge": "bank",
        "edge_msl": 112.0,
        "day": "2026-11-26",
        "forecast_msl": 112.3,
        "issued_at": t0.isoformat(),
        "name_en": "Bridge",
    }
    item = {"item_id": 7, "title_th": "แจ้งเตือนประชาชน", "title_en": "Warn the public", "due_at": t0.isoformat()}
    made = [
        AlertEvent("k1", "station_forecast", "severe", t0, "M.7", "3401", "open_meteo_flood", "x", forecast_day),
        *source_events([source], t0),
        AlertEvent(
            "k3",
            "impact_rise",
            "warning",
            t0,
            None,
            "3401",
            "ddpm.csv",
            "x",
            {"report_time": t0.isoformat(), "rises": {"deaths": [0, 1]}},
        ),
        *(
            AlertEvent(f"k{kind}", kind, "info", t0, None, "3401", None, "x", item)
            for kind in ("item_triggered", "item_reassigned", "item_due", "item_overdue", "item_escalated")
        ),
        AlertEvent(
            "k9",
            "item_triggered",
            "warning",
            t0,
            "M.7",
            None,
            None,
            "x",
            {**item, "level_msl": 111.6, "reading_at": t0.isoformat()},
        ),
    ]
    for event in made:
        for lang in ("th", "en"):
            text = words(event, lang)
            assert "None" not in text and "{" not in text and "·" not in text, (event.kind, lang, text)
    en = {e.key: words(e, "en") for e in made}
    assert (
        "The last attempt failed." in en[made[1].key]
        and "the newest data is from 8 h ago (limit 6.0 h)" in en[made[1].key]
    )
    assert "model forecast 112.30 m MSL on 26 Nov 2026, above the bank 112.00 m MSL" in en["k1"]
    assert "issued 25 Nov 2026 12:00" in en["k1"]
    assert "Deaths 0 → 1" in en["k3"] and "(ddpm.csv)" in en["k3"]
    assert "M.7 111.60 m MSL" in en["k9"] and "whole province" in en["k9"]


def test_assigned_to_you_goes_only_to_the_new_owner_not_to_subscribers_of_every_kind():
    # QA: admin1 (subscribed to "*" on e-mail and webhook) reassigned an item to somchai and
    # got "[Warning] Assigned to you" himself. Only the named new owner gets it.
    admin1 = Person("admin1", "admin", addresses={**MAIL, "webhook": "https://hook.example/a"})
    somchai = Person("somchai", "officer", ("3401",), addresses={"line": "U" + "b" * 32})
    rules = [Rule("email", "*", username="admin1"), Rule("webhook", "*", username="admin1"), Rule("line", "*")]
    reassigned = event(kind="item_reassigned", station=None, recipients=("somchai",))
    got = deliveries(reassigned, [admin1, somchai], rules, NOON)
    assert sorted((d.username, d.channel) for d in got) == [("somchai", "line")]
