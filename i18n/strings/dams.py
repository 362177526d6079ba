"""Strings of the large dams upstream (ThaiWater analyst/dam, public/thailand dam)."""

STRINGS = {
    "source.name.thaiwater_dams": ("ThaiWater เขื่อนขนาดใหญ่ (สสน.)", "ThaiWater large dams (HII)"),
    "dams.heading": ("เขื่อนขนาดใหญ่ในลุ่มน้ำต้นทาง", "Large dams upstream"),
    "dams.basins": ("ลุ่มน้ำของสถานีหลัก: {basins}", "Basins of the key stations: {basins}"),
    "dams.col.dam": ("เขื่อน", "Dam"),
    "dams.col.basin": ("ลุ่มน้ำ", "Basin"),
    "dams.col.pct": ("% ความจุที่ระดับเก็บกักปกติ", "% of normal storage"),
    "dams.col.storage": ("ปริมาตรน้ำ (ล้าน ลบ.ม.)", "Storage (million m³)"),
    "dams.col.inflow": ("น้ำไหลลงอ่าง (ล้าน ลบ.ม./วัน)", "Inflow (million m³/day)"),
    "dams.col.released": ("น้ำระบาย (ล้าน ลบ.ม./วัน)", "Release (million m³/day)"),
    "dams.col.released_change": ("น้ำระบายเทียบเมื่อวาน", "Release since yesterday"),
    "dams.col.spilled": ("น้ำล้นทางระบายน้ำล้น (ล้าน ลบ.ม./วัน)", "Spill (million m³/day)"),
    "dams.col.spilled_change": ("น้ำล้นเทียบเมื่อวาน", "Spill since yesterday"),
    "dams.col.date": ("ข้อมูลวันที่", "Report date"),
    "dams.col.status": ("สถานะ", "Status"),
    "dams.jump_mark": ("▲ ระบายเพิ่มมาก", "▲ release jump"),
    "dams.caption": ("ที่มา: {source} · รายงานประจำวันที่ {date}", "Source: {source} · daily report of {date}"),
    "dams.scale": (
        "สีตามเกณฑ์ สสน.: มากกว่า 100% แดงเข้ม · มากกว่า 80% ถึง 100% แดง · มากกว่า 50% ถึง 80% น้ำเงิน"
        " · มากกว่า 30% ถึง 50% เขียว · ไม่เกิน 30% เหลือง (น้ำน้อยวิกฤต)",
        "HII colours: over 100 % dark red · over 80 % to 100 % red · over 50 % to 80 % blue"
        " · over 30 % to 50 % green · 30 % or less yellow (critically low)",
    ),
    "dams.jump_rule": (
        "ระบายเพิ่มมาก = มากกว่าเมื่อวานอย่างน้อย 1 ล้าน ลบ.ม./วัน และอย่างน้อย 1.5 เท่า",
        "Release jump = at least 1 million m³/day more than yesterday and at least 1.5 times it",
    ),
    "dams.what": ("ข้อมูลเขื่อนขนาดใหญ่ในลุ่มน้ำของสถานีหลัก", "large-dam data"),
    "dams.why": (
        "ยังไม่ได้ดึงข้อมูลเขื่อนขนาดใหญ่จาก ThaiWater",
        "The large dams have not been fetched from ThaiWater yet",
    ),
    "dams.why_no_basin": (
        "ยังไม่มีเขื่อนในลุ่มน้ำของสถานีหลัก (ต้องมีข้อมูลระดับน้ำของสถานีหลักก่อนจึงจะรู้ลุ่มน้ำ)",
        "No dam in the key stations' basins yet (the key stations' water levels are needed to know their basins)",
    ),
    "dams.none_short": ("ยังไม่มีข้อมูลเขื่อนในลุ่มน้ำต้นทาง", "No dam data for the basins upstream yet"),
    "dams.strip_release": ("ระบาย {released} ({change})", "release {released} ({change})"),
    "dams.any_dam": ("เขื่อนใดก็ได้ในลุ่มน้ำ", "any dam in the basins"),
    "dams.trigger_waiting": ("รอเงื่อนไขเขื่อน: {dam} ระบายน้ำเพิ่มมาก", "Waiting for a dam: {dam} release jump"),
    "triggers.dam_release_jump": (
        "เขื่อน{name}: ระบายน้ำ {today} ล้าน ลบ.ม./วัน เพิ่มจาก {yesterday} เมื่อวาน",
        "{name} dam: release {today} million m³/day, up from {yesterday} the day before",
    ),
    "dams.slide": ("เขื่อนขนาดใหญ่ต้นน้ำ", "Large dams upstream"),
    "briefing.measure.release_jump": ("เขื่อนระบายน้ำเพิ่มมาก (ล้าน ลบ.ม./วัน)", "Dam release jump (million m³/day)"),
}

STRINGS["briefing.view.dams"] = ("เขื่อนต้นน้ำ", "Dams upstream")
