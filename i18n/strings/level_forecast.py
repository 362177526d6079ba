"""Strings of the level forecast and station ratings (issue 18): why a station has no forecast,
the forecast methods, and what ``manage.py forecast``, ``backtest-forecast`` and ``import-rating`` print."""

STRINGS = {
    # why a station has no forecast (domain.level_forecast.REASONS)
    "forecast.reason.no_rating": (
        "ไม่มีโค้งความสัมพันธ์ระดับน้ำ–ปริมาณน้ำของสถานีนี้: ต้องมีคู่ระดับน้ำและปริมาณน้ำอย่างน้อย 4 คู่ หรือนำเข้าโค้งที่เผยแพร่",
        "no stage–discharge rating for this station: it needs at least 4 (level, discharge) pairs, "
        "or a published rating imported",
    ),
    "forecast.reason.no_model_forecast": (
        "ยังไม่มีการคาดการณ์ปริมาณน้ำจากแบบจำลอง (GloFAS) ของสถานีนี้",
        "no model discharge forecast (GloFAS) is stored for this station",
    ),
    "forecast.reason.no_observation": (
        "ไม่มีค่าระดับน้ำที่ตรวจวัดได้ให้ใช้เป็นจุดเริ่มต้นของการคาดการณ์",
        "no observed water level to anchor the forecast on",
    ),
    "forecast.reason.no_coordinates": (
        "สถานีนี้ไม่มีพิกัด จึงไม่มีจุดของแบบจำลอง",
        "the station has no coordinates, so there is no model point for it",
    ),
    "forecast.reason.gappy_model_forecast": (
        "ข้อมูลปริมาณน้ำจากแบบจำลองขาดหายตั้งแต่วันแรกของการคาดการณ์",
        "the model discharge forecast has a gap from its first day on",
    ),
    # methods (domain.level_forecast.METHODS)
    "forecast.method.glofas_rating": (
        "แบบจำลอง GloFAS ผ่านโค้งระดับน้ำ–ปริมาณน้ำ",
        "GloFAS model through the rating",
    ),
    "forecast.method.upstream_lag": (
        "จากสถานีต้นน้ำ (เวลาเดินทางของน้ำ)",
        "from the upstream stations (travel time)",
    ),
    # manage.py forecast
    "forecast.cli.heading": (
        "การคาดการณ์ระดับน้ำ (แบบจำลอง) สถานี {code} ออกเมื่อ {issued} เริ่มจากค่าตรวจวัด {level} ม.รทก. เมื่อ {anchor}",
        "Model level forecast for {code}, issued {issued}, from the reading {level} m MSL at {anchor}",
    ),
    "forecast.cli.rating": (
        "โค้งระดับน้ำ–ปริมาณน้ำ: {source} ช่วงระดับ {low}–{high} ม.รทก.",
        "Rating: {source}, levels {low}–{high} m MSL",
    ),
    "forecast.cli.extrapolated": (
        "บางวันเกินช่วงของโค้งระดับน้ำ: ประมาณค่าเกิน {top} ม.รทก.",
        "some days lie outside the rating: extrapolated above {top} m MSL",
    ),
    "forecast.cli.extrapolated_below": (
        "บางวันต่ำกว่าช่วงของโค้งระดับน้ำ: ประมาณค่าต่ำกว่า {bottom} ม.รทก.",
        "some days lie below the rating: extrapolated below {bottom} m MSL",
    ),
    "forecast.cli.no_forecast": ("สถานี {code} ไม่มีการคาดการณ์: {reason}", "no forecast for {code}: {reason}"),
    "rating.source.published": ("โค้งที่เผยแพร่ (นำเข้า)", "published (imported)"),
    "rating.source.fitted": ("โค้งที่คำนวณจากข้อมูลที่เก็บไว้", "fitted from the stored readings"),
    # manage.py backtest-forecast
    "backtest.heading": (
        "ทดสอบย้อนหลังสถานี {code}: ออกการคาดการณ์ทุกวันตั้งแต่ {start} ถึง {end} ({issued} ครั้ง)",
        "Backtest of {code}: a forecast issued every day from {start} to {end} ({issued} issued)",
    ),
    "backtest.columns": (
        "ล่วงหน้า (วัน)|จำนวน|MAE (ม.)|ค่าเอนเอียง (ม.)|MAE ถ้าคงที่ (ม.)|ทักษะ",
        "lead (days)|n|MAE (m)|bias (m)|persistence MAE (m)|skill",
    ),
    "backtest.no_skill": ("ไม่มีทักษะที่ระยะนี้", "no skill at this lead"),
    "backtest.no_data": ("ไม่มีข้อมูล", "no data"),
    "backtest.crossings": ("การข้ามระดับตลิ่ง ({bank} ม.รทก.):", "Bank crossings ({bank} m MSL):"),
    "backtest.no_crossing": ("ไม่มีการข้ามระดับตลิ่งในช่วงนี้", "no bank crossing in the period"),
    "backtest.crossing": ("ระดับน้ำข้ามตลิ่งวันที่ {date}:", "crossed the bank on {date}:"),
    "backtest.crossing.early": (
        "คาดการณ์ที่ออก {before}ก่อน: เร็วไป {days}",
        "forecast issued {before} before: {days} early",
    ),
    "backtest.crossing.late": (
        "คาดการณ์ที่ออก {before}ก่อน: ช้าไป {days}",
        "forecast issued {before} before: {days} late",
    ),
    "backtest.crossing.on_time": (
        "คาดการณ์ที่ออก {before}ก่อน: ตรงวัน",
        "forecast issued {before} before: on the day",
    ),
    "backtest.crossing.missed": (
        "คาดการณ์ที่ออก {before}ก่อน: ไม่ได้คาดว่าจะข้ามตลิ่ง",
        "forecast issued {before} before: no crossing forecast",
    ),
    "backtest.crossing.no_issue": (
        "ไม่มีการคาดการณ์ที่ออก {before}ก่อน",
        "no forecast issued {before} before",
    ),
    "backtest.days": ("{n} วัน", "{n} days"),
    "backtest.days.one": ("{n} วัน", "{n} day"),
    "backtest.skill_note": (
        "ทักษะ = 1 − MAE / MAE ถ้าระดับน้ำคงที่เท่าค่าล่าสุด",
        "skill = 1 − MAE / MAE of 'same as now' (persistence)",
    ),
    # manage.py import-rating / fit-rating
    "rating.cli.imported": (
        "นำเข้าคู่ระดับน้ำ–ปริมาณน้ำ {pairs} คู่จาก {file}",
        "imported {pairs} level–discharge pairs from {file}",
    ),
    "rating.cli.line": (
        "{code}: {shape} ช่วงระดับ {low}–{high} ม.รทก. {n} คู่ RMSE(log Q) {rmse} ความต่างของระดับที่ปริมาณน้ำเท่ากัน {spread} ม.",
        "{code}: {shape}, levels {low}–{high} m MSL, {n} pairs, RMSE(log Q) {rmse}, "
        "level spread at equal flow {spread} m",
    ),
    "rating.cli.table": ("ตารางโค้ง {rows} ระดับ", "a table of {rows} levels"),
}
