"""Strings of the level forecast and station ratings (issue 18): why a station has no forecast,
the forecast methods, and what ``manage.py forecast``, ``backtest-forecast`` and ``import-rating`` print."""

STRINGS = {
    # why a station has no forecast (domain.level_forecast.REASONS). Worded without "this
    # station": the briefing groups the stations that share a reason on one line.
    "forecast.reason.no_rating": (
        "ไม่มีโค้งความสัมพันธ์ระดับน้ำ–ปริมาณน้ำ: ต้องมีคู่ระดับน้ำและปริมาณน้ำอย่างน้อย 4 คู่ หรือนำเข้าโค้งที่เผยแพร่",
        "no stage–discharge rating: it needs at least 4 (level, discharge) pairs, or a published rating imported",
    ),
    "forecast.reason.no_model_forecast": (
        "ยังไม่มีการคาดการณ์ปริมาณน้ำจากแบบจำลอง (GloFAS)",
        "no model discharge forecast (GloFAS) is stored yet",
    ),
    "forecast.reason.no_observation": (
        "ไม่มีค่าระดับน้ำที่ตรวจวัดได้ให้ใช้เป็นจุดเริ่มต้นของการคาดการณ์",
        "no observed water level to anchor the forecast on",
    ),
    "forecast.reason.stale_observation": (
        "ค่าระดับน้ำล่าสุดเก่าเกินกว่าจะใช้เป็นจุดเริ่มต้นของการคาดการณ์ (เกิน 3 วัน)",
        "the latest reading is too old to anchor the forecast on (more than 3 days)",
    ),
    # the same with the reading's date (LevelForecast.anchor_at), where one station is worded
    "forecast.reason.stale_observation.dated": (
        "ค่าระดับน้ำล่าสุด ({date}) เก่าเกินกว่าจะใช้เป็นจุดเริ่มต้นของการคาดการณ์",
        "the latest reading ({date}) is too old to anchor on",
    ),
    "forecast.reason.no_coordinates": (
        "ไม่มีพิกัดสถานี จึงไม่มีจุดของแบบจำลอง",
        "no station coordinates, so no model point",
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
    # manage.py forecast --format table: the column headers (the CSV keeps the names)
    "forecast.cli.columns": (
        "วันที่|ระดับน้ำ (ม.รทก.)|ต่ำสุด (ม.รทก.)|สูงสุด (ม.รทก.)|ระดับสถานการณ์|วิธี",
        "date|level (m MSL)|low (m MSL)|high (m MSL)|class|method",
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
    # manage.py import-rating refusals (services.ratings.RatingImportError codes; line numbers kept)
    "rating.refused.nothing": ("{reason} ไม่ได้นำเข้าข้อมูลใดๆ", "{reason}; nothing was imported"),
    "rating.refused.not_found": ("ไม่พบไฟล์ {file}", "file not found: {file}"),
    "rating.refused.unreadable": ("อ่านไฟล์ {file} ไม่ได้: {error}", "cannot read {file}: {error}"),
    "rating.refused.not_utf8": (
        "{file} ไม่ใช่ข้อความ UTF-8 ให้บันทึกเป็น CSV UTF-8",
        "{file} is not UTF-8 text; save it as CSV UTF-8",
    ),
    "rating.refused.missing_columns": (
        "{file} ไม่มีคอลัมน์ {columns} ต้องมี {needed} (คอลัมน์อื่นมีได้)",
        "{file} is missing {columns}; columns needed: {needed} (others are allowed)",
    ),
    "rating.refused.empty_station": ("บรรทัด {line}: ไม่ได้ระบุสถานี", "line {line}: the station is empty"),
    "rating.refused.not_a_number": (
        "บรรทัด {line}: {column} '{value}' ไม่ใช่ตัวเลข",
        "line {line}: {column} '{value}' is not a number",
    ),
    "rating.refused.not_finite": (
        "บรรทัด {line}: {column} '{value}' ไม่ใช่ตัวเลขที่มีค่าจำกัด",
        "line {line}: {column} '{value}' is not a finite number",
    ),
    "rating.refused.not_positive": (
        "บรรทัด {line}: {column} {value} ต้องมากกว่า 0",
        "line {line}: {column} {value} must be above 0",
    ),
    "rating.refused.no_pairs": ("{file} ไม่มีคู่ระดับน้ำ–ปริมาณน้ำ", "{file} has no pairs"),
    "rating.refused.unknown_station": (
        "ไม่รู้จักสถานี {codes}: ไม่มีในสถานีที่เก็บไว้และใน config/key_stations.toml",
        "unknown stations {codes}: not in the stored stations nor config/key_stations.toml",
    ),
    "rating.refused.unknown_station.one": (
        "ไม่รู้จักสถานี {codes}: ไม่มีในสถานีที่เก็บไว้และใน config/key_stations.toml",
        "unknown station {codes}: not in the stored stations nor config/key_stations.toml",
    ),
    "rating.refused.rating": ("สถานี {station}: {reason}", "station {station}: {reason}"),
    # why no rating can be fitted (domain.rating.RatingError codes)
    "rating.error.shape": (
        "ระดับน้ำ {levels} ค่า แต่ปริมาณน้ำ {n} ค่า ต้องมีปริมาณน้ำหนึ่งค่าต่อหนึ่งระดับ",
        "{levels} levels but {n} discharges; give one discharge per level",
    ),
    "rating.error.too_few_pairs": (
        "มีเพียง {n} คู่ โค้งต้องมีอย่างน้อย {least} คู่",
        "only {n} pairs; a rating needs at least {least}",
    ),
    "rating.error.too_few_pairs.one": (
        "มีเพียง {n} คู่ โค้งต้องมีอย่างน้อย {least} คู่",
        "only {n} pair; a rating needs at least {least}",
    ),
    "rating.error.not_finite": ("คู่ที่ {pair} ไม่ใช่ตัวเลข", "pair {pair} is not a number"),
    "rating.error.nonpositive_discharge": (
        "คู่ที่ {pair} มีปริมาณน้ำ {discharge} ลบ.ม./วินาที ต้องมากกว่า 0",
        "pair {pair} has discharge {discharge} m³/s; it must be above 0",
    ),
    "rating.error.one_level": (
        "ทุกคู่อยู่ที่ระดับ {level} ม. โค้งต้องมีอย่างน้อยสองระดับ",
        "every pair is at level {level} m; a rating needs at least two levels",
    ),
    "rating.error.nonpositive_exponent": (
        "เลขชี้กำลังที่ได้คือ {exponent}: ปริมาณน้ำไม่เพิ่มตามระดับน้ำในคู่เหล่านี้ ให้ตรวจสอบ",
        "the fitted exponent is {exponent}: discharge does not rise with level in these pairs; check them",
    ),
    "rating.error.flat": (
        "ปริมาณน้ำไม่เพิ่มตามระดับน้ำในคู่เหล่านี้ ให้ตรวจสอบ",
        "discharge does not rise with level in these pairs; check them",
    ),
}
