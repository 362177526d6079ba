"""The public summary in plain words, from hand-made snapshots."""

import pytest

from domain.summary import public_summary, station_state, summary_sections


def _snapshot(**over):
    snap = {
        "province_code": "34",
        "province_th": "อุบลราชธานี",
        "province_en": "Ubon Ratchathani",
        "taken_at": "2026-10-12T07:00:00+00:00",
        "stations": [
            {
                "station_code": "M.7",
                "name_th": "สะพานเสรีประชาธิปไตย",
                "name_en": "Seri Prachathipatai Bridge",
                "is_key": True,
                "situation_class": "high",
                "below_bank_m": 1.2,
                "level_msl": 110.8,
                "bank_msl": 112.0,
                "trend": "rising",
                "stale": False,
                "observed_at": "2026-10-12T06:50:00+00:00",
            },
            {
                "station_code": "M.182",
                "name_th": "บ้านสีถาน",
                "name_en": None,
                "is_key": True,
                "situation_class": "over_bank",
                "below_bank_m": -0.35,
                "level_msl": 117.45,
                "bank_msl": 117.1,
                "trend": "steady",
                "stale": False,
                "observed_at": "2026-10-12T06:50:00+00:00",
            },
            {"station_code": "X.1", "name_th": "ไม่ใช่สถานีหลัก", "is_key": False, "situation_class": "over_bank"},
        ],
        "districts": [
            {
                "district_code": "3401",
                "name_th": "เมืองอุบลราชธานี",
                "name_en": "Mueang Ubon Ratchathani",
                "affected_people": 2100,
                "affected_households": 700,
                "affected_villages": 14,
                "evacuated_people": 250,
            },
            {
                "district_code": "3404",
                "name_th": "เขื่องใน",
                "name_en": "Khueang Nai",
                "affected_people": 5000,
                "affected_households": 1500,
                "affected_villages": 30,
                "evacuated_people": 0,
            },
            {"district_code": "3405", "name_th": "เขมราฐ", "name_en": "Khemarat", "affected_people": None},
        ],
        "shelters": [{"district_code": "3401", "name": "โรงเรียนบ้านท่าบ่อ", "capacity": 200, "people_now": 80}],
        "sources": [
            {"source": "thaiwater", "as_of": "2026-10-12T06:50:00+00:00", "stale": False},
            {"source": "impact", "as_of": "2026-10-09T01:00:00+00:00", "stale": True},
        ],
    }
    snap.update(over)
    return snap


def test_thai_summary_in_plain_words():
    text = public_summary(_snapshot(), "th")
    assert text.startswith("สถานการณ์น้ำ จ.อุบลราชธานี ณ 12 ต.ค. 2569 14:00 น.")
    assert "สะพานเสรีประชาธิปไตย (M.7): น้ำมาก ต่ำกว่าตลิ่ง 1.20 ม. และกำลังสูงขึ้น" in text
    assert "บ้านสีถาน (M.182): น้ำล้นตลิ่ง สูงกว่าตลิ่ง 0.35 ม. และทรงตัว" in text
    assert "X.1" not in text  # only key stations
    assert "พื้นที่ได้รับผลกระทบ 2 อำเภอ: อ.เขื่องใน, อ.เมืองอุบลราชธานี" in text  # most people first
    assert "ประชาชนได้รับผลกระทบ 7,100 คน 2,200 ครัวเรือน อพยพ 250 คน" in text
    assert "ศูนย์พักพิงที่เปิด: โรงเรียนบ้านท่าบ่อ (อ.เมืองอุบลราชธานี)" in text
    assert "1784" in text
    assert "รายงานผลกระทบ (ปภ.) 9 ต.ค. 2569 08:00 — ข้อมูลเก่า" in text  # a stale source says so


def test_english_on_request():
    text = public_summary(_snapshot(), "en")
    assert "Flood situation, Ubon Ratchathani, as of 12 Oct 2026 14:00" in text
    assert "Seri Prachathipatai Bridge (M.7): high, 1.20 m below the bank and rising" in text
    # no English name in the feed: the key-station file's river and place, never the Thai name in English
    assert "Mun, Kanthararom, Si Sa Ket (upstream) (M.182)" in text and "บ้านสีถาน" not in text
    assert "Affected: 2 districts: Khueang Nai, Mueang Ubon Ratchathani" in text
    assert "DDPM hotline 1784" in text


def test_nothing_affected_and_no_centres_are_said_plainly():
    text = public_summary(_snapshot(districts=[], shelters=[]), "th")
    assert "ยังไม่มีรายงานพื้นที่ได้รับผลกระทบ" in text and "ยังไม่มีศูนย์พักพิงที่เปิด" in text


def test_all_key_stations_stale_gives_the_time_of_the_newest_reading():
    stations = [dict(s, stale=True, situation_class="unknown") for s in _snapshot()["stations"][:2]]
    text = public_summary(_snapshot(stations=stations), "th")
    assert "ยังไม่มีค่าระดับน้ำล่าสุด" in text
    assert "ข้อมูลระดับน้ำล่าสุดเมื่อ 12 ต.ค. 2569 13:50 (ข้อมูลเก่า)" in text


@pytest.mark.parametrize(
    "station, expected",
    [
        ({"situation_class": "unknown", "level_msl": 107.0, "bank_msl": 112.0, "stale": False}, "ต่ำกว่าตลิ่ง 5.00 ม."),
        ({"situation_class": "unknown", "level_msl": 107.0, "bank_msl": 112.0, "stale": True}, "ยังไม่มีค่าระดับน้ำล่าสุด"),
        ({"situation_class": "low", "trend": "falling"}, "น้ำน้อย และกำลังลดลง"),
    ],
)
def test_station_state(station, expected):
    assert station_state(station, "th") == expected


def test_sections_mark_alerts():
    sections = summary_sections(_snapshot(), "th")
    assert [s.alert for s in sections] == [False, True, True, False, True, False]
