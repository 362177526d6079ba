"""Strings of the operations concern: the sources page's extra columns and states."""

STRINGS = {
    "ops.sources.intro": (
        "แต่ละแหล่ง: ครั้งล่าสุดที่พยายามดึง ครั้งล่าสุดที่สำเร็จ ข้อผิดพลาดล่าสุด เวลาตอบ จำนวนแถว และข้อมูลบนจอเก่าเกินกำหนดหรือไม่ "
        "(ปรับปรุงทุก {seconds} วินาที)",
        "For each source: last attempt, last success, last error, latency, rows, and whether its data on screen is "
        "stale (refreshes every {seconds} s)",
    ),
    "ops.col.data_time": ("ข้อมูล ณ เวลา", "Data as of"),
    "ops.col.limit": ("เก่าเมื่อเกิน", "Stale after"),
    "ops.col.error_at": ("ผิดพลาดเมื่อ", "Error at"),
    "ops.status.failing": ("ดึงครั้งล่าสุดล้มเหลว (แสดงข้อมูลที่ดีล่าสุด)", "Last fetch failed (last good data shown)"),
    "ops.status.stale_failing": ("ข้อมูลเก่า และดึงครั้งล่าสุดล้มเหลว", "Stale, and the last fetch failed"),
    "ops.db_down": (
        "ขณะนี้เชื่อมต่อฐานข้อมูลไม่ได้ ({error}) หน้านี้จะลองใหม่เองทุก {seconds} วินาที",
        "The database cannot be reached right now ({error}); this page retries by itself every {seconds} s",
    ),
}
STRINGS.update(
    {
        "ops.status.never": ("ยังไม่เคยดึงสำเร็จ", "never fetched"),
        "ops.sources.summary_never": (
            "{ok} ปกติ · {stale} ข้อมูลเก่า · {failing} ดึงล้มเหลว · {never} ยังไม่เคยดึงสำเร็จ",
            "{ok} OK · {stale} stale · {failing} failing · {never} never fetched",
        ),
        "ops.col.fix": ("วิธีแก้ (คำสั่งบนเครื่องแม่ข่าย)", "Fix"),
        "ops.err.timeout": ("ไม่ตอบภายใน {seconds} วินาที (ลองซ้ำแล้ว)", "no answer within {seconds} s (after retries)"),
        "ops.err.connect": ("เชื่อมต่อไม่ได้ ({detail})", "cannot connect ({detail})"),
        "ops.err.connect_plain": (
            "เชื่อมต่อเซิร์ฟเวอร์ของแหล่งข้อมูลไม่ได้ (เครือข่ายหรือเซิร์ฟเวอร์ขัดข้อง) ระบบจะลองใหม่เองในรอบถัดไป",
            "cannot reach the source's server (the network or the server is down); the next round tries again",
        ),
        "ops.err.other": (
            "ดึงข้อมูลไม่สำเร็จ ดูรายละเอียดทางเทคนิคด้านล่าง",
            "the fetch failed; see the technical detail below",
        ),
        "ops.err.technical": ("รายละเอียดทางเทคนิค (สำหรับผู้ดูแลระบบ)", "Technical detail (for the administrator)"),
        "ops.err.rate_limited": ("ถูกจำกัดจำนวนคำขอ (HTTP 429) ลองใหม่ภายหลัง", "rate limited (HTTP 429); try again later"),
        "ops.err.http": ("เซิร์ฟเวอร์ตอบ HTTP {status}", "HTTP {status} from the server"),
        "ops.err.redirect": (
            "เซิร์ฟเวอร์ส่งต่อไปยังเครื่องอื่น ({target}) จึงไม่ติดตาม",
            "the server redirected to another host ({target}); not followed",
        ),
        "ops.err.missing_field": (
            "ไม่มีช่อง '{field}' ในคำตอบ แหล่งข้อมูลอาจเปลี่ยนรูปแบบ",
            "field '{field}' is missing from the {where}; the source may have changed its format",
        ),
        "ops.err.not_json": (
            "ไฟล์ {file} ไม่ใช่คำตอบ JSON ที่บันทึกไว้ของ {source}",
            "file {file} is not a saved JSON reply of {source}",
        ),
    }
)
STRINGS.update(
    {
        "ops.sources.summary_rule": (
            "(นับแหล่งละครั้ง: ไม่เคยดึงสำเร็จ ก่อน ดึงล้มเหลว ก่อน ข้อมูลเก่า)",
            "(each source counted once: never fetched, then failing, then stale)",
        ),
        "cli.fetch_boundaries_failed": (
            "ดึงขอบเขตอำเภอไม่สำเร็จ: {reason} ({host}) รายละเอียดใน {log} · ถ้าไม่มีอินเทอร์เน็ต: python manage.py "
            "import-boundaries FILE",
            "fetching the district boundaries failed: {reason} ({host}); details in {log} · without internet: python "
            "manage.py import-boundaries FILE",
        ),
    }
)
