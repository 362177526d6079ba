"""Strings of the operations concern: the sources page's extra columns and states."""

STRINGS = {
    "ops.sources.intro": (
        "แต่ละแหล่ง: ครั้งล่าสุดที่พยายามดึง ครั้งล่าสุดที่สำเร็จ ข้อผิดพลาดล่าสุด เวลาตอบ จำนวนแถว และข้อมูลบนจอเก่าเกินกำหนดหรือไม่ (ปรับปรุงทุก {seconds} วินาที)",
        "For each source: last attempt, last success, last error, latency, rows, and whether its data on screen is stale (refreshes every {seconds} s)",
    ),
    "ops.col.data_time": ("ข้อมูล ณ เวลา", "Data as of"),
    "ops.col.limit": ("เก่าเมื่อเกิน", "Stale after"),
    "ops.hours": ("{hours} ชม.", "{hours} h"),
    "ops.col.error_at": ("ผิดพลาดเมื่อ", "Error at"),
    "ops.status.failing": ("ดึงครั้งล่าสุดล้มเหลว (แสดงข้อมูลที่ดีล่าสุด)", "Last fetch failed (last good data shown)"),
    "ops.status.stale_failing": ("ข้อมูลเก่า และดึงครั้งล่าสุดล้มเหลว", "Stale, and the last fetch failed"),
    "ops.sources.summary": ("{ok} ปกติ · {stale} ข้อมูลเก่า · {failing} ดึงล้มเหลว", "{ok} OK · {stale} stale · {failing} failing"),
    "ops.db_down": (
        "ขณะนี้เชื่อมต่อฐานข้อมูลไม่ได้ ({error}) หน้านี้จะลองใหม่เองทุก {seconds} วินาที",
        "The database cannot be reached right now ({error}); this page retries by itself every {seconds} s",
    ),
}
