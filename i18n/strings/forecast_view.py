"""The level forecast as people read it: the sentence per key station, the hydrograph's
forecast layers, forecast triggers and "what changed" (issue 18, section 3)."""

STRINGS = {
    # the sentence (domain.forecast_text)
    "forecast.now": ("{code}: ขณะนี้ {level} ม.รทก. ", "{code}: {level} m now, "),
    "forecast.head": ("{code}: ", "{code}: "),
    "forecast.none": ("{head}ไม่มีการพยากรณ์ระดับน้ำ เพราะ{reason}", "{head}no level forecast — {reason}"),
    "forecast.crossing": (
        "คาดว่าจะล้นตลิ่ง ({bank} ม.รทก.) วันที่ {date}",
        "expected to cross the bank ({bank} m) on {date}",
    ),
    "forecast.crest": (
        "คาดว่าจะขึ้นสูงสุด {level} ม.รทก. ({low}–{high}) ราววันที่ {date}",
        "forecast to crest {level} m ({low}–{high}) around {date}",
    ),
    "forecast.rising_at_end": (
        "ยังคงสูงขึ้นจนถึงวันสุดท้ายของการพยากรณ์ ({date}): {level} ม.รทก. ({low}–{high})",
        "still rising at the end of the forecast ({date}): {level} m ({low}–{high})",
    ),
    "forecast.falling_to": (
        "คาดว่าจะลดลงเหลือ {end} ม.รทก. ภายในวันที่ {end_date} (ค่าสูงสุดข้างหน้า {level} ม.รทก. วันที่ {date})",
        "forecast to fall to {end} m by {end_date} (highest ahead {level} m on {date})",
    ),
    "forecast.falling": (
        "คาดว่าจะลดลง ค่าสูงสุดที่คาด {level} ม.รทก. ({low}–{high}) วันที่ {date}",
        "forecast to fall, highest {level} m ({low}–{high}) on {date}",
    ),
    "forecast.clause_joiner": (" จากนั้น", "; "),
    "forecast.meaning": (" หมายถึง {what}", ": {what}"),
    "forecast.meaning_joiner": (" และ", "; "),
    "forecast.above_crest": ("สูงกว่ายอดน้ำปี {year}", "above the {year} crest"),
    "forecast.extrapolated": (
        " (ใช้โค้งระดับ–ปริมาณน้ำเกินช่วงที่มีข้อมูล: สูงกว่า {level} ม.รทก.)",
        "; extrapolated above {level} m (beyond the rating's range)",
    ),
    "forecast.upstream": (
        " ค่าประมาณจากสถานีต้นน้ำ: สูงสุด {level} ม.รทก. ราววันที่ {date}",
        "; estimate from the upstream gauges: crest {level} m around {date}",
    ),
    "forecast.label": (
        "ค่าพยากรณ์จากแบบจำลอง {issued} จาก {sources}",
        "Model forecast, {issued}, from {sources}",
    ),
    "forecast.issued": ("ออกเมื่อ {time}", "issued {time}"),
    "forecast.issued_age": ("ออกเมื่อ {time} ({age})", "issued {time} ({age})"),
    "forecast.stale": (
        "⚠ ค่าพยากรณ์เก่าเกินกำหนด (เกิน {hours} ชม.): ",
        "⚠ Out-of-date forecast (older than {hours} h): ",
    ),
    "forecast.chart.label_head": ("ค่าพยากรณ์จากแบบจำลอง", "Model forecast"),
    "forecast.sentence": ("{text} — {label}", "{text}. {label}."),
    "forecast.sources_joiner": (" และ ", " and "),
    "forecast.source_unknown": ("ไม่ทราบแหล่งข้อมูล", "an unknown source"),
    "forecast.heading": ("พยากรณ์ระดับน้ำ สถานีหลัก", "Level forecast at the key stations"),
    "forecast.no_key_stations": (
        "ยังไม่มีการพยากรณ์ระดับน้ำของสถานีหลัก",
        "No level forecast for the key stations yet",
    ),
    # why a station has no forecast: forecast.reason.<code> in i18n/strings/level_forecast.py
    # the hydrograph (ui.forecast)
    "forecast.chart.median": ("ระดับน้ำพยากรณ์ (แบบจำลอง GloFAS)", "Forecast level (GloFAS model)"),
    "forecast.chart.band": ("ช่วงพยากรณ์ (p25–p75)", "Forecast range (p25–p75)"),
    "forecast.chart.upstream": ("ค่าประมาณจากสถานีต้นน้ำ", "Estimate from upstream gauges"),
    "forecast.chart.impact": ("{level:.2f} {text}", "{level:.2f} {text}"),
    "forecast.chart.crest": ("ยอดน้ำปี {year}: {level:.2f}", "{year} crest: {level:.2f}"),
    "forecast.chart.extrapolated": (
        "เกิน {level:.2f}: ใช้โค้งระดับ–ปริมาณน้ำเกินช่วงข้อมูล",
        "above {level:.2f}: rating extrapolated",
    ),
    # checklist triggers on the forecast (domain.forecast_triggers)
    "triggers.model_forecast": (
        "{code} {name}: พยากรณ์จากแบบจำลอง (ออกเมื่อ {issued}) คาดว่าจะถึง {threshold} ม.รทก. วันที่ {date} "
        "(สูงสุด {level} ม.รทก.)",
        "{code} {name}: model forecast (issued {issued}) reaches {threshold} m MSL on {date} (crest {level} m MSL)",
    ),
    "checklists.condition_model_forecast": (
        " หรือพยากรณ์ระดับน้ำจากแบบจำลองว่าจะถึงภายใน {h:.0f} ชม.",
        " or the model level forecast reaches it within {h:.0f} h",
    ),
    # what changed (domain.changes)
    "briefing.measure.forecast_crossing": ("วันที่คาดว่าจะล้นตลิ่ง (พยากรณ์)", "Forecast bank crossing"),
    "briefing.change_days": ("{n:+d} วัน", "{n:+d} d"),
}
