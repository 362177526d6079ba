"""Strings of district boundaries, maps and per-district areas (geo/)."""

STRINGS = {
    "geo.attribution": (
        "ขอบเขตอำเภอ: {source} (สัญญาอนุญาต {licence}) ข้อมูล ณ {date}",
        "District boundaries: {source} (licence {licence}), as of {date}",
    ),
    "geo.what.boundaries": ("ขอบเขตอำเภอ", "district boundaries"),
    "geo.why.no_boundaries": (
        "ยังไม่ได้ดาวน์โหลดหรือนำเข้าขอบเขตอำเภอของจังหวัด",
        "the province's district boundaries have not been downloaded or imported yet",
    ),
    "geo.fix.fetch": (
        "ดาวน์โหลด (ต้องออกอินเทอร์เน็ตได้) หรือนำเข้าไฟล์ของสำนักงาน",
        "Download them (needs internet access) or import the office's own file",
    ),
    "geo.district": ("อำเภอ", "District"),
    "geo.district_code": ("รหัสอำเภอ", "District code"),
    "geo.subdistrict": ("ตำบล", "Subdistrict"),
    "geo.outside_province": ("นอกเขตจังหวัด", "Outside the province"),
    "geo.area_km2": ("พื้นที่ (ตร.กม.)", "Area (km²)"),
    "geo.area_rai": ("พื้นที่ (ไร่)", "Area (rai)"),
    "geo.status.cached": ("มีขอบเขต {count} อำเภอ จาก {source}", "{count} districts cached from {source}"),
    "geo.status.none": ("ยังไม่มีขอบเขตอำเภอ", "No district boundaries yet"),
}
