"""Strings of the rain gauges (ThaiWater rain_24h)."""

STRINGS = {
    "source.name.thaiwater_rain": ("ThaiWater ฝนสะสม 24 ชม. (สสน.)", "ThaiWater 24 h rainfall (HII)"),
}

STRINGS.update(
    {
        "rain.heading": ("ฝนสะสม 24 ชั่วโมง", "Rainfall in the last 24 hours"),
        "rain.col.station": ("สถานี", "Station"),
        "rain.col.name": ("ชื่อ", "Name"),
        "rain.col.mm": ("ฝน 24 ชม. (มม.)", "Rain 24 h (mm)"),
        "rain.col.status": ("สถานะ", "Status"),
        "rain.col.observed": ("เวลาที่วัด", "Observed"),
        "rain.col.age": ("อายุข้อมูล", "Age"),
        "rain.col.flags": ("หมายเหตุ", "Flags"),
        "rain.what": ("ฝนสะสม 24 ชั่วโมงของสถานีในจังหวัด", "rainfall data"),
        "rain.why": (
            "ยังไม่ได้ดึงข้อมูลฝน 24 ชั่วโมงจาก ThaiWater",
            "24-hour rainfall has not been fetched from ThaiWater yet",
        ),
    }
)
