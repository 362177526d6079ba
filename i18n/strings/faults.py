"""Round 2, finding 9: refusals of files and backups, said in the CLI's and the page's language
(``i18n.diagnostic``); the English text is also the exception's ``str``."""

STRINGS = {
    # ops/uploads.py
    "upload.empty": ("{name} เป็นไฟล์ว่าง", "{name} is empty"),
    "upload.too_big": ("{name} มีขนาด {size} เกินขีดจำกัด {limit}", "{name} is {size}; the limit is {limit}"),
    "upload.kind": (
        "{name}: ไม่รับไฟล์ชนิดนี้ที่นี่ รับได้: {allowed}",
        "{name}: this type of file is not accepted here; allowed: {allowed}",
    ),
    "upload.csv_not_text": (
        "{name} ตั้งชื่อเป็น .csv แต่ไม่ใช่ไฟล์ข้อความ (อาจเป็นไฟล์ตารางคำนวณหรือไฟล์ไบนารี) บันทึกเป็น CSV หรืออัปโหลดไฟล์ .xlsx แทน",
        "{name} is named .csv but is not a text file (a spreadsheet or binary file?); save it as CSV or upload the "
        ".xlsx",
    ),
    "upload.not_xlsx": (
        "{name} ไม่ใช่ไฟล์ Excel (.xlsx) เปิดใน Excel แล้วบันทึกเป็น .xlsx",
        "{name} is not an Excel workbook (.xlsx); open it in Excel and save as .xlsx",
    ),
    # geo/normalise.py: the layer is not where the province is
    "geo.extent.swapped": (
        (
            "อำเภอในไฟล์ไม่อยู่ในพื้นที่จังหวัด {province}: ละติจูดและลองจิจูดสลับกัน (ไฟล์ให้ y, x แต่ GeoJSON ต้องเป็นลองจิจูดก่อน); "
            "ขอบเขตที่พบ {found} ที่ควรเป็น {expected} (ตะวันตก, ใต้ ถึง ตะวันออก, เหนือ)"
        ),
        (
            "the districts are not where province {province} is: latitude and longitude are swapped (the file gives "
            "y, x; GeoJSON wants "
            "x = longitude first); bounds found {found}, expected within {expected} (west, south to east, north)"
        ),
    ),
    "geo.extent.projected": (
        (
            "อำเภอในไฟล์ไม่อยู่ในพื้นที่จังหวัด {province}: พิกัดเป็นเมตรในระบบฉาย (เช่น UTM โซน 47N/48N, EPSG:32647/32648) "
            "แต่ไฟล์ไม่ได้ระบุ CRS; "
            'เพิ่ม "crs" หรือไฟล์ .prj หรือบันทึกเป็น EPSG:4326; ขอบเขตที่พบ {found} ที่ควรเป็น {expected} (ตะวันตก, ใต้ ถึง '
            "ตะวันออก, เหนือ)"
        ),
        (
            "the districts are not where province {province} is: the coordinates are projected metres (e.g. UTM zone "
            "47N/48N, EPSG:32647/32648) "
            'and the file declares no CRS; add a "crs" member or a .prj, or save it in EPSG:4326; bounds found '
            "{found}, "
            "expected within {expected} (west, south to east, north)"
        ),
    ),
    "geo.extent.elsewhere": (
        (
            "อำเภอในไฟล์ไม่อยู่ในพื้นที่จังหวัด {province}: ชั้นข้อมูลอยู่ที่อื่น (จังหวัดหรือประเทศอื่น หรือ CRS ผิด); "
            "ขอบเขตที่พบ {found} ที่ควรเป็น {expected} (ตะวันตก, ใต้ ถึง ตะวันออก, เหนือ)"
        ),
        (
            "the districts are not where province {province} is: the layer lies elsewhere (another province or "
            "country, or a wrong CRS); "
            "bounds found {found}, expected within {expected} (west, south to east, north)"
        ),
    ),
    "geo.no_crs": (
        "ไฟล์ไม่ได้ระบุ CRS และพิกัด ({x}, {y}) ไม่ใช่ลองจิจูด/ละติจูด เพิ่มไฟล์ .prj หรือบันทึกเป็น EPSG:4326",
        "the file has no CRS and its coordinates ({x}, {y}) are not longitude/latitude; add a .prj or save it in "
        "EPSG:4326",
    ),
    # ops/backup.py: restore
    "backup.not_found": ("ไม่พบไฟล์สำรอง: {path}", "backup file not found: {path}"),
    "backup.wrong_kind": (
        "{path} เป็นไฟล์สำรองแบบ {kind} แต่ฐานข้อมูลเป็น {backend}",
        "{path} is a {kind} backup; the database is {backend}",
    ),
    "backup.not_ours": (
        "{path} ไม่ใช่ไฟล์สำรองของ Flood Room (ไม่ใช่ไฟล์ SQLite หรือไฟล์ pg_dump); ฐานข้อมูลเป็น {backend}",
        "{path} is not a Flood Room backup (neither an SQLite file nor a pg_dump archive); the database is {backend}",
    ),
    "backup.truncated": (
        "{path} ไม่ครบหรือเสียหาย ({detail}) ฐานข้อมูลไม่ถูกเปลี่ยน: กู้คืนจากไฟล์สำรองอื่น",
        "{path} is truncated or damaged ({detail}); the database is unchanged: restore another backup",
    ),
    "backup.truncated_size": (
        "{path} ไม่ครบหรือเสียหาย ({size} ไบต์ แต่ไฟล์ระบุว่า {expected} ไบต์) ฐานข้อมูลไม่ถูกเปลี่ยน: กู้คืนจากไฟล์สำรองอื่น",
        "{path} is truncated or damaged ({size} bytes, the file says {expected}); the database is unchanged: restore "
        "another backup",
    ),
    "backup.not_floodroom_sqlite": (
        "{path} เป็นไฟล์ SQLite แต่ไม่ใช่ฐานข้อมูล Flood Room (ไม่มีตาราง alembic_version)",
        "{path} is an SQLite file but not a Flood Room database (no alembic_version table)",
    ),
    "backup.restore_failed": (
        "กู้คืน {path} ลงใน {live} ไม่สำเร็จ: {error} ฐานข้อมูลไม่ถูกเปลี่ยน",
        "restoring {path} into {live} failed: {error}; the database is unchanged",
    ),
    # the commands' one-line prefixes
    "cli.restore_failed": ("กู้คืนไม่สำเร็จ: {reason}", "restore failed: {reason}"),
    "impact.import.no_data_rows": (
        "นำเข้าไม่สำเร็จ: {name} ไม่มีแถวข้อมูล (มีแต่หัวตาราง) ไม่มีการบันทึกข้อมูลใด ๆ",
        "Import refused: {name} has no data rows (headers only); nothing was written",
    ),
}
