"""Strings of sign-in, the checklist board, my items and district progress."""

STRINGS = {
    # sign-in
    "auth.heading": ("เข้าสู่ระบบ", "Sign in"),
    "auth.username": ("ชื่อผู้ใช้", "User name"),
    "auth.password": ("รหัสผ่าน", "Password"),
    "auth.sign_in": ("เข้าสู่ระบบ", "Sign in"),
    "auth.sign_in_oidc": ("เข้าสู่ระบบด้วยบัญชีหน่วยงาน", "Sign in with your organisation account"),
    "auth.sign_out": ("ออกจากระบบ", "Sign out"),
    "auth.refused": ("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "Wrong user name or password"),
    "auth.signed_in_as": ("ผู้ใช้: {name} ({role})", "Signed in: {name} ({role})"),
    "auth.not_signed_in": ("ยังไม่ได้เข้าสู่ระบบ (ดูได้อย่างเดียว)", "Not signed in (read only)"),
    "auth.anonymous_off": (
        "ผู้ดูแลระบบปิดการดูโดยไม่เข้าสู่ระบบ กรุณาเข้าสู่ระบบ",
        "The administrator requires sign-in to view this page",
    ),
    "auth.welcome": ("เข้าสู่ระบบแล้ว: {name}", "Signed in as {name}"),
    "auth.session_note": ("เซสชันหมดอายุใน {hours} ชั่วโมง", "The session expires after {hours} h"),
    "auth.role.viewer": ("ผู้ชม", "viewer"),
    "auth.role.officer": ("เจ้าหน้าที่", "officer"),
    "auth.role.admin": ("ผู้ดูแลระบบ", "admin"),
    "auth.agencies": ("หน่วยงาน: {agencies}", "Agencies: {agencies}"),
    "auth.districts": ("อำเภอ: {districts}", "Districts: {districts}"),
    "auth.all": ("ทั้งหมด", "all"),
    "auth.users_heading": ("บัญชีผู้ใช้", "Accounts"),
    "auth.col.active": ("ใช้งาน", "Active"),
    # checklist board
    "checklists.heading": ("รายการเผชิญเหตุอุทกภัย", "Flood response checklists"),
    "checklists.my_heading": ("งานของฉัน", "My items"),
    "checklists.what": ("เหตุการณ์อุทกภัยที่เปิดรายการเผชิญเหตุ", "open flood events with checklists"),
    "checklists.why_no_event": (
        "ผู้ดูแลระบบยังไม่ได้โหลดแม่แบบและเปิดเหตุการณ์",
        "an administrator has not loaded a template and opened an event yet",
    ),
    "checklists.fix_command": (
        'python manage.py load-template templates/flood_province_default.toml && python manage.py open-event "อุทกภัย" '
        "--districts 3401,3415",
        'python manage.py load-template templates/flood_province_default.toml && python manage.py open-event "Flood" '
        "--districts 3401,3415",
    ),
    "checklists.event": ("เหตุการณ์", "Event"),
    "checklists.event_caption": (
        "เปิดเมื่อ {time} โดย {who} · ข้อมูลรายการ ณ {now} (บันทึกของเจ้าหน้าที่ในระบบนี้)",
        "Opened {time} by {who} · checklist data as of {now} (officers' entries in this system)",
    ),
    "checklists.group_by": ("จัดกลุ่มตาม", "Group by"),
    "checklists.group.phase": ("ระยะ", "Phase"),
    "checklists.group.district": ("อำเภอ", "District"),
    "checklists.group.agency": ("หน่วยงาน", "Agency"),
    "checklists.filter.all": ("ทั้งหมด", "All"),
    "checklists.filter.phase": ("ระยะ", "Phase"),
    "checklists.filter.district": ("อำเภอ", "District"),
    "checklists.filter.agency": ("หน่วยงาน", "Agency"),
    "checklists.filter.state": ("สถานะ", "Status"),
    "checklists.filter.overdue": ("เฉพาะที่เลยกำหนด", "Overdue only"),
    "checklists.none_match": ("ไม่มีรายการที่ตรงกับตัวกรอง", "No items match the filters"),
    "checklists.province_wide": ("ระดับจังหวัด ({province})", "Province-wide ({province})"),
    "checklists.phase.preparedness": ("เตรียมการ", "Preparedness"),
    "checklists.phase.warning": ("เฝ้าระวัง/แจ้งเตือน", "Warning"),
    "checklists.phase.response": ("เผชิญเหตุ", "Response"),
    "checklists.phase.recovery": ("ฟื้นฟู", "Recovery"),
    "checklists.state.not_started": ("ยังไม่เริ่ม", "Not started"),
    "checklists.state.in_progress": ("กำลังดำเนินการ", "In progress"),
    "checklists.state.done": ("เสร็จแล้ว", "Done"),
    "checklists.state.blocked": ("ติดขัด", "Blocked"),
    "checklists.state.not_applicable": ("ไม่เกี่ยวข้อง", "Not applicable"),
    "checklists.col.overdue": ("เลยกำหนด", "Overdue"),
    "checklists.col.id": ("รหัส", "ID"),
    "checklists.col.phase": ("ระยะ", "Phase"),
    "checklists.col.district": ("อำเภอ", "District"),
    "checklists.col.title": ("รายการ", "Item"),
    "checklists.col.agency": ("หน่วยงานรับผิดชอบ", "Responsible agency"),
    "checklists.col.state": ("สถานะ", "Status"),
    "checklists.col.owner": ("ผู้รับผิดชอบ", "Owner"),
    "checklists.col.due": ("กำหนดเสร็จ", "Due"),
    "checklists.col.trigger": ("เหตุที่ต้องทำ (ระดับน้ำ)", "Why due (river)"),
    "checklists.col.updated": ("แก้ไขล่าสุด", "Last change"),
    "checklists.col.note": ("บันทึก", "Note"),
    "checklists.col.version": ("ครั้งที่", "Version"),
    "checklists.col.when": ("เวลา", "When"),
    "checklists.col.who": ("ผู้แก้ไข", "Who"),
    "checklists.col.change": ("สถานะ: จาก → เป็น", "Status: from → to"),
    "checklists.col.changes": ("สิ่งที่เปลี่ยน", "What changed"),
    "checklists.col.items": ("จำนวนรายการ", "Items"),
    "checklists.col.done": ("เสร็จ", "Done"),
    "checklists.col.percent": ("ความคืบหน้า (%)", "Progress (%)"),
    "checklists.col.blocked": ("ติดขัด", "Blocked"),
    "checklists.progress_heading": ("ความคืบหน้ารายอำเภอ", "Progress by district"),
    "checklists.overdue_count": ("เลยกำหนด {n} รายการ", "{n} overdue"),
    "checklists.item_select": ("เลือกรายการเพื่อดูประวัติ/แก้ไข", "Choose an item to see its history or update it"),
    "checklists.item_heading": ("รายละเอียดรายการ", "Item details"),
    "checklists.history_heading": ("ประวัติการเปลี่ยนแปลง", "History"),
    "checklists.kind.created": ("สร้างจากแม่แบบ", "created from the template"),
    "checklists.kind.update": ("แก้ไข", "update"),
    "checklists.kind.trigger": ("ระดับน้ำถึงเกณฑ์", "river trigger"),
    "checklists.triggered": (
        "ระดับน้ำถึงเกณฑ์เมื่อ {time}: {why} (ข้อมูลสถานี ณ {observed})",
        "River trigger fired {time}: {why} (station reading of {observed})",
    ),
    "checklists.stale_banner": (
        "ระดับน้ำจาก {source} เก่าเกินกำหนด (อัปเดตล่าสุด {age}) รายการที่ต้องทำเมื่อระดับน้ำถึงเกณฑ์อาจยังไม่ขึ้นมา "
        "เพราะระบบยังไม่เห็นระดับน้ำปัจจุบัน ตรวจสถานการณ์น้ำเองก่อนเชื่อรายการนี้",
        "River levels from {source} are stale (last updated {age}): items that become due when the river reaches a "
        "level may not have appeared yet, because the triggers are not seeing the current water. Check the river "
        "yourself before relying on this list",
    ),
    "checklists.trigger_waiting": (
        "รอเงื่อนไขระดับน้ำ: {station} {condition}",
        "Waiting for the river: {station} {condition}",
    ),
    "checklists.condition_bank": ("ห่างตลิ่งไม่เกิน {m:.2f} ม.", "within {m:.2f} m of the bank"),
    "checklists.condition_level": ("ถึง {level:.2f} ม.รทก.", "at {level:.2f} m MSL"),
    "checklists.condition_forecast": (" หรือคาดว่าจะถึงภายใน {h:.0f} ชม.", " or forecast to within {h:.0f} h"),
    "checklists.read_only": (
        "ดูได้อย่างเดียว: เข้าสู่ระบบในฐานะเจ้าหน้าที่ของหน่วยงาน/อำเภอนี้เพื่อแก้ไข",
        "Read only: sign in as an officer of this agency or district to update it",
    ),
    "checklists.edit_heading": ("ปรับปรุงรายการ", "Update the item"),
    "checklists.field.state": ("สถานะ", "Status"),
    "checklists.field.owner_agency": ("หน่วยงานผู้ดำเนินการ", "Owner agency"),
    "checklists.field.owner_person": ("ผู้รับผิดชอบ (ชื่อ/เบอร์โทร)", "Owner (name, phone)"),
    "checklists.field.due_date": ("วันที่กำหนดเสร็จ", "Due date"),
    "checklists.field.due_time": ("เวลา", "Time"),
    "checklists.field.has_due": ("มีกำหนดเสร็จ", "Has a due time"),
    "checklists.field.note": ("บันทึก", "Note"),
    "checklists.field.evidence": ("ลิงก์หลักฐาน (http/https)", "Evidence link (http/https)"),
    "checklists.save": ("บันทึก", "Save"),
    "checklists.saved": ("บันทึกแล้ว (ครั้งที่ {version})", "Saved (version {version})"),
    "checklists.conflict": (
        "รายการนี้ถูกแก้ไขโดย {name} เมื่อ {time} — สถานะล่าสุดแสดงด้านล่าง ข้อความที่คุณพิมพ์ยังอยู่ ตรวจสอบแล้วกดบันทึกอีกครั้ง",
        "Changed by {name} at {time} — here is the new state. Your unsaved text is kept; check it and save again.",
    ),
    "checklists.conflict_state": (
        "สถานะล่าสุด: {state} · ผู้รับผิดชอบ: {owner} · บันทึก:",
        "New state: {state} · owner: {owner} · note:",
    ),
    "checklists.refused": ("ไม่มีสิทธิ์: {error}", "Not allowed: {error}"),
    "checklists.invalid": ("บันทึกไม่ได้: {error}", "Cannot save: {error}"),
    "checklists.evidence": ("หลักฐาน", "Evidence"),
    "checklists.no_my_items": (
        "ไม่มีรายการของหน่วยงาน/อำเภอของคุณในเหตุการณ์นี้",
        "No items of your agencies or districts in this event",
    ),
    "checklists.sign_in_for_mine": ("เข้าสู่ระบบเพื่อดูงานของคุณ", "Sign in to see your items"),
    "checklists.networks": ("เครือข่าย: {networks}", "Partner networks: {networks}"),
    "checklists.network.government": ("ภาครัฐ", "government"),
    "checklists.network.academia": ("สถาบันการศึกษา", "academia"),
    "checklists.network.religious_leaders": ("ผู้นำศาสนา", "religious leaders"),
    "checklists.network.private_business": ("ภาคเอกชน", "private business"),
    "checklists.network.civil_society": ("ภาคประชาสังคม", "civil society"),
    "checklists.network.citizens": ("ภาคประชาชน", "citizens"),
    "checklists.network.media": ("สื่อมวลชน", "media"),
    "checklists.admin_heading": (
        "เครื่องมือผู้ดูแลระบบ: เปิดเหตุการณ์ / ตรวจเงื่อนไขระดับน้ำ",
        "Admin: open an event / check river triggers",
    ),
    "checklists.admin.event_name": ("ชื่อเหตุการณ์", "Event name"),
    "checklists.admin.districts": ("อำเภอที่ได้รับผลกระทบ", "Affected districts"),
    "checklists.admin.open": ("เปิดเหตุการณ์", "Open the event"),
    "checklists.admin.evaluate": ("ตรวจเงื่อนไขระดับน้ำเดี๋ยวนี้", "Check river triggers now"),
    "checklists.admin.evaluated": (
        "มี {n} รายการถึงกำหนดจากระดับน้ำ (สถานีที่มีข้อมูลสด {fresh} สถานี; ข้อมูลเก่าไม่ใช้)",
        "{n} items became due from the river ({fresh} stations with a fresh reading; stale readings are never used)",
    ),
    "checklists.admin.evaluated.one": (
        "มี {n} รายการถึงกำหนดจากระดับน้ำ (สถานีที่มีข้อมูลสด {fresh} สถานี; ข้อมูลเก่าไม่ใช้)",
        "{n} item became due from the river ({fresh} stations with a fresh reading; stale readings are never used)",
    ),
}

STRINGS.update(
    {
        "checklists.draft_shown": (
            "แบบฟอร์มแสดงการแก้ไขของคุณที่ยังไม่ได้บันทึก กดบันทึกเพื่อบันทึก",
            "The form shows your changes that are not saved yet; press Save to save them.",
        ),
        "checklists.draft_discard": ("ยกเลิกการแก้ไขที่ยังไม่ได้บันทึก", "Discard my unsaved changes"),
    }
)

STRINGS.update(
    {
        "outage.sidebar": (
            "ฐานข้อมูลไม่ตอบสนอง — ข้อความที่คุณพิมพ์เก็บไว้ในแท็บนี้ อย่าโหลดหน้าใหม่",
            "Database unavailable — your text is kept in this tab; do not reload it",
        ),
    }
)

# Round 2: the outage message in plain words (the kept text lives in this tab only); detail for the administrator apart
STRINGS.update(
    {
        "outage.page_plain": (
            "ฐานข้อมูลไม่ตอบสนองในขณะนี้ ยังบันทึกไม่ได้ — ข้อความที่คุณพิมพ์เก็บไว้ในแท็บนี้เท่านั้น: อย่าโหลดหน้าใหม่หรือปิดแท็บจนกว่าจะบันทึกได้ "
            "หน้านี้จะกลับมาเองเมื่อฐานข้อมูลตอบสนอง แล้วกดบันทึกอีกครั้ง",
            "The database is not answering right now, so nothing can be saved. Your text is kept in this tab: do not "
            "reload or close it until it is saved. This page comes back by itself when the database answers; then "
            "press Save again.",
        ),
        "outage.page_no_draft": (
            "ฐานข้อมูลไม่ตอบสนองในขณะนี้ จึงยังแสดงข้อมูลล่าสุดหรือบันทึกอะไรไม่ได้ หน้านี้จะกลับมาเองเมื่อฐานข้อมูลตอบสนอง",
            "The database is not answering right now, so nothing can be saved and the figures cannot be "
            "brought up to date. This page comes back by itself when the database answers.",
        ),
        "outage.sidebar_no_draft": (
            "ฐานข้อมูลไม่ตอบสนอง — หน้านี้จะกลับมาเองเมื่อฐานข้อมูลตอบสนอง",
            "Database unavailable — this page comes back by itself when it answers",
        ),
        "outage.kept_text": ("ข้อความที่ยังไม่ได้บันทึก (คัดลอกเก็บไว้ได้):", "Your text that is not saved yet (you can copy it):"),
        "outage.admin_detail": ("สำหรับผู้ดูแลระบบ", "For the system administrator"),
        "outage.admin_error": ("ข้อผิดพลาด: {error} — ตรวจสอบด้วยคำสั่งนี้", "Error: {error} — check with this command"),
    }
)

# Round 2: the history names the fields that changed
STRINGS.update(
    {
        "checklists.changed.due_at": ("กำหนดเสร็จ", "Due"),
    }
)
STRINGS.update(
    {
        "actor.system": ("ห้องติดตามสถานการณ์น้ำท่วม (อัตโนมัติ)", "Flood Room (automatic)"),
        "actor.cli": ("บรรทัดคำสั่ง (ผู้ใช้เครื่อง {user})", "command line (machine user {user})"),
        "actor.cli_plain": ("บรรทัดคำสั่ง", "command line"),
    }
)
STRINGS.update(
    {
        "auth.col.name": ("ชื่อที่แสดง", "Name"),
        "auth.col.role": ("บทบาท", "Role"),
        "auth.col.agencies": ("หน่วยงาน", "Agencies"),
        "auth.col.districts": ("อำเภอ", "Districts"),
    }
)
