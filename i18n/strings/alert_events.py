"""Alerts (issue 19): the words of each event kind, the Alerts page's own part."""

STRINGS = {
    # the message of each event kind (domain.alert_text); {at} is the reading's or the write's time
    "alert_events.text.station_class": (
        "{station} ({district}): ระดับน้ำ {level} ม.รทก. เมื่อ {at} ({source}) {direction}{edge} {edge_msl} ม.รทก."
        " — สถานการณ์จาก{class_from}เป็น{class_to}",
        "{station} ({district}): level {level} m MSL at {at} ({source}) {direction} {edge} {edge_msl} m MSL"
        " — class {class_from} → {class_to}",
    ),
    "alert_events.text.station_watch": (
        "{station} ({district}): ระดับน้ำ {level} ม.รทก. เมื่อ {at} ({source}) {direction}{edge} {edge_msl} ม.รทก."
        " — สถานการณ์{class_to}",
        "{station} ({district}): level {level} m MSL at {at} ({source}) {direction} {edge} {edge_msl} m MSL"
        " — class {class_to}",
    ),
    "alert_events.text.station_bank": (
        "{station} ({district}): ระดับน้ำ {level} ม.รทก. เมื่อ {at} ({source}) {direction}{edge} {edge_msl} ม.รทก."
        " — สถานการณ์{class_to}",
        "{station} ({district}): level {level} m MSL at {at} ({source}) {direction} {edge} {edge_msl} m MSL"
        " — class {class_to}",
    ),
    "alert_events.text.station_forecast": (
        "{station} ({district}): พยากรณ์จากแบบจำลอง ระดับน้ำ {forecast} ม.รทก. วันที่ {day} สูงกว่า{edge}"
        " {edge_msl} ม.รทก. (ออกพยากรณ์ {issued}, {source})",
        "{station} ({district}): model forecast {forecast} m MSL on {day}, above the {edge} {edge_msl} m MSL"
        " (issued {issued}, {source})",
    ),
    "alert_events.text.source_stale": (
        "{source}: ไม่มีข้อมูลใหม่มา {hours} ชม. (เกณฑ์ {limit} ชม.) ได้ข้อมูลครั้งสุดท้าย {last}"
        " หน้าจอแสดงข้อมูลล่าสุดที่ดีไว้",
        "{source}: no new data for {hours} h (limit {limit} h); last delivered {last}; screens keep the last good data",
    ),
    "alert_events.text.source_failing": ("การดึงข้อมูลครั้งล่าสุดล้มเหลว", "The last attempt failed."),
    "alert_events.text.item_triggered": (
        "รายการ \"{title}\" ({district}) ถึงกำหนดทำจากเกณฑ์ระดับน้ำ: {station} {level} ม.รทก. เมื่อ {reading_at}"
        " กำหนดเสร็จ {due}",
        "Checklist item \"{title}\" ({district}) is now due on a river trigger: {station} {level} m MSL at"
        " {reading_at}; due {due}",
    ),
    "alert_events.text.item_reassigned": (
        "รายการ \"{title}\" ({district}) มอบหมายให้คุณโดย {by} กำหนดเสร็จ {due}",
        "Checklist item \"{title}\" ({district}) was assigned to you by {by}; due {due}",
    ),
    "alert_events.text.item_due": (
        "รายการ \"{title}\" ({district}) ใกล้ถึงกำหนด {due}",
        "Checklist item \"{title}\" ({district}) is due at {due}",
    ),
    "alert_events.text.item_overdue": (
        "รายการ \"{title}\" ({district}) เลยกำหนดแล้ว (กำหนด {due})",
        "Checklist item \"{title}\" ({district}) is overdue (due {due})",
    ),
    "alert_events.text.item_escalated": (
        "แจ้งผู้บังคับบัญชา: รายการ \"{title}\" ({district}) เลยกำหนด {due} และยังไม่มีผู้รับดำเนินการ",
        "Escalation: checklist item \"{title}\" ({district}) was due {due} and has not been started",
    ),
    "alert_events.text.impact_rise": (
        "รายงานผลกระทบ {district} เมื่อ {report_time} ({source}) ตัวเลขเพิ่มขึ้น: {rises}",
        "Impact report for {district} at {report_time} ({source}) raised: {rises}",
    ),
    "alert_events.severity.info": ("[แจ้งเพื่อทราบ]", "[Info]"),
    "alert_events.severity.watch": ("[เฝ้าระวัง]", "[Watch]"),
    "alert_events.severity.warning": ("[เตือนภัย]", "[Warning]"),
    "alert_events.severity.severe": ("[วิกฤต]", "[Severe]"),
    "alert_events.edge.pct10": ("เกณฑ์ 10% ของความจุลำน้ำ", "the 10 % capacity mark"),
    "alert_events.edge.pct30": ("เกณฑ์ 30% ของความจุลำน้ำ", "the 30 % capacity mark"),
    "alert_events.edge.pct70": ("เกณฑ์ 70% ของความจุลำน้ำ", "the 70 % capacity mark"),
    "alert_events.edge.watch": ("ระดับเฝ้าระวัง", "watch level"),
    "alert_events.edge.bank": ("ระดับตลิ่ง", "bank"),
    "alert_events.direction.up": ("ขึ้นสูงกว่า", "rose above"),
    "alert_events.direction.down": ("ลดลงต่ำกว่า", "fell below"),
    "alert_events.province_wide": ("ทั้งจังหวัด", "whole province"),
    "alert_events.open": ("ดูรายละเอียด", "Open"),
    # event kinds, as the page lists them
    "alert_events.kind.station_class": ("สถานการณ์สถานีเปลี่ยนระดับ", "Station class change"),
    "alert_events.kind.station_watch": ("ระดับน้ำผ่านระดับเฝ้าระวัง", "Watch level crossed"),
    "alert_events.kind.station_bank": ("ระดับน้ำผ่านระดับตลิ่ง", "Bank crossed"),
    "alert_events.kind.station_forecast": ("พยากรณ์ว่าจะผ่านเกณฑ์", "Forecast to cross"),
    "alert_events.kind.source_stale": ("แหล่งข้อมูลขาดหาย", "Source stale or failing"),
    "alert_events.kind.item_triggered": ("รายการถึงกำหนดจากเกณฑ์น้ำ", "Item triggered"),
    "alert_events.kind.item_reassigned": ("รายการมอบหมายให้ฉัน", "Item assigned to me"),
    "alert_events.kind.item_due": ("รายการใกล้ถึงกำหนด", "Item due soon"),
    "alert_events.kind.item_overdue": ("รายการเลยกำหนด", "Item overdue"),
    "alert_events.kind.item_escalated": ("รายการที่แจ้งผู้บังคับบัญชา", "Item escalated"),
    "alert_events.kind.impact_rise": ("ผลกระทบเพิ่มขึ้น", "Impact rising"),
    "alert_events.kind.*": ("ทุกเรื่อง", "Everything"),
}
