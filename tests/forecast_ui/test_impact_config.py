"""Impact statements and historic crests per key station, in config/key_stations.toml: loaded
with the key stations, and a bad table refused with the key and the line to fix."""

from __future__ import annotations

import pytest

from domain.station_impacts import HistoricCrest, passed, reached
from domain.stations import KeyStationConfigError, key_station_map, load_key_stations

HEAD = '[[province.34.stations]]\ncode = "X.1"\nbank_msl = 10\n'


def test_m7_has_its_banks_and_crests():
    m7 = key_station_map("34")["M.7"]
    assert [(s.level_msl, s.en) for s in m7.impacts] == [
        (112.0, "Warin Chamrap side bank overtopped"),
        (113.0, "city-side bank overtopped"),
    ]
    assert all(s.th and s.th != s.en for s in m7.impacts)
    assert m7.historic_crests == (HistoricCrest(2019, 115.97), HistoricCrest(1978, 117.76))
    assert reached(m7.impacts, 112.5).level_msl == 112.0 and reached(m7.impacts, 111.9) is None
    assert passed(m7.historic_crests, 116.4).year == 2019 and passed(m7.historic_crests, 115.97) is None


def test_a_station_without_them_has_none(tmp_path):
    path = tmp_path / "k.toml"
    path.write_text(HEAD)
    assert key_station_map("34", path)["X.1"].impacts == ()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            '[[province.34.stations.impacts]]\nlevel_msl = "high"\nth = "ก"\nen = "a"\n',
            r"impacts\[1\]: level_msl='high'",
        ),
        ('[[province.34.stations.impacts]]\nlevel_msl = 11.0\nen = "a"\n', r"impacts\[1\]: 'th' must be non-empty"),
        ('[[province.34.stations.impacts]]\nlevel_msl = 11.0\nth = "ก"\nen = ""\n', r"impacts\[1\]: 'en' must be"),
        (
            '[[province.34.stations.impacts]]\nlevel = 11.0\nth = "ก"\nen = "a"\n',
            r"impacts\[1\]: unknown key\(s\) \['level'\]",
        ),
        ("[[province.34.stations.historic_crests]]\nyear = 2562\nlevel_msl = 115.97\n", r"Buddhist-era year"),
        ("[[province.34.stations.historic_crests]]\nyear = 2019\n", r"historic_crests\[1\]: 'level_msl' is missing"),
        ('impacts = "112 bank"\n', r"impacts must be a list of tables"),
    ],
)
def test_a_bad_table_names_the_key_and_line(tmp_path, entry, message):
    path = tmp_path / "bad.toml"
    path.write_text(HEAD + entry)
    with pytest.raises(KeyStationConfigError, match=message) as caught:
        load_key_stations("34", path)
    assert "station 1 (X.1)" in str(caught.value)
    if entry.startswith("[["):
        assert str(caught.value).endswith("(line 4)")  # the [[...]] header of the bad table


def test_the_second_bad_entry_points_at_its_own_line(tmp_path):
    path = tmp_path / "bad.toml"
    good = '[[province.34.stations.impacts]]\nlevel_msl = 11.0\nth = "ก"\nen = "a"\n'
    bad = '[[province.34.stations.impacts]]\nlevel_msl = -1\nth = "ข"\nen = "b"\n'
    path.write_text(HEAD + good + bad)
    with pytest.raises(KeyStationConfigError, match=r"impacts\[2\]: level_msl=-1 .*\(line 8\)"):
        load_key_stations("34", path)


def test_two_statements_at_one_level_are_refused(tmp_path):
    path = tmp_path / "dup.toml"
    one = '[[province.34.stations.impacts]]\nlevel_msl = 11.0\nth = "ก"\nen = "a"\n'
    path.write_text(HEAD + one + one)
    with pytest.raises(KeyStationConfigError, match="two impacts at the same level_msl"):
        load_key_stations("34", path)
