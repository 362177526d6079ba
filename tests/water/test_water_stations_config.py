"""Key stations and extra thresholds are configuration."""

from __future__ import annotations

import math

import pytest

from domain.stations import KeyStationConfigError, key_station_map, load_key_stations


def test_ubon_defaults():
    keys = key_station_map("34")
    assert list(keys) == ["M.7", "M.11B", "E.98", "M.182", "M.5"]
    assert keys["M.7"].bank_msl == 112.0
    assert keys["M.7"].watch_level(None) == pytest.approx(111.0)
    assert keys["M.182"].upstream and keys["M.5"].upstream and not keys["M.7"].upstream
    assert keys["E.98"].watch_level(117.0) == pytest.approx(116.0)
    assert math.isnan(keys["E.98"].watch_level(None))


def test_other_province_has_none():
    assert load_key_stations("10") == ()


def test_explicit_watch_level_and_bad_values(tmp_path):
    good = tmp_path / "k.toml"
    good.write_text(
        '[defaults]\nwatch_below_bank_m = 0.5\n[[province.34.stations]]\ncode = "X.1"\nbank_msl = '
        '10\n[[province.34.stations]]\ncode = "X.2"\nwatch_level_msl = 7.25\n'
    )
    keys = key_station_map("34", good)
    assert keys["X.1"].watch_level(None) == pytest.approx(9.5)
    assert keys["X.2"].watch_level(10.0) == pytest.approx(7.25)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[province.34.stations]]\ncode = "X.1"\nbank_msl = "high"\n')
    with pytest.raises(KeyStationConfigError, match="bank_msl='high' is not a number"):
        load_key_stations("34", bad)
    typo = tmp_path / "typo.toml"
    typo.write_text('[[province.34.stations]]\ncode = "X.1"\nbank = 3\n')
    with pytest.raises(KeyStationConfigError, match=r"unknown key\(s\) \['bank'\]"):
        load_key_stations("34", typo)
