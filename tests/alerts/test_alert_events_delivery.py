"""From a reading to a person, end to end on SQLite and PostgreSQL: M.7 crossing its bank is
found by domain.alert_events, queued for a subscriber by store.alert_events and delivered by the
sender to the real local SMTP and LINE servers, in the subscriber's language, with the reading,
its time and source, the class and the link; found again, it is not sent again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from auth import SYSTEM
from domain.alert_events import Reading, Station, station_level_events
from store import alert_events, alerts, outbox, users
from tests.alerts.test_alerts_sender import LINE_ID, channels, drain  # noqa: F401 - a fixture

M7 = Station("M.7", "สะพานเสรีประชาธิปไตย", "Seri Prachathipatai bridge", 112.0, 104.0, 111.0, "3401")
AT = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # 12:00 Bangkok


def test_m7_over_its_bank_reaches_the_subscriber_by_email_and_line_once(engine, alert_settings, channels, smtp, line):
    users.create_user(engine, SYSTEM, "somchai", "Somchai", "officer", None, districts=("3401",))
    alerts.set_contact(engine, SYSTEM, "somchai", email="somchai@example.go.th", line_to=LINE_ID)  # Thai
    users.create_user(engine, SYSTEM, "duty", "Duty", "admin", None)
    alerts.set_contact(engine, SYSTEM, "duty", email="duty@example.go.th", language="en")
    for channel in ("email", "line"):
        alerts.subscribe(engine, SYSTEM, "somchai", channel, "station_bank", station_code="M.7")
    alerts.set_default(engine, SYSTEM, "email", "station_bank", role="admin")

    readings = [Reading(AT - timedelta(hours=1), 111.9), Reading(AT, 112.05)]
    for _ in range(2):  # the next round finds the same crossing again
        events, _stage = station_level_events(M7, readings, 4)
        with Session(engine) as session, session.begin():
            alert_events.enqueue_events(session, events, now=AT)
        assert drain(engine, alert_settings, channels)["sent"] == 3

    assert len(smtp.messages) == 2 and len(line.accepted) == 1
    bodies = {m[1][0]: m[2].get_payload(decode=True).decode("utf-8") for m in smtp.messages}
    thai, english = bodies["somchai@example.go.th"], bodies["duty@example.go.th"]
    assert "M.7 สะพานเสรีประชาธิปไตย (เมืองอุบลราชธานี): ระดับน้ำ 112.05 ม.รทก. เมื่อ 25 พ.ย. 2569 12:00" in thai
    assert "ThaiWater (สสน.)" in thai and "น้ำล้นตลิ่ง" in thai
    assert "level 112.05 m MSL at 25 Nov 2026 12:00 (ThaiWater (HII)) rose above bank 112.00 m MSL" in english
    link = alert_settings.alerts_base_url.rstrip("/") + "/water_levels?station=M.7"
    assert link in thai and link in english
    subjects = {m[1][0]: str(m[2]["Subject"]) for m in smtp.messages}
    assert "[Severe] Bank: M.7 Seri Prachathipatai bridge" in subjects["duty@example.go.th"]
    pushed = line.accepted[0]["messages"][0]["text"]
    assert "ระดับน้ำ 112.05 ม.รทก." in pushed and link in pushed
    assert outbox.outbox_counts(engine)["sent"] == 3
