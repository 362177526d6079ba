"""Fixtures of the briefing tests (the data helpers are in briefing_data.py)."""

import pytest

from tests.briefing.briefing_data import (
    add_first_report,
    add_second_report,
    ingest_water,
    open_checklist,
    tick_list_vulnerable,
)


@pytest.fixture
def briefing_engine(engine, settings):
    """The store with the 2020 water levels, two impact reports and an open checklist event."""
    ingest_water(engine, settings)
    add_first_report(engine)
    add_second_report(engine)
    tick_list_vulnerable(engine, open_checklist(engine))
    return engine
