"""Alerts (issue 19): the words of each event kind, the Alerts page's own part."""

STRINGS = {
    # the message and title of each event kind (notify.text.render_alert formats them with the payload of
    # domain.alert_text.alert_payload; *_at values are shown in Bangkok time, Buddhist era in Thai)
    "alerts.msg.station_class": (
        "{where_th}: ระดับน้ำ {level_msl} ม.รทก. เมื่อ {reading_at} ({source_th}) {direction_th}{edge_th}"
        " {edge_msl} ม.รทก. สถานการณ์จาก{class_from_th}เป็น{class_to_th}",
        "{where_en}: level {level_msl} m MSL at {reading_at} ({source_en}) {direction_en} {edge_en}"
        " {edge_msl} m MSL; class {class_from_en} → {class_to_en}",
    ),
    "alerts.msg.station_watch": (
        "{where_th}: ระดับน้ำ {level_msl} ม.รทก. เมื่อ {reading_at} ({source_th}) {direction_th}{edge_th}"
        " {edge_msl} ม.รทก. สถานการณ์{class_to_th}",
        "{where_en}: level {level_msl} m MSL at {reading_at} ({source_en}) {direction_en} {edge_en}"
        " {edge_msl} m MSL; class {class_to_en}",
    ),
    "alerts.msg.station_bank": (
        "{where_th}: ระดับน้ำ {level_msl} ม.รทก. เมื่อ {reading_at} ({source_th}) {direction_th}{edge_th}"
        " {edge_msl} ม.รทก. สถานการณ์{class_to_th}",
        "{where_en}: level {level_msl} m MSL at {reading_at} ({source_en}) {direction_en} {edge_en}"
        " {edge_msl} m MSL; class {class_to_en}",
    ),
    "alerts.msg.station_forecast": (
        "{where_th}: พยากรณ์จากแบบจำลอง ระดับน้ำ {forecast_msl} ม.รทก. วันที่ {day_th} สูงกว่า{edge_th}"
        " {edge_msl} ม.รทก. (ออกพยากรณ์ {issued_at}, {source_th})",
        "{where_en}: model forecast {forecast_msl} m MSL on {day_en}, above the {edge_en} {edge_msl} m MSL"
        " (issued {issued_at}, {source_en})",
    ),
    "alerts.msg.source_stale": (
        "{source_th}: ข้อมูลล่าสุดเป็นของ {age_th} (เกณฑ์ {limit_h} ชม.) เวลาของข้อมูลล่าสุด {data_at}"
        " หน้าจอแสดงข้อมูลล่าสุดที่ดีไว้ {failing_th}",
        "{source_en}: the newest data is from {age_en} (limit {limit_h} h), data time {data_at}; screens keep"
        " the last good data. {failing_en}",
    ),
    "alerts.msg.item_triggered": (
        'รายการ "{title_th}" ({where_th}) ถึงกำหนดทำจากเกณฑ์ระดับน้ำ: {station_code} {level_msl} ม.รทก.'
        " เมื่อ {reading_at} กำหนดเสร็จ {due_at}",
        'Checklist item "{title_en}" ({where_en}) is now due on a river trigger: {station_code} {level_msl} m MSL'
        " at {reading_at}; due {due_at}",
    ),
    "alerts.msg.item_reassigned": (
        'รายการ "{title_th}" ({where_th}) มอบหมายให้คุณโดย {by} กำหนดเสร็จ {due_at}',
        'Checklist item "{title_en}" ({where_en}) was assigned to you by {by}; due {due_at}',
    ),
    "alerts.msg.item_due": (
        'รายการ "{title_th}" ({where_th}) ใกล้ถึงกำหนด {due_at}',
        'Checklist item "{title_en}" ({where_en}) is due at {due_at}',
    ),
    "alerts.msg.item_overdue": (
        'รายการ "{title_th}" ({where_th}) เลยกำหนดแล้ว (กำหนด {due_at})',
        'Checklist item "{title_en}" ({where_en}) is overdue (due {due_at})',
    ),
    "alerts.msg.item_escalated": (
        'แจ้งผู้บังคับบัญชา: รายการ "{title_th}" ({where_th}) เลยกำหนด {due_at} และยังไม่มีผู้รับดำเนินการ',
        'Escalation: checklist item "{title_en}" ({where_en}) was due {due_at} and has not been started',
    ),
    "alerts.msg.impact_rise": (
        "รายงานผลกระทบ {where_th} เมื่อ {report_at} ({source_th}) ตัวเลขเพิ่มขึ้น: {rises_th}",
        "Impact report for {where_en} at {report_at} ({source_en}) raised: {rises_en}",
    ),
    "alerts.msg.dam_release_jump": (
        "เขื่อน{dam_th} ระบายน้ำ {released_mcm} ล้าน ลบ.ม./วัน เพิ่มจาก {previous_released_mcm} ล้าน ลบ.ม./วัน"
        " เมื่อวันก่อน (รายงานประจำวันที่ {day_th}, {source_th})",
        "{dam_en} dam: release {released_mcm} million m³/day, up from {previous_released_mcm} million m³/day"
        " the day before (daily report of {day_en}, {source_en})",
    ),
    "alerts.title.station_class": ("{severity_th} สถานการณ์เปลี่ยน: {where_th}", "{severity_en} Class change: {where_en}"),
    "alerts.title.station_watch": (
        "{severity_th} ระดับเฝ้าระวัง: {where_th}",
        "{severity_en} Watch level: {where_en}",
    ),
    "alerts.title.station_bank": ("{severity_th} ระดับตลิ่ง: {where_th}", "{severity_en} Bank: {where_en}"),
    "alerts.title.station_forecast": (
        "{severity_th} พยากรณ์ระดับน้ำ: {where_th}",
        "{severity_en} Level forecast: {where_en}",
    ),
    "alerts.title.source_stale": (
        "{severity_th} แหล่งข้อมูลขาดหาย: {source_th}",
        "{severity_en} Source stale: {source_en}",
    ),
    "alerts.title.item_triggered": ("{severity_th} รายการถึงกำหนด: {title_th}", "{severity_en} Item due: {title_en}"),
    "alerts.title.item_reassigned": (
        "{severity_th} มอบหมายงาน: {title_th}",
        "{severity_en} Assigned to you: {title_en}",
    ),
    "alerts.title.item_due": ("{severity_th} ใกล้ถึงกำหนด: {title_th}", "{severity_en} Due soon: {title_en}"),
    "alerts.title.item_overdue": ("{severity_th} เลยกำหนด: {title_th}", "{severity_en} Overdue: {title_en}"),
    "alerts.title.item_escalated": ("{severity_th} แจ้งผู้บังคับบัญชา: {title_th}", "{severity_en} Escalated: {title_en}"),
    "alerts.title.impact_rise": ("{severity_th} ผลกระทบเพิ่มขึ้น: {where_th}", "{severity_en} Impact rising: {where_en}"),
    "alerts.title.dam_release_jump": (
        "{severity_th} เขื่อน{dam_th} เพิ่มการระบายน้ำ",
        "{severity_en} {dam_en} dam: release jump",
    ),
    "alert_events.text.source_failing": ("การดึงข้อมูลครั้งล่าสุดล้มเหลว", "The last attempt failed."),
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
    "alert_events.kind.dam_release_jump": ("เขื่อนเพิ่มการระบายน้ำมาก", "Dam release jump"),
    "alert_events.kind.*": ("ทุกเรื่อง", "Everything"),
    # the Alerts page
    "nav.alerts": ("การแจ้งเตือน", "Alerts"),
    "alert_page.heading": ("การแจ้งเตือน", "Alerts"),
    "alert_page.sign_in": (
        "เข้าสู่ระบบเพื่อดูและตั้งค่าการแจ้งเตือนของคุณ",
        "Sign in to see and set up your alerts",
    ),
    "alert_page.tab.own": ("การแจ้งเตือนของฉัน", "My alerts"),
    "alert_page.tab.public": ("ช่องทางสาธารณะ", "Public channel"),
    "alert_page.tab.outbox": ("กล่องขาออก", "Outbox"),
    "alert_page.tab.defaults": ("ค่าเริ่มต้นและผู้บังคับบัญชา", "Defaults and supervisors"),
    "alert_page.contact": ("ช่องทางติดต่อ", "Where to reach me"),
    "alert_page.email": ("อีเมล", "E-mail"),
    "alert_page.webhook_url": (
        "ที่อยู่เว็บฮุก (ต้องเข้ารหัส ยกเว้นเครื่องนี้ 127.0.0.1)",
        "Webhook (https://, or http:// only for 127.0.0.1)",
    ),
    "alert_page.line_to": ("LINE ID (U ตามด้วยเลขฐานสิบหก 32 ตัว)", "LINE id (U and 32 hex digits)"),
    "alert_page.language": ("ภาษาของข้อความ", "Language of the messages"),
    "alert_page.language.th": ("ไทย", "Thai"),
    "alert_page.language.en": ("อังกฤษ", "English"),
    "alert_page.quiet": ("ช่วงเวลางดรบกวน", "Quiet hours"),
    "alert_page.quiet_from": ("ตั้งแต่", "From"),
    "alert_page.quiet_to": ("ถึง", "To"),
    "alert_page.quiet_hint": (
        "ข้อความในช่วงนี้จะส่งเมื่อพ้นช่วงงดรบกวน ยกเว้นเรื่องวิกฤต (น้ำล้นตลิ่ง หรือพยากรณ์ว่าจะล้นตลิ่งภายใน 24 ชม.)",
        "Messages in these hours wait until they end, except the most severe (over the bank, or forecast over"
        " the bank within 24 h)",
    ),
    "alert_page.save": ("บันทึก", "Save"),
    "alert_page.saved": ("บันทึกแล้ว", "Saved"),
    "alert_page.subscriptions": ("เรื่องที่ต้องการรับแจ้ง", "What I am told about"),
    "alert_page.no_subscriptions": (
        "ยังไม่ได้เลือกเรื่องเอง จะได้รับตามค่าเริ่มต้นของบทบาทและอำเภอ",
        "No subscriptions of your own: you get the defaults of your role and districts",
    ),
    "alert_page.targeted_hint": (
        "งานที่มอบหมายให้คุณโดยตรง (เช่น งานที่ถูกโอนมาให้) จะส่งถึงทุกช่องทางที่คุณมีที่อยู่ ไม่ว่าจะเลือกรับเรื่องใดไว้",
        "Alerts addressed to you by name (an item reassigned to you) go to every channel you have an address"
        " for, whatever your subscriptions",
    ),
    "alert_page.subscribe": ("เพิ่ม", "Add"),
    "alert_page.subscribed": ("เพิ่มแล้ว", "Added"),
    "alert_page.remove_pick": ("เลือกรายการที่จะลบ", "Subscription to remove"),
    "alert_page.remove": ("ลบ", "Remove"),
    "alert_page.removed": ("ลบแล้ว", "Removed"),
    "alert_page.any": ("ทั้งหมด", "Any"),
    "alert_page.history": ("ประวัติการแจ้งเตือนถึงฉัน", "Alerts sent to me"),
    "alert_page.no_history": ("ยังไม่มีการแจ้งเตือนถึงคุณ", "No alert has been sent to you yet"),
    "alert_page.col.channel": ("ช่องทาง", "Channel"),
    "alert_page.col.kind": ("เรื่อง", "Event"),
    "alert_page.col.station": ("สถานี", "Station"),
    "alert_page.col.district": ("อำเภอ", "District"),
    "alert_page.col.role": ("บทบาท", "Role"),
    "alert_page.col.created": ("เวลาเข้าคิว", "Queued"),
    "alert_page.col.recipient": ("ผู้รับ", "To"),
    "alert_page.col.id": ("เลขที่", "No."),
    "alert_page.col.state": ("สถานะ", "State"),
    "alert_page.col.attempts": ("จำนวนครั้งที่ส่ง", "Attempts"),
    "alert_page.col.sent": ("ส่งสำเร็จเมื่อ", "Sent"),
    "alert_page.col.error": ("สาเหตุที่ล้มเหลว", "Why it failed"),
    "alert_page.col.text": ("ข้อความ", "Message"),
    "alert_page.col.proposed_by": ("เสนอโดย", "Proposed by"),
    "alert_page.col.approved_by": ("อนุมัติโดย", "Approved by"),
    "alert_page.col.level": ("ระดับสถานการณ์", "Level"),
    "alert_page.col.raises": ("ยกระดับ", "Raises the level"),
    "alert_page.yes": ("ใช่", "Yes"),
    "alert_page.no": ("ไม่", "No"),
    "alert_page.channel.email": ("อีเมล", "E-mail"),
    "alert_page.channel.line": ("LINE", "LINE"),
    "alert_page.channel.webhook": ("เว็บฮุก", "Webhook"),
    "alert_page.channel.line_broadcast": ("LINE ประกาศทุกคน", "LINE broadcast"),
    "alert_page.public": ("สาธารณะ", "Public"),
    "alert_page.state.queued": ("รอส่ง", "Queued"),
    "alert_page.state.sending": ("กำลังส่ง", "Sending"),
    "alert_page.state.sent": ("ส่งแล้ว", "Sent"),
    "alert_page.state.failed": ("ล้มเหลว จะลองใหม่", "Failed, will retry"),
    "alert_page.state.dead": ("เลิกส่ง", "Given up"),
    "alert_page.outbox_empty": ("ไม่มีข้อความในสถานะนี้", "No message in this state"),
    "alert_page.resend_pick": ("ข้อความที่จะส่งใหม่", "Message to send again"),
    "alert_page.resend": ("ส่งใหม่", "Resend"),
    "alert_page.resent": ("เข้าคิวส่งใหม่แล้ว", "Queued again"),
    "alert_page.not_resent": (
        "ส่งใหม่ไม่ได้ ข้อความนี้ไม่ได้อยู่ในสถานะล้มเหลวแล้ว",
        "Not resent: the message is no longer failed or given up",
    ),
    "alert_page.defaults": ("ค่าเริ่มต้นตามบทบาทและอำเภอ", "Defaults per role and district"),
    "alert_page.add_default": ("เพิ่มค่าเริ่มต้น", "Add default"),
    "alert_page.supervisors": ("ผู้บังคับบัญชาของอำเภอ (รับเรื่องที่เลยกำหนด)", "District supervisors (get escalations)"),
    "alert_page.add_supervisor": ("เพิ่มผู้บังคับบัญชา", "Add supervisor"),
    "alert_page.public_rule": (
        "สรุปสถานการณ์สำหรับประชาชน (ข้อความและภาพ) ส่งทาง LINE และเว็บฮุกเมื่อผู้ดูแลระบบอนุมัติ"
        " หากยกระดับสถานการณ์ต้องมีผู้ดูแลระบบอนุมัติสองคน",
        "The public summary (text and card) goes to LINE and the webhooks once an admin approves it;"
        " one that raises the level needs two different admins",
    ),
    "alert_page.propose": ("เสนอสรุปสถานการณ์ปัจจุบัน", "Propose the current summary"),
    "alert_page.proposed": ("เสนอแล้ว เลขที่ {id} รอการอนุมัติ", "Proposed as no. {id}, waiting for approval"),
    "alert_page.no_public": ("ยังไม่มีข้อความถึงประชาชน", "No public message yet"),
    "alert_page.approve_pick": ("ข้อความที่จะอนุมัติ", "Message to approve"),
    "alert_page.approve": ("อนุมัติ", "Approve"),
    "alert_page.preview": ("ข้อความเลขที่ {id} ที่จะส่งถึงประชาชน", "Message no. {id} as the public will get it"),
    "alert_page.approved_sent": ("อนุมัติแล้ว เข้าคิวส่งแล้ว", "Approved and queued"),
    "alert_page.approved_wait": (
        "บันทึกการอนุมัติแล้ว ต้องมีผู้ดูแลระบบอีกคนอนุมัติ",
        "Approval recorded; a second admin must approve",
    ),
    "alert_page.public_state.proposed": ("รออนุมัติ", "Waiting for approval"),
    "alert_page.public_state.approved": ("อนุมัติแล้ว", "Approved"),
    "alert_page.public_state.sent": ("ส่งแล้ว", "Sent"),
    "alert_page.public_state.withdrawn": ("ถอนแล้ว", "Withdrawn"),
}
