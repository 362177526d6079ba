"""A replay time in the address that no clock can hold (``?at=0001-01-01T00:00``) or that
is not a time at all: the water pages say so in one line and show the live view, never a
traceback (issue 14, finding 12)."""

from __future__ import annotations

import pytest

from i18n import t
from tests.water.test_water_pages import empty_db, open_page, ubon_db, ubon_template  # noqa: F401 - fixtures

PAGES = ("pages/water_levels.py", "pages/station_map.py")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59-12:00", "1500-01-01T00:00", "yesterday"])
@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_bad_replay_time_is_one_warning(ubon_db, page, value, lang):
    at = open_page(page, lang, {"at": value})
    expected = t("water.at.invalid", lang, value=value)
    assert [w.value for w in at.warning if w.value == expected] == [expected]
    assert not at.exception
