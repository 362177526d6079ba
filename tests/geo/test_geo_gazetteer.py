"""The gazetteer: the province's canonical lists and tolerant district resolution."""

from __future__ import annotations

import pytest

from geo.gazetteer import (
    DistrictLookupError,
    UnknownDistrictError,
    WrongProvinceError,
    district_name,
    fold_key,
    province_districts,
    province_subdistricts,
    resolve_district,
    resolve_districts,
)

UBON_CODES = [
    "3401",
    "3402",
    "3403",
    "3404",
    "3405",
    "3407",
    "3408",
    "3409",
    "3410",
    "3411",
    "3412",
    "3414",
    "3415",
    "3419",
    "3420",
    "3421",
    "3422",
    "3424",
    "3425",
    "3426",
    "3429",
    "3430",
    "3431",
    "3432",
    "3433",
]


def test_ubon_has_25_districts_with_gaps_in_the_codes():
    frame = province_districts("34")
    assert list(frame.columns) == ["district_code", "name_th", "name_en"]
    assert frame["district_code"].tolist() == UBON_CODES
    row = frame.set_index("district_code").loc["3410"]
    assert (row["name_th"], row["name_en"]) == ("บุณฑริก", "Buntharik")


def test_ubon_has_219_subdistricts_each_in_a_ubon_district():
    frame = province_subdistricts("34")
    assert list(frame.columns) == ["subdistrict_code", "district_code", "name_th", "name_en"]
    assert len(frame) == 219
    assert set(frame["district_code"]) == set(UBON_CODES)
    assert (frame["subdistrict_code"].str[:4] == frame["district_code"]).all()
    assert frame["subdistrict_code"].is_monotonic_increasing


def test_unknown_province_is_refused_with_the_allowed_range():
    with pytest.raises(ValueError, match=r"'99'.*10 to 96"):
        province_districts("99")


@pytest.mark.parametrize(
    "value, code",
    [
        ("3410", "3410"),
        (3410, "3410"),
        ("TH3410", "3410"),
        ("th3410", "3410"),
        (" 3410 ", "3410"),
        ("Buntharik", "3410"),
        ("Boontharik", "3410"),
        ("BUNTHARIK", "3410"),
        ("Buntharik District", "3410"),
        ("Amphoe Boontharik", "3410"),
        ("บุณฑริก", "3410"),
        ("อำเภอบุณฑริก", "3410"),
        ("อ. บุณฑริก", "3410"),
        ("อ.บุณฑริก", "3410"),
        ("Mueang Ubon Ratchathani", "3401"),
        ("Muang Ubon Ratchathani", "3401"),
        ("Mueang", "3401"),
        ("Muang Ubon", "3401"),
        ("อ.เมือง", "3401"),
        ("อำเภอเมืองอุบลราชธานี", "3401"),
        ("เมืองอุบล", "3401"),
        ("Muang Sam Sip", "3414"),
        ("Muangsamsip", "3414"),
        ("Khueang Nai", "3404"),
        ("Khuang Nai", "3404"),
        ("Trakan Phuet Phon", "3411"),
        ("Trakan Phuetphon", "3411"),
        ("trakan-phuet-phon", "3411"),
        ("Kut Khao Pun", "3412"),
        ("Kut Khaopun", "3412"),
        ("Pibun Mangsahan", "3419"),
        ("Lao Sua Kok", "3431"),
        ("Lao Suea Kok", "3431"),
        ("Don Mot Daeng District", "3424"),
    ],
)
def test_codes_and_name_variants_resolve(value, code):
    assert resolve_district(value, "34") == code


@pytest.mark.parametrize(
    "value, district, province",
    [("4001", "4001", "40"), ("TH1004", "1004", "10"), ("Mueang Khon Kaen", "4001", "40"), ("บางรัก", "1004", "10")],
)
def test_a_district_of_another_province_is_reported_as_such(value, district, province):
    with pytest.raises(WrongProvinceError) as info:
        resolve_district(value, "34")
    assert (info.value.district_code, info.value.actual_province_code) == (district, province)
    assert "not of province 34 Ubon Ratchathani" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_unknown_name_lists_close_matches():
    with pytest.raises(UnknownDistrictError) as info:
        resolve_district("Buntharique", "34")
    assert info.value.suggestions[0] == "3410 Buntharik"
    message = str(info.value)
    assert "'Buntharique'" in message and "34 Ubon Ratchathani" in message and "3410 Buntharik" in message


@pytest.mark.parametrize("value", ["9999", "3406", "", None, "Atlantis"])
def test_unknown_codes_and_empty_values_are_refused(value):
    with pytest.raises(UnknownDistrictError, match="not a district of province 34"):
        resolve_district(value, "34")


def test_an_ambiguous_folded_name_is_not_guessed():
    # Ayutthaya has two districts both romanised "Bang Sai" (บางไทร 1404 and บางซ้าย 1413).
    with pytest.raises(DistrictLookupError):
        resolve_district("Bang Sai", "14")
    assert resolve_district("บางซ้าย", "14") == "1413"


def test_resolve_many_keeps_order_and_district_names():
    assert resolve_districts(["Warin Chamrap", "TH3401", "นาเยีย"], "34") == ["3415", "3401", "3429"]
    assert district_name("3429") == "นาเยีย" and district_name("3429", "en") == "Na Yia"
    with pytest.raises(KeyError, match="'3406'"):
        district_name("3406")


def test_fold_key_keeps_thai_and_folds_romanisation():
    assert fold_key("Boontharik") == fold_key("Buntharik")
    assert fold_key("อำเภอ เขมราฐ") == "เขมราฐ"
