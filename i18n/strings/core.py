"""Strings of the shell: sidebar, navigation, empty states, freshness, errors."""

STRINGS = {
    "app.title": ("ห้องติดตามสถานการณ์น้ำท่วม", "Flood Room"),
    "app.subtitle": ("จังหวัด{province}", "{province} province"),
    "sidebar.language": ("ภาษา", "Language"),
    "sidebar.province": ("จังหวัด", "Province"),
    "sidebar.freshness": ("ความสดของข้อมูล", "Data freshness"),
    "sidebar.no_sources": ("ยังไม่มีการดึงข้อมูลจากแหล่งใด", "No source has been fetched yet"),
    "fresh.ok": ("{source}: {age}", "{source}: {age}"),
    "fresh.stale": ("{source}: ข้อมูลเก่า ({age})", "{source}: STALE ({age})"),
    "fresh.never": ("{source}: ยังไม่เคยสำเร็จ", "{source}: never succeeded"),
    "fresh.error": ("ผิดพลาดล่าสุด: {error}", "Last error: {error}"),
    "nav.section.situation": ("สถานการณ์", "Situation"),
    "nav.section.impact": ("ผลกระทบ", "Impact"),
    "nav.section.response": ("การเผชิญเหตุ", "Response"),
    "nav.section.briefing": ("การบรรยายสรุป", "Briefing"),
    "nav.section.system": ("ระบบ", "System"),
    "nav.overview": ("ภาพรวม", "Overview"),
    "nav.station_map": ("แผนที่สถานีวัดน้ำ", "Station map"),
    "nav.water_levels": ("ระดับน้ำ", "Water levels"),
    "nav.impact": ("ผลกระทบรายอำเภอ", "Impact by district"),
    "nav.impact_entry": ("บันทึก/นำเข้าผลกระทบ", "Enter / import impact"),
    "nav.shelters": ("ศูนย์พักพิง", "Evacuation centres"),
    "nav.checklists": ("รายการเผชิญเหตุ", "Response checklists"),
    "nav.my_items": ("งานของฉัน", "My items"),
    "nav.briefing": ("จอบรรยายสรุป", "Briefing screen"),
    "nav.changes": ("อะไรเปลี่ยนไป", "What changed"),
    "nav.sources": ("แหล่งข้อมูล", "Data sources"),
    "nav.account": ("เข้าสู่ระบบ", "Sign in"),
    "empty.title": ("ยังไม่มีข้อมูล{what}", "No {what} yet"),
    "empty.why": ("สาเหตุ: {why}", "Why: {why}"),
    "empty.fix": ("วิธีแก้: รันคำสั่งนี้บนเครื่องแม่ข่าย", "To fix it, run this on the server"),
    "error.settings": ("การตั้งค่าไม่ถูกต้อง: {error}", "Invalid setting: {error}"),
    "error.database": ("เชื่อมต่อฐานข้อมูลไม่ได้: {error}", "Cannot reach the database: {error}"),
    "error.schema": (
        "ฐานข้อมูลยังไม่ได้ปรับโครงสร้าง (รุ่น {current} ต้องเป็น {head})",
        "The database schema is not up to date (revision {current}, code needs {head})",
    ),
    "overview.heading": ("ภาพรวมสถานการณ์น้ำท่วม", "Flood situation overview"),
    "overview.sources_heading": ("สถานะแหล่งข้อมูล", "Source status"),
    "sources.heading": ("แหล่งข้อมูลและความสด", "Data sources and freshness"),
    "sources.col.source": ("แหล่งข้อมูล", "Source"),
    "sources.col.last_attempt": ("พยายามล่าสุด", "Last attempt"),
    "sources.col.last_success": ("สำเร็จล่าสุด", "Last success"),
    "sources.col.age": ("อายุข้อมูล", "Age"),
    "sources.col.status": ("สถานะ", "Status"),
    "sources.col.rows": ("จำนวนแถว", "Rows"),
    "sources.col.latency": ("เวลาตอบ (มิลลิวินาที)", "Latency (ms)"),
    "sources.col.error": ("ข้อผิดพลาดล่าสุด", "Last error"),
    "status.ok": ("ปกติ", "OK"),
    "status.stale": ("ข้อมูลเก่า", "Stale"),
    "status.never": ("ยังไม่มีข้อมูล", "No data"),
    "what.sources": ("จากแหล่งข้อมูลใด", "data from any source"),
    "why.never_ingested": (
        "ยังไม่เคยรันการดึงข้อมูล หรือเครื่องแม่ข่ายออกอินเทอร์เน็ตไม่ได้",
        "ingest has never run, or the server has no internet access",
    ),
    "source.name.thaiwater": ("ThaiWater (สสน.)", "ThaiWater (HII)"),
    "source.name.open_meteo_flood": ("Open-Meteo GloFAS (พยากรณ์น้ำท่า)", "Open-Meteo GloFAS (discharge forecast)"),
    "source.name.open_meteo_rain": ("Open-Meteo (พยากรณ์ฝน)", "Open-Meteo (rain forecast)"),
    "source.name.gistda": ("GISTDA (พื้นที่น้ำท่วมจากดาวเทียม)", "GISTDA (satellite flood extent)"),
    "source.name.impact": ("รายงานผลกระทบ (ปภ.)", "Impact reports (DDPM)"),
    "source.name.boundaries": ("ขอบเขตอำเภอ", "District boundaries"),
}

STRINGS.update(
    {
        "fresh.caption": ("ที่มา: {source} · ข้อมูลเมื่อ {time} ({age})", "Source: {source} · as of {time} ({age})"),
        "fresh.stale_prefix": ("ข้อมูลเก่า —", "STALE —"),
        "fresh.banner": (
            "ข้อมูลจาก {source} เก่าเกินกำหนด (อัปเดตล่าสุด {age}) ตัวเลขด้านล่างอาจไม่ใช่สถานการณ์ปัจจุบัน",
            "Data from {source} is stale (last updated {age}); figures below may not be current",
        ),
        "fresh.banner_never": (
            "ยังไม่เคยดึงข้อมูลจาก {source} ได้สำเร็จ ตัวเลขที่มาจากแหล่งนี้จึงยังไม่มี ดูสาเหตุที่หน้าแหล่งข้อมูล",
            "{source} has never been fetched successfully, so figures from it are missing; the Data sources page "
            "says why",
        ),
        "fresh.failing": ("การดึงข้อมูลครั้งล่าสุดล้มเหลว แสดงข้อมูลที่ดีล่าสุด", "The last fetch failed; showing the last good data"),
    }
)

STRINGS.update(
    {
        "overview.over_bank": ("สถานีล้นตลิ่ง", "Stations over the bank"),
        "overview.high": ("สถานีน้ำมาก (>70%)", "Stations high (>70%)"),
        "overview.rising": ("สถานีน้ำกำลังขึ้น", "Stations rising"),
        "overview.no_current": ("สถานีไม่มีข้อมูลปัจจุบัน", "Stations without a current reading"),
        "overview.districts_hit": ("อำเภอได้รับผลกระทบ", "Districts affected"),
        "overview.response": ("การเผชิญเหตุเสร็จแล้ว", "Response done"),
        "overview.overdue": ("เกินกำหนด {n} รายการ", "{n} overdue"),
        "overview.key_stations": ("สถานีหลัก", "Key stations"),
        "overview.impact": ("ผลกระทบ", "Impact"),
        "overview.response_heading": ("ความคืบหน้าการเผชิญเหตุ", "Response progress"),
    }
)

STRINGS.update(
    {
        "overview.no_stations": ("ยังไม่มีสถานีวัดระดับน้ำของจังหวัด", "No river stations of the province yet"),
        "overview.what_impact": ("รายงานผลกระทบ", "impact reports"),
        "overview.why_impact": (
            "ยังไม่มีการบันทึกหรือนำเข้ารายงานผลกระทบรายอำเภอ",
            "no district impact report has been entered or imported",
        ),
        "overview.what_event": ("เหตุการณ์ที่เปิดอยู่", "open response event"),
        "overview.why_event": (
            "ยังไม่ได้เปิดเหตุการณ์น้ำท่วมและรายการเผชิญเหตุ",
            "no flood event with its response checklist has been opened",
        ),
    }
)

STRINGS.update(
    {
        "error.db_unavailable_save": (
            "ฐานข้อมูลไม่ตอบสนอง ยังไม่ได้บันทึก — ข้อความที่พิมพ์ยังอยู่ ลองกดบันทึกอีกครั้งในอีกสักครู่",
            "The database is not answering; nothing was saved. What you typed is kept: press Save again in a moment.",
        ),
    }
)
