"""Strings of the alert delivery core (issue 19): refusals of a contact or setting, the test
message, the outbox states and the ``manage.py alerts`` / ``check`` output. The words of each
event kind's message are the event detection's (``alerts.msg.<kind>``)."""

STRINGS = {
    # refusals (store.alerts.AlertConfigError.code)
    "alerts.refused.email": (
        "ที่อยู่อีเมล '{value}' ไม่ถูกต้อง ใช้รูปแบบ name@example.go.th",
        "e-mail address '{value}' is not valid; use name@example.go.th",
    ),
    "alerts.refused.line_to": (
        "LINE ID '{value}' ไม่ถูกต้อง ID ผู้ใช้ขึ้นต้นด้วย U ตามด้วยเลขฐานสิบหก 32 ตัว (กลุ่มขึ้นต้นด้วย C ห้องแชตขึ้นต้นด้วย R)",
        "LINE id '{value}' is not valid; a user id is U followed by 32 hex digits (C for a group, R for a room)",
    ),
    "alerts.refused.webhook_url": (
        "ไม่อนุญาต URL ของเว็บฮุก '{value}' ใช้ https:// (http:// ใช้ได้เฉพาะ 127.0.0.1)",
        "webhook URL '{value}' is not allowed; use https:// (http:// only for 127.0.0.1)",
    ),
    "alerts.refused.language": ("ภาษา {value} ไม่รองรับ ใช้ th หรือ en", "language {value} is not supported; use th or en"),
    "alerts.refused.quiet_hours": (
        "ช่วงเวลางดแจ้งเตือนต้องมีทั้งเวลาเริ่มและเวลาสิ้นสุด เป็นเวลาในหนึ่งวัน",
        "quiet hours need both a start and an end, each a time of day",
    ),
    "alerts.refused.channel": (
        "ช่องทาง {value} ไม่รองรับ ใช้ email, line หรือ webhook",
        "channel {value} is not supported; use email, line or webhook",
    ),
    "alerts.refused.kind": ("ชนิดเหตุการณ์ {value} ไม่ถูกต้อง", "event kind {value} is not valid"),
    "alerts.refused.district": ("อำเภอ {value} ไม่ใช่รหัส DOPA 4 หลัก", "district {value} is not a 4-digit DOPA code"),
    "alerts.refused.station": ("รหัสสถานียาวเกิน 40 ตัวอักษร", "station code is longer than 40 characters"),
    "alerts.refused.role": ("บทบาท {value} ไม่มีในระบบ", "role {value} does not exist"),
    "alerts.refused.reserve": (
        "โควตา LINE ที่กันไว้ {value} ต้องอยู่ระหว่าง 0 ถึง 1,000,000",
        "LINE quota reserve {value} must be 0 to 1,000,000",
    ),
    "alerts.refused.public_text": (
        "ข้อความสาธารณะยาว {n} ตัวอักษร ต้องยาว 1 ถึง 5,000 ตัวอักษร",
        "the public message is {n} characters long; it must be 1 to 5,000",
    ),
    "alerts.refused.public_state": (
        "ข้อความสาธารณะ {value} ไม่ได้รอการอนุมัติ",
        "public message {value} is not waiting for approval",
    ),
    "alerts.refused.public_twice": (
        "ท่านอนุมัติข้อความนี้ไปแล้ว ต้องให้ผู้ดูแลระบบอีกคนหนึ่งอนุมัติข้อความนี้",
        "You have already approved this message; a second admin must approve it.",
    ),
    # the test message of `manage.py alerts test`
    "alerts.test.subject": ("ทดสอบการแจ้งเตือน", "test alert"),  # inside alerts.subject
    "alerts.test.body": (
        "นี่คือข้อความทดสอบการแจ้งเตือนจาก Flood Room ถึง {user} ทางช่องทาง {channel} ส่งเมื่อ {time}",
        "This is a test alert from Flood Room to {user} by {channel}, sent at {time}",
    ),
    "alerts.subject": ("Flood Room: {title}", "Flood Room: {title}"),
    "alerts.link": ("ดูรายละเอียด: {url}", "Details: {url}"),
    # states
    "alerts.state.queued": ("รอส่ง", "queued"),
    "alerts.state.sending": ("กำลังส่ง", "sending"),
    "alerts.state.sent": ("ส่งแล้ว", "sent"),
    "alerts.state.failed": ("ส่งไม่สำเร็จ จะลองใหม่", "failed, will retry"),
    "alerts.state.dead": ("เลิกส่งแล้ว", "given up"),
    # manage.py alerts
    "alerts.cli.status_title": ("กล่องขาออกการแจ้งเตือน:", "Alert outbox:"),
    "alerts.cli.status_row": ("  {state}: {n} รายการ", "  {state}: {n} alerts"),
    "alerts.cli.status_row.one": ("  {state}: 1 รายการ", "  {state}: 1 alert"),
    "alerts.cli.line_quota": (
        "โควตา LINE เดือนนี้: ใช้ไป {used} จาก {limit} เหลือ {left} (กันไว้สำหรับเหตุรุนแรง {reserve})",
        "LINE quota this month: {used} of {limit} used, {left} left ({reserve} kept for severe alerts)",
    ),
    "alerts.cli.line_quota_unlimited": (
        "โควตา LINE เดือนนี้: ไม่จำกัด ใช้ไป {used}",
        "LINE quota this month: no limit, {used} used",
    ),
    "alerts.cli.line_quota_unknown": ("โควตา LINE: อ่านไม่ได้ ({error})", "LINE quota: cannot be read ({error})"),
    "alerts.cli.test_queued": (
        "ส่งข้อความทดสอบถึง {user} ทาง {channel} ({address}): {state}",
        "test message to {user} by {channel} ({address}): {state}",
    ),
    "alerts.cli.test_given_up": (
        "ส่งไม่สำเร็จ เลิกส่งแล้วและจะไม่ส่งซ้ำภายหลัง",
        "not sent; given up, it will not be retried",
    ),
    "alerts.cli.no_address": (
        "{user} ยังไม่มีที่อยู่สำหรับ {channel} บันทึกด้วย: python manage.py alerts contact {user} --{channel} ...",
        "{user} has no {channel} address; save one with: python manage.py alerts contact {user} --{channel} ...",
    ),
    "alerts.cli.channel_off": (
        "ช่องทาง {channel} ปิดอยู่ เปิดด้วยค่าตั้ง {setting}=true",
        "the {channel} channel is switched off; switch it on with {setting}=true",
    ),
    "alerts.cli.sent_round": (
        "ส่งแล้ว {sent} · จะลองใหม่ {failed} · เลิกส่ง {dead}",
        "sent {sent} · to retry {failed} · given up {dead}",
    ),
    "alerts.cli.resend_queued": (
        "การแจ้งเตือนหมายเลข {id} เข้าคิวส่งใหม่แล้ว ตัวส่งจะส่งภายในไม่กี่วินาที",
        "alert {id} queued again; the sender sends it within seconds",
    ),
    "alerts.cli.resend_refused": (
        "ส่งใหม่ไม่ได้: ไม่มีการแจ้งเตือนหมายเลข {id} ที่ส่งไม่สำเร็จหรือเลิกส่งแล้ว",
        "cannot resend: there is no failed or given-up alert {id}",
    ),
    "alerts.cli.contact_saved": ("บันทึกที่อยู่การแจ้งเตือนของ {user} แล้ว", "alert addresses of {user} saved"),
    "alerts.cli.subscribed": ("สมัครรับการแจ้งเตือนแล้ว", "subscribed"),
    "alerts.cli.public_webhooks": ("เว็บฮุกของช่องทางสาธารณะ:", "public webhooks:"),
    "alerts.cli.already": ("สมัครไว้อยู่แล้ว", "already subscribed"),
    # manage.py check
    "alerts.check.ok": ("การแจ้งเตือน: ปกติ ({detail})", "alerts: ok ({detail})"),
    "alerts.check.problem": ("การแจ้งเตือน: ปัญหา: {detail}", "alerts: PROBLEM: {detail}"),
    "alerts.check.secret_missing": (
        "ช่องทาง {channel} เปิดอยู่แต่ไม่มีค่าลับ {setting}",
        "the {channel} channel is switched on but {setting} is not set",
    ),
    "alerts.check.setting_missing": (
        "ช่องทาง {channel} เปิดอยู่แต่ไม่ได้ตั้งค่า {setting}",
        "the {channel} channel is switched on but {setting} is not set",
    ),
    "alerts.check.bad_from": (
        "ช่องทาง {channel}: ค่าตั้ง {setting} ไม่ใช่ที่อยู่อีเมลที่ถูกต้อง",
        "the {channel} channel: {setting} is not a valid e-mail address",
    ),
    "alerts.check.bad_contact": ("บัญชี {user}: {reason}", "account {user}: {reason}"),
    "alerts.check.channels": ("เปิดอยู่: {channels}", "switched on: {channels}"),
    "alerts.check.none_on": ("ไม่ได้เปิดช่องทางใด", "no channel switched on"),
}
