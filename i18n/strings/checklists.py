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
    "auth.too_many": ("พยายามเข้าสู่ระบบผิดหลายครั้งเกินไป กรุณาลองใหม่ในอีก {minutes} นาที", "Too many failed attempts; try again in {minutes} min"),
    "auth.signed_in_as": ("ผู้ใช้: {name} ({role})", "Signed in: {name} ({role})"),
    "auth.not_signed_in": ("ยังไม่ได้เข้าสู่ระบบ (ดูได้อย่างเดียว)", "Not signed in (read only)"),
    "auth.anonymous_off": ("ผู้ดูแลระบบปิดการดูโดยไม่เข้าสู่ระบบ กรุณาเข้าสู่ระบบ", "The administrator requires sign-in to view this page"),
    "auth.welcome": ("เข้าสู่ระบบแล้ว: {name}", "Signed in as {name}"),
    "auth.session_note": ("เซสชันหมดอายุใน {hours} ชั่วโมง", "The session expires after {hours} h"),
    "auth.role.viewer": ("ผู้ชม", "viewer"),
    "auth.role.officer": ("เจ้าหน้าที่", "officer"),
    "auth.role.admin": ("ผู้ดูแลระบบ", "admin"),
    "auth.agencies": ("หน่วยงาน: {agencies}", "Agencies: {agencies}"),
    "auth.districts": ("อำเภอ: {districts}", "Districts: {districts}"),
    "auth.all": ("ทั้งหมด", "all"),
}
