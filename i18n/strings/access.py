"""Strings of access control: sign-in throttle, SECRET_KEY, wall-screen links (issue 14)."""

STRINGS = {
    "auth.throttled_s": (
        "พยายามเข้าสู่ระบบผิดหลายครั้งจากเครื่องนี้ กรุณาลองใหม่ในอีก {seconds} วินาที",
        "Too many failed attempts from this device; try again in {seconds} s",
    ),
    "auth.throttled_min": (
        "พยายามเข้าสู่ระบบผิดหลายครั้งจากเครื่องนี้ กรุณาลองใหม่ในอีก {minutes} นาที",
        "Too many failed attempts from this device; try again in {minutes} min",
    ),
    "auth.no_secret_key": (
        "ยังไม่ได้ตั้งค่า SECRET_KEY ระบบที่มีบัญชีผู้ใช้จึงไม่เริ่มทำงาน: สร้างคีย์ด้วยคำสั่งด้านล่าง แล้วตั้งเป็น SECRET_KEY "
        "ในตัวแปรสภาพแวดล้อมหรือ .streamlit/secrets.toml (หรือเริ่มระบบด้วย manage.py serve ซึ่งเก็บคีย์ไว้ที่ DATA_DIR/secret_key)",
        "SECRET_KEY is not set, so a server with local accounts does not start: make a key with the command below "
        "and set it "
        "as SECRET_KEY in the environment or .streamlit/secrets.toml (or start with manage.py serve, which keeps one "
        "in DATA_DIR/secret_key)",
    ),
    "access.screens_heading": ("ลิงก์ของจอในห้องประชุม", "Wall-screen links"),
    "access.screens_note": (
        "เมื่อปิดการดูโดยไม่เข้าสู่ระบบ จอในห้องประชุมเปิดภาพสรุปได้ด้วยลิงก์ของจอ (ดูได้อย่างเดียว เฉพาะภาพหมุนเวียน ไม่มีการดาวน์โหลด) "
        "ลิงก์แสดงครั้งเดียวและเพิกถอนได้",
        "With anonymous viewing off, a wall screen opens the briefing views with its own link (read only, the "
        "rotating views only, "
        "no downloads). A link is shown once and can be revoked.",
    ),
    "access.screen_name": ("ชื่อจอ", "Screen name"),
    "access.screen_create": ("สร้างลิงก์ของจอ", "Make a screen link"),
    "access.screen_created": (
        "ลิงก์ของจอ {name} (แสดงครั้งเดียว กรุณาคัดลอกไว้ตอนนี้):",
        "Link of screen {name} (shown once; copy it now):",
    ),
    "access.screen_error": ("สร้างลิงก์ไม่ได้: {reason}", "Cannot make the link: {reason}"),
    "access.screen_revoke": ("เพิกถอนลิงก์ของจอ", "Revoke the link of screen"),
    "access.screen_revoke_button": ("เพิกถอน", "Revoke"),
    "access.screen_revoked": ("เพิกถอนลิงก์ของจอ {name} แล้ว", "The link of screen {name} is revoked"),
    "access.no_screens": ("ยังไม่มีลิงก์ของจอ", "No screen links yet"),
    "access.col.name": ("จอ", "Screen"),
    "access.col.created": ("สร้างเมื่อ", "Made"),
    "access.col.by": ("โดย", "By"),
    "access.col.revoked": ("เพิกถอนเมื่อ", "Revoked"),
    "access.col.last_used": ("ใช้ล่าสุด", "Last used"),
    "access.throttles_heading": ("การชะลอการเข้าสู่ระบบ", "Sign-in throttles"),
    "access.no_throttles": ("ไม่มีการเข้าสู่ระบบที่ถูกชะลออยู่", "No sign-in is being slowed down"),
    "access.col.user": ("ผู้ใช้", "User"),
    "access.col.client": ("เครื่อง (IP)", "Client (IP)"),
    "access.col.failures": ("ผิด (ครั้ง)", "Failures"),
    "access.col.wait": ("รออีก (วินาที)", "Wait (s)"),
    "access.clear_user": ("ผู้ใช้ที่จะยกเลิกการชะลอ", "User whose throttle to clear"),
    "access.clear_button": ("ยกเลิกการชะลอ", "Clear the throttle"),
    "access.throttle_cleared": (
        "ยกเลิกการชะลอของ {user} แล้ว ({count} ครั้งที่ผิด)",
        "Throttle of {user} cleared ({count} failed attempts)",
    ),
}

# Round 2: why a tab was signed out (store.users.session_end_reason), a screen link that does not open
STRINGS.update(
    {
        "auth.session_ended.password": (
            "เซสชันของคุณสิ้นสุดแล้ว (มีการเปลี่ยนรหัสผ่าน) กรุณาเข้าสู่ระบบอีกครั้ง",
            "Your session ended (your password was changed); sign in again",
        ),
        "auth.session_ended.expired": (
            "เซสชันของคุณสิ้นสุดแล้ว (หมดอายุ) กรุณาเข้าสู่ระบบอีกครั้ง",
            "Your session ended (it expired); sign in again",
        ),
        "auth.session_ended.disabled": (
            "เซสชันของคุณสิ้นสุดแล้ว (ผู้ดูแลระบบปิดบัญชีนี้) ติดต่อผู้ดูแลระบบ",
            "Your session ended (the administrator disabled this account); ask the administrator",
        ),
        "auth.session_ended.signed_out": (
            "เซสชันของคุณสิ้นสุดแล้ว (ออกจากระบบในแท็บหรือหน้าต่างอื่น) กรุณาเข้าสู่ระบบอีกครั้ง",
            "Your session ended (signed out in another tab or window); sign in again",
        ),
        "auth.session_ended.unknown": (
            "เซสชันของคุณสิ้นสุดแล้ว (รหัสผ่านถูกเปลี่ยนหรือหมดอายุ) กรุณาเข้าสู่ระบบอีกครั้ง",
            "Your session ended (password changed or expired); sign in again",
        ),
        "auth.session_ended.text_kept": (
            " — ข้อความที่คุณพิมพ์ยังเก็บไว้ในแท็บนี้ และจะกลับมาในแบบฟอร์มเมื่อคุณเข้าสู่ระบบด้วยบัญชีเดิม",
            " — your text is kept in this tab and comes back in the form when you sign in with the same account",
        ),
        "auth.screen_token_invalid": (
            "ลิงก์จอแสดงผลนี้ใช้ไม่ได้หรือถูกยกเลิกแล้ว — ขอลิงก์ใหม่จากผู้ดูแลระบบ",
            "This screen link is not valid or was revoked — ask the administrator for a new one",
        ),
    }
)
